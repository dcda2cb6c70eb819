/*-------------------------------------------------------------------------
 *
 * triage.c
 *	  Intake triage of knee pain in a runner: the likely condition from the
 *	  pain location and provocation, and red flags that mean "refer, do not
 *	  treat as PFPS".
 *
 * Rules (clinical reference, triage):
 *	- red flags -> refer: a pop at injury, swelling within 4 hours (ACL
 *	  tear, fracture, dislocation), locking, giving way;
 *	- Ottawa knee rule (Stiell 1995/1996): age >= 55, isolated patellar
 *	  tenderness, fibular head tenderness, cannot flex to 90 degrees, cannot
 *	  take 4 weight-bearing steps -> X-ray, refer;
 *	- pain around or behind the kneecap with pain on loaded knee flexion
 *	  (squat, stairs, running) or prolonged sitting (movie-goer's sign) ->
 *	  patellofemoral pain (Crossley 2016 consensus, BJSM 50:839);
 *	- outer knee -> iliotibial band syndrome; below the kneecap -> patellar
 *	  tendinopathy.
 * This structures an intake; it does not make a diagnosis.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "knee_rehab.h"

#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

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
	TA_N
};

typedef struct KrTriageCache
{
	Oid			peripatellar;
	Oid			retropatellar;
	Oid			lateral;
	Oid			inferior_patellar;
	TupleDesc	tupdesc;
} KrTriageCache;

static Oid
kr_triage_label(Oid enumtype, const char *label)
{
	Oid			oid = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
									  ObjectIdGetDatum(enumtype),
									  CStringGetDatum(label));

	if (!OidIsValid(oid))
		elog(ERROR, "pain_location label \"%s\" not found", label);
	return oid;
}

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
	if (nargs != TA_N)
		elog(ERROR, "triage: unexpected signature");
	c->peripatellar = kr_triage_label(argtypes[0], "peripatellar");
	c->retropatellar = kr_triage_label(argtypes[0], "retropatellar");
	c->lateral = kr_triage_label(argtypes[0], "lateral");
	c->inferior_patellar = kr_triage_label(argtypes[0], "inferior_patellar");
	pfree(argtypes);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/* A finding recorded as true (NULL = not recorded = not present). */
static inline bool
kr_finding(FunctionCallInfo fcinfo, int arg)
{
	return !PG_ARGISNULL(arg) && PG_GETARG_BOOL(arg);
}

PG_FUNCTION_INFO_V1(kr_triage);
Datum
kr_triage(PG_FUNCTION_ARGS)
{
	KrTriageCache *c = kr_triage_cache(fcinfo);
	Datum		reasons[16];
	int			nreasons = 0;
	bool		refer = false;
	bool		xray = false;
	bool		flexion_pain;
	const char *condition = "undetermined";
	Oid			location = PG_ARGISNULL(TA_LOCATION) ? InvalidOid : PG_GETARG_OID(TA_LOCATION);
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

#define KR_REASON(s) (reasons[nreasons++] = CStringGetTextDatum(s))

	if (!PG_ARGISNULL(TA_AGE))
		kr_check_int_range(PG_GETARG_INT32(TA_AGE), "age_years", 0, 130);

	/* Red flags: structural injury suspected. */
	if (kr_finding(fcinfo, TA_POP))
		KR_REASON("red flag: pop at injury (possible ligament tear, e.g. ACL) - refer");
	if (kr_finding(fcinfo, TA_SWELLING))
		KR_REASON("red flag: swelling within 4 hours (haemarthrosis: ACL tear, fracture, dislocation) - refer");
	if (kr_finding(fcinfo, TA_LOCKING))
		KR_REASON("red flag: locking (possible meniscal tear or loose body) - refer");
	if (kr_finding(fcinfo, TA_GIVING_WAY))
		KR_REASON("red flag: giving way (possible ligament injury or patellar instability) - refer");
	refer = nreasons > 0;

	/* Ottawa knee rule: any criterion -> X-ray. */
	if (!PG_ARGISNULL(TA_AGE) && PG_GETARG_INT32(TA_AGE) >= 55)
	{
		KR_REASON("Ottawa knee rule: age 55 or older - X-ray, refer");
		xray = true;
	}
	if (kr_finding(fcinfo, TA_PATELLAR_TENDER))
	{
		KR_REASON("Ottawa knee rule: isolated patellar tenderness - X-ray, refer");
		xray = true;
	}
	if (kr_finding(fcinfo, TA_FIBULAR_TENDER))
	{
		KR_REASON("Ottawa knee rule: fibular head tenderness - X-ray, refer");
		xray = true;
	}
	if (kr_finding(fcinfo, TA_CANNOT_FLEX_90))
	{
		KR_REASON("Ottawa knee rule: cannot flex the knee to 90 degrees - X-ray, refer");
		xray = true;
	}
	if (kr_finding(fcinfo, TA_CANNOT_BEAR_WEIGHT))
	{
		KR_REASON("Ottawa knee rule: cannot take 4 weight-bearing steps - X-ray, refer");
		xray = true;
	}
	refer = refer || xray;

	flexion_pain = kr_finding(fcinfo, TA_SQUAT) || kr_finding(fcinfo, TA_STAIRS) ||
		kr_finding(fcinfo, TA_RUNNING) || kr_finding(fcinfo, TA_SITTING) ||
		kr_finding(fcinfo, TA_MOVIE_GOER);

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
	else if (location == c->peripatellar || location == c->retropatellar)
	{
		if (flexion_pain)
		{
			condition = "patellofemoral_pain";
			KR_REASON("pain around or behind the kneecap with pain on squatting, stairs, running or prolonged sitting: patellofemoral pain (Crossley 2016)");
			if (kr_finding(fcinfo, TA_MOVIE_GOER))
				KR_REASON("movie-goer's sign: pain on standing after prolonged sitting (Ophey 2024)");
		}
		else
			KR_REASON("pain around or behind the kneecap, but no pain on loaded knee flexion or sitting recorded: PFPS criteria not met (Crossley 2016)");
	}
	else if (OidIsValid(location))
		KR_REASON("pain location not typical of PFPS, iliotibial band syndrome or patellar tendinopathy: assess further");
	else
		KR_REASON("pain location not recorded");

	/* A red flag comes first: do not treat as an overuse condition. */
	values[0] = CStringGetTextDatum(refer ? "structural_injury_suspected" : condition);
	values[1] = BoolGetDatum(refer);
	values[2] = BoolGetDatum(xray);
	values[3] = PointerGetDatum(construct_array(reasons, nreasons, TEXTOID, -1, false, TYPALIGN_INT));
	values[4] = CStringGetTextDatum(condition);

#undef KR_REASON

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(kr_result_tupdesc(fcinfo, &c->tupdesc),
													  values, nulls)));
}
