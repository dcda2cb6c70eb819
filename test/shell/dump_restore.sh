#!/usr/bin/env bash
# pg_dump of a database holding both extensions, knee_rehab and
# knee_rehab_demo, with a simulated clinic (simulate_clinic, 300 patients,
# seed 7), hand-written edge rows and clinic risk-model overrides, restored
# into new databases twice - custom format through pg_restore, plain SQL
# through psql - keeps every row and sequence position, and every view
# and the aggregates give the same output as in the source.
# Clinic access survives too: with roles (global, so they exist for the
# restore) holding clinic_access rows at every level, the restored database
# has the same policies, RLS flags, access rows, table privileges and the
# same visibility per role.  And a dump made under one TimeZone (Pacific/
# Kiritimati, UTC+14) holding rows at the edges of what the CHECKs allow
# restores every row under another (Pacific/Pago_Pago, UTC-11).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
. "$(dirname "$0")/../clinic_lib.sh"
src=kr_dump_src dstc=kr_dump_custom dstp=kr_dump_plain
dump=$(mktemp /tmp/kr_dump.XXXXXX) err=$(mktemp /tmp/kr_dump_err.XXXXXX)
tzsrc=kr_dump_tz_src tzc=kr_dump_tz_custom tzp=kr_dump_tz_plain
roles="kr_dr_clin kr_dr_syn kr_dr_agg kr_dr_reg kr_dr_member kr_dr_old"
drop_all() {
	local d r
	for d in $src $dstc $dstp $tzsrc $tzc $tzp; do q -d postgres -c "DROP DATABASE IF EXISTS $d"; done
	for r in $roles; do q -d postgres -c "DROP ROLE IF EXISTS $r"; done
}
trap 'rm -f "$dump" "$err"; drop_all >/dev/null 2>&1' EXIT
want_version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$(dirname "$0")/../../knee_rehab.control")

drop_all >/dev/null 2>&1
q -d postgres -c "CREATE DATABASE $src" -c "CREATE DATABASE $dstc" -c "CREATE DATABASE $dstp" >/dev/null
q -d "$src" -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo" >/dev/null && clinic_fill "$src"
tap_ok $? "every table filled in the source database (knee_rehab and knee_rehab_demo; simulate_clinic + edge rows + risk overrides)"
# Readers of every kind; kr_dr_old holds table privileges by hand (as a
# 0.2.0 database would) but no clinic access.
q -d "$src" >/dev/null <<'SQL'
CREATE ROLE kr_dr_clin;  SELECT knee_rehab.grant_clinic_access('kr_dr_clin', 'c-hand', 'rows');
CREATE ROLE kr_dr_syn;   SELECT knee_rehab.grant_clinic_access('kr_dr_syn', c, 'rows') FROM unnest(ARRAY['synthetic-01', 'synthetic-03']) c;
CREATE ROLE kr_dr_agg;   SELECT knee_rehab.grant_clinic_access('kr_dr_agg', c, 'aggregates') FROM unnest(ARRAY['synthetic-02', 'c-hand']) c;
CREATE ROLE kr_dr_reg;   SELECT knee_rehab.grant_clinic_access('kr_dr_reg', NULL, 'aggregates');
CREATE ROLE kr_dr_member IN ROLE kr_dr_syn;
CREATE ROLE kr_dr_old;   GRANT SELECT ON ALL TABLES IN SCHEMA knee_rehab TO kr_dr_old;
SQL
tap_ok $? "roles of every kind with clinic access in the source (rows, two rows clinics, aggregates, registry, a member, table grants without access)"
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

# The same statistics everywhere, so the same plans feed the aggregates
# their rows in the same order (a float sum's last bits depend on it).
q -d "$src" -c "ANALYZE" >/dev/null
want_tables=$(table_sigs "$src")
want_views=$(view_names "$src")
want_aggs=$(aggregate_sigs "$src")
# access_sigs <db>: policies (table, name, permissive, command, roles,
# expressions), RLS flags of every table, clinic_access rows, and the
# privileges on the data tables.
access_sigs() {
	q -d "$1" -c "SELECT string_agg(format('%s %s %s %s %s %s %s', p.polrelid::regclass, p.polname, p.polpermissive, p.polcmd, p.polroles,
	                                      pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)), E'\n' ORDER BY p.polrelid::regclass::text, p.polname)
	               FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = 'knee_rehab'::regnamespace" \
		-c "SELECT string_agg(relname || ' rls=' || relrowsecurity || ' force=' || relforcerowsecurity, ' ' ORDER BY relname)
	               FROM pg_class WHERE relnamespace = 'knee_rehab'::regnamespace AND relkind = 'r'" \
		-c "SELECT string_agg(concat_ws(' ', role_name, coalesce(clinic_id, '(every)'), level, granted_at, granted_by), E'\n' ORDER BY role_name, clinic_id)
	               FROM knee_rehab.clinic_access" \
		-c "SELECT string_agg(relname || ' ' || relacl::text, E'\n' ORDER BY relname) FROM pg_class
	               WHERE relnamespace = 'knee_rehab'::regnamespace AND relname IN ('patient', 'episode', 'knee_test', 'load_session', 'outcome_measure', 'clinic_access')"
}
# role_sigs <db>: per role, what it sees: episode_outcome rows per clinic
# (or denied), and cohort_recovery's rows (count and md5).
role_sigs() {
	local r eo cr
	for r in $roles; do
		eo=$(q -d "$1" -c "SET ROLE $r" -c "SELECT coalesce(string_agg(clinic_id || ':' || n, ',' ORDER BY clinic_id), 'none')
		                                   FROM (SELECT clinic_id, count(*) n FROM knee_rehab.episode_outcome GROUP BY 1) s" 2>/dev/null || echo denied)
		cr=$(q -d "$1" -c "SET ROLE $r" -c "SELECT count(*) || ' ' || coalesce(md5(string_agg(c::text, '|' ORDER BY c::text)), '-')
		                                   FROM knee_rehab.cohort_recovery c" 2>&1)
		echo "$r episode_outcome=$eo cohort_recovery=$cr"
	done
}
want_access=$(access_sigs "$src")
want_roles=$(role_sigs "$src")
n_hand=$(q -d "$src" -c "SELECT count(*) FROM knee_rehab.episode WHERE clinic_id = 'c-hand'")
n_syn=$(q -d "$src" -c "SELECT string_agg(clinic_id || ':' || n, ',' ORDER BY clinic_id) FROM (SELECT clinic_id, count(*) n FROM knee_rehab.episode
                                 WHERE clinic_id IN ('synthetic-01', 'synthetic-03') GROUP BY 1) s")
tap_is "$(echo "$want_roles" | sed -E 's/ cohort_recovery=([0-9]+) .*/ cohort_rows=\1/; s/cohort_rows=[1-9][0-9]*/cohort_rows=some/' | tr '\n' ' ')" \
	"kr_dr_clin episode_outcome=c-hand:$n_hand cohort_rows=some kr_dr_syn episode_outcome=$n_syn cohort_rows=some kr_dr_agg episode_outcome=denied cohort_rows=some kr_dr_reg episode_outcome=denied cohort_rows=some kr_dr_member episode_outcome=$n_syn cohort_rows=some kr_dr_old episode_outcome=none cohort_rows=0 " \
	"source: each role sees its clinics' rows (clinician, two clinics, a member), analyst and registry only cohort rows, table grants without access nothing"
for dst in "$dstc" "$dstp"; do
	how=$([ "$dst" = "$dstc" ] && echo "pg_restore" || echo "plain SQL")
	q -d "$dst" -c "ANALYZE" >/dev/null
	have=$(table_sigs "$dst")
	tap_is "$have" "$want_tables" "$how: every table's rows (count and content) and every sequence position kept"
	[ "$have" = "$want_tables" ] && echo "$have" | sed 's/^/#   /'
	tap_is "$(view_names "$dst")" "$want_views" "$how: the same views"
	for v in $want_views; do
		want=$(view_sig "$src" "$v")
		tap_is "$(view_sig "$dst" "$v")" "$want" "$how: view $v gives the same rows (${want%% *} rows)"
	done
	tap_is "$(aggregate_sigs "$dst")" "$want_aggs" "$how: recovery_km(_summary) over the cohort, load_pain_trend and knee_bend_progress per episode unchanged"
	have=$(access_sigs "$dst")
	tap_is "$(q -d "$dst" -c "SELECT count(*) FILTER (WHERE polpermissive) || ' ' || count(*) FILTER (WHERE NOT polpermissive) FROM pg_policy
	                            WHERE polname IN ('clinic_rows', 'clinic_rows_only') AND polrelid::regclass::text LIKE 'knee_rehab.%'")" "10 10" \
		"$how: the ten permissive clinic_rows and ten restrictive clinic_rows_only policies (ten data tables) are there"
	tap_is "$have" "$want_access" "$how: policies, RLS flags, clinic_access rows and table privileges as in the source"
	tap_is "$(role_sigs "$dst")" "$want_roles" "$how: every role sees the same rows (episode_outcome per clinic) and cohort_recovery rows as in the source"
	# The identity sequences continue: new rows get fresh keys after the source's.
	want=$(q -d "$src" -c "SELECT max(patient_id) + 1 FROM knee_rehab.patient" -c "SELECT max(episode_id) + 1 FROM knee_rehab.episode")
	have=$(q -d "$dst" -c "INSERT INTO knee_rehab.patient (clinic_id) VALUES ('c-new') RETURNING patient_id" \
		-c "SELECT nextval('knee_rehab.episode_episode_id_seq')")
	tap_is "$have" "$want" "$how: patient and episode identity sequences continue after the restored keys"
	tap_is "$(q -d "$dst" -c "SELECT extversion FROM pg_extension WHERE extname = 'knee_rehab'")" "$want_version" \
		"$how: the restored database has the extension at $want_version"
	demo_sig="SELECT extversion || ' ' || (SELECT count(*) FROM pg_depend d WHERE d.refclassid = 'pg_extension'::regclass
	                                           AND d.refobjid = x.oid AND d.deptype = 'e')
	             FROM pg_extension x WHERE extname = 'knee_rehab_demo'"
	want_demo="$want_version $(q -d "$src" -c "$demo_sig" | cut -d' ' -f2)"
	tap_is "$(q -d "$dst" -c "$demo_sig")" "$want_demo" \
		"$how: knee_rehab_demo restored too, at $want_version with the source's ${want_demo#* } functions (simulate_clinic and its helpers)"
	tap_is "$(q -d "$dst" -c "SELECT count(*) FROM knee_rehab.risk_model WHERE clinic_override")" "2" \
		"$how: the clinic's two risk-model overrides are in use after the restore"
done

# ---- a dump made under UTC+14 restores every row under UTC-11 ------------
# Two clinics with the same ids, rows at the edges of the CHECKs: a test at
# the earliest allowed time (1900-01-01 00:00 UTC) and one a minute before
# the latest (now + 1 day), dates on UTC today + 1, birth year = the year
# at UTC + 14 hours.  Entered, dumped and restored each under its own
# TimeZone; the CHECKs compare in UTC, so every row restores.
q -d postgres -c "CREATE DATABASE $tzsrc" -c "CREATE DATABASE $tzc" -c "CREATE DATABASE $tzp" >/dev/null
PGTZ=Pacific/Kiritimati q -d "$tzsrc" >/dev/null <<'SQL'
CREATE EXTENSION knee_rehab;
SET search_path = knee_rehab, pg_catalog;
INSERT INTO patient (clinic_id, patient_id, sex, birth_year)
SELECT c, 1, 'female', date_part('year', (now() AT TIME ZONE 'UTC') + interval '14 hours')::int FROM unnest(ARRAY['tz-a', 'tz-b']) c;
INSERT INTO episode (clinic_id, episode_id, patient_id, symptom_onset, first_visit, discharged_on)
SELECT c, 1, 1, (now() AT TIME ZONE 'UTC')::date + 1, (now() AT TIME ZONE 'UTC')::date + 1, (now() AT TIME ZONE 'UTC')::date + 1
  FROM unnest(ARRAY['tz-a', 'tz-b']) c;
INSERT INTO knee_test (clinic_id, test_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT c, t, 1, CASE t WHEN 1 THEN timestamptz '1900-01-01 00:00:00+00' ELSE now() + interval '1 day' - interval '1 minute' END,
       'small_knee_bend', 30, 0
  FROM unnest(ARRAY['tz-a', 'tz-b']) c, generate_series(1, 2) t;
INSERT INTO load_session (clinic_id, session_id, episode_id, session_date, kind, distance_km)
SELECT c, 1, 1, (now() AT TIME ZONE 'UTC')::date + 1, 'run', 5 FROM unnest(ARRAY['tz-a', 'tz-b']) c;
INSERT INTO outcome_measure (clinic_id, measure_id, episode_id, measured_on, instrument, score)
SELECT c, 1, 1, (now() AT TIME ZONE 'UTC')::date + 1, 'nrs_pain', 3 FROM unnest(ARRAY['tz-a', 'tz-b']) c;
SQL
tap_ok $? "UTC+14 (Pacific/Kiritimati): two clinics with the same ids, rows at the edges of every date CHECK"
tap_is "$(PGTZ=Pacific/Pago_Pago q -d "$tzsrc" -c "SELECT current_date < (now() AT TIME ZONE 'UTC')::date + 1")" "t" \
	"under UTC-11 (Pacific/Pago_Pago) the rows' dates lie after the local today (what a session-dependent CHECK would refuse)"
: >"$err"
PGTZ=Pacific/Kiritimati "$PG_BINDIR/pg_dump" -Fc -d "$tzsrc" -f "$dump" 2>>"$err" &&
	PGTZ=Pacific/Pago_Pago "$PG_BINDIR/pg_restore" --exit-on-error -d "$tzc" "$dump" 2>>"$err"
tap_ok $? "pg_dump -Fc under UTC+14, pg_restore under UTC-11: no error"
PGTZ=Pacific/Kiritimati "$PG_BINDIR/pg_dump" -Fp -d "$tzsrc" 2>>"$err" |
	PGTZ=Pacific/Pago_Pago psql -X -q -v ON_ERROR_STOP=1 -d "$tzp" >/dev/null 2>>"$err"
tap_ok $? "pg_dump -Fp under UTC+14 | psql under UTC-11: no error"
[ -s "$err" ] && sed 's/^/# /' "$err"
want=$(PGTZ=UTC table_sigs "$tzsrc")
tap_ok $(echo "$want" | grep -Eq '^(patient|episode|load_session|outcome_measure) 2 ' && echo "$want" | grep -q '^knee_test 4 '; echo $?) \
	"the source holds 2 rows in patient, episode, load_session, outcome_measure and 4 in knee_test"
for dst in "$tzc" "$tzp"; do
	how=$([ "$dst" = "$tzc" ] && echo "pg_restore" || echo "plain SQL")
	tap_is "$(PGTZ=UTC table_sigs "$dst")" "$want" "$how under UTC-11: every row of every table restored (count and content)"
done

tap_plan "$_tap_n"
tap_done
