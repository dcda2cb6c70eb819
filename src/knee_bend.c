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
 * time in weeks (Youngs-Cramer, as PostgreSQL's float.c; util.c), first and
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
#include "knee_rehab.h"

#include <math.h>

#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/timestamp.h"

#define KR_USECS_PER_WEEK	(7.0 * 86400.0 * 1000000.0)

/* The data model's limits (knee_test CHECKs). */
#define KR_ANGLE_MAX_DEG	160.0
#define KR_PAIN_MAX_NRS		10.0

/*
 * State: [0..8] regression [N, Sx, Sxx, Sangle, Ssangle, Sxangle, Spain,
 * Sspain, Sxpain] (x = weeks since 2000-01-01), then times in
 * microseconds since 2000-01-01; NaN marks "none yet".
 */
#define KB_NELEMS		15
#define KB_FIRST_T		9
#define KB_FIRST_ANGLE	10
#define KB_LAST_T		11
#define KB_LAST_ANGLE	12
#define KB_BEST_PF		13
#define KB_READY_T		14

enum
{
	KB_N, KB_FIRST_AT, KB_LAST_AT, KB_FIRST_ANG, KB_LAST_ANG, KB_BEST,
	KB_ANGLE_SLOPE, KB_ANGLE_CI_LOW, KB_ANGLE_CI_HIGH,
	KB_PAIN_SLOPE, KB_PAIN_CI_LOW, KB_PAIN_CI_HIGH,
	KB_READY_AT, KB_TREND, KB_NCOLS
};

static void
kr_check_knee_bend(double angle_deg, double pain_nrs)
{
	kr_check_range(angle_deg, "angle_deg", 0.0, KR_ANGLE_MAX_DEG, "degrees");
	kr_check_range(pain_nrs, "pain_nrs", 0.0, KR_PAIN_MAX_NRS, "(NRS)");
}

static inline bool
kr_is_ready(double angle_deg, double pain_nrs)
{
	return angle_deg >= kr_knee_bend_target_deg && pain_nrs <= kr_pain_free_nrs;
}

/* ready_to_run(angle_deg, pain_nrs) -> boolean */
PG_FUNCTION_INFO_V1(kr_ready_to_run);
Datum
kr_ready_to_run(PG_FUNCTION_ARGS)
{
	float8		angle_deg = PG_GETARG_FLOAT8(0);
	float8		pain_nrs = PG_GETARG_FLOAT8(1);

	kr_check_knee_bend(angle_deg, pain_nrs);
	PG_RETURN_BOOL(kr_is_ready(angle_deg, pain_nrs));
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

/* knee_bend_progress transition: (state, tested_at, angle_deg, pain_nrs) */
PG_FUNCTION_INFO_V1(kr_knee_bend_accum);
Datum
kr_knee_bend_accum(PG_FUNCTION_ARGS)
{
	float8	   *s;
	ArrayType  *state = kr_state_for_update(fcinfo, 0, KB_NELEMS, "knee_bend_progress", &s);
	double		t = kr_timestamp_to_state(PG_GETARG_TIMESTAMPTZ(1), "tested_at");
	double		y[2];
	bool		pain_free;

	y[0] = PG_GETARG_FLOAT8(2);
	y[1] = PG_GETARG_FLOAT8(3);
	kr_check_knee_bend(y[0], y[1]);
	pain_free = y[1] <= kr_pain_free_nrs;

	kr_kb_extremes(s, s[0] == 0.0, t, y[0], t, y[0],
				   pain_free ? y[0] : get_float8_nan(),
				   kr_is_ready(y[0], y[1]) ? t : get_float8_nan());
	kr_regr_accum(s, 2, t / KR_USECS_PER_WEEK, y);
	PG_RETURN_ARRAYTYPE_P(state);
}

/* knee_bend_progress combine: exact merge; empty parts change nothing. */
PG_FUNCTION_INFO_V1(kr_knee_bend_combine);
Datum
kr_knee_bend_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	ArrayType  *state1 = kr_state_for_update(fcinfo, 0, KB_NELEMS, "knee_bend_progress", &s1);
	float8	   *s2 = kr_state_values(PG_GETARG_ARRAYTYPE_P(1), KB_NELEMS,
									 "knee_bend_progress");

	if (s2[0] > 0.0)
		kr_kb_extremes(s1, s1[0] == 0.0, s2[KB_FIRST_T], s2[KB_FIRST_ANGLE],
					   s2[KB_LAST_T], s2[KB_LAST_ANGLE], s2[KB_BEST_PF],
					   s2[KB_READY_T]);
	kr_regr_combine(s1, s2, 2);
	PG_RETURN_ARRAYTYPE_P(state1);
}

/* knee_bend_progress final function; does not modify the state. */
PG_FUNCTION_INFO_V1(kr_knee_bend_final);
Datum
kr_knee_bend_final(PG_FUNCTION_ARGS)
{
	float8	   *s = kr_state_values(PG_GETARG_ARRAYTYPE_P(0), KB_NELEMS,
									"knee_bend_progress");
	double		n = s[0];
	Datum		values[KB_NCOLS];
	bool		nulls[KB_NCOLS];
	KrSlopeInference angle_inf;
	KrSlopeInference pain_inf;
	const char *trend = "insufficient_data";
	int			i;

	for (i = 0; i < KB_NCOLS; i++)
	{
		values[i] = (Datum) 0;
		nulls[i] = true;
	}
	values[KB_N] = Int64GetDatum((int64) n);
	nulls[KB_N] = false;
	memset(&angle_inf, 0, sizeof(angle_inf));
	memset(&pain_inf, 0, sizeof(pain_inf));

	if (n >= 1.0)
	{
		values[KB_FIRST_AT] = TimestampTzGetDatum(kr_state_timestamp(s[KB_FIRST_T],
																	 "knee_bend_progress"));
		values[KB_LAST_AT] = TimestampTzGetDatum(kr_state_timestamp(s[KB_LAST_T],
																	"knee_bend_progress"));
		values[KB_FIRST_ANG] = Float8GetDatum(s[KB_FIRST_ANGLE]);
		values[KB_LAST_ANG] = Float8GetDatum(s[KB_LAST_ANGLE]);
		nulls[KB_FIRST_AT] = nulls[KB_LAST_AT] = false;
		nulls[KB_FIRST_ANG] = nulls[KB_LAST_ANG] = false;
		if (!isnan(s[KB_BEST_PF]))
		{
			values[KB_BEST] = Float8GetDatum(s[KB_BEST_PF]);
			nulls[KB_BEST] = false;
		}
		if (!isnan(s[KB_READY_T]))
		{
			values[KB_READY_AT] = TimestampTzGetDatum(kr_state_timestamp(s[KB_READY_T],
																		 "knee_bend_progress"));
			nulls[KB_READY_AT] = false;
		}
	}
	if (n >= 1.0 && s[2] != 0.0)
	{
		values[KB_ANGLE_SLOPE] = Float8GetDatum(s[5] / s[2]);
		values[KB_PAIN_SLOPE] = Float8GetDatum(s[8] / s[2]);
		nulls[KB_ANGLE_SLOPE] = nulls[KB_PAIN_SLOPE] = false;
		kr_slope_inference(n, s[2], s[4], s[5], &angle_inf);
		kr_slope_inference(n, s[2], s[7], s[8], &pain_inf);
		if (angle_inf.valid)
		{
			values[KB_ANGLE_CI_LOW] = Float8GetDatum(angle_inf.ci_low);
			values[KB_ANGLE_CI_HIGH] = Float8GetDatum(angle_inf.ci_high);
			values[KB_PAIN_CI_LOW] = Float8GetDatum(pain_inf.ci_low);
			values[KB_PAIN_CI_HIGH] = Float8GetDatum(pain_inf.ci_high);
			nulls[KB_ANGLE_CI_LOW] = nulls[KB_ANGLE_CI_HIGH] = false;
			nulls[KB_PAIN_CI_LOW] = nulls[KB_PAIN_CI_HIGH] = false;
		}
	}

	if (n >= 3.0 && s[KB_LAST_T] - s[KB_FIRST_T] >= 7.0 * USECS_PER_DAY &&
		angle_inf.valid && pain_inf.valid)
	{
		bool		better = angle_inf.ci_low > 0.0 || pain_inf.ci_high < 0.0;
		bool		worse = angle_inf.ci_high < 0.0 || pain_inf.ci_low > 0.0;

		if (better && !worse)
			trend = "improving";
		else if (worse && !better)
			trend = "worsening";
		else
			trend = "stable";
	}
	values[KB_TREND] = CStringGetTextDatum(trend);
	nulls[KB_TREND] = false;

	return kr_make_composite(fcinfo, values, nulls);
}
