/*-------------------------------------------------------------------------
 *
 * knee_bend.c
 *	  Small knee bend: readiness to run and progression over repeated tests.
 *
 * Small knee bend (clinical reference, provocation tests): stand on the
 * affected leg and bend to 30 degrees (knee_rehab.knee_bend_target_deg);
 * pain inside the knee suggests PFPS, and a runner whose bend is not
 * pain-free (pain <= knee_rehab.pain_free_nrs) is not ready to run.
 *
 * knee_bend_progress(tested_at, angle_deg, pain_nrs) keeps a fixed
 * float8[15] state: the least-squares regressions of angle and of pain on
 * time in weeks (Youngs-Cramer, as PostgreSQL's float.c; regr.c), first and
 * last test, best pain-free angle and the first test that met the
 * readiness rule.  Trend rule (documented in README):
 *	insufficient_data	n < 3, or the tests span less than one week;
 *	improving	the angle slope's 95 % CI lies above 0 or the pain slope's
 *				below 0, and neither lies on the worsening side;
 *	worsening	the mirror image;
 *	stable		otherwise (no clear change, or angle and pain disagree).
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
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/timestamp.h"

#include "agg_state.h"
#include "arg_checks.h"
#include "clinical_limits.h"
#include "composite.h"
#include "gsl_bridge.h"
#include "regr.h"
#include "settings.h"

/* The data model's limit (knee_test CHECK). */
#define KR_ANGLE_MAX_DEG	160.0

/*
 * State: [0..8] regression [N, Sx, Sxx, Sangle, Ssangle, Sxangle, Spain,
 * Sspain, Sxpain] (x = weeks since 2000-01-01), then times in
 * microseconds since 2000-01-01; NaN marks "none yet".
 */
enum
{
	KB_S_N = KR_REGR_N,
	KB_S_WEEKS = KR_REGR_SX,
	KB_S_WEEKS2 = KR_REGR_SXX,
	KB_S_ANGLE = KR_REGR_SY(0),
	KB_S_ANGLE2 = KR_REGR_SYY(0),
	KB_S_XANGLE = KR_REGR_SXY(0),
	KB_S_PAIN = KR_REGR_SY(1),
	KB_S_PAIN2 = KR_REGR_SYY(1),
	KB_S_XPAIN = KR_REGR_SXY(1),
	KB_FIRST_T,
	KB_FIRST_ANGLE,
	KB_LAST_T,
	KB_LAST_ANGLE,
	KB_BEST_PF,
	KB_READY_T,
	KB_NELEMS
};

static const KrRegrNames kb_names = {"knee_bend_progress", "time in weeks", {"angle", "pain"}};

/* knee_bend_result columns (KBC_*; the state slots above are KB_*) */
enum
{
	KBC_N, KBC_FIRST_AT, KBC_LAST_AT, KBC_FIRST_ANGLE, KBC_LAST_ANGLE, KBC_BEST,
	KBC_ANGLE_SLOPE, KBC_ANGLE_CI_LOW, KBC_ANGLE_CI_HIGH,
	KBC_PAIN_SLOPE, KBC_PAIN_CI_LOW, KBC_PAIN_CI_HIGH,
	KBC_READY_AT, KBC_TREND, KBC_NCOLS
};

static void
kr_check_knee_bend(double angle_deg, double pain_nrs)
{
	kr_check_range(angle_deg, "angle_deg", 0.0, KR_ANGLE_MAX_DEG, "degrees");
	kr_check_range(pain_nrs, "pain_nrs", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
}

static inline bool
kr_is_ready(double angle_deg, double pain_nrs, double pain_free_nrs,
			double target_deg)
{
	return angle_deg >= target_deg && pain_nrs <= pain_free_nrs;
}

/* ready_to_run(angle_deg, pain_nrs) -> boolean */
PG_FUNCTION_INFO_V1(kr_ready_to_run);
Datum
kr_ready_to_run(PG_FUNCTION_ARGS)
{
	float8		angle_deg = PG_GETARG_FLOAT8(0);
	float8		pain_nrs = PG_GETARG_FLOAT8(1);

	kr_check_knee_bend(angle_deg, pain_nrs);
	PG_RETURN_BOOL(kr_is_ready(angle_deg, pain_nrs, kr_pain_free_nrs,
							   kr_knee_bend_target_deg));
}

/*
 * ready_to_run(angle_deg, pain_nrs, pain_free_nrs, target_deg) -> boolean:
 * the same rule with the levels passed in (immutable), so that a query
 * that runs on a Citus worker - whose session does not see the caller's
 * SET - uses the caller's levels (the worklist reads them once).
 */
PG_FUNCTION_INFO_V1(kr_ready_to_run_levels);
Datum
kr_ready_to_run_levels(PG_FUNCTION_ARGS)
{
	float8		angle_deg = PG_GETARG_FLOAT8(0);
	float8		pain_nrs = PG_GETARG_FLOAT8(1);
	float8		pain_free_nrs = PG_GETARG_FLOAT8(2);
	float8		target_deg = PG_GETARG_FLOAT8(3);

	kr_check_knee_bend(angle_deg, pain_nrs);
	kr_check_range(pain_free_nrs, "pain_free_nrs", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	kr_check_range(target_deg, "target_deg", 0.0, KR_ANGLE_MAX_DEG, "degrees");
	PG_RETURN_BOOL(kr_is_ready(angle_deg, pain_nrs, pain_free_nrs, target_deg));
}

/* 2202E unless lo <= v <= hi (NaN fails) for state slot slot. */
static void
kr_kb_check_slot(const char *func, double v, double lo, double hi, const char *slot)
{
	if (!(v >= lo && v <= hi))
		kr_state_error(func, slot,
					   psprintf("must be between %s and %s", kr_format_double(lo),
								kr_format_double(hi)), v);
}

/*
 * Consistency of a knee_bend_progress state passed in (2202E naming the
 * slot): the regression part (kr_regr_check_state); no tests: first and
 * last 0, best and ready NaN (the initial state); tests: first <= last
 * time, angles 0-160, the best pain-free angle NaN or 0-160, the ready
 * time NaN or between first and last, the mean time between first and
 * last and the mean angle and pain within their ranges (rounding allowed).
 */
static void
kr_kb_check_state(const float8 *s, const char *func)
{
	double		n = s[KB_S_N];
	double		tol = KR_FIT_REL_TOL(Max(n, 1.0));
	double		first_w,
				last_w;

	kr_regr_check_state(s, 2, func, &kb_names);
	if (n == 0.0)
	{
		if (s[KB_FIRST_T] != 0.0 || s[KB_FIRST_ANGLE] != 0.0 ||
			s[KB_LAST_T] != 0.0 || s[KB_LAST_ANGLE] != 0.0)
			kr_state_error(func, "elements 10-13 (first and last test)",
						   "must be 0 in a state of 0 rows",
						   s[KB_FIRST_T] != 0.0 ? s[KB_FIRST_T] :
						   s[KB_FIRST_ANGLE] != 0.0 ? s[KB_FIRST_ANGLE] :
						   s[KB_LAST_T] != 0.0 ? s[KB_LAST_T] : s[KB_LAST_ANGLE]);
		if (!isnan(s[KB_BEST_PF]) || !isnan(s[KB_READY_T]))
			kr_state_error(func, "elements 14-15 (best pain-free angle, ready time)",
						   "must be NaN in a state of 0 rows",
						   !isnan(s[KB_BEST_PF]) ? s[KB_BEST_PF] : s[KB_READY_T]);
		return;
	}
	(void) kr_state_timestamp(s[KB_FIRST_T], func);
	(void) kr_state_timestamp(s[KB_LAST_T], func);
	if (s[KB_FIRST_T] > s[KB_LAST_T])
		kr_state_error(func, "element 10 (first test time)",
					   "must not be after element 12 (last test time)", s[KB_FIRST_T]);
	if (n == 1.0 && s[KB_FIRST_T] != s[KB_LAST_T])
		kr_state_error(func, "element 12 (last test time)",
					   "must equal element 10 (first test time) in a state of 1 row", s[KB_LAST_T]);
	kr_kb_check_slot(func, s[KB_FIRST_ANGLE], 0.0, KR_ANGLE_MAX_DEG, "element 11 (first angle)");
	kr_kb_check_slot(func, s[KB_LAST_ANGLE], 0.0, KR_ANGLE_MAX_DEG, "element 13 (last angle)");
	if (!isnan(s[KB_BEST_PF]))
		kr_kb_check_slot(func, s[KB_BEST_PF], 0.0, KR_ANGLE_MAX_DEG,
						 "element 14 (best pain-free angle)");
	if (!isnan(s[KB_READY_T]))
		kr_kb_check_slot(func, s[KB_READY_T], s[KB_FIRST_T], s[KB_LAST_T],
						 "element 15 (first ready time)");
	first_w = s[KB_FIRST_T] / KR_USECS_PER_WEEK;
	last_w = s[KB_LAST_T] / KR_USECS_PER_WEEK;
	kr_kb_check_slot(func, s[KB_S_WEEKS] / n,
					 first_w - tol * (fabs(first_w) + 1.0),
					 last_w + tol * (fabs(last_w) + 1.0),
					 "element 2 / element 1 (mean time in weeks)");
	kr_kb_check_slot(func, s[KB_S_ANGLE] / n, -tol * KR_ANGLE_MAX_DEG,
					 KR_ANGLE_MAX_DEG * (1.0 + tol), "element 4 / element 1 (mean angle)");
	kr_kb_check_slot(func, s[KB_S_PAIN] / n, -tol * KR_NRS_MAX,
					 KR_NRS_MAX * (1.0 + tol), "element 7 / element 1 (mean pain)");
}

/*
 * Fold one test (or a partial state's first/last/best/ready summary) into
 * s.  Tests at equal times: the larger angle is reported as both the
 * first and the last, so the result does not depend on row order or on
 * how parallel workers split the rows.
 */
static void
kr_kb_extremes(float8 *s, bool empty, double first_t, double first_angle,
			   double last_t, double last_angle, double best_pf, double ready_t)
{
	if (empty || first_t < s[KB_FIRST_T] ||
		(first_t == s[KB_FIRST_T] && first_angle > s[KB_FIRST_ANGLE]))
	{
		s[KB_FIRST_T] = first_t;
		s[KB_FIRST_ANGLE] = first_angle;
	}
	if (empty || last_t > s[KB_LAST_T] ||
		(last_t == s[KB_LAST_T] && last_angle > s[KB_LAST_ANGLE]))
	{
		s[KB_LAST_T] = last_t;
		s[KB_LAST_ANGLE] = last_angle;
	}
	if (!isnan(best_pf) && (isnan(s[KB_BEST_PF]) || best_pf > s[KB_BEST_PF]))
		s[KB_BEST_PF] = best_pf;
	if (!isnan(ready_t) && (isnan(s[KB_READY_T]) || ready_t < s[KB_READY_T]))
		s[KB_READY_T] = ready_t;
}

/*
 * One knee_bend_progress row into the state, with the pain-free level and
 * the target angle given: (state, tested_at, angle_deg, pain_nrs, ...).
 */
static Datum
kr_knee_bend_step(FunctionCallInfo fcinfo, double pain_free_nrs, double target_deg)
{
	float8	   *s;
	ArrayType  *state = kr_state_for_update(fcinfo, 0, KB_NELEMS, "knee_bend_progress", &s);
	double		t = kr_timestamp_to_state(PG_GETARG_TIMESTAMPTZ(1), "tested_at");
	double		y[2];
	bool		pain_free;
	bool		ready;

	y[0] = PG_GETARG_FLOAT8(2);
	y[1] = PG_GETARG_FLOAT8(3);
	kr_check_knee_bend(y[0], y[1]);
	pain_free = y[1] <= pain_free_nrs;
	ready = kr_is_ready(y[0], y[1], pain_free_nrs, target_deg);

	/* inside an aggregate the state is our own: check only a caller's */
	if (!AggCheckCallContext(fcinfo, NULL))
		kr_kb_check_state(s, "knee_bend_progress_accum");
	kr_kb_extremes(s, s[KB_S_N] == 0.0, t, y[0], t, y[0],
				   pain_free ? y[0] : get_float8_nan(),
				   ready ? t : get_float8_nan());
	kr_regr_accum(s, 2, t / KR_USECS_PER_WEEK, y, &kb_names);
	PG_RETURN_ARRAYTYPE_P(state);
}

/*
 * knee_bend_progress transition: (state, tested_at, angle_deg, pain_nrs),
 * the pain-free level and target angle from the settings of the session
 * it runs in (under Citus: a worker's, when the group is on a shard).
 */
PG_FUNCTION_INFO_V1(kr_knee_bend_accum);
Datum
kr_knee_bend_accum(PG_FUNCTION_ARGS)
{
	return kr_knee_bend_step(fcinfo, kr_pain_free_nrs, kr_knee_bend_target_deg);
}

/*
 * knee_bend_progress transition with the levels passed in: (state,
 * tested_at, angle_deg, pain_nrs, pain_free_nrs, target_deg), the form
 * whose result does not depend on where it runs.  Not strict: a row with a
 * NULL measurement is skipped as in the 3-argument form, but a NULL level
 * is an error (22004), never a silently skipped row; levels outside the
 * settings' ranges: 22003.
 */
PG_FUNCTION_INFO_V1(kr_knee_bend_accum_levels);
Datum
kr_knee_bend_accum_levels(PG_FUNCTION_ARGS)
{
	double		pain_free_nrs;
	double		target_deg;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(4) || PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("knee_bend_progress: %s must not be NULL",
						PG_ARGISNULL(4) ? "pain_free_nrs" : "target_deg"),
				 errdetail("The pain-free level (NRS 0-10) and the target angle (degrees 0-160) decide best_pain_free_angle_deg and first_ready_at."),
				 errhint("Pass knee_rehab.pain_free_nrs() and knee_rehab.knee_bend_target_deg(), or fixed values.")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	pain_free_nrs = PG_GETARG_FLOAT8(4);
	target_deg = PG_GETARG_FLOAT8(5);
	kr_check_range(pain_free_nrs, "pain_free_nrs", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	kr_check_range(target_deg, "target_deg", 0.0, KR_ANGLE_MAX_DEG, "degrees");
	return kr_knee_bend_step(fcinfo, pain_free_nrs, target_deg);
}

/* knee_bend_progress combine: exact merge; empty parts change nothing. */
PG_FUNCTION_INFO_V1(kr_knee_bend_combine);
Datum
kr_knee_bend_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	float8	   *s2;
	ArrayType  *state1 = kr_state_combine_args(fcinfo, KB_NELEMS, "knee_bend_progress",
											   &s1, &s2);

	kr_kb_check_state(s1, "knee_bend_progress_combine");
	kr_kb_check_state(s2, "knee_bend_progress_combine");
	if (s2[KB_S_N] > 0.0)
		kr_kb_extremes(s1, s1[KB_S_N] == 0.0, s2[KB_FIRST_T], s2[KB_FIRST_ANGLE],
					   s2[KB_LAST_T], s2[KB_LAST_ANGLE], s2[KB_BEST_PF],
					   s2[KB_READY_T]);
	kr_regr_combine(s1, s2, 2, &kb_names);
	PG_RETURN_ARRAYTYPE_P(state1);
}

/* The tests' columns of knee_bend_result: first, last, best, ready (n >= 1). */
static void
kr_kb_final_tests(const float8 *s, Datum *values, bool *nulls)
{
	values[KBC_FIRST_AT] = TimestampTzGetDatum(kr_state_timestamp(s[KB_FIRST_T],
																 "knee_bend_progress"));
	values[KBC_LAST_AT] = TimestampTzGetDatum(kr_state_timestamp(s[KB_LAST_T],
																"knee_bend_progress"));
	values[KBC_FIRST_ANGLE] = Float8GetDatum(s[KB_FIRST_ANGLE]);
	values[KBC_LAST_ANGLE] = Float8GetDatum(s[KB_LAST_ANGLE]);
	nulls[KBC_FIRST_AT] = nulls[KBC_LAST_AT] = false;
	nulls[KBC_FIRST_ANGLE] = nulls[KBC_LAST_ANGLE] = false;
	if (!isnan(s[KB_BEST_PF]))
	{
		values[KBC_BEST] = Float8GetDatum(s[KB_BEST_PF]);
		nulls[KBC_BEST] = false;
	}
	if (!isnan(s[KB_READY_T]))
	{
		values[KBC_READY_AT] = TimestampTzGetDatum(kr_state_timestamp(s[KB_READY_T],
																	 "knee_bend_progress"));
		nulls[KBC_READY_AT] = false;
	}
}

/*
 * The slope columns (angle and pain per week, with their 95 % CIs) when
 * the tests are at more than one time; the inferences for the trend rule
 * (valid false otherwise).
 */
static void
kr_kb_final_slopes(const float8 *s, Datum *values, bool *nulls,
				   KrSlopeInference *angle_inf, KrSlopeInference *pain_inf)
{
	double		n = s[KB_S_N];
	KrRegrFit	angle_fit;
	KrRegrFit	pain_fit;

	memset(angle_inf, 0, sizeof(*angle_inf));
	memset(pain_inf, 0, sizeof(*pain_inf));
	if (!(n >= 1.0 && s[KB_S_WEEKS2] != 0.0))
		return;
	kr_regr_fit(n, s[KB_S_WEEKS], s[KB_S_WEEKS2], s[KB_S_ANGLE], s[KB_S_ANGLE2],
				s[KB_S_XANGLE], &kb_names, 0, &angle_fit);
	kr_regr_fit(n, s[KB_S_WEEKS], s[KB_S_WEEKS2], s[KB_S_PAIN], s[KB_S_PAIN2],
				s[KB_S_XPAIN], &kb_names, 1, &pain_fit);
	values[KBC_ANGLE_SLOPE] = Float8GetDatum(angle_fit.slope);
	values[KBC_PAIN_SLOPE] = Float8GetDatum(pain_fit.slope);
	nulls[KBC_ANGLE_SLOPE] = nulls[KBC_PAIN_SLOPE] = false;
	kr_slope_inference(n, s[KB_S_WEEKS2], s[KB_S_ANGLE2], s[KB_S_XANGLE], angle_inf);
	kr_slope_inference(n, s[KB_S_WEEKS2], s[KB_S_PAIN2], s[KB_S_XPAIN], pain_inf);
	if (angle_inf->valid)
	{
		values[KBC_ANGLE_CI_LOW] = Float8GetDatum(angle_inf->ci_low);
		values[KBC_ANGLE_CI_HIGH] = Float8GetDatum(angle_inf->ci_high);
		values[KBC_PAIN_CI_LOW] = Float8GetDatum(pain_inf->ci_low);
		values[KBC_PAIN_CI_HIGH] = Float8GetDatum(pain_inf->ci_high);
		nulls[KBC_ANGLE_CI_LOW] = nulls[KBC_ANGLE_CI_HIGH] = false;
		nulls[KBC_PAIN_CI_LOW] = nulls[KBC_PAIN_CI_HIGH] = false;
	}
}

/* The trend rule (file header) from the slopes' 95 % CIs. */
static const char *
kr_kb_trend(const float8 *s, const KrSlopeInference *angle_inf,
			const KrSlopeInference *pain_inf)
{
	bool		better;
	bool		worse;

	if (!(s[KB_S_N] >= 3.0 && s[KB_LAST_T] - s[KB_FIRST_T] >= KR_USECS_PER_WEEK &&
		  angle_inf->valid && pain_inf->valid))
		return "insufficient_data";
	better = angle_inf->ci_low > 0.0 || pain_inf->ci_high < 0.0;
	worse = angle_inf->ci_high < 0.0 || pain_inf->ci_low > 0.0;
	if (better && !worse)
		return "improving";
	if (worse && !better)
		return "worsening";
	return "stable";
}

/* knee_bend_progress final function; does not modify the state. */
PG_FUNCTION_INFO_V1(kr_knee_bend_final);
Datum
kr_knee_bend_final(PG_FUNCTION_ARGS)
{
	float8	   *s = kr_state_values(PG_GETARG_ARRAYTYPE_P(0), KB_NELEMS,
									"knee_bend_progress");
	Datum		values[KBC_NCOLS];
	bool		nulls[KBC_NCOLS];
	KrSlopeInference angle_inf;
	KrSlopeInference pain_inf;

	kr_result_all_null(values, nulls, KBC_NCOLS);
	kr_kb_check_state(s, "knee_bend_progress_final");
	values[KBC_N] = Int64GetDatum((int64) s[KB_S_N]);
	nulls[KBC_N] = false;
	if (s[KB_S_N] >= 1.0)
		kr_kb_final_tests(s, values, nulls);
	kr_kb_final_slopes(s, values, nulls, &angle_inf, &pain_inf);
	values[KBC_TREND] = CStringGetTextDatum(kr_kb_trend(s, &angle_inf, &pain_inf));
	nulls[KBC_TREND] = false;

	return kr_make_composite(fcinfo, values, nulls);
}
