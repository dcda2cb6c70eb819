#!/usr/bin/env bash
# make fuzz: sqlsmith sends random queries (which call knee_rehab's
# functions, aggregates and views among everything else in the catalog) at a
# database holding a simulated clinic, for a bounded number of queries; the
# run fails if any backend was terminated by a signal (a crash).
#   QUERIES=20000 SEED=7 make fuzz
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

QUERIES=${QUERIES:-10000}
SEED=${SEED:-1}
bash test/deps.sh build fuzz
. test/pg_env.sh
exec 9>"$KR_TEST_LOCK"
flock 9
make -s >/dev/null
make -s install >/dev/null

. test/cluster.sh
KR_PG_OPTS="-c statement_timeout=5s -c log_min_messages=warning" cluster_start
trap cluster_stop EXIT
psql -X -q -d postgres -c "CREATE DATABASE knee_rehab_fuzz"
export PGDATABASE=knee_rehab_fuzz
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo"
# A simulated clinic (knee_rehab_demo), so the views have rows.
psql -X -q -v ON_ERROR_STOP=1 -c "SELECT knee_rehab.simulate_clinic(200, 1)" >/dev/null

echo "sqlsmith: $QUERIES queries, seed $SEED ..."
sqlsmith --target="host=$PGHOST port=$PGPORT user=$PGUSER dbname=$PGDATABASE" \
	--seed="$SEED" --max-queries="$QUERIES" --exclude-catalog >"$KR_CLUSTER_DIR/sqlsmith.out" 2>&1 || true
tail -n 5 "$KR_CLUSTER_DIR/sqlsmith.out" | tr '\r' '\n' | tail -n 3
crashes=$(grep -c 'terminated by signal' "$KR_CLUSTER_DIR/server.log" || true)
ours=$(grep -c 'knee_rehab' "$KR_CLUSTER_DIR/server.log" || true)
echo "server log: $crashes backend(s) terminated by a signal; $ours log lines mention knee_rehab"
if [ "$crashes" -gt 0 ]; then
	grep -B5 -A5 'terminated by signal' "$KR_CLUSTER_DIR/server.log" | head -80
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
echo "fuzz: 1 passed, 0 failed"
