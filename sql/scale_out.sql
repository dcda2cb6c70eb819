SET search_path = knee_rehab, public;
-- Two-level aggregation: *_merge over *_state per group equals the one-level
-- aggregate over all rows (the shape of a Citus query: states per
-- distribution-column group on the workers, merged across them).  The
-- one-level aggregates are themselves checked against regr_* and R in
-- trend.sql, knee_bend.sql and recovery_km.sql; here the two paths must agree
-- to rounding (summation order differs: every numeric field within a
-- relative 1e-9, the rest identical), including on groups split in odd
-- ways and on empty groups.
CREATE TABLE so_rows AS
SELECT g % 7 AS clinic, g % 13 AS episode,
       timestamptz '2026-01-05 08:00+00' + (g % 50) * interval '1 day' AS at,
       ((g * 37) % 17)::float8 AS load,
       ((g * 11) % 10)::float8 AS pain,
       (1 + (g * 53) % 120)::float8 AS days,
       (g % 3) <> 0 AS recovered
  FROM generate_series(1, 2000) AS g;
-- Two composite results agree field by field: numbers within a relative
-- 1e-9, everything else (NULLs, timestamps, text) identical.
CREATE FUNCTION pg_temp.agree(a jsonb, b jsonb) RETURNS boolean LANGUAGE sql AS $$
  SELECT bool_and(CASE WHEN jsonb_typeof(x.value) = 'number' AND jsonb_typeof(y.value) = 'number'
                       THEN abs((x.value)::text::float8 - (y.value)::text::float8)
                            <= 1e-9 * greatest(abs((x.value)::text::float8), abs((y.value)::text::float8), 1e-300)
                       ELSE x.value = y.value END)
     AND count(*) = (SELECT count(*) FROM jsonb_object_keys(a))
    FROM jsonb_each(a) AS x JOIN jsonb_each(b) AS y USING (key) $$;
-- load_pain_trend (states per clinic, merged).
SELECT pg_temp.agree((SELECT to_jsonb(load_pain_trend(load, pain)) FROM so_rows),
       (SELECT to_jsonb(load_pain_trend_merge(s))
          FROM (SELECT load_pain_trend_state(load, pain) AS s FROM so_rows GROUP BY clinic) AS x))
       AS load_pain_trend_same;
SELECT pg_temp.agree((SELECT to_jsonb(weekly_trend(at, pain)) FROM so_rows),
       (SELECT to_jsonb(weekly_trend_merge(s))
          FROM (SELECT weekly_trend_state(at, pain) AS s FROM so_rows GROUP BY episode) AS x))
       AS weekly_trend_same;
SELECT pg_temp.agree((SELECT to_jsonb(knee_bend_progress(at, load, pain)) FROM so_rows),
       (SELECT to_jsonb(knee_bend_progress_merge(s))
          FROM (SELECT knee_bend_progress_state(at, load, pain) AS s FROM so_rows GROUP BY clinic) AS x))
       AS knee_bend_progress_same;
SELECT pg_temp.agree((SELECT to_jsonb(recovery_km(days, recovered)) FROM so_rows),
       (SELECT to_jsonb(recovery_km_merge(s))
          FROM (SELECT recovery_km_state(days, recovered) AS s FROM so_rows GROUP BY clinic) AS x))
       AS recovery_km_same;
-- Empty groups merge as nothing: no states at all gives the empty result.
SELECT (load_pain_trend_merge(s)).n AS n_of_no_states
  FROM (SELECT load_pain_trend_state(load, pain) AS s FROM so_rows WHERE false) AS x;
-- A merge grouped differently from the states (per clinic, then per
-- episode parity) still equals the direct aggregate per parity.
SELECT bool_and(pg_temp.agree(a, b)) AS grouped_merge_same
  FROM (SELECT episode % 2 AS p, to_jsonb(load_pain_trend_merge(s)) AS b
          FROM (SELECT clinic, episode, load_pain_trend_state(load, pain) AS s
                  FROM so_rows GROUP BY clinic, episode) AS x GROUP BY 1) AS m
  JOIN (SELECT episode % 2 AS p, to_jsonb(load_pain_trend(load, pain)) AS a FROM so_rows GROUP BY 1) AS d USING (p);
-- A malformed state is refused, not read (2202E).
SELECT load_pain_trend_merge(s) FROM (VALUES ('{1,2,3}'::float8[])) AS v(s);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT recovery_km_merge(s) FROM (VALUES ('{1,2,3,4}'::float8[])) AS v(s);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
DROP TABLE so_rows;
