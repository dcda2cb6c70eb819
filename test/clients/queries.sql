-- Reporting queries in the README's flat forms, run by both clients
-- (test/clients/views.py with psycopg2, ViewTypes.java with pgjdbc) with
-- one bound text parameter (?) each: the clinic_id, or a pain location.
-- Blocks start with "-- name:"; every column must arrive as a native type.
-- name: knee_bend_progress (f(...)).*
SELECT kt.clinic_id, kt.episode_id,
       (knee_rehab.knee_bend_progress(kt.tested_at, kt.angle_deg, kt.pain_nrs)).*
  FROM knee_rehab.knee_test AS kt
 WHERE kt.clinic_id = ? AND kt.test = 'small_knee_bend'
 GROUP BY kt.clinic_id, kt.episode_id
 ORDER BY kt.episode_id
-- name: load_pain_trend (f(...)).*
SELECT s.clinic_id, s.episode_id, (knee_rehab.load_pain_trend(s.distance_km, s.pain_during)).*
  FROM knee_rehab.load_session AS s
 WHERE s.clinic_id = ? AND s.kind = 'run'
 GROUP BY s.clinic_id, s.episode_id
 ORDER BY s.episode_id
-- name: ewma_acute_chronic (f(...)).*
SELECT s.clinic_id, s.episode_id,
       (knee_rehab.ewma_acute_chronic(s.session_date, s.distance_km ORDER BY s.session_date)).*
  FROM knee_rehab.load_session AS s
 WHERE s.clinic_id = ? AND s.kind = 'run' AND s.distance_km IS NOT NULL
 GROUP BY s.clinic_id, s.episode_id
 ORDER BY s.episode_id
-- name: pfps_risk in LATERAL
SELECT e.clinic_id, e.episode_id, r.relative_risk, r.tier::text AS tier, r.completeness, r.validated
  FROM knee_rehab.episode AS e
  JOIN knee_rehab.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
 CROSS JOIN LATERAL knee_rehab.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                                        e.quad_deficit_pct, e.weekly_distance_increase_pct,
                                        e.strength_sessions_per_week) AS r
 WHERE e.clinic_id = ?
 ORDER BY e.episode_id
-- name: triage_reasons one per row
SELECT t.likely_condition, t.refer, r.reason_no, r.reason
  FROM knee_rehab.triage(pain_location => CAST(? AS knee_rehab.pain_location), squat_pain => true,
                         giving_way => true) AS t
 CROSS JOIN LATERAL knee_rehab.triage_reasons(t) AS r
 ORDER BY r.reason_no
