#!/usr/bin/env bash
# Smoke test of make demo's report: on a small synthetic clinic every
# report section (test/demo/*.sql, in one psql session as test/demo.sh runs
# them) succeeds, prints its heading, and writes the plots' data files.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
cd "$(dirname "$0")/../.."
db=kr_demo_smoke out=$(mktemp -d /tmp/kr_demo_smoke.XXXXXX)
trap 'rm -rf "$out"; q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT

tap_plan 12
q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
n=$(q -d "$db" -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo" -c "SELECT knee_rehab.simulate_clinic(300, 1)")
tap_ok $? "simulate_clinic(300, 1) writes a clinic ($n rows)"

psql -X -v ON_ERROR_STOP=1 -d "$db" -v outdir="$out" \
	$(for f in test/demo/[0-9]*.sql; do printf -- '-f %s ' "$f"; done) >"$out/report.txt" 2>&1
rc=$?
tap_ok $rc "every report section runs"
[ $rc -eq 0 ] || sed 's/^/# /' "$out/report.txt" | tail -20
for h in '== 1. Recovery by risk tier' '== 2. Load-monitoring flags of the week' "== 3. One runner's story" \
	'== 4. Comparing the risk tiers and benchmarking the clinics'; do
	grep -qF "$h" "$out/report.txt"
	tap_ok $? "report prints: $h"
done
lines=0
for f in km_low km_moderate km_high; do
	[ -s "$out/$f.csv" ] && lines=$((lines + 1))
done
tap_is "$lines" 3 "Kaplan-Meier curve data for all three tiers"
[ -s "$out/funnel_clinics.csv" ] && [ "$(wc -l <"$out/funnel_limits.csv")" -eq 401 ]
tap_ok $? "the funnel plot's clinics and limits (401 points) are written"
[ -s "$out/runner_runs.csv" ]
tap_ok $? "the story runner's runs are written"
grep -qE '^a1=[-0-9.e]+;b1=[-0-9.e]+;c1=' "$out/gp_vars.txt"
tap_ok $? "the fitted lines for the load-vs-pain plot are written"
# The report reads the extension's views and aggregates; no interim
# re-implementation (Kaplan-Meier, EWMA, regressions) is left in the demo.
! grep -qE 'INTERIM|regr_slope|regr_intercept|power\(1 - 2|ln\(1 - ' test/demo/*.sql
tap_ok $? "the demo SQL has no interim plain-SQL Kaplan-Meier, EWMA or regression"
n=0
for o in cohort_recovery cohort_recovery_curve cohort_comparison clinic_benchmark load_monitoring episode_outcome knee_bend_progress load_pain_trend weekly_trend ready_to_run; do
	grep -q "knee_rehab\.$o\b" test/demo/*.sql && n=$((n + 1))
done
tap_is "$n" 10 "the demo uses cohort_recovery(_curve), cohort_comparison, clinic_benchmark, load_monitoring, episode_outcome and the trend aggregates"
tap_done
