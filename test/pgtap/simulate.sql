-- simulate_clinic: determinism, refusal on real data, plausible ranges,
-- recovery slower in the high-risk tier.  Expected figures come from the
-- model in src/simulate.sql (60 % women, ~25 % prior injury), with
-- tolerances of more than 4 standard errors for 1,000 patients
-- (sqrt(0.6 * 0.4 / 1000) = 0.015; sqrt(0.25 * 0.75 / 1000) = 0.014).
BEGIN;
SET search_path = knee_rehab, public;
SET TIME ZONE 'UTC';
SELECT plan(29);

SELECT has_function('knee_rehab', 'simulate_clinic', ARRAY['integer', 'integer']);
SELECT function_returns('knee_rehab', 'simulate_clinic', ARRAY['integer', 'integer'], 'bigint');
SELECT volatility_is('knee_rehab', 'simulate_clinic', ARRAY['integer', 'integer'], 'volatile');
SELECT throws_ok('SELECT knee_rehab.simulate_clinic(0)', '22003',
  'patients must be between 1 and 1000000', 'patients = 0 is refused (22003)');

-- A checksum of everything written, keyed by the patient's external_ref
-- (generated ids differ between runs; created_at is the insert time).
CREATE TEMP TABLE sim_checksum (label text, written bigint, md5 text);
CREATE FUNCTION pg_temp.sim_md5() RETURNS text LANGUAGE sql AS $$
  SELECT md5(string_agg(r, E'\n' ORDER BY r)) FROM (
    SELECT concat_ws('|', 'p', p.clinic_id, p.external_ref, p.sex, p.birth_year, p.height_cm,
                     p.weight_kg, p.foot, p.injuries) FROM knee_rehab.patient p
    UNION ALL
    SELECT concat_ws('|', 'e', p.external_ref, e.side, e.symptom_onset, e.first_visit,
                     e.discharged_on, e.quad_deficit_pct, e.weekly_distance_increase_pct,
                     e.strength_sessions_per_week)
      FROM knee_rehab.episode e JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 'k', p.external_ref, k.tested_at AT TIME ZONE 'UTC', k.test, k.angle_deg, k.pain_nrs)
      FROM knee_rehab.knee_test k JOIN knee_rehab.episode e USING (clinic_id, episode_id)
      JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 'l', p.external_ref, l.session_date, l.kind, l.distance_km, l.duration_min,
                     l.sets, l.reps, l.load_kg, l.pain_before, l.pain_during, l.pain_next_morning,
                     l.pain_onset_km)
      FROM knee_rehab.load_session l JOIN knee_rehab.episode e USING (clinic_id, episode_id)
      JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 'o', p.external_ref, o.measured_on, o.instrument, o.score)
      FROM knee_rehab.outcome_measure o JOIN knee_rehab.episode e USING (clinic_id, episode_id)
      JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 'x', p.external_ref, e.working_diagnosis, e.therapist, e.discharge_reason, e.usual_run_km,
                     e.usual_runs_per_week)
      FROM knee_rehab.episode e JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 'h', p.external_ref, h.exercise, h.sets, h.reps, h.hold_s, h.sessions_per_week, h.start_date,
                     h.end_date, (SELECT string_agg(concat_ws(',', g.done_on, g.reps_done, g.pain_during), ';' ORDER BY g.done_on)
                                    FROM knee_rehab.home_exercise_log g
                                   WHERE g.clinic_id = h.clinic_id AND g.exercise_id = h.exercise_id))
      FROM knee_rehab.home_exercise h JOIN knee_rehab.episode e USING (clinic_id, episode_id)
      JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 'g', p.external_ref, g.assessed_on, g.cadence_spm, g.hip_drop, g.knee_valgus, g.overstriding, g.heel_strike)
      FROM knee_rehab.gait_assessment g JOIN knee_rehab.episode e USING (clinic_id, episode_id)
      JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 'q', p.external_ref, q.changed_on, q.kind)
      FROM knee_rehab.equipment_change q JOIN knee_rehab.episode e USING (clinic_id, episode_id)
      JOIN knee_rehab.patient p USING (clinic_id, patient_id)
    UNION ALL
    SELECT concat_ws('|', 's', p.external_ref, m.measured_on, m.quad_strength_involved, m.quad_strength_uninvolved)
      FROM knee_rehab.side_measure m JOIN knee_rehab.episode e USING (clinic_id, episode_id)
      JOIN knee_rehab.patient p USING (clinic_id, patient_id)) AS rows(r) $$;
CREATE FUNCTION pg_temp.sim_rows() RETURNS bigint LANGUAGE sql AS $$
  SELECT (SELECT count(*) FROM knee_rehab.patient) + (SELECT count(*) FROM knee_rehab.episode)
       + (SELECT count(*) FROM knee_rehab.knee_test) + (SELECT count(*) FROM knee_rehab.load_session)
       + (SELECT count(*) FROM knee_rehab.outcome_measure) + (SELECT count(*) FROM knee_rehab.home_exercise)
       + (SELECT count(*) FROM knee_rehab.home_exercise_log) + (SELECT count(*) FROM knee_rehab.gait_assessment)
       + (SELECT count(*) FROM knee_rehab.equipment_change) + (SELECT count(*) FROM knee_rehab.side_measure) $$;

INSERT INTO sim_checksum SELECT 'seed 7 first', knee_rehab.simulate_clinic(60, 7), pg_temp.sim_md5();
INSERT INTO sim_checksum SELECT 'seed 7 again', knee_rehab.simulate_clinic(60, 7), pg_temp.sim_md5();
SELECT is((SELECT written FROM sim_checksum WHERE label = 'seed 7 again'), pg_temp.sim_rows(),
  'the returned count is the number of rows in the tables (a rerun replaces the synthetic clinic)');
SELECT is((SELECT md5 FROM sim_checksum WHERE label = 'seed 7 again'),
          (SELECT md5 FROM sim_checksum WHERE label = 'seed 7 first'),
  'same seed, same rows (checksum of every column but generated ids)');
INSERT INTO sim_checksum SELECT 'seed 8', knee_rehab.simulate_clinic(60, 8), pg_temp.sim_md5();
SELECT isnt((SELECT md5 FROM sim_checksum WHERE label = 'seed 8'),
            (SELECT md5 FROM sim_checksum WHERE label = 'seed 7 first'),
  'another seed, other rows');

-- ---- plausible ranges, 1,000 patients
SELECT is(knee_rehab.simulate_clinic(1000, 1), pg_temp.sim_rows(), '1,000 patients written, count returned');
SELECT is((SELECT count(*) FROM knee_rehab.patient), 1000::bigint, '1,000 patients');
SELECT is((SELECT count(*) FROM knee_rehab.episode), 1000::bigint, 'one episode each');
SELECT is_empty($$ SELECT 1 FROM knee_rehab.patient WHERE clinic_id NOT LIKE 'synthetic-%' $$,
  'every clinic id says synthetic');
SELECT ok((SELECT avg((sex = 'female')::int) BETWEEN 0.54 AND 0.66 FROM knee_rehab.patient),
  'about 60 % women');
SELECT ok((SELECT avg((cardinality(injuries) > 0)::int) BETWEEN 0.19 AND 0.31
             FROM knee_rehab.patient WHERE injuries IS NOT NULL),
  'about 25 % with a previous knee injury');
SELECT ok((SELECT count(DISTINCT foot) = 5 AND avg((foot = 'neutral')::int) BETWEEN 0.45 AND 0.65
             FROM knee_rehab.patient), 'all five foot types, about half neutral');
SELECT ok((SELECT bool_and(symptom_onset < first_visit)
                  AND percentile_cont(0.5) WITHIN GROUP (ORDER BY first_visit - symptom_onset) BETWEEN 30 AND 70
             FROM knee_rehab.episode),
  'symptoms began before the first visit, median 30-70 days (model: 45)');
SELECT ok((SELECT max(d) < current_date FROM (
             SELECT max(first_visit) FROM knee_rehab.episode
             UNION ALL SELECT max(discharged_on) FROM knee_rehab.episode
             UNION ALL SELECT max(tested_at)::date FROM knee_rehab.knee_test
             UNION ALL SELECT max(session_date) FROM knee_rehab.load_session
             UNION ALL SELECT max(measured_on) FROM knee_rehab.outcome_measure) AS m(d)),
  'no date in the future');
SELECT ok((SELECT bool_and(e.first_visit <= k.tested_at::date
                           AND k.tested_at::date <= coalesce(e.discharged_on, date '2025-12-31'))
             FROM knee_rehab.knee_test k JOIN knee_rehab.episode e USING (clinic_id, episode_id)),
  'tests lie between first visit and discharge');
SELECT ok((SELECT count(*) = 3000 FROM knee_rehab.knee_test k JOIN knee_rehab.episode e
             USING (clinic_id, episode_id) WHERE k.tested_at::date = e.first_visit),
  'three provocation tests at every first visit');
SELECT ok((SELECT min(angle_deg) >= 0 AND max(angle_deg) <= 45 AND avg(pain_nrs) > 0
             FROM knee_rehab.knee_test WHERE test = 'small_knee_bend'),
  'small knee bend angles 0-45 degrees');
-- Pain rises with run distance relative to capacity: positive correlation
-- of distance and pain within episodes (PostgreSQL's own corr()).
SELECT ok((SELECT avg(r) > 0.2 FROM (
             SELECT corr(distance_km, pain_during) AS r FROM knee_rehab.load_session
              WHERE kind = 'run' GROUP BY episode_id HAVING count(*) >= 20) c),
  'pain during a run rises with its distance (mean within-episode corr > 0.2)');
SELECT ok((SELECT count(*) > 0 FROM knee_rehab.load_session WHERE kind = 'strength' AND load_kg > 0)
          AND (SELECT count(DISTINCT instrument) = 4 FROM knee_rehab.outcome_measure),
  'strength sessions and all four outcome instruments present');

-- ---- recovery: crude recovery day = first day all three tests are
-- pain-free (<= 0) and the small knee bend reaches 30 degrees; tier from
-- knee_rehab.pfps_risk with its default model (the clinical reference's
-- relative risks; low < 1.5 <= moderate < 3 <= high).
CREATE TEMP TABLE sim_recovery AS
WITH day_ok AS (
  SELECT episode_id, tested_at::date AS d,
         bool_and(pain_nrs <= 0) AND bool_or(test = 'small_knee_bend' AND angle_deg >= 30) AS ok
    FROM knee_rehab.knee_test GROUP BY 1, 2)
SELECT e.episode_id,
       min(d.d) FILTER (WHERE d.ok) - e.first_visit AS recovery_day,
       (knee_rehab.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot, e.quad_deficit_pct,
                             e.weekly_distance_increase_pct, e.strength_sessions_per_week)).tier::text AS tier
  FROM knee_rehab.episode e
  JOIN knee_rehab.patient p USING (clinic_id, patient_id)
  JOIN day_ok d USING (episode_id)
 GROUP BY e.clinic_id, e.episode_id, p.clinic_id, p.patient_id;
SELECT ok((SELECT avg((recovery_day IS NOT NULL)::int) BETWEEN 0.4 AND 0.85 FROM sim_recovery),
  'some episodes recover, some are censored (40-85 % recovered)');
SELECT ok((SELECT count(*) FILTER (WHERE tier = 'low') >= 50 AND count(*) FILTER (WHERE tier = 'high') >= 50
             FROM sim_recovery), 'at least 50 episodes in the low and in the high tier');
-- Censored episodes count as not yet recovered (day +infinity) in the median.
SELECT cmp_ok(
  (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY coalesce(recovery_day, 100000))
     FROM sim_recovery WHERE tier = 'low'), '<',
  (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY coalesce(recovery_day, 100000))
     FROM sim_recovery WHERE tier = 'high'),
  'median time to recovery shorter in the low than in the high tier');

-- ---- refusal where real data exist (and nothing is written or removed)
INSERT INTO knee_rehab.patient (clinic_id, external_ref, sex) VALUES ('clinic-north', 'r1', 'female');
SELECT throws_ok('SELECT knee_rehab.simulate_clinic(10)', '55000',
  'simulate_clinic refuses to write where non-synthetic data exist',
  'refuses to run where a real patient exists (55000)');
SELECT is((SELECT count(*) FROM knee_rehab.patient), 1001::bigint,
  'the refusal changed nothing');

-- A real clinic whose name merely starts with synthetic-: refused too, and
-- its rows (same patient and episode ids as a synthetic clinic's) untouched.
DELETE FROM knee_rehab.patient WHERE clinic_id = 'clinic-north';
INSERT INTO knee_rehab.patient (clinic_id, patient_id, sex)
SELECT 'synthetic-biologics', patient_id, 'male' FROM knee_rehab.patient WHERE clinic_id = 'synthetic-01' ORDER BY patient_id LIMIT 2;
INSERT INTO knee_rehab.episode (clinic_id, episode_id, patient_id, first_visit)
SELECT 'synthetic-biologics', e.episode_id, e.patient_id, date '2025-06-01'
  FROM knee_rehab.episode e JOIN knee_rehab.patient p ON p.clinic_id = 'synthetic-biologics' AND p.patient_id = e.patient_id
 WHERE e.clinic_id = 'synthetic-01';
INSERT INTO knee_rehab.knee_test (clinic_id, test_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT 'synthetic-biologics', k.test_id, k.episode_id, k.tested_at, k.test, k.angle_deg, 7
  FROM knee_rehab.knee_test k JOIN knee_rehab.episode e ON e.clinic_id = 'synthetic-biologics' AND e.episode_id = k.episode_id
 WHERE k.clinic_id = 'synthetic-01';
CREATE TEMP TABLE sim_bio AS
SELECT (SELECT count(*) FROM knee_rehab.patient WHERE clinic_id = 'synthetic-biologics') AS patients,
       (SELECT count(*) FROM knee_rehab.episode WHERE clinic_id = 'synthetic-biologics') AS episodes,
       (SELECT count(*) FROM knee_rehab.knee_test WHERE clinic_id = 'synthetic-biologics') AS tests,
       (SELECT md5(string_agg(k::text, '|' ORDER BY k::text)) FROM knee_rehab.knee_test k WHERE clinic_id = 'synthetic-biologics') AS md5,
       (SELECT count(*) FROM knee_rehab.patient) AS all_patients;
SELECT ok((SELECT patients = 2 AND episodes = 2 AND tests > 0 FROM sim_bio),
  'synthetic-biologics holds 2 patients, 2 episodes and their tests, with the ids of synthetic-01''s');
SELECT throws_ok('SELECT knee_rehab.simulate_clinic(10)', '55000',
  'simulate_clinic refuses to write where non-synthetic data exist',
  'refuses to run beside a clinic named synthetic-biologics (55000: not one of simulate_clinic_ids())');
SELECT is((SELECT ROW(patients, episodes, tests, md5, all_patients)::text FROM sim_bio),
          ROW((SELECT count(*) FROM knee_rehab.patient WHERE clinic_id = 'synthetic-biologics'),
              (SELECT count(*) FROM knee_rehab.episode WHERE clinic_id = 'synthetic-biologics'),
              (SELECT count(*) FROM knee_rehab.knee_test WHERE clinic_id = 'synthetic-biologics'),
              (SELECT md5(string_agg(k::text, '|' ORDER BY k::text)) FROM knee_rehab.knee_test k WHERE clinic_id = 'synthetic-biologics'),
              (SELECT count(*) FROM knee_rehab.patient))::text,
  'synthetic-biologics'' rows (and every other) are unchanged');

SELECT * FROM finish();
ROLLBACK;
