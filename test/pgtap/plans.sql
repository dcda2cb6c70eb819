-- Dashboards that cost what they show (issue 18, goal 3): a single
-- episode's episode_outcome and load_monitoring read knee_test,
-- load_session and outcome_measure (and episode, patient) through their
-- (clinic_id, ...) indexes, never a sequential scan.  Plan shape only, no
-- timings.  Two clinics hold the same ids (the simulated network plus a
-- copy of one clinic under another clinic_id with the same ids).
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(9);

SELECT ok(simulate_clinic(300, 7) > 1000, 'a simulated network of 300 runners');
-- clinic 'copy' holds synthetic-02's rows under the same ids
INSERT INTO patient (patient_id, clinic_id, external_ref, sex, birth_year, height_cm, weight_kg, foot, injuries)
SELECT patient_id, 'copy', external_ref, sex, birth_year, height_cm, weight_kg, foot, injuries FROM patient WHERE clinic_id = 'synthetic-02';
INSERT INTO episode (episode_id, clinic_id, patient_id, side, symptom_onset, first_visit, discharged_on,
                     quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week)
SELECT episode_id, 'copy', patient_id, side, symptom_onset, first_visit, discharged_on,
       quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week FROM episode WHERE clinic_id = 'synthetic-02';
INSERT INTO knee_test (test_id, clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT test_id, 'copy', episode_id, tested_at, test, angle_deg, pain_nrs FROM knee_test WHERE clinic_id = 'synthetic-02';
INSERT INTO load_session (session_id, clinic_id, episode_id, session_date, kind, distance_km, duration_min, sets, reps, load_kg,
                          pain_before, pain_during, pain_next_morning, pain_onset_km)
SELECT session_id, 'copy', episode_id, session_date, kind, distance_km, duration_min, sets, reps, load_kg,
       pain_before, pain_during, pain_next_morning, pain_onset_km FROM load_session WHERE clinic_id = 'synthetic-02';
INSERT INTO outcome_measure (measure_id, clinic_id, episode_id, measured_on, instrument, score, items)
SELECT measure_id, 'copy', episode_id, measured_on, instrument, score, items FROM outcome_measure WHERE clinic_id = 'synthetic-02';
ANALYZE patient, episode, knee_test, load_session, outcome_measure;

-- The relations a query's plan reads with a sequential scan.
CREATE FUNCTION pg_temp.seq_scanned(q text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
  line text;
  rels text[] := '{}';
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line ~ 'Seq Scan on (patient|episode|knee_test|load_session|outcome_measure)\M' THEN
      rels := rels || (regexp_match(line, 'Seq Scan on (\w+)'))[1];
    END IF;
  END LOOP;
  RETURN rels;
END $$;

SELECT episode_id AS ep FROM episode WHERE clinic_id = 'copy' ORDER BY episode_id LIMIT 1 \gset
SELECT is(pg_temp.seq_scanned(format($$SELECT * FROM episode_outcome WHERE clinic_id = 'copy' AND episode_id = %s$$, :ep)),
          '{}'::text[], 'one episode''s episode_outcome: no sequential scan of any data table');
SELECT is(pg_temp.seq_scanned(format($$SELECT * FROM load_monitoring WHERE clinic_id = 'copy' AND episode_id = %s$$, :ep)),
          '{}'::text[], 'one episode''s load_monitoring: no sequential scan of any data table');
SELECT is(pg_temp.seq_scanned(format($$SELECT * FROM episode_outcome_all WHERE clinic_id = 'copy' AND episode_id = %s$$, :ep)),
          '{}'::text[], 'one episode through the aggregate views'' internal twin: no sequential scan');
-- The clinic filter reaches the base tables (the per-episode aggregates
-- are keyed by (clinic_id, episode_id)): the control below, all clinics,
-- does scan them whole.
SELECT ok(pg_temp.seq_scanned('SELECT * FROM episode_outcome') && ARRAY['knee_test', 'load_session'],
          'control: episode_outcome over every clinic reads the tables sequentially (the check can fail)');
-- The same episode id in the two clinics gives two different rows (no mixing).
SELECT is((SELECT count(*) FROM episode_outcome WHERE episode_id = :ep AND clinic_id IN ('copy', 'synthetic-02')),
          CASE WHEN EXISTS (SELECT FROM episode WHERE clinic_id = 'synthetic-02' AND episode_id = :ep) THEN 2 ELSE 1 END::bigint,
          'episode id shared by two clinics: one row per clinic');
SELECT is((SELECT row(days_to_event, recovered) FROM episode_outcome WHERE clinic_id = 'copy' AND episode_id = :ep)::text,
          (SELECT row(days_to_event, recovered) FROM episode_outcome WHERE clinic_id = 'synthetic-02' AND episode_id = :ep)::text,
          'the copy clinic''s episode equals the original''s (same rows under the same ids)');

-- The worklist for one day reads the active episodes' sessions, tests and
-- measures through their indexes (its cost follows the active runners, not
-- the discharged history).  worklist() is a function, so its inner plan is
-- not in EXPLAIN: count this transaction's sequential scans instead
-- (pg_stat_xact_user_tables), before and after.
CREATE FUNCTION pg_temp.seq_scans() RETURNS bigint LANGUAGE sql AS $$
  SELECT sum(seq_scan)::bigint FROM pg_stat_xact_user_tables
   WHERE schemaname = 'knee_rehab' AND relname IN ('knee_test', 'load_session', 'outcome_measure') $$;
SELECT pg_temp.seq_scans() AS before \gset
SELECT count(*) >= 0 AS ran FROM worklist(date '2025-12-31');
SELECT is(pg_temp.seq_scans() - :before, 0::bigint,
          'worklist for one day: no sequential scan of knee_test, load_session or outcome_measure');
SELECT pg_temp.seq_scans() AS before \gset
SELECT count(*) >= 0 AS ran FROM load_session;
SELECT is(pg_temp.seq_scans() - :before, 1::bigint,
          'control: counting load_session is one sequential scan (the check can fail)');

SELECT * FROM finish();
ROLLBACK;
