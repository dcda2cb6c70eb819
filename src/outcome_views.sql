-- Outcome views: one row per episode, recovery cohorts with small-cell
-- suppression, and the Kaplan-Meier steps per cohort.
--
-- Identity is (clinic_id, id): every join and GROUP BY carries clinic_id,
-- so clinics using the same ids never mix.  A test's calendar day is its
-- UTC day, so no figure depends on the session TimeZone; tests dated
-- before the episode's first visit are ignored.
--
-- episode_outcome is row-level and security_invoker: the clinic-access
-- policies on the tables decide which rows a reader sees.  The cohort
-- views are aggregate-only: they run with their owner's rights (so an
-- analyst needs no table privilege), apply the caller's clinic access
-- themselves (visible_clinics), suppress small cells, and are
-- security_barrier so no caller-supplied function sees a row before that.

-- ---------------------------------------------------------------- episode_outcome

-- One SQL text, two views: episode_outcome (security_invoker: the
-- clinic-access policies on the tables decide what a reader sees) and
-- episode_outcome_all (the owner's rights, every clinic; not granted to
-- anyone) which only the aggregate-only views read.  PostgreSQL checks a
-- security_invoker view as the querying user even inside an owner-rights
-- view, so the aggregate views cannot read episode_outcome itself.
DO $do$
DECLARE
  body CONSTANT text := $body$
WITH setting AS MATERIALIZED (
  -- The session's settings, read once where the query starts (as in
  -- load_monitoring): under Citus a subplan on the coordinator whose values
  -- the shards receive, so no worker's own settings are used.
  SELECT @extschema@.pain_free_nrs() AS pain_free_nrs,
         @extschema@.knee_bend_target_deg() AS knee_bend_target_deg
    FROM pg_catalog.pg_extension AS x
   WHERE x.extname = 'knee_rehab'
),
test_days AS (
  -- One row per episode and calendar day of testing (UTC): is every test
  -- of each kind pain-free that day, and did the small knee bend reach the
  -- target angle?
  SELECT kt.clinic_id, kt.episode_id,
         (kt.tested_at AT TIME ZONE 'UTC')::date AS day,
         pg_catalog.count(DISTINCT kt.test) = 3
           AND pg_catalog.bool_and(kt.pain_nrs <= st.pain_free_nrs
                                   AND (kt.test <> 'small_knee_bend'
                                        OR kt.angle_deg >= st.knee_bend_target_deg))
           AS recovered_that_day
    FROM @extschema@.knee_test AS kt
   CROSS JOIN setting AS st
   GROUP BY kt.clinic_id, kt.episode_id, (kt.tested_at AT TIME ZONE 'UTC')::date
),
tests AS (
  SELECT td.clinic_id, td.episode_id,
         pg_catalog.min(td.day) FILTER (WHERE td.recovered_that_day) AS recovered_at,
         pg_catalog.max(td.day) AS last_test
    FROM test_days AS td
    JOIN @extschema@.episode AS e ON e.clinic_id = td.clinic_id AND e.episode_id = td.episode_id
   WHERE td.day >= e.first_visit
   GROUP BY td.clinic_id, td.episode_id
),
knee_bend AS (
  -- Small knee bend progress over the episode's tests (from its first visit).
  SELECT kt.clinic_id, kt.episode_id,
         @extschema@.knee_bend_progress(kt.tested_at, kt.angle_deg, kt.pain_nrs,
                                        st.pain_free_nrs, st.knee_bend_target_deg) AS kb
    FROM @extschema@.knee_test AS kt
    JOIN @extschema@.episode AS e ON e.clinic_id = kt.clinic_id AND e.episode_id = kt.episode_id
   CROSS JOIN setting AS st
   WHERE kt.test = 'small_knee_bend'
     AND (kt.tested_at AT TIME ZONE 'UTC')::date >= e.first_visit
   GROUP BY kt.clinic_id, kt.episode_id
),
sessions AS (
  -- Last session and, in the same pass, pain during runs against distance.
  SELECT ls.clinic_id, ls.episode_id, pg_catalog.max(ls.session_date) AS last_session,
         @extschema@.load_pain_trend(ls.distance_km, ls.pain_during, st.pain_free_nrs)
           FILTER (WHERE ls.kind = 'run') AS lp
    FROM @extschema@.load_session AS ls
   CROSS JOIN setting AS st
   GROUP BY ls.clinic_id, ls.episode_id
),
outcomes AS (
  SELECT om.clinic_id, om.episode_id,
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
   GROUP BY om.clinic_id, om.episode_id
),
groc AS (
  -- Recovery definition groc: the first favourable global rating of change
  -- (grc 1 completely recovered or 2 strongly improved; Collins 2013,
  -- Lankhorst 2016) on or after the first visit.
  SELECT om.clinic_id, om.episode_id, pg_catalog.min(om.measured_on) AS groc_at
    FROM @extschema@.outcome_measure AS om
    JOIN @extschema@.episode AS e ON e.clinic_id = om.clinic_id AND e.episode_id = om.episode_id
   WHERE om.instrument = 'grc' AND om.score <= 2 AND om.measured_on >= e.first_visit
   GROUP BY om.clinic_id, om.episode_id
),
return_run AS (
  -- Recovery definition return_to_run: the first run (on or after the
  -- first visit) of at least the usual pre-injury distance with pain during
  -- <= pain_free_nrs() (practitioner guidance).
  SELECT ls.clinic_id, ls.episode_id, pg_catalog.min(ls.session_date) AS return_to_run_at
    FROM @extschema@.load_session AS ls
    JOIN @extschema@.episode AS e ON e.clinic_id = ls.clinic_id AND e.episode_id = ls.episode_id
   CROSS JOIN setting AS st
   WHERE ls.kind = 'run' AND ls.distance_km >= e.usual_run_km
     AND ls.pain_during <= st.pain_free_nrs AND ls.session_date >= e.first_visit
   GROUP BY ls.clinic_id, ls.episode_id
),
base AS (
  SELECT e.episode_id, e.clinic_id, e.patient_id, e.side::text AS side,
         p.sex::text AS sex, p.foot::text AS foot,
         CASE WHEN p.injuries IS NULL THEN NULL
              ELSE pg_catalog.cardinality(p.injuries) > 0 END AS prior_injury,
         @extschema@.bmi(p.weight_kg, p.height_cm) AS bmi,
         -- In the select list, not a function in FROM: Citus pushes a
         -- multi-shard query down only with immutable functions there.
         @extschema@.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                               e.quad_deficit_pct, e.weekly_distance_increase_pct,
                               e.strength_sessions_per_week) AS r,
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
         g.groc_at, e.usual_run_km, rr.return_to_run_at,
         GREATEST(e.first_visit, e.discharged_on, t.last_test, s.last_session,
                  o.last_measure) AS last_contact
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
    LEFT JOIN tests AS t ON t.clinic_id = e.clinic_id AND t.episode_id = e.episode_id
    LEFT JOIN knee_bend AS k ON k.clinic_id = e.clinic_id AND k.episode_id = e.episode_id
    LEFT JOIN sessions AS s ON s.clinic_id = e.clinic_id AND s.episode_id = e.episode_id
    LEFT JOIN outcomes AS o ON o.clinic_id = e.clinic_id AND o.episode_id = e.episode_id
    LEFT JOIN groc AS g ON g.clinic_id = e.clinic_id AND g.episode_id = e.episode_id
    LEFT JOIN return_run AS rr ON rr.clinic_id = e.clinic_id AND rr.episode_id = e.episode_id
),
intake AS (
  -- Issue 16: the episode's working diagnosis, therapist and discharge reason.
  SELECT e.clinic_id, e.episode_id, e.working_diagnosis, e.therapist, e.discharge_reason
    FROM @extschema@.episode AS e
),
gait AS (
  -- Issue 16: cadence at the first and the latest gait assessment with one.
  SELECT ga.clinic_id, ga.episode_id,
         (pg_catalog.array_agg(ga.cadence_spm ORDER BY ga.assessed_on, ga.assessment_id))[1] AS first_cadence,
         (pg_catalog.array_agg(ga.cadence_spm ORDER BY ga.assessed_on DESC, ga.assessment_id DESC))[1] AS last_cadence,
         pg_catalog.count(*) AS n_cadence
    FROM @extschema@.gait_assessment AS ga
   WHERE ga.cadence_spm IS NOT NULL
   GROUP BY ga.clinic_id, ga.episode_id
),
equipment AS (
  -- Issue 16: equipment changes (shoes, orthosis, taping, brace).
  SELECT ec.clinic_id, ec.episode_id, pg_catalog.count(*) AS changes
    FROM @extschema@.equipment_change AS ec
   GROUP BY ec.clinic_id, ec.episode_id
)
SELECT b.episode_id, b.clinic_id, b.patient_id, b.side, b.sex, b.foot,
       b.prior_injury, b.bmi, (b.r).tier::text AS risk_tier,
       CASE (b.r).tier WHEN 'low' THEN 1 WHEN 'moderate' THEN 2 WHEN 'high' THEN 3 END AS risk_tier_rank,
       (b.r).relative_risk, (b.r).completeness AS risk_completeness,
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
       (COALESCE(b.recovered_at, b.last_contact) - b.first_visit)::float8 AS days_to_event,
       b.groc_at, b.groc_at IS NOT NULL AS groc_recovered,
       (COALESCE(b.groc_at, b.last_contact) - b.first_visit)::float8 AS groc_days_to_event,
       b.return_to_run_at,
       CASE WHEN b.usual_run_km IS NOT NULL THEN b.return_to_run_at IS NOT NULL END AS return_to_run_recovered,
       CASE WHEN b.usual_run_km IS NOT NULL
            THEN (COALESCE(b.return_to_run_at, b.last_contact) - b.first_visit)::float8 END
         AS return_to_run_days_to_event,
       i.working_diagnosis, i.therapist, i.discharge_reason,
       CASE WHEN hp.prescribed >= 1 THEN 100 * hp.done / hp.prescribed END AS adherence_pct,
       CASE WHEN g.n_cadence > 1 THEN 100 * (g.last_cadence - g.first_cadence) / g.first_cadence END AS cadence_change_pct,
       COALESCE(q.changes, 0) AS equipment_changes
  FROM base AS b
  LEFT JOIN intake AS i ON i.clinic_id = b.clinic_id AND i.episode_id = b.episode_id
  LEFT JOIN gait AS g ON g.clinic_id = b.clinic_id AND g.episode_id = b.episode_id
  LEFT JOIN equipment AS q ON q.clinic_id = b.clinic_id AND q.episode_id = b.episode_id
  LEFT JOIN LATERAL (
    -- Issue 16: home-program adherence over the episode, from the first
    -- visit to the discharge (else the last contact): the sessions done
    -- on the prescriptions' days in that window / home_sessions_prescribed.
    SELECT pg_catalog.sum(hd.prescribed) AS prescribed, pg_catalog.sum(hd.done)::float8 AS done
      FROM (SELECT @extschema@.home_sessions_prescribed(hx.sessions_per_week, hx.start_date, hx.end_date,
                                                        b.first_visit, COALESCE(b.discharged_on, b.last_contact)) AS prescribed,
                   (SELECT pg_catalog.count(*) FROM @extschema@.home_exercise_log AS hl
                     WHERE hl.clinic_id = hx.clinic_id AND hl.episode_id = hx.episode_id
                       AND hl.exercise_id = hx.exercise_id
                       AND hl.done_on >= GREATEST(hx.start_date, b.first_visit)
                       AND hl.done_on <= LEAST(COALESCE(hx.end_date, COALESCE(b.discharged_on, b.last_contact)),
                                               COALESCE(b.discharged_on, b.last_contact))) AS done
              FROM @extschema@.home_exercise AS hx
             WHERE hx.clinic_id = b.clinic_id AND hx.episode_id = b.episode_id) AS hd) AS hp ON true
$body$;
BEGIN
  EXECUTE 'CREATE VIEW @extschema@.episode_outcome WITH (security_invoker = true) AS ' || body;
  EXECUTE 'CREATE VIEW @extschema@.episode_outcome_all WITH (security_barrier = true) AS ' || body;
END
$do$;
COMMENT ON VIEW @extschema@.episode_outcome IS
  'One row per episode: patient factors, PFPS risk tier, relative risk and factors (pfps_risk: Boling 2010 in US Naval Academy midshipmen; van Poppel 2018; Neal 2014/2019; Nielsen 2014), symptom duration at the first visit (> 2 months: poor prognosis, weak evidence), baseline (first) and latest NRS (Farrar 2001), AKPS (Kujala 1993; responder >= 10 points, Crossley 2004) and KOOS-PF (Crossley 2018), small knee bend progress (knee_bend_progress) and the load-pain trend of the runs (load_pain_trend; pain-monitoring model, Thomee 1997; pain_free_capacity is practitioner guidance, an extrapolation of the fitted line), and the recovery event under three named definitions (clinical reference "Recovery"), each censored at last contact: tests (recovered_at, recovered, days_to_event) = first day (from the first visit) on which all three provocation tests are pain-free (<= pain_free_nrs()) and the small knee bend reaches knee_bend_target_deg(), a readiness surrogate; groc (groc_at, groc_recovered, groc_days_to_event) = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); return_to_run (return_to_run_at, return_to_run_recovered, return_to_run_days_to_event) = first run of at least usual_run_km with pain_during <= pain_free_nrs() (practitioner guidance), NULL when usual_run_km is not recorded (excluded, not censored); the *days_to_event columns are the time-to-event inputs of recovery_km (Kaplan-Meier).';
COMMENT ON COLUMN @extschema@.episode_outcome.prior_injury IS 'Any previous knee injury recorded (NULL: history not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.bmi IS 'Body mass index, kg/m2 (not a PFPS risk factor prospectively, Neal 2019).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_tier IS 'PFPS risk tier at intake as text (low, moderate, high; order by risk_tier_rank), pfps_risk(...).tier over the patient''s sex, weight, height, injuries, foot and the episode''s quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week (Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014; not a validated prediction model).';
COMMENT ON COLUMN @extschema@.episode_outcome.relative_risk IS 'pfps_risk(...).relative_risk: product of the factor relative risks against a reference runner, with the clinic''s risk_parameter overrides.';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_completeness IS 'pfps_risk(...).completeness: share of the risk factors recorded (NULL factors count 1.0).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_tier_rank IS 'Order of risk_tier for sorting and charts: 1 low, 2 moderate, 3 high (tiers of pfps_risk: low < 1.5 <= moderate < 3 <= high relative risk by default; Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014). Each factor behind it: view episode_risk_factor.';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_tests IS 'Small knee bend tests of the episode (knee_bend_progress n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_trend IS 'knee_bend_progress(tested_at, angle_deg, pain_nrs).trend over the episode''s small knee bend tests: improving | stable | worsening | insufficient_data (NULL: no tests).';
COMMENT ON COLUMN @extschema@.episode_outcome.best_pain_free_angle_deg IS 'Largest small knee bend angle tested with pain <= pain_free_nrs() (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.angle_slope_per_week IS 'Least-squares slope of the small knee bend angle, degrees per week (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.first_ready_at IS 'First small knee bend test meeting ready_to_run: knee_bend_target_deg() reached pain-free (clinical reference).';
COMMENT ON COLUMN @extschema@.episode_outcome.runs_with_pain IS 'Runs with a distance and a pain-during score (load_pain_trend n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope IS 'load_pain_trend(distance_km, pain_during) over the episode''s runs: NRS points of pain per km (pain-monitoring model, Thomee 1997); equals regr_slope(pain_during, distance_km).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_low IS '95 % lower limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_high IS '95 % upper limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.pain_free_capacity_km IS 'Run distance at which the fitted pain reaches pain_free_nrs() (load_pain_trend pain_free_capacity; practitioner guidance "run to the pain limit"; an extrapolation of the fitted line, not a measured limit; NULL unless the slope is positive).';
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
COMMENT ON COLUMN @extschema@.episode_outcome.recovered_at IS 'Recovery definition tests (a readiness surrogate, clinical reference "Recovery"): first day from the first visit with all three provocation tests pain-free and the small knee bend at the target angle (the UTC day of tested_at; tests before the first visit ignored); NULL = not (yet) recovered.';
COMMENT ON COLUMN @extschema@.episode_outcome.last_contact IS 'Latest of first visit, discharge, provocation tests, sessions and outcome measures: the censoring day.';
COMMENT ON COLUMN @extschema@.episode_outcome.recovered IS 'Recovery definition tests: true when recovered_at is known (the Kaplan-Meier event of the tests definition: all three provocation tests pain-free and the small knee bend at knee_bend_target_deg, a readiness surrogate; clinical reference "Recovery").';
COMMENT ON COLUMN @extschema@.episode_outcome.days_to_event IS 'Recovery definition tests: days from the first visit to recovered_at, or to last_contact when censored (clinical reference "Recovery": censor at last contact).';
COMMENT ON COLUMN @extschema@.episode_outcome.groc_at IS 'Recovery definition groc: first day (on or after the first visit) with a favourable global rating of change, outcome_measure grc score 1 (completely recovered) or 2 (strongly improved); 3 (slightly improved) and worse are not (Collins 2013 BJSM 47:227; Lankhorst 2016). NULL = none (yet).';
COMMENT ON COLUMN @extschema@.episode_outcome.groc_recovered IS 'Recovery definition groc: true when groc_at is known (the Kaplan-Meier event; Collins 2013).';
COMMENT ON COLUMN @extschema@.episode_outcome.groc_days_to_event IS 'Recovery definition groc: days from the first visit to groc_at, or to last_contact when censored (Collins 2013; clinical reference "Recovery").';
COMMENT ON COLUMN @extschema@.episode_outcome.return_to_run_at IS 'Recovery definition return_to_run: first run (load_session kind run, on or after the first visit) with distance_km >= the episode''s usual_run_km and pain_during <= pain_free_nrs() (a run with no pain_during recorded does not count); practitioner guidance "keep building until you approach your levels before the injury". NULL = none (yet), or usual_run_km not recorded.';
COMMENT ON COLUMN @extschema@.episode_outcome.return_to_run_recovered IS 'Recovery definition return_to_run: true when return_to_run_at is known (the Kaplan-Meier event; practitioner guidance); NULL when the episode has no usual_run_km: the event is undefined, and the episode is left out of return_to_run figures (excluded, not censored).';
COMMENT ON COLUMN @extschema@.episode_outcome.return_to_run_days_to_event IS 'Recovery definition return_to_run: days from the first visit to return_to_run_at, or to last_contact when censored (practitioner guidance; clinical reference "Recovery"); NULL when the episode has no usual_run_km (excluded, not censored).';

COMMENT ON COLUMN @extschema@.episode_outcome.episode_id IS 'Episode id, unique within its clinic: the episode''s identity is (clinic_id, episode_id).';
COMMENT ON COLUMN @extschema@.episode_outcome.clinic_id IS 'Clinic of the episode (with episode_id, its identity; the clinic-access key).';
COMMENT ON COLUMN @extschema@.episode_outcome.patient_id IS 'Patient id, unique within the clinic: the patient is (clinic_id, patient_id).';
COMMENT ON COLUMN @extschema@.episode_outcome.side IS 'Affected knee as text: left, right, both (the knee_side values; NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.sex IS 'The patient''s sex as text: female, male, other, unknown (the sex values; NULL = not recorded; female RR 2.23, Boling 2010, in naval-academy midshipmen).';
COMMENT ON COLUMN @extschema@.episode_outcome.foot IS 'The patient''s foot type as text: neutral, flat, overpronation, high_arch, pttd (the foot_type values; NULL = not recorded; weak evidence, Neal 2014).';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_onset IS 'Date symptoms began (NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.first_visit IS 'Date of the first visit: day 0 of days_to_event.';
COMMENT ON COLUMN @extschema@.episode_outcome.discharged_on IS 'Discharge date (NULL = not discharged).';
COMMENT ON COLUMN @extschema@.episode_outcome.working_diagnosis IS 'The episode''s working diagnosis as text (episode.working_diagnosis: triage''s likely_condition vocabulary, Crossley 2016 consensus, or other; NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.therapist IS 'The treating therapist, the clinic''s own id (episode.therapist; NULL = not recorded). No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.episode_outcome.discharge_reason IS 'Why the episode ended as text: recovered, self_discharged, referred, lost_to_follow_up or other (episode.discharge_reason; NULL = not discharged or not recorded). No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.episode_outcome.adherence_pct IS 'Home-program adherence over the episode, percent: home_exercise_log sessions done / sessions prescribed x 100 (issue 16), over the days from the first visit to discharged_on (else last_contact) on which each prescription ran; prescribed = home_sessions_prescribed (sessions_per_week x days / 7). NULL without a prescription or under 1 prescribed session; may exceed 100. Practitioner guidance (clinical reference, load and pain): the strength circuit 2-3 times a week.';
COMMENT ON COLUMN @extschema@.episode_outcome.cadence_change_pct IS 'Running cadence change, percent: (latest - first gait_assessment cadence_spm) / first x 100, by assessed_on; NULL unless two assessments with a cadence. Gait retraining dose: cadence +10 % lowers peak patellofemoral joint force by 14 % (Lenhart 2014, MSSE 46:557); +5 % lowers energy absorbed at the knee by 20 % (Heiderscheit 2011, MSSE 43:296).';
COMMENT ON COLUMN @extschema@.episode_outcome.equipment_changes IS 'Number of equipment_change rows of the episode (shoes, orthosis, taping, brace; 0 when none). Practitioner guidance; weak evidence for each.';
GRANT SELECT ON @extschema@.episode_outcome TO PUBLIC;

-- The twin's comments: the same per column.
COMMENT ON VIEW @extschema@.episode_outcome_all IS
  'Internal to the aggregate-only views (cohort_recovery and the like): episode_outcome''s rows for every clinic, with the view owner''s rights; not granted to anyone. Same SQL text and columns as episode_outcome (sources there: Boling 2010, Kujala 1993, Crossley 2004/2018, Farrar 2001).';
DO $do$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT a.attname, d.description
             FROM pg_catalog.pg_attribute AS a
             JOIN pg_catalog.pg_description AS d
               ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND d.objsubid = a.attnum
            WHERE a.attrelid = '@extschema@.episode_outcome'::pg_catalog.regclass
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.episode_outcome_all.%I IS %L', c.attname, c.description);
  END LOOP;
END
$do$;

-- ---------------------------------------------------------------- suppress_cells

-- Small-cell suppression over a table of counts whose published sums
-- ("lines": a cohort row of a clinic adds up to the clinic's total; a
-- cohort across the clinics adds up to the cross-clinic cell) would
-- otherwise let a reader work out a suppressed cell by subtraction.
-- Primary rule: a cell under min_cell episodes is suppressed.
-- Complementary rule, applied to every line until nothing changes: a line
-- must not hold exactly one suppressed cell (it would equal its total
-- minus the others), and when its total is shown the suppressed parts
-- must add up to at least min_cell (else their sum, a small number, is
-- known); the smallest shown part is suppressed next (or the total when
-- no part is left).  Members arrive ordered by line.  Pure computation.
CREATE FUNCTION @extschema@.suppress_cells(cell_count bigint[], member_line integer[],
                                           member_cell integer[], member_is_total boolean[],
                                           min_cell integer)
  RETURNS boolean[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n integer := coalesce(cardinality(cell_count), 0);
  m integer := coalesce(cardinality(member_line), 0);
  sup boolean[] := '{}';
  changed boolean := true;
  i integer;
  j integer;
  line integer;
  n_sup integer;
  sum_sup bigint;
  total_sup boolean;
  total_cell integer;
  best integer;
BEGIN
  IF cardinality(member_cell) IS DISTINCT FROM cardinality(member_line)
     OR cardinality(member_is_total) IS DISTINCT FROM cardinality(member_line) THEN
    RAISE EXCEPTION 'suppress_cells: member_line, member_cell and member_is_total must have the same length'
      USING ERRCODE = 'array_subscript_error';
  END IF;
  FOR i IN 1 .. n LOOP
    sup[i] := cell_count[i] < min_cell;
  END LOOP;
  WHILE changed LOOP
    changed := false;
    i := 1;
    WHILE i <= m LOOP
      line := member_line[i];
      n_sup := 0; sum_sup := 0; total_sup := false; total_cell := NULL; best := NULL;
      WHILE i <= m AND member_line[i] = line LOOP
        j := member_cell[i];
        IF j IS NULL OR j < 1 OR j > n THEN
          RAISE EXCEPTION 'suppress_cells: member_cell % is not a cell (1 to %)', j, n
            USING ERRCODE = 'array_subscript_error';
        END IF;
        IF member_is_total[i] THEN
          total_cell := j;
        END IF;
        IF sup[j] THEN
          n_sup := n_sup + 1;
          IF member_is_total[i] THEN total_sup := true; ELSE sum_sup := sum_sup + cell_count[j]; END IF;
        ELSIF NOT member_is_total[i] AND cell_count[j] > 0
              AND (best IS NULL OR cell_count[j] < cell_count[best]
                   OR (cell_count[j] = cell_count[best] AND j < best)) THEN
          best := j;
        END IF;
        i := i + 1;
      END LOOP;
      IF n_sup = 1 OR (n_sup > 0 AND NOT total_sup AND sum_sup < min_cell) THEN
        IF best IS NOT NULL THEN
          sup[best] := true;
          changed := true;
        ELSIF total_cell IS NOT NULL AND NOT sup[total_cell] THEN
          sup[total_cell] := true;
          changed := true;
        END IF;
      END IF;
    END LOOP;
  END LOOP;
  RETURN sup;
END
$$;
COMMENT ON FUNCTION @extschema@.suppress_cells(bigint[], integer[], integer[], boolean[], integer) IS
  'Small-cell suppression (primary: count < min_cell; complementary, repeated until stable: no line - a set of cells whose parts add up to its total cell - may hold exactly one suppressed cell, and the suppressed parts of a line with a shown total must add up to at least min_cell; the smallest shown part, else the total, is suppressed next). Returns one flag per cell. Statistical disclosure control practice (e.g. Hundepool et al., Statistical Disclosure Control, 2012: primary and secondary cell suppression). No clinical source: a privacy rule.';

-- The aggregate-only views' form of suppress_cells: their cells' counts
-- (in cell order) and their lines as (line label, cell, is_total) members
-- in any order; the members are numbered by line (dense rank of the label)
-- and ordered by line, as suppress_cells wants, here once.  One row per
-- cell: its number and whether it is suppressed.
CREATE FUNCTION @extschema@.suppressed_cells(cell_count bigint[], member_line text[], member_cell integer[],
                                             member_is_total boolean[])
  RETURNS TABLE (cell integer, suppressed boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT f.cell::integer, f.suppressed
    FROM (SELECT @extschema@.suppress_cells(
                   cell_count,
                   pg_catalog.array_agg(m.line_no ORDER BY m.line, m.cell),
                   pg_catalog.array_agg(m.cell ORDER BY m.line, m.cell),
                   pg_catalog.array_agg(m.is_total ORDER BY m.line, m.cell),
                   @extschema@.min_cell_size()) AS sup
            FROM (SELECT u.line, u.cell, u.is_total,
                         pg_catalog.dense_rank() OVER (ORDER BY u.line)::integer AS line_no
                    FROM ROWS FROM (pg_catalog.unnest(member_line), pg_catalog.unnest(member_cell),
                                    pg_catalog.unnest(member_is_total)) AS u (line, cell, is_total)) AS m) AS s
   CROSS JOIN LATERAL pg_catalog.unnest(s.sup) WITH ORDINALITY AS f (suppressed, cell);
END;
COMMENT ON FUNCTION @extschema@.suppressed_cells(bigint[], text[], integer[], boolean[]) IS
  'suppress_cells for a view''s cells: cell_count in cell order (cells 1..n), the lines as parallel arrays of members (line label, cell, is_total: the line''s total cell), in any order; min_cell = knee_rehab.min_cell_size. One row per cell: cell, suppressed. The same errors as suppress_cells (member arrays of different lengths - the shorter read as NULLs - or a member that is not a cell: ERROR 2202E). Statistical disclosure control (Hundepool et al. 2012). No clinical source: a privacy rule.';

-- ---------------------------------------------------------------- cohort_recovery_state

-- Aggregate-only building block (not granted to PUBLIC): one row per clinic
-- the caller may see and per cohort, plus the same across those clinics
-- (all_clinics), with the Kaplan-Meier state and suppression applied over
-- both the cohort and the clinic dimension.
CREATE VIEW @extschema@.cohort_recovery_state WITH (security_barrier = true) AS
WITH vis AS (
  -- The clinics the caller may see, and those whose rows it can read (a
  -- NULL element, every clinic, is left out of the latter: such a reader
  -- reads every row anyway).
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
eo AS (
  SELECT o.clinic_id,
         o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration, o.recovered, o.days_to_event, o.akps_responder, o.nrs_change,
         o.groc_recovered, o.groc_days_to_event, o.return_to_run_recovered, o.return_to_run_days_to_event
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
unpivoted AS (
  -- One row per episode, recovery definition and cell it belongs to: the
  -- whole set (dimension NULL, cohort 'all') and its cohort of each
  -- dimension.  An episode whose event is undefined under a definition
  -- (return_to_run without usual_run_km) is left out of that definition.
  SELECT eo.clinic_id, r.definition, d.dimension, COALESCE(d.value, 'not recorded') AS cohort,
         r.recovered, r.days_to_event,
         CASE WHEN r.definition <> 'return_to_run' THEN eo.akps_responder END AS akps_responder,
         CASE WHEN r.definition <> 'return_to_run' THEN eo.nrs_change END AS nrs_change
    FROM eo
   CROSS JOIN LATERAL (VALUES ('tests'::text, eo.recovered, eo.days_to_event),
                              ('groc', eo.groc_recovered, eo.groc_days_to_event),
                              ('return_to_run', eo.return_to_run_recovered, eo.return_to_run_days_to_event))
                      AS r (definition, recovered, days_to_event)
   CROSS JOIN LATERAL (VALUES (NULL::text, 'all'::text), ('risk_tier', eo.risk_tier), ('sex', eo.sex),
                              ('foot_type', eo.foot), ('prior_injury', eo.prior_injury),
                              ('symptom_duration', eo.symptom_duration)) AS d (dimension, value)
   WHERE r.days_to_event IS NOT NULL
),
per_clinic AS (
  -- One GROUP BY over the episode rows, per clinic (under Citus it runs on
  -- the shard of each clinic); the cells across the clinics are then
  -- merged from these (exactly: counts add up, Kaplan-Meier states merge),
  -- so the episode rows are read once and never leave a shard.
  SELECT u.clinic_id, u.definition, u.dimension, u.cohort,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(u.days_to_event, u.recovered) AS km_state,
         pg_catalog.count(*) FILTER (WHERE u.akps_responder) AS akps_responders,
         pg_catalog.count(u.akps_responder) AS akps_pairs,
         pg_catalog.sum(u.nrs_change) AS nrs_change_sum,
         pg_catalog.count(u.nrs_change) AS nrs_change_n,
         pg_catalog.count(*) FILTER (WHERE u.recovered) AS recovered,
         -- the comparison data of the cohort (cohort_comparison: log-rank,
         -- Cox); the total cells carry none
         CASE WHEN u.dimension IS NOT NULL
              THEN @extschema@.recovery_compare_state(u.days_to_event, u.recovered, u.cohort) END AS cmp_state
    FROM unpivoted AS u
   GROUP BY u.clinic_id, u.definition, u.dimension, u.cohort
),
cells AS (
  -- Per clinic, and across the clinics (no GROUPING SETS, which Citus
  -- refuses across shards).
  SELECT false AS all_clinics, p.clinic_id, p.definition, p.dimension, p.cohort, p.episodes, p.km_state,
         p.akps_responders::float8 / NULLIF(p.akps_pairs, 0) AS akps_responder_share,
         p.nrs_change_sum / NULLIF(p.nrs_change_n, 0) AS mean_nrs_change,
         p.recovered, p.cmp_state
    FROM per_clinic AS p
  UNION ALL
  SELECT true, NULL::text, p.definition, p.dimension, p.cohort,
         pg_catalog.sum(p.episodes)::bigint,
         @extschema@.recovery_km_state_merge(p.km_state),
         pg_catalog.sum(p.akps_responders)::float8 / NULLIF(pg_catalog.sum(p.akps_pairs), 0),
         pg_catalog.sum(p.nrs_change_sum) / NULLIF(pg_catalog.sum(p.nrs_change_n), 0),
         pg_catalog.sum(p.recovered)::bigint,
         CASE WHEN p.dimension IS NOT NULL THEN @extschema@.recovery_compare_merge(p.cmp_state) END
    FROM per_clinic AS p
   GROUP BY p.definition, p.dimension, p.cohort
),
numbered AS (
  -- known: a cell of a clinic whose rows the caller can read (it counts
  -- them itself), so no protection: it is left out of every line, and a
  -- line's other cells are suppressed as if it were published.
  SELECT c.*, pg_catalog.row_number() OVER (ORDER BY c.definition, c.all_clinics, c.clinic_id, c.dimension NULLS FIRST, c.cohort)::integer AS cell,
         (NOT c.all_clinics AND c.clinic_id = ANY (vis.row_clinics)) AS known
    FROM cells AS c, vis
),
members AS (
  -- Lines stay within one recovery definition (each has its own cells).
  -- Row lines: a group's cohorts of one dimension add up to its total.
  SELECT n.definition || '|r' || n.all_clinics::text || '|' || COALESCE(n.clinic_id, '') || '|' || n.dimension AS line,
         n.cell, false AS is_total
    FROM numbered AS n WHERE n.dimension IS NOT NULL AND NOT n.known
  UNION ALL
  SELECT t.definition || '|r' || t.all_clinics::text || '|' || COALESCE(t.clinic_id, '') || '|' || d.dimension, t.cell, true
    FROM numbered AS t
   CROSS JOIN (SELECT DISTINCT n.dimension FROM numbered AS n WHERE n.dimension IS NOT NULL) AS d
   WHERE t.dimension IS NULL AND NOT t.known
  UNION ALL
  -- Column lines: a cohort (or the total) over the clinics adds up to the
  -- cross-clinic cell.
  SELECT n.definition || '|c|' || COALESCE(n.dimension, '') || '|' || n.cohort,
         n.cell, n.all_clinics
    FROM numbered AS n WHERE NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT pg_catalog.array_agg(m.line) AS line, pg_catalog.array_agg(m.cell) AS cell,
                 pg_catalog.array_agg(m.is_total) AS is_total
            FROM members AS m) AS l
   CROSS JOIN LATERAL @extschema@.suppressed_cells(
           (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
           l.line, l.cell, l.is_total) AS f
),
shown AS (
  SELECT n.all_clinics, n.clinic_id, d.dimension, n.definition, n.cohort,
         n.dimension IS NULL AS is_total,
         f.suppressed, n.episodes, n.km_state, n.akps_responder_share, n.mean_nrs_change,
         n.recovered, n.cmp_state
    FROM numbered AS n
    JOIN flags AS f ON f.cell = n.cell
    JOIN (SELECT DISTINCT n2.dimension FROM numbered AS n2 WHERE n2.dimension IS NOT NULL) AS d
      ON d.dimension = n.dimension OR n.dimension IS NULL
)
SELECT s.clinic_id, s.all_clinics, s.dimension, s.definition, s.cohort, s.is_total, s.suppressed,
       CASE WHEN NOT s.suppressed THEN s.episodes END AS episodes,
       CASE WHEN NOT s.suppressed THEN s.km_state END AS km_state,
       CASE WHEN NOT s.suppressed THEN s.akps_responder_share END AS akps_responder_share,
       CASE WHEN NOT s.suppressed THEN s.mean_nrs_change::float8 END AS mean_nrs_change,
       CASE WHEN NOT s.suppressed THEN s.recovered END AS recovered,
       CASE WHEN NOT s.suppressed THEN s.cmp_state END AS cmp_state
  FROM shown AS s;
COMMENT ON VIEW @extschema@.cohort_recovery_state IS
  'Building block of cohort_recovery and cohort_recovery_curve (aggregate-only, runs with its owner''s rights, not granted to PUBLIC): for each clinic the caller may see (visible_clinics) and across those clinics (all_clinics), per recovery definition (definition: tests, groc, return_to_run; long form) and per cohort of risk_tier, sex, foot_type, prior_injury and symptom_duration plus the total (is_total), the recovery_km_state of the episodes and the PROM figures (tests and groc rows; NULL on return_to_run rows, whose episodes are a subset), the recoveries and the comparison state of each cohort (cohort_comparison); suppression by suppress_cells over the cohort and the clinic dimension (min_cell_size), separately per definition (a return_to_run cell counts only the episodes with usual_run_km). Kaplan-Meier state as recovery_km (Kaplan 1958); PROMs: Crossley 2004, Farrar 2001.';

COMMENT ON COLUMN @extschema@.cohort_recovery_state.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.all_clinics IS 'True on the rows that pool every clinic the caller may see (visible_clinics).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.cohort IS 'The value within the dimension; ''all'' on the total row (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.is_total IS 'True on the row for every episode of the clinic (cohort ''all''), repeated under each dimension.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.suppressed IS 'True when the cell is too small to show (min_cell_size) or would let a small cell be worked out from the others (suppress_cells; statistical disclosure control, Hundepool 2012).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.km_state IS 'recovery_km_state(days_to_event, recovered) of the cohort under the row''s definition: the Kaplan-Meier state (Kaplan 1958) read by recovery_km_summary and recovery_curve (NULL when suppressed; internal, float8[]).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.akps_responder_share IS 'Share (0-1) of the episodes with two AKPS whose AKPS rose >= 10 points (Crossley 2004); NULL when suppressed and on return_to_run rows.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.mean_nrs_change IS 'Mean latest - baseline NRS pain over episodes with two NRS scores (Farrar 2001; negative = less pain); NULL when suppressed and on return_to_run rows.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.recovered IS 'Episodes that reached the recovery event of the row''s definition (tests, groc or return_to_run); NULL when suppressed.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.cmp_state IS 'recovery_compare_state(days_to_event, recovered, cohort) of the cohort (NULL on total rows and when suppressed): the data of cohort_comparison''s log-rank test (Mantel 1966) and Cox model (Cox 1972), as R survival::survdiff / coxph.';

-- The cells, computed with the owner's rights for the session's role.  A
-- SECURITY DEFINER function rather than the view itself: a view runs with
-- its owner's rights on one node, but under Citus the queries on the
-- shards run as the current user, who (an aggregate-only analyst) may read
-- no row; inside this function the current user is the owner, and the
-- caller is still the session's role (visible_clinics, session_role).
CREATE FUNCTION @extschema@.cohort_recovery_cells()
  RETURNS SETOF @extschema@.cohort_recovery_state
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT * FROM @extschema@.cohort_recovery_state;
END;
COMMENT ON FUNCTION @extschema@.cohort_recovery_cells() IS
  'The rows of cohort_recovery_state for the session''s role (session_role; its clinics from clinic_access), computed with the owner''s rights (SECURITY DEFINER: under Citus the shard queries run as the owner, not as an aggregate-only caller who may read no row). Suppressed cells carry no figures, so it shows no more than cohort_recovery_curve. Read by cohort_recovery and cohort_recovery_curve (whose callers must be able to execute it). Kaplan-Meier state as recovery_km (Kaplan 1958).';

-- ---------------------------------------------------------------- cohort_recovery

CREATE VIEW @extschema@.cohort_recovery WITH (security_barrier = true) AS
SELECT s.clinic_id, s.all_clinics, s.dimension, s.definition, s.cohort, s.is_total, s.suppressed, s.episodes,
       k.events AS recovered,
       k.median_days, k.median_ci_low, k.median_ci_high,
       k.recovered_by_6wk, k.recovered_by_12wk,
       s.akps_responder_share, s.mean_nrs_change
  FROM @extschema@.cohort_recovery_cells() AS s
  LEFT JOIN LATERAL @extschema@.recovery_km_summary(s.km_state) AS k ON true;
COMMENT ON VIEW @extschema@.cohort_recovery IS
  'Recovery per clinic and cohort (aggregate-only: runs with its owner''s rights and shows only the clinics the caller holds access to in clinic_access; no table privilege needed). For each visible clinic, and across them (all_clinics), per cohort of risk_tier (low/moderate/high from pfps_risk), sex, foot_type, prior_injury yes/no and symptom_duration up to / over 2 months, plus the total row (is_total): episodes, recovered, Kaplan-Meier median days to recovery with its 95 % log-log CI (Brookmeyer-Crowley, as R survfit), recovered by 6 and 12 weeks and the share of AKPS responders (>= 10 points, Crossley 2004) among episodes with two AKPS, all fractions 0-1, mean NRS change. Every row names its recovery definition (column definition, long form): tests (all three provocation tests pain-free and the small knee bend at the target angle; a readiness surrogate), groc (first favourable global rating of change, Collins 2013) or return_to_run (first run of the usual pre-injury distance with pain <= pain_free_nrs; practitioner guidance; episodes without usual_run_km are left out). PROM figures (akps_responder_share, mean_nrs_change) do not depend on the definition: shown on tests and groc rows, NULL on return_to_run rows. Suppression per definition: cells with fewer than knee_rehab.min_cell_size episodes, and the cells that would let one be worked out by subtraction across cohorts or clinics (suppress_cells), show suppressed = true and NULL figures.';
COMMENT ON COLUMN @extschema@.cohort_recovery.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery.all_clinics IS 'True on the rows that pool every clinic the caller may see; false on per-clinic rows. Sum episodes over one of the two, never both.';
COMMENT ON COLUMN @extschema@.cohort_recovery.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only.';
COMMENT ON COLUMN @extschema@.cohort_recovery.cohort IS 'The value within the dimension; ''all'' on the total row (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery.is_total IS 'True on the row for every episode of the clinic (cohort ''all''), repeated under each dimension; exclude it when summing cohorts.';
COMMENT ON COLUMN @extschema@.cohort_recovery.suppressed IS 'True when the cell is too small to show (min_cell_size) or would let a small cell be worked out from the others (across cohorts or clinics).';
COMMENT ON COLUMN @extschema@.cohort_recovery.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered IS 'Episodes that reached the recovery event of the row''s definition (column definition: tests, groc or return_to_run).';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_days IS 'Kaplan-Meier median days from first visit to the recovery event of the row''s definition (NULL when the curve does not reach 0.5).';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_low IS '95 % lower limit of the median, log-log method (R survfit conf.type = "log-log").';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_high IS '95 % upper limit of the median (NULL = not reached).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_6wk IS '1 - S(42 days), Kaplan-Meier, recovered under the row''s definition: a fraction 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_12wk IS '1 - S(84 days), Kaplan-Meier, recovered under the row''s definition: a fraction 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery.akps_responder_share IS 'Share (a fraction 0-1, like recovered_by_6wk) of the episodes with a baseline and a later AKPS whose AKPS rose >= 10 points (Crossley 2004); independent of the definition: repeated on tests and groc rows, NULL on return_to_run rows.';
COMMENT ON COLUMN @extschema@.cohort_recovery.mean_nrs_change IS 'Mean latest - baseline NRS pain over episodes with two NRS scores (negative = less pain; Farrar 2001); independent of the definition: repeated on tests and groc rows, NULL on return_to_run rows.';
GRANT SELECT ON @extschema@.cohort_recovery TO PUBLIC;

-- ---------------------------------------------------------------- cohort_recovery_curve

CREATE VIEW @extschema@.cohort_recovery_curve WITH (security_barrier = true) AS
SELECT s.clinic_id, s.all_clinics, s.dimension, s.definition, s.cohort, s.is_total,
       c.day, c.at_risk, c.events, c.censored,
       c.survival, 1 - c.survival AS recovered_share, c.ci_low, c.ci_high
  FROM @extschema@.cohort_recovery_cells() AS s
 CROSS JOIN LATERAL @extschema@.recovery_curve(s.km_state) AS c
 WHERE NOT s.suppressed;
COMMENT ON VIEW @extschema@.cohort_recovery_curve IS
  'Kaplan-Meier steps per clinic and cohort in long format for BI tools (aggregate-only, like cohort_recovery: the caller''s clinics only, suppressed cohorts have no rows): day, at_risk, events, censored, survival S(day), recovered_share = 1 - S, 95 % log-log pointwise band (Kaplan 1958; Greenwood 1926; as R summary(survfit)). Every curve names its recovery definition (column definition: tests, a readiness surrogate; groc, Collins 2013; return_to_run, practitioner guidance); a curve stays within one definition.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.clinic_id IS 'The clinic; NULL on curves across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.all_clinics IS 'True on curves that pool every clinic the caller may see.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.cohort IS 'The value within the dimension; ''all'' for the total curve (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.is_total IS 'True for the curve of every episode of the clinic (cohort ''all'').';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.day IS 'Days from the first visit at which an event or censoring happened (a step of the curve).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.at_risk IS 'Episodes still at risk (not yet recovered or censored) just before day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.events IS 'Episodes reaching the recovery event of the row''s definition (tests, groc or return_to_run) on day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.censored IS 'Episodes censored (last contact without recovery) on day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.survival IS 'Kaplan-Meier S(day): share not yet recovered under the row''s definition, 0-1 (Kaplan 1958).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.recovered_share IS '1 - S(day): share recovered by day under the row''s definition (column definition), 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.ci_low IS '95 % lower limit of S(day), log-log (Greenwood variance), as R summary(survfit).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.ci_high IS '95 % upper limit of S(day), log-log (Greenwood variance).';
GRANT SELECT ON @extschema@.cohort_recovery_curve TO PUBLIC;
