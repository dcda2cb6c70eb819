#!/usr/bin/env bash
# make citus-test: knee_rehab on a real Citus cluster (a coordinator and two
# workers on this machine, test/citus/cluster.sh), against the same data on
# a single node.  TAP on stdout.
#
#   - the README's Citus commands, extracted from README.md (the ```sql block
#     after <!-- citus-setup -->), run as written on the coordinator;
#   - a simulated network (simulate_clinic, plus "mirror" clinics with the
#     same ids, test/citus/data.sql) loaded on the cluster and, the same
#     way, into a database without Citus on the coordinator node; the
#     tables must hold the same rows;
#   - every query of the README's report block (<!-- citus-reports -->) and
#     of test/citus/queries.sql gives the single-node rows (same order;
#     numbers within a relative 1e-9), with Citus's default aggregation
#     strategy and with citus.coordinator_aggregation_strategy = 'disabled',
#     then with non-default settings (session SET; and SET LOCAL propagated
#     by citus.propagate_set_commands = 'local') and a clinic risk override;
#   - EXPLAIN of every cross-clinic report (test/citus/explain_ok.pl): the
#     aggregation or window in the queries sent to the shards, and no
#     subplan pulling a distributed table's rows to the coordinator (a
#     subplan may ship per-clinic groups or partial states); for the
#     aggregate-only views, the body of the SECURITY DEFINER function they
#     read their cells through.
# Without Citus installed it prints "citus: skipped (Citus not installed)"
# and a TAP skip.  "not ok ... # TODO" lines are known failures (counted
# apart, not as failures).
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/citus/cluster.sh

if ! citus_installed; then
	echo "citus: skipped (Citus not installed; ../shared/tools/build-citus.sh or the Citus packages install it)"
	echo "1..0 # SKIP Citus not installed"
	exit 0
fi

# Alone (make citus-test), install under the shared lock; inside make test
# the caller holds it and has installed.
if [ -z "${KR_INSTALLED:-}" ]; then
	exec 9>/tmp/knee_rehab.test.lock
	flock 9
	make -s install >/dev/null || { echo "1..1"; echo "not ok 1 - make install"; exit 1; }
fi

PATIENTS=${CITUS_PATIENTS:-200}
work=$(mktemp -d /tmp/knee_rehab_citus_out.XXXXXX)
citus_start >/dev/null || { echo "1..1"; echo "not ok 1 - start a coordinator and two workers"; exit 1; }
trap 'citus_stop; rm -rf "$work"' EXIT

n=0 failed=0 todo=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {	# notok description [todo-reason]
	n=$((n + 1))
	if [ -n "${2:-}" ]; then echo "not ok $n - $1 # TODO $2"; todo=$((todo + 1))
	else echo "not ok $n - $1"; failed=$((failed + 1)); fi
}
check() {	# check description todo-reason command...
	local d=$1 t=$2; shift 2
	if "$@" >"$work/check.out" 2>&1; then ok "$d${t:+ # TODO $t}"; [ -n "$t" ] && todo=$((todo + 1))
	else notok "$d" "$t"; sed -n '1,12s/^/#   /p' "$work/check.out"; fi
}
psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

citus_db dist >"$work/nodes.log" 2>&1 && ok "coordinator and two workers registered (Citus $(psql -X -At -d dist -c "SELECT extversion FROM pg_extension WHERE extname = 'citus'"))" ||
	{ notok "coordinator and two workers registered"; cat "$work/nodes.log" | sed 's/^/# /'; echo "1..$n"; exit 1; }
psqlq -d postgres -c "CREATE DATABASE single" && psqlq -d single -c "CREATE EXTENSION knee_rehab" ||
	{ notok "single-node database"; echo "1..$n"; exit 1; }

# ---- the README's commands
extract() {	# extract MARKER: the ```sql block following <!-- MARKER --> in README.md
	awk -v m="<!-- $1 -->" '$0 == m {f = 1; next} f && /^```sql/ {g = 1; next} g && /^```/ {exit} g {print}' README.md
}
extract citus-setup >"$work/setup.sql"
extract citus-reports >"$work/reports.sql"
[ -s "$work/setup.sql" ] && [ -s "$work/reports.sql" ] && ok "README.md has the citus-setup and citus-reports blocks" ||
	notok "README.md has the citus-setup and citus-reports blocks"

# The knee_test trigger (it compares in the session TimeZone) blocks
# create_distributed_table; the lead's access branch removes it.
if [ "$(psql -X -At -d single -c "SELECT count(*) FROM pg_trigger WHERE tgname = 'knee_test_not_before_episode'")" != 0 ]; then
	notok "knee_test has no trigger (Citus refuses to distribute a table with triggers)" "lead: knee_test trigger"
	psqlq -d dist -c "CREATE EXTENSION knee_rehab" -c "DROP TRIGGER knee_test_not_before_episode ON knee_rehab.knee_test" &&
		sed -i '/^CREATE EXTENSION knee_rehab/d' "$work/setup.sql"
else
	ok "knee_test has no trigger"
fi
check "README citus-setup block runs as written on the coordinator" "" psqlq -d dist -f "$work/setup.sql"
check "the data tables distributed by clinic_id and co-located, the risk model tables and clinic_access are reference tables" "" \
	test "$(psql -X -At -d dist -c "SELECT string_agg(logicalrelid::text || ':' || partmethod::text || ':' || (colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'knee_rehab.patient'::regclass))::text, ' ' ORDER BY logicalrelid::text) FROM pg_dist_partition")" = \
	"knee_rehab.clinic_access:n:false knee_rehab.episode:h:true knee_rehab.equipment_change:h:true knee_rehab.gait_assessment:h:true knee_rehab.home_exercise:h:true knee_rehab.home_exercise_log:h:true knee_rehab.knee_test:h:true knee_rehab.load_session:h:true knee_rehab.outcome_measure:h:true knee_rehab.patient:h:true knee_rehab.risk_parameter:n:false knee_rehab.risk_parameter_default:n:false knee_rehab.side_measure:h:true"

# ---- the same network on both
for db in single dist; do
	# The synthetic clinic is knee_rehab_demo's (the README's production
	# setup above does not install it); on the cluster Citus propagates the
	# CREATE EXTENSION to the workers.
	check "CREATE EXTENSION knee_rehab_demo ($db)" "" psqlq -d "$db" -c "CREATE EXTENSION knee_rehab_demo"
	check "simulated network with colliding ids loaded ($db)" "" psqlq -d "$db" -v patients="$PATIENTS" -f test/citus/data.sql
done
# An aggregate-only analyst of two clinics (a role is cluster-wide: the
# single-node database is on the coordinator's node; Citus creates it on
# the workers).
psqlq -d dist -c "CREATE ROLE kr_citus_analyst LOGIN" &&	# Citus logs in to the workers as the caller
	for db in single dist; do
		psqlq -d "$db" -c "SELECT knee_rehab.grant_clinic_access('kr_citus_analyst', c, 'aggregates') FROM unnest(ARRAY['synthetic-01', 'mirror-01']) AS c" >/dev/null
	done && ok "an aggregate-only analyst role (kr_citus_analyst, clinics synthetic-01 and mirror-01)" ||
	notok "an aggregate-only analyst role"
for t in patient:patient_id episode:episode_id knee_test:test_id load_session:session_id outcome_measure:measure_id \
         home_exercise:exercise_id home_exercise_log:log_id gait_assessment:assessment_id equipment_change:change_id \
         side_measure:side_measure_id; do
	q="SELECT to_jsonb(x) - 'created_at' FROM knee_rehab.${t%%:*} x ORDER BY clinic_id, ${t#*:}"
	psql -X -At -d single -c "$q" >"$work/t.single" && psql -X -At -d dist -c "$q" >"$work/t.dist"
	check "${t%%:*}: same rows on the cluster (but created_at) ($(wc -l <"$work/t.single") rows)" "" cmp -s "$work/t.single" "$work/t.dist"
done

# ---- queries: README reports (all cross-clinic) and queries.sql
split_blocks() {	# split_blocks FILE PREFIX [cross]: one file per blank-line separated block with a query
	awk -v dir="$work" -v pre="$2" -v cross="${3:-}" '
		function flush() { if (q ~ /SELECT/) { k++; f = sprintf("%s/q.%s.%02d", dir, pre, k); printf "%s", (cross ? "-- [cross]\n" : "") q > f; close(f) } q = "" }
		/^[[:space:]]*$/ { flush(); next } { q = q $0 "\n" } END { flush() }' "$1"
}
split_blocks "$work/reports.sql" r cross
split_blocks test/citus/queries.sql t
name_of() { sed -n '/^-- [^[]/{s/^-- //; s/ *\[.*//; p; q}' "$1"; }
todo_of() { _todo_of "$1" | head -n 1; }
_todo_of() {
	sed -n 's/.*\[todo: \([^]]*\)\].*/\1/p' "$1" | head -n 1
	# Known: the forms of the C aggregates that read a setting (the
	# 3-argument knee_bend_progress per row, the 2-argument load_pain_trend
	# when a group finishes on a worker) and date -> timestamptz casts on a
	# worker use the worker session's values under a session SET (SET
	# LOCAL, checked next, reaches them); the queries here pass the values.
	[ -n "${SESSION_SET:-}" ] && grep -qE 'knee_bend_progress(_state)?\([a-z_.]+, [a-z_.]+, [a-z_.]+\)|load_pain_trend\(distance_km, pain_during\) AS t$|weekly_trend\(session_date,' "$1" &&
		echo "citus: aggregate reads the worker's setting under session SET"
}
is_cross() { grep -q '\[cross\]' "$1"; }

runq() {	# runq DB PREFIX-SQL SUFFIX-SQL QUERYFILE OUT
	{ printf '%s\n' "$2"; cat "$4"; printf '%s\n' "$3"; } |
		psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$1" >"$5" 2>&1
}
compare() {	# compare LABEL PREFIX-SINGLE PREFIX-DIST SUFFIX
	local f name t
	for f in "$work"/q.r.* "$work"/q.t.*; do
		name=$(name_of "$f"); t=$(todo_of "$f")
		case "$f" in *q.r.*) name="README report: $name" ;; esac
		runq single "$2" "$4" "$f" "$work/out.single" || { notok "$name ($1): single node: $(head -c 300 "$work/out.single")"; continue; }
		if runq dist "$3" "$4" "$f" "$work/out.dist"; then
			check "$name ($1): same as single node ($(wc -l <"$work/out.single") rows)" "$t" perl test/citus/same.pl "$work/out.single" "$work/out.dist"
		else
			notok "$name ($1): $(grep -m1 ERROR "$work/out.dist" | head -c 300)" "$t"
		fi
	done
}
DISABLED="SET citus.coordinator_aggregation_strategy = 'disabled';"
compare "default strategy" "" "" ""
compare "aggregation strategy disabled" "" "$DISABLED" ""

# EXPLAIN of every cross-clinic report (test/citus/explain_ok.pl: each
# query sent to the shards aggregates there; a subplan ships groups or
# partial states, never rows).  A report that reads its cells through one
# of the extension's SECURITY DEFINER functions (the aggregate-only views:
# *_cells) shows a Function Scan on the coordinator; the function's body
# is explained too, and it is that body that must pass.
AGGS=$(psql -X -At -d dist -c "SELECT string_agg(DISTINCT p.proname, '|') FROM pg_catalog.pg_aggregate AS a JOIN pg_catalog.pg_proc AS p ON p.oid = a.aggfnoid")
explain_ok() {	# explain_ok PLANFILE
	local fn
	for fn in $(sed -n 's/.*Function Scan on knee_rehab\.\([a-z_]*_cells\)\( .*\)\{0,1\}$/\1/p' "$1" | sort -u); do
		{ echo "$DISABLED"; echo "EXPLAIN (VERBOSE, COSTS OFF)";
		  psql -X -At -d dist -c "SELECT regexp_replace(regexp_replace(pg_catalog.pg_get_function_sqlbody('knee_rehab.$fn()'::regprocedure), '^\\s*BEGIN ATOMIC\\s*', ''), ';\\s*END\\s*$', '')"; } |
			psql -X -q -A -t -v ON_ERROR_STOP=1 -d dist >>"$1" 2>&1 || { echo "EXPLAIN of $fn's body:"; grep -m1 ERROR "$1"; return 1; }
	done
	perl test/citus/explain_ok.pl "$AGGS" "$1"
}
for f in "$work"/q.r.* "$work"/q.t.*; do
	is_cross "$f" || continue
	name=$(name_of "$f"); t=$(todo_of "$f")
	[ -z "$t" ] && t=$(sed -n 's/.*\[explain todo: \([^]]*\)\].*/\1/p' "$f" | head -n 1)
	case "$f" in *q.r.*) name="README report: $name" ;; esac
	{ echo "$DISABLED"; echo "EXPLAIN (VERBOSE, COSTS OFF)"; grep -v '^--' "$f"; } |
		psql -X -q -A -t -v ON_ERROR_STOP=1 -d dist >"$work/plan" 2>&1 ||
		{ notok "$name: EXPLAIN: $(grep -m1 ERROR "$work/plan" | head -c 300)" "$t"; continue; }
	check "$name: EXPLAIN shows the aggregation on the workers, no rows pulled" "$t" explain_ok "$work/plan"
done
# The check can fail: a report that brings a table's rows to the
# coordinator (a materialised CTE of raw rows, counted there) is refused.
{ echo "$DISABLED"; echo "EXPLAIN (VERBOSE, COSTS OFF)"
  echo "WITH r AS MATERIALIZED (SELECT clinic_id, distance_km FROM knee_rehab.load_session) SELECT count(*) FROM r"; } |
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d dist >"$work/plan" 2>&1
check "the EXPLAIN check refuses a plan that pulls raw rows to the coordinator (control)" "" eval '! explain_ok "$work/plan"'

# ---- non-default settings and a clinic's risk override
for db in single dist; do
	psqlq -d "$db" -c "INSERT INTO knee_rehab.risk_parameter (parameter, value, note) VALUES ('female', 3.1, 'test'), ('tier_high_from', 2.5, 'test')"
done
SETS="SET knee_rehab.pain_free_nrs = 2; SET knee_rehab.knee_bend_target_deg = 25; SET knee_rehab.min_cell_size = 20; SET TimeZone = 'Pacific/Auckland';"
SESSION_SET=1 compare "session SET of pain_free_nrs, knee_bend_target_deg, min_cell_size, TimeZone" "$SETS" "$SETS $DISABLED" ""
LOCALSETS="SET citus.propagate_set_commands = 'local'; BEGIN; ${SETS//SET /SET LOCAL }"
compare "the same settings by SET LOCAL, citus.propagate_set_commands = 'local'" "$LOCALSETS" "$LOCALSETS $DISABLED" "COMMIT;"

echo "1..$n"
echo "# citus: $((n - failed - todo)) passed, $failed failed, $todo todo"
[ "$failed" -eq 0 ]
