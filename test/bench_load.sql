-- Benchmark (not a test): ewma_acwr as a window aggregate over 1M sessions
-- in 10k episodes, against the same EWMA in plain SQL (a recursive CTE over
-- a calendar-day series).  Run on a throwaway cluster with knee_rehab
-- installed, e.g.
--   flock /tmp/knee_rehab.test.lock bash -c 'make -s install && . test/cluster.sh &&
--     cluster_start && psql -X -c "CREATE EXTENSION knee_rehab" -f test/bench_load.sql; cluster_stop'
-- Compare the "Time:" lines: (1) against (2) + (3) + (3b), and (4).
-- SPDX-License-Identifier: GPL-3.0-or-later
\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

-- 10k episodes x 100 sessions over about 140 calendar days (gaps of 1-3
-- days, some days with two sessions), loads 0-12 km.
DROP TABLE IF EXISTS bench_session;
CREATE TABLE bench_session AS
SELECT e AS episode, date '2025-01-01' + (e % 30) + (i * 7) / 5 AS day,
       ((i * 37 + e * 11) % 13)::float8 AS load
  FROM generate_series(1, 10000) AS e, generate_series(0, 99) AS i;
VACUUM ANALYZE bench_session;
SELECT count(*) AS sessions, count(DISTINCT episode) AS episodes FROM bench_session;

\timing on
-- (1) the window aggregate: one ratio per session row.
SELECT count(r), round(sum(r)::numeric, 6) AS checksum
  FROM (SELECT knee_rehab.ewma_acwr(day, load) OVER (PARTITION BY episode ORDER BY day) AS r
          FROM bench_session) AS x;

-- (2) plain SQL, step 1: the calendar series with daily loads (0 on days
-- without a session), numbered per episode, indexed for the recursion.
DROP TABLE IF EXISTS bench_daily;
CREATE TEMP TABLE bench_daily AS
SELECT c.episode, c.day, COALESCE(sum(s.load), 0) AS l,
       row_number() OVER (PARTITION BY c.episode ORDER BY c.day) AS n
  FROM (SELECT episode, generate_series(min(day), max(day), '1 day')::date AS day
          FROM bench_session GROUP BY episode) AS c
  LEFT JOIN bench_session AS s USING (episode, day)
 GROUP BY c.episode, c.day;
CREATE INDEX ON bench_daily (n, episode);
ANALYZE bench_daily;

-- (3) plain SQL, step 2: the EWMA day by day (recursive CTE).  Each
-- recursion step must look its 10k days up through the index: left to
-- itself the planner hash-joins the whole 1.4M-day series at every step
-- (over 4 minutes here instead of seconds).
SET enable_hashjoin = off;
SET enable_mergejoin = off;
CREATE TEMP TABLE bench_ew AS
WITH RECURSIVE ew AS (
  SELECT episode, day, n, l AS a, l AS c FROM bench_daily WHERE n = 1
  UNION ALL
  SELECT d.episode, d.day, d.n, 0.25 * d.l + 0.75 * ew.a, (2.0 / 29) * d.l + (27.0 / 29) * ew.c
    FROM ew JOIN bench_daily AS d ON d.n = ew.n + 1 AND d.episode = ew.episode)
SELECT episode, day, a / NULLIF(c, 0) AS r FROM ew;
RESET enable_hashjoin;
RESET enable_mergejoin;

-- (3b) plain SQL, step 3: back to one ratio per session row.
SELECT count(r), round(sum(r)::numeric, 6) AS checksum
  FROM bench_ew JOIN bench_session USING (episode, day);

-- (4) plain SQL, window trick: the closed form
--   EWMA_n = (1-lambda)^n * (L_0 + sum_{0<k<=n} lambda L_k (1-lambda)^-k),
-- n = days since the episode's first day, one running sum per average
-- over the sessions themselves.  It overflows after about 2,400 days
-- ((0.75)^-n > 1e308) and loses precision long before; shown for speed.
SELECT count(r), round(sum(r)::numeric, 6) AS checksum
  FROM (SELECT a / NULLIF(c, 0) AS r
          FROM (SELECT power(0.75::float8, n) *
                       sum(CASE WHEN n = 0 THEN load ELSE 0.25::float8 * load END
                           * power(0.75::float8, -n)) OVER w AS a,
                       power(27::float8 / 29, n) *
                       sum(CASE WHEN n = 0 THEN load ELSE 2::float8 / 29 * load END
                           * power(27::float8 / 29, -n)) OVER w AS c
                  FROM (SELECT episode, day, load,
                               (day - min(day) OVER (PARTITION BY episode))::float8 AS n
                          FROM bench_session) AS s
                WINDOW w AS (PARTITION BY episode ORDER BY day)) AS x) AS y;
\timing off
DROP TABLE bench_session;
