-- A simulated clinic network, loaded the same way into the Citus cluster
-- and into the single-node database: simulate_clinic's five clinics, then a
-- "mirror" of each under another clinic_id with the SAME ids (patient 1,
-- episode 1, ... exist in synthetic-01 and mirror-01) and different
-- measurements (pain +1 on even episodes, runs 20 % longer, sex swapped on
-- every third patient), so that a join or grouping by a bare id mixes
-- clinics and shows.  simulate_clinic comes with knee_rehab_demo, which
-- the caller installs beside knee_rehab.
SELECT knee_rehab.simulate_clinic(:patients, 7) > 0 AS simulated;
INSERT INTO knee_rehab.patient (patient_id, clinic_id, external_ref, sex, birth_year, height_cm, weight_kg, foot, injuries, created_at)
SELECT patient_id, replace(clinic_id, 'synthetic', 'mirror'), external_ref,
       CASE WHEN patient_id % 3 = 0 AND sex = 'female' THEN 'male'
            WHEN patient_id % 3 = 0 AND sex = 'male' THEN 'female' ELSE sex END,
       birth_year, height_cm, weight_kg, foot, injuries, created_at
  FROM knee_rehab.patient WHERE clinic_id LIKE 'synthetic-%';
INSERT INTO knee_rehab.episode (episode_id, clinic_id, patient_id, side, symptom_onset, first_visit, discharged_on,
                                quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week)
SELECT episode_id, replace(clinic_id, 'synthetic', 'mirror'), patient_id, side, symptom_onset, first_visit, discharged_on,
       quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week
  FROM knee_rehab.episode WHERE clinic_id LIKE 'synthetic-%';
INSERT INTO knee_rehab.knee_test (test_id, clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT test_id, replace(clinic_id, 'synthetic', 'mirror'), episode_id, tested_at, test, angle_deg,
       CASE WHEN episode_id % 2 = 0 THEN least(10, pain_nrs + 1) ELSE pain_nrs END
  FROM knee_rehab.knee_test WHERE clinic_id LIKE 'synthetic-%';
INSERT INTO knee_rehab.load_session (session_id, clinic_id, episode_id, session_date, kind, distance_km, duration_min,
                                     sets, reps, load_kg, pain_before, pain_during, pain_next_morning, pain_onset_km)
SELECT session_id, replace(clinic_id, 'synthetic', 'mirror'), episode_id, session_date, kind,
       round((distance_km * 1.2)::numeric, 1)::float8, duration_min, sets, reps, load_kg,
       pain_before, CASE WHEN episode_id % 2 = 0 THEN least(10, pain_during + 1) ELSE pain_during END,
       pain_next_morning, pain_onset_km
  FROM knee_rehab.load_session WHERE clinic_id LIKE 'synthetic-%';
INSERT INTO knee_rehab.outcome_measure (measure_id, clinic_id, episode_id, measured_on, instrument, score, items)
SELECT measure_id, replace(clinic_id, 'synthetic', 'mirror'), episode_id, measured_on, instrument, score, items
  FROM knee_rehab.outcome_measure WHERE clinic_id LIKE 'synthetic-%';
