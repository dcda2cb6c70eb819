\set QUIET on
-- make demo, report set-up: the extension's episode_outcome view (one row
-- per episode: risk tier from pfps_risk, Kaplan-Meier time to recovery or
-- censoring, responder flags, knee-bend progress, load-pain trend) with
-- the patient's external reference, for the sections below.
CREATE TEMP VIEW demo_episode AS
SELECT o.*, p.external_ref
  FROM knee_rehab.episode_outcome AS o
  JOIN knee_rehab.patient AS p USING (clinic_id, patient_id);
