/*-------------------------------------------------------------------------
 *
 * gsl_bridge.h
 *	  The GNU Scientific Library inside a backend, and the one statistical
 *	  routine built on it that several concepts share.
 *
 *	  Contract: kr_gsl_init (from _PG_init) switches GSL's aborting error
 *	  handler off, so GSL's special functions (the only part of GSL used)
 *	  report failure by returning NaN and never abort the backend;
 *	  kr_gsl_value passes any other value through and turns NaN into an
 *	  ERROR 38000 (external_routine_exception) naming what failed.  Every
 *	  call of a GSL function goes through kr_gsl_value.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_GSL_BRIDGE_H
#define KR_GSL_BRIDGE_H

extern void kr_gsl_init(void);
extern double kr_gsl_value(double value, const char *what);

/*
 * Inference on a least-squares slope b = Sxy / Sxx from n points (the
 * sums of regr.h): residual variance s^2 = (Syy - Sxy^2 / Sxx) / (n - 2),
 * se(b) = sqrt(s^2 / Sxx), two-sided t test of b = 0 and a 95 %
 * confidence interval b +- t(0.975, n - 2) se(b) (GSL's t distribution).
 * Needs n >= 3 and Sxx > 0; otherwise valid = false.  A perfect fit (s =
 * 0, within kr_regr_sse's tolerance) gives the interval [b, b] and p = 0,
 * or p NULL (has_p false) when b = 0.  An interval beyond float8: 22003.
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

#endif							/* KR_GSL_BRIDGE_H */
