-- make demo, section 1: recovery by risk tier, from knee_rehab.cohort_recovery
-- (dimension risk_tier, the rows across every clinic: all_clinics): Kaplan-Meier median with its 95 % log-log CI as R
-- survfit, recovered by 6 / 12 weeks, AKPS responders (>= 10 points,
-- Crossley 2004), mean NRS change; cells under knee_rehab.min_cell_size
-- are suppressed by the view.  Then the three recovery definitions side by
-- side (the view's definition column: tests, groc, return_to_run).  Every
-- number is the synthetic clinic's: it restates simulate_clinic's
-- assumptions (the risk-tier gradient is built in as a recovery median of
-- 35 x RR^0.35 days), it is not a finding.
\echo
\echo '== 1. Recovery by risk tier (Kaplan-Meier; definition tests = all three provocation tests pain-free, knee bend >= target: a readiness surrogate) =='
\echo '(synthetic: every figure follows from the simulator''s assumptions (recovery median = 35 x RR^0.35 days, x 1.35 if symptoms > 2 months; GROC recorded at weeks 6 and 12 only), not findings)'
SELECT c.cohort AS risk_tier, c.episodes, c.recovered, c.episodes - c.recovered AS censored,
       c.median_days,
       c.median_ci_low || '-' || coalesce(c.median_ci_high::text, 'NA') AS median_95ci,
       round(100 * c.recovered_by_6wk::numeric, 1) AS "recovered by 6 wk %",
       round(100 * c.recovered_by_12wk::numeric, 1) AS "recovered by 12 wk %",
       round(100 * c.akps_responder_share::numeric, 1) AS "AKPS responders %",
       round(c.mean_nrs_change::numeric, 1) AS "mean NRS change",
       CASE WHEN c.suppressed THEN 'suppressed (< ' || knee_rehab.min_cell_size() || ')' ELSE '' END AS note
  FROM knee_rehab.cohort_recovery AS c
 WHERE c.all_clinics AND c.dimension = 'risk_tier' AND c.definition = 'tests'
 ORDER BY array_position(ARRAY['low', 'moderate', 'high', 'all'], c.cohort);
\echo 'The three recovery definitions side by side (cohort_recovery, column definition; censored at last contact):'
\echo '  tests = all three provocation tests pain-free and small knee bend at target (readiness surrogate)'
\echo '  groc = first global rating of change 1-2, completely recovered / strongly improved (Collins 2013)'
\echo '  return_to_run = first run of the usual pre-injury distance with pain <= pain_free_nrs (practitioner guidance; episodes with usual_run_km only)'
SELECT c.cohort AS risk_tier,
       max(c.episodes) FILTER (WHERE c.definition = 'tests') AS "tests: episodes",
       max(c.recovered) FILTER (WHERE c.definition = 'tests') AS "recovered",
       max(c.median_days) FILTER (WHERE c.definition = 'tests') AS "median days",
       max(c.episodes) FILTER (WHERE c.definition = 'groc') AS "groc: episodes",
       max(c.recovered) FILTER (WHERE c.definition = 'groc') AS "recovered",
       max(c.median_days) FILTER (WHERE c.definition = 'groc') AS "median days",
       max(c.episodes) FILTER (WHERE c.definition = 'return_to_run') AS "return_to_run: episodes",
       max(c.recovered) FILTER (WHERE c.definition = 'return_to_run') AS "recovered",
       max(c.median_days) FILTER (WHERE c.definition = 'return_to_run') AS "median days"
  FROM knee_rehab.cohort_recovery AS c
 WHERE c.all_clinics AND c.dimension = 'risk_tier'
 GROUP BY c.cohort
 ORDER BY array_position(ARRAY['low', 'moderate', 'high', 'all'], c.cohort);
\echo '(median days empty: the curve does not reach 50 %; groc is recorded at weeks 6 and 12 only, so its events sit on those weeks)'
\echo 'Other cohorts (same view, other dimensions; definition tests):'
SELECT c.dimension, c.cohort, c.episodes, c.median_days,
       c.median_ci_low || '-' || coalesce(c.median_ci_high::text, 'NA') AS median_95ci,
       round(100 * c.recovered_by_12wk::numeric, 1) AS "recovered by 12 wk %"
  FROM knee_rehab.cohort_recovery AS c
 WHERE c.all_clinics AND c.definition = 'tests' AND c.dimension <> 'risk_tier' AND NOT c.is_total AND NOT c.suppressed
 ORDER BY c.dimension, c.cohort;
