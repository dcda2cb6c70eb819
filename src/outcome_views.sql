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
sessions AS (
  SELECT ls.episode_id, pg_catalog.max(ls.session_date) AS last_session
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
         t.recovered_at,
         GREATEST(e.first_visit, e.discharged_on, t.last_test, s.last_session,
                  o.last_measure) AS last_contact
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.patient_id = e.patient_id
    LEFT JOIN tests AS t ON t.episode_id = e.episode_id
    LEFT JOIN sessions AS s ON s.episode_id = e.episode_id
    LEFT JOIN outcomes AS o ON o.episode_id = e.episode_id
)
SELECT b.episode_id, b.clinic_id, b.patient_id, b.side, b.sex, b.foot,
       b.prior_injury, b.bmi, b.symptom_onset, b.first_visit, b.discharged_on,
       b.symptom_days, b.symptom_duration,
       b.baseline_nrs, b.latest_nrs, b.latest_nrs - b.baseline_nrs AS nrs_change,
       @extschema@.nrs_responder(b.baseline_nrs, b.latest_nrs) AS nrs_responder,
       b.baseline_akps, b.latest_akps, b.latest_akps - b.baseline_akps AS akps_change,
       @extschema@.akps_responder(b.baseline_akps, b.latest_akps) AS akps_responder,
       b.baseline_koos_pf, b.latest_koos_pf,
       b.recovered_at, b.last_contact,
       b.recovered_at IS NOT NULL AS recovered,
       (COALESCE(b.recovered_at, b.last_contact) - b.first_visit)::float8 AS days_to_event
  FROM base AS b;
COMMENT ON VIEW @extschema@.episode_outcome IS
  'One row per episode: patient factors, symptom duration at the first visit (> 2 months: poor prognosis, weak evidence), baseline (first) and latest NRS (Farrar 2001), AKPS (Kujala 1993; responder >= 10 points, Crossley 2004) and KOOS-PF (Crossley 2018), recovered_at = first day (from the first visit) on which all three provocation tests are pain-free (<= pain_free_nrs()) and the small knee bend reaches knee_bend_target_deg(), else censored at last contact; days_to_event is the time-to-event input of recovery_km (Kaplan-Meier).';
COMMENT ON COLUMN @extschema@.episode_outcome.prior_injury IS 'Any previous knee injury recorded (NULL: history not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.bmi IS 'Body mass index, kg/m2 (not a PFPS risk factor prospectively, Neal 2019).';
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
  SELECT o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration, o.recovered, o.days_to_event, o.akps_responder, o.nrs_change
    FROM @extschema@.episode_outcome AS o
),
cells AS (
  -- One pass over the episodes: every dimension and the whole set.
  SELECT CASE WHEN GROUPING(eo.sex) = 0 THEN 'sex'
              WHEN GROUPING(eo.foot) = 0 THEN 'foot_type'
              WHEN GROUPING(eo.prior_injury) = 0 THEN 'prior_injury'
              WHEN GROUPING(eo.symptom_duration) = 0 THEN 'symptom_duration'
         END AS dimension,
         COALESCE(eo.sex, eo.foot, eo.prior_injury, eo.symptom_duration, 'not recorded') AS cohort,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(eo.days_to_event, eo.recovered) AS km_state,
         100.0 * pg_catalog.count(*) FILTER (WHERE eo.akps_responder)
           / NULLIF(pg_catalog.count(eo.akps_responder), 0) AS akps_responders_pct,
         pg_catalog.avg(eo.nrs_change) AS mean_nrs_change
    FROM eo
   GROUP BY GROUPING SETS ((), (eo.sex), (eo.foot), (eo.prior_injury), (eo.symptom_duration))
),
cell_rows AS (
  SELECT c.dimension, c.cohort, c.episodes, c.km_state, c.akps_responders_pct, c.mean_nrs_change
    FROM cells AS c WHERE c.dimension IS NOT NULL
  UNION ALL
  SELECT d.dimension, 'all', c.episodes, c.km_state, c.akps_responders_pct, c.mean_nrs_change
    FROM cells AS c
   CROSS JOIN (VALUES ('sex'), ('foot_type'), ('prior_injury'), ('symptom_duration')) AS d (dimension)
   WHERE c.dimension IS NULL
),
primary_rule AS (
  SELECT r.*,
         r.episodes < @extschema@.min_cell_size() AS small,
         pg_catalog.count(*) FILTER (WHERE r.episodes < @extschema@.min_cell_size() AND r.cohort <> 'all')
           OVER (PARTITION BY r.dimension) AS small_cells,
         pg_catalog.row_number() OVER (PARTITION BY r.dimension
                                       ORDER BY r.cohort = 'all',
                                                r.episodes < @extschema@.min_cell_size(),
                                                r.episodes, r.cohort) AS size_rank
    FROM cell_rows AS r
),
flagged AS (
  -- Primary rule: fewer than min_cell_size() episodes.  Complementary
  -- rule: when exactly one cohort of a dimension is small, the smallest
  -- other cohort is suppressed too, so the small one cannot be recovered
  -- by subtracting the others from 'all'.
  SELECT p.*,
         p.small OR (p.small_cells = 1 AND p.size_rank = 1 AND p.cohort <> 'all'
                     AND NOT p.small) AS suppressed
    FROM primary_rule AS p
)
SELECT f.dimension, f.cohort, f.suppressed,
       CASE WHEN NOT f.suppressed THEN f.episodes END AS episodes,
       CASE WHEN NOT f.suppressed THEN f.km_state END AS km_state,
       CASE WHEN NOT f.suppressed THEN f.akps_responders_pct END AS akps_responders_pct,
       CASE WHEN NOT f.suppressed THEN f.mean_nrs_change::float8 END AS mean_nrs_change
  FROM flagged AS f;
COMMENT ON VIEW @extschema@.cohort_recovery_state IS
  'Building block of cohort_recovery and cohort_recovery_curve: per cohort (sex, foot_type, prior_injury, symptom_duration, each with an ''all'' row) the recovery_km_state of the episodes (Kaplan-Meier input) and the PROM figures; cells under min_cell_size() episodes, and the smallest other cell of a dimension with exactly one such cell, are suppressed (all figures NULL).';

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
  'Recovery per cohort (sex, foot_type, prior_injury yes/no, symptom_duration up to / over 2 months; each with an ''all'' row): episodes, recovered, Kaplan-Meier median days to recovery with its 95 % log-log CI (Brookmeyer-Crowley, as R survfit), recovered by 6 and 12 weeks, % AKPS responders (>= 10 points, Crossley 2004) among episodes with two AKPS, mean NRS change. Cells with fewer than knee_rehab.min_cell_size episodes (and the complementary cell) show suppressed = true and NULL figures, including the episode count.';
COMMENT ON COLUMN @extschema@.cohort_recovery.dimension IS 'sex, foot_type, prior_injury or symptom_duration.';
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
