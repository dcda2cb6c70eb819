/*-------------------------------------------------------------------------
 *
 * knee_rehab.h
 *	  Shared declarations of the knee_rehab extension: settings (GUCs) and
 *	  the helpers every clinical concept uses (argument validation, GSL
 *	  error bridging, composite results).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KNEE_REHAB_H
#define KNEE_REHAB_H

#include "postgres.h"
#include "fmgr.h"
#include "access/tupdesc.h"

/* Settings (knee_rehab.c); defaults from the design notes. */
extern double kr_pain_free_nrs;			/* knee_rehab.pain_free_nrs */
extern double kr_knee_bend_target_deg;	/* knee_rehab.knee_bend_target_deg */
extern int	kr_min_cell_size;			/* knee_rehab.min_cell_size */

/*
 * Argument validation (util.c).  Every check raises a user-facing ERROR
 * whose message names the SQL argument and the allowed range, and whose
 * detail shows the value received:
 *	- numbers outside their range, NaN and +-Infinity: 22003
 *	  (numeric_value_out_of_range);
 *	- values of the right type but not allowed (an invalid item answer, a
 *	  bad combination): 22023 (invalid_parameter_value), raised by callers;
 *	- malformed arrays: 2202E (array_subscript_error).
 */
extern void kr_check_range(double value, const char *arg,
						   double lo, double hi, const char *unit);
extern void kr_check_min(double value, const char *arg, double lo,
						 bool inclusive, const char *unit);
extern void kr_check_finite(double value, const char *arg);
extern void kr_check_int_range(int64 value, const char *arg,
							   int64 lo, int64 hi);
extern const char *kr_format_double(double value);

/*
 * GSL bridge (util.c).  _PG_init switches GSL's aborting error handler
 * off, so GSL reports failures through return values only: a status code,
 * or NaN/Inf from the special functions.  These turn them into ERRORs.
 */
extern void kr_gsl_check(int status, const char *what);
extern double kr_gsl_value(double value, const char *what);

/*
 * Composite results (util.c).  The result row descriptor is looked up once
 * per call site and cached in memory that lives as long as the FmgrInfo:
 * kr_result_tupdesc uses *cache (which the caller keeps, for functions that
 * need fn_extra for more); kr_make_composite keeps it in fn_extra.
 */
extern TupleDesc kr_result_tupdesc(FunctionCallInfo fcinfo, TupleDesc *cache);
extern Datum kr_make_composite(FunctionCallInfo fcinfo,
							   Datum *values, bool *nulls);

#endif							/* KNEE_REHAB_H */
