/*-------------------------------------------------------------------------
 *
 * regr.h
 *	  Least-squares sums shared by the trend aggregates (trend.c,
 *	  knee_bend.c): one x and k <= 2 y's.
 *
 *	  Contract.  A regression state is KR_REGR_SLOTS(k) float8s [N, Sx,
 *	  Sxx, Sy_1, Syy_1, Sxy_1, ..., Sy_k, Syy_k, Sxy_k] - PostgreSQL's
 *	  float8_regr_accum layout when k = 1 - read and written only through
 *	  the slot names below.  kr_regr_accum and kr_regr_combine update it
 *	  with the Youngs-Cramer algorithm and merge exactly, as float.c does
 *	  (Sxx, Syy, Sxy are sums of squared deviations from the mean; the
 *	  same bits as float.c for k = 1).  Inputs must be finite (callers
 *	  check); a sum that overflows raises 22003 naming it (KrRegrNames).
 *	  A state passed in by a caller is checked by kr_regr_check_state
 *	  (2202E naming the slot, agg_state.h).  kr_regr_fit and kr_regr_sse
 *	  read a line off the sums; slope inference is in gsl_bridge.h.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_REGR_H
#define KR_REGR_H

#include <float.h>

/* Slots: N, Sx, Sxx, then y number i (0-based) at KR_REGR_SY(i) etc. */
#define KR_REGR_SLOTS(k)	(3 + 3 * (k))
enum
{
	KR_REGR_N = 0, KR_REGR_SX = 1, KR_REGR_SXX = 2
};
#define KR_REGR_SY(i)	(3 + 3 * (i))
#define KR_REGR_SYY(i)	(4 + 3 * (i))
#define KR_REGR_SXY(i)	(5 + 3 * (i))

/* What slot i holds, and for a y slot, which y (the inverse of the above). */
typedef enum KrRegrSlotKind
{
	KR_REGR_KIND_N, KR_REGR_KIND_SX, KR_REGR_KIND_SXX,
	KR_REGR_KIND_SY, KR_REGR_KIND_SYY, KR_REGR_KIND_SXY
} KrRegrSlotKind;

static inline KrRegrSlotKind
kr_regr_slot_kind(int i)
{
	return i < KR_REGR_SY(0) ? (KrRegrSlotKind) i :
		(KrRegrSlotKind) (KR_REGR_KIND_SY + (i - KR_REGR_SY(0)) % 3);
}
#define KR_REGR_Y_OF(i)	(((i) - KR_REGR_SY(0)) / 3)

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

/*
 * Between-parts term of a merge, n1 n2 a b / n as float.c evaluates it;
 * when that overflows before the division, (a w) b with w = n1 n2 / n.
 */
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
 * Sums of squares below this (but above 0) have lost precision to
 * underflow: the inputs differ by less than about 1e-146.
 */
#define KR_REGR_TINY	1e-290

/*
 * The smallest positive float8 (a subnormal; C11's DBL_TRUE_MIN): what a
 * sum of squares keeps when a square underflows although the values
 * differ (see kr_regr_accum).
 */
#define KR_FLOAT8_TRUE_MIN	4.9406564584124654e-324

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

#endif							/* KR_REGR_H */
