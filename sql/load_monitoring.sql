-- Load monitoring: pain_monitor, ewma_acwr / ewma_loads, load_monitoring.
-- Every expected number is worked out by hand in the comment above it.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

-- ---------------------------------------------------------------- pain_monitor
-- Thomee 1997 / Silbernagel 2007: during 0-2 safe, (2, 5] acceptable,
-- > 5 excessive; next morning above baseline -> excessive.
SELECT d AS during, m AS morning, b AS baseline,
       knee_rehab.pain_monitor(d, m, b) AS verdict
  FROM (VALUES (0::float8, 0::float8, 0::float8),   -- safe
               (2, 0, 0),       -- safe (upper limit of safe)
               (2.5, 0, 0),     -- acceptable: non-integer above 2
               (3, 0, 0),       -- acceptable
               (5, 2, 2),       -- acceptable: morning back to baseline 2
               (5.1, 0, 0),     -- excessive: during > 5
               (10, 0, 0),      -- excessive
               (1, 1, 0),       -- excessive: morning 1 above baseline 0
               (1, 3, 2),       -- excessive: morning 3 above baseline 2
               (1, 1, 2),       -- safe: morning below baseline
               (4, NULL, 0),    -- acceptable: morning not recorded, judged on during
               (NULL, 2, 0),    -- excessive: no during pain, morning above baseline
               (NULL, 0, 0),    -- NULL: nothing to judge
               (NULL, NULL, 0), -- NULL
               (1, 1, NULL))    -- excessive: baseline not recorded counts as 0
       AS v(d, m, b);
-- The default baseline is 0.
SELECT knee_rehab.pain_monitor(1, 0) AS safe, knee_rehab.pain_monitor(1, 0.5) AS excessive;
-- Out of 0-10, NaN, Infinity: 22003 naming the argument.
SELECT knee_rehab.pain_monitor(-0.1, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.pain_monitor(10.5, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.pain_monitor(1, 'NaN');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.pain_monitor(1, 0, 'Infinity');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.pain_monitor(NULL, 11);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- ---------------------------------------------------------------- ewma_acwr
-- lambda_a = 2/(7+1) = 0.25, lambda_c = 2/(28+1) = 2/29.
-- Loads: Jan 1: 10; Jan 2: no row (0); Jan 3: 4 + 2 = 6 (two sessions);
-- Jan 4-6: no rows; Jan 7: 8.
--  Jan 1: A = C = 10 (both start at the first day's load), ratio 1.
--  Jan 3 (2 days later): A = 10*0.75^2 + 0.25*6 = 5.625 + 1.5 = 7.125
--         C = 10*(27/29)^2 + (2/29)*6 = 7290/841 + 348/841 = 7638/841
--           = 9.082045184304...
--         ratio = 7.125 * 841 / 7638 = 0.784514925373...
--  Jan 7 (4 days later): A = 7.125*0.75^4 + 0.25*8 = 2.25439453125 + 2 = 4.25439453125
--         C = (7638/841)*(27/29)^4 + (2/29)*8 = 4387324742/594823321 = 7.375845208328...
--         ratio = 0.576800951089...
-- Both rows of Jan 3 get the Jan 3 value (RANGE mode: peers are in the frame).
SELECT day, load,
       round(knee_rehab.ewma_acwr(day, load) OVER w::numeric, 12) AS acwr,
       round((knee_rehab.ewma_loads(day, load) OVER w)[1]::numeric, 12) AS acute,
       round((knee_rehab.ewma_loads(day, load) OVER w)[2]::numeric, 12) AS chronic
  FROM (VALUES (date '2026-01-01', 10::float8), ('2026-01-03', 4), ('2026-01-03', 2),
               ('2026-01-07', 8)) AS v(day, load)
WINDOW w AS (ORDER BY day)
 ORDER BY day, load;
-- Several sessions on the first day add up: 3 + 7 on Jan 1 is the same as 10.
SELECT round(knee_rehab.ewma_acwr(day, load ORDER BY day)::numeric, 12) AS acwr_0_576800951089
  FROM (VALUES (date '2026-01-01', 3::float8), ('2026-01-01', 7), ('2026-01-03', 6),
               ('2026-01-07', 8)) AS v(day, load);
-- Zero-load rows are ordinary days: adding Jan 2 and Jan 5 with 0 changes nothing.
SELECT round(knee_rehab.ewma_acwr(day, load ORDER BY day)::numeric, 12) AS acwr_0_576800951089
  FROM (VALUES (date '2026-01-01', 10::float8), ('2026-01-02', 0), ('2026-01-03', 6),
               ('2026-01-05', 0), ('2026-01-07', 8)) AS v(day, load);
-- Partitions that start on different days: episode 2 starts on Jan 10 with 8,
-- then 4 on Jan 12: A = 8*0.75^2 + 0.25*4 = 4.5 + 1 = 5.5,
-- C = 8*(27/29)^2 + (2/29)*4 = 5832/841 + 232/841 = 6064/841,
-- ratio = 5.5 * 841 / 6064 = 0.762780343008 (episode 1's rows do not matter).
SELECT episode, day,
       round(knee_rehab.ewma_acwr(day, load) OVER (PARTITION BY episode ORDER BY day)::numeric, 12) AS acwr
  FROM (VALUES (1, date '2026-01-01', 10::float8), (2, '2026-01-10', 8), (1, '2026-01-03', 6),
               (2, '2026-01-12', 4), (1, '2026-01-07', 8)) AS v(episode, day, load)
 ORDER BY episode, day;
-- A long gap decays both averages in closed form, (1 - lambda)^k:
-- 10 on day 0 and 0 on day 1000: ratio = (0.75 / (27/29))^1000 = (29/36)^1000
-- = 10^(1000 * log10(29/36)) = 10^-93.9; A and C underflow to nothing.
SELECT knee_rehab.ewma_acwr(day, load ORDER BY day) BETWEEN 1e-94 AND 2e-94 AS tiny_ratio
  FROM (VALUES (date '2026-01-01', 10::float8), (date '2026-01-01' + 1000, 0)) AS v(day, load);
-- NULL when the chronic average is 0 (no load yet) and for no rows; NULL
-- loads and days are not rows (the aggregate is strict).
SELECT knee_rehab.ewma_acwr(day, load ORDER BY day) IS NULL AS all_zero_is_null
  FROM (VALUES (date '2026-01-01', 0::float8), ('2026-01-02', 0)) AS v(day, load);
SELECT knee_rehab.ewma_acwr(day, load) IS NULL AS no_rows_is_null
  FROM (VALUES (date '2026-01-01', 1::float8)) AS v(day, load) WHERE false;
SELECT round(knee_rehab.ewma_acwr(day, load ORDER BY day)::numeric, 12) AS acwr_0_784514925373
  FROM (VALUES (date '2026-01-01', 10::float8), ('2026-01-02', NULL), (NULL, 100),
               ('2026-01-03', 6)) AS v(day, load);
-- Rows out of day order: an ERROR saying the input must be ordered by day.
SELECT knee_rehab.ewma_acwr(day, load)
  FROM (VALUES (date '2026-01-03', 1::float8), ('2026-01-01', 1)) AS v(day, load);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Negative, NaN and infinite loads, infinite days.
SELECT knee_rehab.ewma_acwr(day, load) OVER (ORDER BY day)
  FROM (VALUES (date '2026-01-01', -1::float8)) AS v(day, load);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.ewma_acwr(day, load) FROM (VALUES (date '2026-01-01', 'NaN'::float8)) AS v(day, load);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.ewma_acwr(day, load) FROM (VALUES (date '2026-01-01', 'Infinity'::float8)) AS v(day, load);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.ewma_acwr(day, load) FROM (VALUES (date 'infinity', 1::float8)) AS v(day, load);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- ---------------------------------------------------------------- combine
-- Partial states built with the transition function, combined directly;
-- the result must give the Jan 7 values above whatever the argument order.
-- a = {Jan 1: 10, Jan 3: 6}, b = {Jan 7: 8}.
CREATE TEMP TABLE st AS
SELECT knee_rehab.ewma_acwr_accum(knee_rehab.ewma_acwr_accum('{0,0,0,0,0,0,0,0}', '2026-01-01', 10), '2026-01-03', 6) AS a,
       knee_rehab.ewma_acwr_accum('{0,0,0,0,0,0,0,0}', '2026-01-07', 8) AS b,
       -- split inside one day: a2 = {Jan 1: 10, Jan 3: 4}, b2 = {Jan 3: 2, Jan 7: 8}
       knee_rehab.ewma_acwr_accum(knee_rehab.ewma_acwr_accum('{0,0,0,0,0,0,0,0}', '2026-01-01', 10), '2026-01-03', 4) AS a2,
       knee_rehab.ewma_acwr_accum(knee_rehab.ewma_acwr_accum('{0,0,0,0,0,0,0,0}', '2026-01-03', 2), '2026-01-07', 8) AS b2,
       -- split inside the first day: a3 = {Jan 1: 3}, b3 = {Jan 1: 7, Jan 3: 6, Jan 7: 8}
       knee_rehab.ewma_acwr_accum('{0,0,0,0,0,0,0,0}', '2026-01-01', 3) AS a3,
       knee_rehab.ewma_acwr_accum(knee_rehab.ewma_acwr_accum(knee_rehab.ewma_acwr_accum('{0,0,0,0,0,0,0,0}', '2026-01-01', 7), '2026-01-03', 6), '2026-01-07', 8) AS b3;
-- The state of a: 2 rows, Jan 1 = day 9497 since 2000-01-01, Jan 3 = 9499,
-- first-day load 10, weights 0.75^2 = 0.5625 and (27/29)^2 = 729/841,
-- tails 0.25*6 = 1.5 and (2/29)*6 = 12/29.
SELECT a[1:5] AS rows_first_last_load_wa, round(a[6]::numeric, 12) AS wc_0_866825208086,
       a[7] AS tail_a, round(a[8]::numeric, 12) AS tail_c_0_413793103448 FROM st;
SELECT round(knee_rehab.ewma_acwr_final(knee_rehab.ewma_acwr_combine(a, b))::numeric, 12) AS ab,
       round(knee_rehab.ewma_acwr_final(knee_rehab.ewma_acwr_combine(b, a))::numeric, 12) AS ba,
       round(knee_rehab.ewma_acwr_final(knee_rehab.ewma_acwr_combine(a2, b2))::numeric, 12) AS same_day_split,
       round(knee_rehab.ewma_acwr_final(knee_rehab.ewma_acwr_combine(b3, a3))::numeric, 12) AS first_day_split,
       round(knee_rehab.ewma_acwr_final(knee_rehab.ewma_acwr_combine(a, '{0,0,0,0,0,0,0,0}'))::numeric, 12) AS a_and_empty,
       round(knee_rehab.ewma_acwr_final(knee_rehab.ewma_acwr_combine('{0,0,0,0,0,0,0,0}', a))::numeric, 12) AS empty_and_a,
       (SELECT array_agg(round(x::numeric, 12)) FROM unnest(knee_rehab.ewma_loads_final(knee_rehab.ewma_acwr_combine(a, b))) AS x) AS acute_chronic
  FROM st;
-- Overlapping day ranges cannot be combined.
SELECT knee_rehab.ewma_acwr_combine(a, b3) FROM st;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- A malformed state is refused.
SELECT knee_rehab.ewma_acwr_final('{1,2,3}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- ---------------------------------------------------------------- load_monitoring
-- Fixture.  Episode 1: a 5 km run every day Jan 1-28, then Jan 29 a 25 km
-- run (pain during 4, next morning 1, before 1: acceptable) and a strength
-- session 2 x 15 x 10 kg = 300 kg (pain during 1, next morning 2, before
-- 0: excessive); a small knee bend on Feb 3 (30 deg, pain 0); a strength
-- session 3 x 10 x 20 kg = 600 kg on Feb 8.  Episode 2: 8 km on Jan 10,
-- 4 km and a 30-minute run without distance on Jan 12.
INSERT INTO knee_rehab.patient (patient_id, clinic_id) VALUES (1, 'c1'), (2, 'c1');
INSERT INTO knee_rehab.episode (episode_id, clinic_id, patient_id, first_visit)
VALUES (1, 'c1', 1, '2026-01-01'), (2, 'c1', 2, '2026-01-10');
INSERT INTO knee_rehab.load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during)
SELECT 'c1', 1, d::date, 'run', 5, 2 FROM generate_series(date '2026-01-01', '2026-01-28', '1 day') AS d;
INSERT INTO knee_rehab.load_session (clinic_id, episode_id, session_date, kind, distance_km, duration_min,
                                     sets, reps, load_kg, pain_before, pain_during, pain_next_morning)
VALUES ('c1', 1, '2026-01-29', 'run', 25, 150, NULL, NULL, NULL, 1, 4, 1),
       ('c1', 1, '2026-01-29', 'strength', NULL, NULL, 2, 15, 10, 0, 1, 2),
       ('c1', 1, '2026-02-08', 'strength', NULL, NULL, 3, 10, 20, NULL, NULL, NULL),
       ('c1', 2, '2026-01-10', 'run', 8, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
       ('c1', 2, '2026-01-12', 'run', 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
       ('c1', 2, '2026-01-12', 'run', NULL, 30, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO knee_rehab.knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
VALUES ('c1', 1, '2026-01-01 09:00+00', 'small_knee_bend', 20, 2),
       ('c1', 1, '2026-01-29 09:00+00', 'heel_on_squat', NULL, 3),
       ('c1', 1, '2026-02-03 09:00+00', 'small_knee_bend', 30, 0);
-- Loads, pain and rest gaps.
--  Jan 1: first day, no previous session; safe (pain 2); knee bend 20 deg, pain 2 > 0.
--  Jan 29: 2 sessions, 25 km + 150 min run, 300 kg; worst verdict excessive, max pain 4.
--  Feb 3: test only: no load, 5 days since Jan 29, knee bend pain-free.
--  Feb 8: 600 kg; 10 days since Jan 29 > 7: rest gap.
SELECT episode_id, day, sessions, run_km, run_min, strength_volume_kg,
       days_since_previous_session AS since, rest_gap, pain_during_max, pain_response,
       knee_bend_angle_deg, knee_bend_pain_free
  FROM knee_rehab.load_monitoring
 WHERE day IN ('2026-01-01', '2026-01-02', '2026-01-29', '2026-02-03', '2026-02-08')
    OR episode_id = 2
 ORDER BY episode_id, day;
-- Ratios and spikes.
--  Jan 1-28, 5 km/day: every EWMA is 5, ratio 1.  Rolling ratios NULL
--   until Jan 28 (27 days after the first run), then (35/7)/(140/28) = 1
--   and uncoupled (35/7)/(105/21) = 1.
--  Jan 29, 25 km: A = 0.25*25 + 0.75*5 = 10, C = (2/29)*25 + (27/29)*5 = 185/29,
--   EWMA ratio = 290/185 = 1.567567567568 -> spike;
--   rolling (Jan 23-29 = 6*5+25 = 55)/7 over (Jan 2-29 = 27*5+25 = 160)/28 = 1.375;
--   uncoupled (55/7) / (Jan 2-22 = 21*5 = 105)/21 = 11/7 = 1.571428571429;
--   longest run of Dec 30 - Jan 28 = 5 km, 25 > 5.5: single-run spike.
--  Jan 2: 5 km vs 5 km the day before: not > 5.5, no single-run spike.
--  Feb 3 (5 days without load): ratio = (290/185) * ((3/4)/(27/29))^5
--   = (58/37) * (29/36)^5 = 0.531745416577; A = 10*0.75^5 = 2.373046875,
--   rolling: acute Jan 28-Feb 3 = 5+25 = 30, chronic Jan 7-Feb 3 = 22*5+25 = 135:
--   (30/7)/(135/28) = 120/135 = 0.888888888889; uncoupled: chronic Jan 7-27
--   = 21*5 = 105 -> (30/7)/5 = 0.857142857143.
--  Feb 8 (10 days): (58/37) * (29/36)^10 = 0.180377033757; rolling acute
--   Feb 2-8 = 0 -> 0, uncoupled 0.
--  Episode 2 (Jan 10: 8, Jan 12: 4): 1 then 0.762780343008, rolling NULL.
SELECT episode_id, day, round(ewma_acute_km::numeric, 9) AS acute,
       round(acwr_ewma::numeric, 12) AS ewma, round(acwr_rolling::numeric, 12) AS rolling,
       round(acwr_uncoupled::numeric, 12) AS uncoupled, acwr_spike,
       longest_run_km AS longest, longest_run_prev_30d_km AS prev_30d, single_run_spike
  FROM knee_rehab.load_monitoring
 WHERE day IN ('2026-01-01', '2026-01-02', '2026-01-27', '2026-01-28', '2026-01-29',
               '2026-02-03', '2026-02-08')
    OR episode_id = 2
 ORDER BY episode_id, day;
-- The small knee bend follows knee_rehab.pain_free_nrs: with 2, Jan 1 (pain 2) is pain-free.
SET knee_rehab.pain_free_nrs = 2;
SELECT day, knee_bend_pain_free FROM knee_rehab.load_monitoring
 WHERE episode_id = 1 AND knee_bend_angle_deg IS NOT NULL ORDER BY day;
RESET knee_rehab.pain_free_nrs;
-- One row per episode and day with a session or a test: 28 + 1 + 1 + 1 and 2.
SELECT episode_id, count(*) AS days FROM knee_rehab.load_monitoring GROUP BY episode_id ORDER BY 1;
DELETE FROM knee_rehab.patient WHERE clinic_id = 'c1';
