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
#include "knee_rehab.h"

#include <math.h>

#include "utils/array.h"
#include "utils/timestamp.h"

#define KR_USECS_PER_WEEK	(7.0 * 86400.0 * 1000000.0)

/* PostgreSQL's regr state: [N, Sx, Sxx, Sy, Syy, Sxy]. */
#define LPT_NELEMS	6
/* weekly_trend: the regr state plus the first time (us since 2000). */
#define WT_NELEMS	7
#define WT_FIRST	6

/* load_pain_trend_result columns */
enum
{
	LPT_N, LPT_SLOPE, LPT_INTERCEPT, LPT_R, LPT_R2, LPT_P, LPT_CI_LOW,
	LPT_CI_HIGH, LPT_CAPACITY, LPT_NCOLS
};

/* weekly_trend_result columns */
enum
{
	WT_N, WT_SLOPE, WT_INTERCEPT, WT_CI_LOW, WT_CI_HIGH, WT_P, WT_FIRST_AT,
	WT_NCOLS
};

/*
 * Final function of load_pain_trend(load, pain).  The aggregate's state
 * comes from float8_regr_accum(state, load, pain), which takes its first
 * argument as "Y": so in the state X = pain and Y = load.  The regression
 * of pain on load reads it transposed: Sxx_load = s[4], Sxx_pain = s[2].
 * The final function does not modify the state.
 */
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

PG_FUNCTION_INFO_V1(kr_load_pain_trend_final);
Datum
kr_load_pain_trend_final(PG_FUNCTION_ARGS)
{
	float8	   *s = kr_state_values(PG_GETARG_ARRAYTYPE_P(0), LPT_NELEMS,
									"load_pain_trend");
	double		n = s[0];
	double		s_pain = s[1];
	double		ss_pain = s[2];
	double		s_load = s[3];
	double		ss_load = s[4];
	double		s_cross = s[5];
	Datum		values[LPT_NCOLS];
	bool		nulls[LPT_NCOLS];
	int			i;

	for (i = 0; i < LPT_NCOLS; i++)
	{
		values[i] = (Datum) 0;
		nulls[i] = true;
	}

	/*
	 * float8_regr_accum propagates NaN and Infinity into the sums (and
	 * raises on overflow of finite input), so a non-finite sum means a
	 * NaN or Infinity among the rows.
	 */
	if (!isfinite(s_pain))
		kr_check_finite(s_pain, "load_pain_trend: pain");
	if (!isfinite(s_load))
		kr_check_finite(s_load, "load_pain_trend: load");
	if (!isfinite(ss_pain) || !isfinite(ss_load) || !isfinite(s_cross))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("load_pain_trend: load and pain must be finite numbers"),
				 errdetail("The rows contain NaN or Infinity, or their sums overflow.")));

	values[LPT_N] = Int64GetDatum((int64) n);
	nulls[LPT_N] = false;

	/* float.c: regr_slope, regr_intercept NULL for a vertical line. */
	if (n >= 1.0 && ss_load != 0.0)
	{
		double		slope = s_cross / ss_load;
		double		intercept = (s_pain - s_load * s_cross / ss_load) / n;

		values[LPT_SLOPE] = Float8GetDatum(slope);
		nulls[LPT_SLOPE] = false;
		values[LPT_INTERCEPT] = Float8GetDatum(intercept);
		nulls[LPT_INTERCEPT] = false;

		/* float.c: corr NULL for horizontal lines; regr_r2 then 1. */
		if (ss_pain != 0.0)
		{
			values[LPT_R] = Float8GetDatum(s_cross / sqrt(ss_load * ss_pain));
			nulls[LPT_R] = false;
			values[LPT_R2] = Float8GetDatum((s_cross * s_cross) / (ss_load * ss_pain));
		}
		else
			values[LPT_R2] = Float8GetDatum(1.0);
		nulls[LPT_R2] = false;

		kr_put_slope_inference(n, ss_load, ss_pain, s_cross, values, nulls,
							   LPT_CI_LOW, LPT_CI_HIGH, LPT_P);

		/*
		 * Load at which the fitted pain equals the pain-free level.  Only
		 * a rising line has one.  Below zero the fitted pain exceeds the
		 * pain-free level at every load >= 0: no load is pain-free, 0.
		 */
		if (slope > 0.0)
		{
			double		capacity = (kr_pain_free_nrs - intercept) / slope;

			values[LPT_CAPACITY] = Float8GetDatum(capacity > 0.0 ? capacity : 0.0);
			nulls[LPT_CAPACITY] = false;
		}
	}

	return kr_make_composite(fcinfo, values, nulls);
}

/*
 * Combine function of load_pain_trend: float.c's float8_regr_combine for a
 * transposed state.  The sums of squares are symmetric in X and Y, but the
 * cross term N1 N2 tmpX tmpY / N is evaluated left to right, so reusing
 * float8_regr_combine on our (X = pain, Y = load) state would multiply in
 * the other order than regr_slope(pain, load) does and parallel results
 * could differ from it in the last bit.  Here the load difference comes
 * first, as in regr_slope(pain, load)'s combine.
 */
PG_FUNCTION_INFO_V1(kr_load_pain_trend_combine);
Datum
kr_load_pain_trend_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	ArrayType  *state1 = kr_state_for_update(fcinfo, 0, LPT_NELEMS, "load_pain_trend", &s1);
	float8	   *s2 = kr_state_values(PG_GETARG_ARRAYTYPE_P(1), LPT_NELEMS,
									 "load_pain_trend");
	double		n1 = s1[0];
	double		n2 = s2[0];
	double		n;
	double		tmp_pain;
	double		tmp_load;

	if (n2 == 0.0)
		PG_RETURN_ARRAYTYPE_P(state1);
	if (n1 == 0.0)
	{
		memcpy(s1, s2, sizeof(float8) * LPT_NELEMS);
		PG_RETURN_ARRAYTYPE_P(state1);
	}
	n = n1 + n2;
	tmp_pain = s1[1] / n1 - s2[1] / n2;
	tmp_load = s1[3] / n1 - s2[3] / n2;
	s1[0] = n;
	s1[1] = s1[1] + s2[1];
	s1[2] = s1[2] + s2[2] + n1 * n2 * tmp_pain * tmp_pain / n;
	s1[3] = s1[3] + s2[3];
	s1[4] = s1[4] + s2[4] + n1 * n2 * tmp_load * tmp_load / n;
	s1[5] = s1[5] + s2[5] + n1 * n2 * tmp_load * tmp_pain / n;
	/* NaN/Infinity from the rows are reported by the final function. */
	PG_RETURN_ARRAYTYPE_P(state1);
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
	if (s[0] == 0.0 || t < s[WT_FIRST])
		s[WT_FIRST] = t;
	kr_regr_accum(s, 1, t / KR_USECS_PER_WEEK, &value);
	PG_RETURN_ARRAYTYPE_P(state);
}

/* weekly_trend combine: exact merge of two partial states. */
PG_FUNCTION_INFO_V1(kr_weekly_trend_combine);
Datum
kr_weekly_trend_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	ArrayType  *state1 = kr_state_for_update(fcinfo, 0, WT_NELEMS, "weekly_trend", &s1);
	float8	   *s2 = kr_state_values(PG_GETARG_ARRAYTYPE_P(1), WT_NELEMS,
									 "weekly_trend");

	if (s2[0] > 0.0 && (s1[0] == 0.0 || s2[WT_FIRST] < s1[WT_FIRST]))
		s1[WT_FIRST] = s2[WT_FIRST];
	kr_regr_combine(s1, s2, 1);
	PG_RETURN_ARRAYTYPE_P(state1);
}

/* weekly_trend final: slope per week, intercept at the first observation. */
PG_FUNCTION_INFO_V1(kr_weekly_trend_final);
Datum
kr_weekly_trend_final(PG_FUNCTION_ARGS)
{
	float8	   *s = kr_state_values(PG_GETARG_ARRAYTYPE_P(0), WT_NELEMS,
									"weekly_trend");
	double		n = s[0];
	Datum		values[WT_NCOLS];
	bool		nulls[WT_NCOLS];
	int			i;

	for (i = 0; i < WT_NCOLS; i++)
	{
		values[i] = (Datum) 0;
		nulls[i] = true;
	}
	values[WT_N] = Int64GetDatum((int64) n);
	nulls[WT_N] = false;
	if (n >= 1.0)
	{
		values[WT_FIRST_AT] = TimestampTzGetDatum(kr_state_timestamp(s[WT_FIRST],
																	 "weekly_trend"));
		nulls[WT_FIRST_AT] = false;
	}
	if (n >= 1.0 && s[2] != 0.0)
	{
		double		slope = s[5] / s[2];
		double		x_first = s[WT_FIRST] / KR_USECS_PER_WEEK;

		values[WT_SLOPE] = Float8GetDatum(slope);
		nulls[WT_SLOPE] = false;
		/* The line through the means, evaluated at the first time. */
		values[WT_INTERCEPT] = Float8GetDatum(s[3] / n - slope * (s[1] / n - x_first));
		nulls[WT_INTERCEPT] = false;

		kr_put_slope_inference(n, s[2], s[4], s[5], values, nulls,
							   WT_CI_LOW, WT_CI_HIGH, WT_P);
	}
	return kr_make_composite(fcinfo, values, nulls);
}
