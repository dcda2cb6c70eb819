/*-------------------------------------------------------------------------
 *
 * knee_rehab.c
 *	  The module's entry: PG_MODULE_MAGIC and _PG_init, which switches
 *	  GSL's aborting error handler off and defines the settings.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "drop_guard.h"
#include "gsl_bridge.h"
#include "settings.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	kr_gsl_init();
	kr_settings_define();
	kr_drop_guard_init();
	MarkGUCPrefixReserved("knee_rehab");
}
