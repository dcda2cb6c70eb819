-- ready_to_run(angle_deg, pain_nrs) and knee_bend_progress(tested_at, angle_deg, pain_nrs).
SET timezone = 'UTC';
SET extra_float_digits = 0;
-- Readiness: angle >= knee_bend_target_deg (30) and pain <= pain_free_nrs (0).
SELECT knee_rehab.ready_to_run(30, 0) AS at_target_pain_free,
       knee_rehab.ready_to_run(45, 0) AS beyond_target,
       knee_rehab.ready_to_run(29.9, 0) AS short_of_target,
       knee_rehab.ready_to_run(30, 0.5) AS some_pain,
       knee_rehab.ready_to_run(NULL, 0) IS NULL AS angle_missing,
       knee_rehab.ready_to_run(30, NULL) IS NULL AS pain_missing;
-- The settings move the thresholds.
SET knee_rehab.pain_free_nrs = 2;
SET knee_rehab.knee_bend_target_deg = 20;
SELECT knee_rehab.ready_to_run(20, 2) AS ready_at_new_limits, knee_rehab.ready_to_run(19, 0) AS short,
       knee_rehab.ready_to_run(25, 2.5) AS too_painful;
RESET knee_rehab.pain_free_nrs;
RESET knee_rehab.knee_bend_target_deg;
-- Out of range (angle 0-160, pain 0-10), NaN, Infinity: 22003.
SELECT knee_rehab.ready_to_run(-1, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.ready_to_run(160.5, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.ready_to_run(30, 10.5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.ready_to_run('NaN', 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.ready_to_run(30, '-Infinity');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- ---- knee_bend_progress.
-- Episode 1, tests at weeks 0, 1, 2, 4: angle 10, 15, 22, 31; pain 5, 4, 2, 0.
--   angle slope = Sxy/Sxx = 46.5/8.75 = 5.314285714285714 deg/week (hand)
--   pain slope  = -11.25/8.75 = -1.285714285714286 NRS/week (hand)
-- R: lm(c(10,15,22,31) ~ c(0,1,2,4)): x 5.31428571428572, confint 3.90189381986608 6.72667760870535
-- R: lm(c(5,4,2,0) ~ c(0,1,2,4)):     x -1.28571428571429, confint -1.83548708498828 -0.735941486440296
-- Angle CI above 0 and pain CI below 0: improving.  First ready (>= 30, pain 0): week 4.
CREATE TABLE kb (episode int, tested_at timestamptz, angle float8, pain float8);
INSERT INTO kb VALUES
  (1, '2024-01-01 10:00+00', 10, 5), (1, '2024-01-08 10:00+00', 15, 4),
  (1, '2024-01-15 10:00+00', 22, 2), (1, '2024-01-29 10:00+00', 31, 0);
SELECT (p).n, (p).first_tested_at, (p).last_tested_at, (p).first_angle_deg, (p).last_angle_deg,
       (p).best_pain_free_angle_deg, (p).first_ready_at, (p).trend,
       round((p).angle_slope_per_week::numeric, 12) AS angle_slope,
       round((p).angle_slope_ci_low::numeric, 10) AS angle_ci_low,
       round((p).angle_slope_ci_high::numeric, 10) AS angle_ci_high,
       round((p).pain_slope_per_week::numeric, 12) AS pain_slope,
       round((p).pain_slope_ci_low::numeric, 10) AS pain_ci_low,
       round((p).pain_slope_ci_high::numeric, 10) AS pain_ci_high
  FROM (SELECT knee_rehab.knee_bend_progress(tested_at, angle, pain) AS p FROM kb) s;
-- Looser settings: pain <= 2 counts as pain-free, target 20 degrees: the
-- week-2 test (22 deg, pain 2) is the first ready one.
SET knee_rehab.pain_free_nrs = 2;
SET knee_rehab.knee_bend_target_deg = 20;
SELECT (p).best_pain_free_angle_deg, (p).first_ready_at
  FROM (SELECT knee_rehab.knee_bend_progress(tested_at, angle, pain) AS p FROM kb) s;
RESET knee_rehab.pain_free_nrs;
RESET knee_rehab.knee_bend_target_deg;
-- Episode 2, the mirror image (angle falls, pain rises): worsening; never
-- pain-free, never ready.
-- Episode 3, angle 20, 24, 19, 22, 21 at weeks 0..4 with pain 3 throughout:
--   angle slope 0 (Sxy = -2*20 - 24 + 22 + 2*21 - 0 = 0, hand),
--   R lm(c(20,24,19,22,21) ~ c(0:4)): confint -2.23527682396764 2.23527682396764
--   (spans 0) and pain slope 0 with CI [0, 0]: stable.
-- Episode 4, angle rising (10, 20, 30 at weeks 0, 1, 2) but pain rising too
-- (0, 2, 4): improvement and worsening at once: stable.
-- Episode 5, only two tests: insufficient_data.
-- Episode 5: slopes by hand (30 - 10) / 4 = 5 deg/week, (0 - 2) / 4 = -0.5 NRS/week.
-- Episode 6, three tests within 5 days: insufficient_data (span < 1 week);
--   its slopes are still reported: weeks 0, 2/7, 5/7, angle 10, 20, 30:
--   Sxx = 114/441, Sxy = 150/21, slope = 3150/114 = 27.6315789474 (hand);
--   R: x <- c(0,2,5)/7; confint(lm(c(10,20,30) ~ x)): -12.90909084762850 68.1722487423653;
--   coef(lm(c(4,2,0) ~ x)): x -5.52631578947369.
INSERT INTO kb VALUES
  (2, '2024-01-01 10:00+00', 31, 0), (2, '2024-01-15 10:00+00', 22, 2),
  (2, '2024-01-22 10:00+00', 15, 4), (2, '2024-01-29 10:00+00', 10, 5),
  (3, '2024-01-01 10:00+00', 20, 3), (3, '2024-01-08 10:00+00', 24, 3),
  (3, '2024-01-15 10:00+00', 19, 3), (3, '2024-01-22 10:00+00', 22, 3), (3, '2024-01-29 10:00+00', 21, 3),
  (4, '2024-01-01 10:00+00', 10, 0), (4, '2024-01-08 10:00+00', 20, 2), (4, '2024-01-15 10:00+00', 30, 4),
  (5, '2024-01-01 10:00+00', 10, 2), (5, '2024-01-29 10:00+00', 30, 0),
  (6, '2024-01-01 10:00+00', 10, 4), (6, '2024-01-03 10:00+00', 20, 2), (6, '2024-01-06 10:00+00', 30, 0);
SELECT episode, (p).n, (p).trend, (p).best_pain_free_angle_deg, (p).first_ready_at,
       round((p).angle_slope_per_week::numeric, 10) AS angle_slope,
       round((p).angle_slope_ci_low::numeric, 4) AS angle_ci_low,
       round((p).angle_slope_ci_high::numeric, 4) AS angle_ci_high,
       round((p).pain_slope_per_week::numeric, 10) AS pain_slope
  FROM (SELECT episode, knee_rehab.knee_bend_progress(tested_at, angle, pain) AS p
          FROM kb GROUP BY episode) s
 ORDER BY episode;
-- Two tests at the same time: the larger angle is both first and last,
-- whatever the row order.
SELECT (knee_rehab.knee_bend_progress(t, a, 0 ORDER BY a)).first_angle_deg AS first_asc,
       (knee_rehab.knee_bend_progress(t, a, 0 ORDER BY a DESC)).first_angle_deg AS first_desc,
       (knee_rehab.knee_bend_progress(t, a, 0 ORDER BY a)).last_angle_deg AS last_asc
  FROM (VALUES ('2024-01-01 10:00+00'::timestamptz, 25.0::float8), ('2024-01-01 10:00+00', 28)) v(t, a);
-- No rows: n = 0, rest NULL, trend insufficient_data.
SELECT (knee_rehab.knee_bend_progress(tested_at, angle, pain)).* FROM kb WHERE false;
-- Rows with a NULL are skipped.
SELECT (knee_rehab.knee_bend_progress(t, a, p)).n
  FROM (VALUES ('2024-01-01 10:00+00'::timestamptz, 25.0::float8, 0.0::float8), (NULL, 28, 0), (now(), NULL, 0), (now(), 20, NULL)) v(t, a, p);
-- Out of range and non-finite input: 22003.
SELECT knee_rehab.knee_bend_progress(now(), 170, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.knee_bend_progress(now(), 30, -1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.knee_bend_progress(now(), 'NaN', 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.knee_bend_progress('-infinity', 30, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
