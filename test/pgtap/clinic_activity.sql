-- clinic_activity and episode_outcome's issue-16 columns: a hand-written
-- fixture (clinics a and b with the same patient and episode ids), every
-- number worked out by hand beside the query; suppression at
-- min_cell_size 3 (a primary and a complementary cell); readers: a
-- clinician with 'rows' on a, an analyst with 'aggregates' on a and b.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(29);
SET LOCAL knee_rehab.min_cell_size = 3;

-- ---------------------------------------------------------------- fixture
-- Clinic a (episode: first visit, discharge (days), reason, therapist):
--   1 2026-01-05  2026-02-04 (30)  recovered        th1
--   2 2026-01-10  2026-02-19 (40)  referred         th1
--   3 2026-01-20  2026-03-01 (40)  recovered        th1
--   4 2026-02-02  -                                 th2
--   5 2026-02-10  2026-03-12 (30)  self_discharged  th2
--   6 2026-03-03  -                                 th2
--   7 2026-03-05  -                                 (none)
--   8 2026-04-01  -                                 th2
-- Clinic b: episodes 1-3 (the same ids), th1, first visits 2026-01-06/07/08,
-- one test each on that day, none discharged.
INSERT INTO patient (clinic_id, patient_id, external_ref)
SELECT c, g, c || g FROM unnest(ARRAY['a', 'b']) c, generate_series(1, 8) g;
INSERT INTO episode (clinic_id, episode_id, patient_id, side, first_visit, discharged_on, discharge_reason, therapist, working_diagnosis)
VALUES ('a', 1, 1, 'left', '2026-01-05', '2026-02-04', 'recovered', 'th1', 'patellofemoral_pain'),
       ('a', 2, 2, 'left', '2026-01-10', '2026-02-19', 'referred', 'th1', 'patellar_tendinopathy'),
       ('a', 3, 3, 'left', '2026-01-20', '2026-03-01', 'recovered', 'th1', NULL),
       ('a', 4, 4, 'left', '2026-02-02', NULL, NULL, 'th2', NULL),
       ('a', 5, 5, 'left', '2026-02-10', '2026-03-12', 'self_discharged', 'th2', NULL),
       ('a', 6, 6, 'left', '2026-03-03', NULL, NULL, 'th2', NULL),
       ('a', 7, 7, 'left', '2026-03-05', NULL, NULL, NULL, NULL),
       ('a', 8, 8, 'left', '2026-04-01', NULL, NULL, 'th2', NULL),
       ('b', 1, 1, 'right', '2026-01-06', NULL, NULL, 'th1', 'other'),
       ('b', 2, 2, 'right', '2026-01-07', NULL, NULL, 'th1', NULL),
       ('b', 3, 3, 'right', '2026-01-08', NULL, NULL, 'th1', NULL);

-- Visit days (tests, measures, gait), per episode and month:
--   a1 Jan 01-05 (test, NRS+AKPS, gait), 01-20 (two tests) = 2; Feb 02-04 (NRS+AKPS) = 1
--   a2 Jan 01-10 = 1; Feb 02-19 (NRS) = 1        a3 Jan 01-20 = 1; Mar 03-01 (NRS+AKPS) = 1
--   a4 Feb 02-02, 02-16 (gait) = 2; Mar 03-02 (gait) = 1
--   a5 Feb 02-10 = 1; Mar 03-12 (NRS+AKPS) = 1    a6 Mar 03-03 = 1 (test 02-25 before the first visit: ignored)
--   a7 Mar 03-05 = 1                               a8 Apr 04-01 = 1
--   a: Jan 4, Feb 5, Mar 5, Apr 1 = 15 visits.   b: 3 visits in Jan.
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
VALUES ('a', 1, '2026-01-05 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 1, '2026-01-20 10:00+00', 'small_knee_bend', 25, 2),
       ('a', 1, '2026-01-20 10:05+00', 'heel_on_squat', NULL, 2),
       ('a', 2, '2026-01-10 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 3, '2026-01-20 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 4, '2026-02-02 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 5, '2026-02-10 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 6, '2026-02-25 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 6, '2026-03-03 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 7, '2026-03-05 10:00+00', 'small_knee_bend', 20, 3),
       ('a', 8, '2026-04-01 10:00+00', 'small_knee_bend', 20, 3),
       ('b', 1, '2026-01-06 10:00+00', 'small_knee_bend', 20, 3),
       ('b', 2, '2026-01-07 10:00+00', 'small_knee_bend', 20, 3),
       ('b', 3, '2026-01-08 10:00+00', 'small_knee_bend', 20, 3);
-- PROMs: a1, a3, a5 have two NRS and two AKPS (complete); a2 two NRS, one AKPS (not).
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
VALUES ('a', 1, '2026-01-05', 'nrs_pain', 5), ('a', 1, '2026-01-05', 'akps', 60),
       ('a', 1, '2026-02-04', 'nrs_pain', 1), ('a', 1, '2026-02-04', 'akps', 85),
       ('a', 2, '2026-01-10', 'nrs_pain', 5), ('a', 2, '2026-01-10', 'akps', 60),
       ('a', 2, '2026-02-19', 'nrs_pain', 4),
       ('a', 3, '2026-01-20', 'nrs_pain', 5), ('a', 3, '2026-01-20', 'akps', 60),
       ('a', 3, '2026-03-01', 'nrs_pain', 2), ('a', 3, '2026-03-01', 'akps', 80),
       ('a', 5, '2026-02-10', 'nrs_pain', 5), ('a', 5, '2026-02-10', 'akps', 60),
       ('a', 5, '2026-03-12', 'nrs_pain', 2), ('a', 5, '2026-03-12', 'akps', 80);
-- Gait: a4 cadence 160 then 168 spm: +8/160 = +5 %; a1 one assessment (no change);
-- b1 150 then 165 (+10 %).
INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, cadence_spm)
VALUES ('a', 1, '2026-01-05', 160), ('a', 4, '2026-02-16', 160), ('a', 4, '2026-03-02', 168),
       ('b', 1, '2026-01-06', 150), ('b', 1, '2026-01-06', 165);
-- Equipment: a1 two changes, b1 one.
INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind)
VALUES ('a', 1, '2026-01-05', 'shoes'), ('a', 1, '2026-01-20', 'taping'), ('b', 1, '2026-01-06', 'shoes');
-- a4's last contact: a session on 2026-02-15 (last_contact = 02-15).
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, duration_min)
VALUES ('a', 4, '2026-02-15', 'other', 30);

-- Home program (adherence = done / prescribed over the episode):
--   a1: 2/week from 01-05, open; window 01-05 .. discharge 02-04 = 31 days:
--       prescribed 2 x 31 / 7 = 62/7; done 6 (a 7th on 02-10, after discharge,
--       not counted): 600 / (62/7) = 4200/62 = 67.741935484 %
--   a2: 3/week 01-10 .. 01-23 = 14 days: 6 prescribed, 3 done = 50 %; a second
--       prescription from 03-01 (after the discharge 02-19): 0 prescribed, its
--       log row on 03-02 not counted
--   a4: 2/week from 02-02, open; window 02-02 .. last contact 02-15 = 14 days:
--       4 prescribed, 1 done = 25 %
--   a5: 1/week from 02-10, open; window 02-10 .. 03-12 = 31 days: 31/7
--       prescribed, 4 done: 400 x 7 / 31 = 90.322580645 %
--   b1: 1/week 01-06 .. 01-06 (1 day): 1/7 prescribed (< 1): adherence NULL
INSERT INTO home_exercise (clinic_id, episode_id, exercise_id, exercise, sets, reps, sessions_per_week, start_date, end_date)
VALUES ('a', 1, 1, 'glute_bridge', 3, 10, 2, '2026-01-05', NULL),
       ('a', 2, 2, 'glute_bridge', 3, 10, 3, '2026-01-10', '2026-01-23'),
       ('a', 2, 3, 'monster_walk', 3, 10, 3, '2026-03-01', NULL),
       ('a', 4, 4, 'glute_bridge', 3, 10, 2, '2026-02-02', NULL),
       ('a', 5, 5, 'glute_bridge', 3, 10, 1, '2026-02-10', NULL),
       ('b', 1, 1, 'glute_bridge', 3, 10, 1, '2026-01-06', '2026-01-06');
INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on)
SELECT 'a', 1, 1, d::date FROM unnest(ARRAY['2026-01-06', '2026-01-09', '2026-01-13', '2026-01-20', '2026-01-27', '2026-02-03', '2026-02-10']) d
UNION ALL SELECT 'a', 2, 2, d::date FROM unnest(ARRAY['2026-01-11', '2026-01-15', '2026-01-20']) d
UNION ALL SELECT 'a', 2, 3, '2026-03-02'
UNION ALL SELECT 'a', 4, 4, '2026-02-05'
UNION ALL SELECT 'a', 5, 5, d::date FROM unnest(ARRAY['2026-02-12', '2026-02-20', '2026-02-27', '2026-03-06']) d
UNION ALL SELECT 'b', 1, 1, '2026-01-06';

-- ---------------------------------------------------------------- episode_outcome's issue-16 columns

SELECT results_eq($$
  SELECT clinic_id, episode_id, working_diagnosis, therapist, discharge_reason,
         round(adherence_pct::numeric, 9), cadence_change_pct, equipment_changes
    FROM episode_outcome WHERE episode_id IN (1, 2, 4, 5) ORDER BY clinic_id, episode_id $$,
  $$ VALUES ('a', 1::bigint, 'patellofemoral_pain', 'th1', 'recovered', 67.741935484, NULL::float8, 2::bigint),
            ('a', 2::bigint, 'patellar_tendinopathy', 'th1', 'referred', 50.000000000, NULL, 0),
            ('a', 4::bigint, NULL, 'th2', NULL, 25.000000000, 5, 0),
            ('a', 5::bigint, NULL, 'th2', 'self_discharged', 90.322580645, NULL, 0),
            ('b', 1::bigint, 'other', 'th1', NULL, NULL, 10, 1),
            ('b', 2::bigint, NULL, 'th1', NULL, NULL, NULL, 0) $$,
  'episode_outcome: diagnosis, therapist, discharge reason, adherence (done / prescribed over the episode), cadence change, equipment changes, by hand');
SELECT is((SELECT adherence_pct FROM episode_outcome WHERE clinic_id = 'a' AND episode_id = 1), 4200 / 62.0::float8,
          'a1 adherence is exactly 100 x 6 / (2 x 31 / 7)');
SELECT is((SELECT count(*) FROM episode_outcome WHERE adherence_pct IS NOT NULL), 4::bigint,
          'adherence only where at least one session was prescribed (a1, a2, a4, a5; not a3 without a program, nor b1 with 1/7)');
SELECT results_eq($$ SELECT clinic_id, episode_id, adherence_pct, cadence_change_pct, equipment_changes, therapist
                       FROM episode_outcome ORDER BY 1, 2 $$,
                  $$ SELECT clinic_id, episode_id, adherence_pct, cadence_change_pct, equipment_changes, therapist
                       FROM episode_outcome_all ORDER BY 1, 2 $$,
                  'episode_outcome_all has the same new columns');
SELECT is(home_sessions_prescribed(2, '2026-01-05', NULL, '2026-01-05', '2026-02-04'), 62 / 7.0::float8,
          'home_sessions_prescribed: 2/week over 31 days = 62/7');
SELECT is(home_sessions_prescribed(3, '2026-03-01', NULL, '2026-01-10', '2026-02-19'), 0::float8,
          'home_sessions_prescribed: a prescription starting after the window prescribes 0');
SELECT throws_ok($$ SELECT home_sessions_prescribed(0, '2026-01-05', NULL, '2026-01-05', '2026-02-04') $$, '22003',
                 'home_sessions_prescribed: sessions_per_week must be greater than 0 and at most 21',
                 'home_sessions_prescribed: 0 sessions a week is 22003 (the table''s rule)');
SELECT throws_ok($$ SELECT home_sessions_prescribed(22, '2026-01-05', NULL, '2026-01-05', '2026-02-04') $$, '22003',
                 NULL, 'home_sessions_prescribed: 22 sessions a week is 22003');
SELECT throws_ok($$ SELECT home_sessions_prescribed(2, '2026-01-05', NULL, '2026-02-04', '2026-01-05') $$, '22023',
                 'home_sessions_prescribed: window_to must not be before window_from',
                 'home_sessions_prescribed: a backwards window is 22023');

-- ---------------------------------------------------------------- clinic_activity, as a superuser (no 'rows' reader: every line applies)

SELECT columns_are('knee_rehab', 'clinic_activity', ARRAY['clinic_id', 'unit', 'period', 'therapist', 'suppressed', 'episodes',
  'new_episodes', 'visits', 'discharges', 'discharged_recovered', 'discharged_self_discharged', 'discharged_referred',
  'discharged_lost_to_follow_up', 'discharged_other', 'discharged_reason_not_recorded', 'prom_complete', 'prom_completion_pct',
  'median_episode_days', 'median_adherence_pct']);
SELECT is((SELECT array_to_string(reloptions, ',') || ':' || has_table_privilege('public', oid, 'SELECT')
             FROM pg_class WHERE oid = 'knee_rehab.clinic_activity'::regclass),
          'security_barrier=true:true', 'aggregate-only: security_barrier, owner''s rights (not security_invoker), granted to PUBLIC');

-- Months of a (min_cell_size 3):
--   Jan: episodes seen 1, 2, 3 = 3; new 3; visits 4; no discharge
--   Feb: seen 1, 2 (discharged), 4, 5 (new), 1/2/4/5 visits = 4; new 2; visits 1+1+2+1 = 5;
--        discharges a1 recovered (30 d, PROM complete, 67.74 %), a2 referred (40 d, incomplete, 50 %):
--        PROM 1/2 = 50 %, median 35 days, median adherence (67.741935484 + 50) / 2 = 58.870967742
--   Mar: seen 3, 5 (discharged), 4 (visit), 6, 7 (new) = 5; new 2; visits 5;
--        discharges a3 recovered (40 d, complete, no program), a5 self_discharged (30 d, complete, 90.32 %):
--        PROM 2/2 = 100 %, median 35 days, median adherence 90.322580645
--   Apr: seen 8 = 1 < 3: suppressed; the line's only suppressed cell, so the
--        smallest shown month, Jan (3), is suppressed too (1 + 3 = 4 >= 3).
--   Feb and Mar have 2 discharges each, fewer than min_cell_size 3: their
--   PROM completion and medians are NULL (a median of so few discharges is
--   near an episode's own figure); checked at min_cell_size 1 below.
SELECT results_eq($$
  SELECT period, suppressed, episodes, new_episodes, visits, discharges, discharged_recovered, discharged_referred,
         discharged_self_discharged, prom_complete, prom_completion_pct, median_episode_days,
         round(median_adherence_pct::numeric, 9)
    FROM clinic_activity WHERE clinic_id = 'a' AND unit = 'month' ORDER BY period $$,
  $$ VALUES ('2026-01-01'::date, true, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::float8, NULL::float8, NULL::numeric),
            ('2026-02-01', false, 4, 2, 5, 2, 1, 1, 0, 1, NULL, NULL, NULL),
            ('2026-03-01', false, 5, 2, 5, 2, 1, 0, 1, 2, NULL, NULL, NULL),
            ('2026-04-01', true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) $$,
  'clinic a by month: figures by hand; April (1 episode) suppressed, January (3) as its complement');
-- Therapists of a: th1 = 1, 2, 3 (3 episodes), th2 = 4, 5, 6, 8 (4), not recorded = 7 (1 < 3: suppressed);
-- th1 (the smallest shown) suppressed as its complement; the clinic total (8) stays (4 suppressed >= 3).
-- th2: new 4; visits a4 3 + a5 2 + a6 1 + a8 1 = 7; one discharge (a5: self_discharged, 30 d, PROM complete, 90.32 %).
-- Clinic a: 8 episodes, 8 new, 15 visits, 4 discharges (recovered 2, referred 1, self 1), PROM 3/4 = 75 %,
-- median days of 30, 40, 40, 30 = 35, median adherence of 67.74, 50, 90.32 = 67.741935484.
SELECT results_eq($$
  SELECT unit, therapist, suppressed, episodes, new_episodes, visits, discharges, discharged_recovered, discharged_referred,
         discharged_self_discharged, discharged_lost_to_follow_up, discharged_other, discharged_reason_not_recorded,
         prom_complete, prom_completion_pct, median_episode_days, round(median_adherence_pct::numeric, 9)
    FROM clinic_activity WHERE clinic_id = 'a' AND unit <> 'month' ORDER BY unit, therapist $$,
  $$ VALUES ('clinic', NULL::text, false, 8::bigint, 8::bigint, 15::bigint, 4::bigint, 2::bigint, 1::bigint, 1::bigint, 0::bigint, 0::bigint, 0::bigint, 3::bigint, 75::float8, 35::float8, 67.741935484),
            ('therapist', 'not recorded', true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            ('therapist', 'th1', true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            ('therapist', 'th2', false, 4, 4, 7, 1, 0, 0, 1, 0, 0, 0, 1, NULL, NULL, NULL) $$,
  'clinic a total and by therapist: figures by hand; "not recorded" (1) suppressed, th1 (3) as its complement; th2''s one discharge: no median');
-- Clinic b (the same episode ids): 3 episodes of th1, first visits and the
-- only visits in January, no discharge: no figure of a leaks into b.
SELECT results_eq($$
  SELECT unit, period, therapist, suppressed, episodes, new_episodes, visits, discharges, prom_completion_pct, median_episode_days
    FROM clinic_activity WHERE clinic_id = 'b' ORDER BY unit, period $$,
  $$ VALUES ('clinic', NULL::date, NULL::text, false, 3::bigint, 3::bigint, 3::bigint, 0::bigint, NULL::float8, NULL::float8),
            ('month', '2026-01-01', NULL, false, 3, 3, 3, 0, NULL, NULL),
            ('therapist', NULL, 'th1', false, 3, 3, 3, 0, NULL, NULL) $$,
  'clinic b: its own 3 episodes only (same ids as a)');
SELECT is_empty($$ SELECT 1 FROM clinic_activity WHERE suppressed
                     AND num_nonnulls(episodes, new_episodes, visits, discharges, discharged_recovered, discharged_self_discharged,
                                      discharged_referred, discharged_lost_to_follow_up, discharged_other,
                                      discharged_reason_not_recorded, prom_complete, prom_completion_pct,
                                      median_episode_days, median_adherence_pct) > 0 $$,
                'a suppressed cell has no figure');
-- Independent check of the visits: distinct (episode, day) from the three tables, from the first visit on.
SELECT is((SELECT visits FROM clinic_activity WHERE clinic_id = 'a' AND unit = 'clinic'),
          (SELECT count(*) FROM (SELECT clinic_id, episode_id, (tested_at AT TIME ZONE 'UTC')::date FROM knee_test
                                 UNION SELECT clinic_id, episode_id, measured_on FROM outcome_measure
                                 UNION SELECT clinic_id, episode_id, assessed_on FROM gait_assessment) AS v (c, e, d)
             JOIN episode AS x ON x.clinic_id = v.c AND x.episode_id = v.e
            WHERE v.c = 'a' AND v.d >= x.first_visit),
          'clinic a''s visits equal a direct count of distinct visit days (15)');
-- At min_cell_size 1 nothing is suppressed: the months add up to the clinic's new episodes and visits.
SET LOCAL knee_rehab.min_cell_size = 1;
SELECT is((SELECT count(*) FILTER (WHERE suppressed) FROM clinic_activity), 0::bigint, 'min_cell_size 1: nothing suppressed');
SELECT results_eq($$ SELECT clinic_id, sum(new_episodes)::bigint, sum(visits)::bigint, sum(discharges)::bigint
                       FROM clinic_activity WHERE unit = 'month' GROUP BY clinic_id ORDER BY 1 $$,
                  $$ SELECT clinic_id, new_episodes, visits, discharges FROM clinic_activity WHERE unit = 'clinic' ORDER BY 1 $$,
                  'the months add up to the clinic row (new episodes, visits, discharges)');
SELECT results_eq($$ SELECT clinic_id, sum(episodes)::bigint FROM clinic_activity WHERE unit = 'therapist' GROUP BY clinic_id ORDER BY 1 $$,
                  $$ SELECT clinic_id, episodes FROM clinic_activity WHERE unit = 'clinic' ORDER BY 1 $$,
                  'the therapists'' episodes add up to the clinic''s');
SELECT is((SELECT round(median_adherence_pct::numeric, 9) FROM clinic_activity WHERE clinic_id = 'a' AND unit = 'therapist' AND therapist = 'th1'),
          58.870967742, 'th1 (a1 67.74 %, a2 50 %, a3 no program): median adherence 58.870967742');
-- The discharge figures of the small cells, by hand (above): Feb, Mar, th2.
SELECT results_eq($$
  SELECT coalesce(period::text, therapist), prom_completion_pct, median_episode_days, round(median_adherence_pct::numeric, 9)
    FROM clinic_activity WHERE clinic_id = 'a' AND (period IN ('2026-02-01', '2026-03-01') OR therapist = 'th2') ORDER BY 1 $$,
  $$ VALUES ('2026-02-01', 50::float8, 35::float8, 58.870967742), ('2026-03-01', 100, 35, 90.322580645),
            ('th2', 100, 30, 90.322580645) $$,
  'min_cell_size 1: the discharge figures of February, March and th2 by hand');
-- A figure over discharges needs min_cell_size of them, at any size.
SET LOCAL knee_rehab.min_cell_size = 3;
SELECT is_empty($$ SELECT 1 FROM clinic_activity WHERE (discharges IS NULL OR discharges < 3)
                     AND num_nonnulls(prom_completion_pct, median_episode_days, median_adherence_pct) > 0 $$,
                'no PROM completion or median over fewer than min_cell_size discharges');
SET LOCAL knee_rehab.min_cell_size = 3;

-- ---------------------------------------------------------------- readers
CREATE ROLE kr_test_act_clin;
CREATE ROLE kr_test_act_analyst;
CREATE ROLE kr_test_act_none;
SELECT grant_clinic_access('kr_test_act_clin', 'a', 'rows');
SELECT grant_clinic_access('kr_test_act_analyst', 'a', 'aggregates');
SELECT grant_clinic_access('kr_test_act_analyst', 'b', 'aggregates');
CREATE FUNCTION pg_temp.act_seen(who text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('kr_test.' || who || '_cells',
    coalesce((SELECT string_agg(clinic_id || ':' || unit || ':' || coalesce(period::text, therapist, '-') || '='
                                || coalesce(episodes::text, 'S'), ',' ORDER BY clinic_id, unit, period, therapist)
                FROM knee_rehab.clinic_activity), 'none'), true);
  BEGIN
    PERFORM count(*) FROM knee_rehab.episode;
    PERFORM set_config('kr_test.' || who || '_table', 'read', true);
  EXCEPTION WHEN insufficient_privilege THEN
    PERFORM set_config('kr_test.' || who || '_table', 'denied', true);
  END;
  BEGIN
    PERFORM count(*) FROM knee_rehab.episode_outcome_all;
    PERFORM set_config('kr_test.' || who || '_all', 'read', true);
  EXCEPTION WHEN insufficient_privilege THEN
    PERFORM set_config('kr_test.' || who || '_all', 'denied', true);
  END;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.act_seen(text) TO kr_test_act_clin, kr_test_act_analyst, kr_test_act_none;
SET LOCAL ROLE kr_test_act_clin;
SELECT pg_temp.act_seen('clin');
RESET ROLE;
SET LOCAL ROLE kr_test_act_analyst;
SELECT pg_temp.act_seen('analyst');
RESET ROLE;
SET LOCAL ROLE kr_test_act_none;
SELECT pg_temp.act_seen('none');
RESET ROLE;
SET LOCAL knee_rehab.min_cell_size = 3;

-- The clinician reads a's rows, so a is in no line: only the primary
-- suppression (April 1, not recorded 1); January and th1 are shown.
SELECT is(current_setting('kr_test.clin_cells'),
          'a:clinic:-=8,a:month:2026-01-01=3,a:month:2026-02-01=4,a:month:2026-03-01=5,a:month:2026-04-01=S,'
          'a:therapist:not recorded=S,a:therapist:th1=3,a:therapist:th2=4',
          'a clinician with ''rows'' on a: clinic a only, primary suppression only (it counts a''s cells itself)');
SELECT is(current_setting('kr_test.clin_table'), 'read', 'the clinician reads the tables (its clinic''s rows)');
-- The analyst sees a and b with the complementary suppression.
SELECT is(current_setting('kr_test.analyst_cells'),
          'a:clinic:-=8,a:month:2026-01-01=S,a:month:2026-02-01=4,a:month:2026-03-01=5,a:month:2026-04-01=S,'
          'a:therapist:not recorded=S,a:therapist:th1=S,a:therapist:th2=4,'
          'b:clinic:-=3,b:month:2026-01-01=3,b:therapist:th1=3',
          'an analyst with ''aggregates'' on a and b: both clinics, primary and complementary suppression');
SELECT is(current_setting('kr_test.analyst_table'), 'denied', 'the analyst cannot read the tables (42501)');
SELECT is(current_setting('kr_test.analyst_all'), 'denied', 'the analyst cannot read episode_outcome_all (42501)');
SELECT is(current_setting('kr_test.none_cells'), 'none', 'a role without clinic access sees no row');
SELECT is(current_setting('kr_test.none_table'), 'denied', 'a role without clinic access cannot read the tables');

SELECT * FROM finish();
ROLLBACK;
