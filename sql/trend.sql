-- load_pain_trend(load, pain) and weekly_trend(at, value).
-- References: hand calculations in the comments, PostgreSQL's own
-- regr_slope / regr_intercept / corr / regr_r2 on the same rows (compared
-- with =, bit for bit), and R 4.x output of
--   m <- lm(y ~ x); summary(m)$coefficients; confint(m)
-- quoted beside each query (p-values and CIs rounded to 10 decimals).
SET timezone = 'UTC';
SET extra_float_digits = 0;
-- Data set A: load 1..6 km, pain 0,1,1,3,4,4.
--   mean load 3.5, mean pain 13/6; Sxx = 17.5, Sxy = 15.5 (hand)
--   slope = 15.5/17.5 = 31/35 = 0.885714285714286
--   intercept = 13/6 - 31/35 * 3.5 = -0.933333333333333
--   pain_free_capacity (pain_free_nrs 0) = 0.9333.../0.8857... = 490/465 = 1.05376344086022
-- R: lm(c(0,1,1,3,4,4) ~ c(1,2,3,4,5,6)):
--   x 0.885714285714286 se 0.125627675793075 t 7.05031180528380 p 0.00213405185515982
--   confint x: 0.536915940181226 1.234512631247345
CREATE TABLE lp_a (episode int, load float8, pain float8);
INSERT INTO lp_a VALUES (1, 1, 0), (1, 2, 1), (1, 3, 1), (1, 4, 3), (1, 5, 4), (1, 6, 4);
SELECT t.n, round(t.slope::numeric, 12) AS slope_31_35,
       round(t.intercept::numeric, 12) AS intercept,
       round(t.slope_p_value::numeric, 10) AS p_r_0_0021340519,
       round(t.slope_ci_low::numeric, 10) AS ci_low_r_0_5369159402,
       round(t.slope_ci_high::numeric, 10) AS ci_high_r_1_2345126312,
       round(t.pain_free_capacity::numeric, 12) AS capacity_490_465
  FROM (SELECT knee_rehab.load_pain_trend(load, pain) AS t FROM lp_a) s, LATERAL (SELECT (s.t).*) t;
-- Bit-for-bit equal to PostgreSQL's own aggregates.
SELECT (t).slope = rs AS slope_eq, (t).intercept = ri AS intercept_eq,
       (t).r = rc AS r_eq, (t).r2 = r2 AS r2_eq, (t).n = rn AS n_eq
  FROM (SELECT knee_rehab.load_pain_trend(load, pain) AS t, regr_slope(pain, load) AS rs,
               regr_intercept(pain, load) AS ri, corr(pain, load) AS rc,
               regr_r2(pain, load) AS r2, regr_count(pain, load) AS rn
          FROM lp_a) s;
-- Data set B: running distance and pain (9 sessions).
-- R: lm(c(0,0,1,2,2,4,5,1,3) ~ c(2,3,4,5,6,7,8,3.5,5.5)):
--   x 0.855575868372943 se 0.0908312984874763 p 3.16907418900325e-05
--   (Intercept) -2.182815356489944
--   confint x: 0.640793977165794 1.07035775958009
--   capacity (pain_free_nrs 0) = 2.182815356489944 / 0.855575868372943 = 2.5512820513
--   capacity (pain_free_nrs 2) = 4.182815356489944 / 0.855575868372943 = 4.8888888889
INSERT INTO lp_a VALUES (2, 2, 0), (2, 3, 0), (2, 4, 1), (2, 5, 2), (2, 6, 2), (2, 7, 4),
  (2, 8, 5), (2, 3.5, 1), (2, 5.5, 3);
SELECT episode, (t).n, round((t).slope::numeric, 12) AS slope,
       round((t).intercept::numeric, 12) AS intercept,
       round((t).slope_p_value::numeric, 14) AS p,
       round((t).slope_ci_low::numeric, 10) AS ci_low,
       round((t).slope_ci_high::numeric, 10) AS ci_high,
       round((t).pain_free_capacity::numeric, 10) AS capacity,
       (t).slope = rs AND (t).intercept = ri AND (t).r = rc AND (t).r2 = r2 AS equals_regr
  FROM (SELECT episode, knee_rehab.load_pain_trend(load, pain) AS t, regr_slope(pain, load) AS rs,
               regr_intercept(pain, load) AS ri, corr(pain, load) AS rc, regr_r2(pain, load) AS r2
          FROM lp_a GROUP BY episode) s
 ORDER BY episode;
-- A higher pain-free level moves the capacity: (2 - intercept) / slope.
SET knee_rehab.pain_free_nrs = 2;
SELECT round((knee_rehab.load_pain_trend(load, pain)).pain_free_capacity::numeric, 10) AS capacity_4_888
  FROM lp_a WHERE episode = 2;
RESET knee_rehab.pain_free_nrs;
-- Edge cases.
-- No rows: n = 0, everything else NULL (like count() = 0, regr_slope NULL).
SELECT (knee_rehab.load_pain_trend(load, pain)).* FROM lp_a WHERE false;
-- One row: no line.
SELECT (knee_rehab.load_pain_trend(load, pain)).* FROM (VALUES (3.0::float8, 1.0::float8)) v(load, pain);
-- Two rows: the line through both (slope (3-1)/(4-2) = 1, intercept -1,
-- capacity 1), r = 1; no degrees of freedom, so p and CI NULL.
SELECT (knee_rehab.load_pain_trend(load, pain)).* FROM (VALUES (2.0::float8, 1.0::float8), (4, 3)) v(load, pain);
-- All loads equal (a vertical line): slope, intercept, r NULL, as regr_slope.
SELECT (knee_rehab.load_pain_trend(load, pain)).*, regr_slope(pain, load) IS NULL AS regr_slope_null
  FROM (VALUES (5.0::float8, 1.0::float8), (5, 2), (5, 4)) v(load, pain);
-- Pain always 0 (a horizontal line): slope 0, r NULL and r2 1 (as corr and
-- regr_r2); a perfect fit with slope 0: CI [0, 0], p undefined (NULL);
-- capacity NULL (the line never reaches a higher pain).
SELECT (knee_rehab.load_pain_trend(load, pain)).*, regr_r2(pain, load) AS regr_r2
  FROM (VALUES (1.0::float8, 0.0::float8), (2, 0), (3, 0)) v(load, pain);
-- A perfect rising line pain = 0.5 load - 1: CI [0.5, 0.5], p = 0, capacity 2.
SELECT (knee_rehab.load_pain_trend(load, pain)).*
  FROM (VALUES (2.0::float8, 0.0::float8), (4, 1), (6, 2), (8, 3)) v(load, pain);
-- Falling pain with more load (slope < 0): no capacity (NULL).
SELECT (t).slope, (t).pain_free_capacity
  FROM (SELECT knee_rehab.load_pain_trend(load, pain) AS t
          FROM (VALUES (1.0::float8, 4.0::float8), (2, 3), (3, 3), (4, 1)) v(load, pain)) s;
-- Fitted pain above the pain-free level at every load >= 0 (pain = load + 2):
-- the capacity (0 - 2) / 1 = -2 would be a negative load: reported as 0.
SELECT (t).slope, (t).intercept, (t).pain_free_capacity
  FROM (SELECT knee_rehab.load_pain_trend(load, pain) AS t
          FROM (VALUES (1.0::float8, 3.0::float8), (2, 4), (3, 5)) v(load, pain)) s;
-- Rows with a NULL load or pain are skipped (n = 3 of 5).
SELECT (knee_rehab.load_pain_trend(load, pain)).n
  FROM (VALUES (1.0::float8, 0.0::float8), (NULL, 1), (2, NULL), (3, 2), (4, 3)) v(load, pain);
-- NaN and Infinity: ERROR 22003 naming the argument.
SELECT knee_rehab.load_pain_trend(load, pain) FROM (VALUES (1.0::float8, 'NaN'::float8), (2, 1)) v(load, pain);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.load_pain_trend(load, pain) FROM (VALUES ('Infinity'::float8, 1.0::float8), (2, 1)) v(load, pain);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.load_pain_trend(load, pain) FROM (VALUES (1.0::float8, 0.0::float8), (2, '-Infinity')) v(load, pain);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- ---- weekly_trend(at, value): value on time in weeks.
-- Pain-free run minutes at weeks 0, 1, 2, 4: 10, 12, 15, 17.
--   mean week 7/4, mean value 13.5; Sxx = 8.75, Sxy = 15.5 (hand)
--   slope = 15.5 / 8.75 = 62/35 = 1.771428571428571 per week
--   intercept at week 0 = 13.5 - 62/35 * 7/4 = 10.4
-- R: lm(c(10,12,15,17) ~ c(0,1,2,4)):
--   x 1.77142857142857 se 0.296922995583236 p 0.02696452810976604
--   (Intercept) 10.4; confint x: 0.493872033956974 3.04898510890017
CREATE TABLE wt (at timestamptz, minutes float8);
INSERT INTO wt VALUES ('2024-01-01 08:00+00', 10), ('2024-01-08 08:00+00', 12),
  ('2024-01-15 08:00+00', 15), ('2024-01-29 08:00+00', 17);
SELECT (t).n, round((t).slope_per_week::numeric, 10) AS slope_62_35,
       round((t).intercept::numeric, 10) AS intercept_10_4,
       round((t).slope_ci_low::numeric, 10) AS ci_low,
       round((t).slope_ci_high::numeric, 10) AS ci_high,
       round((t).p_value::numeric, 10) AS p, (t).first_at
  FROM (SELECT knee_rehab.weekly_trend(at, minutes) AS t FROM wt) s;
-- Row order does not matter; the intercept is at the earliest time.
SELECT round((t).intercept::numeric, 10) AS intercept_10_4, (t).first_at
  FROM (SELECT knee_rehab.weekly_trend(at, minutes ORDER BY at DESC) AS t FROM wt) s;
-- Slope per week equals regr_slope on weeks since the epoch (to rounding).
SELECT abs((knee_rehab.weekly_trend(at, minutes)).slope_per_week
           - regr_slope(minutes, extract(epoch FROM at)::float8 / 604800)) < 1e-9 AS same_as_regr_slope
  FROM wt;
-- A date column works through the implicit date -> timestamptz cast.
SELECT round((knee_rehab.weekly_trend(d, v)).slope_per_week::numeric, 10) AS slope_2_per_week
  FROM (VALUES ('2024-03-04'::date, 1.0::float8), ('2024-03-11', 3), ('2024-03-18', 5)) x(d, v);
-- Edge cases: no rows, one row, all at one time, two rows (no df).
SELECT (knee_rehab.weekly_trend(at, minutes)).* FROM wt WHERE false;
SELECT (knee_rehab.weekly_trend(at, minutes)).* FROM wt WHERE minutes = 10;
SELECT (knee_rehab.weekly_trend(at, v)).*
  FROM (VALUES ('2024-01-01 00:00+00'::timestamptz, 1.0::float8), ('2024-01-01 00:00+00', 2)) x(at, v);
-- Two rows one week apart, 10 -> 12: slope 2, intercept 10, p and CI NULL.
SELECT (knee_rehab.weekly_trend(at, minutes)).* FROM wt WHERE minutes IN (10, 12);
-- NULLs skipped.
SELECT (knee_rehab.weekly_trend(at, v)).n
  FROM (VALUES ('2024-01-01 00:00+00'::timestamptz, 1.0::float8), (NULL, 2), ('2024-01-02 00:00+00', NULL)) x(at, v);
-- NaN / Infinity values and infinite times: ERROR 22003.
SELECT knee_rehab.weekly_trend(at, v) FROM (VALUES (now(), 'NaN'::float8)) x(at, v);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.weekly_trend(at, v) FROM (VALUES (now(), '-Infinity'::float8)) x(at, v);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.weekly_trend(at, v) FROM (VALUES ('infinity'::timestamptz, 1.0::float8)) x(at, v);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- The transition function called directly with a malformed state: 2202E,
-- and it does not modify its argument outside an aggregate.
SELECT knee_rehab.weekly_trend_accum('{0,0,0}', now(), 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT s AS unchanged, knee_rehab.weekly_trend_accum(s, '2000-01-08 00:00+00', 5) AS one_point
  FROM (VALUES ('{0,0,0,0,0,0,0}'::float8[])) v(s);
-- ---- Extreme magnitudes (issue 13 item 8): the right numbers or 22003,
-- never +-Infinity, NaN, |r| > 1 or r2 < 0.
-- Four collinear points pain = load at 1e153 .. 4e153 (hand: slope 1,
-- intercept 0, r 1, r2 1).  PostgreSQL 15's regr_intercept / corr / regr_r2
-- give -Infinity, 0 and NaN on these rows: Sx Sxy = 1e153 x 1e307 and
-- Sxx Syy = 1e307 x 1e307 overflow; here the final function rescales.
SELECT (t).n, (t).slope, (t).intercept, (t).r, (t).r2, (t).slope_ci_low, (t).slope_ci_high,
       (t).slope_p_value
  FROM (SELECT knee_rehab.load_pain_trend(x * 1e153, x * 1e153) AS t
          FROM generate_series(1, 4) x) s;
-- Data set A times 1e153 (hand: slope 31/35 = 0.885714285714286, intercept
-- -0.9333... x 1e153; r and r2 do not change with the scale): equal to the
-- unscaled data set's figures and to PostgreSQL's regr_* on it, to 12
-- digits.  A squared deviation (6e153 x 6)^2 overflows before float.c's
-- scale 1/(n (n-1)) brings it back: the transition uses (x - mean)^2 n/(n-1).
SELECT round((t).slope::numeric, 12) AS slope_31_35,
       round(((t).intercept / 1e153)::numeric, 12) AS intercept_e153,
       round((t).r::numeric, 12) = round(u.rc::numeric, 12) AS r_as_corr,
       round((t).r2::numeric, 12) = round(u.r2::numeric, 12) AS r2_as_regr_r2,
       round((t).slope_p_value::numeric, 10) AS p_r_0_0021340519
  FROM (SELECT knee_rehab.load_pain_trend(load * 1e153, pain * 1e153) AS t FROM lp_a WHERE episode = 1) s,
       (SELECT corr(pain, load) AS rc, regr_r2(pain, load) AS r2 FROM lp_a WHERE episode = 1) u;
-- Mixed magnitudes: loads 1e-160 .. 6e-160 with pains 0-4.  The load
-- squares (1e-320) are subnormal in float8 and keep only a few bits, so a
-- slope read from them would be wrong in every digit: ERROR 22003 naming
-- load (the smallest squared deviations kept with full precision are
-- about 1e-290).
SELECT knee_rehab.load_pain_trend(load * 1e-160, pain) FROM lp_a WHERE episode = 1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Loads 1e-300 .. 6e-300: their squared deviations (1e-600) underflow to
-- 0 in float8; PostgreSQL's regr_slope is NULL here (a "vertical line").
-- ERROR 22003 naming load instead of a line that is not there.
SELECT knee_rehab.load_pain_trend(load * 1e-300, pain) FROM lp_a WHERE episode = 1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Pains 1e-300 times data set A with loads 1e153: the pain squares underflow.
SELECT knee_rehab.load_pain_trend(load * 1e153, pain * 1e-300) FROM lp_a WHERE episode = 1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Loads 1e155 .. 6e155: the sum of squared deviations (1.75e311) is beyond
-- float8: ERROR 22003 naming it.
SELECT knee_rehab.load_pain_trend(load * 1e155, pain) FROM lp_a WHERE episode = 1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- weekly_trend with values 1e153 a day apart: 7e153 per week (hand).
SELECT round(((t).slope_per_week / 1e153)::numeric, 9) AS slope_7e153,
       round(((t).intercept / 1e153)::numeric, 9) AS intercept_1e153
  FROM (SELECT knee_rehab.weekly_trend('2024-01-01 00:00+00'::timestamptz + x * interval '1 day', x * 1e153) AS t
          FROM generate_series(1, 10) x) s;
-- ---- Perfect fits do not depend on row order (issue 15 item 7).
-- Four runs on the line pain = 2 load - 1: (0.3, -0.4), (1, 1), (2.5, 4),
-- (4, 7).  Hand: slope 2, intercept -1, r 1, residuals 0, so the 95 % CI
-- is [2, 2] and p = 0.  In float8, 0.3 and -0.4 are not exact, and before
-- 0.3.0 some of the 24 orders left a residual sum of squares of ~1e-16
-- (CI width ~1e-7, p ~1e-16), others 0.  Now every order gives width 0,
-- p 0, r 1: a residual sum of squares below 16 n DBL_EPSILON x Syy is 0.
CREATE TABLE runs4 (load float8, pain float8);
INSERT INTO runs4 VALUES (0.3, -0.4), (1, 1), (2.5, 4), (4, 7);
CREATE TABLE orders AS
SELECT p AS perm FROM (
  SELECT ARRAY[a, b, c, d] AS p
    FROM unnest(ARRAY[1, 2, 3, 4]) a, unnest(ARRAY[1, 2, 3, 4]) b,
         unnest(ARRAY[1, 2, 3, 4]) c, unnest(ARRAY[1, 2, 3, 4]) d
   WHERE a <> b AND a <> c AND a <> d AND b <> c AND b <> d AND c <> d) x;
SELECT count(*) AS orders, count(DISTINCT (t).slope_ci_high - (t).slope_ci_low) AS widths,
       max((t).slope_ci_high - (t).slope_ci_low) AS max_width,
       count(DISTINCT (t).slope_p_value) AS p_values, max((t).slope_p_value) AS max_p,
       min((t).r) AS min_r, min((t).r2) AS min_r2, round(avg((t).slope)::numeric, 12) AS slope_2
  FROM (SELECT (SELECT knee_rehab.load_pain_trend(r.load, r.pain
                         ORDER BY array_position(o.perm, (SELECT count(*)::int FROM runs4 q WHERE q.load <= r.load)))
                  FROM runs4 r) AS t
          FROM orders o) s;
-- weekly_trend: a perfect line 1.5 a week, rows in 24 orders.
SELECT count(DISTINCT (t).slope_ci_high - (t).slope_ci_low) AS widths,
       max((t).slope_ci_high - (t).slope_ci_low) AS max_width, max((t).p_value) AS max_p
  FROM (SELECT (SELECT knee_rehab.weekly_trend('2024-01-01 00:00+00'::timestamptz + r.load * interval '1 week',
                                               0.1 + 1.5 * r.load
                         ORDER BY array_position(o.perm, (SELECT count(*)::int FROM runs4 q WHERE q.load <= r.load)))
                  FROM runs4 r) AS t
          FROM orders o) s;
-- The README's example queries run against the data model (tables empty here).
SELECT episode_id, (t).slope_per_week, (t).slope_ci_low, (t).slope_ci_high, (t).p_value
  FROM (SELECT episode_id,
               knee_rehab.weekly_trend(session_date, duration_min) AS t
          FROM knee_rehab.load_session
         WHERE kind = 'run' AND pain_during <= knee_rehab.pain_free_nrs()
         GROUP BY episode_id) s;
SELECT episode_id, (t).n, (t).slope AS pain_per_km, (t).slope_p_value,
       (t).pain_free_capacity AS pain_free_km
  FROM (SELECT episode_id, knee_rehab.load_pain_trend(distance_km, pain_during) AS t
          FROM knee_rehab.load_session
         WHERE kind = 'run'
         GROUP BY episode_id) s;
SELECT episode_id, (p).trend, (p).angle_slope_per_week, (p).pain_slope_per_week,
       (p).best_pain_free_angle_deg, (p).first_ready_at
  FROM (SELECT episode_id, knee_rehab.knee_bend_progress(tested_at, angle_deg, pain_nrs) AS p
          FROM knee_rehab.knee_test
         WHERE test = 'small_knee_bend'
         GROUP BY episode_id) s;
SELECT episode_id, (knee_rehab.weekly_trend(session_date, pain_onset_km)).slope_per_week
  FROM knee_rehab.load_session WHERE pain_onset_km IS NOT NULL GROUP BY episode_id;
SELECT episode_id, (knee_rehab.weekly_trend(session_date, knee_rehab.estimated_1rm(load_kg, reps))).slope_per_week
  FROM knee_rehab.load_session WHERE kind = 'strength' AND load_kg IS NOT NULL AND reps <= 30 GROUP BY episode_id;
