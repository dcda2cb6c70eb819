/*-------------------------------------------------------------------------
 *
 * settings.h
 *	  The extension's settings (GUCs knee_rehab.*), as C variables.
 *
 *	  Contract: kr_settings_define, called once from _PG_init, defines
 *	  every setting below with its default, range and context; after it
 *	  the variables hold the session's current values (PostgreSQL's GUC
 *	  machinery writes them).  Readers only read them.  Ranges: the NRS
 *	  levels 0-10 (clinical_limits.h), the target angle 0-160 degrees, the
 *	  small-cell size 1-1000000 (superuser only).  settings.c also has the
 *	  SQL accessors (knee_rehab.pain_free_nrs() etc.) the views call.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_SETTINGS_H
#define KR_SETTINGS_H

extern double kr_pain_free_nrs;			/* knee_rehab.pain_free_nrs */
extern double kr_knee_bend_target_deg;	/* knee_rehab.knee_bend_target_deg */
extern int	kr_min_cell_size;			/* knee_rehab.min_cell_size */
extern double kr_pain_safe_nrs;			/* knee_rehab.pain_safe_nrs */
extern double kr_pain_acceptable_nrs;	/* knee_rehab.pain_acceptable_nrs */

/* Define the settings above (from _PG_init, once). */
extern void kr_settings_define(void);

#endif							/* KR_SETTINGS_H */
