-- pgbench (test/shell/concurrency.sh): a visit's worth of rows for one
-- synthetic episode - exactly 2 load_session rows (a run and a strength
-- session) and 3 knee_test rows (the three provocation tests) per
-- transaction, so the row counts afterwards are start + 2 (3) x this
-- script's transactions.
\set e random(1, :episodes)
BEGIN;
INSERT INTO knee_rehab.load_session
       (clinic_id, episode_id, session_date, kind, distance_km, duration_min, sets, reps, load_kg,
        pain_before, pain_during, pain_next_morning)
SELECT e.clinic_id, e.episode_id, current_date, v.kind::knee_rehab.session_kind, v.km, v.mins, v.sets, v.reps, v.kg,
       0, v.pain, 0
  FROM knee_rehab.episode AS e,
       (VALUES ('run', 5.0, 30.0, NULL::int, NULL::int, NULL::float8, 2.0),
               ('strength', NULL, 30.0, 3, 12, 20.0, 1.0)) AS v (kind, km, mins, sets, reps, kg, pain)
 WHERE e.episode_id = :e;
INSERT INTO knee_rehab.knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT e.clinic_id, e.episode_id, now(), t.test, t.angle, 1
  FROM knee_rehab.episode AS e,
       (VALUES ('small_knee_bend'::knee_rehab.provocation_test, 25.0), ('heel_on_squat', NULL),
               ('heel_off_squat', NULL)) AS t (test, angle)
 WHERE e.episode_id = :e;
COMMIT;
