/*-------------------------------------------------------------------------
 *
 * triage.c
 *	  Intake triage of knee pain in a runner: the likely condition from the
 *	  pain location and provocation, and red flags that mean "refer, do not
 *	  treat as PFPS".
 *
 * Rules (clinical reference, triage):
 *	- red flags -> refer: a pop at injury, swelling within 4 hours
 *	  (haemarthrosis: ACL tear, fracture, dislocation), true locking, and
 *	  giving way only with a specific injury or an effusion: a feeling of
 *	  instability in an insidious-onset runner is a common PFPS symptom,
 *	  not a red flag;
 *	- Ottawa knee rule (Stiell 1996, JAMA 275:611), only for acute knee
 *	  trauma (injury within the last 7 days): age >= 55, isolated patellar
 *	  tenderness, fibular head tenderness, cannot flex to 90 degrees,
 *	  cannot take 4 weight-bearing steps -> X-ray, refer.  Without acute
 *	  trauma the rule does not apply (a reason says so): peripatellar
 *	  tenderness is part of the ordinary PFPS examination;
 *	- pain around or behind the kneecap, including its inner (medial)
 *	  side, with pain on loaded knee flexion (squat, stairs, running, a
 *	  painful small knee bend, heel-on or heel-off squat) or prolonged
 *	  sitting (movie-goer's sign) -> patellofemoral pain (Crossley 2016
 *	  consensus, BJSM 50:839);
 *	- outer knee -> iliotibial band syndrome; below the kneecap -> patellar
 *	  tendinopathy.
 * The 0.1.0/0.2.0 SQL signature (15 arguments, without the injury timing,
 * effusion and test arguments) calls the same C function: the arguments it
 * lacks count as not recorded.
 * This structures an intake; it does not make a diagnosis.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "arg_checks.h"
#include "composite.h"
#include "enum_lookup.h"

/* Argument positions of triage(). */
enum
{
	TA_LOCATION,
	TA_SQUAT,
	TA_STAIRS,
	TA_RUNNING,
	TA_SITTING,
	TA_MOVIE_GOER,
	TA_POP,
	TA_SWELLING,
	TA_LOCKING,
	TA_GIVING_WAY,
	TA_AGE,
	TA_PATELLAR_TENDER,
	TA_FIBULAR_TENDER,
	TA_CANNOT_FLEX_90,
	TA_CANNOT_BEAR_WEIGHT,
	TA_N_0_2,					/* arguments of the 0.1.0/0.2.0 signature */
	TA_DAYS_SINCE_INJURY = TA_N_0_2,
	TA_EFFUSION,
	TA_SMALL_KNEE_BEND,
	TA_HEEL_ON_SQUAT,
	TA_HEEL_OFF_SQUAT,
	TA_N
};

/* Acute knee trauma for the Ottawa knee rule: injury within 7 days. */
#define KR_OTTAWA_ACUTE_DAYS	7

/* The columns of triage_result. */
typedef enum KrTriageCol
{
	TC_LIKELY_CONDITION,
	TC_REFER,
	TC_XRAY_INDICATED,
	TC_REASONS,
	TC_PAIN_PATTERN,
	TC_N
} KrTriageCol;

typedef struct KrTriageCache
{
	Oid			peripatellar;
	Oid			retropatellar;
	Oid			lateral;
	Oid			inferior_patellar;
	Oid			medial;
	TupleDesc	tupdesc;
} KrTriageCache;

static KrTriageCache *
kr_triage_cache(FunctionCallInfo fcinfo)
{
	KrTriageCache *c = (KrTriageCache *) fcinfo->flinfo->fn_extra;
	Oid		   *argtypes;
	int			nargs;

	if (likely(c != NULL))
		return c;
	c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(KrTriageCache));
	get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
	if (nargs != TA_N && nargs != TA_N_0_2)
		elog(ERROR, "triage: unexpected signature");
	c->peripatellar = kr_enum_oid(argtypes[0], "peripatellar");
	c->retropatellar = kr_enum_oid(argtypes[0], "retropatellar");
	c->lateral = kr_enum_oid(argtypes[0], "lateral");
	c->inferior_patellar = kr_enum_oid(argtypes[0], "inferior_patellar");
	c->medial = kr_enum_oid(argtypes[0], "medial");
	pfree(argtypes);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/*
 * A finding recorded as true (NULL = not recorded = not present; an
 * argument the older signature lacks = not recorded).
 */
static inline bool
kr_finding(FunctionCallInfo fcinfo, int arg)
{
	return arg < PG_NARGS() && !PG_ARGISNULL(arg) && PG_GETARG_BOOL(arg);
}

PG_FUNCTION_INFO_V1(kr_triage);
Datum
kr_triage(PG_FUNCTION_ARGS)
{
	KrTriageCache *c = kr_triage_cache(fcinfo);
	Datum		reasons[32];
	int			nreasons = 0;
	bool		refer = false;
	bool		xray = false;
	bool		flexion_pain;
	bool		have_days;
	int32		days = 0;
	bool		acute;
	bool		injury;
	bool		effusion;
	bool		ottawa_finding;
	const char *condition = "undetermined";
	Oid			location = PG_ARGISNULL(TA_LOCATION) ? InvalidOid : PG_GETARG_OID(TA_LOCATION);
	Datum		values[TC_N];
	bool		nulls[TC_N] = {0};

#define KR_REASON(s) (reasons[nreasons++] = CStringGetTextDatum(s))

	if (!PG_ARGISNULL(TA_AGE))
		kr_check_int_range(PG_GETARG_INT32(TA_AGE), "age_years", 0, 130);
	have_days = TA_DAYS_SINCE_INJURY < PG_NARGS() && !PG_ARGISNULL(TA_DAYS_SINCE_INJURY);
	if (have_days)
	{
		days = PG_GETARG_INT32(TA_DAYS_SINCE_INJURY);
		kr_check_int_range(days, "days_since_injury", 0, 36500);
	}
	/* A specific injury: its timing recorded, or a pop at injury. */
	acute = have_days && days <= KR_OTTAWA_ACUTE_DAYS;
	injury = have_days || kr_finding(fcinfo, TA_POP);
	effusion = kr_finding(fcinfo, TA_EFFUSION) || kr_finding(fcinfo, TA_SWELLING);

	/* Red flags: structural injury suspected. */
	if (kr_finding(fcinfo, TA_POP))
		KR_REASON("red flag: pop at injury (possible ligament tear, e.g. ACL) - refer");
	if (kr_finding(fcinfo, TA_SWELLING))
		KR_REASON("red flag: swelling within 4 hours (haemarthrosis: ACL tear, fracture, dislocation) - refer");
	if (kr_finding(fcinfo, TA_LOCKING))
		KR_REASON("red flag: locking (possible meniscal tear or loose body) - refer");
	if (kr_finding(fcinfo, TA_GIVING_WAY) && (injury || effusion))
		KR_REASON(injury ?
				  "red flag: giving way after a specific injury (possible ligament injury or patellar instability) - refer" :
				  "red flag: giving way with effusion (possible ligament injury or patellar instability) - refer");
	refer = nreasons > 0;
	if (kr_finding(fcinfo, TA_GIVING_WAY) && !injury && !effusion)
		KR_REASON("giving way without a specific injury or effusion: a feeling of instability is a common PFPS symptom, not a red flag");

	/* Ottawa knee rule: any criterion -> X-ray, in acute knee trauma only. */
	ottawa_finding = (!PG_ARGISNULL(TA_AGE) && PG_GETARG_INT32(TA_AGE) >= 55) ||
		kr_finding(fcinfo, TA_PATELLAR_TENDER) || kr_finding(fcinfo, TA_FIBULAR_TENDER) ||
		kr_finding(fcinfo, TA_CANNOT_FLEX_90) || kr_finding(fcinfo, TA_CANNOT_BEAR_WEIGHT);
	if (acute)
	{
		if (!PG_ARGISNULL(TA_AGE) && PG_GETARG_INT32(TA_AGE) >= 55)
			KR_REASON("Ottawa knee rule (acute knee trauma): age 55 or older - X-ray, refer");
		if (kr_finding(fcinfo, TA_PATELLAR_TENDER))
			KR_REASON("Ottawa knee rule (acute knee trauma): isolated patellar tenderness - X-ray, refer");
		if (kr_finding(fcinfo, TA_FIBULAR_TENDER))
			KR_REASON("Ottawa knee rule (acute knee trauma): fibular head tenderness - X-ray, refer");
		if (kr_finding(fcinfo, TA_CANNOT_FLEX_90))
			KR_REASON("Ottawa knee rule (acute knee trauma): cannot flex the knee to 90 degrees - X-ray, refer");
		if (kr_finding(fcinfo, TA_CANNOT_BEAR_WEIGHT))
			KR_REASON("Ottawa knee rule (acute knee trauma): cannot take 4 weight-bearing steps - X-ray, refer");
		xray = ottawa_finding;
	}
	else if (ottawa_finding)
	{
		if (have_days)
			KR_REASON(psprintf("Ottawa knee rule not applied: the injury was %d days ago, the rule covers acute knee trauma within %d days (Stiell 1996)",
							   days, KR_OTTAWA_ACUTE_DAYS));
		else
			KR_REASON("Ottawa knee rule not applied: no acute knee trauma (injury within 7 days) recorded, the rule covers acute trauma only (Stiell 1996)");
		if (kr_finding(fcinfo, TA_PATELLAR_TENDER))
			KR_REASON("patellar tenderness without acute trauma is part of the ordinary PFPS examination, not an X-ray indication");
	}
	refer = refer || xray;

	flexion_pain = kr_finding(fcinfo, TA_SQUAT) || kr_finding(fcinfo, TA_STAIRS) ||
		kr_finding(fcinfo, TA_RUNNING) || kr_finding(fcinfo, TA_SITTING) ||
		kr_finding(fcinfo, TA_MOVIE_GOER) || kr_finding(fcinfo, TA_SMALL_KNEE_BEND) ||
		kr_finding(fcinfo, TA_HEEL_ON_SQUAT) || kr_finding(fcinfo, TA_HEEL_OFF_SQUAT);

	/* Location and provocation: the likely overuse condition. */
	if (location == c->lateral)
	{
		condition = "iliotibial_band_syndrome";
		KR_REASON("outer (lateral) knee pain: iliotibial band syndrome");
	}
	else if (location == c->inferior_patellar)
	{
		condition = "patellar_tendinopathy";
		KR_REASON("pain below the kneecap: patellar tendinopathy (jumper's knee)");
	}
	else if (location == c->peripatellar || location == c->retropatellar ||
			 location == c->medial)
	{
		if (flexion_pain)
		{
			condition = "patellofemoral_pain";
			KR_REASON(location == c->medial ?
					  "inner (medial) knee pain with pain on loaded knee flexion or sitting: PFPS pain is peripatellar, including the medial side of the kneecap - patellofemoral pain (Crossley 2016)" :
					  "pain around or behind the kneecap with pain on loaded knee flexion or sitting: patellofemoral pain (Crossley 2016)");
			if (kr_finding(fcinfo, TA_MOVIE_GOER))
				KR_REASON("movie-goer's sign: pain on standing after prolonged sitting (Ophey 2024)");
			if (kr_finding(fcinfo, TA_SMALL_KNEE_BEND))
				KR_REASON("provocation test: small knee bend painful inside the knee");
			if (kr_finding(fcinfo, TA_HEEL_ON_SQUAT))
				KR_REASON("provocation test: heel-on squat painful inside the knee");
			if (kr_finding(fcinfo, TA_HEEL_OFF_SQUAT))
				KR_REASON("provocation test: heel-off squat painful inside the knee");
		}
		else
			KR_REASON(location == c->medial ?
					  "inner (medial) knee pain, but no pain on loaded knee flexion, provocation tests or sitting recorded: PFPS criteria not met (Crossley 2016)" :
					  "pain around or behind the kneecap, but no pain on loaded knee flexion, provocation tests or sitting recorded: PFPS criteria not met (Crossley 2016)");
	}
	else if (OidIsValid(location))
		KR_REASON("pain location not typical of PFPS, iliotibial band syndrome or patellar tendinopathy: assess further");
	else
		KR_REASON("pain location not recorded");

	/* A red flag comes first: do not treat as an overuse condition. */
	values[TC_LIKELY_CONDITION] = CStringGetTextDatum(refer ? "structural_injury_suspected" : condition);
	values[TC_REFER] = BoolGetDatum(refer);
	values[TC_XRAY_INDICATED] = BoolGetDatum(xray);
	values[TC_REASONS] = PointerGetDatum(construct_array(reasons, nreasons, TEXTOID, -1, false, TYPALIGN_INT));
	values[TC_PAIN_PATTERN] = CStringGetTextDatum(condition);

#undef KR_REASON

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(kr_result_tupdesc(fcinfo, &c->tupdesc),
													  values, nulls)));
}
