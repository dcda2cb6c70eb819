-- recovery_km / recovery_km_state: aggregate properties, parallel plans
-- give the same answer as serial ones, the state bound, errors.
BEGIN;
SELECT plan(20);

SELECT is((SELECT aggcombinefn::text FROM pg_aggregate WHERE aggfnoid = 'knee_rehab.recovery_km(float8, boolean)'::regprocedure),
          'knee_rehab.recovery_km_combine', 'recovery_km has a combine function');
SELECT is((SELECT aggtranstype::regtype::text FROM pg_aggregate WHERE aggfnoid = 'knee_rehab.recovery_km(float8, boolean)'::regprocedure),
          'double precision[]', 'recovery_km has a concrete float8[] state');
SELECT is((SELECT aggfinalmodify::text FROM pg_aggregate WHERE aggfnoid = 'knee_rehab.recovery_km(float8, boolean)'::regprocedure),
          'r', 'the final function does not modify the state');
SELECT is((SELECT proparallel::text FROM pg_proc WHERE oid = 'knee_rehab.recovery_km(float8, boolean)'::regprocedure),
          's', 'recovery_km is PARALLEL SAFE');
SELECT is((SELECT aggcombinefn::text FROM pg_aggregate WHERE aggfnoid = 'knee_rehab.recovery_km_state(float8, boolean)'::regprocedure),
          'knee_rehab.recovery_km_combine', 'recovery_km_state has a combine function');
SELECT function_returns('knee_rehab', 'recovery_curve', ARRAY['double precision[]'], 'setof record');

-- 200,000 episodes on 365 distinct days, a third censored.
-- A plain table: parallel workers cannot read temporary tables (rolled back at the end).
CREATE TABLE km_big AS
  SELECT ((i * 7919) % 365)::float8 AS days, i % 3 <> 0 AS recovered
    FROM generate_series(1, 200000) AS i;
ANALYZE km_big;
CREATE TEMP TABLE serial AS
  SELECT knee_rehab.recovery_km(days, recovered) AS k,
         knee_rehab.recovery_km_state(days, recovered) AS s FROM km_big;

SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  line text;
  result text := '';
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    result := result || line || E'\n';
  END LOOP;
  RETURN result;
END $$;
SELECT matches(pg_temp.plan_of('SELECT knee_rehab.recovery_km(days, recovered) FROM km_big'),
               'Partial Aggregate', 'recovery_km runs as a parallel (partial) aggregate');
SELECT is((SELECT knee_rehab.recovery_km(days, recovered) FROM km_big), (SELECT k FROM serial),
          'the parallel result equals the serial one exactly');
SELECT is((SELECT knee_rehab.recovery_km_state(days, recovered) FROM km_big), (SELECT s FROM serial),
          'the parallel state equals the serial one exactly');
SELECT is((SELECT (k).n FROM serial), 200000::bigint, 'n counts every episode');
SELECT is((SELECT (k).events FROM serial), (SELECT count(*) FROM km_big WHERE recovered), 'events counts the recoveries');
SELECT is(array_length((SELECT s FROM serial), 1), 2 + 3 * 365, 'the state holds 365 distinct days: 2 + 3 x 365 elements');

-- combine(a, b) of two halves is the whole, whichever way round.
SELECT is(knee_rehab.recovery_km_combine(
            (SELECT knee_rehab.recovery_km_state(days, recovered) FROM km_big WHERE days < 100),
            (SELECT knee_rehab.recovery_km_state(days, recovered) FROM km_big WHERE days >= 100)),
          (SELECT s FROM serial), 'combining two halves gives the whole state');
SELECT is(knee_rehab.recovery_km_final(knee_rehab.recovery_km_combine(
            (SELECT knee_rehab.recovery_km_state(days, recovered) FROM km_big WHERE days::int % 2 = 1),
            (SELECT knee_rehab.recovery_km_state(days, recovered) FROM km_big WHERE days::int % 2 = 0))),
          (SELECT k FROM serial), 'combining interleaved halves gives the same result');
RESET max_parallel_workers_per_gather;

-- The state is bounded: 100,000 distinct days, then ERROR 54000.
SELECT lives_ok($$ SELECT knee_rehab.recovery_km(i / 8.0, true) FROM generate_series(1, 100000) i $$,
                '100,000 distinct days are accepted');
SELECT throws_ok($$ SELECT knee_rehab.recovery_km(i / 8.0, true) FROM generate_series(1, 100001) i $$,
                 '54000', 'recovery_km supports at most 100000 distinct values of days',
                 'the 100,001st distinct day is ERROR 54000');
SELECT throws_ok($$ SELECT knee_rehab.recovery_km(-0.5, false) $$, '22003', NULL, 'negative days are 22003');

-- recovery_km_state_merge: per-clinic states rolled up to the network.
-- Clinic 1: day 10 recovered, day 20 censored; clinic 2: day 10 recovered,
-- day 5 censored.  By hand, the state over all four rows: {version 1,
-- 3 distinct days, (5: 0 events, 1 censored), (10: 2, 0), (20: 0, 1)}.
SELECT is((SELECT knee_rehab.recovery_km_state_merge(s)
             FROM (SELECT knee_rehab.recovery_km_state(d, r) AS s
                     FROM (VALUES (1, 10::float8, true), (1, 20, false), (2, 10, true), (2, 5, false)) AS v (g, d, r)
                    GROUP BY g) AS x),
          '{1,3,5,0,1,10,2,0,20,0,1}'::float8[],
          'recovery_km_state_merge of two clinics'' states: the state over all rows, by hand');
SELECT is((SELECT knee_rehab.recovery_km_state_merge(s)
             FROM (SELECT knee_rehab.recovery_km_state(d, r) AS s
                     FROM (VALUES (1, 10::float8, true), (1, 20, false), (2, 10, true), (2, 5, false)) AS v (g, d, r)
                    GROUP BY g) AS x),
          (SELECT knee_rehab.recovery_km_state(d, r)
             FROM (VALUES (1, 10::float8, true), (1, 20, false), (2, 10, true), (2, 5, false)) AS v (g, d, r)),
          'recovery_km_state_merge equals recovery_km_state over the union');
SELECT throws_ok($$ SELECT knee_rehab.recovery_km_state_merge(s) FROM (VALUES ('{1,1,5,1,0}'::float8[]), ('{2,0}')) AS v (s) $$,
                 '2202E', NULL, 'recovery_km_state_merge: a state of an unknown version is 2202E');

SELECT * FROM finish();
ROLLBACK;
