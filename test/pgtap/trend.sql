-- load_pain_trend and weekly_trend: aggregate properties (parallel safe,
-- combine function, concrete state), agreement with PostgreSQL's regr_*
-- on several data sets, combine edge cases, errors and the setting.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(32);

-- ---- aggregate definitions
SELECT is_aggregate('knee_rehab', 'load_pain_trend', ARRAY['double precision', 'double precision']);
SELECT is_aggregate('knee_rehab', 'weekly_trend', ARRAY['timestamp with time zone', 'double precision']);
SELECT results_eq($$
  SELECT p.proname::text COLLATE "default", a.aggtranstype::regtype::text, a.aggcombinefn <> 0, p.proparallel::text
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
   WHERE p.pronamespace = 'knee_rehab'::regnamespace AND p.proname IN ('load_pain_trend', 'weekly_trend')
     AND p.pronargs = 2
   ORDER BY p.proname $$,
  $$ VALUES ('load_pain_trend', 'double precision[]', true, 's'), ('weekly_trend', 'double precision[]', true, 's') $$,
  'float8[] state, a combine function, PARALLEL SAFE');
SELECT is((SELECT t.proname::text COLLATE "default" FROM pg_aggregate a JOIN pg_proc t ON t.oid = a.aggtransfn
            WHERE a.aggfnoid = 'knee_rehab.load_pain_trend(float8, float8)'::regprocedure),
          'load_pain_trend_accum', 'load_pain_trend has its own transition (float8_regr_accum''s arithmetic, overflow named)');
SELECT volatility_is('knee_rehab', 'load_pain_trend_final', ARRAY['double precision[]'], 'stable');
SELECT has_type('knee_rehab', 'load_pain_trend_result', 'result type load_pain_trend_result');
SELECT has_type('knee_rehab', 'weekly_trend_result', 'result type weekly_trend_result');

-- ---- equality with regr_slope / regr_intercept / corr / regr_r2 on
-- 20 scattered data sets (deterministic pseudo-random: multiplicative hashes), grouped
CREATE TEMP TABLE rnd AS
SELECT g AS grp, load,
       greatest(0, least(10, 0.6 * load + g % 3 + ((g * 104729 + i * 7919) % 1000) / 333.0 - 1)) AS pain
  FROM generate_series(1, 20) g, generate_series(1, 5 + 7 * 20) i,
       LATERAL (SELECT ((i * 48271 + g * 16807) % 1500) / 100.0::float8 AS load) l
 WHERE i <= 5 + g * 7;
SELECT is((SELECT count(*) FROM (
  SELECT grp, load_pain_trend(load, pain) AS t, regr_slope(pain, load) AS rs,
         regr_intercept(pain, load) AS ri, corr(pain, load) AS rc, regr_r2(pain, load) AS r2
    FROM rnd GROUP BY grp) s
   WHERE (t).slope = rs AND (t).intercept = ri AND (t).r = rc AND (t).r2 = r2), 20::bigint,
  'slope, intercept, r, r2 equal regr_slope/regr_intercept/corr/regr_r2 on 20 random data sets');
SELECT ok((SELECT (t).n = rn AND (t).slope = rs
             FROM (SELECT load_pain_trend(load, pain) AS t, regr_count(pain, load) AS rn,
                          regr_slope(pain, load) AS rs FROM rnd) s),
          'whole-table result equals regr_slope');
-- Large offset in the loads (Youngs-Cramer keeps precision): pain = 2 + 0.5 (load - 1e6).
SELECT is((SELECT round((load_pain_trend(1e6 + x, 2 + 0.5 * x)).slope::numeric, 9)
             FROM generate_series(0, 20) x), 0.5::numeric, 'slope exact with loads near 1e6');

-- The 20 data sets times 1e152 (issue 13 item 8): float8_regr_accum's
-- squared deviations (n x 1.5e153)^2 overflow before its scale, and
-- regr_intercept / corr overflow in Sx Sxy and Sxx Syy; the figures must
-- equal the unscaled ones (slope, r, r2 unchanged, intercept x 1e152) to
-- 12 digits, r in [-1, 1] and r2 in [0, 1] (x 1e153 the sums of squares
-- themselves, about 3e309, would be beyond float8: 22003).
SELECT is((SELECT count(*) FROM (
  SELECT grp, load_pain_trend(load * 1e152, pain * 1e152) AS t, regr_slope(pain, load) AS rs,
         regr_intercept(pain, load) AS ri, corr(pain, load) AS rc, regr_r2(pain, load) AS r2
    FROM rnd GROUP BY grp) s
   WHERE abs((t).slope - rs) <= 1e-12 * abs(rs) AND abs((t).intercept / 1e152 - ri) <= 1e-12 * greatest(abs(ri), 1)
     AND abs((t).r - rc) <= 1e-12 AND abs((t).r2 - r2) <= 1e-12 AND abs((t).r) <= 1 AND (t).r2 BETWEEN 0 AND 1),
  20::bigint, 'loads and pains x 1e152: the unscaled slope, intercept x 1e152, r and r2 on 20 data sets');

-- ---- combine: the transposed state merges exactly like
-- float8_regr_combine merges regr_slope(pain, load)'s state
SELECT lives_ok($$ SELECT load_pain_trend_combine('{0,0,0,0,0,0}', '{0,0,0,0,0,0}') $$, 'combine of two empty states');
SELECT is(load_pain_trend_combine('{0,0,0,0,0,0}', '{3,1,2,3,4,2}'), '{3,1,2,3,4,2}'::float8[], 'empty + state = state');
SELECT is(load_pain_trend_combine('{3,1,2,3,4,2}', '{0,0,0,0,0,0}'), '{3,1,2,3,4,2}'::float8[], 'state + empty = state');
-- {N, Sx, Sxx, Sy, Syy, Sxy} of (pain, load) points {(0,1), (1,2)} and {(1,3), (3,4), (4,5)}:
-- transposed merge [pain sums | load sums] equals regr's merge with the halves swapped.
SELECT is(load_pain_trend_combine(ARRAY[2, 1, 0.5, 3, 0.5, 0.5]::float8[], ARRAY[3, 8, 4.6666666666666667, 12, 2, 3]::float8[]),
          (SELECT ARRAY[r[1], r[4], r[5], r[2], r[3], r[6]]
             FROM (SELECT float8_regr_combine(ARRAY[2, 3, 0.5, 1, 0.5, 0.5]::float8[],
                                             ARRAY[3, 12, 2, 8, 4.6666666666666667, 3]::float8[]) AS r) c),
          'combine of the transposed state = float8_regr_combine of regr_slope(pain, load)''s state, transposed');
SELECT throws_ok($$ SELECT load_pain_trend_combine('{1,2}', '{0,0,0,0,0,0}') $$, '2202E', NULL,
                 'malformed state: 2202E');

-- ---- errors
SELECT throws_ok($$ SELECT load_pain_trend(l, p) FROM (VALUES (1.0::float8, 'NaN'::float8)) v(l, p) $$,
                 '22003', 'load_pain_trend: pain must be a finite number', 'NaN pain: 22003');
SELECT throws_ok($$ SELECT load_pain_trend(l, p) FROM (VALUES ('-Infinity'::float8, 1.0::float8)) v(l, p) $$,
                 '22003', 'load_pain_trend: load must be a finite number', '-Infinity load: 22003');
SELECT throws_ok($$ SELECT weekly_trend(t, v) FROM (VALUES (now(), 'Infinity'::float8)) x(t, v) $$,
                 '22003', 'value must be a finite number', 'Infinity value: 22003');
SELECT throws_ok($$ SELECT weekly_trend(t, 1) FROM (VALUES ('infinity'::timestamptz)) x(t) $$,
                 '22003', NULL, 'infinite time: 22003');
SELECT throws_ok($$ SELECT weekly_trend(t, v) FROM (VALUES (now(), 1e308::float8), (now() + interval '1 day', 1e308)) x(t, v) $$,
                 '22003', 'value out of range: overflow', 'sums overflowing float8: 22003');

-- ---- the setting: capacity = (pain_free_nrs - intercept) / slope; pain = load - 1
CREATE TEMP TABLE line AS SELECT x::float8 AS load, x - 1.0::float8 AS pain FROM generate_series(1, 5) x;
SELECT is((SELECT (load_pain_trend(load, pain)).pain_free_capacity FROM line), 1::float8,
          'pain_free_nrs 0: capacity 1');
SET LOCAL knee_rehab.pain_free_nrs = 3;
SELECT is((SELECT (load_pain_trend(load, pain)).pain_free_capacity FROM line), 4::float8,
          'pain_free_nrs 3: capacity 4');
SELECT is((SELECT load_pain_trend(load, pain, 3)::text FROM line), (SELECT load_pain_trend(load, pain)::text FROM line),
          'load_pain_trend(load, pain, 3) = the 2-argument form under SET pain_free_nrs 3');
RESET knee_rehab.pain_free_nrs;
-- ---- the level passed in (issue 14: the same result wherever it finishes)
SELECT is((SELECT (load_pain_trend(load, pain, 2)).pain_free_capacity FROM line), 3::float8,
          'level 2 passed, session at 0: capacity 3 (pain = load - 1 reaches 2 at load 3)');
SELECT results_eq($$
  SELECT a.aggtranstype::regtype::text, a.aggcombinefn::text, a.aggfinalfn::text, p.proparallel::text,
         a.agginitval COLLATE "default"
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
   WHERE a.aggfnoid = 'knee_rehab.load_pain_trend(float8, float8, float8)'::regprocedure $$,
  $$ VALUES ('double precision[]', 'load_pain_trend_level_combine', 'load_pain_trend_level_final', 's', '{0,0,0,0,0,0,NaN}') $$,
  'load_pain_trend with a level: float8[7] state, combine function, PARALLEL SAFE');
-- The combine function, as a parallel plan or Citus would call it: two
-- halves' states merge to the one-pass state, the level kept.
SELECT is((SELECT round((load_pain_trend_level_final(load_pain_trend_level_combine(
                    load_pain_trend_accum(load_pain_trend_accum('{0,0,0,0,0,0,NaN}', 1, 0, 2), 2, 1, 2),
                    load_pain_trend_accum(load_pain_trend_accum('{0,0,0,0,0,0,NaN}', 3, 2, 2), 4, 3, 2)))).pain_free_capacity::numeric, 9)),
          3::numeric, 'combine of two halves (pain = load - 1), level 2 kept: capacity 3');
SELECT throws_ok($$ SELECT load_pain_trend_level_combine(load_pain_trend_accum('{0,0,0,0,0,0,NaN}', 1, 0, 2),
                                                         load_pain_trend_accum('{0,0,0,0,0,0,NaN}', 2, 1, 3)) $$,
                 '22023', NULL, 'two parts with different levels: 22023');
SELECT throws_ok($$ SELECT load_pain_trend(load, pain, NULL) FROM line $$, '22004', NULL,
                 'a NULL level: 22004, not a skipped row');
SELECT throws_ok($$ SELECT load_pain_trend(load, pain, 11) FROM line $$, '22003', NULL, 'a level beyond NRS 10: 22003');

-- ---- weekly_trend: daily data, value = 10 + 1 per day = 7 per week
SELECT is((SELECT round((weekly_trend('2024-05-01 00:00+00'::timestamptz + d * interval '1 day', 10 + d)).slope_per_week::numeric, 9)
             FROM generate_series(0, 30) d), 7::numeric, 'one unit a day = 7 per week');
SELECT is((SELECT round((weekly_trend('2024-05-01 00:00+00'::timestamptz + d * interval '1 day', 10 + d)).intercept::numeric, 9)
             FROM generate_series(0, 30) d), 10::numeric, 'intercept at the first observation');

SELECT * FROM finish();
ROLLBACK;
