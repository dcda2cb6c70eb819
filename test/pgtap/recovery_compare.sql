-- recovery_compare_state / recovery_compare_merge: aggregate properties,
-- parallel plans equal serial ones on 200,000 rows, per-clinic merge equals
-- the one-level state, the bounds, and errors with exact SQLSTATEs.  The
-- numbers against R are in sql/recovery_compare.sql.
BEGIN;
SELECT plan(22);

SELECT is((SELECT aggcombinefn::text FROM pg_aggregate WHERE aggfnoid = 'knee_rehab.recovery_compare_state(float8, boolean, text)'::regprocedure),
          'knee_rehab.recovery_compare_combine', 'recovery_compare_state has a combine function');
SELECT is((SELECT aggtranstype::regtype::text FROM pg_aggregate WHERE aggfnoid = 'knee_rehab.recovery_compare_state(float8, boolean, text)'::regprocedure),
          'knee_rehab.recovery_compare_data', 'recovery_compare_state has a concrete composite state type');
SELECT is((SELECT aggfinalmodify::text FROM pg_aggregate WHERE aggfnoid = 'knee_rehab.recovery_compare_state(float8, boolean, text)'::regprocedure),
          'r', 'the final function does not modify the state');
SELECT is((SELECT array_agg(proparallel::text ORDER BY oid) FROM pg_proc WHERE oid IN (
             'knee_rehab.recovery_compare_state(float8, boolean, text)'::regprocedure,
             'knee_rehab.recovery_compare_merge(knee_rehab.recovery_compare_data)'::regprocedure)),
          '{s,s}'::text[], 'recovery_compare_state and recovery_compare_merge are PARALLEL SAFE');
SELECT function_returns('knee_rehab', 'recovery_hazard_ratios', ARRAY['knee_rehab.recovery_compare_data', 'text'], 'setof record');

-- 200,000 episodes, 365 distinct days, 4 tiers and NULL, two clinics with the same episode ids.
CREATE TABLE cmp_big AS
  SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS clinic, i / 2 AS episode,
         ((i * 7919) % 365)::float8 AS days, i % 3 <> 0 AS recovered,
         (ARRAY['low', 'moderate', 'high', 'very high', NULL])[1 + (i * 31) % 5] AS tier
    FROM generate_series(1, 200000) AS i;
ANALYZE cmp_big;
CREATE TEMP TABLE serial AS
  SELECT knee_rehab.recovery_compare_state(days, recovered, tier) AS s FROM cmp_big;

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
SELECT matches(pg_temp.plan_of('SELECT knee_rehab.recovery_compare_state(days, recovered, tier) FROM cmp_big'),
               'Partial Aggregate', 'recovery_compare_state runs as a parallel (partial) aggregate');
SELECT is((SELECT knee_rehab.recovery_compare_state(days, recovered, tier) FROM cmp_big), (SELECT s FROM serial),
          'the parallel state equals the serial one exactly');
SELECT is((SELECT knee_rehab.recovery_compare_merge(s) FROM
             (SELECT clinic, knee_rehab.recovery_compare_state(days, recovered, tier) AS s FROM cmp_big GROUP BY clinic) c),
          (SELECT s FROM serial), 'merging the per-clinic states (parallel plan) gives the one-level state');
RESET max_parallel_workers_per_gather;
SELECT is((SELECT (s).cohorts FROM serial), '{high,low,moderate,"not recorded","very high"}'::text[],
          'cohorts in byte order, NULL as ''not recorded''');
SELECT is(array_length((SELECT (s).data FROM serial), 1), 3 + 365 * (1 + 2 * 5),
          'the state holds 365 distinct days x 5 cohorts: 3 + 365 x 11 elements');
-- recovery_km on the same rows: the same episodes and recoveries per cohort
SELECT is((SELECT array_agg((h.episodes, h.recovered)::text ORDER BY h.cohort) FROM serial, knee_rehab.recovery_hazard_ratios(s) h),
          (SELECT array_agg(((k).n, (k).events)::text ORDER BY c) FROM
             (SELECT coalesce(tier, 'not recorded') AS c, knee_rehab.recovery_km(days, recovered) AS k FROM cmp_big GROUP BY 1) x),
          'episodes and recoveries per cohort equal recovery_km''s');
SELECT is((SELECT (knee_rehab.recovery_logrank(s)).df FROM serial), 4, 'log-rank over 5 cohorts: df 4');

-- The bounds: 200,000 cells (distinct days x cohorts), 100 cohorts; then ERROR 54000.
SELECT lives_ok($$ SELECT knee_rehab.recovery_compare_state(i / 8.0, true, (i % 2)::text) FROM generate_series(1, 100000) i $$,
                '100,000 distinct days x 2 cohorts are accepted');
SELECT throws_ok($$ SELECT knee_rehab.recovery_compare_state(i / 8.0, true, (i % 2)::text) FROM generate_series(1, 100001) i $$,
                 '54000', 'recovery_compare_state supports at most 200000 cells (distinct values of days x cohorts)',
                 'the cell beyond 200,000 is ERROR 54000');
SELECT lives_ok($$ SELECT knee_rehab.recovery_compare_state(1, true, i::text) FROM generate_series(1, 100) i $$,
                '100 cohorts are accepted');
SELECT throws_ok($$ SELECT knee_rehab.recovery_compare_state(1, true, i::text) FROM generate_series(1, 101) i $$,
                 '54000', 'recovery_compare_state supports at most 100 cohorts', 'the 101st cohort is ERROR 54000');
SELECT throws_ok($$ SELECT knee_rehab.recovery_compare_merge(s) FROM
                      (SELECT knee_rehab.recovery_compare_state(1, true, (g * 100 + i)::text) AS s
                         FROM generate_series(1, 60) i, generate_series(1, 2) g GROUP BY g) x $$,
                 '54000', 'recovery_compare_state supports at most 100 cohorts', 'merging to 120 cohorts is ERROR 54000');
SELECT throws_ok($$ SELECT knee_rehab.recovery_compare_state(1, true, repeat('x', 1001)) $$,
                 '54000', 'cohort must be at most 1000 bytes long', 'a cohort label over 1000 bytes is ERROR 54000');
SELECT throws_ok($$ SELECT knee_rehab.recovery_compare_state(-0.5, false, 'a') $$, '22003',
                 'days must be a finite number >= 0', 'negative days are 22003');
-- Hand-made states: checked in full wherever a caller can pass one.
SELECT throws_ok($$ SELECT knee_rehab.recovery_compare_merge(s) FROM (VALUES
                      (ROW('{a}', '{1,1,1,5,1,0}')::knee_rehab.recovery_compare_data),
                      (ROW('{a}', '{1,1,1,NaN,1,0}')::knee_rehab.recovery_compare_data)) v(s) $$,
                 '2202E', 'state is not a recovery_compare_state state', 'recovery_compare_merge: a NaN day');
SELECT throws_ok($$ SELECT knee_rehab.recovery_compare_accum(ROW('{a}', '{1,1,1,5,-1,0}'), 3, true, 'a') $$,
                 '2202E', 'state is not a recovery_compare_state state', 'recovery_compare_accum: a negative count');
SELECT throws_ok($$ SELECT * FROM knee_rehab.recovery_hazard_ratios(ROW('{a,a}', '{1,2,1,5,1,0,1,0}')) $$,
                 '2202E', 'state is not a recovery_compare_state state', 'recovery_hazard_ratios: a label twice');

SELECT * FROM finish();
ROLLBACK;
