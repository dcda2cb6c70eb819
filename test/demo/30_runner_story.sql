-- make demo, section 3: one runner's story.  The runner: a high-tier
-- episode that recovered, with the most runs (ties by reference), so the
-- story has a start, a turn and an end.
-- (recovered between weeks 8 and 14: a typical course, not the slowest)
-- INTERIM (plain SQL) until knee_bend_progress / load_pain_trend /
-- ready_to_run (issue 4) land: ready = small knee bend >= target angle with
-- pain <= pain-free NRS (the settings' accessors); the pain-free capacity
-- is where the least-squares line of run pain on distance reaches the
-- pain-free NRS, fitted by PostgreSQL's own regr_slope / regr_intercept
-- per two-week block.
\echo
\echo '== 3. One runner''s story =='
SELECT e.episode_id AS runner_episode, e.external_ref AS runner_ref
  FROM demo_episode e
  JOIN LATERAL (SELECT count(*) AS runs FROM knee_rehab.load_session l
                 WHERE l.episode_id = e.episode_id AND l.kind = 'run') r ON true
-- preferred as above, else the nearest (a small clinic may have none)
 ORDER BY (e.tier = 'high' AND e.recovered AND e.days BETWEEN 56 AND 98) DESC,
          e.recovered DESC, r.runs DESC, e.external_ref LIMIT 1 \gset
SELECT external_ref AS runner, clinic_id, sex, tier, relative_risk, first_visit,
       CASE WHEN recovered THEN 'recovered on day ' || days ELSE 'not recovered, censored at day ' || days END AS outcome
  FROM demo_episode WHERE episode_id = :runner_episode;

\echo 'Knee-bend progress (weekly provocation tests):'
SELECT k.tested_at::date AS day, k.tested_at::date - e.first_visit AS "day #",
       max(k.angle_deg) FILTER (WHERE k.test = 'small_knee_bend') AS "knee bend deg",
       max(k.pain_nrs) FILTER (WHERE k.test = 'small_knee_bend') AS "pain bend",
       max(k.pain_nrs) FILTER (WHERE k.test = 'heel_on_squat') AS "pain heel-on",
       max(k.pain_nrs) FILTER (WHERE k.test = 'heel_off_squat') AS "pain heel-off",
       CASE WHEN bool_or(k.test = 'small_knee_bend' AND k.angle_deg >= knee_rehab.knee_bend_target_deg()
                         AND k.pain_nrs <= knee_rehab.pain_free_nrs())
            THEN 'ready to run' ELSE '' END AS readiness
  FROM knee_rehab.knee_test k JOIN knee_rehab.episode e USING (clinic_id, episode_id)
 WHERE k.episode_id = :runner_episode
 GROUP BY 1, 2 ORDER BY 1;

\echo 'Pain-free running capacity, two-week blocks (line of run pain on distance):'
CREATE TEMP VIEW demo_runner_blocks AS
SELECT (l.session_date - e.first_visit) / 14 AS block,
       min(l.session_date) AS from_day, max(l.session_date) AS to_day,
       count(*) AS runs, round(max(l.distance_km)::numeric, 1) AS longest_km,
       regr_slope(l.pain_during, l.distance_km) AS slope,
       regr_intercept(l.pain_during, l.distance_km) AS intercept,
       regr_r2(l.pain_during, l.distance_km) AS r2,
       max(l.pain_during) AS max_pain
  FROM knee_rehab.load_session l JOIN knee_rehab.episode e USING (clinic_id, episode_id)
 WHERE l.episode_id = :runner_episode AND l.kind = 'run'
 GROUP BY 1;
SELECT block + 1 AS block, from_day, to_day, runs, longest_km,
       round(slope::numeric, 2) AS "pain per km", CASE WHEN slope > 0 THEN round(r2::numeric, 2) END AS r2,
       CASE WHEN slope > 0 THEN round(((knee_rehab.pain_free_nrs() - intercept) / slope)::numeric, 1)::text
            WHEN max_pain <= knee_rehab.pain_free_nrs() THEN '>= ' || longest_km || ' (no pain)' END
         AS "pain-free capacity km"
  FROM demo_runner_blocks WHERE runs >= 3 ORDER BY block;
SELECT round((regr_slope((knee_rehab.pain_free_nrs() - intercept) / slope, block) / 2)::numeric, 2)
         AS "capacity trend km per week",
       CASE WHEN regr_slope((knee_rehab.pain_free_nrs() - intercept) / slope, block) > 0
            THEN 'growing: the right direction' ELSE 'not growing: review the plan' END AS verdict
  FROM demo_runner_blocks WHERE slope > 0 AND runs >= 4;
SELECT min(k.tested_at)::date AS first_ready_on, min(k.tested_at)::date - min(e.first_visit) AS days_to_ready
  FROM knee_rehab.knee_test k JOIN knee_rehab.episode e USING (clinic_id, episode_id)
 WHERE k.episode_id = :runner_episode AND k.test = 'small_knee_bend'
   AND k.angle_deg >= knee_rehab.knee_bend_target_deg() AND k.pain_nrs <= knee_rehab.pain_free_nrs();
