/*-------------------------------------------------------------------------
 *
 * citus_compat.c
 *	  Reading a reference table from a function that runs inside a query
 *	  on a shard.
 *
 *	  Under Citus the risk model and clinic_access are reference tables (a
 *	  full copy on every node), and pfps_risk and the clinic-access policy
 *	  run inside the queries Citus sends to the shards.  Citus refuses any
 *	  query on a Citus table from there ("cannot execute a distributed query
 *	  from a query on a shard"), because a query on a distributed table
 *	  could miss a shard that moves.  A reference table's copy never moves
 *	  and is complete on every node, so such a read (and only it) sets
 *	  citus.allow_nested_distributed_execution for its own duration; Citus
 *	  then reads the node's local copy.  Without Citus nothing is set.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/guc.h"

#include "citus_compat.h"

int
kr_reference_read_begin(void)
{
	int			gucnest = NewGUCNestLevel();

	if (GetConfigOption("citus.allow_nested_distributed_execution", true, false) != NULL)
		(void) set_config_option("citus.allow_nested_distributed_execution", "on",
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
	return gucnest;
}

void
kr_reference_read_end(int gucnest)
{
	AtEOXact_GUC(false, gucnest);
}
