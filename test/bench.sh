#!/usr/bin/env bash
# make bench: knee_rehab's aggregates and views against the closest built-in
# or plain-SQL equivalent, on one throwaway cluster, in one psql session.
#
#   SCALE=1 make bench      default: 10M load rows / 100k episodes (1M
#                           patients, 1M ACWR sessions, a 100k-episode / 5M-session clinic)
#   SCALE=0.1 make bench    1M / 10k (quick)
#   REPS=7 make bench       timed runs per side (default 5)
#   ONLY=risk make bench    only the pairs whose name matches (grep -E)
#
# Every comparison runs A and B alternately (A B B A A B ...) after one
# warm-up each, so drift of the machine's speed hits both sides alike, and
# prints the median of each side and the ratio A/B.  JIT is off; the
# max_parallel_workers_per_gather of each row is printed.  No thresholds:
# the bench prints, the README quotes its latest table.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
REPS=${REPS:-5}
bash test/deps.sh build
. test/pg_env.sh
exec 9>"$KR_TEST_LOCK"
flock 9
make -s >/dev/null
make -s install >/dev/null

. test/cluster.sh
KR_PG_OPTS="-c shared_buffers=2GB -c work_mem=64MB -c max_worker_processes=8 -c max_parallel_workers=4 -c jit=off" \
	cluster_start
trap cluster_stop EXIT
psql -X -q -d postgres -c "CREATE DATABASE knee_rehab_bench"
export PGDATABASE=knee_rehab_bench
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo"

# name | workers | rows label | A | B   (queries return one row)
pairs=()
for f in test/bench/pairs*.txt; do
	while IFS= read -r line; do
		case "$line" in ''|'#'*) continue ;; esac
		[ -n "${ONLY:-}" ] && ! echo "${line%%|*}" | grep -qE "$ONLY" && continue
		pairs+=("$line")
	done <"$f"
done

rows=$(awk -v s="$SCALE" 'BEGIN { printf "%d", s * 10000000 }')
episodes=$(awk -v s="$SCALE" 'BEGIN { printf "%d", s * 100000 }')
cohort_episodes=$episodes
# Generate only the data the selected pairs read (SCALE=10 ONLY=cohort_recovery:
# the 1M-episode clinic without 100M load rows).
need_base= need_cohort=
for p in "${pairs[@]}"; do
	case "$p" in *bench_load* | *bench_patient* | *bench_acwr*) need_base=1 ;; esac
	case "$p" in *knee_rehab.cohort_* | *knee_rehab.episode_outcome* | *knee_rehab.load_monitoring*) need_cohort=1 ;; esac
done
t0=$(date +%s)
if [ -n "$need_base" ]; then
	echo "generating $rows load rows over $episodes episodes (SCALE=$SCALE) ..."
	psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -v episodes="$episodes" -f test/bench/data.sql
fi
if [ -n "$need_cohort" ]; then
	echo "generating a clinic of $cohort_episodes episodes x 50 sessions for cohort_recovery ..."
	psql -X -q -v ON_ERROR_STOP=1 -v episodes="$cohort_episodes" -f test/bench/cohort_setup.sql
fi
[ ${#pairs[@]} -gt 0 ] && echo "data ready in $(( $(date +%s) - t0 )) s"

if [ ${#pairs[@]} -gt 0 ]; then
printf '\n%-44s %8s %10s %12s %12s %8s\n' "what (A vs B)" "workers" "rows" "median A ms" "median B ms" "A/B"
for p in "${pairs[@]}"; do
	IFS='|' read -r name workers label qa qb setup check <<<"$p"
	# Row labels name the table sizes: ROWS, ACWR_ROWS, PATIENTS, EPISODES.
	label=${label//ACWR_ROWS/$((rows / 10))}
	label=${label//ROWS/$rows}
	label=${label//PATIENTS/$((episodes * 10))}
	label=${label//COHORT_EPISODES/$cohort_episodes}
	label=${label//EPISODES/$episodes}
	script=$(mktemp)
	{
		echo "SET max_parallel_workers_per_gather = ${workers%% *};"
		# Optional setup (e.g. clinic risk weights) in a transaction that
		# is rolled back after the pair; optional check that A and B agree.
		if [ -n "${setup:-}" ]; then echo "BEGIN;"; echo "$setup;"; fi
		if [ "${check:-}" = same ]; then
			echo "SELECT abs(($qa) / ($qb) - 1) < 1e-12 AS kr_same \\gset"
			printf '%s\n' '\if :kr_same' '\else' "\\warn A and B differ: $name" 'SELECT 1/0;' '\endif'
		fi
		echo "\\o /dev/null"
		echo "$qa;"; echo "$qb;"   # warm-up
		echo "\\timing on"
		for ((i = 0; i < REPS; i++)); do
			if ((i % 2 == 0)); then echo "$qa;"; echo "$qb;"; else echo "$qb;"; echo "$qa;"; fi
		done
		if [ -n "${setup:-}" ]; then echo "ROLLBACK;"; fi
	} >"$script"
	times=$(psql -X -q -v ON_ERROR_STOP=1 -f "$script" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
	rm -f "$script"
	# Split back into A and B following the alternation.
	read -r ma mb < <(echo "$times" | awk -v reps="$REPS" '
		function median(v, n,    i, j, x) {
			for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}
		{ t[NR] = $1 }
		END {
			na = nb = 0
			for (i = 0; i < reps; i++) {
				x = t[2 * i + 1]; y = t[2 * i + 2]
				if (i % 2 == 0) { a[++na] = x; b[++nb] = y } else { b[++nb] = x; a[++na] = y }
			}
			printf "%.1f %.1f\n", median(a, na), median(b, nb)
		}')
	printf '%-44s %8s %10s %12s %12s %7.2fx\n' "$name" "$workers" "$label" "$ma" "$mb" \
		"$(awk -v a="$ma" -v b="$mb" 'BEGIN { print a / b }')"
done
fi

if [ -n "$need_cohort" ]; then
	# Memory of the whole-network report: the largest sort/hash of its plan
	# and what it spilled, and the backend's peak resident size (VmHWM, which
	# also counts the shared buffers it touched: RssShmem).
	echo
	echo "memory: cohort_recovery over $cohort_episodes episodes (work_mem = 64MB)"
	psql -X -qAt -v ON_ERROR_STOP=1 -c "SET max_parallel_workers_per_gather = 0" \
		-c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) SELECT sum(episodes) FROM knee_rehab.cohort_recovery" \
		-c "SELECT regexp_replace(pg_read_file('/proc/self/status'), '.*(VmHWM:[^\n]*).*(RssShmem:[^\n]*).*', '\\1 \\2')" \
		>"$KR_CLUSTER_DIR/cohort_plan.txt"
	echo "  largest sort/hash in memory: $(grep -oE 'Memory( Usage)?: [0-9]+kB' "$KR_CLUSTER_DIR/cohort_plan.txt" | grep -oE '[0-9]+' | sort -n | tail -1) kB;" \
		"spilled: $(grep -oE 'Disk( Usage)?: [0-9]+kB' "$KR_CLUSTER_DIR/cohort_plan.txt" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }') kB;" \
		"temp written: $(grep -oE 'temp( read=[0-9]+)? written=[0-9]+' "$KR_CLUSTER_DIR/cohort_plan.txt" | head -1 | grep -oE 'written=[0-9]+' | grep -oE '[0-9]+' | awk '{ print $1 * 8 }') kB"
	echo "  backend peak resident size: $(grep -oE 'VmHWM:.*' "$KR_CLUSTER_DIR/cohort_plan.txt" | tr -s ' \t' ' ') (RssShmem: shared buffers it touched)"
fi

# Memory: per-group states are small and fixed (recovery_km: bounded), so a
# hash aggregate over many groups fits work_mem or spills to disk (PG 13+
# hash-aggregate spilling) - it must not fail.
if [ -n "$need_base" ]; then
groups=$((episodes * 10))
echo
echo "memory: $groups groups with work_mem = 4MB (HashAggregate must fit or spill, never fail)"
for agg in "knee_rehab.load_pain_trend(load, pain)" "knee_rehab.knee_bend_progress(at, load, pain)" "knee_rehab.recovery_km(days, recovered)"; do
	plan=$(psql -X -q -v ON_ERROR_STOP=1 -c "SET work_mem = '4MB'" -c "SET max_parallel_workers_per_gather = 0" \
		-c "SET enable_sort = off" \
		-c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT count(t) FROM (SELECT $agg AS t FROM bench_load GROUP BY episode_id, (day - date '2025-01-01') % 10) AS s" 2>&1) ||
		{ echo "$plan"; echo "memory check failed for $agg"; exit 1; }
	echo "  ${agg%%(*}: $(echo "$plan" | grep -oE 'Batches: [0-9]+ +Memory Usage: [0-9]+kB( +Disk Usage: [0-9]+kB)?' | head -1)"
done
fi

# Dashboards (issue 18): latency at two network sizes and the worklist's
# independence of discharged history; ONLY=dashboard runs just this part.
if [ -z "${ONLY:-}" ] || echo dashboard | grep -qE "$ONLY"; then
	. test/bench/dashboard.sh
fi

# ---- Citus: the cross-clinic reports of test/bench/citus_pairs.txt on a
# coordinator and two workers (test/citus/cluster.sh) against one node, the
# same rows on both; sides alternate as above, one psql per run.
echo
. test/citus/cluster.sh
if ! citus_installed; then
	echo "citus: skipped (Citus not installed; ../shared/tools/build-citus.sh or the Citus packages install it)"
else
	cpatients=${CITUS_BENCH_PATIENTS:-$(awk -v s="$SCALE" 'BEGIN { n = int(s * 2000); print (n < 50 ? 50 : n) }')}
	(
		set -e
		citus_start >/dev/null
		trap citus_stop EXIT
		citus_db dist >/dev/null
		psql -X -q -d postgres -c "CREATE DATABASE single"
		psql -X -q -d single -c "CREATE EXTENSION knee_rehab"
		awk '$0 == "<!-- citus-setup -->" {f = 1; next} f && /^```sql/ {g = 1; next} g && /^```/ {exit} g {print}' README.md |
			psql -X -q -v ON_ERROR_STOP=1 -d dist >/dev/null 2>&1
		for db in single dist; do
			# the synthetic clinic is knee_rehab_demo's (the README setup installs knee_rehab only)
			psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION knee_rehab_demo"
			psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v patients="$cpatients" -f test/citus/data.sql >/dev/null
			psql -X -q -d "$db" -c "ANALYZE" >/dev/null
		done
		echo "citus: a coordinator and two workers (A) vs one node (B), simulate_clinic($cpatients) and its mirror: 10 clinics," \
			"$(psql -X -At -d single -c "SELECT count(*) FROM knee_rehab.episode") episodes," \
			"$(psql -X -At -d single -c "SELECT count(*) FROM knee_rehab.load_session") sessions"
		echo "citus: on one shared $(nproc)-core machine this measures Citus's overhead, not a speedup"
		printf '%-44s %8s %10s %12s %12s %8s\n' "what (Citus vs one node)" "nodes" "" "median A ms" "median B ms" "A/B"
		timed() {	# timed DB QUERY: one run's milliseconds
			psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c '\timing on' -c '\o /dev/null' -c "$2" |
				sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
		}
		while IFS='|' read -r name q; do
			case "$name" in ''|'#'*) continue ;; esac
			[ -n "${ONLY:-}" ] && ! echo "$name" | grep -qE "$ONLY" && continue
			timed dist "$q" >/dev/null; timed single "$q" >/dev/null	# warm-up
			ta=() tb=()
			for ((i = 0; i < REPS; i++)); do
				if ((i % 2 == 0)); then ta+=("$(timed dist "$q")"); tb+=("$(timed single "$q")")
				else tb+=("$(timed single "$q")"); ta+=("$(timed dist "$q")"); fi
			done
			ma=$(printf '%s\n' "${ta[@]}" | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
			mb=$(printf '%s\n' "${tb[@]}" | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
			printf '%-44s %8s %10s %12.1f %12.1f %7.2fx\n' "$name" "3 vs 1" "" "$ma" "$mb" \
				"$(awk -v a="$ma" -v b="$mb" 'BEGIN { print a / b }')"
		done <test/bench/citus_pairs.txt
	)
fi

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(uname -m); PostgreSQL $("$PG_CONFIG" --version | awk '{ print $2 }'); REPS=$REPS"
