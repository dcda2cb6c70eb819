-- Benchmark: load_pain_trend versus PostgreSQL's regr_slope on the same
-- table, in one session, alternating A/B, median of 5 runs each.
-- Issue 4's goal: <= 1.10x regr_slope over 10M rows serially and with 2
-- parallel workers; grouped by 100k episodes <= 1.15x.
--   psql -X -v rows=10000000 -v episodes=100000 -f test/bench_trend.sql
-- (defaults: 2M rows, 20k episodes, i.e. the same 100 rows per episode).
-- Needs knee_rehab installed; creates and drops table bench_trend.
\if :{?rows}
\else
\set rows 2000000
\endif
\if :{?episodes}
\else
\set episodes 20000
\endif
\set QUIET on
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_trend;
CREATE TABLE bench_trend (episode int, load float8, pain float8);
INSERT INTO bench_trend
SELECT i % :episodes, (i % 1000) / 50.0, least(10, (i % 1000) / 200.0 + (i % 7) * 0.5)
  FROM generate_series(1, :rows) i;
VACUUM ANALYZE bench_trend;
SELECT count(*) FROM bench_trend;  -- warm the cache

CREATE FUNCTION pg_temp.bench_ms(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
BEGIN
	t0 := clock_timestamp();
	EXECUTE q;
	RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

-- A/B alternating, 5 runs each, median; returns (a_ms, b_ms, ratio b/a)
CREATE FUNCTION pg_temp.ab(a text, b text, OUT a_ms float8, OUT b_ms float8, OUT ratio float8)
LANGUAGE plpgsql AS $$
DECLARE
	ta float8[] := '{}';
	tb float8[] := '{}';
BEGIN
	PERFORM pg_temp.bench_ms(a);	-- warm-up
	PERFORM pg_temp.bench_ms(b);
	FOR i IN 1..5 LOOP
		ta := ta || pg_temp.bench_ms(a);
		tb := tb || pg_temp.bench_ms(b);
	END LOOP;
	SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) INTO a_ms FROM unnest(ta) x;
	SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) INTO b_ms FROM unnest(tb) x;
	ratio := b_ms / a_ms;
END $$;

\set QUIET off
\echo serial, whole table
SET max_parallel_workers_per_gather = 0;
SELECT round(a_ms) AS regr_slope_ms, round(b_ms) AS load_pain_trend_ms, round(ratio::numeric, 3) AS ratio
  FROM pg_temp.ab('SELECT regr_slope(pain, load) FROM bench_trend',
                  'SELECT knee_rehab.load_pain_trend(load, pain) FROM bench_trend');

\echo 2 parallel workers, whole table
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT knee_rehab.load_pain_trend(load, pain) FROM bench_trend;
SELECT round(a_ms) AS regr_slope_ms, round(b_ms) AS load_pain_trend_ms, round(ratio::numeric, 3) AS ratio
  FROM pg_temp.ab('SELECT regr_slope(pain, load) FROM bench_trend',
                  'SELECT knee_rehab.load_pain_trend(load, pain) FROM bench_trend');

\echo grouped by episode (plan as the planner chooses)
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT round(a_ms) AS regr_slope_ms, round(b_ms) AS load_pain_trend_ms, round(ratio::numeric, 3) AS ratio
  FROM pg_temp.ab('SELECT episode, regr_slope(pain, load) FROM bench_trend GROUP BY episode',
                  'SELECT episode, knee_rehab.load_pain_trend(load, pain) FROM bench_trend GROUP BY episode');

\echo the other trend aggregates, serial, for reference (regr_slope = 1)
SET max_parallel_workers_per_gather = 0;
SELECT round(a_ms) AS regr_slope_ms, round(b_ms) AS weekly_trend_ms, round(ratio::numeric, 3) AS ratio
  FROM pg_temp.ab('SELECT regr_slope(pain, load) FROM bench_trend',
                  $q$SELECT knee_rehab.weekly_trend('2024-01-01'::timestamptz + load * interval '1 day', pain) FROM bench_trend$q$);
DROP TABLE bench_trend;
