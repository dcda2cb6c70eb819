/*-------------------------------------------------------------------------
 *
 * knee_rehab.h
 *	  Every shared header of the knee_rehab extension, for code outside
 *	  src/ (or not yet split) that wants them all at once.
 *
 *	  Contract: nothing is declared here; each header below states its
 *	  own contract.  The files in src/ include postgres.h and then just the
 *	  headers they use, not this one.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KNEE_REHAB_H
#define KNEE_REHAB_H

#include "postgres.h"

#include "pg_compat.h"
#include "clinical_limits.h"
#include "agg_state.h"
#include "arg_checks.h"
#include "byte_order.h"
#include "citus_compat.h"
#include "composite.h"
#include "drop_guard.h"
#include "enum_lookup.h"
#include "gsl_bridge.h"
#include "regr.h"
#include "settings.h"

#endif							/* KNEE_REHAB_H */
