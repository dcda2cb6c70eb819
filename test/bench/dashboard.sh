# make bench, dashboard part (issue 18), sourced by test/bench.sh inside its
# throwaway cluster (PGHOST etc. set; REPS from bench.sh):
#
#  1. latency of the dashboard queries on simulate_clinic networks of
#     DASH_SIZES patients (default "2000 20000"; 5 clinics), medians of REPS
#     warm runs each, in one session per size;
#  2. history independence: the worklist and the week's load flags for the
#     data's last day with 10 years of discharged history behind the same
#     2,000 runners (test/bench/history.sql) against 1 year, run A, B
#     alternately (a fresh session each time, one untimed warm-up run in
#     it), medians and the ratio.
#
# The data's last day is simulate_clinic's cutoff, 2025-12-31 (never
# current_date: the simulation ends on a fixed day).
# SPDX-License-Identifier: GPL-3.0-or-later

DASH_SIZES=${DASH_SIZES:-2000 20000}
DASH_HISTORY=${DASH_HISTORY:-2000}
DASH_DAY="date '2025-12-31'"

# name | query (each returns one row: whole rows are summed as text so no
# column is skipped and nothing crosses the wire)
dash_queries=(
	"this week's load flags (README query)|SELECT count(*), sum(length(m::text)) FROM knee_rehab.load_monitoring m WHERE day BETWEEN $DASH_DAY - 6 AND $DASH_DAY AND (acwr_spike OR single_run_spike OR pain_response = 'excessive')"
	"worklist($DASH_DAY)|SELECT count(*), sum(length(w::text)) FROM knee_rehab.worklist($DASH_DAY) w"
	"load_monitoring, one clinic (WHERE)|SELECT sum(length(m::text)) FROM knee_rehab.load_monitoring m WHERE clinic_id = 'synthetic-03'"
	"episode_outcome, one clinic (WHERE)|SELECT sum(length(e::text)) FROM knee_rehab.episode_outcome e WHERE clinic_id = 'synthetic-03'"
	"episode_outcome, one clinic (policy, no WHERE)|SET ROLE kr_dash_c3; SELECT sum(length(e::text)) FROM knee_rehab.episode_outcome e; RESET ROLE"
	"cohort_recovery (every cohort, every clinic)|SELECT sum(episodes) FROM knee_rehab.cohort_recovery"
	"one episode: episode_outcome|SELECT length(e::text) FROM knee_rehab.episode_outcome e WHERE clinic_id = 'synthetic-03' AND episode_id = :ep"
	"one episode: load_monitoring|SELECT sum(length(m::text)) FROM knee_rehab.load_monitoring m WHERE clinic_id = 'synthetic-03' AND episode_id = :ep"
)

# dash_median <file of times> -> median
dash_median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) printf "%.1f\n", v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# dash_simulate <db> <patients>
dash_simulate() {
	psql -X -q -d postgres -c "CREATE DATABASE $1"
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" \
		-c "SET client_min_messages = warning" \
		-c "CREATE EXTENSION knee_rehab" \
		-c "CREATE EXTENSION knee_rehab_demo" \
		-c "SELECT knee_rehab.simulate_clinic($2, 1)" \
		-c "VACUUM ANALYZE" >/dev/null
}

echo
echo "dashboard latency (issue 18): simulate_clinic(patients, 1), 5 clinics, medians of $REPS warm runs, ms"
declare -A dash_ms
for size in $DASH_SIZES; do
	db=kr_dash_$size
	t0=$(date +%s)
	dash_simulate "$db" "$size"
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE ROLE kr_dash_c3" 2>/dev/null || true
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" \
		-c "SELECT knee_rehab.grant_clinic_access('kr_dash_c3', 'synthetic-03', 'rows')" >/dev/null
	# A discharged episode of clinic 3 with the most sessions: one runner's story.
	ep=$(psql -X -qAt -d "$db" -c "SELECT episode_id FROM knee_rehab.load_session WHERE clinic_id = 'synthetic-03'
	                               GROUP BY episode_id ORDER BY count(*) DESC, episode_id LIMIT 1")
	echo "  $size patients: $(psql -X -qAt -d "$db" -c "SELECT count(*) FROM knee_rehab.episode") episodes," \
		"$(psql -X -qAt -d "$db" -c "SELECT count(*) FROM knee_rehab.load_session") sessions (simulated in $(( $(date +%s) - t0 )) s)"
	for q in "${dash_queries[@]}"; do
		name=${q%%|*}
		sql=${q#*|}
		sql=${sql//:ep/$ep}
		script=$(mktemp)
		{
			echo "\\o /dev/null"
			echo "$sql;"
			echo "\\timing on"
			for ((i = 0; i < REPS; i++)); do echo "$sql;"; done
		} >"$script"
		# The SET ROLE / RESET ROLE statements are timed too; keep only the
		# SELECT's time (the middle one of three).
		times=$(psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$script" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
		rm -f "$script"
		case "$sql" in "SET ROLE"*) times=$(echo "$times" | awk 'NR % 3 == 2') ;; esac
		dash_ms["$name|$size"]=$(echo "$times" | dash_median)
	done
	psql -X -q -d postgres -c "DROP DATABASE $db"
done
printf '\n%-48s' "query"
for size in $DASH_SIZES; do printf ' %14s' "$size patients"; done
echo
for q in "${dash_queries[@]}"; do
	name=${q%%|*}
	printf '%-48s' "$name"
	for size in $DASH_SIZES; do printf ' %14s' "${dash_ms[$name|$size]}"; done
	echo
done

echo
echo "history independence (issue 18, goal 1): the same $DASH_HISTORY simulated patients with 10 years of"
echo "discharged history (A) against 1 year (B); fresh session per run, A B B A ..., ms"
dash_simulate kr_hist1 "$DASH_HISTORY"
dash_simulate kr_hist10 "$DASH_HISTORY"
psql -X -q -v ON_ERROR_STOP=1 -d kr_hist10 -v years=10 -f test/bench/history.sql
for db in kr_hist1 kr_hist10; do
	echo "  $db: $(psql -X -qAt -d "$db" -c "SELECT count(*) FROM knee_rehab.episode") episodes," \
		"$(psql -X -qAt -d "$db" -c "SELECT count(*) FROM knee_rehab.load_session") sessions," \
		"$(psql -X -qAt -d "$db" -c "SELECT count(*) FROM knee_rehab.episode WHERE discharged_on IS NULL OR discharged_on >= $DASH_DAY") active on the last day"
done
printf '%-48s %12s %12s %8s\n' "query" "10 years" "1 year" "A/B"
for q in "${dash_queries[@]:0:2}"; do
	name=${q%%|*}
	sql=${q#*|}
	# Both sides must return the same flags: the history is discharged.
	a=$(psql -X -qAt -d kr_hist10 -c "$sql")
	b=$(psql -X -qAt -d kr_hist1 -c "$sql")
	if [ "$a" != "$b" ]; then
		echo "  $name: 10 years gives ($a), 1 year ($b): the history changed the result"
		exit 1
	fi
	script=$(mktemp)
	{
		for ((i = 0; i < REPS; i++)); do
			if ((i % 2 == 0)); then order="kr_hist10 kr_hist1"; else order="kr_hist1 kr_hist10"; fi
			for db in $order; do
				echo "\\c $db"
				echo "\\o /dev/null"
				echo "\\timing off"
				echo "$sql;"
				echo "\\timing on"
				echo "\\echo $db"
				echo "$sql;"
			done
		done
	} >"$script"
	out=$(psql -X -q -v ON_ERROR_STOP=1 -f "$script" 2>&1)
	rm -f "$script"
	ta=$(echo "$out" | awk '/^kr_hist10$/ { f = 1; next } /^kr_hist1$/ { f = 0; next } f && /^Time:/ { print $2 }' | dash_median)
	tb=$(echo "$out" | awk '/^kr_hist1$/ { f = 1; next } /^kr_hist10$/ { f = 0; next } f && /^Time:/ { print $2 }' | dash_median)
	printf '%-48s %12s %12s %7.2fx\n' "$name" "$ta" "$tb" "$(awk -v a="$ta" -v b="$tb" 'BEGIN { print a / b }')"
done
psql -X -q -d postgres -c "DROP DATABASE kr_hist1" -c "DROP DATABASE kr_hist10"
