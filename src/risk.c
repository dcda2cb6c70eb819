/*-------------------------------------------------------------------------
 *
 * risk.c
 *	  Intake PFPS risk: a transparent product of per-factor relative risks
 *	  against a reference runner (male, no knee injury, neutral foot, no
 *	  recorded quadriceps deficit or load spike).
 *
 * No validated PFPS prediction score exists (clinical reference); this is
 * a labelled, not validated, product whose every factor, weight and source
 * is shown.  Defaults: female 2.23 (Boling 2010, in US Naval Academy
 * midshipmen: military trainees, not runners), any prior knee injury
 * 1.7 (van Poppel 2018; Hespanhol 2013), flat foot / overpronation 1.2
 * (Neal 2014), quadriceps deficit >= 10 % 1.75 (weak; derived from Neal
 * 2019's SMD -0.69: ln OR = SMD * pi / sqrt(3), OR 3.5 per SD, a 10 %
 * deficit is about 0.45 SD, 3.5^0.45 = 1.75), weekly distance +30 %
 * 1.59 (Nielsen 2014); BMI, high arch, PTTD and missing strength work are
 * shown at 1.0.  The clinic's overrides (table risk_parameter) replace the
 * defaults (risk_parameter_default).
 *
 * The model is read through SPI once per call site and statement and kept
 * in fn_extra; the per-row path is arithmetic on the arguments only (no
 * catalog access, no SPI, no jsonb in pfps_risk_score).
 *
 * Under Citus the two model tables are reference tables and pfps_risk
 * runs inside the queries Citus sends to the shards: the model's read goes
 * to the node's local copy (kr_reference_read_begin, citus_compat.c).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_enum.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "arg_checks.h"
#include "citus_compat.h"
#include "clinical_limits.h"
#include "composite.h"
#include "enum_lookup.h"
#include "pg_compat.h"

/* The model's parameters (rows of risk_parameter_default). */
typedef enum KrRiskParam
{
	KRP_FEMALE,
	KRP_SEX_OTHER,
	KRP_BMI_HIGH,
	KRP_PRIOR_INJURY,
	KRP_FLAT_FOOT,
	KRP_OVERPRONATION,
	KRP_HIGH_ARCH,
	KRP_PTTD,
	KRP_QUAD_DEFICIT,
	KRP_DISTANCE,
	KRP_LOW_STRENGTH,
	KRP_BMI_THRESHOLD,
	KRP_QUAD_THRESHOLD,
	KRP_DISTANCE_THRESHOLD,
	KRP_STRENGTH_THRESHOLD,
	KRP_TIER_MODERATE,
	KRP_TIER_HIGH,
	KRP_N
} KrRiskParam;

static const char *const kr_risk_param_name[KRP_N] = {
	"female", "sex_other", "bmi_high", "prior_knee_injury", "flat_foot",
	"overpronation", "high_arch", "pttd", "quad_deficit",
	"weekly_distance_increase", "low_strength_training", "bmi_threshold",
	"quad_deficit_threshold_pct", "weekly_distance_threshold_pct",
	"strength_sessions_threshold", "tier_moderate_from", "tier_high_from"
};

/* The arguments of pfps_risk and pfps_risk_score, in order. */
typedef enum KrRiskArg
{
	KRA_SEX,
	KRA_WEIGHT_KG,
	KRA_HEIGHT_CM,
	KRA_INJURIES,
	KRA_FOOT,
	KRA_QUAD_DEFICIT_PCT,
	KRA_WEEKLY_DISTANCE_INCREASE_PCT,
	KRA_STRENGTH_SESSIONS_PER_WEEK,
	KRA_N
} KrRiskArg;

/* The columns of risk_assessment, pfps_risk's result. */
typedef enum KrRiskCol
{
	KRC_RELATIVE_RISK,
	KRC_TIER,
	KRC_COMPLETENESS,
	KRC_FACTORS_RECORDED,
	KRC_FACTORS_TOTAL,
	KRC_FACTORS,
	KRC_VALIDATED,
	KRC_NOTE,
	KRC_N
} KrRiskCol;

/* The factors, in the order of the arguments. */
typedef enum KrRiskFactor
{
	KRF_SEX,
	KRF_BMI,
	KRF_INJURY,
	KRF_FOOT,
	KRF_QUAD,
	KRF_DISTANCE,
	KRF_STRENGTH,
	KRF_N
} KrRiskFactor;

static const char *const kr_risk_factor_name[KRF_N] = {
	"sex", "bmi", "knee_injury_history", "foot_type", "quad_deficit",
	"weekly_distance_increase", "strength_training"
};

/* Enum labels looked up once (pg_enum OIDs). */
static const char *const kr_foot_label[] = {
	"neutral", "flat", "overpronation", "high_arch", "pttd"
};
#define KR_N_FOOT 5
static const KrRiskParam kr_foot_param[KR_N_FOOT] = {
	KRP_N, KRP_FLAT_FOOT, KRP_OVERPRONATION, KRP_HIGH_ARCH, KRP_PTTD
};

/* What one call site keeps for a statement (in fn_mcxt, via fn_extra). */
typedef struct KrRiskModel
{
	/* validity: the snapshot the model was read under */
	bool		loaded;
	LocalTransactionId lxid;
	CommandId	curcid;
	TransactionId xmin;
	TransactionId xmax;

	double		value[KRP_N];
	bool		from_clinic[KRP_N];
	char	   *source[KRP_N];

	/* enum OIDs, looked up once per call site */
	Oid			sex_female;
	Oid			sex_other;
	Oid			sex_unknown;
	Oid			foot[KR_N_FOOT];
	Oid			tier[3];

	TupleDesc	tupdesc;		/* pfps_risk's result descriptor */
} KrRiskModel;

/* One evaluation: every factor's outcome. */
typedef struct KrRiskResult
{
	double		rr;
	int			recorded_n;
	bool		recorded[KRF_N];
	bool		counted[KRF_N];
	double		factor_rr[KRF_N];
	KrRiskParam param[KRF_N];	/* the weight that applies (KRP_N: none) */
	double		bmi;
} KrRiskResult;

/* Look up the enum OIDs from the function's own signature. */
static void
kr_risk_lookup_enums(FunctionCallInfo fcinfo, KrRiskModel *m)
{
	Oid		   *argtypes;
	int			nargs;
	Oid			tiertype;
	int			i;

	get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
	if (nargs != KRA_N)
		elog(ERROR, "pfps_risk: unexpected signature");
	m->sex_female = kr_enum_oid(argtypes[KRA_SEX], "female");
	m->sex_other = kr_enum_oid(argtypes[KRA_SEX], "other");
	m->sex_unknown = kr_enum_oid(argtypes[KRA_SEX], "unknown");
	for (i = 0; i < KR_N_FOOT; i++)
		m->foot[i] = kr_enum_oid(argtypes[KRA_FOOT], kr_foot_label[i]);
	/* risk_tier lives beside sex in the extension's schema */
	tiertype = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
							   CStringGetDatum("risk_tier"),
							   ObjectIdGetDatum(get_func_namespace(fcinfo->flinfo->fn_oid)));
	if (!OidIsValid(tiertype))
		elog(ERROR, "type risk_tier not found");
	m->tier[0] = kr_enum_oid(tiertype, "low");
	m->tier[1] = kr_enum_oid(tiertype, "moderate");
	m->tier[2] = kr_enum_oid(tiertype, "high");
	pfree(argtypes);
}

/*
 * The model read: every parameter present (else 55000, naming it),
 * finite and positive (the tables' CHECKs), and the tiers in order
 * (22023).
 */
static void
kr_risk_check_model(const KrRiskModel *m, const bool *seen, const char *nsp)
{
	int			i;

	for (i = 0; i < KRP_N; i++)
	{
		if (!seen[i])
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("risk model parameter \"%s\" is missing from %s.risk_parameter_default",
							kr_risk_param_name[i], nsp),
					 errhint("Reinstall the extension's defaults; put clinic changes in %s.risk_parameter.", nsp)));
		/* the tables' CHECKs make this can't-happen, unless bypassed */
		if (!(m->value[i] > 0 && isfinite(m->value[i])))
			elog(ERROR, "risk model parameter \"%s\" is not a finite positive number",
				 kr_risk_param_name[i]);
	}
	if (m->value[KRP_TIER_MODERATE] >= m->value[KRP_TIER_HIGH])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("risk model: tier_moderate_from must be below tier_high_from"),
				 errdetail("Got %s and %s.",
						   kr_format_double(m->value[KRP_TIER_MODERATE]),
						   kr_format_double(m->value[KRP_TIER_HIGH]))));
}


/* Read the model (defaults with the clinic's overrides) through SPI. */
static void
kr_risk_read_model(FunctionCallInfo fcinfo, KrRiskModel *m)
{
	const char *nsp;
	StringInfoData q;
	bool		seen[KRP_N];
	uint64		r;
	int			i;
	int			gucnest;
	MemoryContext fnctx = fcinfo->flinfo->fn_mcxt;

	nsp = quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)));
	initStringInfo(&q);
	/* The model as the risk_model view defines it (one definition). */
	appendStringInfo(&q,
					 "SELECT parameter, value, clinic_override, source FROM %s.risk_model",
					 nsp);
	memset(seen, 0, sizeof(seen));

	/*
	 * Citus: read the reference tables' local copy from inside a shard
	 * query (see the file header).  The setting is restored when the read
	 * ends, and by the transaction's abort on an error.
	 */
	gucnest = kr_reference_read_begin();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(q.data, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the risk model failed");
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	td = SPI_tuptable->tupdesc;
		char	   *name = SPI_getvalue(tup, td, 1);
		bool		isnull;
		double		v = DatumGetFloat8(SPI_getbinval(tup, td, 2, &isnull));
		bool		clinic = DatumGetBool(SPI_getbinval(tup, td, 3, &isnull));
		char	   *src = SPI_getvalue(tup, td, 4);

		for (i = 0; i < KRP_N; i++)
		{
			if (strcmp(name, kr_risk_param_name[i]) == 0)
			{
				m->value[i] = v;
				m->from_clinic[i] = clinic;
				if (m->source[i])
					pfree(m->source[i]);
				m->source[i] = MemoryContextStrdup(fnctx, src ? src : "");
				seen[i] = true;
				break;
			}
		}
	}
	SPI_finish();
	kr_reference_read_end(gucnest);

	kr_risk_check_model(m, seen, nsp);
}

/*
 * The model for this call site, read again when the snapshot changes (a
 * new statement after a write or in another transaction), so that a
 * change to risk_parameter is seen by the next statement and a statement
 * sees one model throughout.
 */
static inline KrRiskModel *
kr_risk_model(FunctionCallInfo fcinfo)
{
	KrRiskModel *m = (KrRiskModel *) fcinfo->flinfo->fn_extra;
	Snapshot	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;

	if (likely(m != NULL && m->loaded &&
			   m->lxid == KR_MY_LXID &&
			   (snap == NULL ||
				(m->curcid == snap->curcid && m->xmin == snap->xmin &&
				 m->xmax == snap->xmax))))
		return m;

	if (m == NULL)
	{
		m = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(KrRiskModel));
		kr_risk_lookup_enums(fcinfo, m);
		fcinfo->flinfo->fn_extra = m;
	}
	m->loaded = false;
	kr_risk_read_model(fcinfo, m);
	m->lxid = KR_MY_LXID;
	if (snap)
	{
		m->curcid = snap->curcid;
		m->xmin = snap->xmin;
		m->xmax = snap->xmax;
	}
	m->loaded = true;
	return m;
}

/*
 * ERROR unless injuries is one-dimensional without NULLs or duplicates;
 * returns the number of injuries.
 *
 * This runs once per row in reports, so it reads the array in place: an
 * inline array stored with a 1-byte varlena header (the usual case for a
 * short array read from a table) is read where it lies instead of being
 * copied to an aligned ArrayType as PG_GETARG_ARRAYTYPE_P would.  Packing
 * only replaces the 4-byte header by a 1-byte one, so every field sits at
 * its ArrayType offset minus VARHDRSZ from VARDATA_ANY; fields are read
 * with memcpy because the packed copy is not aligned.
 *
 * Measured against the ordinary path (DatumGetArrayTypeP, then
 * deconstruct_array; issue 20), pfps_risk_score over 1M rows of make
 * bench's bench_patient, one backend, 9 alternating runs each, medians
 * (PostgreSQL 15, 2-core shared machine): 373 ms here vs 499 ms
 * (0.75x; above the num_nonnulls floor of 282 ms, 91 vs 217 ns a row);
 * with a 2-injury array on every row 293 vs 473 ms (0.62x; 74 vs 254 ns
 * a row).  So the hand-rolled reader stays.
 */
static int
kr_injuries_count(Datum datum)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(datum);
	const char *p;
	int32		ndim;
	int32		dataoffset;
	int32		n;
	const char *data;
	int			i,
				j;

	if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
		v = pg_detoast_datum(v);
	p = VARDATA_ANY(v);
	memcpy(&ndim, p + offsetof(ArrayType, ndim) - VARHDRSZ, sizeof(int32));
	if (ndim == 0)
		return 0;
	if (ndim != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("injuries must be a one-dimensional array"),
				 errdetail("Got %d dimensions.", ndim)));
	memcpy(&dataoffset, p + offsetof(ArrayType, dataoffset) - VARHDRSZ, sizeof(int32));
	memcpy(&n, p + sizeof(ArrayType) - VARHDRSZ, sizeof(int32));
	if (dataoffset != 0)
	{
		/* null bitmap after dims[1] and lbound[1]; a 0 bit is a NULL */
		const bits8 *bitmap = (const bits8 *) (p + sizeof(ArrayType) - VARHDRSZ + 2 * sizeof(int32));

		for (i = 0; i < n; i++)
			if (!(bitmap[i / 8] & (1 << (i % 8))))
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("injuries must not contain NULL elements"),
						 errhint("Use NULL for the whole array when the history is not recorded, an empty array for none.")));
		data = p + dataoffset - VARHDRSZ;
	}
	else
		data = p + ARR_OVERHEAD_NONULLS(1) - VARHDRSZ;

	/*
	 * Duplicates: at most 8 distinct labels exist, so a duplicate shows up
	 * among the first 9 elements; the loop stops there.
	 */
	for (i = 1; i < n; i++)
	{
		Oid			a;

		memcpy(&a, data + i * sizeof(Oid), sizeof(Oid));
		for (j = 0; j < i; j++)
		{
			Oid			b;

			memcpy(&b, data + j * sizeof(Oid), sizeof(Oid));
			if (a == b)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("injuries must not contain duplicates"),
						 errdetail("Element %d repeats element %d.", i + 1, j + 1),
						 errhint("Any previous knee injury counts once.")));
		}
	}
	return n;
}

/*
 * Check the arguments of pfps_risk and pfps_risk_score (22003 outside
 * their ranges; the injuries array as kr_injuries_count says) before any
 * is used, so that the same input gives the same error from both
 * functions; returns the number of injuries (0 when not recorded).
 */
static pg_attribute_always_inline int
kr_risk_check_args(FunctionCallInfo fcinfo)
{
	int			n_injuries = 0;

	if (!PG_ARGISNULL(KRA_WEIGHT_KG))
		kr_check_range(PG_GETARG_FLOAT8(KRA_WEIGHT_KG), "weight_kg", KR_WEIGHT_MIN_KG, KR_WEIGHT_MAX_KG, "kg");
	if (!PG_ARGISNULL(KRA_HEIGHT_CM))
		kr_check_range(PG_GETARG_FLOAT8(KRA_HEIGHT_CM), "height_cm", KR_HEIGHT_MIN_CM, KR_HEIGHT_MAX_CM, "cm");
	if (!PG_ARGISNULL(KRA_INJURIES))
		n_injuries = kr_injuries_count(PG_GETARG_DATUM(KRA_INJURIES));
	if (!PG_ARGISNULL(KRA_QUAD_DEFICIT_PCT))
		kr_check_range(PG_GETARG_FLOAT8(KRA_QUAD_DEFICIT_PCT), "quad_deficit_pct", 0.0, 100.0, "percent");
	if (!PG_ARGISNULL(KRA_WEEKLY_DISTANCE_INCREASE_PCT))
		kr_check_range(PG_GETARG_FLOAT8(KRA_WEEKLY_DISTANCE_INCREASE_PCT), "weekly_distance_increase_pct", -100.0, 1000.0, "percent");
	if (!PG_ARGISNULL(KRA_STRENGTH_SESSIONS_PER_WEEK))
		kr_check_range(PG_GETARG_FLOAT8(KRA_STRENGTH_SESSIONS_PER_WEEK), "strength_sessions_per_week", 0.0, 21.0, NULL);
	return n_injuries;
}

/* The weight that applies to a recorded sex (KRP_N: the reference, male). */
static pg_attribute_always_inline KrRiskParam
kr_risk_sex_param(const KrRiskModel *m, Oid sex)
{
	if (sex == m->sex_female)
		return KRP_FEMALE;
	if (sex == m->sex_other)
		return KRP_SEX_OTHER;
	return KRP_N;
}

/* The weight that applies to a foot type (KRP_N: the reference, neutral). */
static pg_attribute_always_inline KrRiskParam
kr_risk_foot_param(const KrRiskModel *m, Oid foot)
{
	KrRiskParam p = KRP_N;
	int			i;

	for (i = 0; i < KR_N_FOOT; i++)
		if (foot == m->foot[i])
			p = kr_foot_param[i];
	return p;
}

/*
 * Factor f is recorded with parameter p (KRP_N: none); when it counts, the
 * product takes p's weight.  Multiplying only by the weights that count
 * (multiplying by 1.0 is exact) gives pfps_risk's product of every
 * factor_rr in argument order.  With res NULL only the product is kept.
 */
#define KR_FACTOR(f, p, cnt) \
	do { \
		bool		counted_ = (cnt); \
		\
		if (counted_) \
			rr *= w[(p)]; \
		if (res) \
		{ \
			res->recorded[(f)] = true; \
			res->param[(f)] = (p); \
			res->counted[(f)] = counted_; \
		} \
	} while (0)

/*
 * The product of the factors that count, from validated arguments, in the
 * order of the arguments; res (if not NULL) gets each recorded factor's
 * bookkeeping and the BMI.
 */
static pg_attribute_always_inline double
kr_risk_factors(FunctionCallInfo fcinfo, const KrRiskModel *m,
				int n_injuries, KrRiskResult *res)
{
	const double *w = m->value;
	double		rr = 1.0;

	/* sex: 'unknown' is the same as not recorded; male is the reference */
	if (!PG_ARGISNULL(KRA_SEX) && PG_GETARG_OID(KRA_SEX) != m->sex_unknown)
	{
		KrRiskParam p = kr_risk_sex_param(m, PG_GETARG_OID(KRA_SEX));

		KR_FACTOR(KRF_SEX, p, p != KRP_N);
	}
	/* BMI needs both weight and height */
	if (!PG_ARGISNULL(KRA_WEIGHT_KG) && !PG_ARGISNULL(KRA_HEIGHT_CM))
	{
		double		bmi = kr_bmi_value(PG_GETARG_FLOAT8(KRA_WEIGHT_KG), PG_GETARG_FLOAT8(KRA_HEIGHT_CM));

		KR_FACTOR(KRF_BMI, KRP_BMI_HIGH, bmi >= w[KRP_BMI_THRESHOLD]);
		if (res)
			res->bmi = bmi;
	}
	if (!PG_ARGISNULL(KRA_INJURIES))
		KR_FACTOR(KRF_INJURY, KRP_PRIOR_INJURY, n_injuries > 0);
	if (!PG_ARGISNULL(KRA_FOOT))
	{
		KrRiskParam p = kr_risk_foot_param(m, PG_GETARG_OID(KRA_FOOT));

		KR_FACTOR(KRF_FOOT, p, p != KRP_N);
	}
	if (!PG_ARGISNULL(KRA_QUAD_DEFICIT_PCT))
		KR_FACTOR(KRF_QUAD, KRP_QUAD_DEFICIT,
				  PG_GETARG_FLOAT8(KRA_QUAD_DEFICIT_PCT) >= w[KRP_QUAD_THRESHOLD]);
	if (!PG_ARGISNULL(KRA_WEEKLY_DISTANCE_INCREASE_PCT))
		KR_FACTOR(KRF_DISTANCE, KRP_DISTANCE,
				  PG_GETARG_FLOAT8(KRA_WEEKLY_DISTANCE_INCREASE_PCT) >= w[KRP_DISTANCE_THRESHOLD]);
	if (!PG_ARGISNULL(KRA_STRENGTH_SESSIONS_PER_WEEK))
		KR_FACTOR(KRF_STRENGTH, KRP_LOW_STRENGTH,
				  PG_GETARG_FLOAT8(KRA_STRENGTH_SESSIONS_PER_WEEK) < w[KRP_STRENGTH_THRESHOLD]);
	return rr;
}

/*
 * Evaluate every factor and return the product: check the arguments, then
 * the factors.  With res NULL (pfps_risk_score, once per row in reports)
 * only the product is computed: the helpers are always inlined, so the
 * compiler drops the bookkeeping for that caller and both callers share
 * one definition of the model.
 */
static pg_attribute_always_inline double
kr_risk_evaluate(FunctionCallInfo fcinfo, const KrRiskModel *m,
				 KrRiskResult *res)
{
	int			n_injuries = kr_risk_check_args(fcinfo);
	double		rr;
	int			i;

	if (res)
	{
		for (i = 0; i < KRF_N; i++)
		{
			res->recorded[i] = false;
			res->counted[i] = false;
			res->param[i] = KRP_N;
		}
		res->bmi = NAN;
	}
	rr = kr_risk_factors(fcinfo, m, n_injuries, res);
	if (res)
	{
		res->rr = rr;
		res->recorded_n = 0;
		for (i = 0; i < KRF_N; i++)
		{
			res->factor_rr[i] = res->counted[i] ? m->value[res->param[i]] : 1.0;
			res->recorded_n += res->recorded[i];
		}
	}
	return rr;
}

PG_FUNCTION_INFO_V1(kr_pfps_risk_score);
Datum
kr_pfps_risk_score(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kr_risk_evaluate(fcinfo, kr_risk_model(fcinfo), NULL));
}

/* ---- pfps_risk: the same, with every factor shown ---------------------- */

/*
 * The factors jsonb is built as a JsonbValue tree (no text round trip).
 * Numbers go through float8's shortest exact text, as jsonb_in would read
 * them, so a value prints as it does in a float8 column.
 */
static void
kr_jsonb_key(JsonbParseState **st, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	(void) pushJsonbValue(st, WJB_KEY, &v);
}

static void
kr_jsonb_push(JsonbParseState **st, JsonbIteratorToken tok, JsonbValue *v)
{
	(void) pushJsonbValue(st, tok, v);
}

static void
kr_jsonb_string(JsonbParseState **st, JsonbIteratorToken tok, const char *s)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = strlen(s);
	kr_jsonb_push(st, tok, &v);
}

static void
kr_jsonb_num(JsonbParseState **st, double d)
{
	JsonbValue	v;

	if (isfinite(d))
	{
		v.type = jbvNumeric;
		v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in,
															CStringGetDatum(float8out_internal(d)),
															ObjectIdGetDatum(InvalidOid),
															Int32GetDatum(-1)));
	}
	else
		v.type = jbvNull;
	kr_jsonb_push(st, WJB_VALUE, &v);
}

static void
kr_jsonb_bool(JsonbParseState **st, bool b)
{
	JsonbValue	v;

	v.type = jbvBool;
	v.val.boolean = b;
	kr_jsonb_push(st, WJB_VALUE, &v);
}

static void
kr_jsonb_null(JsonbParseState **st)
{
	JsonbValue	v;

	v.type = jbvNull;
	kr_jsonb_push(st, WJB_VALUE, &v);
}

static const char *
kr_enum_label(Oid label)
{
	return DatumGetCString(DirectFunctionCall1(enum_out, ObjectIdGetDatum(label)));
}

/* The rule under which a factor counts, with the thresholds in use. */
static char *
kr_factor_rule(const KrRiskModel *m, KrRiskFactor f)
{
	const double *w = m->value;

	switch (f)
	{
		case KRF_SEX:
			return pstrdup("female (or other) vs male");
		case KRF_BMI:
			return psprintf("BMI >= %s kg/m2", float8out_internal(w[KRP_BMI_THRESHOLD]));
		case KRF_INJURY:
			return pstrdup("any previous knee injury, counted once");
		case KRF_FOOT:
			return pstrdup("flat, overpronation, high_arch or pttd vs neutral");
		case KRF_QUAD:
			return psprintf("quadriceps deficit >= %s %%", float8out_internal(w[KRP_QUAD_THRESHOLD]));
		case KRF_DISTANCE:
			return psprintf("weekly distance increase >= %s %%", float8out_internal(w[KRP_DISTANCE_THRESHOLD]));
		case KRF_STRENGTH:
			return psprintf("fewer than %s strength sessions per week", float8out_internal(w[KRP_STRENGTH_THRESHOLD]));
		default:
			break;
	}
	return pstrdup("");
}

/* The recorded value of factor f, as a jsonb value (validated arguments). */
static void
kr_factor_value(FunctionCallInfo fcinfo, JsonbParseState **st,
				const KrRiskResult *res, KrRiskFactor f)
{
	if (!res->recorded[f])
	{
		kr_jsonb_null(st);
		return;
	}
	switch (f)
	{
		case KRF_SEX:
			kr_jsonb_string(st, WJB_VALUE, kr_enum_label(PG_GETARG_OID(KRA_SEX)));
			break;
		case KRF_BMI:
			kr_jsonb_num(st, res->bmi);
			break;
		case KRF_INJURY:
			{
				/* validated: one dimension, no NULLs */
				ArrayType  *injuries = PG_GETARG_ARRAYTYPE_P(KRA_INJURIES);
				Datum	   *elems;
				int			n;
				int			i;

				deconstruct_array(injuries, ARR_ELEMTYPE(injuries), sizeof(Oid),
								  true, TYPALIGN_INT, &elems, NULL, &n);
				kr_jsonb_push(st, WJB_BEGIN_ARRAY, NULL);
				for (i = 0; i < n; i++)
					kr_jsonb_string(st, WJB_ELEM, kr_enum_label(DatumGetObjectId(elems[i])));
				kr_jsonb_push(st, WJB_END_ARRAY, NULL);
			}
			break;
		case KRF_FOOT:
			kr_jsonb_string(st, WJB_VALUE, kr_enum_label(PG_GETARG_OID(KRA_FOOT)));
			break;
		case KRF_QUAD:
			kr_jsonb_num(st, PG_GETARG_FLOAT8(KRA_QUAD_DEFICIT_PCT));
			break;
		case KRF_DISTANCE:
			kr_jsonb_num(st, PG_GETARG_FLOAT8(KRA_WEEKLY_DISTANCE_INCREASE_PCT));
			break;
		case KRF_STRENGTH:
			kr_jsonb_num(st, PG_GETARG_FLOAT8(KRA_STRENGTH_SESSIONS_PER_WEEK));
			break;
		default:
			kr_jsonb_null(st);
			break;
	}
}

/*
 * {factor: {value, recorded, counted, relative_risk, rule[, parameter,
 * weight, weight_from, source]}, ...} for every factor.
 */
static Jsonb *
kr_factors_jsonb(FunctionCallInfo fcinfo, const KrRiskModel *m,
				 const KrRiskResult *res)
{
	JsonbParseState *st = NULL;
	JsonbValue *top;
	int			f;

	kr_jsonb_push(&st, WJB_BEGIN_OBJECT, NULL);
	for (f = 0; f < KRF_N; f++)
	{
		KrRiskParam p = res->param[f];

		kr_jsonb_key(&st, kr_risk_factor_name[f]);
		kr_jsonb_push(&st, WJB_BEGIN_OBJECT, NULL);
		kr_jsonb_key(&st, "value");
		kr_factor_value(fcinfo, &st, res, (KrRiskFactor) f);
		kr_jsonb_key(&st, "recorded");
		kr_jsonb_bool(&st, res->recorded[f]);
		kr_jsonb_key(&st, "counted");
		kr_jsonb_bool(&st, res->counted[f]);
		kr_jsonb_key(&st, "relative_risk");
		kr_jsonb_num(&st, res->factor_rr[f]);
		kr_jsonb_key(&st, "rule");
		kr_jsonb_string(&st, WJB_VALUE, kr_factor_rule(m, (KrRiskFactor) f));
		if (p != KRP_N)
		{
			kr_jsonb_key(&st, "parameter");
			kr_jsonb_string(&st, WJB_VALUE, kr_risk_param_name[p]);
			kr_jsonb_key(&st, "weight");
			kr_jsonb_num(&st, m->value[p]);
			kr_jsonb_key(&st, "weight_from");
			kr_jsonb_string(&st, WJB_VALUE, m->from_clinic[p] ? "clinic" : "default");
			kr_jsonb_key(&st, "source");
			kr_jsonb_string(&st, WJB_VALUE, m->source[p]);
		}
		kr_jsonb_push(&st, WJB_END_OBJECT, NULL);
	}
	top = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	return JsonbValueToJsonb(top);
}

PG_FUNCTION_INFO_V1(kr_pfps_risk);
Datum
kr_pfps_risk(PG_FUNCTION_ARGS)
{
	KrRiskModel *m = kr_risk_model(fcinfo);
	KrRiskResult res;
	TupleDesc	tupdesc;
	Datum		values[KRC_N];
	bool		nulls[KRC_N];
	int			tier;

	kr_risk_evaluate(fcinfo, m, &res);

	if (res.rr >= m->value[KRP_TIER_HIGH])
		tier = 2;
	else if (res.rr >= m->value[KRP_TIER_MODERATE])
		tier = 1;
	else
		tier = 0;

	memset(nulls, 0, sizeof(nulls));
	values[KRC_RELATIVE_RISK] = Float8GetDatum(res.rr);
	values[KRC_TIER] = ObjectIdGetDatum(m->tier[tier]);
	values[KRC_COMPLETENESS] = Float8GetDatum((double) res.recorded_n / KRF_N);
	values[KRC_FACTORS_RECORDED] = Int32GetDatum(res.recorded_n);
	values[KRC_FACTORS_TOTAL] = Int32GetDatum(KRF_N);
	values[KRC_FACTORS] = JsonbPGetDatum(kr_factors_jsonb(fcinfo, m, &res));
	values[KRC_VALIDATED] = BoolGetDatum(false);
	values[KRC_NOTE] = CStringGetTextDatum("Not a validated prediction model: a transparent product of "
									"published relative risks (no validated PFPS prediction score "
									"exists). Use it to structure the intake conversation, not to "
									"predict or diagnose.");

	tupdesc = kr_result_tupdesc(fcinfo, &m->tupdesc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
