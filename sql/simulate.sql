-- simulate_clinic (src/simulate.sql): a deterministic synthetic clinic.
-- Its errors, and the properties of a small clinic that follow from the
-- model by construction (counts checked against the tables themselves).
-- simulate_clinic and its helpers come with the extension knee_rehab_demo
-- (requires knee_rehab, installed by the first file): never part of a
-- production install.
CREATE EXTENSION knee_rehab_demo;
SET TIME ZONE 'UTC';
-- Errors show message, detail and hint, not PL/pgSQL line numbers.
\set SHOW_CONTEXT never
-- The uniform draw lies in (0, 1): (32-bit integer + 0.5) / 2^32, so the
-- extremes of a sample stay strictly inside; the normal draw is finite.
SELECT min(u) > 0 AS above_0, max(u) < 1 AS below_1,
       abs(avg(u) - 0.5) < 0.01 AS mean_near_half   -- SE sqrt(1/12/10000) = 0.0029
  FROM (SELECT knee_rehab.simulate_uniform(1, 1, k) AS u FROM generate_series(1, 10000) k) s;
SELECT abs(avg(z)) < 0.04 AS mean_near_0,           -- SE 1/sqrt(10000) = 0.01
       abs(stddev(z) - 1) < 0.04 AS sd_near_1       -- SE ~ 1/sqrt(2 * 10000) = 0.007
  FROM (SELECT knee_rehab.simulate_normal(1, 1, k) AS z FROM generate_series(1, 10000) k) s;
-- Bad patient counts: 22003 naming the argument and the range.
SELECT knee_rehab.simulate_clinic(0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.simulate_clinic(1000001, 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- NULL arguments: STRICT, nothing written.
SELECT knee_rehab.simulate_clinic(NULL) IS NULL AS null_patients,
       knee_rehab.simulate_clinic(5, NULL) IS NULL AS null_seed,
       (SELECT count(*) FROM knee_rehab.patient) AS patients;
-- 12 patients: returned count = rows written; clinics synthetic-01..05
-- round-robin (patients 1..12: 3, 3, 2, 2, 2); one episode each; three
-- tests at each first visit.
CREATE TEMP TABLE written AS SELECT knee_rehab.simulate_clinic(12, 1) AS n;
SELECT (SELECT n FROM written)
       = (SELECT count(*) FROM knee_rehab.patient) + (SELECT count(*) FROM knee_rehab.episode)
       + (SELECT count(*) FROM knee_rehab.knee_test) + (SELECT count(*) FROM knee_rehab.load_session)
       + (SELECT count(*) FROM knee_rehab.outcome_measure) + (SELECT count(*) FROM knee_rehab.home_exercise)
       + (SELECT count(*) FROM knee_rehab.home_exercise_log) + (SELECT count(*) FROM knee_rehab.gait_assessment)
       + (SELECT count(*) FROM knee_rehab.equipment_change) + (SELECT count(*) FROM knee_rehab.side_measure)
         AS count_is_rows_written;
SELECT clinic_id, count(*) AS patients, min(external_ref), max(external_ref)
  FROM knee_rehab.patient GROUP BY clinic_id ORDER BY clinic_id;
SELECT count(*) AS episodes, count(DISTINCT patient_id) AS patients,
       bool_and(symptom_onset < first_visit) AS onset_before_visit,
       bool_and(first_visit <= date '2025-12-31') AS on_calendar
  FROM knee_rehab.episode;
SELECT test, count(*) AS at_first_visit
  FROM knee_rehab.knee_test k JOIN knee_rehab.episode e USING (clinic_id, episode_id)
 WHERE k.tested_at::date = e.first_visit GROUP BY test ORDER BY test;
-- Real data present: refused (55000), nothing written.
INSERT INTO knee_rehab.patient (clinic_id, external_ref) VALUES ('clinic-north', 'r1');
SELECT knee_rehab.simulate_clinic(5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) AS patients FROM knee_rehab.patient;
DELETE FROM knee_rehab.patient;
