-- Comparing cohorts and benchmarking clinics (issue 17): the log-rank test
-- and Cox hazard ratios per dimension (cohort_comparison), and risk-adjusted
-- observed / expected recovery by 12 weeks per clinic with funnel limits
-- (clinic_benchmark).  Clinical reference, "Comparing cohorts and clinics".
--
-- Both views are aggregate-only like cohort_recovery: they compute with
-- their owner's rights (no table privilege needed), show only the clinics
-- the caller may see (visible_clinics('aggregates')), suppress small cells
-- and are security_barrier.  They read episode_outcome_all through its flat
-- columns only (clinic_id, risk_tier, sex, foot, prior_injury,
-- symptom_duration and the recovered / days_to_event pair of each recovery
-- definition: tests, groc, return_to_run; enums cast to text).  Every row
-- names its definition (column definition, long form).
--
-- Their cells are cohort_recovery's (cohort_recovery_state, which also
-- carries each cohort's recoveries and recovery_compare_state), read through
-- cohort_recovery_cells: the same suppression, so no count shown here
-- undoes a suppression there by subtraction.

-- ---------------------------------------------------------------- cohort_comparison

CREATE VIEW @extschema@.cohort_comparison WITH (security_barrier = true) AS
WITH cells AS (
  SELECT s.* FROM @extschema@.cohort_recovery_cells() AS s WHERE NOT s.is_total
),
groups AS (
  -- One comparison per clinic group and dimension, over its shown cohorts.
  -- Reference: the dimension's natural baseline when it is shown and has
  -- recoveries, else (NULL) the largest shown cohort with recoveries.
  SELECT c.all_clinics, c.clinic_id, c.dimension, c.definition,
         @extschema@.recovery_compare_merge(c.cmp_state) FILTER (WHERE NOT c.suppressed) AS st,
         pg_catalog.min(c.cohort) FILTER (
           WHERE NOT c.suppressed AND c.recovered > 0
             AND c.cohort = CASE c.dimension WHEN 'risk_tier' THEN 'low' WHEN 'foot_type' THEN 'neutral'
                                             WHEN 'prior_injury' THEN 'no'
                                             WHEN 'symptom_duration' THEN 'up_to_2_months' END) AS preferred
    FROM cells AS c
   GROUP BY c.all_clinics, c.clinic_id, c.dimension, c.definition
),
tests AS (
  SELECT g.all_clinics, g.clinic_id, g.dimension, g.definition, lr.cohorts, lr.chisq, lr.df, lr.p_value
    FROM groups AS g
    LEFT JOIN LATERAL @extschema@.recovery_logrank(g.st) AS lr ON true
),
ratios AS (
  SELECT g.all_clinics, g.clinic_id, g.dimension, g.definition, h.cohort, h.hazard_ratio, h.ci_low, h.ci_high,
         h.p_value, h.note,
         COALESCE(h.note LIKE 'reference%', false) AS is_reference
    FROM groups AS g
   CROSS JOIN LATERAL @extschema@.recovery_hazard_ratios(g.st, g.preferred) AS h
)
SELECT c.clinic_id, c.all_clinics, c.dimension, c.definition, c.cohort,
       c.suppressed,
       COALESCE(r.is_reference, false) AS is_reference,
       pg_catalog.max(r.cohort) FILTER (WHERE r.is_reference)
         OVER (PARTITION BY c.all_clinics, c.clinic_id, c.dimension, c.definition) AS reference_cohort,
       CASE WHEN NOT c.suppressed THEN c.episodes END AS episodes,
       CASE WHEN NOT c.suppressed THEN c.recovered END AS recovered,
       r.hazard_ratio, r.ci_low, r.ci_high, r.p_value,
       CASE WHEN c.suppressed THEN 'suppressed (fewer than knee_rehab.min_cell_size episodes, or complementary): left out of the comparison'
            WHEN r.note IS NULL AND NOT (r.ci_low > 0 AND r.ci_high < 'Infinity'::float8)
              THEN 'confidence interval reaches 0 or infinity: monotone likelihood (every recovery of one cohort before or after the other''s), the hazard ratio is not estimable (coxph warns: coefficient may be infinite)'
            ELSE r.note END AS note,
       t.cohorts AS cohorts_compared, t.chisq AS logrank_chisq, t.df AS logrank_df,
       t.p_value AS logrank_p_value
  FROM cells AS c
  JOIN tests AS t
    ON t.all_clinics = c.all_clinics AND t.dimension = c.dimension AND t.definition = c.definition
   AND COALESCE(t.clinic_id, '') = COALESCE(c.clinic_id, '')
  LEFT JOIN ratios AS r
    ON NOT c.suppressed AND r.all_clinics = c.all_clinics AND r.dimension = c.dimension
   AND r.definition = c.definition
   AND COALESCE(r.clinic_id, '') = COALESCE(c.clinic_id, '') AND r.cohort = c.cohort;
COMMENT ON VIEW @extschema@.cohort_comparison IS
  'Is the difference in time to recovery between cohorts real, and how large? Aggregate-only like cohort_recovery (owner''s rights; only the clinics the caller holds access to in clinic_access; no table privilege needed). One row per clinic the caller may see (and across them: all_clinics), dimension (risk_tier, sex, foot_type, prior_injury, symptom_duration) and cohort: the dimension''s log-rank test over its shown cohorts (Mantel-Haenszel; Mantel 1966; as R survival::survdiff, rho = 0), repeated on each of its rows, and the cohort''s hazard ratio of recovery against the reference cohort with 95 % Wald CI and Wald p (Cox 1972 proportional hazards, cohort as one categorical covariate, Efron 1977 ties; as R survival::coxph). Hazard ratio > 1 = faster recovery than the reference. Every row names its recovery definition (column definition, long form): tests (a readiness surrogate), groc (first favourable global rating of change, Collins 2013) or return_to_run (first run of the usual pre-injury distance with pain <= pain_free_nrs; practitioner guidance; episodes without usual_run_km left out); a comparison never mixes definitions. Cohorts suppressed in cohort_recovery (under knee_rehab.min_cell_size episodes, or complementary suppression) are left out of both the test and the model: suppressed = true, NULL figures. Observational: confounded by everything but the cohort.';
COMMENT ON COLUMN @extschema@.cohort_comparison.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_comparison.all_clinics IS 'True on the rows that pool every clinic the caller may see (one comparison over their episodes, not stratified by clinic); false on per-clinic rows.';
COMMENT ON COLUMN @extschema@.cohort_comparison.dimension IS 'risk_tier (pfps_risk: Boling 2010; van Poppel 2018; Neal 2014/2019), sex, foot_type, prior_injury or symptom_duration (up to / over 2 months at the first visit; Collins 2013).';
COMMENT ON COLUMN @extschema@.cohort_comparison.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only. Each comparison (log-rank test and Cox model) stays within one definition.';
COMMENT ON COLUMN @extschema@.cohort_comparison.cohort IS 'The value within the dimension; ''not recorded'' for NULLs (its own cohort).';
COMMENT ON COLUMN @extschema@.cohort_comparison.suppressed IS 'True when the cohort is suppressed as in cohort_recovery (fewer than knee_rehab.min_cell_size episodes, or a complementary suppression): left out of the log-rank test and the Cox model, NULL figures. No clinical source: a privacy rule.';
COMMENT ON COLUMN @extschema@.cohort_comparison.is_reference IS 'True on the reference cohort (hazard ratio 1): low for risk_tier, neutral for foot_type, no for prior_injury, up_to_2_months for symptom_duration when shown with recoveries; otherwise (and for sex) the largest shown cohort with recoveries (recovery_hazard_ratios'' default).';
COMMENT ON COLUMN @extschema@.cohort_comparison.reference_cohort IS 'The reference cohort of this clinic group and dimension (see is_reference); NULL when no cohort is shown.';
COMMENT ON COLUMN @extschema@.cohort_comparison.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_comparison.recovered IS 'Episodes that reached the recovery event of the row''s definition (tests, groc or return_to_run); NULL when suppressed.';
COMMENT ON COLUMN @extschema@.cohort_comparison.hazard_ratio IS 'Hazard ratio of recovery against reference_cohort, exp(beta) of the Cox model (Cox 1972; Efron 1977 ties; as R survival::coxph(Surv(days, recovered) ~ cohort, ties = "efron")); > 1 = faster recovery. 1 on the reference; NULL when suppressed or when the cohort has no recoveries (see note).';
COMMENT ON COLUMN @extschema@.cohort_comparison.ci_low IS '95 % lower limit of the hazard ratio, exp(beta - 1.96 se) (Wald, as R summary(coxph) lower .95).';
COMMENT ON COLUMN @extschema@.cohort_comparison.ci_high IS '95 % upper limit of the hazard ratio, exp(beta + 1.96 se) (Wald, as R summary(coxph) upper .95).';
COMMENT ON COLUMN @extschema@.cohort_comparison.p_value IS 'Wald p of the cohort''s coefficient (hazard ratio = 1), as R summary(coxph) Pr(>|z|).';
COMMENT ON COLUMN @extschema@.cohort_comparison.note IS 'Why a figure is missing or special: reference, no recoveries (hazard ratio 0, left out of the model, as coxph), not converged, or suppressed; NULL otherwise.';
COMMENT ON COLUMN @extschema@.cohort_comparison.cohorts_compared IS 'Shown cohorts of the dimension in this clinic group (recovery_logrank cohorts).';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_chisq IS 'Log-rank chi-square over the shown cohorts with expected recoveries > 0 (Mantel 1966; as R survival::survdiff, rho = 0); 0 with one cohort or no recoveries.';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_df IS 'Degrees of freedom of the log-rank test: cohorts in the test - 1.';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_p_value IS 'p of the log-rank test (upper chi-square tail; as R survdiff); NULL when df = 0.';
GRANT SELECT ON @extschema@.cohort_comparison TO PUBLIC;

-- ---------------------------------------------------------------- clinic_benchmark

-- Indirect standardisation on the risk tier.  The network reference (each
-- tier's Kaplan-Meier recovered-by-84-days) is computed over every clinic
-- with the owner's rights; the rows are the caller's visible clinics only,
-- suppressed exactly where cohort_recovery suppresses the clinic's total.
CREATE VIEW @extschema@.clinic_benchmark_state WITH (security_barrier = true) AS
WITH vis AS (
  SELECT @extschema@.visible_clinics('aggregates') AS clinics
),
by_tier AS (
  -- Per clinic, recovery definition and risk tier (return_to_run over the
  -- episodes with usual_run_km only).
  SELECT o.clinic_id, r.definition, COALESCE(o.risk_tier::text, 'not recorded') AS tier,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(r.days_to_event, r.recovered) AS km_state
    FROM @extschema@.episode_outcome_all AS o
   CROSS JOIN LATERAL (VALUES ('tests'::text, o.recovered, o.days_to_event),
                              ('groc', o.groc_recovered, o.groc_days_to_event),
                              ('return_to_run', o.return_to_run_recovered, o.return_to_run_days_to_event))
                      AS r (definition, recovered, days_to_event)
   WHERE r.days_to_event IS NOT NULL
   GROUP BY o.clinic_id, r.definition, COALESCE(o.risk_tier::text, 'not recorded')
),
network AS (
  -- The network's tier-specific Kaplan-Meier 1 - S(84 days), every clinic,
  -- per definition.
  SELECT b.definition, b.tier, (@extschema@.recovery_km_merge(b.km_state)).recovered_by_12wk AS rate
    FROM by_tier AS b
   GROUP BY b.definition, b.tier
),
unit AS (
  SELECT b.clinic_id, b.definition,
         pg_catalog.sum(b.episodes)::bigint AS episodes,
         (@extschema@.recovery_km_merge(b.km_state)).recovered_by_12wk AS rate,
         -- NULL as soon as one tier's network rate is undefined
         CASE WHEN pg_catalog.bool_and(n.rate IS NOT NULL)
              THEN pg_catalog.sum(b.episodes * n.rate) END AS expected
    FROM by_tier AS b
    JOIN network AS n ON n.definition = b.definition AND n.tier = b.tier, vis
   WHERE b.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
   GROUP BY b.clinic_id, b.definition
),
shown AS (
  SELECT u.*, s.suppressed
    FROM unit AS u
    JOIN @extschema@.cohort_recovery_state AS s
      -- the clinic's total cell (repeated under each dimension: take one)
      ON s.clinic_id = u.clinic_id AND s.definition = u.definition AND NOT s.all_clinics AND s.is_total
     AND s.dimension = 'risk_tier'
)
SELECT u.clinic_id, u.definition, u.suppressed,
       CASE WHEN NOT u.suppressed THEN u.episodes END AS episodes,
       CASE WHEN NOT u.suppressed THEN u.rate END AS rate,
       CASE WHEN NOT u.suppressed THEN u.expected END AS expected
  FROM shown AS u;
COMMENT ON VIEW @extschema@.clinic_benchmark_state IS
  'Building block of clinic_benchmark (owner''s rights, not granted to PUBLIC; read through clinic_benchmark_cells): per clinic the session''s role may see and recovery definition, the episodes, the Kaplan-Meier recovered by 84 days (rate) and the expected recoveries by 84 days from the network''s tier-specific rates over every clinic (indirect standardisation on the PFPS risk tier; Spiegelhalter 2005), NULL figures when cohort_recovery suppresses the clinic''s total.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.clinic_id IS 'The clinic.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.definition IS 'Recovery definition (tests, groc, return_to_run), as clinic_benchmark.definition.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.suppressed IS 'As clinic_benchmark.suppressed.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.episodes IS 'Episodes of the clinic (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.rate IS 'The clinic''s Kaplan-Meier 1 - S(84 days) (Kaplan 1958), 0-1; NULL when suppressed or not followed to 84 days.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.expected IS 'Sum over risk tiers of the clinic''s episodes in the tier x the network''s Kaplan-Meier recovered by 84 days in that tier (every clinic); NULL when suppressed or a tier''s rate is undefined.';

-- The benchmark's figures for the session's role, with the owner's rights
-- (SECURITY DEFINER, as cohort_recovery_cells).
CREATE FUNCTION @extschema@.clinic_benchmark_cells()
  RETURNS SETOF @extschema@.clinic_benchmark_state
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT * FROM @extschema@.clinic_benchmark_state;
END;
COMMENT ON FUNCTION @extschema@.clinic_benchmark_cells() IS
  'The rows of clinic_benchmark_state for the session''s role (session_role; its clinics from clinic_access), computed with the owner''s rights (SECURITY DEFINER: under Citus the shard queries run as the owner, not as an aggregate-only caller who may read no row); suppressed clinics carry no figures. Read by clinic_benchmark. Spiegelhalter 2005.';

CREATE VIEW @extschema@.clinic_benchmark WITH (security_barrier = true) AS
SELECT u.clinic_id, 'clinic'::text AS unit, u.definition, u.suppressed,
       CASE WHEN NOT u.suppressed THEN u.episodes END AS episodes,
       CASE WHEN NOT u.suppressed THEN u.rate END AS recovered_by_12wk,
       CASE WHEN NOT u.suppressed THEN u.episodes * u.rate END AS observed,
       CASE WHEN NOT u.suppressed THEN u.expected END AS expected,
       CASE WHEN NOT u.suppressed THEN u.expected / u.episodes END AS expected_recovered_by_12wk,
       f.ratio AS observed_expected,
       f.lower_95, f.upper_95, f.lower_998, f.upper_998,
       CASE WHEN f.funnel_position IS NOT NULL THEN f.funnel_position
            WHEN u.suppressed THEN NULL
            WHEN u.expected IS NULL THEN 'no expected: a risk tier of the network is not followed to 84 days'
            WHEN u.expected = 0 THEN 'no expected: no recovery by 84 days expected'
            WHEN u.rate IS NULL THEN 'no observed: the clinic''s episodes are not followed to 84 days'
       END AS funnel_position
  FROM @extschema@.clinic_benchmark_cells() AS u
  -- expected passed only where the limits exist (the function refuses 0,
  -- and a lateral call runs before its join condition)
  LEFT JOIN LATERAL @extschema@.funnel_limits(CASE WHEN NOT u.suppressed AND u.expected > 0 THEN u.expected END,
                                              u.episodes * u.rate) AS f
    ON NOT u.suppressed AND u.expected > 0;
COMMENT ON VIEW @extschema@.clinic_benchmark IS
  'Risk-adjusted benchmark of each clinic the caller may see (aggregate-only like cohort_recovery: owner''s rights, the caller''s clinics from clinic_access; a clinic analyst sees its own row, a registry every row), against the whole network (the reference rates use every clinic, whatever the caller sees). Indirect standardisation on the PFPS risk tier (clinical reference, "Comparing cohorts and clinics"; FOTO-style risk-adjusted outcome reports): observed = episodes x the clinic''s Kaplan-Meier recovered by 84 days (Kaplan 1958; censoring handled as in E), expected = sum over risk tiers of the clinic''s episodes in the tier x the network''s tier-specific Kaplan-Meier recovered by 84 days, observed / expected, and funnel limits for that expected count at 95 % and 99.8 % (funnel_limits: exact Poisson quantiles with Spiegelhalter''s interpolation, Spiegelhalter 2005 Stat Med 24:1185, appendix A.1.2) with the position above / within / below. One row per clinic and recovery definition (column definition: tests, a readiness surrogate; groc, Collins 2013; return_to_run, practitioner guidance), each standardised against the network under the same definition. Per clinic only: episodes record no therapist, so there are no per-therapist rows. Clinics suppressed in cohort_recovery (under knee_rehab.min_cell_size episodes, or complementary) show suppressed = true and NULL figures. Observational: O/E adjusts for the risk tier only.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.clinic_id IS 'The clinic (a unit of the benchmark).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.unit IS '''clinic'': the unit benchmarked. Episodes record no therapist, so no therapist rows exist (clinical reference: clinics or therapists).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only. Observed, expected and the network reference rates are all of this definition.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.suppressed IS 'True when the clinic''s total is suppressed in cohort_recovery (fewer than knee_rehab.min_cell_size episodes, or complementary suppression across clinics): NULL figures. No clinical source: a privacy rule.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.episodes IS 'Episodes of the clinic (its size in the funnel).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.recovered_by_12wk IS 'The clinic''s Kaplan-Meier 1 - S(84 days) over all its episodes (Kaplan 1958; as recovery_km recovered_by_12wk), a fraction 0-1; NULL when follow-up ends before day 84.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.observed IS 'O = episodes x recovered_by_12wk: the recoveries by 12 weeks the clinic''s Kaplan-Meier estimates with full follow-up (not the raw count, which would treat episodes censored before day 84 as not recovered while E does not).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.expected IS 'E = sum over risk tiers of (the clinic''s episodes in the tier x the network''s Kaplan-Meier recovered by 84 days in that tier, every clinic): indirect standardisation on the PFPS risk tier (clinical reference; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.expected_recovered_by_12wk IS 'E / episodes: the share recovered by 12 weeks the network would reach with this clinic''s risk-tier mix, 0-1.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.observed_expected IS 'O / E: > 1 = more recoveries by 12 weeks than the network with the same risk-tier mix (better), < 1 = fewer (funnel_limits ratio).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.lower_95 IS '95 % lower funnel limit of O/E for this E (funnel_limits: exact Poisson(E) 2.5 % quantile with Spiegelhalter 2005 interpolation, / E).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.upper_95 IS '95 % upper funnel limit of O/E for this E (Poisson(E) 97.5 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.lower_998 IS '99.8 % lower funnel limit of O/E for this E (Poisson(E) 0.1 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.upper_998 IS '99.8 % upper funnel limit of O/E for this E (Poisson(E) 99.9 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.funnel_position IS 'above_99.8 / above_95 / within / below_95 / below_99.8 (strictly outside a limit; funnel_limits, Spiegelhalter 2005), or why there is none (no expected, no observed); NULL when suppressed.';
GRANT SELECT ON @extschema@.clinic_benchmark TO PUBLIC;
