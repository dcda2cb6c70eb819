/*-------------------------------------------------------------------------
 *
 * trend.c
 *	  Load versus pain, and any measure over time: least-squares trend
 *	  aggregates with a t-test and 95 % confidence interval on the slope.
 *
 * load_pain_trend(load, pain) reuses PostgreSQL's own float8_regr_accum
 * (float8[6] state, Youngs-Cramer update), so it costs what regr_slope
 * costs, and adds a combine and a final function; its slope,
 * intercept, r and r2 are computed with float.c's formulas and so equal
 * regr_slope / regr_intercept / corr / regr_r2(pain, load) exactly.
 * Practitioner guidance (clinical reference, "Load and pain"): the
 * pain-free limit should grow week on week; pain_free_capacity is the load
 * at which the fitted pain reaches knee_rehab.pain_free_nrs.
 *
 * weekly_trend(at, value): the same regression of value on time in weeks,
 * float8[7] state (the regression state plus the first observation time),
 * the intercept reported at the first observation.
 *
 * Slope inference: ordinary least squares, two-sided t test with n - 2
 * degrees of freedom and 95 % CI b +- t(0.975, n - 2) se(b) (GSL), as R's
 * summary(lm()) and confint().
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "agg_state.h"
#include "arg_checks.h"
#include "clinical_limits.h"
#include "composite.h"
#include "gsl_bridge.h"
#include "regr.h"
#include "settings.h"

/*
 * load_pain_trend state: PostgreSQL's regr state as float8_regr_accum(state,
 * load, pain) fills it, so X = pain and Y = load (0.2.0's transition was
 * float8_regr_accum itself; stored states keep this layout).
 */
enum
{
	LPT_S_N = KR_REGR_N,
	LPT_S_PAIN = KR_REGR_SX,
	LPT_S_PAIN2 = KR_REGR_SXX,
	LPT_S_LOAD = KR_REGR_SY(0),
	LPT_S_LOAD2 = KR_REGR_SYY(0),
	LPT_S_CROSS = KR_REGR_SXY(0),
	LPT_NELEMS,
	/* load_pain_trend(load, pain, pain_free_nrs): the level, NaN until a row */
	LPT_S_LEVEL = LPT_NELEMS,
	LPT_LEVEL_NELEMS
};

/* weekly_trend: the regression state plus the first time (us since 2000). */
enum
{
	WT_S_N = KR_REGR_N,
	WT_S_WEEKS = KR_REGR_SX,
	WT_S_WEEKS2 = KR_REGR_SXX,
	WT_S_VALUE = KR_REGR_SY(0),
	WT_S_VALUE2 = KR_REGR_SYY(0),
	WT_S_CROSS = KR_REGR_SXY(0),
	WT_S_FIRST,
	WT_NELEMS
};

/* The state as stored (x = pain) and the regression read from it. */
static const KrRegrNames lpt_state_names = {"load_pain_trend", "pain", {"load"}};
static const KrRegrNames lpt_fit_names = {"load_pain_trend", "load", {"pain"}};
static const KrRegrNames wt_names = {"weekly_trend", "time in weeks", {"value"}};

/* load_pain_trend_result columns */
enum
{
	LPTC_N, LPTC_SLOPE, LPTC_INTERCEPT, LPTC_R, LPTC_R2, LPTC_P, LPTC_CI_LOW,
	LPTC_CI_HIGH, LPTC_CAPACITY, LPTC_NCOLS
};

/* weekly_trend_result columns */
enum
{
	WTC_N, WTC_SLOPE, WTC_INTERCEPT, WTC_CI_LOW, WTC_CI_HIGH, WTC_P, WTC_FIRST_AT,
	WTC_NCOLS
};

/*
 * Fit the slope's 95 % CI and two-sided p-value (kr_slope_inference) into
 * result columns ci_low, ci_high and p; they stay NULL where undefined.
 */
static void
kr_put_slope_inference(double n, double sxx, double syy, double sxy,
					   Datum *values, bool *nulls, int ci_low, int ci_high, int p)
{
	KrSlopeInference inf;

	kr_slope_inference(n, sxx, syy, sxy, &inf);
	if (inf.valid)
	{
		values[ci_low] = Float8GetDatum(inf.ci_low);
		values[ci_high] = Float8GetDatum(inf.ci_high);
		nulls[ci_low] = nulls[ci_high] = false;
	}
	if (inf.has_p)
	{
		values[p] = Float8GetDatum(inf.p_value);
		nulls[p] = false;
	}
}

/*
 * The pain-free level kept in a load_pain_trend(load, pain, pain_free_nrs)
 * state: NaN (no row yet) or NRS 0-10 (2202E otherwise).
 */
static void
kr_lpt_check_level(const float8 *s, const char *func)
{
	if (!isnan(s[LPT_S_LEVEL]) && !(s[LPT_S_LEVEL] >= 0.0 && s[LPT_S_LEVEL] <= KR_NRS_MAX))
		kr_state_error(func, "element 7 (pain_free_nrs)", "must be NaN or between 0 and 10",
					   s[LPT_S_LEVEL]);
}

/* Record the group's pain-free level; one group, one level (22023). */
static void
kr_lpt_put_level(float8 *s, double level, const char *func)
{
	if (isnan(s[LPT_S_LEVEL]))
		s[LPT_S_LEVEL] = level;
	else if (s[LPT_S_LEVEL] != level)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("load_pain_trend: pain_free_nrs must be the same for every row of a group"),
				 errdetail("%s: got %s and %s.", func, kr_format_double(s[LPT_S_LEVEL]),
						   kr_format_double(level)),
				 errhint("Pass one value per query, e.g. knee_rehab.pain_free_nrs() read once.")));
}

/*
 * load_pain_trend transition: (state, load, pain), float8_regr_accum's
 * arithmetic on the transposed state (so the same bits as regr_slope(pain,
 * load)), with NaN/Infinity rejected per row and an overflowing sum named.
 * With a level slot (nelems = LPT_LEVEL_NELEMS) the row's pain-free level
 * is recorded too.
 */
static Datum
kr_lpt_step(FunctionCallInfo fcinfo, int nelems, double level)
{
	float8	   *s;
	ArrayType  *state;
	double		load = PG_GETARG_FLOAT8(1);
	double		pain = PG_GETARG_FLOAT8(2);
	double		n0,
				n,
				sp,
				sl;

	if (unlikely(!isfinite(load)))
		kr_check_finite(load, "load_pain_trend: load");
	if (unlikely(!isfinite(pain)))
		kr_check_finite(pain, "load_pain_trend: pain");
	/* in place inside an aggregate (our own state), else a checked copy */
	if (AggCheckCallContext(fcinfo, NULL))
	{
		state = PG_GETARG_ARRAYTYPE_P(0);
		s = kr_state_values(state, nelems, "load_pain_trend");
	}
	else
	{
		state = PG_GETARG_ARRAYTYPE_P_COPY(0);
		s = kr_state_values(state, nelems, "load_pain_trend");
		kr_regr_check_state(s, 1, "load_pain_trend_accum", &lpt_state_names);
		if (nelems == LPT_LEVEL_NELEMS)
			kr_lpt_check_level(s, "load_pain_trend_accum");
	}
	if (nelems == LPT_LEVEL_NELEMS)
		kr_lpt_put_level(s, level, "load_pain_trend_accum");

	/*
	 * The common case inline, float8_regr_accum's statements (X = pain,
	 * Y = load); anything unusual (a square or product that overflows or
	 * is 0, a sum that overflows) goes through kr_regr_accum, which
	 * handles and names it, from the unchanged state.
	 */
	n0 = s[LPT_S_N];
	n = n0 + 1.0;
	sp = s[LPT_S_PAIN] + pain;
	sl = s[LPT_S_LOAD] + load;
	if (likely(n0 > 0.0))
	{
		double		tmp_pain = pain * n - sp;
		double		tmp_load = load * n - sl;
		double		scale = 1.0 / (n * n0);
		double		spp = s[LPT_S_PAIN2] + tmp_pain * tmp_pain * scale;
		double		sll = s[LPT_S_LOAD2] + tmp_load * tmp_load * scale;
		double		spl = s[LPT_S_CROSS] + tmp_pain * tmp_load * scale;

		if (likely(tmp_pain * tmp_pain * scale > 0.0 && tmp_load * tmp_load * scale > 0.0 &&
				   !isinf(sp) && !isinf(sl) && !isinf(spp) && !isinf(sll) && !isinf(spl)))
		{
			s[LPT_S_N] = n;
			s[LPT_S_PAIN] = sp;
			s[LPT_S_PAIN2] = spp;
			s[LPT_S_LOAD] = sl;
			s[LPT_S_LOAD2] = sll;
			s[LPT_S_CROSS] = spl;
			PG_RETURN_ARRAYTYPE_P(state);
		}
	}
	kr_regr_accum(s, 1, pain, &load, &lpt_state_names);
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(kr_load_pain_trend_accum);
Datum
kr_load_pain_trend_accum(PG_FUNCTION_ARGS)
{
	return kr_lpt_step(fcinfo, LPT_NELEMS, 0.0);
}

/*
 * load_pain_trend(load, pain, pain_free_nrs) transition: (state, load,
 * pain, pain_free_nrs), the pain-free level passed in rather than read
 * from the session where the group finishes (under Citus, a worker's).
 * Not strict: a row with a NULL load or pain is skipped as in the
 * 2-argument form, a NULL level is an error (22004), a level outside NRS
 * 0-10 22003.
 */
PG_FUNCTION_INFO_V1(kr_load_pain_trend_accum_level);
Datum
kr_load_pain_trend_accum_level(PG_FUNCTION_ARGS)
{
	double		level;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("load_pain_trend: pain_free_nrs must not be NULL"),
				 errdetail("The pain-free level (NRS 0-10) decides pain_free_capacity."),
				 errhint("Pass knee_rehab.pain_free_nrs() or a fixed value.")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	level = PG_GETARG_FLOAT8(3);
	kr_check_range(level, "pain_free_nrs", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	return kr_lpt_step(fcinfo, LPT_LEVEL_NELEMS, level);
}

/*
 * Final function of load_pain_trend.  In the state X = pain and Y = load
 * (float8_regr_accum's argument order); the regression of pain on load
 * reads it transposed.  The final function does not modify the state.
 */
static Datum
kr_lpt_finish(FunctionCallInfo fcinfo, const float8 *s, double level)
{
	double		n = s[LPT_S_N];
	KrRegrFit	fit;
	Datum		values[LPTC_NCOLS];
	bool		nulls[LPTC_NCOLS];

	kr_result_all_null(values, nulls, LPTC_NCOLS);
	kr_regr_check_state(s, 1, "load_pain_trend_final", &lpt_state_names);

	values[LPTC_N] = Int64GetDatum((int64) n);
	nulls[LPTC_N] = false;

	kr_regr_fit(n, s[LPT_S_LOAD], s[LPT_S_LOAD2], s[LPT_S_PAIN], s[LPT_S_PAIN2],
				s[LPT_S_CROSS], &lpt_fit_names, 0, &fit);
	/* float.c: regr_slope, regr_intercept NULL for a vertical line. */
	if (fit.has_line)
	{
		values[LPTC_SLOPE] = Float8GetDatum(fit.slope);
		nulls[LPTC_SLOPE] = false;
		values[LPTC_INTERCEPT] = Float8GetDatum(fit.intercept);
		nulls[LPTC_INTERCEPT] = false;

		/* float.c: corr NULL for horizontal lines; regr_r2 then 1. */
		if (fit.has_r)
		{
			values[LPTC_R] = Float8GetDatum(fit.r);
			nulls[LPTC_R] = false;
		}
		values[LPTC_R2] = Float8GetDatum(fit.r2);
		nulls[LPTC_R2] = false;

		kr_put_slope_inference(n, s[LPT_S_LOAD2], s[LPT_S_PAIN2], s[LPT_S_CROSS],
							   values, nulls, LPTC_CI_LOW, LPTC_CI_HIGH, LPTC_P);

		/*
		 * Load at which the fitted pain equals the pain-free level.  Only
		 * a rising line has one.  Below zero the fitted pain exceeds the
		 * pain-free level at every load >= 0: no load is pain-free, 0.
		 */
		if (fit.slope > 0.0)
		{
			double		capacity = (level - fit.intercept) / fit.slope;

			if (!isfinite(capacity))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("value out of range: overflow"),
						 errdetail("load_pain_trend: pain_free_capacity exceeds the float8 range."),
						 errhint("Rescale the input (another unit).")));
			values[LPTC_CAPACITY] = Float8GetDatum(capacity > 0.0 ? capacity : 0.0);
			nulls[LPTC_CAPACITY] = false;
		}
	}

	return kr_make_composite(fcinfo, values, nulls);
}

PG_FUNCTION_INFO_V1(kr_load_pain_trend_final);
Datum
kr_load_pain_trend_final(PG_FUNCTION_ARGS)
{
	return kr_lpt_finish(fcinfo, kr_state_values(PG_GETARG_ARRAYTYPE_P(0), LPT_NELEMS,
												 "load_pain_trend"),
						 kr_pain_free_nrs);
}

/*
 * Final function of load_pain_trend(load, pain, pain_free_nrs): the same,
 * with the level recorded in the state (no rows: no line, so no level
 * needed).
 */
PG_FUNCTION_INFO_V1(kr_load_pain_trend_level_final);
Datum
kr_load_pain_trend_level_final(PG_FUNCTION_ARGS)
{
	float8	   *s = kr_state_values(PG_GETARG_ARRAYTYPE_P(0), LPT_LEVEL_NELEMS,
									"load_pain_trend");

	kr_lpt_check_level(s, "load_pain_trend_level_final");
	if (s[LPT_S_N] > 0.0 && isnan(s[LPT_S_LEVEL]))
		kr_state_error("load_pain_trend_level_final", "element 7 (pain_free_nrs)",
					   "must be set in a state of rows", s[LPT_S_LEVEL]);
	return kr_lpt_finish(fcinfo, s, s[LPT_S_LEVEL]);
}

/*
 * Combine function of load_pain_trend: float.c's float8_regr_combine for a
 * transposed state.  The sums of squares are symmetric in X and Y, but the
 * cross term N1 N2 tmpX tmpY / N is evaluated left to right, so reusing
 * float8_regr_combine on our (X = pain, Y = load) state would multiply in
 * the other order than regr_slope(pain, load) does and parallel results
 * could differ from it in the last bit.  Here the load difference comes
 * first, as in regr_slope(pain, load)'s combine.  Both states are checked
 * (the second is a caller's in load_pain_trend_merge).
 */
static void
kr_lpt_merge(float8 *s1, const float8 *s2)
{
	double		n1 = s1[LPT_S_N];
	double		n2 = s2[LPT_S_N];
	double		n;
	double		tmp_pain;
	double		tmp_load;
	double		w;
	float8		r[LPT_NELEMS];
	int			i;

	kr_regr_check_state(s1, 1, "load_pain_trend_combine", &lpt_state_names);
	kr_regr_check_state(s2, 1, "load_pain_trend_combine", &lpt_state_names);
	if (n2 == 0.0)
		return;
	if (n1 == 0.0)
	{
		memcpy(s1, s2, sizeof(float8) * LPT_NELEMS);
		return;
	}
	n = n1 + n2;
	tmp_pain = s1[LPT_S_PAIN] / n1 - s2[LPT_S_PAIN] / n2;
	tmp_load = s1[LPT_S_LOAD] / n1 - s2[LPT_S_LOAD] / n2;
	r[LPT_S_N] = n;
	r[LPT_S_PAIN] = s1[LPT_S_PAIN] + s2[LPT_S_PAIN];
	w = (n1 / n) * n2;
	r[LPT_S_PAIN2] = s1[LPT_S_PAIN2] + s2[LPT_S_PAIN2] +
		kr_between(n1, n2, n, w, tmp_pain, tmp_pain);
	r[LPT_S_LOAD] = s1[LPT_S_LOAD] + s2[LPT_S_LOAD];
	r[LPT_S_LOAD2] = s1[LPT_S_LOAD2] + s2[LPT_S_LOAD2] +
		kr_between(n1, n2, n, w, tmp_load, tmp_load);
	r[LPT_S_CROSS] = s1[LPT_S_CROSS] + s2[LPT_S_CROSS] +
		kr_between(n1, n2, n, w, tmp_load, tmp_pain);

	/*
	 * A between-parts square that underflowed to 0 although the means
	 * differ (see kr_regr_accum): the smallest subnormal, so the final
	 * function reports the underflow instead of a constant variable.
	 */
	if (r[LPT_S_PAIN2] == 0.0 && tmp_pain != 0.0 &&
		fabs(tmp_pain) > 2.0 * n * DBL_EPSILON * (fabs(s1[LPT_S_PAIN] / n1) + fabs(s2[LPT_S_PAIN] / n2)))
		r[LPT_S_PAIN2] = KR_FLOAT8_TRUE_MIN;
	if (r[LPT_S_LOAD2] == 0.0 && tmp_load != 0.0 &&
		fabs(tmp_load) > 2.0 * n * DBL_EPSILON * (fabs(s1[LPT_S_LOAD] / n1) + fabs(s2[LPT_S_LOAD] / n2)))
		r[LPT_S_LOAD2] = KR_FLOAT8_TRUE_MIN;
	for (i = 0; i < LPT_NELEMS; i++)
		if (unlikely(!isfinite(r[i])))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range: overflow"),
					 errdetail("load_pain_trend_combine: element %d of the combined state exceeds the float8 range.",
							   i + 1),
					 errhint("Rescale the input (another unit) so that its squares fit in float8.")));
	memcpy(s1, r, sizeof(r));
}

PG_FUNCTION_INFO_V1(kr_load_pain_trend_combine);
Datum
kr_load_pain_trend_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	float8	   *s2;
	ArrayType  *state1 = kr_state_combine_args(fcinfo, LPT_NELEMS, "load_pain_trend",
											   &s1, &s2);

	kr_lpt_merge(s1, s2);
	PG_RETURN_ARRAYTYPE_P(state1);
}

/*
 * Combine function of load_pain_trend(load, pain, pain_free_nrs): the
 * regression part as above; the level of whichever part has rows, and two
 * parts with different levels are refused (22023).
 */
PG_FUNCTION_INFO_V1(kr_load_pain_trend_level_combine);
Datum
kr_load_pain_trend_level_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	float8	   *s2;
	ArrayType  *state1 = kr_state_combine_args(fcinfo, LPT_LEVEL_NELEMS, "load_pain_trend",
											   &s1, &s2);

	kr_lpt_check_level(s1, "load_pain_trend_level_combine");
	kr_lpt_check_level(s2, "load_pain_trend_level_combine");
	if (!isnan(s2[LPT_S_LEVEL]))
		kr_lpt_put_level(s1, s2[LPT_S_LEVEL], "load_pain_trend_level_combine");
	kr_lpt_merge(s1, s2);
	PG_RETURN_ARRAYTYPE_P(state1);
}

/*
 * Consistency of a weekly_trend state passed in (2202E): the regression
 * part (kr_regr_check_state); no rows: first time 0; rows: the first time
 * a time an aggregate can store, and the mean time not before it.
 */
static void
kr_wt_check_state(const float8 *s, const char *func)
{
	double		n = s[WT_S_N];

	kr_regr_check_state(s, 1, func, &wt_names);
	if (n == 0.0)
	{
		if (s[WT_S_FIRST] != 0.0)
			kr_state_error(func, "element 7 (first time)", "must be 0 in a state of 0 rows",
						   s[WT_S_FIRST]);
		return;
	}
	(void) kr_state_timestamp(s[WT_S_FIRST], func);
	if (s[WT_S_WEEKS] / n < s[WT_S_FIRST] / KR_USECS_PER_WEEK -
		KR_FIT_REL_TOL(n) * (fabs(s[WT_S_WEEKS] / n) + 1.0))
		kr_state_error(func, "element 7 (first time)",
					   "must not be after the mean time (element 2 / element 1, in weeks)",
					   s[WT_S_FIRST]);
}

/* weekly_trend transition: (state float8[7], at timestamptz, value float8) */
PG_FUNCTION_INFO_V1(kr_weekly_trend_accum);
Datum
kr_weekly_trend_accum(PG_FUNCTION_ARGS)
{
	float8	   *s;
	ArrayType  *state = kr_state_for_update(fcinfo, 0, WT_NELEMS, "weekly_trend", &s);
	double		t = kr_timestamp_to_state(PG_GETARG_TIMESTAMPTZ(1), "at");
	double		value = PG_GETARG_FLOAT8(2);

	kr_check_finite(value, "value");
	/* inside an aggregate the state is our own: check only a caller's */
	if (!AggCheckCallContext(fcinfo, NULL))
		kr_wt_check_state(s, "weekly_trend_accum");
	if (s[WT_S_N] == 0.0 || t < s[WT_S_FIRST])
		s[WT_S_FIRST] = t;
	kr_regr_accum(s, 1, t / KR_USECS_PER_WEEK, &value, &wt_names);
	PG_RETURN_ARRAYTYPE_P(state);
}

/* weekly_trend combine: exact merge of two partial states, both checked. */
PG_FUNCTION_INFO_V1(kr_weekly_trend_combine);
Datum
kr_weekly_trend_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	float8	   *s2;
	ArrayType  *state1 = kr_state_combine_args(fcinfo, WT_NELEMS, "weekly_trend",
											   &s1, &s2);

	kr_wt_check_state(s1, "weekly_trend_combine");
	kr_wt_check_state(s2, "weekly_trend_combine");
	if (s2[WT_S_N] > 0.0 && (s1[WT_S_N] == 0.0 || s2[WT_S_FIRST] < s1[WT_S_FIRST]))
		s1[WT_S_FIRST] = s2[WT_S_FIRST];
	kr_regr_combine(s1, s2, 1, &wt_names);
	PG_RETURN_ARRAYTYPE_P(state1);
}

/* weekly_trend final: slope per week, intercept at the first observation. */
PG_FUNCTION_INFO_V1(kr_weekly_trend_final);
Datum
kr_weekly_trend_final(PG_FUNCTION_ARGS)
{
	float8	   *s = kr_state_values(PG_GETARG_ARRAYTYPE_P(0), WT_NELEMS,
									"weekly_trend");
	double		n = s[WT_S_N];
	KrRegrFit	fit;
	Datum		values[WTC_NCOLS];
	bool		nulls[WTC_NCOLS];

	kr_result_all_null(values, nulls, WTC_NCOLS);
	kr_wt_check_state(s, "weekly_trend_final");
	values[WTC_N] = Int64GetDatum((int64) n);
	nulls[WTC_N] = false;
	if (n >= 1.0)
	{
		values[WTC_FIRST_AT] = TimestampTzGetDatum(kr_state_timestamp(s[WT_S_FIRST],
																	 "weekly_trend"));
		nulls[WTC_FIRST_AT] = false;
	}
	kr_regr_fit(n, s[WT_S_WEEKS], s[WT_S_WEEKS2], s[WT_S_VALUE], s[WT_S_VALUE2],
				s[WT_S_CROSS], &wt_names, 0, &fit);
	if (fit.has_line)
	{
		double		x_first = s[WT_S_FIRST] / KR_USECS_PER_WEEK;
		/* The line through the means, evaluated at the first time. */
		double		intercept = s[WT_S_VALUE] / n - fit.slope * (s[WT_S_WEEKS] / n - x_first);

		if (!isfinite(intercept))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range: overflow"),
					 errdetail("weekly_trend: the intercept exceeds the float8 range."),
					 errhint("Rescale the input (another unit).")));
		values[WTC_SLOPE] = Float8GetDatum(fit.slope);
		nulls[WTC_SLOPE] = false;
		values[WTC_INTERCEPT] = Float8GetDatum(intercept);
		nulls[WTC_INTERCEPT] = false;

		kr_put_slope_inference(n, s[WT_S_WEEKS2], s[WT_S_VALUE2], s[WT_S_CROSS],
							   values, nulls, WTC_CI_LOW, WTC_CI_HIGH, WTC_P);
	}
	return kr_make_composite(fcinfo, values, nulls);
}
