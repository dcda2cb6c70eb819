/*-------------------------------------------------------------------------
 *
 * strength.c
 *	  Strength measures: limb symmetry index.
 *
 * LSI = involved / uninvolved x 100 (percent).  Return-to-sport criteria
 * use >= 90 % (Kyritsis 2016, BJSM 50:946); > 70 % strength/hop for a
 * return to running after ACL surgery (Rambaud 2018, BJSM 52:1437).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "knee_rehab.h"

PG_FUNCTION_INFO_V1(kr_limb_symmetry_index);
Datum
kr_limb_symmetry_index(PG_FUNCTION_ARGS)
{
	float8		involved = PG_GETARG_FLOAT8(0);
	float8		uninvolved = PG_GETARG_FLOAT8(1);

	/* Any unit (N, kg, cm, s) as long as both sides share it. */
	kr_check_min(involved, "involved", 0.0, true, NULL);
	kr_check_min(uninvolved, "uninvolved", 0.0, false, NULL);

	/* Multiply first: one rounding, so 100/3 gives the double nearest 100/3. */
	PG_RETURN_FLOAT8(involved * 100.0 / uninvolved);
}
