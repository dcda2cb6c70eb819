-- pgbench (test/shell/concurrency.sh): a clinician's reads while rows
-- arrive - the outcome and cohort views, one episode's load monitoring and
-- the aggregates over its rows.
\set e random(1, :episodes)
SELECT count(*), count(recovered_at), sum(knee_bend_tests) FROM knee_rehab.episode_outcome;
SELECT dimension, cohort, episodes, median_days FROM knee_rehab.cohort_recovery WHERE dimension = 'risk_tier';
SELECT count(*), max(acwr_ewma), bool_or(acwr_spike) FROM knee_rehab.load_monitoring WHERE episode_id = :e;
SELECT (knee_rehab.load_pain_trend(distance_km, pain_during)).slope,
       knee_rehab.ewma_acwr(session_date, coalesce(distance_km, 0) ORDER BY session_date)
  FROM knee_rehab.load_session WHERE episode_id = :e;
SELECT (knee_rehab.knee_bend_progress(tested_at, angle_deg, pain_nrs)).trend
  FROM knee_rehab.knee_test WHERE episode_id = :e AND test = 'small_knee_bend';
SELECT (knee_rehab.recovery_km(days_to_event, recovered)).median_days FROM knee_rehab.episode_outcome;
