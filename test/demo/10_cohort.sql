-- make demo, section 1: recovery by risk tier, from knee_rehab.cohort_recovery
-- (dimension risk_tier, the rows across every clinic: all_clinics): Kaplan-Meier median with its 95 % log-log CI as R
-- survfit, recovered by 6 / 12 weeks, AKPS responders (>= 10 points,
-- Crossley 2004), mean NRS change; cells under knee_rehab.min_cell_size
-- are suppressed by the view.
\echo
\echo '== 1. Recovery by risk tier (Kaplan-Meier; recovery = all three provocation tests pain-free, knee bend >= target) =='
SELECT c.cohort AS risk_tier, c.episodes, c.recovered, c.episodes - c.recovered AS censored,
       c.median_days,
       c.median_ci_low || '-' || coalesce(c.median_ci_high::text, 'NA') AS median_95ci,
       round(100 * c.recovered_by_6wk::numeric, 1) AS "recovered by 6 wk %",
       round(100 * c.recovered_by_12wk::numeric, 1) AS "recovered by 12 wk %",
       round(100 * c.akps_responder_share::numeric, 1) AS "AKPS responders %",
       round(c.mean_nrs_change::numeric, 1) AS "mean NRS change",
       CASE WHEN c.suppressed THEN 'suppressed (< ' || knee_rehab.min_cell_size() || ')' ELSE '' END AS note
  FROM knee_rehab.cohort_recovery AS c
 WHERE c.all_clinics AND c.dimension = 'risk_tier'
 ORDER BY array_position(ARRAY['low', 'moderate', 'high', 'all'], c.cohort);
\echo 'Other cohorts (same view, other dimensions):'
SELECT c.dimension, c.cohort, c.episodes, c.median_days,
       c.median_ci_low || '-' || coalesce(c.median_ci_high::text, 'NA') AS median_95ci,
       round(100 * c.recovered_by_12wk::numeric, 1) AS "recovered by 12 wk %"
  FROM knee_rehab.cohort_recovery AS c
 WHERE c.all_clinics AND c.dimension <> 'risk_tier' AND NOT c.is_total AND NOT c.suppressed
 ORDER BY c.dimension, c.cohort;
