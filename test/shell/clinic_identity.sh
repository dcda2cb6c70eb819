#!/usr/bin/env bash
# Identity is (clinic_id, id) (issue 13, design notes §6): clinics whose ids
# collide in every table give, per clinic, exactly what the same clinic gives
# alone in its own database, and the cross-clinic cohort figures equal
# recovery_km over the union of the clinics computed independently.
#
# simulate_clinic(200, 7) writes five clinics (synthetic-01 .. -05) whose ids
# are unique across the database; its rows are renumbered so that every
# clinic's patients, episodes, tests, sessions and measures are numbered
# 1..n (they collide across the clinics) and loaded with INSERT ... SELECT
# into a second database ("multi").  Each clinic is then loaded alone, under
# another clinic id ('solo'), into a third database; its tables and
# row-level views (all columns but clinic_id, as jsonb) are brought back to
# "multi" and compared as multisets (every row, duplicates counted).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
. "$(dirname "$0")/../clinic_lib.sh"
src=kr_ident_src multi=kr_ident_multi solo=kr_ident_solo
data_tables="patient episode knee_test load_session outcome_measure"
drop_all() { q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $multi" -c "DROP DATABASE IF EXISTS $solo"; }
trap 'drop_all >/dev/null 2>&1' EXIT
drop_all >/dev/null 2>&1

q -d postgres -c "CREATE DATABASE $src" -c "CREATE DATABASE $multi" >/dev/null
q -d "$src" -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo" -c "SELECT knee_rehab.simulate_clinic(200, 7)" >/dev/null
tap_ok $? "source: simulate_clinic(200, 7)"

# Stage the source rows in "multi" (plain tables of the same shape) and
# renumber each clinic's ids from 1, in their original order.
q -d "$multi" -c "CREATE EXTENSION knee_rehab" -c "CREATE SCHEMA stage" >/dev/null
for t in $data_tables; do
	q -d "$multi" -c "CREATE TABLE stage.$t (LIKE knee_rehab.$t)" >/dev/null
	q -d "$src" -c "COPY knee_rehab.$t TO STDOUT" | q -d "$multi" -c "COPY stage.$t FROM STDIN" >/dev/null
done
q -d "$multi" >/dev/null <<'SQL'
CREATE TABLE stage.pmap AS
  SELECT clinic_id, patient_id AS old, row_number() OVER (PARTITION BY clinic_id ORDER BY patient_id) AS new FROM stage.patient;
CREATE TABLE stage.emap AS
  SELECT clinic_id, episode_id AS old, row_number() OVER (PARTITION BY clinic_id ORDER BY episode_id) AS new FROM stage.episode;
UPDATE stage.patient x SET patient_id = m.new FROM stage.pmap m WHERE m.clinic_id = x.clinic_id AND m.old = x.patient_id;
UPDATE stage.episode x SET episode_id = m.new, patient_id = p.new
  FROM stage.emap m, stage.pmap p
 WHERE m.clinic_id = x.clinic_id AND m.old = x.episode_id AND p.clinic_id = x.clinic_id AND p.old = x.patient_id;
UPDATE stage.knee_test x SET test_id = r.new, episode_id = m.new
  FROM (SELECT clinic_id, test_id, row_number() OVER (PARTITION BY clinic_id ORDER BY test_id) AS new FROM stage.knee_test) r, stage.emap m
 WHERE r.clinic_id = x.clinic_id AND r.test_id = x.test_id AND m.clinic_id = x.clinic_id AND m.old = x.episode_id;
UPDATE stage.load_session x SET session_id = r.new, episode_id = m.new
  FROM (SELECT clinic_id, session_id, row_number() OVER (PARTITION BY clinic_id ORDER BY session_id) AS new FROM stage.load_session) r, stage.emap m
 WHERE r.clinic_id = x.clinic_id AND r.session_id = x.session_id AND m.clinic_id = x.clinic_id AND m.old = x.episode_id;
UPDATE stage.outcome_measure x SET measure_id = r.new, episode_id = m.new
  FROM (SELECT clinic_id, measure_id, row_number() OVER (PARTITION BY clinic_id ORDER BY measure_id) AS new FROM stage.outcome_measure) r, stage.emap m
 WHERE r.clinic_id = x.clinic_id AND r.measure_id = x.measure_id AND m.clinic_id = x.clinic_id AND m.old = x.episode_id;
INSERT INTO knee_rehab.patient SELECT * FROM stage.patient;
INSERT INTO knee_rehab.episode SELECT * FROM stage.episode;
INSERT INTO knee_rehab.knee_test SELECT * FROM stage.knee_test;
INSERT INTO knee_rehab.load_session SELECT * FROM stage.load_session;
INSERT INTO knee_rehab.outcome_measure SELECT * FROM stage.outcome_measure;
-- What each clinic gives alone, brought back from the solo database.
CREATE TABLE stage.solo (clinic_id text, obj text, j jsonb);
-- Two rows as jsonb differ: a key missing on one side, a non-number value
-- not equal, or numbers more than 1e-9 apart relative to their size.
CREATE FUNCTION stage.differ(a jsonb, b jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN EXISTS (
  SELECT FROM jsonb_each(a) x FULL JOIN jsonb_each(b) y USING (key)
   WHERE CASE WHEN jsonb_typeof(x.value) = 'number' AND jsonb_typeof(y.value) = 'number'
              THEN abs(x.value::text::numeric - y.value::text::numeric) > 1e-9 * greatest(1, abs(x.value::text::numeric))
              ELSE x.value IS DISTINCT FROM y.value END);
SQL
tap_ok $? "multi: every clinic's rows renumbered from 1 and inserted (INSERT ... SELECT)"

clinics=$(q -d "$multi" -c "SELECT string_agg(DISTINCT clinic_id, ' ' ORDER BY clinic_id) FROM knee_rehab.patient")
tap_is "$(echo $clinics | wc -w)" "5" "multi holds the five simulated clinics ($clinics)"
shared=$(q -d "$multi" -c "SELECT string_agg(t || ':' || n, ' ' ORDER BY t) FROM (
           SELECT 'patient' t, count(*) n FROM (SELECT patient_id FROM knee_rehab.patient GROUP BY 1 HAVING count(*) = 5) s UNION ALL
           SELECT 'episode', count(*) FROM (SELECT episode_id FROM knee_rehab.episode GROUP BY 1 HAVING count(*) = 5) s UNION ALL
           SELECT 'knee_test', count(*) FROM (SELECT test_id FROM knee_rehab.knee_test GROUP BY 1 HAVING count(*) = 5) s UNION ALL
           SELECT 'load_session', count(*) FROM (SELECT session_id FROM knee_rehab.load_session GROUP BY 1 HAVING count(*) = 5) s UNION ALL
           SELECT 'outcome_measure', count(*) FROM (SELECT measure_id FROM knee_rehab.outcome_measure GROUP BY 1 HAVING count(*) = 5) s) x")
tap_ok $(echo "$shared" | tr ' ' '\n' | awk -F: '$2 < 30 { bad = 1 } END { exit bad || NR != 5 }'; echo $?) \
	"ids collide: in every table at least 30 ids are used by all five clinics ($shared)"
tap_is "$(q -d "$multi" -c "SELECT count(*) FROM knee_rehab.episode_outcome")" \
	"$(q -d "$src" -c "SELECT count(*) FROM knee_rehab.episode")" "multi: episode_outcome has one row per episode (no cross-clinic join)"

# Each clinic alone, under the clinic id 'solo', in a fresh database.
objs="$data_tables episode_outcome load_monitoring"
for c in $clinics; do
	q -d postgres -c "DROP DATABASE IF EXISTS $solo" -c "CREATE DATABASE $solo" >/dev/null
	q -d "$solo" -c "CREATE EXTENSION knee_rehab" >/dev/null
	for t in $data_tables; do
		q -d "$multi" -c "CREATE TEMP TABLE x AS SELECT * FROM stage.$t WHERE clinic_id = '$c'" \
			-c "UPDATE x SET clinic_id = 'solo'" -c "COPY x TO STDOUT" |
			q -d "$solo" -c "COPY knee_rehab.$t FROM STDIN" >/dev/null || echo "# loading $t of $c alone failed"
	done
	for o in $objs cohort_recovery cohort_recovery_curve; do
		q -d "$solo" -c "COPY (SELECT '$c', '$o', to_jsonb(v) - 'clinic_id' FROM knee_rehab.$o v) TO STDOUT" |
			q -d "$multi" -c "COPY stage.solo FROM STDIN" >/dev/null || echo "# reading $o of $c alone failed"
	done
done
q -d postgres -c "DROP DATABASE IF EXISTS $solo" >/dev/null

# Per clinic and object: the rows of multi (clinic c) and of the clinic
# alone as multisets of jsonb without clinic_id: "n_multi n_solo
# only_in_multi only_in_solo".  episode_outcome's least-squares figures
# (knee_bend_progress, load_pain_trend) are sums of floats in the order the
# rows reach the aggregate, which follows the tables' physical order: there
# rows are matched by episode_id and numbers compared to 1e-9 (relative).
for c in $clinics; do
	for o in $objs; do
		if [ "$o" = episode_outcome ]; then
			have=$(q -d "$multi" -F ' ' -c "
				WITH m AS (SELECT to_jsonb(v) - 'clinic_id' AS j FROM knee_rehab.$o v WHERE clinic_id = '$c'),
				     s AS (SELECT j FROM stage.solo WHERE clinic_id = '$c' AND obj = '$o'),
				     k AS (SELECT m.j AS mj, s.j AS sj FROM m FULL JOIN s ON m.j->'episode_id' = s.j->'episode_id')
				SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM s),
				       (SELECT count(*) FROM k WHERE mj IS NULL OR sj IS NULL),
				       (SELECT count(*) FROM k WHERE stage.differ(mj, sj))")
			exact=$(q -d "$multi" -c "SELECT count(*) FROM (SELECT to_jsonb(v) - 'clinic_id' FROM knee_rehab.$o v WHERE clinic_id = '$c'
			                          EXCEPT ALL SELECT j FROM stage.solo WHERE clinic_id = '$c' AND obj = '$o') d")
			n=${have%% *}
			tap_is "$have" "$n $n 0 0" "$c: $o gives the same $n rows (all columns but clinic_id) as the clinic alone ($exact differ in the last bits of a float)"
			continue
		fi
		have=$(q -d "$multi" -F ' ' -c "
			WITH m AS (SELECT to_jsonb(v) - 'clinic_id' AS j FROM knee_rehab.$o v WHERE clinic_id = '$c'),
			     s AS (SELECT j FROM stage.solo WHERE clinic_id = '$c' AND obj = '$o')
			SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM s),
			       (SELECT count(*) FROM (SELECT j FROM m EXCEPT ALL SELECT j FROM s) d),
			       (SELECT count(*) FROM (SELECT j FROM s EXCEPT ALL SELECT j FROM m) d)")
		n=${have%% *}
		tap_is "$have" "$n $n 0 0" "$c: $o gives the same $n rows (all columns but clinic_id) as the clinic alone"
	done
done
tap_ok $([ "$(q -d "$multi" -c "SELECT min(n) FROM (SELECT count(*) n FROM stage.solo WHERE obj = 'episode_outcome' GROUP BY clinic_id) s")" -ge 20 ]; echo $?) \
	"every clinic has at least 20 episodes (the comparisons are not of empty sets)"

# The per-clinic cohort cells: suppression across clinics may hide more in
# multi than alone; every cell shown in both has the same figures, and
# every cell the clinic shows alone is there in multi (shown or suppressed).
have=$(q -d "$multi" -F ' ' -c "
	WITH m AS (SELECT clinic_id, to_jsonb(v) - 'clinic_id' - 'all_clinics' AS j FROM knee_rehab.cohort_recovery v WHERE NOT all_clinics),
	     s AS (SELECT clinic_id, j - 'all_clinics' AS j FROM stage.solo WHERE obj = 'cohort_recovery' AND NOT (j->>'all_clinics')::boolean),
	     k AS (SELECT m.j AS mj, s.j AS sj FROM m JOIN s ON s.clinic_id = m.clinic_id AND s.j->>'dimension' = m.j->>'dimension'
	                                                   AND s.j->>'definition' = m.j->>'definition' AND s.j->>'cohort' = m.j->>'cohort')
	SELECT (SELECT count(*) FROM k WHERE NOT (mj->>'suppressed')::boolean AND NOT (sj->>'suppressed')::boolean),
	       (SELECT count(*) FROM k WHERE NOT (mj->>'suppressed')::boolean AND NOT (sj->>'suppressed')::boolean AND mj <> sj),
	       (SELECT count(*) FROM s) - (SELECT count(*) FROM k)")
tap_ok $([ "${have%% *}" -ge 25 ]; echo $?) "cohort_recovery: ${have%% *} per-clinic cells shown both in multi and alone"
tap_is "${have#* }" "0 0" "cohort_recovery: those cells have the same figures in multi as alone, and no cell of a clinic alone is missing in multi"

# Across the clinics: cohort_recovery's all_clinics rows (as the superuser)
# against recovery_km over the union of the five clinics' episode_outcome
# rows computed alone - per recovery definition (tests, groc,
# return_to_run: episodes without usual_run_km left out), per cohort of
# each dimension and the total.
q -d "$multi" >/dev/null <<'SQL'
CREATE TABLE stage.km AS
WITH u AS (
  SELECT r.definition, r.days, r.recovered,
         coalesce(j->>'risk_tier', 'not recorded') AS risk_tier, coalesce(j->>'sex', 'not recorded') AS sex,
         coalesce(j->>'foot', 'not recorded') AS foot_type,
         coalesce(CASE (j->>'prior_injury')::boolean WHEN true THEN 'yes' WHEN false THEN 'no' END, 'not recorded') AS prior_injury,
         coalesce(j->>'symptom_duration', 'not recorded') AS symptom_duration
    FROM stage.solo
   CROSS JOIN LATERAL (VALUES ('tests', (j->>'days_to_event')::float8, (j->>'recovered')::boolean),
                              ('groc', (j->>'groc_days_to_event')::float8, (j->>'groc_recovered')::boolean),
                              ('return_to_run', (j->>'return_to_run_days_to_event')::float8,
                               (j->>'return_to_run_recovered')::boolean)) r(definition, days, recovered)
   WHERE obj = 'episode_outcome' AND r.days IS NOT NULL),
cells AS (
  SELECT u.definition, d.dimension, d.cohort, knee_rehab.recovery_km(u.days, u.recovered) AS km
    FROM u CROSS JOIN LATERAL (VALUES ('risk_tier', u.risk_tier), ('sex', u.sex), ('foot_type', u.foot_type),
                                      ('prior_injury', u.prior_injury), ('symptom_duration', u.symptom_duration),
                                      ('risk_tier', 'all'), ('sex', 'all'), ('foot_type', 'all'),
                                      ('prior_injury', 'all'), ('symptom_duration', 'all')) d(dimension, cohort)
   GROUP BY 1, 2, 3)
SELECT definition, dimension, cohort, (km).n AS episodes, (km).events AS recovered, (km).median_days, (km).median_ci_low, (km).median_ci_high,
       (km).recovered_by_6wk, (km).recovered_by_12wk
  FROM cells;
SQL
line() { # the figures of stage.km or cohort_recovery, one line per cell, rounded to 1e-9
	q -d "$multi" -c "SELECT string_agg(concat_ws(' ', definition, dimension, cohort, episodes, recovered, round(median_days::numeric, 9),
	                    round(median_ci_low::numeric, 9), round(median_ci_high::numeric, 9),
	                    round(recovered_by_6wk::numeric, 9), round(recovered_by_12wk::numeric, 9)), E'\n' ORDER BY definition, dimension, cohort)
	                    FROM $1"
}
want=$(line "stage.km k WHERE EXISTS (SELECT FROM knee_rehab.cohort_recovery c WHERE c.all_clinics AND NOT c.suppressed
                                      AND c.definition = k.definition AND c.dimension = k.dimension AND c.cohort = k.cohort)")
have=$(line "knee_rehab.cohort_recovery WHERE all_clinics AND NOT suppressed")
tap_is "$have" "$want" "cohort_recovery across the five clinics = recovery_km over the union of the clinics computed alone, every definition ($(echo "$want" | wc -l) shown cells)"
tap_ok $([ "$(echo "$want" | wc -l)" -ge 15 ]; echo $?) "at least 15 cross-clinic cells compared"
tap_is "$(q -d "$multi" -c "SELECT episodes FROM knee_rehab.cohort_recovery WHERE all_clinics AND is_total AND dimension = 'sex' AND definition = 'tests'")" \
	"$(q -d "$src" -c "SELECT count(*) FROM knee_rehab.episode")" "the cross-clinic total counts every episode once"
tap_is "$(q -d "$multi" -c "SELECT count(*) FROM knee_rehab.cohort_recovery WHERE all_clinics")" \
	"$(q -d "$multi" -c "SELECT count(*) FROM stage.km")" "one cross-clinic row per cell of the union"

tap_plan "$_tap_n"
tap_done

