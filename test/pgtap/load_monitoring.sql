-- Load monitoring: function and aggregate properties, the view's shape and
-- security, comments, errors, ewma_acwr against a day-by-day EWMA written
-- in plain SQL, and the combine function in a partial (partitionwise) plan.
BEGIN;
SET search_path = knee_rehab, public;
SET TimeZone = 'UTC';
SELECT plan(26);

CREATE FUNCTION pg_temp.explain_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r text;
BEGIN
  FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT r; END LOOP;
END $f$;

-- ---- functions and aggregates
SELECT function_returns('knee_rehab', 'pain_monitor',
  ARRAY['double precision', 'double precision', 'double precision'], 'text');
SELECT volatility_is('knee_rehab', 'pain_monitor',
  ARRAY['double precision', 'double precision', 'double precision'], 'stable');
SELECT isnt_strict('knee_rehab', 'pain_monitor',
  ARRAY['double precision', 'double precision', 'double precision']);
SELECT is(knee_rehab.pain_monitor(3, NULL), 'acceptable', 'pain_monitor: baseline defaults to 0, next morning NULL judged on pain during');
SELECT is_aggregate('knee_rehab', 'ewma_acwr', ARRAY['date', 'double precision']);
SELECT is_aggregate('knee_rehab', 'ewma_loads', ARRAY['date', 'double precision']);
SELECT results_eq($$
  SELECT p.proname::text COLLATE "default", a.aggtranstype::regtype::text, a.aggcombinefn::regproc::text,
         p.proparallel::text, a.aggfinalmodify::text
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
   WHERE p.pronamespace = 'knee_rehab'::regnamespace AND p.proname IN ('ewma_acwr', 'ewma_loads')
   ORDER BY 1 $$,
  $$ VALUES ('ewma_acwr', 'double precision[]', 'ewma_acwr_combine', 's', 'r'),
            ('ewma_loads', 'double precision[]', 'ewma_acwr_combine', 's', 'r') $$,
  'ewma_acwr and ewma_loads: float8[] state, a combine function, PARALLEL SAFE, read-only final function');

-- ---- errors
SELECT throws_ok($$ SELECT knee_rehab.ewma_acwr(d, l) FROM (VALUES (date '2026-01-02', 1::float8), ('2026-01-01', 1)) v(d, l) $$,
  '22023', 'ewma_acwr input must be ordered by day', 'rows out of day order: 22023');
SELECT throws_ok($$ SELECT knee_rehab.ewma_acwr(d, l) OVER (ORDER BY d) FROM (VALUES (date '2026-01-01', -0.5::float8)) v(d, l) $$,
  '22003', 'load must be a finite number >= 0', 'negative load: 22003');
SELECT throws_ok($$ SELECT knee_rehab.pain_monitor(11, 0) $$,
  '22003', 'pain_during must be between 0 and 10 NRS points', 'pain_monitor range: 22003');
SELECT lives_ok($$ SELECT knee_rehab.ewma_acwr(d, l ORDER BY d) FROM (VALUES (date '2026-01-02', 1::float8), ('2026-01-01', 1)) v(d, l) $$,
  'ewma_acwr(day, load ORDER BY day) sorts its own input');

-- ---- ewma_acwr against the same EWMA written day by day in plain SQL
-- 3 episodes, starting on different days, 120 days each, a session on
-- about 60 % of the days (some with two sessions), gaps up to 9 days.
CREATE TEMP TABLE s (episode int, day date, load float8);
INSERT INTO s
SELECT e, date '2026-01-01' + e * 5 + i, ((i * 37 + e * 11) % 13)::float8
  FROM generate_series(1, 3) e, generate_series(0, 119) i
 WHERE (i * 7 + e) % 10 < 6 OR i IN (0, 119);
INSERT INTO s SELECT episode, day, 2.5 FROM s WHERE extract(day FROM day)::int % 9 = 0;
CREATE TEMP TABLE plain AS
WITH RECURSIVE daily AS (
  SELECT c.episode, c.day, COALESCE(sum(s.load), 0) AS l,
         row_number() OVER (PARTITION BY c.episode ORDER BY c.day) AS n
    FROM (SELECT episode, generate_series(min(day), max(day), '1 day')::date AS day
            FROM s GROUP BY episode) c
    LEFT JOIN s USING (episode, day)
   GROUP BY c.episode, c.day
), ew AS (
  SELECT episode, day, n, l AS a, l AS c FROM daily WHERE n = 1
  UNION ALL
  SELECT d.episode, d.day, d.n, 0.25 * d.l + 0.75 * ew.a, (2.0 / 29) * d.l + (27.0 / 29) * ew.c
    FROM ew JOIN daily d ON d.episode = ew.episode AND d.n = ew.n + 1
)
SELECT episode, day, a / NULLIF(c, 0) AS ratio FROM ew;
SELECT is((SELECT count(*) FROM plain), 3 * 120::bigint, 'the plain-SQL EWMA covers every calendar day');
SELECT is((SELECT max(abs(w.r - p.ratio)) < 1e-12
             FROM (SELECT episode, day, knee_rehab.ewma_acwr(day, load)
                          OVER (PARTITION BY episode ORDER BY day) AS r FROM s) w
             JOIN plain p USING (episode, day)), true,
          'ewma_acwr matches a day-by-day EWMA (recursive CTE) on every row, within 1e-12');
SELECT is((SELECT count(DISTINCT (episode, day)) FROM s) > 200, true, 'the comparison has gaps and same-day sessions (over 200 session days)');

-- ---- combine: partial aggregates per partition, combined in a Finalize step
CREATE TEMP TABLE sp (episode int, day date, load float8) PARTITION BY RANGE (day);
CREATE TEMP TABLE sp1 PARTITION OF sp FOR VALUES FROM ('2026-01-01') TO ('2026-02-15');
CREATE TEMP TABLE sp2 PARTITION OF sp FOR VALUES FROM ('2026-02-15') TO ('2026-03-20');
CREATE TEMP TABLE sp3 PARTITION OF sp FOR VALUES FROM ('2026-03-20') TO ('2027-01-01');
INSERT INTO sp SELECT * FROM s ORDER BY episode, day;
SET LOCAL enable_partitionwise_aggregate = on;
-- Hash aggregation keeps each partition's scan order (day order here);
-- a sort by episode would not keep days in order within an episode.
SET LOCAL enable_sort = off;
SELECT ok((SELECT string_agg(l, E'\n') FROM (SELECT * FROM pg_temp.explain_lines(
             'SELECT episode, knee_rehab.ewma_acwr(day, load) FROM sp GROUP BY episode')) x(l))
          LIKE '%Partial%Aggregate%', 'the plan aggregates each partition partially');
SELECT results_eq(
  $$ SELECT episode, round(knee_rehab.ewma_acwr(day, load)::numeric, 12) FROM sp GROUP BY episode ORDER BY 1 $$,
  $$ SELECT episode, round(knee_rehab.ewma_acwr(day, load ORDER BY day)::numeric, 12) FROM s GROUP BY episode ORDER BY 1 $$,
  'combined partial states give the serial result');
SELECT results_eq(
  $$ SELECT episode, round(knee_rehab.ewma_acwr(day, load)::numeric, 12) FROM sp GROUP BY episode ORDER BY 1 $$,
  $$ SELECT episode, round(ratio::numeric, 12) FROM plain WHERE (episode, day) IN (SELECT episode, max(day) FROM s GROUP BY 1) ORDER BY 1 $$,
  'and the day-by-day EWMA at each episode''s last day');
RESET enable_partitionwise_aggregate;
RESET enable_sort;

-- ---- the view
SELECT has_view('knee_rehab', 'load_monitoring', 'view load_monitoring exists');
SELECT ok((SELECT 'security_invoker=true' = ANY (reloptions) FROM pg_class
            WHERE oid = 'knee_rehab.load_monitoring'::regclass),
          'load_monitoring is security_invoker (row-level security on the tables holds)');
SELECT columns_are('knee_rehab', 'load_monitoring', ARRAY['clinic_id', 'episode_id', 'day', 'sessions',
  'run_km', 'run_min', 'strength_volume_kg', 'ewma_acute_km', 'ewma_chronic_km', 'acwr_ewma',
  'acwr_rolling', 'acwr_uncoupled', 'acwr_spike', 'longest_run_km', 'longest_run_prev_30d_km',
  'single_run_spike', 'single_run_spike_grade', 'single_run_spike_hrr', 'days_since_previous_session',
  'rest_gap', 'pain_during_max', 'pain_response', 'pain_model', 'knee_bend_angle_deg', 'knee_bend_pain_free', 'pain_response_rank']);
SELECT is_empty($$
  SELECT a.attname FROM pg_attribute a
   WHERE a.attrelid = 'knee_rehab.load_monitoring'::regclass AND a.attnum > 0
     AND col_description(a.attrelid, a.attnum) IS NULL $$, 'every column of load_monitoring has a comment');
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'knee_rehab'::regnamespace
     AND (p.proname LIKE 'ewma%' OR p.proname = 'pain_monitor')
     AND obj_description(p.oid, 'pg_proc') IS NULL $$, 'every load-monitoring function and aggregate has a comment');
SELECT ok(obj_description('knee_rehab.load_monitoring'::regclass, 'pg_class') LIKE '%not an injury probability (Impellizzeri 2020)%',
          'the view''s comment says ACWR is not an injury probability');
SELECT ok(obj_description('knee_rehab.ewma_acwr(date, float8)'::regprocedure, 'pg_proc') LIKE '%not an injury probability (Impellizzeri 2020)%',
          'ewma_acwr''s comment says it is not an injury probability');

-- Row-level security through the view: a role that sees clinic c1 only.
INSERT INTO knee_rehab.patient (patient_id, clinic_id) VALUES (901, 'c1'), (902, 'c2');
INSERT INTO knee_rehab.episode (episode_id, clinic_id, patient_id, first_visit)
VALUES (901, 'c1', 901, '2026-01-01'), (902, 'c2', 902, '2026-01-01');
INSERT INTO knee_rehab.load_session (clinic_id, episode_id, session_date, kind, distance_km)
VALUES ('c1', 901, '2026-01-01', 'run', 5), ('c2', 902, '2026-01-01', 'run', 7);
CREATE ROLE kr_lm_reader;
SELECT knee_rehab.grant_clinic_access('kr_lm_reader', 'c1', 'rows');
-- (pgTAP's own bookkeeping belongs to the session user: read as the
-- reader into a temp table, check it afterwards.)
SET LOCAL ROLE kr_lm_reader;
CREATE TEMP TABLE rls_seen AS SELECT episode_id, run_km FROM knee_rehab.load_monitoring;
RESET ROLE;
SELECT results_eq($$ SELECT episode_id, run_km FROM rls_seen ORDER BY 1 $$,
                  $$ VALUES (901::bigint, 5::float8) $$,
                  'through the view a clinic-c1 reader sees only clinic c1''s sessions');
SELECT results_eq($$ SELECT episode_id, run_km FROM knee_rehab.load_monitoring WHERE episode_id > 900 ORDER BY 1 $$,
                  $$ VALUES (901::bigint, 5::float8), (902, 7) $$,
                  'the table owner sees both clinics');

SELECT * FROM finish();
ROLLBACK;
