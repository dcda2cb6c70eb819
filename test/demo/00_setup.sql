\set QUIET on
-- make demo, report set-up: one row per episode with its risk tier, time to
-- recovery (or censoring) and responder status, for the sections below.
--
-- The tier and relative risk come from knee_rehab.pfps_risk (issue 3) on the
-- patient's and episode's intake facts.
-- INTERIM (plain SQL): episode_outcome (issue 6) has not landed on main
-- yet.  Recovery is the design's KM event (first day all three provocation tests are pain-free
-- and the small knee bend reaches the target angle), censored at the last
-- contact; responder = NRS pain down >= 2 points or >= 30 % from baseline
-- to the last follow-up (Farrar 2001).  Replace with
-- knee_rehab.episode_outcome when it lands.
CREATE TEMP VIEW demo_episode AS
WITH test_day AS (
  SELECT k.episode_id, k.tested_at::date AS d,
         bool_and(k.pain_nrs <= knee_rehab.pain_free_nrs())
         AND bool_or(k.test = 'small_knee_bend' AND k.angle_deg >= knee_rehab.knee_bend_target_deg())
         AND count(DISTINCT k.test) = 3 AS ok
    FROM knee_rehab.knee_test k GROUP BY 1, 2
), recovery AS (
  SELECT episode_id, min(d) FILTER (WHERE ok) AS recovered_on, max(d) AS last_test
    FROM test_day GROUP BY 1
), contact AS (
  SELECT episode_id, max(session_date) AS last_session FROM knee_rehab.load_session GROUP BY 1
), nrs AS (
  SELECT episode_id,
         (array_agg(score ORDER BY measured_on))[1] AS baseline,
         (array_agg(score ORDER BY measured_on DESC))[1] AS last,
         count(*) AS n
    FROM knee_rehab.outcome_measure WHERE instrument = 'nrs_pain' GROUP BY 1
)
SELECT e.episode_id, e.clinic_id, p.external_ref, p.sex, e.first_visit,
       (r0.risk).tier AS tier,
       round((r0.risk).relative_risk::numeric, 2) AS relative_risk,
       r.recovered_on IS NOT NULL AS recovered,
       coalesce(r.recovered_on,
                greatest(e.discharged_on, r.last_test, c.last_session, e.first_visit)) - e.first_visit AS days,
       CASE WHEN n.n >= 2 THEN n.baseline - n.last >= 2 OR n.last <= 0.7 * n.baseline END AS nrs_responder
  FROM knee_rehab.episode e
  JOIN knee_rehab.patient p USING (clinic_id, patient_id)
  LEFT JOIN recovery r USING (episode_id)
  LEFT JOIN contact c USING (episode_id)
  LEFT JOIN nrs n USING (episode_id)
 CROSS JOIN LATERAL (SELECT knee_rehab.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                                                  e.quad_deficit_pct, e.weekly_distance_increase_pct,
                                                  e.strength_sessions_per_week) AS risk) AS r0;

-- INTERIM (plain SQL): Kaplan-Meier steps per tier with Greenwood variance
-- and the log-log 95 % band (as R's survfit(conf.type = "log-log")), until
-- recovery_km / cohort_recovery_curve (issue 6) land.
CREATE TEMP VIEW demo_km AS
WITH t AS (
  SELECT tier, days, count(*) FILTER (WHERE recovered) AS d, count(*) AS c
    FROM demo_episode GROUP BY 1, 2
), r AS (
  SELECT tier, days, d, sum(c) OVER (PARTITION BY tier ORDER BY days DESC) AS n FROM t
), s AS (
  SELECT tier, days, d, n,
         bool_or(d = n) OVER w AS reached_0,
         sum(ln(1 - d::float8 / n)) FILTER (WHERE d < n) OVER w AS log_s,
         sum(d::float8 / (n * (n - d))) FILTER (WHERE d < n) OVER w AS greenwood
    FROM r WHERE d > 0
  WINDOW w AS (PARTITION BY tier ORDER BY days)
)
SELECT tier, days, n AS at_risk, d AS recovered,
       CASE WHEN reached_0 THEN 0 ELSE exp(log_s) END AS surv,
       CASE WHEN reached_0 THEN 0 WHEN log_s = 0 THEN 1
            ELSE exp(log_s * exp(1.959963984540054 * sqrt(greenwood) / abs(log_s))) END AS lower,
       CASE WHEN reached_0 THEN 0 WHEN log_s = 0 THEN 1
            ELSE exp(log_s * exp(-1.959963984540054 * sqrt(greenwood) / abs(log_s))) END AS upper
  FROM s;
