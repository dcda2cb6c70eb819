-- ready_to_run, knee_bend_progress, estimated_1rm: definitions, settings,
-- the trend rule and errors.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(40);

-- ---- definitions
SELECT function_returns('knee_rehab', 'ready_to_run', ARRAY['double precision', 'double precision'], 'boolean');
SELECT volatility_is('knee_rehab', 'ready_to_run', ARRAY['double precision', 'double precision'], 'stable');
SELECT is_strict('knee_rehab', 'ready_to_run', ARRAY['double precision', 'double precision']);
SELECT function_returns('knee_rehab', 'estimated_1rm', ARRAY['double precision', 'integer'], 'double precision');
SELECT volatility_is('knee_rehab', 'estimated_1rm', ARRAY['double precision', 'integer'], 'immutable');
SELECT is_aggregate('knee_rehab', 'knee_bend_progress',
                    ARRAY['timestamp with time zone', 'double precision', 'double precision']);
SELECT results_eq($$
  SELECT a.aggtranstype::regtype::text, a.aggcombinefn::text, p.proparallel::text
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
   WHERE a.aggfnoid = 'knee_rehab.knee_bend_progress(timestamptz, float8, float8)'::regprocedure $$,
  $$ VALUES ('double precision[]', 'knee_bend_progress_combine', 's') $$,
  'knee_bend_progress: float8[] state, combine function, PARALLEL SAFE');
SELECT volatility_is('knee_rehab', 'knee_bend_progress_accum',
                     ARRAY['double precision[]', 'timestamp with time zone', 'double precision', 'double precision'],
                     'stable');

-- ---- ready_to_run and the settings
SELECT ok(ready_to_run(30, 0), 'target angle, pain-free: ready');
SELECT ok(NOT ready_to_run(30, 1), 'pain 1 with pain_free_nrs 0: not ready');
SET LOCAL knee_rehab.pain_free_nrs = 1;
SELECT ok(ready_to_run(30, 1), 'pain 1 with pain_free_nrs 1: ready');
SET LOCAL knee_rehab.knee_bend_target_deg = 45;
SELECT ok(NOT ready_to_run(30, 0), 'target 45: 30 degrees not ready');
RESET knee_rehab.pain_free_nrs;
RESET knee_rehab.knee_bend_target_deg;
SELECT throws_ok('SELECT ready_to_run(-0.1, 0)', '22003', 'angle_deg must be between 0 and 160 degrees', 'negative angle: 22003');
SELECT throws_ok('SELECT ready_to_run(30, 11)', '22003', 'pain_nrs must be between 0 and 10 NRS points', 'pain 11: 22003');
SELECT throws_ok($$ SELECT ready_to_run('NaN', 0) $$, '22003', NULL, 'NaN angle: 22003');

-- ---- knee_bend_progress: trend rule on hand-made episodes
CREATE TEMP TABLE t (ep int, at timestamptz, angle float8, pain float8);
INSERT INTO t
SELECT 1, '2024-02-01 09:00+00'::timestamptz + w * interval '1 week', 10 + 5 * w, 3  -- angle up, pain flat
  FROM generate_series(0, 3) w
UNION ALL
SELECT 2, '2024-02-01 09:00+00'::timestamptz + w * interval '1 week', 20, 3 - w      -- angle flat, pain down
  FROM generate_series(0, 3) w
UNION ALL
SELECT 3, '2024-02-01 09:00+00'::timestamptz + w * interval '1 week', 20, 2 + w      -- pain up
  FROM generate_series(0, 3) w
UNION ALL
SELECT 4, '2024-02-01 09:00+00'::timestamptz + w * interval '1 week', 20 + (w % 2) * 4, 2  -- noise
  FROM generate_series(0, 5) w;
SELECT results_eq($$ SELECT ep, (knee_bend_progress(at, angle, pain)).trend FROM t GROUP BY ep ORDER BY ep $$,
  $$ VALUES (1, 'improving'), (2, 'improving'), (3, 'worsening'), (4, 'stable') $$,
  'trend: angle up or pain down = improving, pain up = worsening, noise = stable');
SELECT is((SELECT (knee_bend_progress(at, angle, pain)).trend FROM t WHERE ep = 1 AND at < '2024-02-10'),
          'insufficient_data', 'two tests: insufficient_data');
SELECT is((SELECT (knee_bend_progress(at + (at - '2024-02-01 09:00+00') * -0.9, angle, pain)).trend FROM t WHERE ep = 1),
          'insufficient_data', 'four tests within 2.1 days (< 1 week): insufficient_data');
SELECT is((SELECT (knee_bend_progress(at, angle, pain)).first_ready_at FROM t WHERE ep = 2),
          NULL::timestamptz, 'never 30 degrees: first_ready_at NULL');
SET LOCAL knee_rehab.knee_bend_target_deg = 20;
SELECT is((SELECT (knee_bend_progress(at, angle, pain)).first_ready_at FROM t WHERE ep = 2),
          '2024-02-22 09:00+00'::timestamptz, 'target 20: ready when pain reaches 0 in week 3');
SET LOCAL knee_rehab.pain_free_nrs = 2;
SELECT is((SELECT (knee_bend_progress(at, angle, pain)).best_pain_free_angle_deg FROM t WHERE ep = 4),
          24::float8, 'pain_free_nrs 2: best pain-free angle 24');
RESET knee_rehab.knee_bend_target_deg;
RESET knee_rehab.pain_free_nrs;
SELECT throws_ok($$ SELECT knee_bend_progress(now(), 161, 0) $$, '22003', NULL, 'angle 161: 22003');
SELECT throws_ok($$ SELECT knee_bend_progress('infinity', 30, 0) $$, '22003', NULL, 'infinite time: 22003');

-- ---- estimated_1rm
SELECT is(estimated_1rm(90, 6), 108::float8, 'Epley: 90 kg x 6 = 90 * 36 / 30 = 108');
SELECT throws_ok('SELECT estimated_1rm(90, 31)', '22003', 'reps must be between 1 and 30', 'reps 31: 22003');

-- ---- the levels passed in (issue 14: the same result wherever it runs)
SELECT results_eq($$
  SELECT a.aggtranstype::regtype::text, a.aggcombinefn::text, a.aggfinalfn::text, p.proparallel::text, a.agginitval
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
   WHERE a.aggfnoid = 'knee_rehab.knee_bend_progress(timestamptz, float8, float8, float8, float8)'::regprocedure $$,
  $$ SELECT a.aggtranstype::regtype::text, a.aggcombinefn::text, a.aggfinalfn::text, p.proparallel::text, a.agginitval
       FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
      WHERE a.aggfnoid = 'knee_rehab.knee_bend_progress(timestamptz, float8, float8)'::regprocedure $$,
  'knee_bend_progress with levels: the same state, initial value, combine and final functions, PARALLEL SAFE');
SELECT volatility_is('knee_rehab', 'knee_bend_progress_accum',
                     ARRAY['double precision[]', 'timestamp with time zone', 'double precision', 'double precision',
                           'double precision', 'double precision'], 'immutable');
-- Tests with pain 0..2 and angles 20..44: the best pain-free angle and the
-- first ready test depend on both levels.
CREATE TEMP TABLE kb AS
SELECT '2024-05-01 08:00+00'::timestamptz + i * interval '2 days' AS t, 20 + 2 * i::float8 AS a, (i % 3)::float8 AS p
  FROM generate_series(0, 12) i;
SET LOCAL knee_rehab.pain_free_nrs = 1;
SET LOCAL knee_rehab.knee_bend_target_deg = 25;
SELECT is((SELECT knee_bend_progress(t, a, p, 1, 25)::text FROM kb), (SELECT knee_bend_progress(t, a, p)::text FROM kb),
          'levels 1 and 25 passed = the 3-argument form under SET 1 and 25');
RESET knee_rehab.pain_free_nrs;
RESET knee_rehab.knee_bend_target_deg;
-- By hand: pain <= 1 on i % 3 <> 2, the largest such i is 12 (angle 44);
-- the first with angle >= 25 and pain <= 1 is i = 3 (26 degrees, pain 0),
-- 2024-05-07 08:00 UTC.  Under the defaults (0, 30) it would be i = 6.
SELECT results_eq($$ SELECT (k).best_pain_free_angle_deg, (k).first_ready_at
                       FROM (SELECT knee_bend_progress(t, a, p, 1, 25) AS k FROM kb) x $$,
                  $$ VALUES (44::float8, '2024-05-07 08:00+00'::timestamptz) $$,
                  'levels passed, not the session''s defaults: best pain-free 44, first ready on the 4th test (by hand)');
SELECT is((SELECT (knee_bend_progress_merge(s)).first_ready_at FROM
             (SELECT knee_bend_progress_state(t, a, p, 1, 25) AS s FROM kb GROUP BY t < '2024-05-10' ) y),
          '2024-05-07 08:00+00'::timestamptz, 'knee_bend_progress_state with levels merges to the same');
SELECT throws_ok($$ SELECT knee_bend_progress(t, a, p, NULL, 25) FROM kb $$, '22004', NULL,
                 'a NULL pain-free level: 22004, not a skipped row');
SELECT throws_ok($$ SELECT knee_bend_progress(t, a, p, 1, 161) FROM kb $$, '22003', NULL,
                 'a target angle beyond 160: 22003');
SELECT is((SELECT (knee_bend_progress(t, a, NULL::float8, 1, 25)).n FROM kb), 0::bigint,
          'rows with a NULL measurement are skipped (n = 0)');

-- ---- ready_to_run with the levels passed in (the worklist's form: under
-- Citus it runs on a worker, which does not see the session's SET)
SELECT volatility_is('knee_rehab', 'ready_to_run', ARRAY['double precision', 'double precision', 'double precision', 'double precision'], 'immutable');
SELECT ok(ready_to_run(25, 2, 2, 25), 'levels passed: 25 degrees at target 25, pain 2 at pain-free level 2: ready (both boundaries inclusive)');
SELECT ok(NOT ready_to_run(24.9, 2, 2, 25) AND NOT ready_to_run(25, 2.1, 2, 25), 'levels passed: 0.1 degree short or 0.1 point more pain: not ready');
SET LOCAL knee_rehab.knee_bend_target_deg = 45;
SELECT ok(ready_to_run(30, 0, 0, 30), 'levels passed: the session''s knee_bend_target_deg (45) is not read');
SELECT throws_ok($$SELECT ready_to_run(30, 0, 11, 30)$$, '22003', NULL, 'pain_free_nrs 11: ERROR 22003');
SELECT throws_ok($$SELECT ready_to_run(30, 0, 0, 161)$$, '22003', NULL, 'target_deg 161: ERROR 22003');
SELECT is(ready_to_run(30, 0, NULL, 30), NULL, 'a NULL level: NULL (strict)');

SELECT * FROM finish();
ROLLBACK;
