/*-------------------------------------------------------------------------
 *
 * gsl_bridge.c
 *	  GSL inside a backend and the t-distribution slope inference
 *	  (contract in gsl_bridge.h).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "gsl_bridge.h"
#include "regr.h"

/* GSL's default handler calls abort(), which would kill the backend. */
void
kr_gsl_init(void)
{
	gsl_set_error_handler_off();
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

/* Slope inference; see gsl_bridge.h. */
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
