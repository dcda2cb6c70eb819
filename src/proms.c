/*-------------------------------------------------------------------------
 *
 * proms.c
 *	  Patient-reported outcome measures: Kujala Anterior Knee Pain Scale
 *	  (AKPS), KOOS patellofemoral subscale (KOOS-PF), and responder
 *	  definitions for AKPS and NRS pain.
 *
 * AKPS (Kujala 1993, Arthroscopy 9:159): 13 items, each with its own set
 * of allowed points, total 0-100.  No imputation rule exists, so a missing
 * item gives a missing total.  MCID 10 points (Crossley 2004, Arch Phys
 * Med Rehabil 85:815).
 *
 * KOOS-PF (Crossley 2018, BJSM 52:1130): 11 items scored 0-4 (0 = none,
 * 4 = extreme); score = 100 - 25 * mean of the answered items, valid only
 * when at least half the items are answered.  Minimal important change
 * 16.4 points (Crossley 2018); koos_pf_responder compares with it.
 *
 * NRS pain responder: a drop of at least 2 points or at least 30 % of the
 * baseline (Farrar 2001, Pain 94:149; Crossley 2004).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/lsyscache.h"

#include "arg_checks.h"
#include "clinical_limits.h"

#define KR_AKPS_ITEMS		13
#define KR_KOOS_PF_ITEMS	11
#define KR_AKPS_MCID		10
#define KR_NRS_MCID_POINTS	2.0
#define KR_NRS_MCID_SHARE	0.3
#define KR_KOOS_PF_MIC		16.4	/* Crossley 2018: minimal important change */
/* Slack for decimal NRS values whose 30 % is not exact in binary. */
#define KR_NRS_EPS			1e-9

/*
 * Allowed points per AKPS item (clinical reference), terminated by -1.
 */
static const struct
{
	const char *name;
	int			points[6];
}			kr_akps_items[KR_AKPS_ITEMS] =
{
	{"limp", {5, 3, 0, -1}},
	{"support", {5, 3, 0, -1}},
	{"walking", {5, 3, 2, 0, -1}},
	{"stairs", {10, 8, 5, 0, -1}},
	{"squatting", {5, 4, 3, 2, 0, -1}},
	{"running", {10, 8, 6, 3, 0, -1}},
	{"jumping", {10, 7, 2, 0, -1}},
	{"prolonged sitting", {10, 8, 6, 4, 0, -1}},
	{"pain", {10, 8, 6, 3, 0, -1}},
	{"swelling", {10, 8, 6, 4, 0, -1}},
	{"abnormal patellar movements", {10, 6, 4, 2, 0, -1}},
	{"thigh atrophy", {5, 3, 0, -1}},
	{"flexion deficiency", {5, 3, 0, -1}},
};

/* The allowed points of AKPS item i as text, "{5,3,0}". */
static char *
kr_akps_allowed_text(int i)
{
	StringInfoData buf;
	int			j;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (j = 0; kr_akps_items[i].points[j] >= 0; j++)
		appendStringInfo(&buf, "%s%d", j ? "," : "", kr_akps_items[i].points[j]);
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

/*
 * Deconstruct a one-dimensional int4[] of exactly nitems elements; ERROR
 * 2202E otherwise, naming the argument and the expected length.
 */
static void
kr_items_array(ArrayType *arr, const char *arg, int nitems,
			   Datum **values, bool **nulls)
{
	int			n;

	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] != nitems)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array of %d items", arg, nitems),
				 errdetail("Got %d dimension(s) and %d element(s).",
						   ARR_NDIM(arr),
						   ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)))));
	deconstruct_array(arr, INT4OID, sizeof(int32), true, TYPALIGN_INT,
					  values, nulls, &n);
	Assert(n == nitems);
}

PG_FUNCTION_INFO_V1(kr_akps_score);
Datum
kr_akps_score(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *values;
	bool	   *nulls;
	int			total = 0;
	bool		missing = false;
	int			i;

	kr_items_array(arr, "items", KR_AKPS_ITEMS, &values, &nulls);

	/* Validate every answered item first: a bad answer is an error even if another item is missing. */
	for (i = 0; i < KR_AKPS_ITEMS; i++)
	{
		int32		v;
		int			j;
		bool		ok = false;

		if (nulls[i])
		{
			missing = true;
			continue;
		}
		v = DatumGetInt32(values[i]);
		for (j = 0; kr_akps_items[i].points[j] >= 0; j++)
			if (kr_akps_items[i].points[j] == v)
				ok = true;
		if (!ok)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("items[%d] (%s) must be one of %s",
							i + 1, kr_akps_items[i].name, kr_akps_allowed_text(i)),
					 errdetail("Got %d.", v),
					 errhint("Kujala 1993 allows only these points for this item.")));
		total += v;
	}
	if (missing)
		PG_RETURN_NULL();
	PG_RETURN_INT32(total);
}

PG_FUNCTION_INFO_V1(kr_koos_pf_score);
Datum
kr_koos_pf_score(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *values;
	bool	   *nulls;
	int			answered = 0;
	int			sum = 0;
	int			i;

	kr_items_array(arr, "items", KR_KOOS_PF_ITEMS, &values, &nulls);
	for (i = 0; i < KR_KOOS_PF_ITEMS; i++)
	{
		int32		v;

		if (nulls[i])
			continue;
		v = DatumGetInt32(values[i]);
		if (v < 0 || v > 4)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("items[%d] must be between 0 and 4", i + 1),
					 errdetail("Got %d.", v),
					 errhint("KOOS-PF items are scored 0 (none) to 4 (extreme); NULL = not answered.")));
		answered++;
		sum += v;
	}
	/* Valid only if at least half the items are answered: 6 of 11. */
	if (2 * answered < KR_KOOS_PF_ITEMS)
		PG_RETURN_NULL();
	/* 100 - 25 * sum / answered, with one rounding. */
	PG_RETURN_FLOAT8(100.0 - (25.0 * sum) / answered);
}

PG_FUNCTION_INFO_V1(kr_akps_responder);
Datum
kr_akps_responder(PG_FUNCTION_ARGS)
{
	int32		baseline = PG_GETARG_INT32(0);
	int32		followup = PG_GETARG_INT32(1);

	kr_check_int_range(baseline, "baseline", 0, 100);
	kr_check_int_range(followup, "followup", 0, 100);
	PG_RETURN_BOOL(followup - baseline >= KR_AKPS_MCID);
}

PG_FUNCTION_INFO_V1(kr_nrs_responder);
Datum
kr_nrs_responder(PG_FUNCTION_ARGS)
{
	float8		baseline = PG_GETARG_FLOAT8(0);
	float8		followup = PG_GETARG_FLOAT8(1);
	float8		drop;

	kr_check_range(baseline, "baseline", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	kr_check_range(followup, "followup", KR_NRS_MIN, KR_NRS_MAX, KR_NRS_UNIT);
	drop = baseline - followup;
	if (drop >= KR_NRS_MCID_POINTS - KR_NRS_EPS)
		PG_RETURN_BOOL(true);
	/* 30 % of a zero baseline would make any non-worsening a response. */
	PG_RETURN_BOOL(baseline > 0.0 &&
				   drop >= KR_NRS_MCID_SHARE * baseline - KR_NRS_EPS);
}

/*
 * KOOS-PF responder: a rise of at least the minimal important change of
 * 16.4 points (Crossley 2018, BJSM 52:1130).  Scores are 100 - 25 * mean,
 * so decimals are normal; the comparison allows 1e-9 as nrs_responder's.
 */
PG_FUNCTION_INFO_V1(kr_koos_pf_responder);
Datum
kr_koos_pf_responder(PG_FUNCTION_ARGS)
{
	float8		baseline = PG_GETARG_FLOAT8(0);
	float8		followup = PG_GETARG_FLOAT8(1);

	kr_check_range(baseline, "baseline", 0.0, 100.0, "KOOS-PF points");
	kr_check_range(followup, "followup", 0.0, 100.0, "KOOS-PF points");
	PG_RETURN_BOOL(followup - baseline >= KR_KOOS_PF_MIC - KR_NRS_EPS);
}
