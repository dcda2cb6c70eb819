#!/usr/bin/env bash
# make demo: the main job.  Installs what is missing, builds, installs,
# starts a throwaway cluster (postgres user, temp dir, Unix socket only),
# creates the extension, simulates a synthetic clinic, prints the report
# (test/demo/*.sql) and draws the plots (test/demo/*.gp).
#   PATIENTS=2000 SEED=1   size and seed of the synthetic clinic
#   OUT=./demo-output      where the PNGs (and their CSV data) go
#   KEEP=1 make demo       leaves the cluster running and prints how to connect.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

patients=${PATIENTS:-2000}
seed=${SEED:-1}
out=${OUT:-./demo-output}

bash test/deps.sh build demo
. test/pg_env.sh
exec 9>"$KR_TEST_LOCK"
flock 9
make -s >/dev/null
make -s install >/dev/null

mkdir -p "$out"
out=$(cd "$out" && pwd)
# The cluster runs as postgres; psql (this user) writes the CSVs.  The
# server must not inherit the lock's descriptor (9), or a KEEP=1 cluster
# would hold the install lock for as long as it runs.
. test/cluster.sh
cluster_start 9>&-
if [ "${KEEP:-0}" = 1 ]; then
	trap 'echo; echo "Demo cluster left running: psql -h $KR_CLUSTER_DIR -U postgres -d knee_rehab_demo"; echo "Stop it: runuser -u postgres -- $PG_BINDIR/pg_ctl -D $KR_CLUSTER_DIR/data stop && rm -rf $KR_CLUSTER_DIR"' EXIT
else
	trap 'cluster_stop; echo "Demo cluster torn down (KEEP=1 make demo keeps it running)."' EXIT
fi

psql -X -q -d postgres -c "CREATE DATABASE knee_rehab_demo"
export PGDATABASE=knee_rehab_demo
psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION knee_rehab;
-- The synthetic clinic is a separate extension: never in a production install.
CREATE EXTENSION knee_rehab_demo;
\echo
\echo == knee_rehab: a synthetic clinic of $patients runners (seed $seed) ==
\timing on
SELECT knee_rehab.simulate_clinic($patients, $seed) AS rows_written;
\timing off
SELECT (SELECT count(*) FROM knee_rehab.patient) AS patients,
       (SELECT count(*) FROM knee_rehab.episode) AS episodes,
       (SELECT count(*) FROM knee_rehab.knee_test) AS provocation_tests,
       (SELECT count(*) FROM knee_rehab.load_session) AS training_sessions,
       (SELECT count(*) FROM knee_rehab.outcome_measure) AS outcome_measures,
       (SELECT min(first_visit) || ' .. ' || max(first_visit) FROM knee_rehab.episode) AS first_visits;
ANALYZE;
SQL

# One session runs every report section in order (00_setup.sql defines
# the temporary views the others use); the plot data go to $out.
psql -X -v ON_ERROR_STOP=1 -v outdir="$out" \
	$(for f in test/demo/[0-9]*.sql; do printf -- '-f %s ' "$f"; done)

gnuplot -e "dir='$out'" test/demo/km_by_risk_tier.gp
gnuplot -e "dir='$out'" test/demo/km_by_definition.gp
gnuplot -e "dir='$out'; $(cat "$out/gp_vars.txt")" test/demo/load_vs_pain.gp
gnuplot -e "dir='$out'" test/demo/funnel_clinics.gp
echo
echo "Plots:"
echo "  $out/km_by_risk_tier.png   Kaplan-Meier recovery curves by risk tier, 95 % CI bands (tests definition)"
echo "  $out/km_by_definition.png  Kaplan-Meier curves of the three recovery definitions (tests, groc, return_to_run)"
echo "  $out/load_vs_pain.png      one runner: run distance vs pain, fitted lines, pain-free capacity"
echo "  $out/funnel_clinics.png    clinics: observed / expected recovered by 12 weeks, 95 % and 99.8 % funnel limits"
echo "Every figure is the synthetic clinic's: it follows from simulate_clinic's assumptions"
echo "(recovery median = 35 x RR^0.35 days, GROC at weeks 6 and 12, runs only after a ready small knee bend), not findings."
