/*-------------------------------------------------------------------------
 *
 * body.c
 *	  Body measures: body mass index.
 *
 * BMI = weight (kg) / height (m)^2 (Quetelet index; WHO classification).
 * Neal 2019 (BJSM 53:270) found BMI not to be a prospective PFPS risk
 * factor; it is exposed so that a clinic can weight it if it chooses.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "arg_checks.h"
#include "clinical_limits.h"

PG_FUNCTION_INFO_V1(kr_bmi);
Datum
kr_bmi(PG_FUNCTION_ARGS)
{
	float8		weight_kg = PG_GETARG_FLOAT8(0);
	float8		height_cm = PG_GETARG_FLOAT8(1);

	kr_check_range(weight_kg, "weight_kg", KR_WEIGHT_MIN_KG, KR_WEIGHT_MAX_KG, "kg");
	kr_check_range(height_cm, "height_cm", KR_HEIGHT_MIN_CM, KR_HEIGHT_MAX_CM, "cm");
	PG_RETURN_FLOAT8(kr_bmi_value(weight_kg, height_cm));
}
