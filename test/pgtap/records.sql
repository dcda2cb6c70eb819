-- Issue 16 records: the new episode and load_session columns and the home
-- program, gait, equipment and side-to-side tables.  Keys, foreign keys,
-- indexes, row-level security, the limb symmetry index worked out by hand,
-- and bad input for every new column with its exact SQLSTATE (23502 NOT
-- NULL, 23503 foreign key, 23505 unique, 23514 CHECK, 22P02 bad enum label,
-- 22008 bad date).  Two clinics with the same ids throughout.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(129);

-- ---- structure
SELECT columns_are('knee_rehab', 'home_exercise', ARRAY['exercise_id', 'clinic_id', 'episode_id', 'exercise',
  'exercise_name', 'side', 'sets', 'reps', 'hold_s', 'load_kg', 'lowering_s', 'sessions_per_week', 'start_date', 'end_date']);
SELECT columns_are('knee_rehab', 'home_exercise_log', ARRAY['log_id', 'clinic_id', 'episode_id', 'exercise_id',
  'done_on', 'sets_done', 'reps_done', 'load_kg_done', 'pain_during']);
SELECT columns_are('knee_rehab', 'gait_assessment', ARRAY['assessment_id', 'clinic_id', 'episode_id', 'assessed_on',
  'cadence_spm', 'hip_drop', 'knee_valgus', 'overstriding', 'heel_strike']);
SELECT columns_are('knee_rehab', 'equipment_change', ARRAY['change_id', 'clinic_id', 'episode_id', 'changed_on',
  'kind', 'description', 'side']);
SELECT columns_are('knee_rehab', 'side_measure', ARRAY['side_measure_id', 'clinic_id', 'episode_id', 'measured_on',
  'knee_extension_deficit_deg', 'quad_strength_involved', 'quad_strength_uninvolved', 'limb_symmetry_index']);
SELECT col_is_pk('knee_rehab', t, ARRAY['clinic_id', k], t || ' key (clinic_id, id)')
  FROM (VALUES ('home_exercise', 'exercise_id'), ('home_exercise_log', 'log_id'), ('gait_assessment', 'assessment_id'),
               ('equipment_change', 'change_id'), ('side_measure', 'side_measure_id')) AS v(t, k);
SELECT fk_ok('knee_rehab', t, ARRAY['clinic_id', 'episode_id'], 'knee_rehab', 'episode', ARRAY['clinic_id', 'episode_id'])
  FROM unnest(ARRAY['home_exercise', 'gait_assessment', 'equipment_change', 'side_measure']) AS t;
SELECT fk_ok('knee_rehab', 'home_exercise_log', ARRAY['clinic_id', 'episode_id', 'exercise_id'],
             'knee_rehab', 'home_exercise', ARRAY['clinic_id', 'episode_id', 'exercise_id']);
SELECT is_empty($$
  SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace
     AND c.relname IN ('home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure')
     AND (SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = i.indkey[0]) <> 'clinic_id' $$,
  'every index of the new tables leads with clinic_id');
SELECT has_index('knee_rehab', t, t || '_episode_idx', ARRAY['clinic_id', 'episode_id', d])
  FROM (VALUES ('home_exercise', 'start_date'), ('home_exercise_log', 'done_on'), ('gait_assessment', 'assessed_on'),
               ('equipment_change', 'changed_on'), ('side_measure', 'measured_on')) AS v(t, d);
SELECT is(
  (SELECT array_agg(c.relname::text || ':' || c.relrowsecurity || ':' ||
                    (SELECT string_agg(p.polname || '/' || p.polpermissive, ',' ORDER BY p.polname)
                       FROM pg_policy p WHERE p.polrelid = c.oid) ORDER BY c.relname)
     FROM pg_class c WHERE c.relnamespace = 'knee_rehab'::regnamespace
      AND c.relname IN ('home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure')),
  ARRAY['equipment_change:true:clinic_rows/true,clinic_rows_only/false',
        'gait_assessment:true:clinic_rows/true,clinic_rows_only/false',
        'home_exercise:true:clinic_rows/true,clinic_rows_only/false',
        'home_exercise_log:true:clinic_rows/true,clinic_rows_only/false',
        'side_measure:true:clinic_rows/true,clinic_rows_only/false'],
  'row-level security on every new table: clinic_rows (permissive) and clinic_rows_only (restrictive)');
SELECT is_empty($$ SELECT p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                    WHERE c.relname IN ('home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure')
                      AND c.relnamespace = 'knee_rehab'::regnamespace
                      AND (pg_get_expr(p.polqual, p.polrelid) IS DISTINCT FROM
                             (SELECT pg_get_expr(e.polqual, e.polrelid) FROM pg_policy e
                               WHERE e.polrelid = 'knee_rehab.episode'::regclass AND e.polname = p.polname)
                           OR pg_get_expr(p.polwithcheck, p.polrelid) IS DISTINCT FROM
                             (SELECT pg_get_expr(e.polwithcheck, e.polrelid) FROM pg_policy e
                               WHERE e.polrelid = 'knee_rehab.episode'::regclass AND e.polname = p.polname)) $$,
  'the policies test clinic_row_visible(clinic_id) for reading and writing, as episode''s do');
SELECT is_empty($$ SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    WHERE c.relnamespace = 'knee_rehab'::regnamespace AND NOT t.tgisinternal
                      AND c.relname IN ('home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure') $$,
  'no user trigger on the new tables (Citus)');

-- ---- two clinics with the same ids
INSERT INTO patient (patient_id, clinic_id) VALUES (1, 'a'), (1, 'b');
INSERT INTO episode (episode_id, clinic_id, patient_id, side, first_visit, discharged_on, working_diagnosis, therapist,
                     discharge_reason, usual_run_km, usual_runs_per_week)
VALUES (1, 'a', 1, 'left', '2026-01-05', NULL, 'patellofemoral_pain', 'th-7', NULL, 10, 3),
       (1, 'b', 1, 'right', '2026-01-05', '2026-03-01', 'other', 'th-7', 'recovered', 42.2, 6);
SELECT lives_ok($$ INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, duration_min,
                                             pain_onset_km, pain_onset_min, pain_free)
                   VALUES ('a', 1, '2026-01-06', 'run', 5, 30, 3, 18, false),
                          ('a', 1, '2026-01-08', 'run', 5, 30, NULL, NULL, true),
                          ('a', 1, '2026-01-10', 'run', 5, 30, NULL, NULL, NULL),
                          ('a', 1, '2026-01-12', 'run', 5, 30, NULL, 30, false) $$,
  'load_session: onset distance and time, pain-free, not recorded, onset at the last minute');
INSERT INTO home_exercise (exercise_id, clinic_id, episode_id, exercise, side, sets, reps, load_kg, lowering_s,
                           sessions_per_week, start_date)
VALUES (1, 'a', 1, 'single_leg_box_sit', 'left', 3, 6, 0, 3, 3, '2026-01-05'),
       (1, 'b', 1, 'bulgarian_split_squat', 'right', 3, 10, 8, NULL, 2, '2026-01-05');
SELECT lives_ok($$ INSERT INTO home_exercise (exercise_id, clinic_id, episode_id, exercise, exercise_name, reps, hold_s, sessions_per_week, start_date, end_date)
                   VALUES (2, 'a', 1, 'hamstring_stretch', NULL, NULL, 30, 7, '2026-01-05', '2026-01-05'),
                          (3, 'a', 1, 'other', 'step-downs', 10, NULL, 2.5, '2026-01-05', NULL) $$,
  'home_exercise: a held stretch ending the day it starts; other with a name');
SELECT lives_ok($$ INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, sets_done, reps_done, load_kg_done, pain_during)
                   VALUES ('a', 1, 1, '2026-01-06', 3, 6, 0, 1), ('b', 1, 1, '2026-01-06', 0, 0, 0, 0) $$,
  'home_exercise_log: rows of both clinics'' prescription 1');
INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, cadence_spm, hip_drop, knee_valgus, overstriding, heel_strike)
VALUES ('a', 1, '2026-01-05', 160, 'right', 'left', 'both', 'none'), ('b', 1, '2026-01-05', 100, NULL, NULL, NULL, NULL);
INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind, description, side)
VALUES ('a', 1, '2026-01-12', 'shoes', 'lower drop', NULL), ('b', 1, '2026-01-12', 'taping', NULL, 'right');
-- LSI by hand: 170 / 200 = 85 %; 212.5 / 250 = 85 %; 0 / 80 = 0 %; NULL without strength.
INSERT INTO side_measure (clinic_id, episode_id, measured_on, knee_extension_deficit_deg, quad_strength_involved, quad_strength_uninvolved)
VALUES ('a', 1, '2026-01-05', 5, 170, 200), ('b', 1, '2026-01-05', 0, 212.5, 250),
       ('b', 1, '2026-01-06', 90, 0, 80), ('a', 1, '2026-01-06', 2, NULL, NULL);
SELECT results_eq($$ SELECT clinic_id, measured_on, limb_symmetry_index FROM side_measure ORDER BY 1, 2 $$,
  $$ VALUES ('a', date '2026-01-05', 85::float8), ('a', '2026-01-06', NULL), ('b', '2026-01-05', 85), ('b', '2026-01-06', 0) $$,
  'limb_symmetry_index = 100 x involved / uninvolved (170/200 = 85, 212.5/250 = 85, 0/80 = 0; NULL when not measured)');
SELECT throws_ok($$ UPDATE side_measure SET limb_symmetry_index = 100 $$, '428C9', NULL, 'limb_symmetry_index is generated, not written');

-- ---- deleting an episode deletes its records; the other clinic's same ids stay
SAVEPOINT del;
DELETE FROM episode WHERE clinic_id = 'a' AND episode_id = 1;
SELECT is((SELECT array[(SELECT count(*) FROM home_exercise), (SELECT count(*) FROM home_exercise_log),
                        (SELECT count(*) FROM gait_assessment), (SELECT count(*) FROM equipment_change),
                        (SELECT count(*) FROM side_measure)]),
          ARRAY[1, 1, 1, 1, 2]::bigint[], 'deleting clinic a''s episode 1 cascades to its records; clinic b''s episode 1 keeps its own');
ROLLBACK TO SAVEPOINT del;

-- ---- bad input, every new column
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$UPDATE episode SET working_diagnosis = 'runner''s knee' WHERE clinic_id = 'a'$$, '23514', 'episode.working_diagnosis outside the vocabulary'),
  ($$UPDATE episode SET working_diagnosis = '' WHERE clinic_id = 'a'$$, '23514', 'episode.working_diagnosis empty'),
  ($$UPDATE episode SET therapist = '' WHERE clinic_id = 'a'$$, '23514', 'episode.therapist empty'),
  ($$UPDATE episode SET therapist = repeat('t', 65) WHERE clinic_id = 'a'$$, '23514', 'episode.therapist 65 characters'),
  ($$UPDATE episode SET discharge_reason = 'moved away' WHERE clinic_id = 'b'$$, '23514', 'episode.discharge_reason outside the vocabulary'),
  ($$UPDATE episode SET discharge_reason = 'recovered' WHERE clinic_id = 'a'$$, '23514', 'episode.discharge_reason without discharged_on'),
  ($$UPDATE episode SET discharged_on = NULL WHERE clinic_id = 'b'$$, '23514', 'episode: discharged_on removed under a discharge_reason'),
  ($$UPDATE episode SET usual_run_km = 0 WHERE clinic_id = 'a'$$, '23514', 'episode.usual_run_km 0'),
  ($$UPDATE episode SET usual_run_km = 300.5 WHERE clinic_id = 'a'$$, '23514', 'episode.usual_run_km 300.5'),
  ($$UPDATE episode SET usual_run_km = 'NaN' WHERE clinic_id = 'a'$$, '23514', 'episode.usual_run_km NaN'),
  ($$UPDATE episode SET usual_run_km = 'Infinity' WHERE clinic_id = 'a'$$, '23514', 'episode.usual_run_km Infinity'),
  ($$UPDATE episode SET usual_run_km = 'ten' WHERE clinic_id = 'a'$$, '22P02', 'episode.usual_run_km not a number'),
  ($$UPDATE episode SET usual_runs_per_week = -1 WHERE clinic_id = 'a'$$, '23514', 'episode.usual_runs_per_week -1'),
  ($$UPDATE episode SET usual_runs_per_week = 21.5 WHERE clinic_id = 'a'$$, '23514', 'episode.usual_runs_per_week 21.5'),
  ($$UPDATE episode SET usual_runs_per_week = 'NaN' WHERE clinic_id = 'a'$$, '23514', 'episode.usual_runs_per_week NaN'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min, pain_onset_min) VALUES ('a', 1, '2026-01-06', 'run', 30, 31)$$, '23514', 'load_session.pain_onset_min beyond duration_min'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min, pain_onset_min) VALUES ('a', 1, '2026-01-06', 'run', 30, -1)$$, '23514', 'load_session.pain_onset_min negative'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min, pain_onset_min) VALUES ('a', 1, '2026-01-06', 'run', 30, 'NaN')$$, '23514', 'load_session.pain_onset_min NaN'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_onset_km, pain_free) VALUES ('a', 1, '2026-01-06', 'run', 5, 2, true)$$, '23514', 'load_session: pain_free with an onset distance'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min, pain_onset_min, pain_free) VALUES ('a', 1, '2026-01-06', 'run', 30, 0, true)$$, '23514', 'load_session: pain_free with an onset time'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_free) VALUES ('a', 1, '2026-01-06', 'run', 5, 'maybe')$$, '22P02', 'load_session.pain_free not a boolean'),
  -- home_exercise
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, NULL, 5, 3, '2026-01-05')$$, '23502', 'home_exercise.exercise NULL'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'deep_squat', 5, 3, '2026-01-05')$$, '23514', 'home_exercise.exercise outside the vocabulary'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'other', 5, 3, '2026-01-05')$$, '23514', 'home_exercise: other without exercise_name'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, exercise_name, reps, sessions_per_week, start_date) VALUES ('a', 1, 'other', '', 5, 3, '2026-01-05')$$, '23514', 'home_exercise.exercise_name empty'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, side, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 'middle', 5, 3, '2026-01-05')$$, '22P02', 'home_exercise.side unknown label'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, sets, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 0, 5, 3, '2026-01-05')$$, '23514', 'home_exercise.sets 0'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, sets, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 21, 5, 3, '2026-01-05')$$, '23514', 'home_exercise.sets 21'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 0, 3, '2026-01-05')$$, '23514', 'home_exercise.reps 0'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 3, '2026-01-05')$$, '23514', 'home_exercise: neither reps nor hold_s'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, hold_s, sessions_per_week, start_date) VALUES ('a', 1, 'single_leg_balance', 0, 3, '2026-01-05')$$, '23514', 'home_exercise.hold_s 0'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, hold_s, sessions_per_week, start_date) VALUES ('a', 1, 'single_leg_balance', 'Infinity', 3, '2026-01-05')$$, '23514', 'home_exercise.hold_s Infinity'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, load_kg, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, -0.5, 3, '2026-01-05')$$, '23514', 'home_exercise.load_kg negative'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, load_kg, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 'NaN', 3, '2026-01-05')$$, '23514', 'home_exercise.load_kg NaN'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, lowering_s, sessions_per_week, start_date) VALUES ('a', 1, 'single_leg_box_sit', 5, 0, 3, '2026-01-05')$$, '23514', 'home_exercise.lowering_s 0'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, lowering_s, sessions_per_week, start_date) VALUES ('a', 1, 'single_leg_box_sit', 5, 61, 3, '2026-01-05')$$, '23514', 'home_exercise.lowering_s 61'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, NULL, '2026-01-05')$$, '23502', 'home_exercise.sessions_per_week NULL'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 0, '2026-01-05')$$, '23514', 'home_exercise.sessions_per_week 0'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 22, '2026-01-05')$$, '23514', 'home_exercise.sessions_per_week 22'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 3, NULL)$$, '23502', 'home_exercise.start_date NULL'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 3, '1899-12-31')$$, '23514', 'home_exercise.start_date before 1900'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 3, 'infinity')$$, '23514', 'home_exercise.start_date infinity'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 3, current_date + 30)$$, '23514', 'home_exercise.start_date in the future'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'glute_bridge', 5, 3, '2026-02-30')$$, '22008', 'home_exercise.start_date 30 February'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date, end_date) VALUES ('a', 1, 'glute_bridge', 5, 3, '2026-01-05', '2026-01-04')$$, '23514', 'home_exercise.end_date before start_date'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date, end_date) VALUES ('a', 1, 'glute_bridge', 5, 3, '2026-01-05', 'infinity')$$, '23514', 'home_exercise.end_date infinity'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 2, 'glute_bridge', 5, 3, '2026-01-05')$$, '23503', 'home_exercise: unknown episode'),
  ($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('c', 1, 'glute_bridge', 5, 3, '2026-01-05')$$, '23503', 'home_exercise: episode of another clinic'),
  ($$INSERT INTO home_exercise (exercise_id, clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES (1, 'a', 1, 'glute_bridge', 5, 3, '2026-01-05')$$, '23505', 'home_exercise: duplicate key'),
  -- home_exercise_log
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on) VALUES ('a', 1, 99, '2026-01-06')$$, '23503', 'home_exercise_log: unknown prescription'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on) VALUES ('a', 2, 1, '2026-01-06')$$, '23503', 'home_exercise_log: prescription of another episode'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on) VALUES ('c', 1, 1, '2026-01-06')$$, '23503', 'home_exercise_log: prescription of another clinic'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on) VALUES ('a', 1, NULL, '2026-01-06')$$, '23502', 'home_exercise_log.exercise_id NULL'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on) VALUES ('a', 1, 1, NULL)$$, '23502', 'home_exercise_log.done_on NULL'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on) VALUES ('a', 1, 1, '-infinity')$$, '23514', 'home_exercise_log.done_on -infinity'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on) VALUES ('a', 1, 1, current_date + 30)$$, '23514', 'home_exercise_log.done_on in the future'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, sets_done) VALUES ('a', 1, 1, '2026-01-06', -1)$$, '23514', 'home_exercise_log.sets_done -1'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, sets_done) VALUES ('a', 1, 1, '2026-01-06', 21)$$, '23514', 'home_exercise_log.sets_done 21'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, reps_done) VALUES ('a', 1, 1, '2026-01-06', 1001)$$, '23514', 'home_exercise_log.reps_done 1001'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, reps_done) VALUES ('a', 1, 1, '2026-01-06', '2.5')$$, '22P02', 'home_exercise_log.reps_done not whole'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, load_kg_done) VALUES ('a', 1, 1, '2026-01-06', 1000.5)$$, '23514', 'home_exercise_log.load_kg_done 1000.5'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, pain_during) VALUES ('a', 1, 1, '2026-01-06', 10.5)$$, '23514', 'home_exercise_log.pain_during 10.5'),
  ($$INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, pain_during) VALUES ('a', 1, 1, '2026-01-06', 'NaN')$$, '23514', 'home_exercise_log.pain_during NaN'),
  -- gait_assessment
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on) VALUES ('a', 1, NULL)$$, '23502', 'gait_assessment.assessed_on NULL'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on) VALUES ('a', 1, '1899-12-31')$$, '23514', 'gait_assessment.assessed_on before 1900'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on) VALUES ('a', 1, current_date + 30)$$, '23514', 'gait_assessment.assessed_on in the future'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, cadence_spm) VALUES ('a', 1, '2026-01-06', 99.9)$$, '23514', 'gait_assessment.cadence_spm 99.9'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, cadence_spm) VALUES ('a', 1, '2026-01-06', 250.1)$$, '23514', 'gait_assessment.cadence_spm 250.1'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, cadence_spm) VALUES ('a', 1, '2026-01-06', 'NaN')$$, '23514', 'gait_assessment.cadence_spm NaN'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, hip_drop) VALUES ('a', 1, '2026-01-06', 'yes')$$, '23514', 'gait_assessment.hip_drop not a side'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, knee_valgus) VALUES ('a', 1, '2026-01-06', 'Left')$$, '23514', 'gait_assessment.knee_valgus Left (labels are lower case)'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, overstriding) VALUES ('a', 1, '2026-01-06', '')$$, '23514', 'gait_assessment.overstriding empty'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, heel_strike) VALUES ('a', 1, '2026-01-06', 'true')$$, '23514', 'gait_assessment.heel_strike true'),
  ($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on) VALUES ('c', 1, '2026-01-06')$$, '23503', 'gait_assessment: episode of another clinic'),
  -- equipment_change
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind) VALUES ('a', 1, '2026-01-06', NULL)$$, '23502', 'equipment_change.kind NULL'),
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind) VALUES ('a', 1, '2026-01-06', 'insoles')$$, '23514', 'equipment_change.kind outside the vocabulary'),
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind) VALUES ('a', 1, NULL, 'shoes')$$, '23502', 'equipment_change.changed_on NULL'),
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind) VALUES ('a', 1, 'infinity', 'shoes')$$, '23514', 'equipment_change.changed_on infinity'),
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind, description) VALUES ('a', 1, '2026-01-06', 'shoes', '')$$, '23514', 'equipment_change.description empty'),
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind, description) VALUES ('a', 1, '2026-01-06', 'shoes', repeat('x', 501))$$, '23514', 'equipment_change.description 501 characters'),
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind, side) VALUES ('a', 1, '2026-01-06', 'brace', 'up')$$, '22P02', 'equipment_change.side unknown label'),
  ($$INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind) VALUES ('a', 7, '2026-01-06', 'brace')$$, '23503', 'equipment_change: unknown episode'),
  -- side_measure
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on) VALUES ('a', 1, NULL)$$, '23502', 'side_measure.measured_on NULL'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on) VALUES ('a', 1, current_date + 30)$$, '23514', 'side_measure.measured_on in the future'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, knee_extension_deficit_deg) VALUES ('a', 1, '2026-01-06', -1)$$, '23514', 'side_measure.knee_extension_deficit_deg -1'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, knee_extension_deficit_deg) VALUES ('a', 1, '2026-01-06', 90.5)$$, '23514', 'side_measure.knee_extension_deficit_deg 90.5'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, knee_extension_deficit_deg) VALUES ('a', 1, '2026-01-06', 'NaN')$$, '23514', 'side_measure.knee_extension_deficit_deg NaN'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, quad_strength_involved, quad_strength_uninvolved) VALUES ('a', 1, '2026-01-06', -1, 100)$$, '23514', 'side_measure.quad_strength_involved negative'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, quad_strength_involved, quad_strength_uninvolved) VALUES ('a', 1, '2026-01-06', 10001, 100)$$, '23514', 'side_measure.quad_strength_involved 10001'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, quad_strength_involved, quad_strength_uninvolved) VALUES ('a', 1, '2026-01-06', 100, 0)$$, '23514', 'side_measure.quad_strength_uninvolved 0 (no division by zero)'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, quad_strength_involved, quad_strength_uninvolved) VALUES ('a', 1, '2026-01-06', 100, 'Infinity')$$, '23514', 'side_measure.quad_strength_uninvolved Infinity'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, quad_strength_involved, quad_strength_uninvolved) VALUES ('a', 1, '2026-01-06', 'NaN', 100)$$, '23514', 'side_measure.quad_strength_involved NaN'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, quad_strength_involved) VALUES ('a', 1, '2026-01-06', 100)$$, '23514', 'side_measure: involved without uninvolved'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, quad_strength_uninvolved) VALUES ('a', 1, '2026-01-06', 100)$$, '23514', 'side_measure: uninvolved without involved'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on, limb_symmetry_index) VALUES ('a', 1, '2026-01-06', 90)$$, '428C9', 'side_measure.limb_symmetry_index is generated'),
  ($$INSERT INTO side_measure (clinic_id, episode_id, measured_on) VALUES ('b', 2, '2026-01-06')$$, '23503', 'side_measure: unknown episode')
) AS v(q, e, d);

-- ---- messages name the rule
SELECT throws_ok($$UPDATE episode SET discharge_reason = 'recovered' WHERE clinic_id = 'a'$$, '23514',
  'new row for relation "episode" violates check constraint "episode_discharge_reason_needs_discharge"',
  'the message names the rule (discharge_reason needs discharged_on)');
SELECT throws_ok($$INSERT INTO home_exercise (clinic_id, episode_id, exercise, reps, sessions_per_week, start_date) VALUES ('a', 1, 'squat', 5, 3, '2026-01-05')$$, '23514',
  'new row for relation "home_exercise" violates check constraint "home_exercise_exercise_known"',
  'the message names the rule (exercise vocabulary)');

-- ---- a session's settings never change which rows are valid
SET LOCAL TimeZone = 'Pacific/Kiritimati';
SET LOCAL DateStyle = 'SQL, DMY';
SELECT lives_ok($$INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on) VALUES ('a', 1, (now() AT TIME ZONE 'UTC')::date + 1)$$,
  'gait_assessment: the current UTC date + 1 is accepted under any TimeZone');

SELECT * FROM finish();
ROLLBACK;
