-- Queries test/citus/run.sh runs on the Citus cluster and on the single
-- node, besides the README's extracted blocks.  One query per block,
-- blocks separated by a blank line; the first line names it; "[cross]"
-- marks a cross-clinic report (its EXPLAIN is checked); "[todo: why]"
-- marks an assertion expected to fail until "why" is fixed; "[explain todo:
-- why]" only its EXPLAIN check.

-- load_monitoring, every row [cross]
SELECT * FROM knee_rehab.load_monitoring ORDER BY clinic_id, episode_id, day;

-- load_monitoring, one clinic
SELECT * FROM knee_rehab.load_monitoring WHERE clinic_id = 'mirror-02' ORDER BY episode_id, day;

-- load_monitoring, one episode of one clinic
SELECT * FROM knee_rehab.load_monitoring WHERE clinic_id = 'synthetic-03' AND episode_id = 3 ORDER BY day;

-- risk_model
SELECT * FROM knee_rehab.risk_model ORDER BY parameter;

-- pfps_risk per episode, every clinic
SELECT e.clinic_id, e.episode_id, (knee_rehab.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
         e.quad_deficit_pct, e.weekly_distance_increase_pct, e.strength_sessions_per_week)).*
  FROM knee_rehab.episode e JOIN knee_rehab.patient p USING (clinic_id, patient_id)
 ORDER BY e.clinic_id, e.episode_id;

-- pfps_risk_score, one clinic
SELECT e.episode_id, knee_rehab.pfps_risk_score(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
         e.quad_deficit_pct, e.weekly_distance_increase_pct, e.strength_sessions_per_week) AS score
  FROM knee_rehab.episode e JOIN knee_rehab.patient p USING (clinic_id, patient_id)
 WHERE e.clinic_id = 'mirror-04' ORDER BY e.episode_id;

-- load_pain_trend per episode, every clinic, the session's pain-free level read once and passed in [cross]
WITH setting AS MATERIALIZED (SELECT knee_rehab.pain_free_nrs() AS pain_free_nrs FROM pg_catalog.pg_extension WHERE extname = 'knee_rehab')
SELECT clinic_id, episode_id, knee_rehab.load_pain_trend(distance_km, pain_during, st.pain_free_nrs) AS t
  FROM knee_rehab.load_session CROSS JOIN setting AS st WHERE kind = 'run' GROUP BY clinic_id, episode_id ORDER BY clinic_id, episode_id;

-- load_pain_trend per episode, every clinic, a fixed pain-free level [cross]
SELECT clinic_id, episode_id, knee_rehab.load_pain_trend(distance_km, pain_during, 3) AS t
  FROM knee_rehab.load_session WHERE kind = 'run' GROUP BY clinic_id, episode_id ORDER BY clinic_id, episode_id;

-- load_pain_trend with a level, across clinics by episode parity (worker_partial_agg) [cross]
WITH setting AS MATERIALIZED (SELECT knee_rehab.pain_free_nrs() AS pain_free_nrs FROM pg_catalog.pg_extension WHERE extname = 'knee_rehab')
SELECT episode_id % 2 AS parity, knee_rehab.load_pain_trend(distance_km, pain_during, st.pain_free_nrs) AS t
  FROM knee_rehab.load_session CROSS JOIN setting AS st WHERE kind = 'run' GROUP BY 1 ORDER BY 1;

-- weekly_trend of strength load per episode, every clinic (the date's UTC midnight, not the session TimeZone's) [cross]
SELECT clinic_id, episode_id, knee_rehab.weekly_trend(session_date::timestamp AT TIME ZONE 'UTC', load_kg) AS t
  FROM knee_rehab.load_session WHERE kind = 'strength' GROUP BY clinic_id, episode_id ORDER BY clinic_id, episode_id;

-- state/merge forms: load_pain_trend over the whole network [cross]
SELECT knee_rehab.load_pain_trend_merge(s) FROM (SELECT clinic_id, knee_rehab.load_pain_trend_state(distance_km, pain_during) AS s
  FROM knee_rehab.load_session WHERE kind = 'run' GROUP BY clinic_id) AS per_clinic;

-- state/merge forms: knee_bend_progress over the whole network, the session's levels passed in [cross]
WITH setting AS MATERIALIZED (SELECT knee_rehab.pain_free_nrs() AS pain_free_nrs, knee_rehab.knee_bend_target_deg() AS target_deg
                                FROM pg_catalog.pg_extension WHERE extname = 'knee_rehab')
SELECT knee_rehab.knee_bend_progress_merge(s) FROM (SELECT clinic_id, knee_rehab.knee_bend_progress_state(tested_at, angle_deg, pain_nrs, st.pain_free_nrs, st.target_deg) AS s
  FROM knee_rehab.knee_test CROSS JOIN setting AS st WHERE test = 'small_knee_bend' GROUP BY clinic_id) AS per_clinic;

-- knee_bend_progress with fixed levels, across clinics by test day of week (worker_partial_agg) [cross]
SELECT extract(isodow FROM tested_at AT TIME ZONE 'UTC') AS dow, knee_rehab.knee_bend_progress(tested_at, angle_deg, pain_nrs, 1, 20) AS p
  FROM knee_rehab.knee_test WHERE test = 'small_knee_bend' GROUP BY 1 ORDER BY 1;

-- state/merge forms: weekly_trend over the whole network [cross]
SELECT knee_rehab.weekly_trend_merge(s) FROM (SELECT clinic_id, knee_rehab.weekly_trend_state(tested_at, pain_nrs) AS s
  FROM knee_rehab.knee_test GROUP BY clinic_id) AS per_clinic;

-- episode_outcome
SELECT * FROM knee_rehab.episode_outcome ORDER BY clinic_id, episode_id;

-- episode_risk_factor, every clinic
SELECT * FROM knee_rehab.episode_risk_factor ORDER BY clinic_id, episode_id, factor;

-- worklist on the data's last day, every clinic (one router query per clinic, the session's levels passed)
SELECT * FROM knee_rehab.worklist(date '2025-12-31') ORDER BY clinic_id, episode_id, flag;

-- episode_outcome, one clinic
SELECT * FROM knee_rehab.episode_outcome WHERE clinic_id = 'mirror-01' ORDER BY episode_id;

-- cohort_recovery_state [cross]
SELECT * FROM knee_rehab.cohort_recovery_state ORDER BY all_clinics, clinic_id, dimension, definition, cohort;

-- cohort_recovery [cross]
SELECT * FROM knee_rehab.cohort_recovery ORDER BY all_clinics, clinic_id, dimension, definition, cohort;

-- cohort_recovery_curve [cross]
SELECT * FROM knee_rehab.cohort_recovery_curve ORDER BY all_clinics, clinic_id, dimension, definition, cohort, day;

-- cohort_comparison (as the owner) [cross]
SELECT * FROM knee_rehab.cohort_comparison ORDER BY all_clinics, clinic_id, dimension, definition, cohort;

-- clinic_benchmark (as the owner) [cross]
SELECT * FROM knee_rehab.clinic_benchmark ORDER BY clinic_id, definition;

-- clinic_activity (as the owner) [cross]
SELECT * FROM knee_rehab.clinic_activity ORDER BY clinic_id, unit, period, therapist;

-- cohort_recovery as an aggregate-only analyst of two clinics (no table privilege; the cells computed by a SECURITY DEFINER function; EXPLAIN checked as the owner)
SET ROLE kr_citus_analyst;
SELECT * FROM knee_rehab.cohort_recovery ORDER BY all_clinics, clinic_id, dimension, definition, cohort;

-- cohort_recovery_curve as an aggregate-only analyst of two clinics (no table privilege; the cells computed by a SECURITY DEFINER function; EXPLAIN checked as the owner)
SET ROLE kr_citus_analyst;
SELECT * FROM knee_rehab.cohort_recovery_curve ORDER BY all_clinics, clinic_id, dimension, definition, cohort, day;

-- cohort_comparison as an aggregate-only analyst of two clinics (no table privilege; the cells computed by a SECURITY DEFINER function; EXPLAIN checked as the owner)
SET ROLE kr_citus_analyst;
SELECT * FROM knee_rehab.cohort_comparison ORDER BY all_clinics, clinic_id, dimension, definition, cohort;

-- clinic_benchmark as an aggregate-only analyst of two clinics (no table privilege; the cells computed by a SECURITY DEFINER function; EXPLAIN checked as the owner)
SET ROLE kr_citus_analyst;
SELECT * FROM knee_rehab.clinic_benchmark ORDER BY clinic_id, definition;

-- clinic_activity as an aggregate-only analyst of two clinics (no table privilege; the cells computed by a SECURITY DEFINER function; EXPLAIN checked as the owner)
SET ROLE kr_citus_analyst;
SELECT * FROM knee_rehab.clinic_activity ORDER BY clinic_id, unit, period, therapist;

-- Kaplan-Meier by sex from episode_outcome, states per clinic merged [cross]
SELECT sex, knee_rehab.recovery_km_merge(s) AS km
  FROM (SELECT clinic_id, sex, knee_rehab.recovery_km_state(days_to_event, recovered) AS s
          FROM knee_rehab.episode_outcome GROUP BY clinic_id, sex) AS per_clinic
 GROUP BY sex ORDER BY sex;
