-- make demo, section 1: recovery by risk tier.
-- INTERIM (plain SQL over demo_episode / demo_km from 00_setup.sql) until
-- cohort_recovery (issue 6) lands; cells with fewer than
-- knee_rehab.min_cell_size() episodes are suppressed as it will do.
\echo
\echo '== 1. Recovery by risk tier (Kaplan-Meier; recovery = all three provocation tests pain-free, knee bend >= target) =='
WITH km AS (
  SELECT tier,
         min(days) FILTER (WHERE surv <= 0.5) AS median_days,
         min(days) FILTER (WHERE lower <= 0.5) AS median_ci_low,
         min(days) FILTER (WHERE upper <= 0.5) AS median_ci_high,
         1 - coalesce(min(surv) FILTER (WHERE days <= 42), 1) AS by_6wk,
         1 - coalesce(min(surv) FILTER (WHERE days <= 84), 1) AS by_12wk
    FROM demo_km GROUP BY tier
), c AS (
  SELECT tier, count(*) AS episodes, count(*) FILTER (WHERE recovered) AS recovered,
         count(*) FILTER (WHERE nrs_responder) AS nrs_responders,
         count(nrs_responder) AS with_follow_up
    FROM demo_episode GROUP BY tier
)
SELECT c.tier, c.episodes, c.recovered, c.episodes - c.recovered AS censored,
       km.median_days, km.median_ci_low || '-' || coalesce(km.median_ci_high::text, 'NA') AS median_95ci,
       round(100 * km.by_6wk::numeric, 1) AS "recovered by 6 wk %",
       round(100 * km.by_12wk::numeric, 1) AS "recovered by 12 wk %",
       c.nrs_responders || ' / ' || c.with_follow_up AS "NRS responders"
  FROM c JOIN km USING (tier)
 WHERE c.episodes >= knee_rehab.min_cell_size()
 ORDER BY c.tier;
