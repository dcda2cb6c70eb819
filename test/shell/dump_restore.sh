#!/usr/bin/env bash
# pg_dump of a database holding rows in every knee_rehab table, restored
# into a new database, keeps every row and the identity sequences' state.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
src=kr_dump_src dst=kr_dump_dst dump=$(mktemp /tmp/kr_dump.XXXXXX)
trap 'rm -f "$dump"; q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" >/dev/null 2>&1' EXIT
tables="patient episode knee_test load_session outcome_measure"

tap_plan 10
q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" >/dev/null
q -d "$src" >/dev/null <<'SQL'
CREATE EXTENSION knee_rehab;
SET search_path = knee_rehab;
INSERT INTO patient (clinic_id, external_ref, sex, birth_year, height_cm, weight_kg, foot, injuries)
SELECT 'c' || (i % 3), 'p' || i, (ARRAY['female','male','other','unknown'])[1 + i % 4]::sex, 1970 + i,
       150 + i, 50 + i, (ARRAY['neutral','flat','overpronation','high_arch','pttd'])[1 + i % 5]::foot_type,
       CASE WHEN i % 2 = 0 THEN '{prior_pfps,acl_tear}'::knee_injury[] WHEN i % 3 = 0 THEN '{}' END
  FROM generate_series(1, 30) i;
INSERT INTO episode (clinic_id, patient_id, side, symptom_onset, first_visit, quad_deficit_pct)
SELECT clinic_id, patient_id, 'left', date '2026-01-01' + (patient_id::int % 20), date '2026-03-01', patient_id % 40
  FROM patient;
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT e.clinic_id, e.episode_id, timestamptz '2026-03-01 09:00+00' + w * interval '7 days', t, 10 + 3 * w, greatest(0, 6 - w)
  FROM episode e, generate_series(0, 5) w, unnest(enum_range(NULL::provocation_test)) t;
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, sets, reps, load_kg, pain_during, pain_next_morning)
SELECT e.clinic_id, e.episode_id, date '2026-03-02' + d, CASE WHEN d % 3 = 0 THEN 'strength' ELSE 'run' END::session_kind,
       CASE WHEN d % 3 <> 0 THEN 2 + d * 0.25 END, CASE WHEN d % 3 = 0 THEN 3 END, CASE WHEN d % 3 = 0 THEN 12 END,
       CASE WHEN d % 3 = 0 THEN 20 END, d % 6, d % 4
  FROM episode e, generate_series(0, 20) d;
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score, items)
SELECT e.clinic_id, e.episode_id, date '2026-03-01', 'akps', 60 + e.episode_id % 30, '{5,5,3,8,3,6,7,6,6,8,6,3,3}'
  FROM episode e;
SQL
tap_ok $? "every table filled in the source database"

"$PG_BINDIR/pg_dump" -Fc -d "$src" -f "$dump" 2>/tmp/kr_dump.err
tap_ok $? "pg_dump succeeds"
"$PG_BINDIR/pg_restore" --exit-on-error -d "$dst" "$dump" 2>>/tmp/kr_dump.err
tap_ok $? "pg_restore into a new database succeeds without errors"

for t in $tables; do
	sig="SELECT count(*) || ':' || md5(string_agg(x::text, '|' ORDER BY x::text)) FROM knee_rehab.$t x"
	have=$(q -d "$dst" -c "$sig") want=$(q -d "$src" -c "$sig")
	tap_is "$have" "$want" "$t: every row restored (count and content, ${want%%:*} rows)"
done

# The identity sequences came along: a new row gets a fresh key.
want=$(q -d "$src" -c "SELECT max(patient_id) + 1 FROM knee_rehab.patient")
have=$(q -d "$dst" -c "INSERT INTO knee_rehab.patient (clinic_id) VALUES ('c1') RETURNING patient_id")
tap_is "$have" "$want" "patient identity sequence continues after restore"
have=$(q -d "$dst" -c "SELECT extversion FROM pg_extension WHERE extname = 'knee_rehab'")
tap_is "$have" "0.1.0" "the restored database has the extension at the same version"
tap_done
