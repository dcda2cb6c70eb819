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

#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
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

/* The smallest positive float8 (a subnormal); C11's DBL_TRUE_MIN. */
#define KR_FLOAT8_TRUE_MIN	4.9406564584124654e-324

/*
 * Overflow of regression slot i of a state with k y's (inputs finite):
 * 22003 naming the sum.
 */
static void
kr_regr_overflow(int i, const KrRegrNames *names)
{
	const char *what;

	if (i == KR_REGR_SX)
		what = psprintf("the sum of %s", names->x);
	else if (i == KR_REGR_SXX)
		what = psprintf("the sum of squared deviations of %s", names->x);
	else if ((i - 3) % 3 == 0)
		what = psprintf("the sum of %s", names->y[(i - 3) / 3]);
	else if ((i - 3) % 3 == 1)
		what = psprintf("the sum of squared deviations of %s", names->y[(i - 3) / 3]);
	else
		what = psprintf("the sum of products of deviations of %s and %s",
						names->x, names->y[(i - 3) / 3]);
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow"),
			 errdetail("%s: %s exceeds the float8 range.", names->func, what),
			 errhint("Rescale the input (another unit) so that its squares fit in float8.")));
}

/* After an update or a merge: every sum still finite, else 22003 naming it. */
static inline void
kr_regr_check_finite(const float8 *s, int k, const KrRegrNames *names)
{
	int			i;

	for (i = 0; i < KR_REGR_SLOTS(k); i++)
		if (unlikely(!isfinite(s[i])))
			kr_regr_overflow(i, names);
}

/* 22003: a result or a sum of squares beyond float8's range. */
static void
kr_regr_range_error(const char *func, const char *what, bool over)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: %s", over ? "overflow" : "underflow"),
			 errdetail("%s: %s.", func, what),
			 errhint("Rescale the input (another unit).")));
}

/*
 * A squared deviation dev^2 x scale that underflowed to 0 although dev is
 * more than the rounding noise of the running sums: kept as the smallest
 * subnormal, so that the sum of squares is not 0 (see knee_rehab.h).
 */
static inline double
kr_sq_term(double prod, double dev, double noise)
{
	if (unlikely(prod == 0.0) && fabs(dev) > noise)
		return KR_FLOAT8_TRUE_MIN;
	return prod;
}

/*
 * Between-parts term of a merge, n1 n2 a b / n as float.c evaluates it;
 * when that overflows before the division, (a w) b with w = n1 n2 / n,
 * which overflows only when the term itself does.
 */
double
kr_between(double n1, double n2, double n, double w, double a, double b)
{
	double		t = n1 * n2 * a * b / n;

	if (unlikely(isinf(t)))
		t = (a * w) * b;
	return t;
}

/*
 * Youngs-Cramer update of a regression state (layout in knee_rehab.h) by
 * one point (x, y[0..k-1]); float.c's float8_regr_accum generalised to k
 * y's sharing one x, with the same arithmetic (so the same bits).  x and
 * y are finite (callers check), so a sum that becomes infinite has
 * overflowed: 22003 naming it.
 */
void
kr_regr_accum(float8 *s, int k, double x, const double *y,
			  const KrRegrNames *names)
{
	double		n0 = s[KR_REGR_N];
	double		n = n0 + 1.0;
	double		tmpx = 0.0;
	double		scale = 0.0;
	double		pxx = 0.0;
	double		pyy[2];
	double		pxy[2];
	bool		huge = false;
	int			i;

	Assert(k <= 2);
	s[KR_REGR_N] = n;
	s[KR_REGR_SX] += x;
	for (i = 0; i < k; i++)
		s[KR_REGR_SY(i)] += y[i];
	if (n0 > 0.0)
	{
		tmpx = x * n - s[KR_REGR_SX];
		scale = 1.0 / (n * n0);
		pxx = tmpx * tmpx * scale;
		huge = isinf(pxx);
		for (i = 0; i < k; i++)
		{
			double		tmpy = y[i] * n - s[KR_REGR_SY(i)];

			pyy[i] = tmpy * tmpy * scale;
			pxy[i] = tmpx * tmpy * scale;
			huge = huge || isinf(pyy[i]) || isinf(pxy[i]);
		}

		/*
		 * float.c's products overflow before the scale brings them down
		 * (deviations above about 1e154): the same terms from the
		 * deviations from the new means, d^2 n / n0, which overflow only
		 * when the sums themselves do.
		 */
		if (unlikely(huge))
		{
			double		f = n / n0;
			double		dx = x - s[KR_REGR_SX] / n;

			pxx = dx * (dx * f);
			for (i = 0; i < k; i++)
			{
				double		dy = y[i] - s[KR_REGR_SY(i)] / n;

				pyy[i] = dy * (dy * f);
				pxy[i] = dx * (dy * f);
			}
		}
		s[KR_REGR_SXX] += kr_sq_term(pxx, tmpx,
									 2.0 * n * DBL_EPSILON * (fabs(x * n) + fabs(s[KR_REGR_SX])));
		for (i = 0; i < k; i++)
		{
			double		tmpy = y[i] * n - s[KR_REGR_SY(i)];

			s[KR_REGR_SYY(i)] += kr_sq_term(pyy[i], tmpy,
											2.0 * n * DBL_EPSILON * (fabs(y[i] * n) + fabs(s[KR_REGR_SY(i)])));
			s[KR_REGR_SXY(i)] += pxy[i];
		}
	}
	kr_regr_check_finite(s, k, names);
}

/*
 * Merge state2 into state1 exactly (float.c's float8_regr_combine): sums
 * add, sums of squared deviations add plus the between-parts term.  An
 * empty part (N = 0) leaves the other unchanged.
 */
void
kr_regr_combine(float8 *s1, const float8 *s2, int k, const KrRegrNames *names)
{
	double		n1 = s1[KR_REGR_N];
	double		n2 = s2[KR_REGR_N];
	double		n;
	double		w;
	double		tmpx;
	double		noise;
	int			i;

	if (n2 == 0.0)
		return;
	if (n1 == 0.0)
	{
		memcpy(s1, s2, sizeof(float8) * KR_REGR_SLOTS(k));
		return;
	}
	n = n1 + n2;
	w = (n1 / n) * n2;
	tmpx = s1[KR_REGR_SX] / n1 - s2[KR_REGR_SX] / n2;
	noise = 2.0 * n * DBL_EPSILON * (fabs(s1[KR_REGR_SX] / n1) + fabs(s2[KR_REGR_SX] / n2));
	s1[KR_REGR_N] = n;
	s1[KR_REGR_SX] += s2[KR_REGR_SX];
	s1[KR_REGR_SXX] = s1[KR_REGR_SXX] + s2[KR_REGR_SXX] +
		kr_sq_term(kr_between(n1, n2, n, w, tmpx, tmpx), tmpx, noise);
	for (i = 0; i < k; i++)
	{
		float8	   *a = s1 + KR_REGR_SY(i);
		const float8 *b = s2 + KR_REGR_SY(i);
		double		tmpy = a[0] / n1 - b[0] / n2;

		noise = 2.0 * n * DBL_EPSILON * (fabs(a[0] / n1) + fabs(b[0] / n2));
		a[0] += b[0];
		a[1] = a[1] + b[1] + kr_sq_term(kr_between(n1, n2, n, w, tmpy, tmpy), tmpy, noise);
		a[2] = a[2] + b[2] + kr_between(n1, n2, n, w, tmpx, tmpy);
	}
	kr_regr_check_finite(s1, k, names);
}

/* Malformed state: see knee_rehab.h. */
void
kr_state_error(const char *func, const char *slot, const char *rule,
			   double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s: malformed state: %s %s", func, slot, rule),
			 errdetail("Got %s.", kr_format_double(value)),
			 errhint("Pass a state made by the aggregate's own functions; a hand-written state must keep their invariants.")));
}

/* The name of regression slot i for kr_state_error: "element 3 (...)". */
static const char *
kr_regr_slot_name(int i, const KrRegrNames *names)
{
	const char *what;

	if (i == KR_REGR_N)
		what = "row count";
	else if (i == KR_REGR_SX)
		what = psprintf("sum of %s", names->x);
	else if (i == KR_REGR_SXX)
		what = psprintf("sum of squared deviations of %s", names->x);
	else if ((i - 3) % 3 == 0)
		what = psprintf("sum of %s", names->y[(i - 3) / 3]);
	else if ((i - 3) % 3 == 1)
		what = psprintf("sum of squared deviations of %s", names->y[(i - 3) / 3]);
	else
		what = psprintf("sum of products of deviations of %s and %s",
						names->x, names->y[(i - 3) / 3]);
	return psprintf("element %d (%s)", i + 1, what);
}

/*
 * Relative tolerance of the Cauchy-Schwarz check Sxy^2 <= Sxx Syy: the
 * three sums are rounded independently.
 */
#define KR_CS_REL_TOL(n)	(1e-12 + 64.0 * (n) * DBL_EPSILON)

/* Consistency of a regression state; see knee_rehab.h. */
void
kr_regr_check_state(const float8 *s, int k, const char *func,
					const KrRegrNames *names)
{
	double		n = s[KR_REGR_N];
	int			i;

	for (i = 0; i < KR_REGR_SLOTS(k); i++)
	{
		if (unlikely(!isfinite(s[i])))
			kr_state_error(func, kr_regr_slot_name(i, names), "must be finite", s[i]);
		if (n == 0.0 && s[i] != 0.0)
			kr_state_error(func, kr_regr_slot_name(i, names),
						   "must be 0 in a state of 0 rows", s[i]);
	}
	if (n == 0.0)
		return;
	if (n == 1.0)
	{
		for (i = KR_REGR_SXX; i < KR_REGR_SLOTS(k); i++)
			if (i != KR_REGR_SXX && (i - 3) % 3 == 0)
				continue;		/* a sum of y */
			else if (s[i] != 0.0)
				kr_state_error(func, kr_regr_slot_name(i, names),
							   "must be 0 in a state of 1 row (one point has no deviation)", s[i]);
		return;
	}
	if (s[KR_REGR_SXX] < 0.0)
		kr_state_error(func, kr_regr_slot_name(KR_REGR_SXX, names),
					   "must be >= 0 (a sum of squares)", s[KR_REGR_SXX]);
	for (i = 0; i < k; i++)
	{
		double		syy = s[KR_REGR_SYY(i)];
		double		sxy = s[KR_REGR_SXY(i)];

		if (syy < 0.0)
			kr_state_error(func, kr_regr_slot_name(KR_REGR_SYY(i), names),
						   "must be >= 0 (a sum of squares)", syy);
		if (fabs(sxy) > sqrt(s[KR_REGR_SXX]) * sqrt(syy) * (1.0 + KR_CS_REL_TOL(n)))
			kr_state_error(func, kr_regr_slot_name(KR_REGR_SXY(i), names),
						   psprintf("must be at most sqrt(element %d x element %d) in absolute value (Cauchy-Schwarz)",
									KR_REGR_SXX + 1, KR_REGR_SYY(i) + 1),
						   sxy);
	}
}

/* Residual sum of squares with the perfect-fit tolerance; knee_rehab.h. */
double
kr_regr_sse(double n, double sxx, double syy, double sxy, bool *perfect)
{
	/* Sxy^2 / Sxx as Sxy (Sxy / Sxx): no overflow of Sxy^2 */
	double		sse = syy - sxy * (sxy / sxx);

	*perfect = !(sse > KR_FIT_REL_TOL(n) * syy);
	return *perfect ? 0.0 : sse;
}

/* Line, r and r2; see knee_rehab.h. */
void
kr_regr_fit(double n, double sx, double sxx, double sy, double syy,
			double sxy, const KrRegrNames *names, int yi, KrRegrFit *fit)
{
	double		t;
	double		p;

	memset(fit, 0, sizeof(*fit));
	if (!(n >= 1.0 && sxx != 0.0))
		return;
	if (sxx < KR_REGR_TINY)
		kr_regr_range_error(names->func,
							psprintf("the values of %s differ too little for their squared deviations to fit in float8",
									 names->x), false);
	if (syy != 0.0 && syy < KR_REGR_TINY)
		kr_regr_range_error(names->func,
							psprintf("the values of %s differ too little for their squared deviations to fit in float8",
									 names->y[yi]), false);
	fit->has_line = true;
	fit->slope = sxy / sxx;
	if (!isfinite(fit->slope))
		kr_regr_range_error(names->func, "the slope exceeds the float8 range", true);

	/* float.c's regr_intercept unless Sx Sxy leaves the normal range */
	t = sx * sxy;
	fit->intercept = get_float8_nan();
	if (isfinite(t) && (t == 0.0 ? (sx == 0.0 || sxy == 0.0) : fabs(t) >= DBL_MIN))
		fit->intercept = (sy - t / sxx) / n;
	if (!isfinite(fit->intercept))
		fit->intercept = sy / n - (sx / n) * fit->slope;
	if (!isfinite(fit->intercept))
		kr_regr_range_error(names->func, "the intercept exceeds the float8 range", true);

	/* float.c: corr NULL for a horizontal line, regr_r2 then 1 */
	if (syy == 0.0)
	{
		fit->r2 = 1.0;
		fit->perfect = true;
		return;
	}
	fit->has_r = true;
	p = sxx * syy;
	if (isfinite(p) && p >= DBL_MIN)
	{
		fit->r = sxy / sqrt(p);
		fit->r2 = (sxy * sxy) / p;
	}
	else
		fit->r = sxy / (sqrt(sxx) * sqrt(syy));
	if (!isfinite(fit->r2) || !(p >= DBL_MIN && isfinite(p)))
		fit->r2 = fit->r * fit->r;
	(void) kr_regr_sse(n, sxx, syy, sxy, &fit->perfect);
	if (fit->perfect)
	{
		fit->r = fit->slope > 0.0 ? 1.0 : -1.0;
		fit->r2 = 1.0;
	}
	fit->r = Max(-1.0, Min(1.0, fit->r));
	fit->r2 = Max(0.0, Min(1.0, fit->r2));
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
	bool		perfect;

	memset(out, 0, sizeof(*out));
	if (n < 3.0 || !(sxx > 0.0))
		return;
	slope = sxy / sxx;
	df = n - 2.0;
	/* Residual sum of squares; rounding noise of a perfect fit is 0. */
	sse = kr_regr_sse(n, sxx, syy, sxy, &perfect);
	/* sqrt(sse / df / sxx) without overflow or underflow of the ratio */
	out->se = perfect ? 0.0 : sqrt(sse / df) / sqrt(sxx);
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
	if (!isfinite(out->ci_low) || !isfinite(out->ci_high))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The 95 %% confidence interval of the slope exceeds the float8 range."),
				 errhint("Rescale the input (another unit).")));
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
	values = KR_FLOAT8_DATA(state);

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

ArrayType *
kr_float8_array_zeroed(int nelems)
{
	Size		size = ARR_OVERHEAD_NONULLS(1) + sizeof(float8) * nelems;
	ArrayType  *arr = (ArrayType *) palloc0(size);

	SET_VARSIZE(arr, size);
	arr->ndim = 1;
	arr->dataoffset = 0;
	arr->elemtype = FLOAT8OID;
	ARR_DIMS(arr)[0] = nelems;
	ARR_LBOUND(arr)[0] = 1;
	return arr;
}

/*
 * The OID of an enum label, looked up once per call site by the functions
 * that compare enum arguments by OID (risk.c, triage.c); a label missing
 * from the extension's own type can't happen.
 */
Oid
kr_enum_oid(Oid enumtype, const char *label)
{
	Oid			oid = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
									  ObjectIdGetDatum(enumtype),
									  CStringGetDatum(label));

	if (!OidIsValid(oid))
		elog(ERROR, "enum label \"%s\" of type %u not found", label, enumtype);
	return oid;
}
