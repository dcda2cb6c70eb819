/*-------------------------------------------------------------------------
 *
 * funnel.c
 *	  Funnel-plot control limits for an indirectly standardised ratio
 *	  (observed / expected recoveries of a clinic or therapist) around 1,
 *	  at 95 % and 99.8 %, by Spiegelhalter (2005, Stat Med 24:1185,
 *	  "Funnel plots for comparing institutional performance", appendix
 *	  A.1.2): the observed count O is taken as Poisson with mean E under
 *	  the target O/E = 1 (the precision parameter is E); for a tail
 *	  probability p, r_p is the p-quantile of Poisson(E) (the smallest r
 *	  with P(R <= r) >= p), and the limit is interpolated between the
 *	  discrete steps:
 *
 *		alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1))
 *		limit = (r_p - alpha) / E
 *
 *	  with p = 0.025 / 0.975 (95 %) and 0.001 / 0.999 (99.8 %).  For small E
 *	  a lower limit can come out below 0 (r_p = 0); it is reported as 0.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "fmgr.h"
#include "utils/builtins.h"

#include "arg_checks.h"
#include "composite.h"
#include "gsl_bridge.h"

/* Result columns of funnel_limits. */
typedef enum FunnelCol
{
	FLC_RATIO,
	FLC_LOWER_95,
	FLC_UPPER_95,
	FLC_LOWER_998,
	FLC_UPPER_998,
	FLC_POSITION,
	FLC_COUNT
} FunnelCol;

#define KR_FUNNEL_MAX_EXPECTED	1e8		/* counts fit GSL's unsigned int */

static double
kr_poisson_cdf(double r, double mu)
{
	if (r < 0)
		return 0.0;
	return kr_gsl_value(gsl_cdf_poisson_P((unsigned int) r, mu), "Poisson distribution");
}

/* Spiegelhalter's interpolated p-limit of O/E for expected count e. */
static double
kr_funnel_limit(double e, double p)
{
	double		r = floor(e + 4.0 * sqrt(e) * (p - 0.5));	/* near the quantile */
	double		hi,
				lo;

	if (r < 0)
		r = 0;
	while (kr_poisson_cdf(r, e) < p)
		r++;
	while (r > 0 && kr_poisson_cdf(r - 1, e) >= p)
		r--;
	hi = kr_poisson_cdf(r, e);
	lo = kr_poisson_cdf(r - 1, e);
	/* below r_p = 0 the interpolation goes negative: no ratio can be below 0 */
	return Max((r - (hi - p) / (hi - lo)) / e, 0.0);
}

/*
 * funnel_limits(expected, observed) -> (ratio, lower_95, upper_95,
 * lower_998, upper_998, funnel_position)
 */
PG_FUNCTION_INFO_V1(kr_funnel_limits);
Datum
kr_funnel_limits(PG_FUNCTION_ARGS)
{
	double		e;
	Datum		values[FLC_COUNT];
	bool		nulls[FLC_COUNT] = {false};
	double		l95,
				u95,
				l998,
				u998;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	e = PG_GETARG_FLOAT8(0);
	kr_check_min(e, "expected", 0.0, false, NULL);
	if (e > KR_FUNNEL_MAX_EXPECTED)
		kr_range_error(e, "expected", 0.0, KR_FUNNEL_MAX_EXPECTED, NULL);
	l95 = kr_funnel_limit(e, 0.025);
	u95 = kr_funnel_limit(e, 0.975);
	l998 = kr_funnel_limit(e, 0.001);
	u998 = kr_funnel_limit(e, 0.999);
	values[FLC_LOWER_95] = Float8GetDatum(l95);
	values[FLC_UPPER_95] = Float8GetDatum(u95);
	values[FLC_LOWER_998] = Float8GetDatum(l998);
	values[FLC_UPPER_998] = Float8GetDatum(u998);
	if (PG_NARGS() < 2 || PG_ARGISNULL(1))
		nulls[FLC_RATIO] = nulls[FLC_POSITION] = true;
	else
	{
		double		o = PG_GETARG_FLOAT8(1);
		double		ratio;
		const char *pos;

		kr_check_min(o, "observed", 0.0, true, NULL);
		ratio = o / e;
		if (ratio > u998)
			pos = "above_99.8";
		else if (ratio > u95)
			pos = "above_95";
		else if (ratio < l998)
			pos = "below_99.8";
		else if (ratio < l95)
			pos = "below_95";
		else
			pos = "within";
		values[FLC_RATIO] = Float8GetDatum(ratio);
		values[FLC_POSITION] = CStringGetTextDatum(pos);
	}
	return kr_make_composite(fcinfo, values, nulls);
}
