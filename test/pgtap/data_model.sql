-- Data model: tables, columns, keys, indexes, comments, and every CHECK
-- and foreign key rejecting a bad row with its constraint named.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(95);

-- ---- schema and types
SELECT has_schema('knee_rehab');
SELECT enum_has_labels('knee_rehab', 'sex', ARRAY['female', 'male', 'other', 'unknown']);
SELECT enum_has_labels('knee_rehab', 'foot_type', ARRAY['neutral', 'flat', 'overpronation', 'high_arch', 'pttd']);
SELECT enum_has_labels('knee_rehab', 'knee_injury', ARRAY['acl_tear', 'pcl_tear', 'meniscus_tear',
  'collateral_ligament', 'patellar_dislocation', 'prior_pfps', 'knee_surgery', 'other']);
SELECT enum_has_labels('knee_rehab', 'provocation_test', ARRAY['small_knee_bend', 'heel_on_squat', 'heel_off_squat']);
SELECT enum_has_labels('knee_rehab', 'risk_tier', ARRAY['low', 'moderate', 'high']);

-- ---- tables and columns
SELECT tables_are('knee_rehab', ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure',
  'home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure',
  'risk_parameter_default', 'risk_parameter', 'clinic_access']);
SELECT columns_are('knee_rehab', 'patient', ARRAY['patient_id', 'clinic_id', 'external_ref', 'sex',
  'birth_year', 'height_cm', 'weight_kg', 'foot', 'injuries', 'created_at']);
SELECT columns_are('knee_rehab', 'episode', ARRAY['episode_id', 'clinic_id', 'patient_id', 'side',
  'symptom_onset', 'first_visit', 'discharged_on', 'quad_deficit_pct',
  'weekly_distance_increase_pct', 'strength_sessions_per_week', 'working_diagnosis', 'therapist',
  'discharge_reason', 'usual_run_km', 'usual_runs_per_week']);
SELECT columns_are('knee_rehab', 'knee_test', ARRAY['test_id', 'clinic_id', 'episode_id', 'tested_at',
  'test', 'angle_deg', 'pain_nrs']);
SELECT columns_are('knee_rehab', 'load_session', ARRAY['session_id', 'clinic_id', 'episode_id',
  'session_date', 'kind', 'distance_km', 'duration_min', 'sets', 'reps', 'load_kg', 'pain_before',
  'pain_during', 'pain_next_morning', 'pain_onset_km', 'pain_onset_min', 'pain_free']);
SELECT columns_are('knee_rehab', 'outcome_measure', ARRAY['measure_id', 'clinic_id', 'episode_id',
  'measured_on', 'instrument', 'score', 'items']);
SELECT col_type_is('knee_rehab', 'patient', 'sex', 'sex', 'patient.sex is the sex enum');
SELECT col_type_is('knee_rehab', 'patient', 'foot', 'foot_type', 'patient.foot is foot_type');
SELECT col_type_is('knee_rehab', 'patient', 'injuries', 'knee_injury[]', 'patient.injuries is knee_injury[]');
SELECT col_type_is('knee_rehab', 'knee_test', 'test', 'provocation_test', 'knee_test.test is provocation_test');
SELECT col_type_is('knee_rehab', 'knee_test', 'tested_at', 'timestamp with time zone', 'knee_test.tested_at is timestamptz');
SELECT col_type_is('knee_rehab', 'load_session', 'session_date', 'date', 'load_session.session_date is a date');
SELECT col_not_null('knee_rehab', t, 'clinic_id', t || '.clinic_id is NOT NULL')
  FROM unnest(ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure']) AS t;

-- ---- keys and indexes
SELECT col_is_pk('knee_rehab', 'patient', ARRAY['clinic_id', 'patient_id'], 'patient key (clinic_id first: Citus-ready)');
SELECT col_is_pk('knee_rehab', 'episode', ARRAY['clinic_id', 'episode_id'], 'episode key (clinic_id first: Citus-ready)');
SELECT col_is_pk('knee_rehab', 'knee_test', ARRAY['clinic_id', 'test_id'], 'knee_test key (clinic_id first: Citus-ready)');
SELECT col_is_pk('knee_rehab', 'load_session', ARRAY['clinic_id', 'session_id'], 'load_session key (clinic_id first: Citus-ready)');
SELECT col_is_pk('knee_rehab', 'outcome_measure', ARRAY['clinic_id', 'measure_id'], 'outcome_measure key (clinic_id first: Citus-ready)');
SELECT fk_ok('knee_rehab', 'episode', ARRAY['clinic_id', 'patient_id'],
             'knee_rehab', 'patient', ARRAY['clinic_id', 'patient_id']);
SELECT fk_ok('knee_rehab', t, ARRAY['clinic_id', 'episode_id'],
             'knee_rehab', 'episode', ARRAY['clinic_id', 'episode_id'])
  FROM unnest(ARRAY['knee_test', 'load_session', 'outcome_measure']) AS t;
SELECT has_index('knee_rehab', 'episode', 'episode_patient_idx', ARRAY['clinic_id', 'patient_id']);
SELECT has_index('knee_rehab', 'knee_test', 'knee_test_episode_idx', ARRAY['clinic_id', 'episode_id', 'tested_at']);
SELECT has_index('knee_rehab', 'load_session', 'load_session_episode_idx', ARRAY['clinic_id', 'episode_id', 'session_date']);
SELECT has_index('knee_rehab', 'outcome_measure', 'outcome_measure_episode_idx', ARRAY['clinic_id', 'episode_id', 'measured_on']);
-- ids are unique only within a clinic: no index may lead with a bare id
SELECT is_empty($$
  SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace
     AND c.relname IN ('patient', 'episode', 'knee_test', 'load_session', 'outcome_measure')
     AND (SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = i.indkey[0]) <> 'clinic_id' $$,
  'every index of the five data tables leads with clinic_id (identity is (clinic_id, id))');
-- no trigger on the data tables (none may depend on session settings; Citus refuses tables with triggers)
SELECT is_empty($$ SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    WHERE c.relnamespace = 'knee_rehab'::regnamespace AND NOT t.tgisinternal
                      AND c.relname IN ('patient', 'episode', 'knee_test', 'load_session', 'outcome_measure') $$,
  'no user trigger on the five data tables');

-- ---- comments on every table, column, constraint, type and function
SELECT is_empty($$
  SELECT c.relname FROM pg_class c
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'r'
     AND obj_description(c.oid, 'pg_class') IS NULL $$, 'every table has a comment');
SELECT is_empty($$
  SELECT c.relname || '.' || a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'r'
     AND a.attnum > 0 AND NOT a.attisdropped
     AND col_description(c.oid, a.attnum) IS NULL $$, 'every column has a comment');
SELECT is_empty($$
  SELECT conname FROM pg_constraint
   WHERE connamespace = 'knee_rehab'::regnamespace AND contype IN ('c', 'f')
     AND obj_description(oid, 'pg_constraint') IS NULL $$, 'every CHECK and foreign key has a comment');
SELECT is_empty($$
  SELECT typname FROM pg_type
   WHERE typnamespace = 'knee_rehab'::regnamespace AND typtype IN ('e', 'c', 'b', 'd')
     AND typrelid = 0 AND typcategory <> 'A' AND obj_description(oid, 'pg_type') IS NULL $$, 'every type has a comment');
SELECT is_empty($$
  SELECT oid::regprocedure::text FROM pg_proc
   WHERE pronamespace = 'knee_rehab'::regnamespace
     AND obj_description(oid, 'pg_proc') IS NULL $$, 'every function has a comment');

-- ---- pg_dump keeps the data: tables and their sequences are config objects
SELECT set_eq($$ SELECT unnest(extconfig) FROM pg_extension WHERE extname = 'knee_rehab' $$,
  $$ SELECT unnest(ARRAY['knee_rehab.patient', 'knee_rehab.episode', 'knee_rehab.knee_test',
        'knee_rehab.load_session', 'knee_rehab.outcome_measure', 'knee_rehab.patient_patient_id_seq',
        'knee_rehab.episode_episode_id_seq', 'knee_rehab.knee_test_test_id_seq',
        'knee_rehab.load_session_session_id_seq', 'knee_rehab.outcome_measure_measure_id_seq',
        'knee_rehab.risk_parameter', 'knee_rehab.clinic_access',
        'knee_rehab.home_exercise', 'knee_rehab.home_exercise_log', 'knee_rehab.gait_assessment',
        'knee_rehab.equipment_change', 'knee_rehab.side_measure', 'knee_rehab.home_exercise_exercise_id_seq',
        'knee_rehab.home_exercise_log_log_id_seq', 'knee_rehab.gait_assessment_assessment_id_seq',
        'knee_rehab.equipment_change_change_id_seq', 'knee_rehab.side_measure_side_measure_id_seq'])::regclass::oid $$,
  'all five tables and their identity sequences, the clinic''s risk_parameter overrides and clinic_access are registered with pg_extension_config_dump');

-- ---- a valid clinic to violate from
INSERT INTO patient (patient_id, clinic_id, sex, birth_year, height_cm, weight_kg, foot, injuries)
VALUES (1, 'c1', 'female', 1990, 168, 61, 'flat', '{prior_pfps}'),
       (2, 'c2', 'male', NULL, NULL, NULL, NULL, NULL);
INSERT INTO episode (episode_id, clinic_id, patient_id, symptom_onset, first_visit)
VALUES (10, 'c1', 1, '2026-01-01', '2026-02-01'), (20, 'c2', 2, NULL, '2026-02-01');
SELECT lives_ok($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
                   VALUES ('c1', 10, '2026-02-01 10:00+00', 'small_knee_bend', 30, 2) $$, 'a valid knee test is accepted');
SELECT lives_ok($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during)
                   VALUES ('c1', 10, '2026-02-02', 'run', 5, 3) $$, 'a valid run is accepted');
SELECT lives_ok($$ INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
                   VALUES ('c1', 10, '2026-02-01', 'akps', 70) $$, 'a valid AKPS score is accepted');

-- injuries_valid accepts "not recorded", "none" and a proper list, and
-- rejects duplicates, NULL elements and more than one dimension.
SELECT is(ARRAY[injuries_valid(NULL), injuries_valid('{}'), injuries_valid('{acl_tear,prior_pfps}'),
                injuries_valid('{acl_tear,acl_tear}'), injuries_valid('{acl_tear,NULL}'),
                injuries_valid('{{acl_tear},{other}}')],
          ARRAY[true, true, true, false, false, false],
          'injuries_valid: NULL, empty and distinct lists pass; duplicates, NULLs and 2-D fail');

-- Each CHECK rejects a bad row with 23514 and the constraint's name.
CREATE FUNCTION pg_temp.rejects(bad text, constraint_name text) RETURNS text
LANGUAGE sql AS $$
  SELECT throws_like(bad, '%violates check constraint "' || constraint_name || '"%',
                     'CHECK ' || constraint_name || ' rejects a bad row') $$;

SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id) VALUES ('') $$, 'patient_clinic_id_1_64_chars');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, birth_year) VALUES ('c1', 1899) $$, 'patient_birth_year_1900_to_this_year');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, birth_year) VALUES ('c1', 2999) $$, 'patient_birth_year_1900_to_this_year');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, height_cm) VALUES ('c1', 49) $$, 'patient_height_cm_50_to_250');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, height_cm) VALUES ('c1', 'NaN') $$, 'patient_height_cm_50_to_250');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, weight_kg) VALUES ('c1', 401) $$, 'patient_weight_kg_10_to_400');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, weight_kg) VALUES ('c1', 9) $$, 'patient_weight_kg_10_to_400');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, injuries) VALUES ('c1', '{acl_tear,acl_tear}') $$, 'patient_injuries_no_nulls_or_duplicates');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, injuries) VALUES ('c1', '{acl_tear,NULL}') $$, 'patient_injuries_no_nulls_or_duplicates');
SELECT pg_temp.rejects($$ INSERT INTO patient (clinic_id, injuries) VALUES ('c1', '{{acl_tear},{other}}') $$, 'patient_injuries_no_nulls_or_duplicates');
SELECT pg_temp.rejects($$ INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', 1, now()::date + 30) $$, 'episode_first_visit_not_in_future');
SELECT pg_temp.rejects($$ INSERT INTO episode (clinic_id, patient_id, symptom_onset, first_visit) VALUES ('c1', 1, '2026-03-01', '2026-02-01') $$, 'episode_symptom_onset_not_after_first_visit');
SELECT pg_temp.rejects($$ INSERT INTO episode (clinic_id, patient_id, first_visit, discharged_on) VALUES ('c1', 1, '2026-02-01', '2026-01-31') $$, 'episode_discharged_not_before_first_visit');
SELECT pg_temp.rejects($$ INSERT INTO episode (clinic_id, patient_id, first_visit, quad_deficit_pct) VALUES ('c1', 1, '2026-02-01', 101) $$, 'episode_quad_deficit_pct_0_to_100');
SELECT pg_temp.rejects($$ INSERT INTO episode (clinic_id, patient_id, first_visit, weekly_distance_increase_pct) VALUES ('c1', 1, '2026-02-01', -101) $$, 'episode_weekly_distance_increase_pct_minus100_to_1000');
SELECT pg_temp.rejects($$ INSERT INTO episode (clinic_id, patient_id, first_visit, strength_sessions_per_week) VALUES ('c1', 1, '2026-02-01', 22) $$, 'episode_strength_sessions_per_week_0_to_21');
SELECT pg_temp.rejects($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c1', 10, now() + interval '3 days', 'heel_on_squat', NULL, 0) $$, 'knee_test_tested_at_not_in_future');
SELECT pg_temp.rejects($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c1', 10, '2026-02-01', 'small_knee_bend', 161, 0) $$, 'knee_test_angle_deg_0_to_160');
SELECT pg_temp.rejects($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c1', 10, '2026-02-01', 'small_knee_bend', -1, 0) $$, 'knee_test_angle_deg_0_to_160');
SELECT pg_temp.rejects($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c1', 10, '2026-02-01', 'heel_off_squat', NULL, 10.5) $$, 'knee_test_pain_nrs_0_to_10');
SELECT pg_temp.rejects($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c1', 10, '2026-02-01', 'heel_off_squat', NULL, 'NaN') $$, 'knee_test_pain_nrs_0_to_10');
SELECT pg_temp.rejects($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c1', 10, '2026-02-01', 'small_knee_bend', NULL, 0) $$, 'knee_test_small_knee_bend_needs_angle');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES ('c1', 10, now()::date + 30, 'run', 5) $$, 'load_session_date_not_in_future');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES ('c1', 10, '2026-02-02', 'run', 0) $$, 'load_session_distance_km_0_to_300');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min) VALUES ('c1', 10, '2026-02-02', 'run', 1441) $$, 'load_session_duration_min_0_to_1440');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, sets, reps) VALUES ('c1', 10, '2026-02-02', 'strength', 0, 10) $$, 'load_session_sets_1_to_100');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, sets, reps) VALUES ('c1', 10, '2026-02-02', 'strength', 3, 1001) $$, 'load_session_reps_1_to_1000');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, sets, reps, load_kg) VALUES ('c1', 10, '2026-02-02', 'strength', 3, 10, -5) $$, 'load_session_load_kg_0_to_1000');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_before) VALUES ('c1', 10, '2026-02-02', 'run', 5, -1) $$, 'load_session_pain_before_0_to_10');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during) VALUES ('c1', 10, '2026-02-02', 'run', 5, 11) $$, 'load_session_pain_during_0_to_10');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_next_morning) VALUES ('c1', 10, '2026-02-02', 'run', 5, 'Infinity') $$, 'load_session_pain_next_morning_0_to_10');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_onset_km) VALUES ('c1', 10, '2026-02-02', 'run', 5, 6) $$, 'load_session_pain_onset_within_distance');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 10, '2026-02-02', 'run') $$, 'load_session_run_needs_distance_or_duration');
SELECT pg_temp.rejects($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, sets) VALUES ('c1', 10, '2026-02-02', 'strength', 3) $$, 'load_session_strength_needs_sets_and_reps');
SELECT pg_temp.rejects($$ INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, now()::date + 30, 'nrs_pain', 3) $$, 'outcome_measure_measured_on_not_in_future');
SELECT pg_temp.rejects($$ INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'nrs_pain', 11) $$, 'outcome_measure_score_in_instrument_range');
SELECT pg_temp.rejects($$ INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'akps', 70.5) $$, 'outcome_measure_score_in_instrument_range');
SELECT pg_temp.rejects($$ INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'koos_pf', 100.1) $$, 'outcome_measure_score_in_instrument_range');
SELECT pg_temp.rejects($$ INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'grc', 0) $$, 'outcome_measure_score_in_instrument_range');
SELECT pg_temp.rejects($$ INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score, items) VALUES ('c1', 10, '2026-02-01', 'akps', 70, '{{1,2},{3,4}}') $$, 'outcome_measure_items_one_dimensional');

-- Cross-clinic rows are impossible (23503), and so are unknown enum labels (22P02).
SELECT throws_ok($$ INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c2', 1, '2026-02-01') $$,
                 '23503', NULL, 'an episode cannot belong to another clinic than its patient');
SELECT throws_ok($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c2', 10, '2026-02-01', 'heel_on_squat', NULL, 0) $$,
                 '23503', NULL, 'a knee test cannot belong to another clinic than its episode');
SELECT throws_ok($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES ('c1', 999, '2026-02-02', 'run', 5) $$,
                 '23503', NULL, 'a session needs an existing episode');
SELECT throws_ok($$ INSERT INTO patient (clinic_id, sex) VALUES ('c1', 'femal') $$,
                 '22P02', NULL, 'an unknown sex label is invalid text (22P02)');
SELECT throws_ok($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '2026-02-01', 'deep_squat', 0) $$,
                 '22P02', NULL, 'an unknown provocation test is invalid text (22P02)');
SELECT throws_ok($$ INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg) VALUES ('c1', 10, '2026-02-01', 'small_knee_bend', 30) $$,
                 '23502', NULL, 'pain_nrs is required on a knee test');

-- Erasure: deleting a patient removes the patient's episodes and their rows.
DELETE FROM patient WHERE patient_id = 1;
SELECT is((SELECT count(*) FROM episode WHERE patient_id = 1)
          + (SELECT count(*) FROM knee_test WHERE episode_id = 10)
          + (SELECT count(*) FROM load_session WHERE episode_id = 10)
          + (SELECT count(*) FROM outcome_measure WHERE episode_id = 10), 0::bigint,
          'deleting a patient deletes their episodes, tests, sessions and outcomes');

SELECT * FROM finish();
ROLLBACK;
