/*-------------------------------------------------------------------------
 *
 * load_spike.c
 *	  Single-session running spike: how much longer a run is than the
 *	  longest run of the previous 30 days, graded as in Frandsen 2025.
 *
 * Frandsen 2025 (BJSM 59:1203; 5,205 runners, GPS watch data): a run
 * longer than the longest run of the previous 30 days by
 *	> 10 % up to 30 %	hazard rate ratio 1.64 (95 % CI 1.31-2.05)
 *	> 30 % up to 100 %	1.52 (1.16-2.00)
 *	> 100 %				2.28 (1.50-3.48)
 * against runs up to 10 % longer (or shorter).  In the same cohort the
 * acute:chronic workload ratio showed a negative dose-response and the
 * week-to-week ratio none.  Observational, one cohort: a description of
 * the run, not an injury probability.
 *
 * Boundaries: the increase (run - longest) / longest is compared with
 * 0.1, 0.3 and 1.0 allowing 1e-9 (relative) for decimal inputs, so that
 * 11 km after 10 km (exactly 10 %) is 'none' and 1.1 km after 1 km too,
 * although 1.1 - 1 is 0.10000000000000009 in binary.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "arg_checks.h"

#define KR_SPIKE_EPS	1e-9

typedef enum KrSpikeGrade
{
	KR_SPIKE_NONE,
	KR_SPIKE_10_30,
	KR_SPIKE_30_100,
	KR_SPIKE_OVER_100
} KrSpikeGrade;

static const char *const kr_spike_names[] = {
	"none", "over_10_to_30_pct", "over_30_to_100_pct", "over_100_pct"
};

/* Frandsen 2025 hazard rate ratios; 1 for the reference category. */
static const double kr_spike_hrr[] = {1.0, 1.64, 1.52, 2.28};

static KrSpikeGrade
kr_spike_grade(FunctionCallInfo fcinfo)
{
	float8		run = PG_GETARG_FLOAT8(0);
	float8		longest = PG_GETARG_FLOAT8(1);
	double		increase;

	kr_check_min(run, "run_km", 0.0, true, "km");
	kr_check_min(longest, "longest_prev_30d_km", 0.0, false, "km");
	increase = (run - longest) / longest;
	if (increase > 1.0 + KR_SPIKE_EPS)
		return KR_SPIKE_OVER_100;
	if (increase > 0.3 + KR_SPIKE_EPS)
		return KR_SPIKE_30_100;
	if (increase > 0.1 + KR_SPIKE_EPS)
		return KR_SPIKE_10_30;
	return KR_SPIKE_NONE;
}

PG_FUNCTION_INFO_V1(kr_single_run_spike_grade);
Datum
kr_single_run_spike_grade(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(kr_spike_names[kr_spike_grade(fcinfo)]));
}

PG_FUNCTION_INFO_V1(kr_single_run_spike_hrr);
Datum
kr_single_run_spike_hrr(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kr_spike_hrr[kr_spike_grade(fcinfo)]);
}
