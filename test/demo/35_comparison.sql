-- make demo, section 4: comparing the risk tiers (knee_rehab.cohort_comparison:
-- log-rank test, Mantel 1966; Cox hazard ratios with Efron ties, Cox 1972,
-- as R survival) and benchmarking the clinics (knee_rehab.clinic_benchmark:
-- observed / expected recovered by 12 weeks, indirectly standardised on
-- the risk tier, funnel limits after Spiegelhalter 2005); writes the
-- funnel plot's data (funnel_clinics.csv, funnel_limits.csv) into :outdir.
-- The clinics are simulate_clinic's: every figure below restates the
-- simulator's assumptions (one recovery model for all five clinics), not
-- evidence about real clinics or risk tiers.
\echo
\echo '== 4. Comparing the risk tiers and benchmarking the clinics (synthetic: the numbers restate the simulator''s assumptions) =='
\echo 'Recovery (tests definition) by risk tier, all clinics: Cox hazard ratio against low risk (> 1 = faster recovery), 95 % CI, Wald p; log-rank test'
SELECT c.cohort AS risk_tier, c.episodes, c.recovered,
       round(c.hazard_ratio::numeric, 2) AS "hazard ratio",
       CASE WHEN c.ci_low IS NOT NULL THEN round(c.ci_low::numeric, 2) || '-' || round(c.ci_high::numeric, 2) END AS "95 % CI",
       CASE WHEN c.p_value < 0.0001 THEN '< 0.0001' ELSE round(c.p_value::numeric, 4)::text END AS p,
       CASE WHEN c.suppressed THEN 'suppressed (< ' || knee_rehab.min_cell_size() || ')'
            WHEN c.is_reference THEN 'reference' ELSE coalesce(c.note, '') END AS note
  FROM knee_rehab.cohort_comparison AS c
 WHERE c.all_clinics AND c.dimension = 'risk_tier' AND c.definition = 'tests'
 ORDER BY array_position(ARRAY['low', 'moderate', 'high'], c.cohort);
SELECT DISTINCT c.cohorts_compared AS "cohorts compared", round(c.logrank_chisq::numeric, 1) AS "log-rank chi-square",
       c.logrank_df AS df,
       CASE WHEN c.logrank_p_value < 1e-10 THEN '< 1e-10' ELSE c.logrank_p_value::text END AS "log-rank p"
  FROM knee_rehab.cohort_comparison AS c
 WHERE c.all_clinics AND c.dimension = 'risk_tier' AND c.definition = 'tests';
\echo 'Other dimensions (log-rank p across all clinics; definition tests):'
SELECT DISTINCT c.dimension, c.cohorts_compared AS cohorts, round(c.logrank_chisq::numeric, 2) AS chisq, c.logrank_df AS df,
       round(c.logrank_p_value::numeric, 4) AS p, c.reference_cohort AS reference
  FROM knee_rehab.cohort_comparison AS c
 WHERE c.all_clinics AND c.dimension <> 'risk_tier' AND c.definition = 'tests'
 ORDER BY 1;
\echo 'Clinics against the network (definition tests): recovered by 12 weeks, observed (Kaplan-Meier x episodes) / expected (risk-tier mix x network rates); funnel limits for E (exact Poisson, Spiegelhalter 2005)'
SELECT b.clinic_id, b.episodes,
       round(100 * b.recovered_by_12wk::numeric, 1) AS "recovered by 12 wk %",
       round(100 * b.expected_recovered_by_12wk::numeric, 1) AS "expected %",
       round(b.observed::numeric, 1) AS "O", round(b.expected::numeric, 1) AS "E",
       round(b.observed_expected::numeric, 3) AS "O/E",
       round(b.lower_95::numeric, 3) || '-' || round(b.upper_95::numeric, 3) AS "95 % limits",
       round(b.lower_998::numeric, 3) || '-' || round(b.upper_998::numeric, 3) AS "99.8 % limits",
       CASE WHEN b.suppressed THEN 'suppressed (< ' || knee_rehab.min_cell_size() || ')' ELSE b.funnel_position END AS position
  FROM knee_rehab.clinic_benchmark AS b
 WHERE b.definition = 'tests'
 ORDER BY b.clinic_id;

-- Funnel plot data: the clinics (E, O/E) and the limits over a grid of E
-- from 0.2 x to 1.5 x the clinics' range, so the funnel's narrowing shows.
\set QUIET on
SELECT :'outdir' || '/funnel_clinics.csv' AS f_clinics, :'outdir' || '/funnel_limits.csv' AS f_limits \gset
\o :f_clinics
COPY (SELECT b.expected, b.observed_expected, b.clinic_id,
             -- label sides alternate in O/E order, so close points do not overprint
             CASE WHEN pg_catalog.row_number() OVER (ORDER BY b.observed_expected, b.clinic_id) % 2 = 0 THEN 1 ELSE -1 END AS side
        FROM knee_rehab.clinic_benchmark AS b
       WHERE b.definition = 'tests' AND NOT b.suppressed AND b.observed_expected IS NOT NULL ORDER BY b.observed_expected, b.clinic_id)
  TO STDOUT WITH (FORMAT csv);
\o :f_limits
COPY (SELECT g.e, f.lower_95, f.upper_95, f.lower_998, f.upper_998
        FROM (SELECT greatest(0.2 * min(b.expected), 1) AS lo, 1.5 * max(b.expected) AS hi
                FROM knee_rehab.clinic_benchmark AS b
               WHERE b.definition = 'tests' AND NOT b.suppressed AND b.expected > 0) AS r,
             generate_series(0, 400) AS i,
             LATERAL (SELECT r.lo + (r.hi - r.lo) * i / 400.0 AS e) AS g,
             LATERAL knee_rehab.funnel_limits(g.e) AS f
       WHERE r.lo IS NOT NULL
       ORDER BY g.e)
  TO STDOUT WITH (FORMAT csv);
\o
