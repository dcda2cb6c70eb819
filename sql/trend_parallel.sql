-- Parallel plans: the trend aggregates split into Partial Aggregate in
-- workers and Finalize Aggregate in the leader, with the same results as
-- the serial plan; combine of empty partial states through partitionwise
-- aggregation over a partitioned table with an empty partition.
SET timezone = 'UTC';
CREATE TABLE par (episode int, at timestamptz, load float8, pain float8, angle float8);
-- 10,000 deterministic rows, 100 episodes; values exact in binary; pain
-- rises with load (plus 0-2 points of scatter).
INSERT INTO par
SELECT i % 100, '2024-01-01 00:00+00'::timestamptz + (i % 97) * interval '1 day',
       (i % 37) * 0.25, least(10, (i % 37) / 4 + i % 3), (i % 161)
  FROM generate_series(1, 10000) i;
ANALYZE par;
CREATE TEMP TABLE serial AS
SELECT knee_rehab.load_pain_trend(load, pain) AS lp, knee_rehab.weekly_trend(at, pain) AS wt,
       knee_rehab.knee_bend_progress(at, angle, pain) AS kb,
       regr_slope(pain, load) AS rs, regr_intercept(pain, load) AS ri, corr(pain, load) AS rc
  FROM par;
-- Relative closeness (the order of additions differs between plans).
CREATE FUNCTION pg_temp.close(a float8, b float8, tol float8) RETURNS boolean
  LANGUAGE sql IMMUTABLE RETURN abs(a - b) <= tol * greatest(abs(a), abs(b));
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT knee_rehab.load_pain_trend(load, pain), knee_rehab.weekly_trend(at, pain),
       knee_rehab.knee_bend_progress(at, angle, pain) FROM par;
CREATE TEMP TABLE parallel AS
SELECT knee_rehab.load_pain_trend(load, pain) AS lp, knee_rehab.weekly_trend(at, pain) AS wt,
       knee_rehab.knee_bend_progress(at, angle, pain) AS kb,
       regr_slope(pain, load) AS rs, regr_intercept(pain, load) AS ri, corr(pain, load) AS rc
  FROM par;
-- Parallel slope/intercept/r equal PostgreSQL's parallel regr_* exactly;
-- every statistic equals the serial plan's to 12 significant digits (the
-- order of additions differs between plans).
SELECT (p.lp).slope = p.rs AND (p.lp).intercept = p.ri AND (p.lp).r = p.rc AS parallel_equals_regr,
       (p.lp).n = (s.lp).n AND pg_temp.close((p.lp).slope, (s.lp).slope, 1e-12)
         AND pg_temp.close((p.lp).slope_p_value, (s.lp).slope_p_value, 1e-9)
         AND pg_temp.close((p.lp).slope_ci_low, (s.lp).slope_ci_low, 1e-12)
         AND pg_temp.close((p.lp).pain_free_capacity, (s.lp).pain_free_capacity, 1e-12) AS load_pain_same,
       (p.lp).pain_free_capacity IS NOT NULL AS has_capacity,
       (p.wt).n = (s.wt).n AND (p.wt).first_at = (s.wt).first_at
         AND pg_temp.close((p.wt).slope_per_week, (s.wt).slope_per_week, 1e-9)
         AND pg_temp.close((p.wt).intercept, (s.wt).intercept, 1e-9) AS weekly_same,
       (p.kb).n = (s.kb).n AND (p.kb).first_tested_at = (s.kb).first_tested_at
         AND (p.kb).last_tested_at = (s.kb).last_tested_at
         AND (p.kb).first_angle_deg = (s.kb).first_angle_deg
         AND (p.kb).last_angle_deg = (s.kb).last_angle_deg
         AND (p.kb).best_pain_free_angle_deg = (s.kb).best_pain_free_angle_deg
         AND (p.kb).first_ready_at = (s.kb).first_ready_at
         AND (p.kb).trend = (s.kb).trend
         AND pg_temp.close((p.kb).angle_slope_per_week, (s.kb).angle_slope_per_week, 1e-9) AS knee_bend_same
  FROM parallel p, serial s;
-- Whole-table facts, independent of the plan: first/last time, the
-- largest angle at the first and last day (ties go to the larger angle),
-- best pain-free angle, first ready time (angle >= 30, pain 0).
SELECT (kb).n, (kb).first_tested_at, (kb).last_tested_at, (kb).first_angle_deg,
       (kb).last_angle_deg, (kb).best_pain_free_angle_deg, (kb).first_ready_at
  FROM parallel;
SELECT count(*) AS n,
       max(angle) FILTER (WHERE at = '2024-01-01 00:00+00') AS first_angle,
       max(angle) FILTER (WHERE at = '2024-04-06 00:00+00') AS last_angle,
       max(angle) FILTER (WHERE pain = 0) AS best_pain_free,
       min(at) FILTER (WHERE pain = 0 AND angle >= 30) AS first_ready
  FROM par;
-- Grouped, parallel: per episode equal to regr_* on the same plan, bit
-- for bit (float8_regr_combine itself, on the transposed state, would not
-- give this: its cross term multiplies in the other order).
SELECT count(*) AS episodes,
       count(*) FILTER (WHERE (lp).slope = rs AND (lp).intercept = ri AND (lp).r IS NOT DISTINCT FROM rc) AS equal
  FROM (SELECT episode, knee_rehab.load_pain_trend(load, pain) AS lp, regr_slope(pain, load) AS rs,
               regr_intercept(pain, load) AS ri, corr(pain, load) AS rc
          FROM par GROUP BY episode) g;
-- Partitioned table with an empty partition: partial aggregates per
-- partition, the empty one's state (n = 0) combined with the others.
CREATE TABLE part (episode int, at timestamptz, load float8, pain float8, angle float8)
  PARTITION BY RANGE (episode);
CREATE TABLE part_a PARTITION OF part FOR VALUES FROM (0) TO (50);
CREATE TABLE part_b PARTITION OF part FOR VALUES FROM (50) TO (100);
CREATE TABLE part_empty PARTITION OF part FOR VALUES FROM (100) TO (200);
INSERT INTO part SELECT * FROM par;
ANALYZE part;
SET enable_partitionwise_aggregate = on;
EXPLAIN (COSTS OFF)
SELECT knee_rehab.load_pain_trend(load, pain), knee_rehab.weekly_trend(at, pain),
       knee_rehab.knee_bend_progress(at, angle, pain) FROM part;
SELECT (t.lp).slope = t.rs AND (t.lp).intercept = t.ri AND (t.lp).r = t.rc AS partitioned_equals_regr,
       (t.lp).n = (s.lp).n AND pg_temp.close((t.lp).slope, (s.lp).slope, 1e-12) AS load_pain_same,
       (t.wt).n = (s.wt).n AND (t.wt).first_at = (s.wt).first_at
         AND pg_temp.close((t.wt).slope_per_week, (s.wt).slope_per_week, 1e-9) AS weekly_same,
       (t.kb).n = (s.kb).n AND (t.kb).first_ready_at = (s.kb).first_ready_at
         AND (t.kb).best_pain_free_angle_deg = (s.kb).best_pain_free_angle_deg
         AND (t.kb).first_angle_deg = (s.kb).first_angle_deg
         AND (t.kb).trend = (s.kb).trend AS knee_bend_same
  FROM (SELECT knee_rehab.load_pain_trend(load, pain) AS lp, knee_rehab.weekly_trend(at, pain) AS wt,
               knee_rehab.knee_bend_progress(at, angle, pain) AS kb,
               regr_slope(pain, load) AS rs, regr_intercept(pain, load) AS ri, corr(pain, load) AS rc
          FROM part) t, serial s;
-- Only empty partitions: every partial state empty, n = 0.
SELECT (knee_rehab.load_pain_trend(load, pain)).n AS lp_n, (knee_rehab.weekly_trend(at, pain)).n AS wt_n,
       (knee_rehab.knee_bend_progress(at, angle, pain)).trend AS kb_trend
  FROM part WHERE episode >= 100;
-- The combine functions directly: empty + state = state, state + empty = state.
SELECT knee_rehab.weekly_trend_combine('{0,0,0,0,0,0,0}', '{2,1,0.5,3,2,1,7}') AS empty_first,
       knee_rehab.weekly_trend_combine('{2,1,0.5,3,2,1,7}', '{0,0,0,0,0,0,0}') AS empty_second;
RESET ALL;
-- A perfect line in a parallel plan (issue 15 item 7): 20,000 runs on
-- pain = 2 load - 1 with loads 0.1 .. 2000 (not exact in binary).  Hand:
-- slope 2, residuals 0, so the CI is [2, 2] and p = 0 in the serial plan,
-- the parallel plan, and every row order; r = r2 = 1.  Before 0.3.0 the
-- shuffled order gave r = r2 = 1.0000000000000002 (above 1, as corr and
-- regr_r2 do on these rows); now a residual sum of squares below
-- 16 n DBL_EPSILON x Syy is a perfect fit (r = 1, r2 = 1), and r, r2 are
-- kept within [-1, 1] and [0, 1].
CREATE TABLE line (load float8, pain float8);
INSERT INTO line SELECT i * 0.1, 2 * (i * 0.1) - 1 FROM generate_series(1, 20000) i;
ANALYZE line;
CREATE TEMP TABLE line_fits AS
SELECT 'serial' AS plan, knee_rehab.load_pain_trend(load, pain) AS t FROM line
UNION ALL
SELECT 'serial, descending', knee_rehab.load_pain_trend(load, pain ORDER BY load DESC) FROM line
UNION ALL
SELECT 'serial, shuffled', knee_rehab.load_pain_trend(load, pain ORDER BY ((load * 10)::int * 7919) % 1000) FROM line;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT knee_rehab.load_pain_trend(load, pain) FROM line;
INSERT INTO line_fits SELECT 'parallel', knee_rehab.load_pain_trend(load, pain) FROM line;
SELECT plan, (t).n, round((t).slope::numeric, 12) AS slope_2, (t).r::text AS r, (t).r2::text AS r2,
       (t).slope_ci_high - (t).slope_ci_low AS ci_width, (t).slope_p_value AS p
  FROM line_fits ORDER BY plan;
RESET ALL;
