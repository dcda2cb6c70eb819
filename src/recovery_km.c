/*-------------------------------------------------------------------------
 *
 * recovery_km.c
 *	  Time to recovery: the Kaplan-Meier estimator with right censoring,
 *	  as a parallel-safe aggregate, with the 95 % confidence interval of
 *	  the median by the log-log (Brookmeyer-Crowley) method, computed the
 *	  way R's survival::survfit(Surv(days, recovered) ~ 1,
 *	  conf.type = "log-log") and print(fit) do (survival 3.5):
 *
 *	  - at each distinct time t: n(t) at risk = rows with days >= t,
 *		d(t) events, c(t) censored (at a tie, events come first: the
 *		censored rows are still at risk at t);
 *	  - S(t) = prod (1 - d/n); Greenwood: se(t)^2 = sum d / (n (n - d)),
 *		the standard error of -log S (R's fit$std.err);
 *	  - log-log band (survfit_confint): with z = qnorm(0.975) and
 *		e = z se / log S,  lower = exp(-exp(log(-log S) - e)),
 *		upper = exp(-exp(log(-log S) + e)); undefined where S is 0 or 1;
 *	  - median and its limits (survmean's minmin): the first time at which
 *		the curve (or band) is below 0.5 + sqrt(DBL_EPSILON); if that value
 *		is within the tolerance of 0.5 and the curve drops later, the
 *		midpoint between that time and the time of the next drop.
 *
 * State: a float8[] {version, k, t1, d1, c1, ..., tk, dk, ck, [spare]}:
 * the k distinct times in ascending order with their event and censoring
 * counts.  Inside an aggregate the transition function inserts in place
 * (binary search, memmove) while there is spare room, and grows the array
 * by doubling otherwise; the combine function merges two sorted lists.
 * At most KR_KM_MAX_TIMES distinct times (2.4 MB of state); beyond, an
 * ERROR 54000 asks to round days.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/tuplestore.h"

#include "agg_state.h"
#include "composite.h"
#include "gsl_bridge.h"
#include "recovery_row.h"

/* Result columns of recovery_km / recovery_km_summary (recovery_km_result). */
typedef enum KmSummaryCol
{
	KSC_N,
	KSC_EVENTS,
	KSC_MEDIAN_DAYS,
	KSC_MEDIAN_CI_LOW,
	KSC_MEDIAN_CI_HIGH,
	KSC_RECOVERED_BY_6WK,
	KSC_RECOVERED_BY_12WK,
	KSC_COUNT
} KmSummaryCol;

/* Result columns of recovery_curve. */
typedef enum KmCurveCol
{
	KCC_DAY,
	KCC_AT_RISK,
	KCC_EVENTS,
	KCC_CENSORED,
	KCC_SURVIVAL,
	KCC_CI_LOW,
	KCC_CI_HIGH,
	KCC_COUNT
} KmCurveCol;

#define KR_KM_VERSION		1.0
#define KR_KM_HEADER		2		/* version, number of distinct times */
#define KR_KM_MAX_TIMES		100000
#define KR_KM_MIN_CAPACITY	16
#define KR_KM_WEEK6			42.0
#define KR_KM_WEEK12		84.0


/* The k-th triple of a state's data. */
#define KM_T(d, i)	((d)[KR_KM_HEADER + 3 * (i)])
#define KM_D(d, i)	((d)[KR_KM_HEADER + 3 * (i) + 1])
#define KM_C(d, i)	((d)[KR_KM_HEADER + 3 * (i) + 2])

/* Allocate an empty state with room for capacity distinct times. */
static ArrayType *
kr_km_new(int capacity)
{
	int			nelems = KR_KM_HEADER + 3 * capacity;
	ArrayType  *arr = kr_float8_array_zeroed(nelems);
	float8	   *d;

	d = KR_FLOAT8_DATA(arr);
	d[0] = KR_KM_VERSION;
	d[1] = 0;
	return arr;
}

static inline int
kr_km_capacity(ArrayType *arr)
{
	return (ARR_DIMS(arr)[0] - KR_KM_HEADER) / 3;
}

static void
kr_km_too_many(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("recovery_km supports at most %d distinct values of days",
					KR_KM_MAX_TIMES),
			 errhint("Round days, e.g. to whole days: recovery_km(round(days), recovered).")));
}

/*
 * Check that a float8[] is a recovery_km state (it may come from a user);
 * returns its data and sets *k.  Spare room after the k triples is allowed.
 */
static float8 *
kr_km_validate_full(ArrayType *arr, int *k, bool full, const char *func)
{
	float8	   *d;
	int			n;
	int			i;
	double		kk;
	double		total = 0.0;

	if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("state must be a one-dimensional float8 array without NULLs"),
				 errhint("Pass the result of knee_rehab.recovery_km_state(days, recovered).")));
	n = ARR_DIMS(arr)[0];
	d = KR_FLOAT8_DATA(arr);
	if (n < KR_KM_HEADER)
		kr_state_error(func, "length", "must be at least 2 (version, count of distinct times)", n);
	if (d[0] != KR_KM_VERSION)
		kr_state_error(func, "element 1 (state version)", "must be 1", d[0]);
	kk = d[1];
	if (!(kk >= 0 && kk <= KR_KM_MAX_TIMES && kk == floor(kk) &&
		  KR_KM_HEADER + 3 * kk <= n))
		kr_state_error(func, "element 2 (count of distinct times)",
					   psprintf("must be a whole number from 0 to %d whose triples fit the array of %d elements",
								KR_KM_MAX_TIMES, n), kk);
	*k = (int) kk;
	for (i = 0; full && i < *k; i++)
	{
		double		t = KM_T(d, i),
					e = KM_D(d, i),
					c = KM_C(d, i);
		int			el = KR_KM_HEADER + 3 * i + 1;	/* 1-based element of t */

		if (!(isfinite(t) && t >= 0))
			kr_state_error(func, psprintf("element %d (time %d)", el, i + 1),
						   "must be a finite number of days >= 0", t);
		if (i > 0 && !(t > KM_T(d, i - 1)))
			kr_state_error(func, psprintf("element %d (time %d)", el, i + 1),
						   "must be greater than the time before it", t);
		if (!(e >= 0 && e == floor(e) && e <= KR_FLOAT8_EXACT_MAX))
			kr_state_error(func, psprintf("element %d (events at time %d)", el + 1, i + 1),
						   "must be a whole number >= 0", e);
		if (!(c >= 0 && c == floor(c) && c <= KR_FLOAT8_EXACT_MAX))
			kr_state_error(func, psprintf("element %d (censored at time %d)", el + 2, i + 1),
						   "must be a whole number >= 0", c);
		if (e + c < 1)
			kr_state_error(func, psprintf("elements %d-%d (episodes at time %d)", el + 1, el + 2, i + 1),
						   "must add up to at least 1", e + c);
		/* n and events are reported as bigint: keep the total exact */
		total += e + c;
		if (total > KR_FLOAT8_EXACT_MAX)
			kr_state_error(func, psprintf("elements %d-%d (episodes at time %d)", el + 1, el + 2, i + 1),
						   "must keep the total number of episodes at most 2^53", total);
	}
	return d;
}

/* Every entry checked: for states passed in by a caller. */
#define kr_km_validate(arr, k, func)	kr_km_validate_full((arr), (k), true, (func))

/*
 * recovery_km_accum(state, days, recovered): add one episode.  A NULL
 * days or recovered leaves the state as it is (the row is ignored).
 */
PG_FUNCTION_INFO_V1(kr_recovery_km_accum);
Datum
kr_recovery_km_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	float8	   *d;
	float8		days;
	bool		recovered;
	bool		in_agg;
	int			k,
				lo,
				hi;

	if (!kr_recovery_row(fcinfo, &days, &recovered))
	{
		/* a row without days or recovered is skipped */
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}

	/*
	 * Inside the aggregate the state is our own (no initial condition), so
	 * the header check suffices and the state is updated in place; a
	 * direct call gets a full check and works on a copy.
	 */
	in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	if (PG_ARGISNULL(0))
		arr = kr_km_new(KR_KM_MIN_CAPACITY);
	else if (in_agg)
		arr = PG_GETARG_ARRAYTYPE_P(0);
	else
		arr = PG_GETARG_ARRAYTYPE_P_COPY(0);
	d = kr_km_validate_full(arr, &k, !in_agg, "recovery_km_accum");

	/* First index whose time is >= days. */
	lo = 0;
	hi = k;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (KM_T(d, mid) < days)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < k && KM_T(d, lo) == days)
	{
		if (recovered)
			KM_D(d, lo) += 1;
		else
			KM_C(d, lo) += 1;
		PG_RETURN_ARRAYTYPE_P(arr);
	}

	if (k >= KR_KM_MAX_TIMES)
		kr_km_too_many();
	if (k >= kr_km_capacity(arr))
	{
		/*
		 * Grow into a new array (the executor copies the returned state into
		 * the aggregate context and frees the old one, so never repalloc).
		 */
		ArrayType  *grown = kr_km_new(Min(Max(2 * k, KR_KM_MIN_CAPACITY), KR_KM_MAX_TIMES));
		float8	   *g = KR_FLOAT8_DATA(grown);

		memcpy(g + KR_KM_HEADER, d + KR_KM_HEADER, sizeof(float8) * 3 * k);
		arr = grown;
		d = g;
	}
	memmove(&KM_T(d, lo + 1), &KM_T(d, lo), sizeof(float8) * 3 * (k - lo));
	KM_T(d, lo) = days;
	KM_D(d, lo) = recovered ? 1 : 0;
	KM_C(d, lo) = recovered ? 0 : 1;
	d[1] = k + 1;
	PG_RETURN_ARRAYTYPE_P(arr);
}

/* Merge two states into a new, compact one. */
/*
 * Merge two lists of (time, events, censored) in time order: returns the
 * number of distinct times of the union and, when out is not NULL, writes
 * the merged triples to out (events and censorings added where the times
 * are equal; a time present on one side only is copied as it is).
 */
static int
kr_km_merge(const float8 *da, int ka, const float8 *db, int kb, float8 *out)
{
	int			i = 0,
				j = 0,
				n = 0;

	while (i < ka || j < kb)
	{
		bool		take_a = j >= kb || (i < ka && KM_T(da, i) <= KM_T(db, j));
		bool		take_b = i >= ka || (j < kb && KM_T(db, j) <= KM_T(da, i));

		if (out)
		{
			if (take_a && take_b)
			{
				KM_T(out, n) = KM_T(da, i);
				KM_D(out, n) = KM_D(da, i) + KM_D(db, j);
				KM_C(out, n) = KM_C(da, i) + KM_C(db, j);
			}
			else
			{
				const float8 *src = take_a ? da : db;
				int			at = take_a ? i : j;

				KM_T(out, n) = KM_T(src, at);
				KM_D(out, n) = KM_D(src, at);
				KM_C(out, n) = KM_C(src, at);
			}
		}
		i += take_a;
		j += take_b;
		n++;
	}
	return n;
}

PG_FUNCTION_INFO_V1(kr_recovery_km_combine);
Datum
kr_recovery_km_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a,
			   *b,
			   *r;
	float8	   *da,
			   *db,
			   *dr;
	bool		in_agg;
	int			ka,
				kb,
				n;

	/*
	 * The first argument, inside an aggregate, is the aggregate's own
	 * transition state; the second may be a caller's array (as the
	 * transition function of recovery_km_merge), so it is always checked
	 * in full: a NaN time would otherwise compare as equal to any time and
	 * merge into it.
	 */
	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	if (PG_ARGISNULL(1))
	{
		if (!in_agg)
			(void) kr_km_validate(PG_GETARG_ARRAYTYPE_P(0), &ka, "recovery_km_combine");
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	db = kr_km_validate(b, &kb, "recovery_km_combine");
	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(PG_GETARG_ARRAYTYPE_P_COPY(1));
	a = PG_GETARG_ARRAYTYPE_P(0);
	da = kr_km_validate_full(a, &ka, !in_agg, "recovery_km_combine");

	/* Count the distinct times of the union first, to size the result. */
	n = kr_km_merge(da, ka, db, kb, NULL);
	if (n > KR_KM_MAX_TIMES)
		kr_km_too_many();
	r = kr_km_new(n);
	dr = KR_FLOAT8_DATA(r);
	dr[1] = kr_km_merge(da, ka, db, kb, dr);
	PG_RETURN_ARRAYTYPE_P(r);
}

/* The state without spare room (the recovery_km_state result). */
PG_FUNCTION_INFO_V1(kr_recovery_km_state_final);
Datum
kr_recovery_km_state_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr,
			   *r;
	float8	   *d;
	int			k;

	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(kr_km_new(0));
	arr = PG_GETARG_ARRAYTYPE_P(0);
	d = kr_km_validate(arr, &k, "recovery_km_state_final");
	r = kr_km_new(k);
	memcpy(KR_FLOAT8_DATA(r), d, sizeof(float8) * (KR_KM_HEADER + 3 * k));
	PG_RETURN_ARRAYTYPE_P(r);
}

/*
 * The Kaplan-Meier curve at every distinct time, with R's log-log band;
 * band_ok[i] is false where R reports NA (S = 0 or 1).
 */
typedef struct KrKmCurve
{
	int			k;
	double		n;				/* episodes */
	double		events;
	double	   *time;
	double	   *at_risk;
	double	   *surv;
	double	   *lower;
	double	   *upper;
	bool	   *band_ok;
} KrKmCurve;

static void
kr_km_curve(float8 *d, int k, KrKmCurve *cv)
{
	double		z = kr_gsl_value(gsl_cdf_ugaussian_Pinv(0.975), "normal quantile");
	double		n = 0,
				s = 1.0,
				gw = 0.0;
	int			i;

	cv->k = k;
	cv->time = palloc(sizeof(double) * Max(k, 1));
	cv->at_risk = palloc(sizeof(double) * Max(k, 1));
	cv->surv = palloc(sizeof(double) * Max(k, 1));
	cv->lower = palloc(sizeof(double) * Max(k, 1));
	cv->upper = palloc(sizeof(double) * Max(k, 1));
	cv->band_ok = palloc(sizeof(bool) * Max(k, 1));
	cv->events = 0;
	for (i = 0; i < k; i++)
	{
		n += KM_D(d, i) + KM_C(d, i);
		cv->events += KM_D(d, i);
	}
	cv->n = n;

	for (i = 0; i < k; i++)
	{
		double		ev = KM_D(d, i);

		cv->time[i] = KM_T(d, i);
		cv->at_risk[i] = n;
		if (ev > 0)
		{
			s *= (n - ev) / n;
			gw = (n > ev) ? gw + ev / (n * (n - ev)) : INFINITY;
		}
		cv->surv[i] = s;
		if (s > 0.0 && s < 1.0)
		{
			double		e = z * sqrt(gw) / log(s);
			double		ll = log(-log(s));

			cv->lower[i] = exp(-exp(ll - e));
			cv->upper[i] = exp(-exp(ll + e));
			cv->band_ok[i] = true;
		}
		else
		{
			cv->lower[i] = cv->upper[i] = 0;
			cv->band_ok[i] = false;
		}
		n -= KM_D(d, i) + KM_C(d, i);
	}
}

/*
 * survmean's minmin: the first time y < 0.5 + tolerance (NA skipped), or
 * the midpoint to the next drop when y sits on 0.5.  Returns false for NA.
 */
static bool
kr_km_minmin(const double *y, const bool *ok, const double *x, int k,
			 double *result)
{
	double		tol = sqrt(DBL_EPSILON);
	int			first = -1;
	int			i;

	for (i = 0; i < k; i++)
		if (ok[i] && y[i] < 0.5 + tol)
		{
			first = i;
			break;
		}
	if (first < 0)
		return false;
	if (fabs(y[first] - 0.5) < tol)
	{
		for (i = first + 1; i < k; i++)
			if (ok[i] && y[i] < y[first])
			{
				*result = (x[first] + x[i]) / 2.0;
				return true;
			}
	}
	*result = x[first];
	return true;
}

/*
 * 1 - S(t); false (NULL) when the curve is not defined at t: nobody
 * followed that long and S has not reached 0.
 */
static bool
kr_km_recovered_by(const KrKmCurve *cv, double t, double *result)
{
	double		s = 1.0;
	int			i;

	if (cv->k == 0)
		return false;
	for (i = 0; i < cv->k && cv->time[i] <= t; i++)
		s = cv->surv[i];
	if (cv->time[cv->k - 1] < t && s > 0.0)
		return false;
	*result = 1.0 - s;
	return true;
}

static Datum
kr_km_summary(FunctionCallInfo fcinfo, float8 *d, int k)
{
	KrKmCurve	cv;
	Datum		values[KSC_COUNT];
	bool		nulls[KSC_COUNT] = {false};
	bool	   *surv_ok;
	double		v;
	int			i;

	kr_km_curve(d, k, &cv);
	surv_ok = palloc(sizeof(bool) * Max(k, 1));
	for (i = 0; i < k; i++)
		surv_ok[i] = true;

	values[KSC_N] = Int64GetDatum((int64) cv.n);
	values[KSC_EVENTS] = Int64GetDatum((int64) cv.events);
	if (kr_km_minmin(cv.surv, surv_ok, cv.time, k, &v))
		values[KSC_MEDIAN_DAYS] = Float8GetDatum(v);
	else
		nulls[KSC_MEDIAN_DAYS] = true;
	if (kr_km_minmin(cv.lower, cv.band_ok, cv.time, k, &v))
		values[KSC_MEDIAN_CI_LOW] = Float8GetDatum(v);
	else
		nulls[KSC_MEDIAN_CI_LOW] = true;
	if (kr_km_minmin(cv.upper, cv.band_ok, cv.time, k, &v))
		values[KSC_MEDIAN_CI_HIGH] = Float8GetDatum(v);
	else
		nulls[KSC_MEDIAN_CI_HIGH] = true;
	if (kr_km_recovered_by(&cv, KR_KM_WEEK6, &v))
		values[KSC_RECOVERED_BY_6WK] = Float8GetDatum(v);
	else
		nulls[KSC_RECOVERED_BY_6WK] = true;
	if (kr_km_recovered_by(&cv, KR_KM_WEEK12, &v))
		values[KSC_RECOVERED_BY_12WK] = Float8GetDatum(v);
	else
		nulls[KSC_RECOVERED_BY_12WK] = true;
	return kr_make_composite(fcinfo, values, nulls);
}

/* recovery_km final function: never modifies the state. */
PG_FUNCTION_INFO_V1(kr_recovery_km_final);
Datum
kr_recovery_km_final(PG_FUNCTION_ARGS)
{
	float8	   *d;
	int			k;

	if (PG_ARGISNULL(0))
	{
		float8		empty[KR_KM_HEADER] = {KR_KM_VERSION, 0};

		return kr_km_summary(fcinfo, empty, 0);
	}
	d = kr_km_validate(PG_GETARG_ARRAYTYPE_P(0), &k, "recovery_km_final");
	return kr_km_summary(fcinfo, d, k);
}

/* recovery_curve(state): one row per distinct time. */
PG_FUNCTION_INFO_V1(kr_recovery_curve);
Datum
kr_recovery_curve(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	KrKmCurve	cv;
	float8	   *d;
	int			k;
	int			i;

	d = kr_km_validate(PG_GETARG_ARRAYTYPE_P(0), &k, "recovery_curve");
	InitMaterializedSRF(fcinfo, 0);
	kr_km_curve(d, k, &cv);
	for (i = 0; i < k; i++)
	{
		Datum		values[KCC_COUNT];
		bool		nulls[KCC_COUNT] = {false};

		values[KCC_DAY] = Float8GetDatum(cv.time[i]);
		values[KCC_AT_RISK] = Int64GetDatum((int64) cv.at_risk[i]);
		values[KCC_EVENTS] = Int64GetDatum((int64) KM_D(d, i));
		values[KCC_CENSORED] = Int64GetDatum((int64) KM_C(d, i));
		values[KCC_SURVIVAL] = Float8GetDatum(cv.surv[i]);
		values[KCC_CI_LOW] = Float8GetDatum(cv.lower[i]);
		values[KCC_CI_HIGH] = Float8GetDatum(cv.upper[i]);
		nulls[KCC_CI_LOW] = nulls[KCC_CI_HIGH] = !cv.band_ok[i];
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* recovery_km_summary(state): the recovery_km result from a state. */
PG_FUNCTION_INFO_V1(kr_recovery_km_summary);
Datum
kr_recovery_km_summary(PG_FUNCTION_ARGS)
{
	float8	   *d;
	int			k;

	d = kr_km_validate(PG_GETARG_ARRAYTYPE_P(0), &k, "recovery_km_summary");
	return kr_km_summary(fcinfo, d, k);
}
