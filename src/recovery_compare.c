/*-------------------------------------------------------------------------
 *
 * recovery_compare.c
 *	  Comparing time to recovery between cohorts: the log-rank test and a
 *	  Cox proportional hazards model with the cohort as one categorical
 *	  covariate, computed from a parallel-safe, mergeable aggregate state,
 *	  the way R's survival package (3.5) does:
 *
 *	  - log-rank (Mantel-Haenszel; survdiff, rho = 0): at each distinct
 *		time with D > 0 events among N at risk, cohort g with n_g at risk
 *		and d_g events: O_g += d_g, E_g += n_g D / N, and (N > 1)
 *		V_gl += D (N - D) / (N - 1) * n_g / N * (delta_gl - n_l / N);
 *		chisq = (O - E)' V^-1 (O - E) over the cohorts with E > 0 less one,
 *		df = their number - 1;
 *	  - Cox (1972) partial likelihood with Efron's (1977) approximation for
 *		tied times: at each time with d events, for r = 0 .. d - 1 the
 *		risk set weight is W_r = sum_g e^b_g (n_g - r / d * d_g);
 *		loglik = sum d_g b_g - sum_r log W_r; score and information follow
 *		(coxph's coxfit6).  Newton-Raphson from b = 0, step halving when the
 *		log likelihood falls, converged when |1 - loglik_old / loglik| <=
 *		1e-9, at most 20 iterations (coxph.control defaults).  Wald CI
 *		exp(b +- z se), Wald p = 2 (1 - Phi(|b| / se)); global tests as
 *		summary(coxph): likelihood ratio 2 (loglik - loglik0), Wald
 *		b' I b, score U0' I0^-1 U0 at b = 0.
 *
 *	  A cohort with no recoveries has an infinite coefficient (its hazard
 *	  ratio is 0; coxph stops with "Loglik converged before variable ...
 *	  coefficient may be infinite").  Here the model is fitted at that
 *	  limit: such cohorts leave every risk set (the limit of e^b -> 0), get
 *	  NULL hazard ratio, CI and p with a note, and the other cohorts'
 *	  figures are those of coxph on the data without them.
 *
 * State: the composite knee_rehab.recovery_compare_data (cohorts text[],
 * data float8[]): the cohort labels in byte order and a float8[]
 * {version, g, k, t1, d1_1, c1_1, ..., d1_g, c1_g, t2, ...}: the k distinct
 * times in ascending order, each with the events and censorings of every
 * cohort (a times x cohorts matrix), possibly with spare rows inside the
 * aggregate.  A composite keeps the labels readable and has text and
 * binary I/O (record_in / record_out), so parallel workers and Citus pass
 * it as they pass any value; the float8[] part is updated in place inside
 * the aggregate like recovery_km's.  Bounds: KR_CMP_MAX_COHORTS cohorts of
 * at most KR_CMP_MAX_LABEL bytes, KR_CMP_MAX_CELLS distinct times x cohorts
 * (ERROR 54000 beyond).
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
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

#include "agg_state.h"
#include "byte_order.h"
#include "composite.h"
#include "gsl_bridge.h"
#include "recovery_row.h"

/* Fields of recovery_compare_data (the state). */
typedef enum CmpField
{
	CMPF_COHORTS,
	CMPF_DATA,
	CMPF_COUNT
} CmpField;

/* Result columns of recovery_logrank. */
typedef enum LogrankCol
{
	LRC_COHORTS,
	LRC_CHISQ,
	LRC_DF,
	LRC_P_VALUE,
	LRC_COUNT
} LogrankCol;

/* Result columns of recovery_hazard_ratios. */
typedef enum HazardCol
{
	HRC_COHORT,
	HRC_EPISODES,
	HRC_RECOVERED,
	HRC_HAZARD_RATIO,
	HRC_CI_LOW,
	HRC_CI_HIGH,
	HRC_P_VALUE,
	HRC_NOTE,
	HRC_COUNT
} HazardCol;

/* Result columns of recovery_cox_tests. */
typedef enum CoxTestCol
{
	CTC_DF,
	CTC_LOGLIK_NULL,
	CTC_LOGLIK,
	CTC_LR_CHISQ,
	CTC_LR_P,
	CTC_WALD_CHISQ,
	CTC_WALD_P,
	CTC_SCORE_CHISQ,
	CTC_SCORE_P,
	CTC_CONVERGED,
	CTC_COUNT
} CoxTestCol;

#define KR_CMP_VERSION		1.0
#define KR_CMP_HEADER		3		/* version, cohorts g, distinct times k */
#define KR_CMP_MAX_COHORTS	100
#define KR_CMP_MAX_LABEL	1000	/* bytes */
#define KR_CMP_MAX_CELLS	200000	/* distinct times x cohorts */
#define KR_CMP_MIN_ROWS		16
#define KR_CMP_NOT_RECORDED "not recorded"
#define KR_COX_EPS			1e-9	/* coxph.control eps */
#define KR_COX_MAXITER		20		/* coxph.control iter.max */

#define CMP_STRIDE(g)	(1 + 2 * (g))
/* Row i of a state's data: time, then (events, censored) per cohort. */
#define CMP_ROW(d, g, i)	((d) + KR_CMP_HEADER + (size_t) CMP_STRIDE(g) * (i))

/* A state read into C: labels point into the (detoasted) text[]. */
typedef struct CmpState
{
	int			g;				/* cohorts */
	int			k;				/* distinct times used */
	int			cap;			/* rows the data array has room for */
	ArrayType  *labels_arr;		/* the (detoasted) text[] */
	const char **label;			/* built by cmp_labels (NULL before) */
	int		   *label_len;
	ArrayType  *data_arr;
	float8	   *d;				/* data of data_arr */
} CmpState;

static const char *const cmp_hint =
"Pass the result of knee_rehab.recovery_compare_state(days, recovered, cohort).";

static void
cmp_malformed(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("state is not a recovery_compare_state state"),
			 errdetail("%s", detail), errhint("%s", cmp_hint)));
}

static void
cmp_too_many_cells(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("recovery_compare_state supports at most %d cells (distinct values of days x cohorts)",
					KR_CMP_MAX_CELLS),
			 errhint("Round days, e.g. to whole days: recovery_compare_state(round(days), recovered, cohort).")));
}

static void
cmp_too_many_cohorts(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("recovery_compare_state supports at most %d cohorts", KR_CMP_MAX_COHORTS),
			 errhint("Group the cohorts into fewer categories.")));
}


/* The state's row type, cached in fn_extra (every caller returns it). */
static TupleDesc
cmp_tupdesc(FunctionCallInfo fcinfo)
{
	return kr_result_tupdesc(fcinfo, (TupleDesc *) &fcinfo->flinfo->fn_extra);
}

/* The label pointers of a state (into its text[]), built once. */
static void
cmp_labels(CmpState *s)
{
	char	   *p;
	int			i;

	if (s->label != NULL)
		return;
	s->label = palloc(sizeof(char *) * Max(s->g, 1));
	s->label_len = palloc(sizeof(int) * Max(s->g, 1));
	if (s->g == 0)
		return;
	p = (char *) s->labels_arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(s->labels_arr));
	for (i = 0; i < s->g; i++)
	{
		s->label[i] = VARDATA_ANY(p);
		s->label_len[i] = VARSIZE_ANY_EXHDR(p);
		p = att_addlength_pointer(p, -1, p);
		p = (char *) att_align_nominal(p, TYPALIGN_INT);
	}
}

/*
 * Read a state.  full: check every entry (a state from a caller); else only
 * the shape (the aggregate's own state).  for_update: the data array must
 * be writable in place (its own, plain storage) or copied.
 */
static void
cmp_read(HeapTupleHeader th, TupleDesc tupdesc, bool full, CmpState *s)
{
	HeapTupleData tuple;
	Datum		values[CMPF_COUNT];
	bool		nulls[CMPF_COUNT];
	ArrayType  *labels;
	ArrayType  *data;
	float8	   *d;
	int			n;
	int			i;
	double		gg,
				kk;

	if (tupdesc->natts != CMPF_COUNT)
		cmp_malformed("It does not have two fields.");
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&(tuple.t_self));
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, tupdesc, values, nulls);
	if (nulls[CMPF_COHORTS] || nulls[CMPF_DATA])
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("state must have non-NULL cohorts and data"),
				 errhint("%s", cmp_hint)));
	labels = DatumGetArrayTypeP(values[CMPF_COHORTS]);
	data = DatumGetArrayTypeP(values[CMPF_DATA]);
	if (ARR_NDIM(data) != 1 || ARR_HASNULL(data) || ARR_ELEMTYPE(data) != FLOAT8OID ||
		ARR_NDIM(labels) > 1 || ARR_HASNULL(labels) || ARR_ELEMTYPE(labels) != TEXTOID)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("state must hold a one-dimensional text array and a one-dimensional float8 array without NULLs"),
				 errhint("%s", cmp_hint)));
	n = ARR_DIMS(data)[0];
	d = KR_FLOAT8_DATA(data);
	if (n < KR_CMP_HEADER || d[0] != KR_CMP_VERSION)
		cmp_malformed("Its data array does not start with version 1, cohorts, times.");
	gg = d[1];
	kk = d[2];
	if (!(gg >= 0 && gg <= KR_CMP_MAX_COHORTS && gg == floor(gg)))
		cmp_malformed("Its count of cohorts is not a whole number from 0 to 100.");
	s->g = (int) gg;
	if (!(kk >= 0 && kk * Max(s->g, 1) <= KR_CMP_MAX_CELLS && kk == floor(kk) &&
		  KR_CMP_HEADER + CMP_STRIDE(s->g) * kk <= n))
		cmp_malformed("Its count of distinct times does not fit the array.");
	s->k = (int) kk;
	s->cap = (n - KR_CMP_HEADER) / CMP_STRIDE(s->g);
	if ((ARR_NDIM(labels) == 0 ? 0 : ARR_DIMS(labels)[0]) != s->g)
		cmp_malformed("Its count of cohorts differs from its number of labels.");
	if (s->g == 0 && s->k > 0)
		cmp_malformed("It has times but no cohorts.");
	s->data_arr = data;
	s->d = d;

	s->labels_arr = labels;
	s->label = NULL;
	s->label_len = NULL;
	if (full)
	{
		cmp_labels(s);
		for (i = 0; i < s->g; i++)
			if (s->label_len[i] > KR_CMP_MAX_LABEL ||
				(i > 0 && kr_bytes_cmp(s->label[i - 1], s->label_len[i - 1],
										s->label[i], s->label_len[i]) >= 0))
				cmp_malformed("Its cohort labels are not distinct, in byte order, of at most 1000 bytes.");
	}

	if (full)
	{
		double		total = 0.0;

		for (i = 0; i < s->k; i++)
		{
			float8	   *r = CMP_ROW(d, s->g, i);
			double		rowtotal = 0.0;
			int			c;

			if (!(isfinite(r[0]) && r[0] >= 0 && (i == 0 || r[0] > CMP_ROW(d, s->g, i - 1)[0])))
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("state is not a recovery_compare_state state"),
						 errdetail("Time %d is not finite, >= 0 and above the time before it.", i + 1),
						 errhint("%s", cmp_hint)));
			for (c = 1; c <= 2 * s->g; c++)
			{
				if (!(r[c] >= 0 && r[c] == floor(r[c]) && r[c] <= KR_FLOAT8_EXACT_MAX))
					ereport(ERROR,
							(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
							 errmsg("state is not a recovery_compare_state state"),
							 errdetail("Time %d has a count that is not a whole number >= 0.", i + 1),
							 errhint("%s", cmp_hint)));
				rowtotal += r[c];
			}
			if (rowtotal < 1)
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("state is not a recovery_compare_state state"),
						 errdetail("Time %d has no episodes.", i + 1),
						 errhint("%s", cmp_hint)));
			total += rowtotal;
			if (total > KR_FLOAT8_EXACT_MAX)
				cmp_malformed("Its counts add up to more than 2^53 episodes.");
		}
	}
}

static void
cmp_read_datum(Datum state, TupleDesc tupdesc, bool full, CmpState *s)
{
	cmp_read(DatumGetHeapTupleHeader(state), tupdesc, full, s);
}

/* A caller's state argument, with its row type looked up. */
static void
cmp_read_arg(FunctionCallInfo fcinfo, int argno, CmpState *s)
{
	HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER(argno);
	TupleDesc	tupdesc;

	tupdesc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
	PG_TRY();
	{
		cmp_read(th, tupdesc, true, s);
	}
	PG_FINALLY();
	{
		ReleaseTupleDesc(tupdesc);
	}
	PG_END_TRY();
}

/* A data array for g cohorts with room for cap rows, k of them used (zeroed). */
static ArrayType *
cmp_new_data(int g, int k, int cap)
{
	int			nelems = KR_CMP_HEADER + CMP_STRIDE(g) * cap;
	ArrayType  *arr = kr_float8_array_zeroed(nelems);
	float8	   *d;

	d = KR_FLOAT8_DATA(arr);
	d[0] = KR_CMP_VERSION;
	d[1] = g;
	d[2] = k;
	return arr;
}

/*
 * The state datum from g labels and a filled data array.  (A data array
 * under 127 bytes is stored with a short header inside the row, so the rows
 * are filled before, never through the row.)
 */
static Datum
cmp_build(TupleDesc tupdesc, int g, const char **label, const int *label_len,
		  ArrayType *data)
{
	Datum	   *ld = palloc(sizeof(Datum) * Max(g, 1));
	Datum		values[CMPF_COUNT];
	bool		nulls[CMPF_COUNT] = {false};
	int			i;

	for (i = 0; i < g; i++)
		ld[i] = PointerGetDatum(cstring_to_text_with_len(label[i], label_len[i]));
	values[CMPF_COHORTS] = PointerGetDatum(construct_array(ld, g, TEXTOID, -1, false, TYPALIGN_INT));
	values[CMPF_DATA] = PointerGetDatum(data);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * Find a label; returns its index or -(insertion point) - 1.  Walks the
 * text[] in place (no allocation: this runs once per row).
 */
static int
cmp_find_label(const CmpState *s, const char *lab, int len)
{
	char	   *p;
	int			i;

	if (s->g == 0)
		return -1;
	p = (char *) s->labels_arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(s->labels_arr));
	for (i = 0; i < s->g; i++)
	{
		int			c = kr_bytes_cmp(VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p), lab, len);

		if (c == 0)
			return i;
		if (c > 0)
			break;
		p = att_addlength_pointer(p, -1, p);
		p = (char *) att_align_nominal(p, TYPALIGN_INT);
	}
	return -i - 1;
}

/*
 * recovery_compare_accum(state, days, recovered, cohort): add one episode.
 * NULL days or recovered: the row is ignored; NULL cohort: 'not recorded'.
 */
PG_FUNCTION_INFO_V1(kr_recovery_compare_accum);
Datum
kr_recovery_compare_accum(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	CmpState	s;
	float8		days;
	bool		recovered;
	bool		in_agg;
	const char *lab;
	int			len;
	int			ci;
	int			lo,
				hi;
	Datum		result;
	float8	   *r;

	if (!kr_recovery_row(fcinfo, &days, &recovered))
	{
		/* a row without days or recovered is skipped */
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(3))
	{
		lab = KR_CMP_NOT_RECORDED;
		len = strlen(KR_CMP_NOT_RECORDED);
	}
	else
	{
		text	   *t = PG_GETARG_TEXT_PP(3);

		lab = VARDATA_ANY(t);
		len = VARSIZE_ANY_EXHDR(t);
		if (len > KR_CMP_MAX_LABEL)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("cohort must be at most %d bytes long", KR_CMP_MAX_LABEL),
					 errdetail("The cohort given has %d bytes.", len)));
	}

	tupdesc = cmp_tupdesc(fcinfo);
	in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	if (PG_ARGISNULL(0))
	{
		result = cmp_build(tupdesc, 1, &lab, &len, cmp_new_data(1, 0, KR_CMP_MIN_ROWS));
		cmp_read_datum(result, tupdesc, false, &s);
		ci = 0;
	}
	else
	{
		result = PG_GETARG_DATUM(0);
		if (!in_agg)
		{
			/* a caller's state: check it in full and work on a copy */
			HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER_COPY(0);

			result = PointerGetDatum(th);
			cmp_read_datum(result, tupdesc, true, &s);
		}
		else
			cmp_read_datum(result, tupdesc, false, &s);

		/*
		 * The data is updated in place: it must be the tuple's own plain
		 * array (not a detoasted copy of a compressed or short one);
		 * otherwise continue on a rebuilt copy with spare rows.
		 */
		if (VARATT_IS_EXTENDED(DatumGetPointer(result)) ||
			(char *) s.data_arr < (char *) DatumGetPointer(result) ||
			(char *) s.data_arr >= (char *) DatumGetPointer(result) + VARSIZE(DatumGetPointer(result)))
		{
			ArrayType  *na = cmp_new_data(s.g, s.k, Max(s.k + 1, KR_CMP_MIN_ROWS));

			cmp_labels(&s);

			memcpy(CMP_ROW(KR_FLOAT8_DATA(na), s.g, 0), CMP_ROW(s.d, s.g, 0),
				   sizeof(float8) * CMP_STRIDE(s.g) * s.k);
			result = cmp_build(tupdesc, s.g, s.label, s.label_len, na);
			cmp_read_datum(result, tupdesc, false, &s);
		}
		ci = cmp_find_label(&s, lab, len);
	}

	if (ci < 0)
	{
		/* A new cohort: rebuild with a zero column at its place. */
		int			at = -ci - 1;
		int			g = s.g + 1;
		const char **labels = palloc(sizeof(char *) * g);
		int		   *lens = palloc(sizeof(int) * g);
		ArrayType  *na;
		float8	   *nd;
		int			i;

		if (g > KR_CMP_MAX_COHORTS)
			cmp_too_many_cohorts();
		if ((double) Max(s.k, 1) * g > KR_CMP_MAX_CELLS)
			cmp_too_many_cells();
		cmp_labels(&s);
		for (i = 0; i < g; i++)
		{
			int			from = i < at ? i : i - 1;

			labels[i] = i == at ? lab : s.label[from];
			lens[i] = i == at ? len : s.label_len[from];
		}
		na = cmp_new_data(g, s.k, Max(s.k + 1, KR_CMP_MIN_ROWS));
		nd = KR_FLOAT8_DATA(na);
		for (i = 0; i < s.k; i++)
		{
			float8	   *o = CMP_ROW(s.d, s.g, i);
			float8	   *n = CMP_ROW(nd, g, i);

			n[0] = o[0];
			memcpy(n + 1, o + 1, sizeof(float8) * 2 * at);
			memcpy(n + 1 + 2 * (at + 1), o + 1 + 2 * at, sizeof(float8) * 2 * (s.g - at));
		}
		result = cmp_build(tupdesc, g, labels, lens, na);
		cmp_read_datum(result, tupdesc, false, &s);
		ci = at;
	}

	/* First row whose time is >= days. */
	lo = 0;
	hi = s.k;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (CMP_ROW(s.d, s.g, mid)[0] < days)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!(lo < s.k && CMP_ROW(s.d, s.g, lo)[0] == days))
	{
		/* A new time: insert a row. */
		if ((double) (s.k + 1) * s.g > KR_CMP_MAX_CELLS)
			cmp_too_many_cells();
		if (s.k >= s.cap)
		{
			/* grow into a new state (never repalloc the executor's value) */
			int			cap = Min(Max(2 * s.k, KR_CMP_MIN_ROWS), KR_CMP_MAX_CELLS / Max(s.g, 1));
			ArrayType  *na = cmp_new_data(s.g, s.k, cap);

			cmp_labels(&s);

			memcpy(CMP_ROW(KR_FLOAT8_DATA(na), s.g, 0), CMP_ROW(s.d, s.g, 0),
				   sizeof(float8) * CMP_STRIDE(s.g) * s.k);
			result = cmp_build(tupdesc, s.g, s.label, s.label_len, na);
			cmp_read_datum(result, tupdesc, false, &s);
		}
		memmove(CMP_ROW(s.d, s.g, lo + 1), CMP_ROW(s.d, s.g, lo),
				sizeof(float8) * CMP_STRIDE(s.g) * (s.k - lo));
		r = CMP_ROW(s.d, s.g, lo);
		memset(r, 0, sizeof(float8) * CMP_STRIDE(s.g));
		r[0] = days;
		s.k++;
		s.d[2] = s.k;
	}
	r = CMP_ROW(s.d, s.g, lo);
	r[1 + 2 * ci + (recovered ? 0 : 1)] += 1;
	PG_RETURN_DATUM(result);
}

/*
 * Add a time's row o of a part with g cohorts into the merged row n: the
 * time, and each cohort's events and censored counts into the merged
 * cohort map[c].
 */
static inline void
cmp_add_row(float8 *n, const float8 *o, int g, const int *map)
{
	int			c;

	n[0] = o[0];
	for (c = 0; c < g; c++)
	{
		n[1 + 2 * map[c]] += o[1 + 2 * c];
		n[2 + 2 * map[c]] += o[2 + 2 * c];
	}
}

/* Merge two states into a new, compact one (labels and times unioned). */
static Datum
cmp_merge(TupleDesc tupdesc, CmpState *a, CmpState *b)
{
	const char **labels = palloc(sizeof(char *) * (a->g + b->g + 1));
	int		   *lens = palloc(sizeof(int) * (a->g + b->g + 1));
	int		   *amap = palloc(sizeof(int) * (a->g + 1));
	int		   *bmap = palloc(sizeof(int) * (b->g + 1));
	int			g = 0,
				k = 0,
				i = 0,
				j = 0;
	ArrayType  *na;
	float8	   *nd;

	if (a->g > 0)
		cmp_labels(a);
	if (b->g > 0)
		cmp_labels(b);
	while (i < a->g || j < b->g)
	{
		int			c;

		if (j >= b->g)
			c = -1;
		else if (i >= a->g)
			c = 1;
		else
			c = kr_bytes_cmp(a->label[i], a->label_len[i], b->label[j], b->label_len[j]);
		if (c <= 0)
		{
			labels[g] = a->label[i];
			lens[g] = a->label_len[i];
			amap[i++] = g;
		}
		else
		{
			labels[g] = b->label[j];
			lens[g] = b->label_len[j];
		}
		if (c >= 0)
			bmap[j++] = g;
		g++;
	}
	if (g > KR_CMP_MAX_COHORTS)
		cmp_too_many_cohorts();

	i = j = 0;
	while (i < a->k || j < b->k)
	{
		if (j >= b->k || (i < a->k && CMP_ROW(a->d, a->g, i)[0] < CMP_ROW(b->d, b->g, j)[0]))
			i++;
		else if (i >= a->k || CMP_ROW(b->d, b->g, j)[0] < CMP_ROW(a->d, a->g, i)[0])
			j++;
		else
			i++, j++;
		k++;
	}
	if ((double) k * g > KR_CMP_MAX_CELLS)
		cmp_too_many_cells();

	na = cmp_new_data(g, k, k);
	nd = KR_FLOAT8_DATA(na);
	i = j = k = 0;
	while (i < a->k || j < b->k)
	{
		float8	   *n = CMP_ROW(nd, g, k);
		bool		use_a,
					use_b;

		if (j >= b->k)
			use_a = true, use_b = false;
		else if (i >= a->k)
			use_a = false, use_b = true;
		else
		{
			double		ta = CMP_ROW(a->d, a->g, i)[0],
						tb = CMP_ROW(b->d, b->g, j)[0];

			use_a = ta <= tb;
			use_b = tb <= ta;
		}
		if (use_a)
			cmp_add_row(n, CMP_ROW(a->d, a->g, i++), a->g, amap);
		if (use_b)
			cmp_add_row(n, CMP_ROW(b->d, b->g, j++), b->g, bmap);
		k++;
	}
	return cmp_build(tupdesc, g, labels, lens, na);
}

/*
 * recovery_compare_combine(a, b): inside an aggregate the first argument is
 * the aggregate's own state; the second may be a caller's (as the
 * transition of recovery_compare_merge), so it is always checked in full.
 */
PG_FUNCTION_INFO_V1(kr_recovery_compare_combine);
Datum
kr_recovery_compare_combine(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	CmpState	a,
				b;
	bool		in_agg;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	tupdesc = cmp_tupdesc(fcinfo);
	in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	if (PG_ARGISNULL(1))
	{
		if (!in_agg)
			cmp_read_datum(PG_GETARG_DATUM(0), tupdesc, true, &a);
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	cmp_read_datum(PG_GETARG_DATUM(1), tupdesc, true, &b);
	if (PG_ARGISNULL(0))
	{
		/* a compact copy of b (a caller's state may have spare rows) */
		CmpState	empty = {0};

		return cmp_merge(tupdesc, &empty, &b);
	}
	cmp_read_datum(PG_GETARG_DATUM(0), tupdesc, !in_agg, &a);
	return cmp_merge(tupdesc, &a, &b);
}

/* The compact state (the recovery_compare_state / _merge result). */
PG_FUNCTION_INFO_V1(kr_recovery_compare_state_final);
Datum
kr_recovery_compare_state_final(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc = cmp_tupdesc(fcinfo);
	CmpState	s = {0};
	CmpState	empty = {0};

	if (!PG_ARGISNULL(0))
		cmp_read_datum(PG_GETARG_DATUM(0), tupdesc, true, &s);
	return cmp_merge(tupdesc, &s, &empty);
}

/* ---- analysis --------------------------------------------------------- */

/*
 * The data laid out for the tests: per distinct time with events, per
 * cohort, n at risk and d events (times with no events only change n).
 */
typedef struct CmpTimes
{
	int			g;
	int			m;				/* times with at least one event */
	double	   *n;				/* m x g at risk */
	double	   *ev;				/* m x g events */
	double	   *dtot;			/* m events in all */
	double	   *episodes;		/* g */
	double	   *events;			/* g */
} CmpTimes;

static void
cmp_times(const CmpState *s, CmpTimes *t)
{
	int			g = s->g;
	double	   *atrisk = palloc0(sizeof(double) * Max(g, 1));
	int			i,
				c,
				m = 0;

	t->g = g;
	t->episodes = palloc0(sizeof(double) * Max(g, 1));
	t->events = palloc0(sizeof(double) * Max(g, 1));
	for (i = 0; i < s->k; i++)
	{
		float8	   *r = CMP_ROW(s->d, g, i);
		double		dt = 0;

		for (c = 0; c < g; c++)
		{
			t->episodes[c] += r[1 + 2 * c] + r[2 + 2 * c];
			t->events[c] += r[1 + 2 * c];
			dt += r[1 + 2 * c];
		}
		if (dt > 0)
			m++;
	}
	t->m = m;
	t->n = palloc(sizeof(double) * Max(m * g, 1));
	t->ev = palloc(sizeof(double) * Max(m * g, 1));
	t->dtot = palloc(sizeof(double) * Max(m, 1));
	/* at risk at time i: episodes with time >= t_i (censored at t_i included) */
	for (c = 0; c < g; c++)
		atrisk[c] = t->episodes[c];
	m = 0;
	for (i = 0; i < s->k; i++)
	{
		float8	   *r = CMP_ROW(s->d, g, i);
		double		dt = 0;

		for (c = 0; c < g; c++)
			dt += r[1 + 2 * c];
		if (dt > 0)
		{
			for (c = 0; c < g; c++)
			{
				t->n[m * g + c] = atrisk[c];
				t->ev[m * g + c] = r[1 + 2 * c];
			}
			t->dtot[m] = dt;
			m++;
		}
		for (c = 0; c < g; c++)
			atrisk[c] -= r[1 + 2 * c] + r[2 + 2 * c];
	}
}

/*
 * x' A^-1 x for a symmetric positive definite p x p matrix A (row-major,
 * overwritten) by GSL's Cholesky; false when A is not positive definite.
 * With GSL's error handler off (_PG_init) the status is returned, not
 * aborted on.  If sol is given, A^-1 x is stored there.
 */
static bool
cmp_quad_form(double *a, const double *x, int p, double *result, double *sol)
{
	gsl_matrix_view A = gsl_matrix_view_array(a, p, p);
	gsl_vector_const_view X = gsl_vector_const_view_array(x, p);
	gsl_vector *s = gsl_vector_alloc(p);
	int			status;
	int			i;

	if (s == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory in GSL")));
	status = gsl_linalg_cholesky_decomp1(&A.matrix);
	if (status == GSL_SUCCESS)
		status = gsl_linalg_cholesky_solve(&A.matrix, &X.vector, s);
	if (status != GSL_SUCCESS)
	{
		gsl_vector_free(s);
		return false;
	}
	*result = 0;
	for (i = 0; i < p; i++)
	{
		*result += x[i] * gsl_vector_get(s, i);
		if (sol)
			sol[i] = gsl_vector_get(s, i);
	}
	gsl_vector_free(s);
	return true;
}

/* Invert a symmetric positive definite matrix in place; false if not PD. */
static bool
cmp_invert(double *a, int p)
{
	gsl_matrix_view A = gsl_matrix_view_array(a, p, p);

	if (gsl_linalg_cholesky_decomp1(&A.matrix) != GSL_SUCCESS)
		return false;
	return gsl_linalg_cholesky_invert(&A.matrix) == GSL_SUCCESS;
}

static double
cmp_chisq_p(double chisq, int df)
{
	return kr_gsl_value(gsl_cdf_chisq_Q(chisq, df), "chi-square distribution");
}

/* recovery_logrank(state) -> (cohorts, chisq, df, p_value) */
PG_FUNCTION_INFO_V1(kr_recovery_logrank);
Datum
kr_recovery_logrank(PG_FUNCTION_ARGS)
{
	CmpState	s;
	CmpTimes	t;
	int			g,
				i,
				c,
				l,
				p;
	double	   *o,
			   *e,
			   *v,
			   *x,
			   *vv;
	int		   *use;
	Datum		values[LRC_COUNT];
	bool		nulls[LRC_COUNT] = {false};
	double		chisq;

	cmp_read_arg(fcinfo, 0, &s);
	cmp_times(&s, &t);
	g = s.g;
	o = palloc0(sizeof(double) * Max(g, 1));
	e = palloc0(sizeof(double) * Max(g, 1));
	v = palloc0(sizeof(double) * Max(g * g, 1));
	for (i = 0; i < t.m; i++)
	{
		double		dd = t.dtot[i];
		double		nn = 0;
		const double *n = t.n + i * g;

		for (c = 0; c < g; c++)
			nn += n[c];
		for (c = 0; c < g; c++)
		{
			o[c] += t.ev[i * g + c];
			e[c] += n[c] * dd / nn;
		}
		if (nn > 1)
		{
			double		f = dd * (nn - dd) / (nn - 1);

			for (c = 0; c < g; c++)
				for (l = 0; l < g; l++)
					v[c * g + l] += f * n[c] / nn * ((c == l ? 1.0 : 0.0) - n[l] / nn);
		}
	}
	/* the cohorts with E > 0 (survdiff), less the first */
	use = palloc(sizeof(int) * Max(g, 1));
	p = 0;
	for (c = 0; c < g; c++)
		if (e[c] > 0)
			use[p++] = c;
	values[LRC_COHORTS] = Int32GetDatum(g);
	values[LRC_DF] = Int32GetDatum(Max(p - 1, 0));
	if (p < 2)
	{
		/* one cohort, or no recoveries: nothing to compare (R: chisq 0) */
		values[LRC_CHISQ] = Float8GetDatum(0.0);
		nulls[LRC_P_VALUE] = true;
	}
	else
	{
		p--;
		x = palloc(sizeof(double) * p);
		vv = palloc(sizeof(double) * p * p);
		for (c = 0; c < p; c++)
		{
			x[c] = o[use[c + 1]] - e[use[c + 1]];
			for (l = 0; l < p; l++)
				vv[c * p + l] = v[use[c + 1] * g + use[l + 1]];
		}
		if (cmp_quad_form(vv, x, p, &chisq, NULL))
		{
			values[LRC_CHISQ] = Float8GetDatum(chisq);
			values[LRC_P_VALUE] = Float8GetDatum(cmp_chisq_p(chisq, p));
		}
		else
		{
			/* no variance (e.g. everyone at risk recovers at every time) */
			nulls[LRC_CHISQ] = nulls[LRC_P_VALUE] = true;
		}
	}
	return kr_make_composite(fcinfo, values, nulls);
}

/*
 * The Newton step of the Cox fit: solve info step = u (info is copied to
 * work, p x p, first); a singular information matrix: 22000 with why as
 * the detail.
 */
static void
cox_newton_step(const double *info, const double *u, int p, double *work,
				double *step, const char *why)
{
	double		dummy;

	memcpy(work, info, sizeof(double) * p * p);
	if (!cmp_quad_form(work, u, p, &dummy, step))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the Cox model cannot be fitted: its information matrix is singular"),
				 errdetail("%s", why)));
}

/*
 * Efron log partial likelihood, score and information at beta for the
 * cohorts listed in use[0..q-1] (use[0] is the reference, coefficient 0;
 * the others are parameters 0..q-2).  Cohorts not listed are left out of
 * every risk set.  u (p) and info (p x p) may be NULL.
 */
static double
cox_efron(const CmpTimes *t, const int *use, int q, const double *beta,
		  double *u, double *info)
{
	int			g = t->g;
	int			p = q - 1;
	double		loglik = 0;
	double	   *eb = palloc(sizeof(double) * q);
	double	   *w = palloc(sizeof(double) * q);
	double	   *wn = palloc(sizeof(double) * q);
	double	   *wd = palloc(sizeof(double) * q);
	int			i,
				a,
				b;

	for (a = 0; a < q; a++)
		eb[a] = a == 0 ? 1.0 : exp(beta[a - 1]);
	if (u)
		memset(u, 0, sizeof(double) * Max(p, 1));
	if (info)
		memset(info, 0, sizeof(double) * Max(p * p, 1));
	for (i = 0; i < t->m; i++)
	{
		double		dd = 0;
		double		r;

		for (a = 0; a < q; a++)
		{
			double		ev = t->ev[i * g + use[a]];

			wn[a] = eb[a] * t->n[i * g + use[a]];
			wd[a] = eb[a] * ev;
			dd += ev;
			if (a > 0)
			{
				loglik += ev * beta[a - 1];
				if (u)
					u[a - 1] += ev;
			}
		}
		if (dd == 0)
			continue;
		for (r = 0; r < dd; r++)
		{
			double		frac = r / dd;
			double		W = 0;

			for (a = 0; a < q; a++)
			{
				w[a] = wn[a] - frac * wd[a];
				W += w[a];
			}
			loglik -= log(W);
			for (a = 1; a < q; a++)
			{
				double		ma = w[a] / W;

				if (u)
					u[a - 1] -= ma;
				if (info)
				{
					info[(a - 1) * p + (a - 1)] += ma;
					for (b = 1; b < q; b++)
						info[(a - 1) * p + (b - 1)] -= ma * w[b] / W;
				}
			}
		}
	}
	return loglik;
}

/* The fitted model. */
typedef struct CoxFit
{
	int			g;
	int			ref;			/* reference cohort */
	int			q;				/* cohorts in the model (ref first) */
	int		   *use;
	int			p;				/* parameters: q - 1 */
	double	   *beta;
	double	   *var;			/* p x p inverse information at beta */
	double	   *info;			/* p x p information at beta */
	double		loglik0;		/* at beta = 0, all cohorts in the risk sets */
	double		loglik;
	bool		score_ok;
	double		score;			/* score test, all cohorts at beta = 0 */
	int			score_df;
	bool		converged;
	int			iter;
	int			infinite;		/* cohorts left out (no recoveries) */
} CoxFit;

static void
cox_fit(const CmpState *s, const CmpTimes *t, const char *reflab, int reflen, CoxFit *f)
{
	int			g = s->g;
	int			c,
				i,
				a;
	double	   *beta,
			   *newbeta,
			   *u,
			   *info,
			   *tmp,
			   *step,
			   *zero;
	double		loglik,
				newlk;
	bool		halving = false;
	int		   *all;
	int			qall;

	memset(f, 0, sizeof(*f));
	f->g = g;
	/* the reference: the one named, or the largest cohort with recoveries */
	if (reflab != NULL)
	{
		f->ref = cmp_find_label(s, reflab, reflen);
		if (f->ref < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("reference cohort \"%.*s\" is not in the state", reflen, reflab),
					 errhint("Name one of the state's cohorts, or pass NULL for the largest.")));
		if (t->events[f->ref] == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("reference cohort \"%.*s\" has no recoveries", reflen, reflab),
					 errdetail("Every hazard ratio against it would be infinite."),
					 errhint("Choose a reference cohort with recoveries, or pass NULL for the largest.")));
	}
	else
	{
		f->ref = -1;
		for (c = 0; c < g; c++)
			if (t->events[c] > 0 &&
				(f->ref < 0 || t->episodes[c] > t->episodes[f->ref]))
				f->ref = c;		/* byte order: the first of equal sizes */
		if (f->ref < 0)
		{
			/* no recoveries at all: the largest cohort, nothing fitted */
			for (c = 0; c < g; c++)
				if (f->ref < 0 || t->episodes[c] > t->episodes[f->ref])
					f->ref = c;
		}
	}
	/* the model's cohorts: the reference, then those with recoveries */
	f->use = palloc(sizeof(int) * Max(g, 1));
	f->q = 0;
	if (g > 0)
		f->use[f->q++] = f->ref;
	for (c = 0; c < g; c++)
		if (c != f->ref && t->events[c] > 0)
			f->use[f->q++] = c;
	f->infinite = g > 0 ? g - f->q : 0;
	f->p = Max(f->q - 1, 0);

	/*
	 * Null model (beta = 0, every cohort in the risk sets) and the score
	 * test over every cohort that is at risk at some recovery (the others
	 * have zero score and information: R's generalised inverse drops them).
	 */
	all = palloc(sizeof(int) * Max(g, 1));
	qall = 0;
	if (g > 0)
		all[qall++] = f->ref;
	for (c = 0; c < g; c++)
	{
		bool		atrisk = false;

		for (i = 0; i < t->m && !atrisk; i++)
			atrisk = t->n[i * g + c] > 0;
		if (c != f->ref && atrisk)
			all[qall++] = c;
	}
	zero = palloc0(sizeof(double) * Max(g, 1));
	if (g > 0)
	{
		int			pa = Max(qall - 1, 0);
		double	   *ua = palloc(sizeof(double) * Max(pa, 1));
		double	   *ia = palloc(sizeof(double) * Max(pa * pa, 1));

		f->loglik0 = cox_efron(t, all, qall, zero, ua, ia);
		f->score_df = pa;
		f->score_ok = pa > 0 && cmp_quad_form(ia, ua, pa, &f->score, NULL);
	}
	f->loglik = f->loglik0;
	f->converged = true;
	if (f->p == 0)
		return;

	/* Newton-Raphson with step halving (coxph's coxfit6). */
	beta = palloc0(sizeof(double) * f->p);
	newbeta = palloc0(sizeof(double) * f->p);
	u = palloc(sizeof(double) * f->p);
	info = palloc(sizeof(double) * f->p * f->p);
	tmp = palloc(sizeof(double) * f->p * f->p);
	step = palloc(sizeof(double) * f->p);
	loglik = cox_efron(t, f->use, f->q, beta, u, info);
	cox_newton_step(info, u, f->p, tmp, step,
					"The cohorts' recoveries do not overlap in time enough to compare them.");
	for (a = 0; a < f->p; a++)
		newbeta[a] = beta[a] + step[a];
	f->converged = false;
	for (f->iter = 1; f->iter <= KR_COX_MAXITER; f->iter++)
	{
		newlk = cox_efron(t, f->use, f->q, newbeta, u, info);
		if (fabs(1 - loglik / newlk) <= KR_COX_EPS && !halving)
		{
			loglik = newlk;
			f->converged = true;
			break;
		}
		if (f->iter == KR_COX_MAXITER)
			break;
		if (newlk < loglik)
		{
			halving = true;
			for (a = 0; a < f->p; a++)
				newbeta[a] = (newbeta[a] + beta[a]) / 2;
		}
		else
		{
			halving = false;
			loglik = newlk;
			cox_newton_step(info, u, f->p, tmp, step,
							"A hazard ratio is heading to 0 or infinity (monotone likelihood).");
			for (a = 0; a < f->p; a++)
			{
				beta[a] = newbeta[a];
				newbeta[a] = newbeta[a] + step[a];
			}
		}
	}
	if (!f->converged)
	{
		/* as coxph: the last iterate, at which u and info were computed */
		loglik = newlk;
	}
	f->beta = newbeta;
	f->loglik = loglik;
	f->info = palloc(sizeof(double) * f->p * f->p);
	memcpy(f->info, info, sizeof(double) * f->p * f->p);
	f->var = info;
	if (!cmp_invert(f->var, f->p))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the Cox model cannot be fitted: its information matrix is singular"),
				 errdetail("A hazard ratio is heading to 0 or infinity (monotone likelihood).")));
}

static void
cmp_read_reference(FunctionCallInfo fcinfo, const char **lab, int *len)
{
	if (PG_NARGS() < 2 || PG_ARGISNULL(1))
	{
		*lab = NULL;
		*len = 0;
	}
	else
	{
		text	   *t = PG_GETARG_TEXT_PP(1);

		*lab = VARDATA_ANY(t);
		*len = VARSIZE_ANY_EXHDR(t);
	}
}

/*
 * recovery_hazard_ratios(state, reference) -> SETOF (cohort, episodes,
 * recovered, hazard_ratio, ci_low, ci_high, p_value, note), cohorts in the
 * state's (byte) order.
 */
PG_FUNCTION_INFO_V1(kr_recovery_hazard_ratios);
Datum
kr_recovery_hazard_ratios(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CmpState	s;
	CmpTimes	t;
	CoxFit		f;
	const char *reflab;
	int			reflen;
	double		z;
	int		   *param;
	int			c,
				a;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;		/* no state: no rows */
	cmp_read_arg(fcinfo, 0, &s);
	cmp_read_reference(fcinfo, &reflab, &reflen);
	cmp_times(&s, &t);
	cox_fit(&s, &t, reflab, reflen, &f);
	z = kr_gsl_value(gsl_cdf_ugaussian_Pinv(0.975), "normal quantile");
	param = palloc(sizeof(int) * Max(s.g, 1));
	for (c = 0; c < s.g; c++)
		param[c] = -1;
	for (a = 1; a < f.q; a++)
		param[f.use[a]] = a - 1;
	for (c = 0; c < s.g; c++)
	{
		Datum		values[HRC_COUNT];
		bool		nulls[HRC_COUNT] = {false};

		values[HRC_COHORT] = PointerGetDatum(cstring_to_text_with_len(s.label[c], s.label_len[c]));
		values[HRC_EPISODES] = Int64GetDatum((int64) t.episodes[c]);
		values[HRC_RECOVERED] = Int64GetDatum((int64) t.events[c]);
		nulls[HRC_HAZARD_RATIO] = nulls[HRC_CI_LOW] = nulls[HRC_CI_HIGH] = true;
		nulls[HRC_P_VALUE] = nulls[HRC_NOTE] = true;
		if (c == f.ref)
		{
			values[HRC_HAZARD_RATIO] = Float8GetDatum(1.0);
			nulls[HRC_HAZARD_RATIO] = false;
			values[HRC_NOTE] = CStringGetTextDatum(t.events[c] > 0 ? "reference" :
											"reference; no recoveries in any cohort: nothing to compare");
			nulls[HRC_NOTE] = false;
		}
		else if (param[c] < 0)
		{
			values[HRC_NOTE] = CStringGetTextDatum(t.events[f.ref] > 0 ?
											"no recoveries: hazard ratio 0 (coefficient -infinity), not estimated; left out of the model" :
											"no recoveries in any cohort: nothing to compare");
			nulls[HRC_NOTE] = false;
		}
		else
		{
			int			i = param[c];
			double		b = f.beta[i];
			double		se = sqrt(f.var[i * f.p + i]);

			values[HRC_HAZARD_RATIO] = Float8GetDatum(exp(b));
			values[HRC_CI_LOW] = Float8GetDatum(exp(b - z * se));
			values[HRC_CI_HIGH] = Float8GetDatum(exp(b + z * se));
			values[HRC_P_VALUE] = Float8GetDatum(cmp_chisq_p((b / se) * (b / se), 1));
			nulls[HRC_HAZARD_RATIO] = nulls[HRC_CI_LOW] = false;
			nulls[HRC_CI_HIGH] = nulls[HRC_P_VALUE] = false;
			if (!f.converged)
			{
				values[HRC_NOTE] = CStringGetTextDatum("did not converge in 20 iterations: the hazard ratio may be 0 or infinite");
				nulls[HRC_NOTE] = false;
			}
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * recovery_cox_tests(state, reference) -> (df, loglik_null, loglik,
 * lr_chisq, lr_p, wald_chisq, wald_p, score_chisq, score_p, converged)
 */
PG_FUNCTION_INFO_V1(kr_recovery_cox_tests);
Datum
kr_recovery_cox_tests(PG_FUNCTION_ARGS)
{
	CmpState	s;
	CmpTimes	t;
	CoxFit		f;
	const char *reflab;
	int			reflen;
	Datum		values[CTC_COUNT];
	bool		nulls[CTC_COUNT] = {false};
	int			df,
				a,
				b;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	cmp_read_arg(fcinfo, 0, &s);
	cmp_read_reference(fcinfo, &reflab, &reflen);
	cmp_times(&s, &t);
	cox_fit(&s, &t, reflab, reflen, &f);
	/*
	 * df as coxph: one coefficient per cohort but the reference (infinite
	 * ones included); 0 when nobody recovered (no model, no test).
	 */
	df = (s.g > 0 && t.events[f.ref] > 0) ? s.g - 1 : 0;
	values[CTC_DF] = Int32GetDatum(df);
	values[CTC_LOGLIK_NULL] = Float8GetDatum(f.loglik0);
	values[CTC_LOGLIK] = Float8GetDatum(f.loglik);
	if (f.p > 0)
	{
		double		lr = 2 * (f.loglik - f.loglik0);

		values[CTC_LR_CHISQ] = Float8GetDatum(lr);
		values[CTC_LR_P] = Float8GetDatum(cmp_chisq_p(lr, df));
	}
	else
		nulls[CTC_LR_CHISQ] = nulls[CTC_LR_P] = true;
	if (f.p > 0 && f.infinite == 0)
	{
		double		w = 0;

		for (a = 0; a < f.p; a++)
			for (b = 0; b < f.p; b++)
				w += f.beta[a] * f.info[a * f.p + b] * f.beta[b];
		values[CTC_WALD_CHISQ] = Float8GetDatum(w);
		values[CTC_WALD_P] = Float8GetDatum(cmp_chisq_p(w, f.p));
	}
	else
		nulls[CTC_WALD_CHISQ] = nulls[CTC_WALD_P] = true;
	if (f.score_ok)
	{
		values[CTC_SCORE_CHISQ] = Float8GetDatum(f.score);
		values[CTC_SCORE_P] = Float8GetDatum(cmp_chisq_p(f.score, f.score_df));
	}
	else
		nulls[CTC_SCORE_CHISQ] = nulls[CTC_SCORE_P] = true;
	values[CTC_CONVERGED] = BoolGetDatum(f.converged);
	return kr_make_composite(fcinfo, values, nulls);
}
