-- make demo, section 3: one runner's story.  The runner: a high-tier
-- episode that recovered between weeks 8 and 14 (a typical course, not the
-- slowest), with the most runs (ties by reference), so the story has a
-- start, a turn and an end.  Everything comes from the extension:
-- episode_outcome (risk, knee_bend_progress and load_pain_trend of the
-- episode), ready_to_run per test, load_pain_trend per two-week block and
-- weekly_trend of the blocks' pain-free capacity.
\echo
\echo '== 3. One runner''s story =='
\echo '(a synthetic runner: the course follows from the simulator''s assumptions, not from data)'
SELECT e.clinic_id AS runner_clinic, e.episode_id AS runner_episode, e.external_ref AS runner_ref
  FROM demo_episode AS e
-- preferred as above, else the nearest (a small clinic may have none)
 ORDER BY (e.risk_tier = 'high' AND e.recovered AND e.days_to_event BETWEEN 56 AND 98) DESC,
          e.recovered DESC, e.runs_with_pain DESC, e.external_ref LIMIT 1 \gset
SELECT external_ref AS runner, clinic_id, sex, risk_tier AS tier, round(relative_risk::numeric, 2) AS relative_risk,
       first_visit,
       CASE WHEN recovered THEN 'tests: recovered on day ' || days_to_event
            ELSE 'tests: not recovered, censored at day ' || days_to_event END AS outcome,
       CASE WHEN groc_recovered THEN 'day ' || groc_days_to_event ELSE 'censored at day ' || groc_days_to_event END AS groc,
       CASE WHEN return_to_run_recovered THEN 'day ' || return_to_run_days_to_event
            WHEN return_to_run_recovered IS NULL THEN 'no usual distance recorded'
            ELSE 'censored at day ' || return_to_run_days_to_event END AS return_to_run,
       baseline_nrs || ' -> ' || coalesce(latest_nrs::text, '?') AS nrs,
       baseline_akps || ' -> ' || coalesce(latest_akps::text, '?') AS akps
  FROM demo_episode WHERE clinic_id = :'runner_clinic' AND episode_id = :runner_episode;

\echo 'Knee-bend progress (weekly provocation tests; ready = ready_to_run on the small knee bend):'
SELECT k.tested_at::date AS day, k.tested_at::date - e.first_visit AS "day #",
       max(k.angle_deg) FILTER (WHERE k.test = 'small_knee_bend') AS "knee bend deg",
       max(k.pain_nrs) FILTER (WHERE k.test = 'small_knee_bend') AS "pain bend",
       max(k.pain_nrs) FILTER (WHERE k.test = 'heel_on_squat') AS "pain heel-on",
       max(k.pain_nrs) FILTER (WHERE k.test = 'heel_off_squat') AS "pain heel-off",
       CASE WHEN bool_or(k.test = 'small_knee_bend' AND knee_rehab.ready_to_run(k.angle_deg, k.pain_nrs))
            THEN 'ready to run' ELSE '' END AS readiness
  FROM knee_rehab.knee_test AS k JOIN knee_rehab.episode AS e USING (clinic_id, episode_id)
 WHERE k.clinic_id = :'runner_clinic' AND k.episode_id = :runner_episode
 GROUP BY 1, 2 ORDER BY 1;
\echo 'knee_bend_progress over the episode''s small knee bends (slopes per week, 95 % CI):'
SELECT p.n AS tests, p.trend, p.first_angle_deg || ' -> ' || p.last_angle_deg AS "angle deg",
       p.best_pain_free_angle_deg AS "best pain-free deg",
       round(p.angle_slope_per_week::numeric, 1) || ' (' || round(p.angle_slope_ci_low::numeric, 1) || ' .. '
         || round(p.angle_slope_ci_high::numeric, 1) || ')' AS "angle deg/week",
       round(p.pain_slope_per_week::numeric, 2) || ' (' || round(p.pain_slope_ci_low::numeric, 2) || ' .. '
         || round(p.pain_slope_ci_high::numeric, 2) || ')' AS "pain NRS/week",
       p.first_ready_at::date AS first_ready_on, p.first_ready_at::date - e.first_visit AS days_to_ready
  FROM (SELECT (knee_rehab.knee_bend_progress(k.tested_at, k.angle_deg, k.pain_nrs)).*
          FROM knee_rehab.knee_test AS k
         WHERE k.clinic_id = :'runner_clinic' AND k.episode_id = :runner_episode AND k.test = 'small_knee_bend') AS p
 CROSS JOIN knee_rehab.episode AS e
 WHERE e.clinic_id = :'runner_clinic' AND e.episode_id = :runner_episode;

\echo 'Pain-free running capacity, two-week blocks (load_pain_trend: run pain on distance):'
CREATE TEMP VIEW demo_runner_blocks AS
SELECT b.block, b.from_day, b.to_day, b.longest_km, (b.t).*
  FROM (SELECT (l.session_date - e.first_visit) / 14 AS block,
               min(l.session_date) AS from_day, max(l.session_date) AS to_day,
               round(max(l.distance_km)::numeric, 1) AS longest_km,
               knee_rehab.load_pain_trend(l.distance_km, l.pain_during) AS t
          FROM knee_rehab.load_session AS l JOIN knee_rehab.episode AS e USING (clinic_id, episode_id)
         WHERE l.clinic_id = :'runner_clinic' AND l.episode_id = :runner_episode AND l.kind = 'run'
         GROUP BY 1) AS b;
SELECT block + 1 AS block, from_day, to_day, n AS runs, longest_km,
       round(slope::numeric, 2) AS "pain per km",
       CASE WHEN slope > 0 THEN round(r2::numeric, 2) END AS r2,
       CASE WHEN slope > 0 THEN round(pain_free_capacity::numeric, 1)::text
            WHEN slope IS NULL OR slope <= 0 THEN 'no rising pain' END AS "pain-free capacity km"
  FROM demo_runner_blocks WHERE n >= 3 ORDER BY block;
\echo 'Capacity trend (weekly_trend of the blocks'' pain-free capacity) and the whole episode''s load-pain line:'
SELECT round(w.slope_per_week::numeric, 2) AS "capacity km per week",
       round(w.slope_ci_low::numeric, 2) || ' .. ' || round(w.slope_ci_high::numeric, 2) AS "95 % CI",
       CASE WHEN w.slope_ci_low > 0 THEN 'growing: the right direction'
            WHEN w.slope_per_week > 0 THEN 'growing, not yet clear (CI includes 0)'
            ELSE 'not growing: review the plan' END AS verdict,
       round(o.load_pain_slope::numeric, 2) AS "episode pain per km",
       round(o.pain_free_capacity_km::numeric, 1) AS "episode pain-free capacity km"
  FROM (SELECT knee_rehab.weekly_trend(from_day::timestamptz, pain_free_capacity) AS w0
          FROM demo_runner_blocks WHERE slope > 0 AND n >= 4) AS t
 CROSS JOIN LATERAL (SELECT (t.w0).*) AS w
 CROSS JOIN demo_episode AS o
 WHERE o.clinic_id = :'runner_clinic' AND o.episode_id = :runner_episode;
