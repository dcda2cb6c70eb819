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

#include <float.h>

#include "postgres.h"
#include "pg_compat.h"
#include "clinical_limits.h"
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
pg_noreturn extern void kr_range_error(double value, const char *arg,
									   double lo, double hi, const char *unit);
extern void kr_check_min(double value, const char *arg, double lo,
						 bool inclusive, const char *unit);
extern void kr_check_finite(double value, const char *arg);
extern void kr_check_int_range(int64 value, const char *arg,
							   int64 lo, int64 hi);
extern const char *kr_format_double(double value);

/* The OID of a label of an enum type (util.c); elog if missing. */
extern Oid	kr_enum_oid(Oid enumtype, const char *label);

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
/* Slots of the regression part; y number i (0-based) at KR_REGR_SY(i) etc. */
enum
{
	KR_REGR_N = 0, KR_REGR_SX = 1, KR_REGR_SXX = 2
};
#define KR_REGR_SY(i)	(3 + 3 * (i))
#define KR_REGR_SYY(i)	(4 + 3 * (i))
#define KR_REGR_SXY(i)	(5 + 3 * (i))

/*
 * Names for messages: what the aggregate is called and what x and the k
 * y's are ("load_pain_trend", "pain", {"load"}).
 */
typedef struct KrRegrNames
{
	const char *func;
	const char *x;
	const char *y[2];
} KrRegrNames;

/*
 * Overflow of a running sum (finite inputs): 22003 naming the sum.  A
 * squared deviation that underflows to 0 although the points differ is
 * kept as the smallest subnormal, so the final function can tell "all x
 * equal" (Sxx = 0) from "x differ by less than float8 can square"
 * (0 < Sxx < KR_REGR_TINY: 22003 underflow).
 */
extern void kr_regr_accum(float8 *state, int k, double x, const double *y,
						  const KrRegrNames *names);
extern void kr_regr_combine(float8 *state1, const float8 *state2, int k,
							const KrRegrNames *names);
extern double kr_between(double n1, double n2, double n, double w,
						 double a, double b);

/*
 * Consistency of a regression state passed in by a caller (2202E naming
 * the function and the slot): every slot finite; N = 0 with all sums 0;
 * N = 1 with the sums of squares and products 0; Sxx, Syy >= 0 exactly
 * (every update adds a square, so no rounding makes them negative);
 * Sxy^2 <= Sxx Syy (Cauchy-Schwarz) within a relative 1e-9.
 */
extern void kr_regr_check_state(const float8 *state, int k, const char *func,
								const KrRegrNames *names);

/*
 * Malformed float8[] state (a caller's hand-written array): ERROR 2202E,
 * "<func>: malformed state: <slot> <rule>", detail the value.  One helper
 * for every aggregate state check.
 */
pg_noreturn extern void kr_state_error(const char *func, const char *slot,
						   const char *rule, double value);

/*
 * Sums of squares below this (but above 0) have lost precision to
 * underflow: the inputs differ by less than about 1e-146.
 */
#define KR_REGR_TINY	1e-290

/*
 * Line of y on x from (n, Sx, Sxx, Sy, Syy, Sxy): slope Sxy/Sxx, intercept
 * (Sy - Sx Sxy/Sxx)/n, r and r2, computed with float.c's formulas (so
 * equal to regr_slope / regr_intercept / corr / regr_r2 bit for bit) unless
 * one of their intermediate products overflows or underflows, then with
 * rescaled formulas (sqrt(Sxx) sqrt(Syy), means times slope); r is kept in
 * [-1, 1] and r2 in [0, 1].  A perfect fit (see kr_regr_sse) gives r = +-1
 * and r2 = 1 exactly.  A result beyond float8: 22003 naming it.  has_line
 * false when n < 1 or Sxx = 0; has_r false when Syy = 0.
 */
typedef struct KrRegrFit
{
	bool		has_line;
	bool		has_r;
	bool		perfect;
	double		slope;
	double		intercept;
	double		r;
	double		r2;
} KrRegrFit;

extern void kr_regr_fit(double n, double sx, double sxx, double sy,
						double syy, double sxy, const KrRegrNames *names,
						int yi, KrRegrFit *fit);

/*
 * Residual sum of squares Syy - Sxy^2/Sxx (>= 0), and whether the fit is
 * perfect: a residual sum at most KR_FIT_REL_TOL(n) x Syy is rounding
 * noise and is taken as exactly 0, so that a perfect fit reads as one
 * whatever the row order or parallel split (without it, one order gives
 * a CI of zero width and p = 0, another a width of 1e-15 and p = 1e-16).
 * The tolerance, 16 n DBL_EPSILON (3.6e-15 n), is above the rounding of
 * the Youngs-Cramer sums; it zeroes a CI whose half-width would be below
 * about 2e-7 of the slope.
 */
#define KR_FIT_REL_TOL(n)	(16.0 * (n) * DBL_EPSILON)
extern double kr_regr_sse(double n, double sxx, double syy, double sxy,
						  bool *perfect);

/*
 * Inference on a least-squares slope b = Sxy / Sxx from n points:
 * residual variance s^2 = (Syy - Sxy^2 / Sxx) / (n - 2), se(b) =
 * sqrt(s^2 / Sxx), two-sided t test of b = 0 and a 95 % confidence
 * interval b +- t(0.975, n - 2) se(b) (GSL's t distribution).  Needs
 * n >= 3 and Sxx > 0; otherwise valid = false.  A perfect fit (s = 0,
 * within kr_regr_sse's tolerance) gives the interval [b, b] and p = 0, or
 * p NULL (has_p false) when b = 0.
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

/*
 * The elements of a float8 array without a NULL bitmap (checked by the
 * caller): ARR_DATA_PTR without its signed/unsigned ?: (which trips
 * -Wsign-compare), one definition for every array state.
 */
#define KR_FLOAT8_DATA(a) \
	((float8 *) ((char *) (a) + ARR_OVERHEAD_NONULLS(ARR_NDIM(a))))

/*
 * A one-dimensional float8 array of nelems zeros, without NULLs (util.c):
 * the fresh state of the array-state aggregates.
 */
extern ArrayType *kr_float8_array_zeroed(int nelems);

/*
 * Byte order of two strings of given lengths (memcmp, then the shorter
 * first): clinic ids and cohort labels, sorted as COLLATE "C" sorts them.
 */
static inline int
kr_bytes_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

#endif							/* KNEE_REHAB_H */
