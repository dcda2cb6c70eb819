#!/usr/bin/env bash
# pgTAP (test/pgtap/*.sql, via pg_prove) and shell TAP (test/shell/*.sh and
# the reporting clients test/clients/*.sh, via prove) against the server in
# PGHOST/PGPORT/PGUSER, with knee_rehab and knee_rehab_demo already installed there (make
# install; test/clients starts its own cluster with TCP for pgjdbc).  Ends with "tap: N passed, N failed".
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cd "$(dirname "$0")/.."
# psql (and the psql pg_prove runs), pg_dump... of $PG_CONFIG's server:
#   make tapcheck PG_CONFIG=/usr/lib/postgresql/18/bin/pg_config
. test/pg_env.sh || { echo "tap: 0 passed, 1 failed"; exit 1; }

db=${KR_TAP_DB:-knee_rehab_tap}
log=${KR_TAP_LOG:-test/results/tap.log}
mkdir -p "$(dirname "$log")"
: >"$log"

PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" &&
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo" ||
	{ echo "tap: could not prepare database $db"; echo "tap: 0 passed, 1 failed"; exit 1; }

rc=0
pg_prove -v -d "$db" test/pgtap/*.sql >>"$log" 2>&1 || rc=1
KR_TAP_DB=$db prove -v --exec bash test/shell/*.sh test/clients/*.sh >>"$log" 2>&1 || rc=1

passed=$(grep -cE '^(.*\.\. )?ok [0-9]' "$log")
failed=$(grep -E '^(.*\.\. )?not ok [0-9]' "$log" | grep -vc '# TODO')   # "not ok ... # TODO": known, not a failure
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
	# Show the failing assertions and whatever made a file die.
	grep -nE '^(.*\.\. )?not ok|^#|Dubious|Parse errors|ERROR|Failed' "$log" | head -200
	[ "$failed" -eq 0 ] && failed=1
	echo "tap: full output in $log"
fi
echo "tap: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
