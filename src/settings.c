/*-------------------------------------------------------------------------
 *
 * settings.c
 *	  The extension's settings (GUCs), defined from _PG_init, and SQL
 *	  accessors for them so that SQL views read them with the library
 *	  loaded (contract in settings.h).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "clinical_limits.h"
#include "settings.h"

/*
 * Pain-free threshold on the 0-10 numeric rating scale.  Default 0: the
 * provocation tests count as pain-free only without any pain (design notes
 * section 4); clinics using the pain-monitoring model's "safe" band
 * (Thomee 1997) may raise it to 2.
 */
double		kr_pain_free_nrs = 0.0;

/*
 * Small-knee-bend target angle: single-leg bend to 30 degrees (clinical
 * reference, provocation tests).
 */
double		kr_knee_bend_target_deg = 30.0;

/*
 * Cohort cells with fewer episodes than this are suppressed in the cohort
 * views.  5 is a common small-cell rule for health statistics.  Superuser
 * only: a reporting role must not be able to lower it and read small cells.
 */
int			kr_min_cell_size = 5;

/*
 * Bands of the pain-monitoring model (pain_monitor), NRS 0-10: pain during
 * activity up to pain_safe_nrs is safe, up to pain_acceptable_nrs
 * acceptable, above it excessive.  Defaults 2 and 5: Thomee 1997 (Phys
 * Ther 77:1690, PFPS; later Silbernagel 2007 for Achilles tendinopathy).
 * Practitioner guidance for runner's knee is stricter: set both to
 * pain_free_nrs (run pain-free or to the first sign of pain only).
 * safe <= acceptable is checked when pain_monitor runs, not when a value
 * is set, so that either may be changed first.
 */
double		kr_pain_safe_nrs = 2.0;
double		kr_pain_acceptable_nrs = 5.0;

/* Define the settings (from _PG_init). */
void
kr_settings_define(void)
{
	DefineCustomRealVariable("knee_rehab.pain_free_nrs",
							 "Highest pain (NRS 0-10) that still counts as pain-free.",
							 "Used by ready_to_run, knee_bend_progress, load_pain_trend's "
							 "pain_free_capacity and the recovery event.",
							 &kr_pain_free_nrs,
							 0.0, KR_NRS_MIN, KR_NRS_MAX,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomRealVariable("knee_rehab.knee_bend_target_deg",
							 "Small knee bend angle (degrees) a runner must reach pain-free to be ready to run.",
							 "Clinical reference: single-leg bend to 30 degrees.",
							 &kr_knee_bend_target_deg,
							 30.0, 0.0, 160.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("knee_rehab.min_cell_size",
							"Smallest cohort cell (episodes) whose statistics the cohort views show.",
							"Smaller cells show NULL statistics and suppressed = true. "
							"Only superusers may change it.",
							&kr_min_cell_size,
							5, 1, 1000000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);

	DefineCustomRealVariable("knee_rehab.pain_safe_nrs",
							 "Highest pain during activity (NRS 0-10) the pain-monitoring model calls safe.",
							 "Thomee 1997: 2. Strict practitioner rule: set it and "
							 "knee_rehab.pain_acceptable_nrs to knee_rehab.pain_free_nrs.",
							 &kr_pain_safe_nrs,
							 2.0, KR_NRS_MIN, KR_NRS_MAX,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomRealVariable("knee_rehab.pain_acceptable_nrs",
							 "Highest pain during activity (NRS 0-10) the pain-monitoring model calls acceptable.",
							 "Thomee 1997: 5; above it pain is excessive. Must not be below "
							 "knee_rehab.pain_safe_nrs (checked when pain_monitor runs).",
							 &kr_pain_acceptable_nrs,
							 5.0, KR_NRS_MIN, KR_NRS_MAX,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
}

/*
 * SQL accessors.  A view calling current_setting('knee_rehab.x') fails
 * with "unrecognized configuration parameter" in a session that has not
 * loaded the library yet; these load it and return the typed value.
 */
PG_FUNCTION_INFO_V1(kr_setting_pain_free_nrs);
Datum
kr_setting_pain_free_nrs(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kr_pain_free_nrs);
}

PG_FUNCTION_INFO_V1(kr_setting_knee_bend_target_deg);
Datum
kr_setting_knee_bend_target_deg(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kr_knee_bend_target_deg);
}

PG_FUNCTION_INFO_V1(kr_setting_min_cell_size);
Datum
kr_setting_min_cell_size(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(kr_min_cell_size);
}

PG_FUNCTION_INFO_V1(kr_setting_pain_safe_nrs);
Datum
kr_setting_pain_safe_nrs(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kr_pain_safe_nrs);
}

PG_FUNCTION_INFO_V1(kr_setting_pain_acceptable_nrs);
Datum
kr_setting_pain_acceptable_nrs(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kr_pain_acceptable_nrs);
}
