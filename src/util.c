/*-------------------------------------------------------------------------
 *
 * util.c
 *	  Helpers shared by every clinical concept: argument validation with
 *	  the design's SQLSTATEs, the GSL error bridge, composite results.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "knee_rehab.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

/*
 * Format a double for an error detail the way PostgreSQL prints float8:
 * NaN, Infinity, -Infinity, otherwise the shortest %g that round-trips
 * well enough for a human.  Returns palloc'd text.
 */
const char *
kr_format_double(double value)
{
	if (isnan(value))
		return "NaN";
	if (isinf(value))
		return value > 0 ? "Infinity" : "-Infinity";
	return psprintf("%.15g", value);
}

/* kr_check_range's error: value is outside lo..hi, or NaN. */
void
kr_range_error(double value, const char *arg, double lo, double hi,
			   const char *unit)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be between %g and %g%s%s",
					arg, lo, hi, unit ? " " : "", unit ? unit : ""),
			 errdetail("Got %s.", kr_format_double(value))));
}

/*
 * ERROR 22003 unless value is finite and above lo (inclusive: at least lo).
 */
void
kr_check_min(double value, const char *arg, double lo, bool inclusive,
			 const char *unit)
{
	if (likely(!isinf(value) && (inclusive ? value >= lo : value > lo)))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be a finite number %s %g%s%s",
					arg, inclusive ? ">=" : ">", lo,
					unit ? " " : "", unit ? unit : ""),
			 errdetail("Got %s.", kr_format_double(value))));
}

/* ERROR 22003 on NaN or +-Infinity. */
void
kr_check_finite(double value, const char *arg)
{
	if (likely(isfinite(value)))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be a finite number", arg),
			 errdetail("Got %s.", kr_format_double(value))));
}

/* ERROR 22003 unless lo <= value <= hi. */
void
kr_check_int_range(int64 value, const char *arg, int64 lo, int64 hi)
{
	if (likely(value >= lo && value <= hi))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be between " INT64_FORMAT " and " INT64_FORMAT,
					arg, lo, hi),
			 errdetail("Got " INT64_FORMAT ".", value)));
}

/*
 * GSL special functions signal failure by returning NaN (with the handler
 * off); pass a finite value through, raise on anything else.
 */
double
kr_gsl_value(double value, const char *what)
{
	if (likely(!isnan(value)))
		return value;
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("%s failed in GSL: result is not a number", what)));
	return value;				/* keep compiler quiet */
}

/*
 * The result row descriptor of a composite-returning function, looked up
 * and blessed once, then kept in fn_mcxt through *cache.
 */
TupleDesc
kr_result_tupdesc(FunctionCallInfo fcinfo, TupleDesc *cache)
{
	TupleDesc	tupdesc;
	MemoryContext oldcxt;

	if (likely(*cache != NULL))
		return *cache;
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a composite called in a context that cannot accept one");
	oldcxt = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	*cache = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
	MemoryContextSwitchTo(oldcxt);
	return *cache;
}

/* Build the composite result; the descriptor is cached in fn_extra. */
Datum
kr_make_composite(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	tupdesc;

	tupdesc = kr_result_tupdesc(fcinfo, (TupleDesc *) &fcinfo->flinfo->fn_extra);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * Youngs-Cramer update of a regression state (layout in knee_rehab.h) by
 * one point (x, y[0..k-1]); float.c's float8_regr_accum generalised to k
 * y's sharing one x.  x and y are finite (callers check), so a sum that
 * becomes infinite has overflowed.
 */
void
kr_regr_accum(float8 *s, int k, double x, const double *y)
{
	double		n0 = s[0];
	double		n = n0 + 1.0;
	double		tmpx = 0.0;
	double		scale = 0.0;
	int			i;

	s[0] = n;
	s[1] += x;
	if (n0 > 0.0)
	{
		tmpx = x * n - s[1];
		scale = 1.0 / (n * n0);
		s[2] += tmpx * tmpx * scale;
	}
	for (i = 0; i < k; i++)
	{
		float8	   *sy = s + 3 + 3 * i;

		sy[0] += y[i];
		if (n0 > 0.0)
		{
			double		tmpy = y[i] * n - sy[0];

			sy[1] += tmpy * tmpy * scale;
			sy[2] += tmpx * tmpy * scale;
		}
	}
	for (i = 0; i < KR_REGR_SLOTS(k); i++)
		if (unlikely(!isfinite(s[i])))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range: overflow"),
					 errdetail("A running sum of the trend exceeded the float8 range.")));
}

/*
 * Merge state2 into state1 exactly (float.c's float8_regr_combine): sums
 * add, sums of squared deviations add plus the between-parts term.  An
 * empty part (N = 0) leaves the other unchanged.
 */
void
kr_regr_combine(float8 *s1, const float8 *s2, int k)
{
	double		n1 = s1[0];
	double		n2 = s2[0];
	double		n;
	double		tmpx;
	int			i;

	if (n2 == 0.0)
		return;
	if (n1 == 0.0)
	{
		memcpy(s1, s2, sizeof(float8) * KR_REGR_SLOTS(k));
		return;
	}
	n = n1 + n2;
	tmpx = s1[1] / n1 - s2[1] / n2;
	s1[0] = n;
	s1[1] += s2[1];
	s1[2] = s1[2] + s2[2] + n1 * n2 * tmpx * tmpx / n;
	for (i = 0; i < k; i++)
	{
		float8	   *a = s1 + 3 + 3 * i;
		const float8 *b = s2 + 3 + 3 * i;
		double		tmpy = a[0] / n1 - b[0] / n2;

		a[0] += b[0];
		a[1] = a[1] + b[1] + n1 * n2 * tmpy * tmpy / n;
		a[2] = a[2] + b[2] + n1 * n2 * tmpx * tmpy / n;
	}
	for (i = 0; i < KR_REGR_SLOTS(k); i++)
		if (unlikely(!isfinite(s1[i])))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range: overflow"),
					 errdetail("A running sum of the trend exceeded the float8 range.")));
}

/* Slope inference; see knee_rehab.h. */
void
kr_slope_inference(double n, double sxx, double syy, double sxy,
				   KrSlopeInference *out)
{
	double		slope;
	double		sse;
	double		df;
	double		tcrit;

	memset(out, 0, sizeof(*out));
	if (n < 3.0 || !(sxx > 0.0))
		return;
	slope = sxy / sxx;
	df = n - 2.0;
	/* Residual sum of squares; rounding can take a perfect fit below 0. */
	sse = syy - sxy * sxy / sxx;
	if (sse < 0.0)
		sse = 0.0;
	out->se = sqrt(sse / df / sxx);
	out->valid = true;
	if (out->se == 0.0)
	{
		out->ci_low = out->ci_high = slope;
		if (slope != 0.0)
		{
			out->has_p = true;
			out->p_value = 0.0;
		}
		return;
	}
	out->has_p = true;
	out->p_value = 2.0 * kr_gsl_value(gsl_cdf_tdist_Q(fabs(slope / out->se), df),
									  "t distribution upper tail");
	if (out->p_value > 1.0)
		out->p_value = 1.0;
	tcrit = kr_gsl_value(gsl_cdf_tdist_Qinv(0.025, df), "t distribution quantile");
	out->ci_low = slope - tcrit * out->se;
	out->ci_high = slope + tcrit * out->se;
}

/* The data of a float8[nelems] aggregate state; 2202E on any other shape. */
float8 *
kr_state_values(ArrayType *state, int nelems, const char *what)
{
	float8	   *values;

	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] != nelems ||
		ARR_HASNULL(state) || ARR_ELEMTYPE(state) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s state must be a float8 array of %d elements without NULLs",
						what, nelems)));
	/* ARR_DATA_PTR without its signed/unsigned ?: (no NULL bitmap here) */
	values = (float8 *) ((char *) state + ARR_OVERHEAD_NONULLS(1));

	/*
	 * Every fixed-layout state starts with its row count N; a count no
	 * aggregate can produce (negative, fractional, NaN, beyond 2^53) would
	 * otherwise come back as a wrong n.
	 */
	/* runs per row in transition functions: a cast, not a libm floor() */
	if (unlikely(!(values[0] >= 0.0 && values[0] <= KR_FLOAT8_EXACT_MAX &&
				   values[0] == (double) (int64) values[0])))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s state must start with a whole row count between 0 and 2^53",
						what),
				 errdetail("Got %s.", kr_format_double(values[0]))));
	return values;
}

/*
 * A timestamptz kept in a state (microseconds since 2000-01-01, as
 * kr_timestamp_to_state stores it); 2202E for a value no aggregate can
 * have stored.
 */
TimestampTz
kr_state_timestamp(double value, const char *what)
{
	if (likely(value > -KR_FLOAT8_EXACT_MAX && value < KR_FLOAT8_EXACT_MAX))
		return (TimestampTz) value;
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s state holds a time outside the years 1715 to 2285", what),
			 errdetail("Got %s microseconds since 2000-01-01.", kr_format_double(value))));
	return 0;					/* keep compiler quiet */
}

/*
 * The state argument to update: in an aggregate call the transition value
 * belongs to the aggregate and is modified in place (as float.c does);
 * called directly from SQL, a copy, so the caller's value is untouched.
 */
ArrayType *
kr_state_for_update(FunctionCallInfo fcinfo, int argno, int nelems,
					const char *what, float8 **values)
{
	ArrayType  *state;

	if (AggCheckCallContext(fcinfo, NULL))
		state = PG_GETARG_ARRAYTYPE_P(argno);
	else
		state = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	*values = kr_state_values(state, nelems, what);
	return state;
}

/*
 * A timestamptz as a float8 for an aggregate state: microseconds since
 * 2000-01-01, exact while |t| < 2^53 us (years 1715 to 2285).  Infinite
 * or farther timestamps: 22003 naming the argument.
 */
double
kr_timestamp_to_state(TimestampTz t, const char *arg)
{
	const int64 limit = (int64) KR_FLOAT8_EXACT_MAX;

	if (likely(t > -limit && t < limit))
		return (double) t;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be a finite timestamp between the years 1715 and 2285", arg),
			 errdetail("Got %s.", TIMESTAMP_NOT_FINITE(t) ?
					   (TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity") :
					   timestamptz_to_str(t))));
	return 0.0;					/* keep compiler quiet */
}
