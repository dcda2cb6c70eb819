#!/usr/bin/env bash
# pg_dump of a database holding a simulated clinic (simulate_clinic, 300
# patients, seed 7), hand-written edge rows and clinic risk-model overrides,
# restored into new databases twice - custom format through pg_restore, plain
# SQL through psql - keeps every row and sequence position, and every view
# and the aggregates give the same output as in the source.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
. "$(dirname "$0")/../clinic_lib.sh"
src=kr_dump_src dstc=kr_dump_custom dstp=kr_dump_plain
dump=$(mktemp /tmp/kr_dump.XXXXXX) err=$(mktemp /tmp/kr_dump_err.XXXXXX)
drop_all() { q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dstc" -c "DROP DATABASE IF EXISTS $dstp"; }
trap 'rm -f "$dump" "$err"; drop_all >/dev/null 2>&1' EXIT
want_version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$(dirname "$0")/../../knee_rehab.control")

drop_all >/dev/null 2>&1
q -d postgres -c "CREATE DATABASE $src" -c "CREATE DATABASE $dstc" -c "CREATE DATABASE $dstp" >/dev/null
q -d "$src" -c "CREATE EXTENSION knee_rehab" >/dev/null && clinic_fill "$src"
tap_ok $? "every table filled in the source database (simulate_clinic + edge rows + risk overrides)"
empty=
for t in $KR_TABLES; do
	[ "$(q -d "$src" -c "SELECT count(*) > 0 FROM knee_rehab.$t")" = t ] || empty="$empty $t"
done
tap_is "$empty" "" "no table is empty in the source"
# The client tools are the server's own ($PG_CONFIG's bindir, test/pg_env.sh):
# a PostgreSQL 18 server is dumped and restored by 18's pg_dump and psql.
server_major=$(q -d "$src" -c "SELECT current_setting('server_version_num')::int / 10000")
tools=
for tool in "$PG_BINDIR/pg_dump" "$PG_BINDIR/pg_restore" "$(command -v psql)"; do
	tools="$tools $("$tool" --version | awk '{ print $3 }' | cut -d. -f1)"
done
tap_is "$tools" " $server_major $server_major $server_major" "pg_dump, pg_restore and psql are PostgreSQL $server_major's, as the server"

"$PG_BINDIR/pg_dump" -Fc -d "$src" -f "$dump" 2>"$err"
tap_ok $? "pg_dump -Fc succeeds"
"$PG_BINDIR/pg_restore" --exit-on-error -d "$dstc" "$dump" 2>>"$err"
tap_ok $? "pg_restore into a new database succeeds without errors"
"$PG_BINDIR/pg_dump" -Fp -d "$src" 2>>"$err" | psql -X -q -v ON_ERROR_STOP=1 -d "$dstp" >/dev/null 2>>"$err"
tap_ok $? "pg_dump -Fp | psql into a new database succeeds without errors"
[ -s "$err" ] && sed 's/^/# /' "$err"

want_tables=$(table_sigs "$src")
want_views=$(view_names "$src")
want_aggs=$(aggregate_sigs "$src")
for dst in "$dstc" "$dstp"; do
	how=$([ "$dst" = "$dstc" ] && echo "pg_restore" || echo "plain SQL")
	have=$(table_sigs "$dst")
	tap_is "$have" "$want_tables" "$how: every table's rows (count and content) and every sequence position kept"
	[ "$have" = "$want_tables" ] && echo "$have" | sed 's/^/#   /'
	tap_is "$(view_names "$dst")" "$want_views" "$how: the same views"
	for v in $want_views; do
		want=$(view_sig "$src" "$v")
		tap_is "$(view_sig "$dst" "$v")" "$want" "$how: view $v gives the same rows (${want%% *} rows)"
	done
	tap_is "$(aggregate_sigs "$dst")" "$want_aggs" "$how: recovery_km(_summary) over the cohort, load_pain_trend and knee_bend_progress per episode unchanged"
	# The identity sequences continue: new rows get fresh keys after the source's.
	want=$(q -d "$src" -c "SELECT max(patient_id) + 1 FROM knee_rehab.patient" -c "SELECT max(episode_id) + 1 FROM knee_rehab.episode")
	have=$(q -d "$dst" -c "INSERT INTO knee_rehab.patient (clinic_id) VALUES ('c-new') RETURNING patient_id" \
		-c "SELECT nextval('knee_rehab.episode_episode_id_seq')")
	tap_is "$have" "$want" "$how: patient and episode identity sequences continue after the restored keys"
	tap_is "$(q -d "$dst" -c "SELECT extversion FROM pg_extension WHERE extname = 'knee_rehab'")" "$want_version" \
		"$how: the restored database has the extension at $want_version"
	tap_is "$(q -d "$dst" -c "SELECT count(*) FROM knee_rehab.risk_model WHERE clinic_override")" "2" \
		"$how: the clinic's two risk-model overrides are in use after the restore"
done
tap_plan "$_tap_n"
tap_done
