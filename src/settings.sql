-- Typed accessors for the extension's settings (GUCs).  Views call these
-- rather than current_setting(), which fails in a session that has not
-- loaded the library yet.

CREATE FUNCTION @extschema@.pain_free_nrs() RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_setting_pain_free_nrs'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_free_nrs() IS
  'Current knee_rehab.pain_free_nrs (default 0): highest NRS pain that counts as pain-free. Practitioner guidance for runner''s knee: run and test pain-free (0), or up to the first sign of pain.';

CREATE FUNCTION @extschema@.knee_bend_target_deg() RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_setting_knee_bend_target_deg'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.knee_bend_target_deg() IS
  'Current knee_rehab.knee_bend_target_deg (default 30): small-knee-bend angle to reach pain-free before running (clinical reference). Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';

CREATE FUNCTION @extschema@.min_cell_size() RETURNS integer
  AS 'MODULE_PATHNAME', 'kr_setting_min_cell_size'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.min_cell_size() IS
  'Current knee_rehab.min_cell_size (default 5): cohort cells with fewer episodes are suppressed. No clinical source: a privacy rule (small-cell suppression, 5 is a common threshold in health statistics).';

CREATE FUNCTION @extschema@.pain_safe_nrs() RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_setting_pain_safe_nrs'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_safe_nrs() IS
  'Current knee_rehab.pain_safe_nrs (default 2, Thomee 1997): highest pain during activity that pain_monitor calls safe.';

CREATE FUNCTION @extschema@.pain_acceptable_nrs() RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_setting_pain_acceptable_nrs'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_acceptable_nrs() IS
  'Current knee_rehab.pain_acceptable_nrs (default 5, Thomee 1997): highest pain during activity that pain_monitor calls acceptable; above it, excessive.';
