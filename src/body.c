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
#include "knee_rehab.h"

/* The data model's limits for an adult or adolescent runner. */
#define KR_WEIGHT_MIN_KG	10.0
#define KR_WEIGHT_MAX_KG	400.0
#define KR_HEIGHT_MIN_CM	50.0
#define KR_HEIGHT_MAX_CM	250.0

PG_FUNCTION_INFO_V1(kr_bmi);
Datum
kr_bmi(PG_FUNCTION_ARGS)
{
	float8		weight_kg = PG_GETARG_FLOAT8(0);
	float8		height_cm = PG_GETARG_FLOAT8(1);

	kr_check_range(weight_kg, "weight_kg", KR_WEIGHT_MIN_KG, KR_WEIGHT_MAX_KG, "kg");
	kr_check_range(height_cm, "height_cm", KR_HEIGHT_MIN_CM, KR_HEIGHT_MAX_CM, "cm");

	/*
	 * kg/m^2 = 10000 kg/cm^2.  Scaling the numerator keeps whole-number
	 * inputs exact until the one division (60 kg, 160 cm gives 23.4375,
	 * where dividing by 1.6^2 would not, 1.6 having no exact double).
	 */
	PG_RETURN_FLOAT8(weight_kg * 10000.0 / (height_cm * height_cm));
}
