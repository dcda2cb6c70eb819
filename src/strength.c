/*-------------------------------------------------------------------------
 *
 * strength.c
 *	  Strength measures: limb symmetry index, estimated one-repetition
 *	  maximum.
 *
 * LSI = involved / uninvolved x 100 (percent).  Return-to-sport criteria
 * use >= 90 % (Kyritsis 2016, BJSM 50:946); > 70 % strength/hop for a
 * return to running after ACL surgery (Rambaud 2018, BJSM 52:1437).
 *
 * Estimated 1RM, Epley (1985): load x (1 + reps / 30) (clinical reference,
 * "Load and pain": strength).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"

#include "arg_checks.h"

PG_FUNCTION_INFO_V1(kr_limb_symmetry_index);
Datum
kr_limb_symmetry_index(PG_FUNCTION_ARGS)
{
	float8		involved = PG_GETARG_FLOAT8(0);
	float8		uninvolved = PG_GETARG_FLOAT8(1);
	float8		lsi;

	/* Any unit (N, kg, cm, s) as long as both sides share it. */
	kr_check_min(involved, "involved", 0.0, true, NULL);
	kr_check_min(uninvolved, "uninvolved", 0.0, false, NULL);

	/* Multiply first: one rounding, so 100/3 gives the double nearest 100/3. */
	lsi = involved * 100.0 / uninvolved;
	if (unlikely(isinf(lsi)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("limb_symmetry_index: involved / uninvolved x 100 is out of the float8 range"),
				 errdetail("Got involved %s, uninvolved %s.",
						   kr_format_double(involved), kr_format_double(uninvolved))));
	/* + 0.0 turns an involved of -0 into 0 percent */
	PG_RETURN_FLOAT8(lsi + 0.0);
}

/* Ranges of estimated_1rm: Epley's formula is used for 1-30 repetitions. */
#define KR_1RM_LOAD_MAX_KG	1000.0
#define KR_1RM_REPS_MIN		1
#define KR_1RM_REPS_MAX		30

PG_FUNCTION_INFO_V1(kr_estimated_1rm);
Datum
kr_estimated_1rm(PG_FUNCTION_ARGS)
{
	float8		load_kg = PG_GETARG_FLOAT8(0);
	int32		reps = PG_GETARG_INT32(1);

	kr_check_range(load_kg, "load_kg", 0.0, KR_1RM_LOAD_MAX_KG, "kg");
	kr_check_int_range(reps, "reps", KR_1RM_REPS_MIN, KR_1RM_REPS_MAX);

	/*
	 * load (1 + reps/30) = load (30 + reps) / 30: the product is exact for
	 * whole and half kilograms, leaving one rounding in the division.
	 */
	PG_RETURN_FLOAT8(load_kg * (30.0 + reps) / 30.0);
}
