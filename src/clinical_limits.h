/*-------------------------------------------------------------------------
 *
 * clinical_limits.h
 *	  The clinical scales, limits and time constants that more than one
 *	  concept checks or uses, defined once.  The data model's CHECK
 *	  constraints state the same limits in SQL (test/pgtap/bad_input.sql
 *	  checks that a table and the functions refuse the same values).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_CLINICAL_LIMITS_H
#define KR_CLINICAL_LIMITS_H

/*
 * Pain numeric rating scale, 0 (no pain) to 10 (worst imaginable): every
 * pain argument, setting and score (Farrar 2001).  KR_NRS_UNIT is how an
 * error message names it ("must be between 0 and 10 NRS points").
 */
#define KR_NRS_MIN			0.0
#define KR_NRS_MAX			10.0
#define KR_NRS_UNIT			"NRS points"

/* Body size an adult or adolescent runner can have (also the tables' CHECKs). */
#define KR_WEIGHT_MIN_KG	10.0
#define KR_WEIGHT_MAX_KG	400.0
#define KR_HEIGHT_MIN_CM	50.0
#define KR_HEIGHT_MAX_CM	250.0

/* Time: a week of days, and of PostgreSQL timestamp microseconds. */
#define KR_DAYS_PER_WEEK	7.0
#define KR_USECS_PER_WEEK	(KR_DAYS_PER_WEEK * 86400.0 * 1000000.0)

/*
 * Body mass index, kg/m^2 (Quetelet; WHO classes), from weight in kg and
 * height in cm (callers check both ranges).  kg/m^2 = 10000 kg/cm^2:
 * scaling the numerator keeps whole-number inputs exact until the one
 * division (60 kg, 160 cm gives 23.4375, where dividing by 1.6^2 would
 * not, 1.6 having no exact double).
 */
static inline double
kr_bmi_value(double weight_kg, double height_cm)
{
	return weight_kg * 10000.0 / (height_cm * height_cm);
}

#endif							/* KR_CLINICAL_LIMITS_H */
