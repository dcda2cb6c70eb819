/* knee_rehab 0.1.0 -> 0.2.0: ALTER EXTENSION knee_rehab UPDATE TO '0.2.0'.
 *
 * Changes since 0.1.0, newest last.  Every change to a SQL file in src/ that
 * alters what CREATE EXTENSION knee_rehab installs is repeated here, so that
 * a 0.1.0 database updated to 0.2.0 has exactly the schema of a fresh 0.2.0
 * install; test/shell/upgrade.sh compares the two (catalogs and
 * pg_dump --binary-upgrade) and fails on any difference.  Append new
 * entries at the end under a "-- ----" heading naming the change; use
 * @extschema@. as the install files do.  src/versions/knee_rehab--0.1.0.sql
 * is released and frozen: never edit it.
 *
 * Writing an entry: CREATE OR REPLACE FUNCTION for a changed body or
 * attributes (a changed signature or return type: DROP then CREATE, then its
 * COMMENT and GRANTs again); CREATE OR REPLACE VIEW only appends columns
 * (otherwise DROP VIEW, CREATE VIEW, COMMENT, GRANT); a new table column goes
 * last in its CREATE TABLE too, or the column order differs; new tables and
 * sequences that hold user data need pg_extension_config_dump here as well.
 * Keep slash-star out of this comment: PostgreSQL nests block comments.
 */
\echo Use "ALTER EXTENSION knee_rehab UPDATE TO '0.2.0'" to load this file. \quit

-- ---- issue 9 (versioning): comments on the identity sequences, the
-- access-path indexes, patient_external_ref_key and the risk_parameter_check
-- trigger (src/data_model.sql, src/risk.sql); no change in behaviour.
COMMENT ON SEQUENCE @extschema@.patient_patient_id_seq IS
  'Identity sequence of patient.patient_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.episode_episode_id_seq IS
  'Identity sequence of episode.episode_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.knee_test_test_id_seq IS
  'Identity sequence of knee_test.test_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.load_session_session_id_seq IS
  'Identity sequence of load_session.session_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.outcome_measure_measure_id_seq IS
  'Identity sequence of outcome_measure.measure_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON CONSTRAINT patient_external_ref_key ON @extschema@.patient IS
  'A clinic''s own patient reference (external_ref) names one patient within that clinic.';
COMMENT ON INDEX @extschema@.patient_patient_id_idx IS 'Look-up of a patient by patient_id alone (the primary key leads with clinic_id).';
COMMENT ON INDEX @extschema@.episode_patient_idx IS 'A patient''s episodes (and the foreign key from episode to patient).';
COMMENT ON INDEX @extschema@.episode_episode_id_idx IS 'Look-up of an episode by episode_id alone (the primary key leads with clinic_id).';
COMMENT ON INDEX @extschema@.knee_test_episode_idx IS 'An episode''s provocation tests in time order.';
COMMENT ON INDEX @extschema@.load_session_episode_idx IS 'An episode''s sessions in date order (ACWR, load-pain trend).';
COMMENT ON INDEX @extschema@.outcome_measure_episode_idx IS 'An episode''s outcome measures in date order.';
COMMENT ON TRIGGER risk_parameter_check ON @extschema@.risk_parameter IS
  'Runs risk_parameter_check(): a clinic''s value must lie in the parameter''s min_value..max_value and tier cut-offs stay in order.';
