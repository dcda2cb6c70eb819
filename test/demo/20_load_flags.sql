-- make demo, section 2: load-monitoring flags of the week (the last 7
-- days of the data, which end on the synthetic calendar's cut-off).
-- INTERIM (plain SQL) until load_monitoring / ewma_acwr (issue 5) land:
-- daily run distance with missing days as zero; EWMA acute (N = 7) and
-- chronic (N = 28) loads, both starting at the first day's load, in the
-- closed form E_t = (1 - l)^(t - t0) L_t0 + sum_{t0 < i <= t} l (1 - l)^(t - i) L_i,
-- l = 2 / (N + 1) (Williams 2017); spike = ACWR >= 1.5 (Gabbett 2016) or a
-- run > 10 % longer than the longest of the previous 30 days (clinical
-- reference, HR 1.64); excessive pain = during > 5 or worse next morning
-- (Thomee 1997; Silbernagel 2007); rest gap = more than 7 days without a
-- session.  ACWR is descriptive, not an injury probability (Impellizzeri 2020).
\echo
\echo '== 2. Load-monitoring flags of the week =='
CREATE TEMP VIEW demo_week AS
WITH bounds AS (
  SELECT max(session_date) AS week_end, max(session_date) - 6 AS week_start FROM knee_rehab.load_session
), active AS (
  SELECT DISTINCT l.episode_id FROM knee_rehab.load_session l, bounds b
   WHERE l.session_date BETWEEN b.week_start AND b.week_end
), runs AS (
  SELECT l.episode_id, l.session_date AS d, sum(l.distance_km) AS km,
         min(l.session_date) OVER (PARTITION BY l.episode_id) AS t0
    FROM knee_rehab.load_session l
    JOIN active USING (episode_id)
   WHERE l.kind = 'run' AND l.distance_km IS NOT NULL GROUP BY 1, 2
), ewma AS (
  SELECT r.episode_id,
         sum(r.km * CASE WHEN r.d = r.t0 THEN power(1 - 2 / 8.0, b.week_end - r.d)
                         ELSE 2 / 8.0 * power(1 - 2 / 8.0, b.week_end - r.d) END) AS acute,
         sum(r.km * CASE WHEN r.d = r.t0 THEN power(1 - 2 / 29.0, b.week_end - r.d)
                         ELSE 2 / 29.0 * power(1 - 2 / 29.0, b.week_end - r.d) END) AS chronic
    FROM runs r, bounds b
   WHERE r.d <= b.week_end
   GROUP BY r.episode_id
), flags AS (
  SELECT a.episode_id,
         bool_or(l.kind = 'run' AND l.distance_km > 1.1 * (
                   SELECT max(p.distance_km) FROM knee_rehab.load_session p
                    WHERE p.episode_id = l.episode_id AND p.kind = 'run'
                      AND p.session_date >= l.session_date - 30 AND p.session_date < l.session_date)) AS long_run,
         bool_or(l.pain_during > 5 OR l.pain_next_morning > coalesce(l.pain_before, 0)) AS excessive_pain,
         max(l.pain_during) AS max_pain
    FROM active a JOIN knee_rehab.load_session l USING (episode_id), bounds b
   WHERE l.session_date BETWEEN b.week_start AND b.week_end
   GROUP BY a.episode_id
), gaps AS (
  SELECT episode_id, max(gap) AS longest_gap FROM (
    SELECT l.episode_id, l.session_date - lag(l.session_date) OVER (PARTITION BY l.episode_id ORDER BY l.session_date) AS gap
      FROM knee_rehab.load_session l JOIN active USING (episode_id)) g
   GROUP BY episode_id
)
SELECT e.external_ref, e.clinic_id, e.tier, f.episode_id,
       round(w.acute::numeric, 2) AS acute_km, round(w.chronic::numeric, 2) AS chronic_km,
       round((w.acute / nullif(w.chronic, 0))::numeric, 2) AS acwr,
       coalesce(w.acute / nullif(w.chronic, 0) >= 1.5, false) AS acwr_spike,
       coalesce(f.long_run, false) AS long_run, coalesce(f.excessive_pain, false) AS excessive_pain,
       f.max_pain, coalesce(g.longest_gap > 7, false) AS rest_gap
  FROM flags f
  JOIN demo_episode e USING (episode_id)
  LEFT JOIN ewma w USING (episode_id)
  LEFT JOIN gaps g USING (episode_id);

SELECT (SELECT week_start || ' .. ' || week_end FROM (SELECT max(session_date) - 6 AS week_start, max(session_date) AS week_end FROM knee_rehab.load_session) b) AS week,
       count(*) AS active_runners,
       count(*) FILTER (WHERE acwr_spike) AS "ACWR >= 1.5",
       count(*) FILTER (WHERE long_run) AS "run > 110 % of 30-day longest",
       count(*) FILTER (WHERE excessive_pain) AS "excessive pain",
       count(*) FILTER (WHERE rest_gap) AS "rest gap > 7 days in episode"
  FROM demo_week;
\echo 'Runners to call this week (most flags first):'
SELECT external_ref, clinic_id, tier, acute_km, chronic_km, acwr, max_pain,
       concat_ws(', ', CASE WHEN acwr_spike THEN 'ACWR spike' END, CASE WHEN long_run THEN 'long run' END,
                 CASE WHEN excessive_pain THEN 'excessive pain' END, CASE WHEN rest_gap THEN 'rest gap' END) AS flags
  FROM demo_week
 WHERE acwr_spike OR long_run OR excessive_pain
 ORDER BY acwr_spike::int + long_run::int + excessive_pain::int DESC, acwr DESC NULLS LAST, external_ref
 LIMIT 10;
