#!/usr/bin/env bash
# The worst bad inputs of test/pgtap/bad_input.sql again, WITHOUT pgTAP's
# savepoint around each: every statement runs at top level in one fresh
# psql session (ON_ERROR_STOP off), so each error aborts its own
# transaction only.  Afterwards the same connection still answers, with
# the same backend, and the server has not restarted.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
db=${KR_TAP_DB:-knee_rehab_tap}

# statement <TAB> expected SQLSTATE
bad=$(cat <<'SQL'
SELECT knee_rehab.limb_symmetry_index(1, 1e-308)	22003
SELECT knee_rehab.akps_score(array_fill(5, ARRAY[13, 1]))	2202E
SELECT knee_rehab.pfps_risk(injuries => '{{acl_tear},{pcl_tear}}')	2202E
SELECT knee_rehab.pfps_risk_score(injuries => '{acl_tear,NULL}')	2202E
SELECT knee_rehab.load_pain_trend_final('{NaN,0,0,0,1,0}')	2202E
SELECT knee_rehab.weekly_trend_merge(s) FROM (VALUES ('{1,0,0,0,0,0,1e300}'::float8[])) v(s)	2202E
SELECT knee_rehab.knee_bend_progress_final('{1,0,0,0,0,0,0,0,0,NaN,30,NaN,30,NaN,NaN}')	2202E
SELECT knee_rehab.recovery_km_merge(s) FROM (VALUES ('{1,1,5,1,0}'::float8[]), ('{1,1,NaN,1,0}')) v(s)	2202E
SELECT * FROM knee_rehab.recovery_curve('{1,1000000,0}')	2202E
SELECT knee_rehab.ewma_acwr_final('{1,NaN,1e300,NaN,5,5,-1,-1}')	2202E
SELECT knee_rehab.ewma_acwr(d, 1e308 ORDER BY d) FROM (VALUES ('2026-01-01'::date), ('2026-01-01')) v(d)	22003
SELECT knee_rehab.knee_bend_progress(t, 30, 0) FROM (VALUES ('-infinity'::timestamptz)) v(t)	22003
SELECT knee_rehab.recovery_km(d, true) FROM (VALUES ('NaN'::float8)) v(d)	22003
SET knee_rehab.pain_free_nrs = 'Infinity'	22023
SELECT knee_rehab.triage(pain_location => 'knee')	22P02
SELECT knee_rehab.simulate_clinic(0)	22003
SQL
)
n=$(printf '%s\n' "$bad" | wc -l)
tap_plan $((n + 4))

before=$(q -d "$db" -c "SELECT pg_postmaster_start_time()")
script=$(mktemp /tmp/kr_bad_input.XXXXXX)
trap 'rm -f "$script"' EXIT
{
	echo "SELECT 'pid=' || pg_backend_pid();"
	printf '%s\n' "$bad" | while IFS=$'\t' read -r stmt want; do
		printf '%s;\n\\echo SQLSTATE :LAST_ERROR_SQLSTATE\n' "$stmt"
		echo "SELECT 'sane', 1;"
	done
	echo "SELECT 'pid=' || pg_backend_pid();"
	echo "SELECT 'bmi=' || knee_rehab.bmi(60, 160);"
} >"$script"
out=$(psql -X -q -A -t -v ON_ERROR_STOP=0 -d "$db" -f "$script" 2>/dev/null)

i=0
states=$(printf '%s\n' "$out" | sed -n 's/^SQLSTATE //p')
while IFS=$'\t' read -r stmt want; do
	i=$((i + 1))
	have=$(printf '%s\n' "$states" | sed -n "${i}p")
	tap_is "$have" "$want" "top-level: ${stmt:0:70}"
done <<<"$bad"
sane=$(printf '%s\n' "$out" | grep -c '^sane|1$')
tap_is "$sane" "$n" "after each error, SELECT 1 on the same connection answers"
pids=$(printf '%s\n' "$out" | sed -n 's/^pid=//p' | sort -u | wc -l)
tap_is "$pids" "1" "the same backend served the whole session (no reconnect)"
tap_is "$(printf '%s\n' "$out" | sed -n 's/^bmi=//p')" "23.4375" "a real computation afterwards: bmi(60, 160) = 60 / 1.6^2 = 23.4375"
tap_is "$(q -d "$db" -c "SELECT pg_postmaster_start_time()")" "$before" "the server did not restart (pg_postmaster_start_time unchanged)"
tap_done
