#!/usr/bin/env bash
# Concurrency: pgbench, 2 clients for 20 s on a database holding a simulated
# clinic, mixes inserts (test/pgbench/insert_sessions.sql: 2 sessions + 3
# knee tests per transaction; insert_episode.sql: patient + episode +
# outcome) with reads of the views and aggregates (read_views.sql).  No
# transaction may fail, every table must hold its starting rows plus exactly
# what the committed transactions inserted, foreign keys and CHECK
# constraints must hold, and the views must still read.
#   KR_PGBENCH_SECONDS=5 to shorten.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
dir=$(cd "$(dirname "$0")/../pgbench" && pwd)
db=kr_concurrency
secs=${KR_PGBENCH_SECONDS:-20}
out=$(mktemp /tmp/kr_pgbench.XXXXXX)
trap 'rm -f "$out"; q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
tables="patient episode knee_test load_session outcome_measure"
counts() { # "patient episode knee_test load_session outcome_measure" row counts
	q -d "$db" -F ' ' -c "SELECT $(for t in $tables; do printf '(SELECT count(*) FROM knee_rehab.%s), ' "$t"; done | sed 's/, $//')"
}

tap_plan 12
PGOPTIONS="-c client_min_messages=warning" q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null &&
	q -d "$db" -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo" -c "SELECT knee_rehab.simulate_clinic(30, 5)" >/dev/null
tap_ok $? "database with a simulated clinic (30 patients)"
episodes=$(q -d "$db" -c "SELECT max(episode_id) FROM knee_rehab.episode")
before=$(counts)

"$PG_BINDIR/pgbench" -n -c 2 -j 2 -T "$secs" -D episodes="$episodes" \
	-f "$dir/insert_sessions.sql@5" -f "$dir/insert_episode.sql@1" -f "$dir/read_views.sql@4" \
	-d "$db" >"$out" 2>&1
rc=$?
tap_is "$rc" 0 "pgbench (2 clients, ${secs} s, inserts mixed with view reads) exits 0"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$out" | tail -n 30
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
tap_is "${failed:-missing}" 0 "no failed transactions"
# Per-script committed transactions: "SQL script N: <file>" then " - K transactions".
per_script() { awk -v f="$1" '/^SQL script [0-9]+:/ { cur = index($0, f) > 0 }
	cur && /^ - [0-9]+ transactions/ { print $2; exit }' "$out"; }
n_sess=$(per_script insert_sessions.sql) n_epi=$(per_script insert_episode.sql) n_read=$(per_script read_views.sql)
echo "# committed: $n_sess session transactions, $n_epi episode transactions, $n_read read transactions"
[ "${n_sess:-0}" -gt 0 ] && [ "${n_epi:-0}" -gt 0 ] && [ "${n_read:-0}" -gt 0 ]
tap_ok $? "every script ran (sessions ${n_sess:-?}, episodes ${n_epi:-?}, reads ${n_read:-?})"

after=$(counts)
read -r p0 e0 k0 l0 o0 <<<"$before"
read -r p1 e1 k1 l1 o1 <<<"$after"
n_sess=${n_sess:-0} n_epi=${n_epi:-0}
tap_is "$p1 $e1" "$((p0 + n_epi)) $((e0 + n_epi))" "patient and episode: start ($p0, $e0) + 1 each per episode transaction"
tap_is "$l1" "$((l0 + 2 * n_sess))" "load_session: start ($l0) + 2 per session transaction"
tap_is "$k1" "$((k0 + 3 * n_sess))" "knee_test: start ($k0) + 3 per session transaction"
tap_is "$o1" "$((o0 + n_epi))" "outcome_measure: start ($o0) + 1 per episode transaction"

orphans=$(q -d "$db" <<'SQL'
SELECT (SELECT count(*) FROM knee_rehab.episode c WHERE NOT EXISTS
          (SELECT 1 FROM knee_rehab.patient p WHERE (p.clinic_id, p.patient_id) = (c.clinic_id, c.patient_id)))
     + (SELECT count(*) FROM knee_rehab.knee_test c WHERE NOT EXISTS
          (SELECT 1 FROM knee_rehab.episode e WHERE (e.clinic_id, e.episode_id) = (c.clinic_id, c.episode_id)))
     + (SELECT count(*) FROM knee_rehab.load_session c WHERE NOT EXISTS
          (SELECT 1 FROM knee_rehab.episode e WHERE (e.clinic_id, e.episode_id) = (c.clinic_id, c.episode_id)))
     + (SELECT count(*) FROM knee_rehab.outcome_measure c WHERE NOT EXISTS
          (SELECT 1 FROM knee_rehab.episode e WHERE (e.clinic_id, e.episode_id) = (c.clinic_id, c.episode_id)))
SQL
)
tap_is "$orphans" 0 "foreign keys hold: no row without its parent in the same clinic"
# Rewriting every row in place re-evaluates every CHECK constraint (rolled back).
q -d "$db" >/dev/null <<'SQL'
BEGIN;
UPDATE knee_rehab.patient SET clinic_id = clinic_id;
UPDATE knee_rehab.episode SET first_visit = first_visit;
UPDATE knee_rehab.knee_test SET pain_nrs = pain_nrs;
UPDATE knee_rehab.load_session SET pain_during = pain_during;
UPDATE knee_rehab.outcome_measure SET score = score;
ROLLBACK;
SQL
tap_ok $? "CHECK constraints hold on every row (each table rewritten in a rolled-back transaction)"

have=$(q -d "$db" -c "SELECT (SELECT count(*) FROM knee_rehab.episode_outcome) = (SELECT count(*) FROM knee_rehab.episode)
	AND (SELECT episodes FROM knee_rehab.cohort_recovery WHERE all_clinics AND dimension = 'sex' AND is_total AND definition = 'tests') = (SELECT count(*) FROM knee_rehab.episode)
	AND (SELECT count(*) FROM knee_rehab.cohort_recovery_curve) > 0
	AND (SELECT count(*) FROM knee_rehab.load_monitoring) > 0")
tap_is "$have" "t" "views still read: episode_outcome and cohort_recovery count every episode, curve and load_monitoring have rows"
have=$(q -d "$db" -c "SELECT count(*) FROM knee_rehab.episode_outcome WHERE clinic_id = 'pgbench'")
tap_is "$have" "$n_epi" "episode_outcome shows every episode pgbench added"
tap_done
