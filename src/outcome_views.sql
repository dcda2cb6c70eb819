-- Outcome views: one row per episode, recovery cohorts with small-cell
-- suppression, and the Kaplan-Meier steps per cohort.  All views are
-- security_invoker: row-level security on the tables (by clinic_id) holds
-- for whoever queries them.

-- ---------------------------------------------------------------- episode_outcome

CREATE VIEW @extschema@.episode_outcome WITH (security_invoker = true) AS
WITH test_days AS (
  -- One row per episode and calendar day of testing (in the session's
  -- TimeZone): is every test of each kind pain-free that day, and did the
  -- small knee bend reach the target angle?
  SELECT kt.episode_id,
         kt.tested_at::date AS day,
         pg_catalog.count(DISTINCT kt.test) = 3
           AND pg_catalog.bool_and(kt.pain_nrs <= @extschema@.pain_free_nrs()
                                   AND (kt.test <> 'small_knee_bend'
                                        OR kt.angle_deg >= @extschema@.knee_bend_target_deg()))
           AS recovered_that_day
    FROM @extschema@.knee_test AS kt
   GROUP BY kt.episode_id, kt.tested_at::date
),
tests AS (
  SELECT td.episode_id,
         pg_catalog.min(td.day) FILTER (WHERE td.recovered_that_day) AS recovered_at,
         pg_catalog.max(td.day) AS last_test
    FROM test_days AS td
    JOIN @extschema@.episode AS e ON e.episode_id = td.episode_id
   WHERE td.day >= e.first_visit
   GROUP BY td.episode_id
),
knee_bend AS (
  -- Small knee bend progress over the episode's tests.
  SELECT kt.episode_id,
         @extschema@.knee_bend_progress(kt.tested_at, kt.angle_deg, kt.pain_nrs) AS kb
    FROM @extschema@.knee_test AS kt
   WHERE kt.test = 'small_knee_bend'
   GROUP BY kt.episode_id
),
sessions AS (
  -- Last session and, in the same pass, pain during runs against distance.
  SELECT ls.episode_id, pg_catalog.max(ls.session_date) AS last_session,
         @extschema@.load_pain_trend(ls.distance_km, ls.pain_during)
           FILTER (WHERE ls.kind = 'run') AS lp
    FROM @extschema@.load_session AS ls
   GROUP BY ls.episode_id
),
outcomes AS (
  SELECT om.episode_id,
         pg_catalog.max(om.measured_on) AS last_measure,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS baseline_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS last_nrs,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'nrs_pain') AS n_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'akps'))[1] AS baseline_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'akps'))[1] AS last_akps,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'akps') AS n_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS baseline_koos_pf,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS last_koos_pf,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'koos_pf') AS n_koos_pf
    FROM @extschema@.outcome_measure AS om
   GROUP BY om.episode_id
),
base AS (
  SELECT e.episode_id, e.clinic_id, e.patient_id, e.side,
         p.sex, p.foot,
         CASE WHEN p.injuries IS NULL THEN NULL
              ELSE pg_catalog.cardinality(p.injuries) > 0 END AS prior_injury,
         @extschema@.bmi(p.weight_kg, p.height_cm) AS bmi,
         r.tier AS risk_tier, r.relative_risk, r.completeness AS risk_completeness,
         r.factors AS risk_factors,
         e.symptom_onset, e.first_visit, e.discharged_on,
         e.first_visit - e.symptom_onset AS symptom_days,
         CASE WHEN e.symptom_onset IS NULL THEN NULL
              WHEN e.symptom_onset >= e.first_visit - interval '2 months' THEN 'up_to_2_months'
              ELSE 'over_2_months' END AS symptom_duration,
         o.baseline_nrs,
         CASE WHEN o.n_nrs > 1 THEN o.last_nrs END AS latest_nrs,
         o.baseline_akps::integer AS baseline_akps,
         CASE WHEN o.n_akps > 1 THEN o.last_akps::integer END AS latest_akps,
         o.baseline_koos_pf,
         CASE WHEN o.n_koos_pf > 1 THEN o.last_koos_pf END AS latest_koos_pf,
         COALESCE((k.kb).n, 0) AS knee_bend_tests, (k.kb).trend AS knee_bend_trend,
         (k.kb).best_pain_free_angle_deg, (k.kb).angle_slope_per_week, (k.kb).first_ready_at,
         COALESCE((s.lp).n, 0) AS runs_with_pain, (s.lp).slope AS load_pain_slope,
         (s.lp).slope_ci_low AS load_pain_slope_ci_low, (s.lp).slope_ci_high AS load_pain_slope_ci_high,
         (s.lp).pain_free_capacity AS pain_free_capacity_km,
         t.recovered_at,
         GREATEST(e.first_visit, e.discharged_on, t.last_test, s.last_session,
                  o.last_measure) AS last_contact
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.patient_id = e.patient_id
    CROSS JOIN LATERAL @extschema@.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                                            e.quad_deficit_pct, e.weekly_distance_increase_pct,
                                            e.strength_sessions_per_week) AS r
    LEFT JOIN tests AS t ON t.episode_id = e.episode_id
    LEFT JOIN knee_bend AS k ON k.episode_id = e.episode_id
    LEFT JOIN sessions AS s ON s.episode_id = e.episode_id
    LEFT JOIN outcomes AS o ON o.episode_id = e.episode_id
)
SELECT b.episode_id, b.clinic_id, b.patient_id, b.side, b.sex, b.foot,
       b.prior_injury, b.bmi, b.risk_tier, b.relative_risk, b.risk_completeness, b.risk_factors,
       b.symptom_onset, b.first_visit, b.discharged_on,
       b.symptom_days, b.symptom_duration,
       b.baseline_nrs, b.latest_nrs, b.latest_nrs - b.baseline_nrs AS nrs_change,
       @extschema@.nrs_responder(b.baseline_nrs, b.latest_nrs) AS nrs_responder,
       b.baseline_akps, b.latest_akps, b.latest_akps - b.baseline_akps AS akps_change,
       @extschema@.akps_responder(b.baseline_akps, b.latest_akps) AS akps_responder,
       b.baseline_koos_pf, b.latest_koos_pf,
       b.knee_bend_tests, b.knee_bend_trend, b.best_pain_free_angle_deg, b.angle_slope_per_week,
       b.first_ready_at,
       b.runs_with_pain, b.load_pain_slope, b.load_pain_slope_ci_low, b.load_pain_slope_ci_high,
       b.pain_free_capacity_km,
       b.recovered_at, b.last_contact,
       b.recovered_at IS NOT NULL AS recovered,
       (COALESCE(b.recovered_at, b.last_contact) - b.first_visit)::float8 AS days_to_event
  FROM base AS b;
COMMENT ON VIEW @extschema@.episode_outcome IS
  'One row per episode: patient factors, PFPS risk tier, relative risk and factors (pfps_risk: Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014), symptom duration at the first visit (> 2 months: poor prognosis, weak evidence), baseline (first) and latest NRS (Farrar 2001), AKPS (Kujala 1993; responder >= 10 points, Crossley 2004) and KOOS-PF (Crossley 2018), small knee bend progress (knee_bend_progress) and the load-pain trend of the runs (load_pain_trend; Thomee 1997, Silbernagel 2007), recovered_at = first day (from the first visit) on which all three provocation tests are pain-free (<= pain_free_nrs()) and the small knee bend reaches knee_bend_target_deg(), else censored at last contact; days_to_event is the time-to-event input of recovery_km (Kaplan-Meier).';
COMMENT ON COLUMN @extschema@.episode_outcome.prior_injury IS 'Any previous knee injury recorded (NULL: history not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.bmi IS 'Body mass index, kg/m2 (not a PFPS risk factor prospectively, Neal 2019).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_tier IS 'PFPS risk tier at intake, pfps_risk(...).tier over the patient''s sex, weight, height, injuries, foot and the episode''s quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week (Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014; not a validated prediction model).';
COMMENT ON COLUMN @extschema@.episode_outcome.relative_risk IS 'pfps_risk(...).relative_risk: product of the factor relative risks against a reference runner, with the clinic''s risk_parameter overrides.';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_completeness IS 'pfps_risk(...).completeness: share of the risk factors recorded (NULL factors count 1.0).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_factors IS 'pfps_risk(...).factors: each factor''s value, relative risk, whether it counted and its source (jsonb).';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_tests IS 'Small knee bend tests of the episode (knee_bend_progress n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_trend IS 'knee_bend_progress(tested_at, angle_deg, pain_nrs).trend over the episode''s small knee bend tests: improving | stable | worsening | insufficient_data (NULL: no tests).';
COMMENT ON COLUMN @extschema@.episode_outcome.best_pain_free_angle_deg IS 'Largest small knee bend angle tested with pain <= pain_free_nrs() (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.angle_slope_per_week IS 'Least-squares slope of the small knee bend angle, degrees per week (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.first_ready_at IS 'First small knee bend test meeting ready_to_run: knee_bend_target_deg() reached pain-free (clinical reference).';
COMMENT ON COLUMN @extschema@.episode_outcome.runs_with_pain IS 'Runs with a distance and a pain-during score (load_pain_trend n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope IS 'load_pain_trend(distance_km, pain_during) over the episode''s runs: NRS points of pain per km (pain-monitoring model, Thomee 1997; Silbernagel 2007); equals regr_slope(pain_during, distance_km).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_low IS '95 % lower limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_high IS '95 % upper limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.pain_free_capacity_km IS 'Run distance at which the fitted pain reaches pain_free_nrs() (load_pain_trend pain_free_capacity; NULL unless the slope is positive).';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_days IS 'Days from symptom onset to the first visit.';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_duration IS 'up_to_2_months or over_2_months at the first visit (> 2 months: poor prognosis, weak evidence); NULL when onset is not recorded.';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_nrs IS 'First NRS pain score of the episode (0-10).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_nrs IS 'Latest NRS pain score, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.nrs_change IS 'latest_nrs - baseline_nrs (negative = less pain).';
COMMENT ON COLUMN @extschema@.episode_outcome.nrs_responder IS 'Pain dropped >= 2 points or >= 30 % (Farrar 2001).';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_akps IS 'First AKPS of the episode (Kujala 1993, 0-100).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_akps IS 'Latest AKPS, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.akps_change IS 'latest_akps - baseline_akps (positive = better).';
COMMENT ON COLUMN @extschema@.episode_outcome.akps_responder IS 'AKPS rose >= 10 points (Crossley 2004).';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_koos_pf IS 'First KOOS-PF of the episode (Crossley 2018, 0-100).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_koos_pf IS 'Latest KOOS-PF, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.recovered_at IS 'First day from the first visit with all three provocation tests pain-free and the small knee bend at the target angle (tested_at::date in the session time zone); NULL = not (yet) recovered.';
COMMENT ON COLUMN @extschema@.episode_outcome.last_contact IS 'Latest of first visit, discharge, provocation tests, sessions and outcome measures: the censoring day.';
COMMENT ON COLUMN @extschema@.episode_outcome.recovered IS 'True when recovered_at is known (the Kaplan-Meier event).';
COMMENT ON COLUMN @extschema@.episode_outcome.days_to_event IS 'Days from the first visit to recovered_at, or to last_contact when censored.';

-- ---------------------------------------------------------------- cohort_recovery_state

CREATE VIEW @extschema@.cohort_recovery_state WITH (security_invoker = true) AS
WITH eo AS (
  SELECT o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration, o.recovered, o.days_to_event, o.akps_responder, o.nrs_change
    FROM @extschema@.episode_outcome AS o
),
cells AS (
  -- One pass over the episodes: every dimension and the whole set.
  SELECT CASE WHEN GROUPING(eo.risk_tier) = 0 THEN 'risk_tier'
              WHEN GROUPING(eo.sex) = 0 THEN 'sex'
              WHEN GROUPING(eo.foot) = 0 THEN 'foot_type'
              WHEN GROUPING(eo.prior_injury) = 0 THEN 'prior_injury'
              WHEN GROUPING(eo.symptom_duration) = 0 THEN 'symptom_duration'
         END AS dimension,
         COALESCE(eo.risk_tier, eo.sex, eo.foot, eo.prior_injury, eo.symptom_duration, 'not recorded') AS cohort,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(eo.days_to_event, eo.recovered) AS km_state,
         100.0 * pg_catalog.count(*) FILTER (WHERE eo.akps_responder)
           / NULLIF(pg_catalog.count(eo.akps_responder), 0) AS akps_responders_pct,
         pg_catalog.avg(eo.nrs_change) AS mean_nrs_change
    FROM eo
   GROUP BY GROUPING SETS ((), (eo.risk_tier), (eo.sex), (eo.foot), (eo.prior_injury), (eo.symptom_duration))
),
cell_rows AS (
  SELECT c.dimension, c.cohort, c.episodes, c.km_state, c.akps_responders_pct, c.mean_nrs_change
    FROM cells AS c WHERE c.dimension IS NOT NULL
  UNION ALL
  SELECT d.dimension, 'all', c.episodes, c.km_state, c.akps_responders_pct, c.mean_nrs_change
    FROM cells AS c
   CROSS JOIN (VALUES ('risk_tier'), ('sex'), ('foot_type'), ('prior_injury'), ('symptom_duration')) AS d (dimension)
   WHERE c.dimension IS NULL
),
primary_rule AS (
  SELECT r.*,
         r.episodes < @extschema@.min_cell_size() AS small,
         pg_catalog.sum(r.episodes) FILTER (WHERE r.episodes < @extschema@.min_cell_size() AND r.cohort <> 'all')
           OVER (PARTITION BY r.dimension) AS small_total,
         pg_catalog.row_number() OVER (PARTITION BY r.dimension
                                       ORDER BY r.cohort = 'all',
                                                r.episodes < @extschema@.min_cell_size(),
                                                r.episodes, r.cohort) AS size_rank
    FROM cell_rows AS r
),
flagged AS (
  -- Primary rule: fewer than min_cell_size() episodes.  Complementary
  -- rule: 'all' minus the shown cohorts gives the total of the suppressed
  -- ones, so when the small cohorts of a dimension hold fewer than
  -- min_cell_size() episodes together, the smallest other cohort is
  -- suppressed too (it holds at least min_cell_size(), so the suppressed
  -- total then does as well, and no small count can be worked out).
  SELECT p.*,
         p.small OR (p.small_total IS NOT NULL AND p.small_total < @extschema@.min_cell_size()
                     AND p.size_rank = 1
                     AND p.cohort <> 'all' AND NOT p.small) AS suppressed
    FROM primary_rule AS p
)
SELECT f.dimension, f.cohort, f.suppressed,
       CASE WHEN NOT f.suppressed THEN f.episodes END AS episodes,
       CASE WHEN NOT f.suppressed THEN f.km_state END AS km_state,
       CASE WHEN NOT f.suppressed THEN f.akps_responders_pct END AS akps_responders_pct,
       CASE WHEN NOT f.suppressed THEN f.mean_nrs_change::float8 END AS mean_nrs_change
  FROM flagged AS f;
COMMENT ON VIEW @extschema@.cohort_recovery_state IS
  'Building block of cohort_recovery and cohort_recovery_curve: per cohort (risk_tier, sex, foot_type, prior_injury, symptom_duration, each with an ''all'' row) the recovery_km_state of the episodes (Kaplan-Meier input) and the PROM figures; cells under min_cell_size() episodes, and the smallest other cell of a dimension with exactly one such cell, are suppressed (all figures NULL).';

-- ---------------------------------------------------------------- cohort_recovery

CREATE VIEW @extschema@.cohort_recovery WITH (security_invoker = true) AS
SELECT s.dimension, s.cohort, s.suppressed, s.episodes,
       k.events AS recovered,
       k.median_days, k.median_ci_low, k.median_ci_high,
       k.recovered_by_6wk, k.recovered_by_12wk,
       s.akps_responders_pct, s.mean_nrs_change
  FROM @extschema@.cohort_recovery_state AS s
  LEFT JOIN LATERAL @extschema@.recovery_km_summary(s.km_state) AS k ON true;
COMMENT ON VIEW @extschema@.cohort_recovery IS
  'Recovery per cohort (risk_tier low/moderate/high from pfps_risk, sex, foot_type, prior_injury yes/no, symptom_duration up to / over 2 months; each with an ''all'' row): episodes, recovered, Kaplan-Meier median days to recovery with its 95 % log-log CI (Brookmeyer-Crowley, as R survfit), recovered by 6 and 12 weeks, % AKPS responders (>= 10 points, Crossley 2004) among episodes with two AKPS, mean NRS change. Cells with fewer than knee_rehab.min_cell_size episodes (and the complementary cell) show suppressed = true and NULL figures, including the episode count.';
COMMENT ON COLUMN @extschema@.cohort_recovery.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery.cohort IS 'The value within the dimension; ''all'' for every episode; ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery.suppressed IS 'True when the cell is too small to show (min_cell_size) or would let a small cell be worked out from the others.';
COMMENT ON COLUMN @extschema@.cohort_recovery.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered IS 'Episodes that reached the recovery event.';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_days IS 'Kaplan-Meier median days from first visit to recovery (NULL when the curve does not reach 0.5).';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_low IS '95 % lower limit of the median, log-log method (R survfit conf.type = "log-log").';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_high IS '95 % upper limit of the median (NULL = not reached).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_6wk IS '1 - S(42 days), Kaplan-Meier.';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_12wk IS '1 - S(84 days), Kaplan-Meier.';
COMMENT ON COLUMN @extschema@.cohort_recovery.akps_responders_pct IS 'Percent of episodes with a baseline and a later AKPS whose AKPS rose >= 10 points (Crossley 2004).';
COMMENT ON COLUMN @extschema@.cohort_recovery.mean_nrs_change IS 'Mean latest - baseline NRS pain over episodes with two NRS scores (negative = less pain).';

-- ---------------------------------------------------------------- cohort_recovery_curve

CREATE VIEW @extschema@.cohort_recovery_curve WITH (security_invoker = true) AS
SELECT s.dimension, s.cohort, c.day, c.at_risk, c.events, c.censored,
       c.survival, 1 - c.survival AS recovered_share, c.ci_low, c.ci_high
  FROM @extschema@.cohort_recovery_state AS s
 CROSS JOIN LATERAL @extschema@.recovery_curve(s.km_state) AS c
 WHERE NOT s.suppressed;
COMMENT ON VIEW @extschema@.cohort_recovery_curve IS
  'Kaplan-Meier steps per cohort in long format for BI tools: dimension, cohort, day, at_risk, events, censored, survival S(day), recovered_share = 1 - S, 95 % log-log pointwise band (Greenwood; as R summary(survfit)). Suppressed cohorts (min_cell_size) have no rows.';
