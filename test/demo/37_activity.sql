-- make demo, section 5: the daily worklist (knee_rehab.worklist, issue 16)
-- for the data's last day, pivoted to one row per runner and sorted by the
-- number of flags, and the clinic activity table (knee_rehab.clinic_activity:
-- per clinic and month, per therapist; suppressed like the cohort views).
-- Every figure is simulate_clinic's: simulated, not evidence about clinics.
\echo
\echo '== 5. The worklist and clinic activity (simulated data) =='
SELECT max(d) AS last_day FROM (
  SELECT max(session_date) AS d FROM knee_rehab.load_session
  UNION ALL SELECT max((tested_at AT TIME ZONE 'UTC')::date) FROM knee_rehab.knee_test
  UNION ALL SELECT max(measured_on) FROM knee_rehab.outcome_measure) AS x \gset
\echo 'Worklist for the data''s last day, worklist(as_of =>' :last_day '), one row per runner, most flags first, top 15 (simulated):'
SELECT w.clinic_id, w.external_ref AS runner, w.therapist, count(*) AS flags,
       string_agg(w.flag, ', ' ORDER BY w.flag) AS "flag codes",
       max(w.days_since) FILTER (WHERE w.flag = 'rest_gap') AS "rest gap days",
       bool_or(w.flag = 'ran_while_not_ready') AS "ran not ready",
       bool_or(w.flag = 'pain_rising') AS "pain rising",
       bool_or(w.flag = 'low_adherence') AS "low adherence",
       bool_or(w.flag = 'outcome_overdue') AS "outcome overdue"
  FROM knee_rehab.worklist(as_of => :'last_day') AS w
 GROUP BY w.clinic_id, w.episode_id, w.external_ref, w.therapist
 ORDER BY count(*) DESC, w.clinic_id, w.episode_id
 LIMIT 15;
\echo 'All flags of that day, by code (simulated):'
SELECT w.flag, count(*) AS runners
  FROM knee_rehab.worklist(as_of => :'last_day') AS w
 GROUP BY w.flag ORDER BY count(*) DESC, w.flag;
\echo 'Clinic activity per clinic and month, the last 4 months of data (clinic_activity; cells under knee_rehab.min_cell_size episodes and their complements suppressed; simulated)'
SELECT a.clinic_id, to_char(a.period, 'YYYY-MM') AS month,
       CASE WHEN a.suppressed THEN 'suppressed' ELSE a.episodes::text END AS episodes,
       a.new_episodes AS new, a.visits, a.discharges,
       a.discharged_recovered AS recovered, a.discharged_self_discharged AS self_disch,
       a.discharged_referred AS referred, a.discharged_lost_to_follow_up AS lost,
       round(a.prom_completion_pct::numeric, 0) AS "PROM %",
       round(a.median_episode_days::numeric, 0) AS "median days",
       round(a.median_adherence_pct::numeric, 0) AS "median adherence %"
  FROM knee_rehab.clinic_activity AS a
 WHERE a.unit = 'month'
   AND a.period > (date_trunc('month', :'last_day'::date) - interval '4 months')::date
 ORDER BY a.clinic_id, a.period;
\echo 'Clinic activity per therapist, whole period (simulated)'
SELECT a.clinic_id, a.therapist,
       CASE WHEN a.suppressed THEN 'suppressed' ELSE a.episodes::text END AS episodes,
       a.visits, a.discharges, a.discharged_recovered AS recovered,
       round(a.prom_completion_pct::numeric, 0) AS "PROM %",
       round(a.median_episode_days::numeric, 0) AS "median days",
       round(a.median_adherence_pct::numeric, 0) AS "median adherence %"
  FROM knee_rehab.clinic_activity AS a
 WHERE a.unit = 'therapist'
 ORDER BY a.clinic_id, a.therapist;
