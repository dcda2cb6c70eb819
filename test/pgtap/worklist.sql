-- worklist(as_of): a hand-written runner per flag, one raising it and one
-- just on the other side of its threshold; as_of before and after; two
-- clinics with identical ids; row-level security.  as_of D = 2026-03-31;
-- "the last 7 days" = D-6 .. D.  Hand calculations beside each fixture.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(32);

INSERT INTO patient (clinic_id, patient_id, external_ref)
SELECT 'a', g, 'r' || g FROM generate_series(1, 20) g;
INSERT INTO episode (clinic_id, episode_id, patient_id, side, first_visit, discharged_on, therapist)
SELECT 'a', g, g, 'left', date '2026-01-01', CASE WHEN g = 20 THEN date '2026-03-30' END, 'th-' || (g % 2)
  FROM generate_series(1, 20) g;

-- 1 rest_gap: last session D-8 (8 days > 7: flagged); 2: last session D-7 (7 days: not)
-- 20: discharged D-1, last session D-20 (not active on D; active and flagged on D-1)
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min)
VALUES ('a', 1, '2026-03-23', 'other', 30), ('a', 2, '2026-03-24', 'other', 30), ('a', 20, '2026-03-11', 'other', 30);

-- 3 ran_while_not_ready: small knee bend D-3 at 30 degrees with pain 1 (> pain_free_nrs 0: not ready), run D-2
-- 4: bends D-10 fail, D-3 fail, D-2 08:00 pass (30 degrees, pain 0); runs D-7 (outside the 7 days) and D-2
--    after the passing bend: not flagged
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
VALUES ('a', 3, '2026-03-28 09:00+00', 'small_knee_bend', 30, 1),
       ('a', 4, '2026-03-21 09:00+00', 'small_knee_bend', 20, 0),
       ('a', 4, '2026-03-28 09:00+00', 'small_knee_bend', 25, 0),
       ('a', 4, '2026-03-29 08:00+00', 'small_knee_bend', 30, 0);
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km)
VALUES ('a', 3, '2026-03-29', 'run', 3), ('a', 4, '2026-03-24', 'run', 3), ('a', 4, '2026-03-29', 'run', 3);

-- 5 onset_distance_shrinking: D-16 onset 4 km, D-2 onset 3.9 km (limit 3.9 < 4: flagged)
-- 6: D-16 onset 4 km, D-2 onset 4 km (equal: not)
-- 15: D-16 pain-free 6 km run (limit >= 6), D-2 onset 5 km (5 < 6: flagged)
-- 16 (also the adherence runner): D-16 onset 4 km, D-2 pain-free 4.5 km and D-1 onset 3 km
--    (limit of the last 7 days 4.5 >= 4: not flagged)
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_onset_km, pain_free)
VALUES ('a', 5, '2026-03-15', 'run', 5, 4, false), ('a', 5, '2026-03-29', 'run', 5, 3.9, false),
       ('a', 6, '2026-03-15', 'run', 5, 4, false), ('a', 6, '2026-03-29', 'run', 5, 4, false),
       ('a', 15, '2026-03-15', 'run', 6, NULL, true), ('a', 15, '2026-03-29', 'run', 6, 5, false),
       ('a', 16, '2026-03-15', 'run', 5, 4, false), ('a', 16, '2026-03-29', 'run', 4.5, NULL, true),
       ('a', 16, '2026-03-30', 'run', 4, 3, false);

-- 7 pain_rising: D-10 pain 3, D-3 pain 4 (4 > 3: flagged); 8: D-10 pain 3, D-3 pain 3 (not)
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, sets, reps, pain_during)
VALUES ('a', 7, '2026-03-21', 'strength', 3, 10, 3), ('a', 7, '2026-03-28', 'strength', 3, 10, 4),
       ('a', 8, '2026-03-21', 'strength', 3, 10, 3), ('a', 8, '2026-03-28', 'strength', 3, 10, 3);

-- 9 single_run_spike: D-20 10 km, D-2 11.5 km (+15 %: over_10_to_30_pct, HRR 1.64)
-- 10: D-20 10 km, D-2 11 km (+10 % exactly: none)
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km)
VALUES ('a', 9, '2026-03-11', 'run', 10), ('a', 9, '2026-03-29', 'run', 11.5),
       ('a', 10, '2026-03-11', 'run', 10), ('a', 10, '2026-03-29', 'run', 11);

-- 11 acwr_high: D-1 1 km, D 4.5 km.  EWMA (lambda 0.25 and 2/29, both start at 1):
--    acute 0.25*4.5 + 0.75 = 1.875, chronic (2*4.5 + 27)/29 = 36/29, ratio 1.875*29/36 = 1.5104 (flagged)
-- 12: D-1 1 km, D 4.4 km: acute 1.85, chronic 35.8/29, ratio 1.85*29/35.8 = 1.4986 (not)
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km)
VALUES ('a', 11, '2026-03-30', 'run', 1), ('a', 11, '2026-03-31', 'run', 4.5),
       ('a', 12, '2026-03-30', 'run', 1), ('a', 12, '2026-03-31', 'run', 4.4);

-- 13 morning_pain_not_settled: D-1 baseline 1, next morning 2 (flagged)
-- 14: D-1 baseline 1, next morning 1 (not); D next morning 5 (that morning is after D: not counted)
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min, pain_before, pain_next_morning)
VALUES ('a', 13, '2026-03-30', 'other', 30, 1, 2),
       ('a', 14, '2026-03-30', 'other', 30, 1, 1), ('a', 14, '2026-03-31', 'other', 30, NULL, 5);

-- 16 low_adherence: 3 sessions/week open since 2026-01-01: 14 days (D-13 = 03-18 .. D) x 3/7 = 6 prescribed;
--    done 03-20 and 03-25 (2 of 6 = 33 %: flagged; 03-10 is before the window)
-- 17: the same, done 03-20, 03-25, 03-31 (3 of 6 = 50 %: not); at as_of D-1 only 2 of 6 (flagged)
-- 18: a prescription that ended 2026-03-01 (none in the window: no flag)
INSERT INTO home_exercise (clinic_id, exercise_id, episode_id, exercise, sets, reps, sessions_per_week, start_date, end_date)
VALUES ('a', 1, 16, 'single_leg_box_sit', 3, 6, 3, '2026-01-01', NULL),
       ('a', 2, 17, 'bulgarian_split_squat', 3, 10, 3, '2026-01-01', NULL),
       ('a', 3, 18, 'glute_bridge', 3, 10, 3, '2026-01-01', '2026-03-01');
INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on)
VALUES ('a', 16, 1, '2026-03-10'), ('a', 16, 1, '2026-03-20'), ('a', 16, 1, '2026-03-25'),
       ('a', 17, 2, '2026-03-20'), ('a', 17, 2, '2026-03-25'), ('a', 17, 2, '2026-03-31'), ('a', 17, 2, '2026-04-01');

-- 18 outcome_overdue: NRS D-27 (within 28 days: not); 19: AKPS D-28 (flagged); KOOS-PF D-1 does not count
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
VALUES ('a', 18, '2026-03-04', 'nrs_pain', 3), ('a', 19, '2026-03-03', 'akps', 70), ('a', 19, '2026-03-30', 'koos_pf', 70);

-- Clinic b: the same rows under the same ids.
INSERT INTO patient (clinic_id, patient_id, external_ref) SELECT 'b', patient_id, external_ref FROM patient WHERE clinic_id = 'a';
INSERT INTO episode (clinic_id, episode_id, patient_id, side, first_visit, discharged_on, therapist)
SELECT 'b', episode_id, patient_id, side, first_visit, discharged_on, therapist FROM episode WHERE clinic_id = 'a';
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT 'b', episode_id, tested_at, test, angle_deg, pain_nrs FROM knee_test WHERE clinic_id = 'a';
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, duration_min, sets, reps, pain_before,
                          pain_during, pain_next_morning, pain_onset_km, pain_free)
SELECT 'b', episode_id, session_date, kind, distance_km, duration_min, sets, reps, pain_before,
       pain_during, pain_next_morning, pain_onset_km, pain_free FROM load_session WHERE clinic_id = 'a';
INSERT INTO home_exercise (clinic_id, exercise_id, episode_id, exercise, sets, reps, sessions_per_week, start_date, end_date)
SELECT 'b', exercise_id, episode_id, exercise, sets, reps, sessions_per_week, start_date, end_date FROM home_exercise WHERE clinic_id = 'a';
INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on)
SELECT 'b', episode_id, exercise_id, done_on FROM home_exercise_log WHERE clinic_id = 'a';
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
SELECT 'b', episode_id, measured_on, instrument, score FROM outcome_measure WHERE clinic_id = 'a';

CREATE TEMP TABLE wl AS SELECT * FROM worklist('2026-03-31');

-- ---- each flag: the runner that raises it, not the one on the other side
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'rest_gap' AND episode_id IN (1, 2, 20) $$,
  ARRAY[1::bigint], 'rest_gap: 8 days without a session flagged, 7 not; an episode discharged the day before is not active');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'ran_while_not_ready' $$,
  ARRAY[3::bigint], 'ran_while_not_ready: a run after a painful bend flagged; after a later pain-free 30-degree bend, or 7 days back, not');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'onset_distance_shrinking' $$,
  ARRAY[5, 15]::bigint[], 'onset_distance_shrinking: 4 -> 3.9 km and pain-free 6 -> onset 5 km flagged; 4 -> 4 km and a pain-free 4.5 km run not');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'pain_rising' $$,
  ARRAY[7::bigint], 'pain_rising: 3 -> 4 flagged, 3 -> 3 not');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'single_run_spike' AND episode_id IN (9, 10) $$,
  ARRAY[9::bigint], 'single_run_spike: +15 % flagged, +10 % exactly not');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'acwr_high' $$,
  ARRAY[11::bigint], 'acwr_high: 1.5104 flagged, 1.4986 not (EWMA by hand)');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'morning_pain_not_settled' $$,
  ARRAY[13::bigint], 'morning_pain_not_settled: 2 over baseline 1 flagged; 1 over 1 not; the morning after as_of not counted');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'low_adherence' $$,
  ARRAY[16::bigint], 'low_adherence: 2 of 6 flagged, 3 of 6 (50 %) not, a program ended before the window not');
SELECT set_eq($$ SELECT episode_id FROM wl WHERE clinic_id = 'a' AND flag = 'outcome_overdue' AND episode_id IN (18, 19) $$,
  ARRAY[19::bigint], 'outcome_overdue: AKPS 28 days ago flagged (KOOS-PF does not count), NRS 27 days ago not');

-- ---- the numbers in the details, by hand
SELECT is((SELECT detail FROM wl WHERE clinic_id = 'a' AND episode_id = 11 AND flag = 'acwr_high'),
  'EWMA acute:chronic ratio of run km 1.51 on 2026-03-31 (descriptive, not an injury probability)', 'acwr_high detail: 1.875 / (36/29) = 1.51');
SELECT is((SELECT detail FROM wl WHERE clinic_id = 'a' AND episode_id = 16 AND flag = 'low_adherence'),
  'home program 2 of 6.0 prescribed sessions done in the last 14 days (33 %)', 'low_adherence detail: 2 of 14 x 3/7 = 6 (33 %)');
SELECT is((SELECT detail FROM wl WHERE clinic_id = 'a' AND episode_id = 9 AND flag = 'single_run_spike'),
  'run of 11.5 km on 2026-03-29: 15.0 % longer than the longest run of the previous 30 days (10 km); grade over_10_to_30_pct, hazard rate ratio 1.64',
  'single_run_spike detail: 11.5 / 10 = +15 %, Frandsen grade and HRR');
SELECT is((SELECT row(detail, event_date, days_since)::text FROM wl WHERE clinic_id = 'a' AND episode_id = 1 AND flag = 'rest_gap'),
  '("no session for 8 days (last on 2026-03-23)",2026-03-23,8)', 'rest_gap: detail, event date and days since');
SELECT is((SELECT row(detail, event_date, days_since)::text FROM wl WHERE clinic_id = 'a' AND episode_id = 5 AND flag = 'onset_distance_shrinking'),
  '("pain limit 3.9 km in the last 7 days, 4 km 14-20 days before 2026-03-31",2026-03-29,2)', 'onset_distance_shrinking: detail, event date, days since');
SELECT is((SELECT row(external_ref, therapist)::text FROM wl WHERE clinic_id = 'a' AND episode_id = 3 AND flag = 'ran_while_not_ready'),
  '(r3,th-1)', 'rows carry the patient reference and the therapist');
SELECT is((SELECT count(*) FROM wl WHERE source IS NULL OR source = '' OR detail IS NULL), 0::bigint, 'every row has a detail and a source');

-- ---- two clinics with the same ids: the same flags
SELECT set_eq($$ SELECT episode_id, flag, detail, event_date, days_since FROM wl WHERE clinic_id = 'b' $$,
              $$ SELECT episode_id, flag, detail, event_date, days_since FROM wl WHERE clinic_id = 'a' $$,
  'clinic b (same ids, same rows) gets exactly clinic a''s flags');
SELECT is((SELECT count(*) FROM wl WHERE clinic_id = 'a'), (SELECT count(*) FROM wl WHERE clinic_id = 'b'),
  'and as many');

-- ---- as_of before and after: nothing after as_of counts
SELECT is_empty($$ SELECT * FROM worklist('2025-12-31') $$, 'as_of before every first visit: no active episode, no flag');
SELECT is_empty($$ SELECT * FROM worklist('2026-03-30') WHERE clinic_id = 'a' AND (episode_id, flag) IN ((1, 'rest_gap'), (11, 'acwr_high'), (13, 'morning_pain_not_settled')) $$,
  'as_of D-1: 7 days since the last session, the D run not yet there (ACWR 1), the D-1 session''s next morning not yet come');
SELECT set_eq($$ SELECT flag FROM worklist('2026-03-30') WHERE clinic_id = 'a' AND episode_id = 20 $$,
  ARRAY['rest_gap', 'outcome_overdue'], 'as_of D-1: the episode discharged on D-1 is still active (its 19-day rest gap flagged)');
SELECT set_eq($$ SELECT episode_id FROM worklist('2026-04-08') WHERE clinic_id = 'a' AND flag = 'rest_gap' AND episode_id IN (1, 2) $$,
  ARRAY[1, 2]::bigint[], 'as_of D+8: both rest gaps are flagged');
SELECT is((SELECT detail FROM worklist('2026-03-30') WHERE clinic_id = 'a' AND episode_id = 17 AND flag = 'low_adherence'),
  'home program 2 of 6.0 prescribed sessions done in the last 14 days (33 %)',
  'as_of D-1: runner 17 had done 2 of 6 (the D session not yet): flagged then');
SELECT is_empty($$ SELECT * FROM worklist(NULL) $$, 'NULL as_of: no rows');

-- ---- the view and row-level security
SELECT is((SELECT count(*) FROM worklist_today), (SELECT count(*) FROM worklist(current_date)), 'worklist_today = worklist(current_date)');
CREATE ROLE kr_wl_clinician_a;
SELECT grant_clinic_access('kr_wl_clinician_a', 'a', 'rows');
-- (pgTAP's bookkeeping belongs to the session user: read as the role into
-- a temp table, check it afterwards.)
CREATE TEMP TABLE wl_seen (role text, clinic_id text, sqlstate text);
GRANT INSERT ON wl_seen TO PUBLIC;
SET LOCAL ROLE kr_wl_clinician_a;
INSERT INTO wl_seen SELECT 'clinician', clinic_id, NULL FROM worklist('2026-03-31');
RESET ROLE;
CREATE ROLE kr_wl_analyst;
SELECT grant_clinic_access('kr_wl_analyst', 'a', 'aggregates');
SET LOCAL ROLE kr_wl_analyst;
DO $$
BEGIN
  PERFORM * FROM knee_rehab.worklist('2026-03-31');
  INSERT INTO wl_seen VALUES ('analyst', NULL, '00000');
EXCEPTION WHEN OTHERS THEN
  INSERT INTO wl_seen VALUES ('analyst', NULL, SQLSTATE);
END
$$;
RESET ROLE;
SELECT set_eq($$ SELECT DISTINCT clinic_id FROM wl_seen WHERE role = 'clinician' $$, ARRAY['a'], 'a clinician of clinic a sees only clinic a''s flags');
SELECT is((SELECT count(*) FROM wl_seen WHERE role = 'clinician'), (SELECT count(*) FROM wl WHERE clinic_id = 'a'), 'all of them');
SELECT is((SELECT sqlstate FROM wl_seen WHERE role = 'analyst'), '42501', 'an analyst (aggregates only) cannot read the worklist (row-level): 42501');

-- worklist(as_of, clinic): one clinic's rows (the form Citus runs on that
-- clinic's shard), NULL = every clinic; clinics a and b share every id.
SELECT results_eq($$ SELECT * FROM worklist('2026-03-31', 'b') $$,
                  $$ SELECT * FROM worklist('2026-03-31') WHERE clinic_id = 'b' $$,
                  'worklist(D, ''b''): exactly clinic b''s rows of worklist(D), in the same order');
SELECT results_eq($$ SELECT * FROM worklist('2026-03-31', NULL) $$, $$ SELECT * FROM worklist('2026-03-31') $$,
                  'worklist(D, NULL) = worklist(D): every clinic, one query');
SELECT is_empty($$ SELECT * FROM worklist(NULL, 'a') $$, 'worklist(NULL, clinic): no rows');
-- The session's levels reach the one-clinic form: runner 3's bend (30
-- degrees, pain 1) is ready with pain_free_nrs 1, so its run is no longer
-- flagged ran_while_not_ready.
SET LOCAL knee_rehab.pain_free_nrs = 1;
SELECT is((SELECT count(*) FROM worklist('2026-03-31', 'a') WHERE episode_id = 3 AND flag = 'ran_while_not_ready'), 0::bigint,
          'worklist(D, ''a'') reads the session''s pain_free_nrs (1: runner 3''s bend with pain 1 is ready)');
RESET knee_rehab.pain_free_nrs;

SELECT * FROM finish();
ROLLBACK;
