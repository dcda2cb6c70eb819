-- make demo, section 2: load-monitoring flags of the week (the last 7
-- days of the data, which end on the synthetic calendar's cut-off), from
-- knee_rehab.load_monitoring: EWMA ACWR on run km (Williams 2017), spike
-- = EWMA or rolling ACWR >= 1.5 (Gabbett 2016), a run > 10 % longer than
-- the longest of the previous 30 days (clinical reference, HR 1.64),
-- excessive pain response (Thomee 1997; Silbernagel 2007), a rest gap of
-- more than 7 days before a session this week.  ACWR is descriptive, not
-- an injury probability (Impellizzeri 2020).
\echo
\echo '== 2. Load-monitoring flags of the week =='
\echo '(synthetic sessions: the flags follow from the simulator''s assumptions, e.g. runs only after a ready small knee bend with 5 % exceptions, not findings)'
SELECT max(day) - 6 AS week_start, max(day) AS week_end FROM knee_rehab.load_monitoring WHERE sessions > 0 \gset
CREATE TEMP VIEW demo_week AS
SELECT e.external_ref, e.clinic_id, e.risk_tier AS tier, m.episode_id,
       round((array_agg(m.ewma_acute_km ORDER BY m.day DESC))[1]::numeric, 2) AS acute_km,
       round((array_agg(m.ewma_chronic_km ORDER BY m.day DESC))[1]::numeric, 2) AS chronic_km,
       round(max(m.acwr_ewma)::numeric, 2) AS acwr,
       coalesce(bool_or(m.acwr_spike), false) AS acwr_spike,
       coalesce(bool_or(m.single_run_spike), false) AS long_run,
       coalesce(bool_or(m.pain_response = 'excessive'), false) AS excessive_pain,
       max(m.pain_during_max) AS max_pain,
       coalesce(bool_or(m.rest_gap), false) AS rest_gap
  FROM knee_rehab.load_monitoring AS m
  JOIN demo_episode AS e USING (clinic_id, episode_id)
 WHERE m.day BETWEEN :'week_start' AND :'week_end' AND m.sessions > 0
 GROUP BY e.external_ref, e.clinic_id, e.risk_tier, m.episode_id;

SELECT :'week_start' || ' .. ' || :'week_end' AS week,
       count(*) AS active_runners,
       count(*) FILTER (WHERE acwr_spike) AS "ACWR >= 1.5",
       count(*) FILTER (WHERE long_run) AS "run > 110 % of 30-day longest",
       count(*) FILTER (WHERE excessive_pain) AS "excessive pain",
       count(*) FILTER (WHERE rest_gap) AS "back after > 7 days off"
  FROM demo_week;
\echo 'Runners to call this week (most flags first):'
SELECT external_ref, clinic_id, tier, acute_km, chronic_km, acwr, max_pain,
       concat_ws(', ', CASE WHEN acwr_spike THEN 'ACWR spike' END, CASE WHEN long_run THEN 'long run' END,
                 CASE WHEN excessive_pain THEN 'excessive pain' END, CASE WHEN rest_gap THEN 'rest gap' END) AS flags
  FROM demo_week
 WHERE acwr_spike OR long_run OR excessive_pain
 ORDER BY acwr_spike::int + long_run::int + excessive_pain::int DESC, acwr DESC NULLS LAST, external_ref
 LIMIT 10;
