/*-------------------------------------------------------------------------
 *
 * load_monitoring.c
 *	  Load monitoring: the pain-monitoring model and the exponentially
 *	  weighted acute:chronic workload ratio (EWMA ACWR).
 *
 * pain_monitor: pain during activity 0-2 safe, 3-5 acceptable, > 5
 * excessive; pain not back to baseline by the next morning is excessive
 * (Thomee 1997, Phys Ther 77:1690, PFPS; the same model was later used
 * for Achilles tendinopathy by Silbernagel 2007).  The bands are settings
 * (knee_rehab.pain_safe_nrs, knee_rehab.pain_acceptable_nrs); a clinic
 * following the stricter practitioner rule for runner's knee sets both to
 * knee_rehab.pain_free_nrs; pain_monitor_model() names the model in use.
 *
 * ewma_acwr: EWMA_t = lambda * L_t + (1 - lambda) * EWMA_{t-1},
 * lambda = 2 / (N + 1), N = 7 (acute) and 28 (chronic) calendar days
 * (Williams 2017, BJSM 51:209).  Days without a session are zero load;
 * both averages start at the first day's load (as the R package ACWR
 * does); the ratio is NULL while the chronic average is 0.  The ratio is
 * descriptive, not an injury probability (Impellizzeri 2020).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "agg_state.h"
#include "arg_checks.h"
#include "clinical_limits.h"
#include "settings.h"

/* ---------------------------------------------------------------- pain_monitor */

/*
 * Bands of the pain-monitoring model on the 0-10 NRS, from the settings
 * knee_rehab.pain_safe_nrs and knee_rehab.pain_acceptable_nrs (defaults 2
 * and 5, Thomee 1997).  The model is stated on whole numbers (0-2, 3-5,
 * > 5); a non-integer rating is placed by the upper limits: <= safe is
 * safe, > safe and <= acceptable is acceptable, > acceptable excessive, so
 * 2.5 is acceptable with the defaults (anything above the safe limit is no
 * longer safe).  The settings may be changed one at a time, so their order
 * is checked here, when they are used.
 */
static void
kr_pain_bands_check(void)
{
	if (unlikely(kr_pain_safe_nrs > kr_pain_acceptable_nrs))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("knee_rehab.pain_safe_nrs must not exceed knee_rehab.pain_acceptable_nrs"),
				 errdetail("knee_rehab.pain_safe_nrs is %s, knee_rehab.pain_acceptable_nrs is %s.",
						   kr_format_double(kr_pain_safe_nrs),
						   kr_format_double(kr_pain_acceptable_nrs)),
				 errhint("Use 2 and 5 for Thomee 1997's model, or set both to "
						 "knee_rehab.pain_free_nrs for the strict pain-free rule.")));
}

/*
 * Name of the model the current bands give: 'strict_pain_free' when both
 * bands equal knee_rehab.pain_free_nrs (practitioner guidance for runner's
 * knee: run pain-free or to the first sign of pain only), 'thomee_1997'
 * for 2 and 5, otherwise 'custom (safe <= s, acceptable <= a)'.
 */
static const char *
kr_pain_model_name(void)
{
	kr_pain_bands_check();
	if (kr_pain_safe_nrs == kr_pain_free_nrs && kr_pain_acceptable_nrs == kr_pain_free_nrs)
		return "strict_pain_free";
	if (kr_pain_safe_nrs == 2.0 && kr_pain_acceptable_nrs == 5.0)
		return "thomee_1997";
	return psprintf("custom (safe <= %s, acceptable <= %s)",
					kr_format_double(kr_pain_safe_nrs),
					kr_format_double(kr_pain_acceptable_nrs));
}

PG_FUNCTION_INFO_V1(kr_pain_monitor);
Datum
kr_pain_monitor(PG_FUNCTION_ARGS)
{
	bool		have_during = !PG_ARGISNULL(0);
	bool		have_morning = !PG_ARGISNULL(1);
	float8		during = have_during ? PG_GETARG_FLOAT8(0) : 0.0;
	float8		morning = have_morning ? PG_GETARG_FLOAT8(1) : 0.0;

	/* A baseline that was not recorded is the default, pain-free 0. */
	float8		baseline = PG_ARGISNULL(2) ? 0.0 : PG_GETARG_FLOAT8(2);
	const char *verdict;

	if (have_during)
		kr_check_range(during, "pain_during", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	if (have_morning)
		kr_check_range(morning, "pain_next_morning", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	kr_check_range(baseline, "baseline", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	kr_pain_bands_check();

	if ((have_during && during > kr_pain_acceptable_nrs) ||
		(have_morning && morning > baseline))
		verdict = "excessive";
	else if (!have_during)
		PG_RETURN_NULL();		/* settled by morning, but no pain during */
	else if (during > kr_pain_safe_nrs)
		verdict = "acceptable";
	else
		verdict = "safe";

	PG_RETURN_TEXT_P(cstring_to_text(verdict));
}

PG_FUNCTION_INFO_V1(kr_pain_monitor_model);
Datum
kr_pain_monitor_model(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(kr_pain_model_name()));
}

/* ---------------------------------------------------------------- ewma_acwr */

#define KR_ACWR_ACUTE_DAYS		7.0
#define KR_ACWR_CHRONIC_DAYS	28.0
#define KR_LAMBDA_ACUTE		(2.0 / (KR_ACWR_ACUTE_DAYS + 1.0))	/* 0.25 */
#define KR_LAMBDA_CHRONIC	(2.0 / (KR_ACWR_CHRONIC_DAYS + 1.0))	/* 2/29 */

/*
 * The state is a float8[8], constant size whatever the number of rows.
 * For a series of daily loads L_f .. L_T (f = first day, T = last day),
 *
 *	EWMA_T = (1 - lambda)^(T - f) * L_f + sum_{f < t <= T} lambda (1 - lambda)^(T - t) L_t
 *		   = w * first_load + tail
 *
 * The first day's load is kept apart from the tail because it enters with
 * weight 1 rather than lambda (both averages start at the first day's
 * load).  Keeping it apart makes the combine function exact: a later
 * partial state's first day becomes an ordinary day of the combined
 * series, with weight lambda, without subtracting anything.
 */
#define KR_EW_N			0		/* rows accumulated */
#define KR_EW_FIRST		1		/* first day (days since 2000-01-01) */
#define KR_EW_LAST		2		/* last day */
#define KR_EW_FIRST_LOAD 3		/* sum of the loads on the first day */
#define KR_EW_W_ACUTE	4		/* (1 - lambda_a)^(last - first) */
#define KR_EW_W_CHRONIC	5		/* (1 - lambda_c)^(last - first) */
#define KR_EW_TAIL_ACUTE 6		/* tail of the acute EWMA */
#define KR_EW_TAIL_CHRONIC 7	/* tail of the chronic EWMA */
#define KR_EW_NSTATE	8

/* (1 - lambda)^days for days >= 0; days = 1 is the common case. */
static inline double
kr_decay(double one_minus_lambda, double days)
{
	if (days == 0.0)
		return 1.0;
	if (days == 1.0)
		return one_minus_lambda;
	return pow(one_minus_lambda, days);
}

/*
 * A state that no ewma_acwr rows can produce (a caller's array): 2202E
 * naming the function and the slot (kr_state_error).  Rows add finite,
 * non-negative loads on whole days in day order, so: no rows, every
 * element 0; otherwise every element finite, the days whole and first <=
 * last (equal for one row), the loads and tails >= 0, and, as the EWMA is
 * a fixed weighting of the days, the weights are (1 - lambda)^(last -
 * first) and the acute tail at most lambda_a / lambda_c times the chronic
 * one (each day's acute weight is at most that multiple of its chronic
 * weight), both within a relative 1e-9 (rounding of the running
 * products).  So acute / chronic stays finite and at most 3.625.
 */
#define KR_EW_REL_TOL	1e-9

static void
kr_ewma_check_slot(const char *func, int slot, const char *what, bool ok,
				   const char *rule, double value)
{
	if (unlikely(!ok))
		kr_state_error(func, psprintf("element %d (%s)", slot + 1, what), rule, value);
}

static void
kr_ewma_check_state(const float8 *s, const char *func)
{
	static const char *const what[KR_EW_NSTATE] = {
		"row count", "first day", "last day", "first day's load",
		"acute weight", "chronic weight", "acute tail", "chronic tail"
	};
	double		span;
	int			i;

	for (i = 0; i < KR_EW_NSTATE; i++)
	{
		kr_ewma_check_slot(func, i, what[i], isfinite(s[i]), "must be finite", s[i]);
		kr_ewma_check_slot(func, i, what[i], s[KR_EW_N] != 0.0 || s[i] == 0.0,
						   "must be 0 in a state of 0 rows", s[i]);
	}
	if (s[KR_EW_N] == 0.0)
		return;
	kr_ewma_check_slot(func, KR_EW_FIRST, what[KR_EW_FIRST],
					   s[KR_EW_FIRST] == floor(s[KR_EW_FIRST]) && fabs(s[KR_EW_FIRST]) <= PG_INT32_MAX,
					   "must be a whole day number", s[KR_EW_FIRST]);
	kr_ewma_check_slot(func, KR_EW_LAST, what[KR_EW_LAST],
					   s[KR_EW_LAST] == floor(s[KR_EW_LAST]) && fabs(s[KR_EW_LAST]) <= PG_INT32_MAX,
					   "must be a whole day number", s[KR_EW_LAST]);
	kr_ewma_check_slot(func, KR_EW_LAST, what[KR_EW_LAST], s[KR_EW_FIRST] <= s[KR_EW_LAST],
					   "must not be before element 2 (first day)", s[KR_EW_LAST]);
	span = s[KR_EW_LAST] - s[KR_EW_FIRST];
	kr_ewma_check_slot(func, KR_EW_N, what[KR_EW_N], span == 0.0 || s[KR_EW_N] >= 2.0,
					   "must be at least 2 when the first and last day differ", s[KR_EW_N]);
	for (i = KR_EW_FIRST_LOAD; i < KR_EW_NSTATE; i++)
		kr_ewma_check_slot(func, i, what[i], s[i] >= 0.0, "must be >= 0", s[i]);
	for (i = KR_EW_W_ACUTE; i <= KR_EW_W_CHRONIC; i++)
	{
		double		expect = kr_decay(i == KR_EW_W_ACUTE ? 1.0 - KR_LAMBDA_ACUTE :
									  1.0 - KR_LAMBDA_CHRONIC, span);

		kr_ewma_check_slot(func, i, what[i],
						   fabs(s[i] - expect) <= KR_EW_REL_TOL * expect + 1e-300,
						   psprintf("must be (1 - lambda)^(last day - first day) = %s",
									kr_format_double(expect)), s[i]);
	}
	if (span == 0.0)
	{
		kr_ewma_check_slot(func, KR_EW_TAIL_ACUTE, what[KR_EW_TAIL_ACUTE],
						   s[KR_EW_TAIL_ACUTE] == 0.0, "must be 0 when the first and last day are one", s[KR_EW_TAIL_ACUTE]);
		kr_ewma_check_slot(func, KR_EW_TAIL_CHRONIC, what[KR_EW_TAIL_CHRONIC],
						   s[KR_EW_TAIL_CHRONIC] == 0.0, "must be 0 when the first and last day are one", s[KR_EW_TAIL_CHRONIC]);
	}
	kr_ewma_check_slot(func, KR_EW_TAIL_ACUTE, what[KR_EW_TAIL_ACUTE],
					   s[KR_EW_TAIL_ACUTE] <= (KR_LAMBDA_ACUTE / KR_LAMBDA_CHRONIC) *
					   s[KR_EW_TAIL_CHRONIC] * (1.0 + KR_EW_REL_TOL) + 1e-300,
					   "must be at most lambda_acute / lambda_chronic (3.625) times element 8 (chronic tail)",
					   s[KR_EW_TAIL_ACUTE]);
}

/* The data of an ewma_acwr state passed in: shape and content checked. */
static const float8 *
kr_ewma_state_values(ArrayType *state, const char *func)
{
	const float8 *s = kr_state_values(state, KR_EW_NSTATE, "ewma_acwr");

	kr_ewma_check_state(s, func);
	return s;
}

/*
 * Add one row (day, load) to the state s, in place.  Rows must come in
 * day order; several rows on one day add up to that day's load.
 */
static void
kr_ewma_add(float8 *s, double day, double load)
{
	double		last = s[KR_EW_LAST];

	if (s[KR_EW_N] == 0.0)
	{
		s[KR_EW_FIRST] = day;
		s[KR_EW_LAST] = day;
		s[KR_EW_FIRST_LOAD] = load;
		s[KR_EW_W_ACUTE] = 1.0;
		s[KR_EW_W_CHRONIC] = 1.0;
		s[KR_EW_TAIL_ACUTE] = 0.0;
		s[KR_EW_TAIL_CHRONIC] = 0.0;
	}
	else if (day == last)
	{
		if (day == s[KR_EW_FIRST])
			s[KR_EW_FIRST_LOAD] += load;
		else
		{
			s[KR_EW_TAIL_ACUTE] += KR_LAMBDA_ACUTE * load;
			s[KR_EW_TAIL_CHRONIC] += KR_LAMBDA_CHRONIC * load;
		}
	}
	else if (day > last)
	{
		/* k days later: everything so far decays by (1 - lambda)^k. */
		double		k = day - last;
		double		da = kr_decay(1.0 - KR_LAMBDA_ACUTE, k);
		double		dc = kr_decay(1.0 - KR_LAMBDA_CHRONIC, k);

		s[KR_EW_W_ACUTE] *= da;
		s[KR_EW_W_CHRONIC] *= dc;
		s[KR_EW_TAIL_ACUTE] = s[KR_EW_TAIL_ACUTE] * da + KR_LAMBDA_ACUTE * load;
		s[KR_EW_TAIL_CHRONIC] = s[KR_EW_TAIL_CHRONIC] * dc + KR_LAMBDA_CHRONIC * load;
		s[KR_EW_LAST] = day;
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ewma_acwr input must be ordered by day"),
				 errdetail("Got day %s after day %s.",
						   DatumGetCString(DirectFunctionCall1(date_out,
															   DateADTGetDatum((DateADT) day))),
						   DatumGetCString(DirectFunctionCall1(date_out,
															   DateADTGetDatum((DateADT) last)))),
				 errhint("Use ewma_acwr(day, load) OVER (PARTITION BY ... ORDER BY day), "
						 "or ewma_acwr(day, load ORDER BY day) as a plain aggregate.")));
	s[KR_EW_N] += 1.0;
	/* finite loads whose sum on one day (or EWMA tail) exceeds float8 */
	if (unlikely(isinf(s[KR_EW_FIRST_LOAD]) || isinf(s[KR_EW_TAIL_ACUTE]) ||
				 isinf(s[KR_EW_TAIL_CHRONIC])))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The loads of ewma_acwr add up beyond the float8 range.")));
}

PG_FUNCTION_INFO_V1(kr_ewma_acwr_accum);
Datum
kr_ewma_acwr_accum(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(1);
	float8		load = PG_GETARG_FLOAT8(2);
	float8	   *s;
	ArrayType  *state;

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("day must be a finite date"),
				 errdetail("Got %s.",
						   DatumGetCString(DirectFunctionCall1(date_out,
															   DateADTGetDatum(day))))));
	kr_check_min(load, "load", 0.0, true, NULL);

	/* In place inside an aggregate (plain or window), else on a copy. */
	state = kr_state_for_update(fcinfo, 0, KR_EW_NSTATE, "ewma_acwr", &s);
	/* inside an aggregate the state is our own: check only a caller's */
	if (!AggCheckCallContext(fcinfo, NULL))
		kr_ewma_check_state(s, "ewma_acwr_accum");
	kr_ewma_add(s, (double) day, load);
	PG_RETURN_ARRAYTYPE_P(state);
}

/*
 * Combine two partial states over disjoint day ranges (they may share one
 * boundary day): the earlier decays to the later one's last day, and the
 * later one's first-day load becomes an ordinary day of the combined
 * series.  Exact in real arithmetic, as EWMA is linear in the loads.
 * States whose day ranges overlap cannot be combined (the order of the
 * days is lost): ERROR.  A window never reaches this (a parallel plan does
 * not split a window); it serves a plain aggregate whose partial states
 * cover consecutive day ranges.
 */
PG_FUNCTION_INFO_V1(kr_ewma_acwr_combine);
Datum
kr_ewma_acwr_combine(PG_FUNCTION_ARGS)
{
	float8	   *s1;
	ArrayType  *state1 = kr_state_for_update(fcinfo, 0, KR_EW_NSTATE, "ewma_acwr", &s1);
	ArrayType  *arr2 = PG_GETARG_ARRAYTYPE_P(1);
	const float8 *s2 = kr_ewma_state_values(arr2, "ewma_acwr_combine");
	const float8 *a;
	const float8 *b;
	float8		r[KR_EW_NSTATE];
	double		da,
				dc,
				fa,
				fc;

	kr_ewma_check_state(s1, "ewma_acwr_combine");
	if (s2[KR_EW_N] == 0.0)
		PG_RETURN_ARRAYTYPE_P(state1);
	if (s1[KR_EW_N] == 0.0)
		PG_RETURN_ARRAYTYPE_P(arr2);

	/*
	 * a is the earlier range, b the later; of two starting on one day, the
	 * one ending first (it can only combine if it is that single day).
	 */
	if (s1[KR_EW_FIRST] < s2[KR_EW_FIRST] ||
		(s1[KR_EW_FIRST] == s2[KR_EW_FIRST] && s1[KR_EW_LAST] <= s2[KR_EW_LAST]))
	{
		a = s1;
		b = s2;
	}
	else
	{
		a = s2;
		b = s1;
	}
	if (a[KR_EW_LAST] > b[KR_EW_FIRST])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ewma_acwr input must be ordered by day"),
				 errdetail("Two partial states cover overlapping day ranges."),
				 errhint("Use ewma_acwr(day, load) OVER (PARTITION BY ... ORDER BY day), "
						 "or ewma_acwr(day, load ORDER BY day) as a plain aggregate.")));

	/* Decay of the earlier state from its last day to b's last day. */
	da = kr_decay(1.0 - KR_LAMBDA_ACUTE, b[KR_EW_LAST] - a[KR_EW_LAST]);
	dc = kr_decay(1.0 - KR_LAMBDA_CHRONIC, b[KR_EW_LAST] - a[KR_EW_LAST]);

	r[KR_EW_N] = a[KR_EW_N] + b[KR_EW_N];
	r[KR_EW_FIRST] = a[KR_EW_FIRST];
	r[KR_EW_LAST] = b[KR_EW_LAST];
	r[KR_EW_FIRST_LOAD] = a[KR_EW_FIRST_LOAD];
	r[KR_EW_W_ACUTE] = a[KR_EW_W_ACUTE] * da;
	r[KR_EW_W_CHRONIC] = a[KR_EW_W_CHRONIC] * dc;
	r[KR_EW_TAIL_ACUTE] = a[KR_EW_TAIL_ACUTE] * da + b[KR_EW_TAIL_ACUTE];
	r[KR_EW_TAIL_CHRONIC] = a[KR_EW_TAIL_CHRONIC] * dc + b[KR_EW_TAIL_CHRONIC];

	/*
	 * b's first-day load: part of the first day when both start on the
	 * same day (a is then that one day), else an ordinary day, weight
	 * lambda, decayed from b's first day to its last (b's own weights).
	 */
	if (b[KR_EW_FIRST] == a[KR_EW_FIRST])
		r[KR_EW_FIRST_LOAD] += b[KR_EW_FIRST_LOAD];
	else
	{
		fa = KR_LAMBDA_ACUTE * b[KR_EW_W_ACUTE] * b[KR_EW_FIRST_LOAD];
		fc = KR_LAMBDA_CHRONIC * b[KR_EW_W_CHRONIC] * b[KR_EW_FIRST_LOAD];
		r[KR_EW_TAIL_ACUTE] += fa;
		r[KR_EW_TAIL_CHRONIC] += fc;
	}

	/* r is complete: overwriting s1 (maybe a) is safe now. */
	memcpy(s1, r, sizeof(r));
	PG_RETURN_ARRAYTYPE_P(state1);
}

/*
 * Acute / chronic EWMA at the last day accumulated; NULL for no rows or a
 * chronic average of 0.  Reads the state only: a window aggregate calls
 * this once per row on the same, still growing state.
 */
PG_FUNCTION_INFO_V1(kr_ewma_acwr_final);
Datum
kr_ewma_acwr_final(PG_FUNCTION_ARGS)
{
	const float8 *s = kr_ewma_state_values(PG_GETARG_ARRAYTYPE_P(0), "ewma_acwr_final");
	double		acute,
				chronic;

	if (s[KR_EW_N] == 0.0)
		PG_RETURN_NULL();
	acute = s[KR_EW_W_ACUTE] * s[KR_EW_FIRST_LOAD] + s[KR_EW_TAIL_ACUTE];
	chronic = s[KR_EW_W_CHRONIC] * s[KR_EW_FIRST_LOAD] + s[KR_EW_TAIL_CHRONIC];
	if (chronic == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(acute / chronic);
}

/*
 * The two averages themselves (acute, chronic), for reports that show
 * them beside the ratio: float8[2], NULL for no rows.
 */
PG_FUNCTION_INFO_V1(kr_ewma_loads_final);
Datum
kr_ewma_loads_final(PG_FUNCTION_ARGS)
{
	const float8 *s = kr_ewma_state_values(PG_GETARG_ARRAYTYPE_P(0), "ewma_loads_final");
	Datum		d[2];

	if (s[KR_EW_N] == 0.0)
		PG_RETURN_NULL();
	d[0] = Float8GetDatumFast(s[KR_EW_W_ACUTE] * s[KR_EW_FIRST_LOAD] + s[KR_EW_TAIL_ACUTE]);
	d[1] = Float8GetDatumFast(s[KR_EW_W_CHRONIC] * s[KR_EW_FIRST_LOAD] + s[KR_EW_TAIL_CHRONIC]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, 2, FLOAT8OID, sizeof(float8),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
