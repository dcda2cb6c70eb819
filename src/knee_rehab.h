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
#include "utils/array.h"
#include "datatype/timestamp.h"

/* Settings (knee_rehab.c); defaults from the design notes. */
extern double kr_pain_free_nrs;			/* knee_rehab.pain_free_nrs */
extern double kr_knee_bend_target_deg;	/* knee_rehab.knee_bend_target_deg */
extern int	kr_min_cell_size;			/* knee_rehab.min_cell_size */
extern double kr_pain_safe_nrs;			/* knee_rehab.pain_safe_nrs */
extern double kr_pain_acceptable_nrs;	/* knee_rehab.pain_acceptable_nrs */

/*
 * Reading a reference table (risk model, clinic_access) through SPI from a
 * function that may run inside a Citus shard query (citus_compat.c): call
 * begin before SPI_connect and end after SPI_finish; an error restores the
 * setting with the transaction.
 */
extern int	kr_reference_read_begin(void);
extern void kr_reference_read_end(int gucnest);

/* DROP EXTENSION guard (drop_guard.c): defines its setting; from _PG_init. */
extern void kr_drop_guard_init(void);

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
extern void kr_range_error(double value, const char *arg,
						   double lo, double hi, const char *unit) pg_attribute_noreturn();
extern void kr_check_min(double value, const char *arg, double lo,
						 bool inclusive, const char *unit);
extern void kr_check_finite(double value, const char *arg);
extern void kr_check_int_range(int64 value, const char *arg,
							   int64 lo, int64 hi);
extern const char *kr_format_double(double value);

/*
 * ERROR 22003 unless lo <= value <= hi (NaN and +-Infinity fail).  Inline
 * because scalar functions call it once per argument per row; the error
 * path stays out of line.
 */
static inline void
kr_check_range(double value, const char *arg, double lo, double hi,
			   const char *unit)
{
	if (likely(value >= lo && value <= hi))
		return;
	kr_range_error(value, arg, lo, hi, unit);
}

/*
 * GSL bridge (util.c).  _PG_init switches GSL's aborting error handler
 * off, so GSL's special functions (the only part of GSL used) report
 * failure by returning NaN; kr_gsl_value turns that into an ERROR.
 */
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

/*
 * Least-squares trends (util.c), shared by the trend aggregates.
 *
 * Regression state: a float8 array [N, Sx, Sxx, Sy_1, Syy_1, Sxy_1, ...,
 * Sy_k, Syy_k, Sxy_k] - one x and k y's, PostgreSQL's float8_regr_accum
 * layout when k = 1 - updated with the Youngs-Cramer algorithm and
 * combined exactly, as float.c does (Sxx, Syy, Sxy are sums of squared
 * deviations from the mean).  Inputs must be finite (callers check);
 * overflow to Infinity raises 22003.
 */
#define KR_REGR_SLOTS(k)	(3 + 3 * (k))
extern void kr_regr_accum(float8 *state, int k, double x, const double *y);
extern void kr_regr_combine(float8 *state1, const float8 *state2, int k);

/*
 * Inference on a least-squares slope b = Sxy / Sxx from n points:
 * residual variance s^2 = (Syy - Sxy^2 / Sxx) / (n - 2), se(b) =
 * sqrt(s^2 / Sxx), two-sided t test of b = 0 and a 95 % confidence
 * interval b +- t(0.975, n - 2) se(b) (GSL's t distribution).  Needs
 * n >= 3 and Sxx > 0; otherwise valid = false.  A perfect fit (s = 0)
 * gives the interval [b, b] and p = 0, or p NULL (has_p false) when b = 0.
 */
typedef struct KrSlopeInference
{
	bool		valid;			/* ci_low/ci_high set */
	bool		has_p;			/* p_value set */
	double		se;
	double		ci_low;
	double		ci_high;
	double		p_value;
} KrSlopeInference;

extern void kr_slope_inference(double n, double sxx, double syy, double sxy,
							   KrSlopeInference *out);

/*
 * float8[] aggregate states (util.c): check a state array's shape
 * (one dimension, nelems elements, no NULLs, a whole row count 0 to 2^53
 * first; 2202E otherwise) and return its data; kr_state_for_update returns the array itself when called as
 * an aggregate transition (modify in place), else a copy, and its data
 * through *values.  kr_state_timestamp reads a time stored by
 * kr_timestamp_to_state back (2202E outside its range).
 */
#define KR_FLOAT8_EXACT_MAX	9007199254740992.0	/* 2^53: counts and times (us) kept exactly in a float8 state */
extern double kr_timestamp_to_state(TimestampTz t, const char *arg);
extern TimestampTz kr_state_timestamp(double value, const char *what);
extern float8 *kr_state_values(ArrayType *state, int nelems, const char *what);
extern ArrayType *kr_state_for_update(FunctionCallInfo fcinfo, int argno,
									  int nelems, const char *what,
									  float8 **values);

#endif							/* KNEE_REHAB_H */
