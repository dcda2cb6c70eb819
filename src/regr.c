/*-------------------------------------------------------------------------
 *
 * regr.c
 *	  Least-squares sums: Youngs-Cramer update, exact merge, state check,
 *	  line (contract in regr.h).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "utils/float.h"

#include "agg_state.h"
#include "regr.h"

/*
 * What regression slot i holds, for messages: "row count", "sum of x",
 * "sum of squared deviations of x", "sum of products of deviations of x
 * and y", ...
 */
static const char *
kr_regr_sum_name(int i, const KrRegrNames *names)
{
	switch (kr_regr_slot_kind(i))
	{
		case KR_REGR_KIND_N:
			return "row count";
		case KR_REGR_KIND_SX:
			return psprintf("sum of %s", names->x);
		case KR_REGR_KIND_SXX:
			return psprintf("sum of squared deviations of %s", names->x);
		case KR_REGR_KIND_SY:
			return psprintf("sum of %s", names->y[KR_REGR_Y_OF(i)]);
		case KR_REGR_KIND_SYY:
			return psprintf("sum of squared deviations of %s", names->y[KR_REGR_Y_OF(i)]);
		case KR_REGR_KIND_SXY:
			break;
	}
	return psprintf("sum of products of deviations of %s and %s",
					names->x, names->y[KR_REGR_Y_OF(i)]);
}

/*
 * Overflow of regression slot i of a state with k y's (inputs finite):
 * 22003 naming the sum.
 */
static void
kr_regr_overflow(int i, const KrRegrNames *names)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow"),
			 errdetail("%s: the %s exceeds the float8 range.", names->func,
					   kr_regr_sum_name(i, names)),
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
 * subnormal, so that the sum of squares is not 0 (see regr.h).
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
 * Youngs-Cramer update of a regression state (layout in regr.h) by
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

/* The name of regression slot i for kr_state_error: "element 3 (...)". */
static const char *
kr_regr_slot_name(int i, const KrRegrNames *names)
{
	return psprintf("element %d (%s)", i + 1, kr_regr_sum_name(i, names));
}

/*
 * Relative tolerance of the Cauchy-Schwarz check Sxy^2 <= Sxx Syy: the
 * three sums are rounded independently.
 */
#define KR_CS_REL_TOL(n)	(1e-12 + 64.0 * (n) * DBL_EPSILON)

/* Consistency of a regression state; see regr.h. */
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
			if (kr_regr_slot_kind(i) == KR_REGR_KIND_SY)
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

/* Residual sum of squares with the perfect-fit tolerance; regr.h. */
double
kr_regr_sse(double n, double sxx, double syy, double sxy, bool *perfect)
{
	/* Sxy^2 / Sxx as Sxy (Sxy / Sxx): no overflow of Sxy^2 */
	double		sse = syy - sxy * (sxy / sxx);

	*perfect = !(sse > KR_FIT_REL_TOL(n) * syy);
	return *perfect ? 0.0 : sse;
}

/* Line, r and r2; see regr.h. */
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
