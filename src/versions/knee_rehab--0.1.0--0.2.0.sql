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

-- ---- issue 9 (bad-input catalogue): dates before 1900, -infinity and an
-- infinite discharge are refused (src/data_model.sql); a provocation test
-- may not lie before its episode's first visit (trigger knee_test_check).
-- Rows that break the new rules stop the update, whole, naming the fix.
DO $$
DECLARE
  bad bigint;
BEGIN
  SELECT (SELECT count(*) FROM @extschema@.episode
           WHERE first_visit < date '1900-01-01' OR symptom_onset < date '1900-01-01'
              OR NOT pg_catalog.isfinite(discharged_on))
       + (SELECT count(*) FROM @extschema@.load_session WHERE session_date < date '1900-01-01')
       + (SELECT count(*) FROM @extschema@.outcome_measure WHERE measured_on < date '1900-01-01')
    INTO bad;
  IF bad > 0 THEN
    RAISE EXCEPTION 'knee_rehab 0.2.0 refuses dates before 1900-01-01 and infinite dates; % row(s) hold one', bad
      USING ERRCODE = 'check_violation',
            HINT = 'Correct or delete those rows in episode, load_session and outcome_measure, then run ALTER EXTENSION knee_rehab UPDATE again.';
  END IF;
END
$$;
ALTER TABLE @extschema@.episode
  ADD CONSTRAINT episode_dates_from_1900
    CHECK (first_visit >= date '1900-01-01' AND symptom_onset >= date '1900-01-01'),
  ADD CONSTRAINT episode_discharged_on_finite
    CHECK (pg_catalog.isfinite(discharged_on));
COMMENT ON CONSTRAINT episode_dates_from_1900 ON @extschema@.episode IS 'first_visit and symptom_onset must be 1900-01-01 or later (as birth_year; -infinity refused).';
COMMENT ON CONSTRAINT episode_discharged_on_finite ON @extschema@.episode IS 'discharged_on must be a finite date (infinity refused: days_to_event would be infinite).';
ALTER TABLE @extschema@.load_session
  ADD CONSTRAINT load_session_date_from_1900
    CHECK (session_date >= date '1900-01-01');
COMMENT ON CONSTRAINT load_session_date_from_1900 ON @extschema@.load_session IS 'session_date must be 1900-01-01 or later (-infinity refused: ewma_acwr needs finite days).';
ALTER TABLE @extschema@.outcome_measure
  ADD CONSTRAINT outcome_measure_measured_on_from_1900
    CHECK (measured_on >= date '1900-01-01');
COMMENT ON CONSTRAINT outcome_measure_measured_on_from_1900 ON @extschema@.outcome_measure IS 'measured_on must be 1900-01-01 or later (-infinity refused).';
CREATE FUNCTION @extschema@.knee_test_check() RETURNS trigger
  LANGUAGE plpgsql PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  visit date;
BEGIN
  SELECT e.first_visit INTO visit FROM @extschema@.episode e
   WHERE e.clinic_id OPERATOR(pg_catalog.=) NEW.clinic_id
     AND e.episode_id OPERATOR(pg_catalog.=) NEW.episode_id;
  -- no episode: the foreign key reports it
  IF FOUND AND NEW.tested_at OPERATOR(pg_catalog.<)
       (visit::timestamptz OPERATOR(pg_catalog.-) interval '1 day') THEN
    RAISE EXCEPTION 'new row for relation "knee_test" violates check constraint "knee_test_not_before_episode"'
      USING ERRCODE = 'check_violation', TABLE = 'knee_test',
            CONSTRAINT = 'knee_test_not_before_episode',
            DETAIL = format('tested_at %s is before the episode''s first_visit %s.', NEW.tested_at, visit),
            HINT = 'A provocation test must lie within its episode of care.';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.knee_test_check() IS
  'Trigger on knee_test: refuses a test before its episode''s first_visit (one day of slack), SQLSTATE 23514 as a CHECK constraint would.';
CREATE TRIGGER knee_test_not_before_episode BEFORE INSERT OR UPDATE ON @extschema@.knee_test
  FOR EACH ROW EXECUTE FUNCTION @extschema@.knee_test_check();
COMMENT ON TRIGGER knee_test_not_before_episode ON @extschema@.knee_test IS
  'Refuses a provocation test dated before its episode''s first_visit (one day of slack), SQLSTATE 23514 (knee_test_check).';

-- ---- issue 9 (privacy): complementary suppression in cohort_recovery_state
-- now also covers two or more small cohorts whose total is under
-- min_cell_size (before, only a single small cohort triggered it).  Same
-- columns, so the dependent views stay.
CREATE OR REPLACE VIEW @extschema@.cohort_recovery_state WITH (security_invoker = true) AS
WITH eo AS (
  SELECT o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration, o.recovered, o.days_to_event, o.akps_responder, o.nrs_change
    FROM @extschema@.episode_outcome AS o
),
cells AS (
  -- One pass over the episodes: every dimension and the whole set.
  SELECT CASE WHEN GROUPING(eo.risk_tier) = 0 THEN 'risk_tier'
              WHEN GROUPING(eo.sex) = 0 THEN 'sex'
              WHEN GROUPING(eo.foot) = 0 THEN 'foot_type'
              WHEN GROUPING(eo.prior_injury) = 0 THEN 'prior_injury'
              WHEN GROUPING(eo.symptom_duration) = 0 THEN 'symptom_duration'
         END AS dimension,
         COALESCE(eo.risk_tier, eo.sex, eo.foot, eo.prior_injury, eo.symptom_duration, 'not recorded') AS cohort,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(eo.days_to_event, eo.recovered) AS km_state,
         100.0 * pg_catalog.count(*) FILTER (WHERE eo.akps_responder)
           / NULLIF(pg_catalog.count(eo.akps_responder), 0) AS akps_responders_pct,
         pg_catalog.avg(eo.nrs_change) AS mean_nrs_change
    FROM eo
   GROUP BY GROUPING SETS ((), (eo.risk_tier), (eo.sex), (eo.foot), (eo.prior_injury), (eo.symptom_duration))
),
cell_rows AS (
  SELECT c.dimension, c.cohort, c.episodes, c.km_state, c.akps_responders_pct, c.mean_nrs_change
    FROM cells AS c WHERE c.dimension IS NOT NULL
  UNION ALL
  SELECT d.dimension, 'all', c.episodes, c.km_state, c.akps_responders_pct, c.mean_nrs_change
    FROM cells AS c
   CROSS JOIN (VALUES ('risk_tier'), ('sex'), ('foot_type'), ('prior_injury'), ('symptom_duration')) AS d (dimension)
   WHERE c.dimension IS NULL
),
primary_rule AS (
  SELECT r.*,
         r.episodes < @extschema@.min_cell_size() AS small,
         pg_catalog.sum(r.episodes) FILTER (WHERE r.episodes < @extschema@.min_cell_size() AND r.cohort <> 'all')
           OVER (PARTITION BY r.dimension) AS small_total,
         pg_catalog.row_number() OVER (PARTITION BY r.dimension
                                       ORDER BY r.cohort = 'all',
                                                r.episodes < @extschema@.min_cell_size(),
                                                r.episodes, r.cohort) AS size_rank
    FROM cell_rows AS r
),
flagged AS (
  -- Primary rule: fewer than min_cell_size() episodes.  Complementary
  -- rule: 'all' minus the shown cohorts gives the total of the suppressed
  -- ones, so when the small cohorts of a dimension hold fewer than
  -- min_cell_size() episodes together, the smallest other cohort is
  -- suppressed too (it holds at least min_cell_size(), so the suppressed
  -- total then does as well, and no small count can be worked out).
  SELECT p.*,
         p.small OR (p.small_total IS NOT NULL AND p.small_total < @extschema@.min_cell_size()
                     AND p.size_rank = 1
                     AND p.cohort <> 'all' AND NOT p.small) AS suppressed
    FROM primary_rule AS p
)
SELECT f.dimension, f.cohort, f.suppressed,
       CASE WHEN NOT f.suppressed THEN f.episodes END AS episodes,
       CASE WHEN NOT f.suppressed THEN f.km_state END AS km_state,
       CASE WHEN NOT f.suppressed THEN f.akps_responders_pct END AS akps_responders_pct,
       CASE WHEN NOT f.suppressed THEN f.mean_nrs_change::float8 END AS mean_nrs_change
  FROM flagged AS f;
