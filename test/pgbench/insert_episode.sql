-- pgbench (test/shell/concurrency.sh): a new runner in clinic 'pgbench' -
-- exactly 1 patient, 1 episode and 1 outcome_measure (baseline NRS) per
-- transaction.
\set pain random(0, 10)
BEGIN;
WITH p AS (
  INSERT INTO knee_rehab.patient (clinic_id, sex, birth_year, height_cm, weight_kg, foot, injuries)
  VALUES ('pgbench', 'female', 1990, 168, 60, 'neutral', '{}')
  RETURNING clinic_id, patient_id
), e AS (
  INSERT INTO knee_rehab.episode (clinic_id, patient_id, side, symptom_onset, first_visit)
  SELECT clinic_id, patient_id, 'left', current_date - 30, current_date FROM p
  RETURNING clinic_id, episode_id
)
INSERT INTO knee_rehab.outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
SELECT clinic_id, episode_id, current_date, 'nrs_pain', :pain FROM e;
COMMIT;
