/*-------------------------------------------------------------------------
 *
 * recovery_row.h
 *	  One time-to-recovery row, as the recovery aggregates read it
 *	  (recovery_km.c, recovery_compare.c).
 *
 *	  Contract: kr_recovery_row reads the transition arguments 1 (days,
 *	  float8) and 2 (recovered, boolean).  It returns false when either is
 *	  NULL (the caller skips the row and returns its state unchanged);
 *	  otherwise days is finite and >= 0 (else 22003 naming "days"), with
 *	  -0 read as 0, so that both are one time.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_RECOVERY_ROW_H
#define KR_RECOVERY_ROW_H

#include "fmgr.h"

#include "arg_checks.h"

static inline bool
kr_recovery_row(FunctionCallInfo fcinfo, float8 *days, bool *recovered)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return false;
	*days = PG_GETARG_FLOAT8(1);
	*recovered = PG_GETARG_BOOL(2);
	kr_check_min(*days, "days", 0.0, true, NULL);
	if (*days == 0.0)
		*days = 0.0;			/* -0 and 0 are one time */
	return true;
}

#endif							/* KR_RECOVERY_ROW_H */
