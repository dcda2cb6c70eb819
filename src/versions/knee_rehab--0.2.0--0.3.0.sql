/* knee_rehab 0.2.0 -> 0.3.0: ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'.
 *
 * Changes since 0.2.0, newest last.  Every change to a SQL file in src/ that
 * alters what CREATE EXTENSION knee_rehab installs is repeated here, so that
 * a 0.2.0 (or 0.1.0, through 0.2.0) database updated to 0.3.0 has exactly
 * the schema of a fresh 0.3.0 install; test/shell/upgrade.sh compares the
 * two (catalogs and pg_dump --binary-upgrade) and fails on any difference.
 * Append new entries at the end under a "-- ----" heading naming the issue
 * and the change; use @extschema@. as the install files do.
 * src/versions/knee_rehab--0.2.0.sql and every earlier script are released
 * and frozen: never edit them.
 *
 * Writing an entry: CREATE OR REPLACE FUNCTION for a changed body or
 * attributes (a changed signature or return type: DROP then CREATE, then its
 * COMMENT and GRANTs again); CREATE OR REPLACE VIEW only appends columns
 * (otherwise DROP VIEW, CREATE VIEW, COMMENT, GRANT); a new table column goes
 * last in its CREATE TABLE too, or the column order differs; new tables and
 * sequences that hold user data need pg_extension_config_dump here as well.
 * Keep slash-star out of this comment: PostgreSQL nests block comments.
 */
\echo Use "ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'" to load this file. \quit

-- ---- issue 13 (many clinics): session-independent CHECKs.  "Not in the
-- future" compares with the current UTC date + 1 day and the birth year with
-- the year of UTC now + 14 hours, so a restore under any TimeZone keeps every
-- row; tested_at gets its own 1900 floor now that the trigger goes (below).
DO $pre$
DECLARE
  n bigint;
BEGIN
  SELECT count(*) INTO n FROM @extschema@.knee_test WHERE tested_at < timestamptz '1900-01-01 00:00:00+00';
  IF n > 0 THEN
    RAISE EXCEPTION 'knee_rehab 0.3.0 refuses provocation tests before 1900-01-01 00:00 UTC; % row(s) hold one', n
      USING ERRCODE = 'check_violation',
            HINT = 'Correct or delete those knee_test rows, then run ALTER EXTENSION knee_rehab UPDATE again.';
  END IF;
END
$pre$;
ALTER TABLE @extschema@.patient DROP CONSTRAINT patient_birth_year_1900_to_this_year,
  ADD CONSTRAINT patient_birth_year_1900_to_this_year
    CHECK (birth_year BETWEEN 1900
           AND pg_catalog.date_part('year', (pg_catalog.now() AT TIME ZONE 'UTC') + interval '14 hours')::integer);
ALTER TABLE @extschema@.episode DROP CONSTRAINT episode_first_visit_not_in_future,
  ADD CONSTRAINT episode_first_visit_not_in_future
    CHECK (first_visit <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1);
ALTER TABLE @extschema@.load_session DROP CONSTRAINT load_session_date_not_in_future,
  ADD CONSTRAINT load_session_date_not_in_future
    CHECK (session_date <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1);
ALTER TABLE @extschema@.outcome_measure DROP CONSTRAINT outcome_measure_measured_on_not_in_future,
  ADD CONSTRAINT outcome_measure_measured_on_not_in_future
    CHECK (measured_on <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1);
ALTER TABLE @extschema@.knee_test ADD CONSTRAINT knee_test_tested_at_from_1900
    CHECK (tested_at >= timestamptz '1900-01-01 00:00:00+00');
COMMENT ON CONSTRAINT patient_birth_year_1900_to_this_year ON @extschema@.patient IS 'birth_year must be between 1900 and the current year somewhere on Earth (the year of UTC now + 14 hours; independent of the session TimeZone).';
COMMENT ON CONSTRAINT episode_first_visit_not_in_future ON @extschema@.episode IS 'first_visit must not be after the current UTC date + 1 day (today somewhere on Earth; independent of the session TimeZone).';
COMMENT ON CONSTRAINT load_session_date_not_in_future ON @extschema@.load_session IS 'session_date must not be after the current UTC date + 1 day (independent of the session TimeZone).';
COMMENT ON CONSTRAINT outcome_measure_measured_on_not_in_future ON @extschema@.outcome_measure IS 'measured_on must not be after the current UTC date + 1 day (independent of the session TimeZone).';
COMMENT ON CONSTRAINT knee_test_tested_at_from_1900 ON @extschema@.knee_test IS 'tested_at must be 1900-01-01 00:00 UTC or later (-infinity refused; the trend aggregates hold times from 1900).';
COMMENT ON COLUMN @extschema@.knee_test.tested_at IS 'When the test was done (not in the future, 1900 or later). The views take its calendar day in UTC, so results never depend on the session TimeZone; a test dated before its episode''s first visit is kept but ignored by the views.';

-- ---- issue 13: the knee_test date trigger compared in the session's
-- TimeZone (a restore under another TimeZone could drop the whole table)
-- and blocks Citus; tests before the first visit are now ignored by the
-- views instead.
DROP TRIGGER knee_test_not_before_episode ON @extschema@.knee_test;
DROP FUNCTION @extschema@.knee_test_check();

-- ---- issue 13: indexes lead with clinic_id (ids are unique only within a
-- clinic); the bare-id indexes go.
DROP INDEX @extschema@.patient_patient_id_idx;
DROP INDEX @extschema@.episode_episode_id_idx;
DROP INDEX @extschema@.knee_test_episode_idx;
DROP INDEX @extschema@.load_session_episode_idx;
DROP INDEX @extschema@.outcome_measure_episode_idx;
CREATE INDEX knee_test_episode_idx ON @extschema@.knee_test (clinic_id, episode_id, tested_at);
CREATE INDEX load_session_episode_idx ON @extschema@.load_session (clinic_id, episode_id, session_date);
CREATE INDEX outcome_measure_episode_idx ON @extschema@.outcome_measure (clinic_id, episode_id, measured_on);
COMMENT ON INDEX @extschema@.knee_test_episode_idx IS 'An episode''s provocation tests in time order, keyed by (clinic_id, episode_id) (ids are unique only within a clinic).';
COMMENT ON INDEX @extschema@.load_session_episode_idx IS 'An episode''s sessions in date order (ACWR, load-pain trend), keyed by (clinic_id, episode_id).';
COMMENT ON INDEX @extschema@.outcome_measure_episode_idx IS 'An episode''s outcome measures in date order, keyed by (clinic_id, episode_id).';

-- ---- issue 13: clinic access (src/clinic_access.sql, verbatim).
-- Clinic access (design notes section 6): which database roles may see
-- which clinics, and how.  Part of the extension, not a recipe: the table
-- is config-dumped and the row-level security policies are extension
-- members, so pg_dump/pg_restore and ALTER EXTENSION UPDATE keep them, and
-- nothing a session can SET widens them (they test role membership, never
-- a setting).
--
-- Levels:
--   rows        clinician: SELECT/INSERT/UPDATE/DELETE the rows of that
--               clinic in every table (and so every row-level view), and
--               the aggregate-only views for that clinic;
--   aggregates  analyst: only the aggregate-only views (small cells
--               suppressed) for that clinic; no table, no row.
-- clinic_id NULL = every clinic (a registry).  A role inherits the access
-- of the roles it is a member of with INHERIT, as PostgreSQL privileges do
-- (pg_has_role(..., 'USAGE')).  Superusers and the tables' owner (the
-- installing superuser) see everything, as PostgreSQL intends.

CREATE TABLE @extschema@.clinic_access (
  role_name  name NOT NULL,
  clinic_id  text,
  level      text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  granted_by name NOT NULL DEFAULT CURRENT_USER,
  CONSTRAINT clinic_access_role_clinic_key UNIQUE NULLS NOT DISTINCT (role_name, clinic_id),
  CONSTRAINT clinic_access_level_rows_or_aggregates CHECK (level IN ('rows', 'aggregates')),
  CONSTRAINT clinic_access_clinic_id_1_64_chars CHECK (pg_catalog.length(clinic_id) BETWEEN 1 AND 64)
);
COMMENT ON TABLE @extschema@.clinic_access IS
  'Who may see which clinic: one row per role and clinic (clinic_id NULL = every clinic) with the level ''rows'' (clinician: the clinic''s rows and aggregates) or ''aggregates'' (analyst: only the suppressed aggregate views). Change it with grant_clinic_access / revoke_clinic_access. Roles are kept by name (dump/restore and pg_upgrade keep them; renaming a role needs the access granted again). Each role reads only its own rows here.';
COMMENT ON COLUMN @extschema@.clinic_access.role_name IS 'The database role (by name) that holds the access; its members with INHERIT hold it too.';
COMMENT ON COLUMN @extschema@.clinic_access.clinic_id IS 'The clinic; NULL = every clinic (registry).';
COMMENT ON COLUMN @extschema@.clinic_access.level IS '''rows'' (clinician) or ''aggregates'' (analyst: suppressed aggregate views only).';
COMMENT ON COLUMN @extschema@.clinic_access.granted_at IS 'When the access was granted or last changed.';
COMMENT ON COLUMN @extschema@.clinic_access.granted_by IS 'Who granted it (current_user at the time).';
COMMENT ON CONSTRAINT clinic_access_role_clinic_key ON @extschema@.clinic_access IS 'One level per role and clinic (NULL clinic = every clinic counts as one value).';
COMMENT ON CONSTRAINT clinic_access_level_rows_or_aggregates ON @extschema@.clinic_access IS 'level must be ''rows'' or ''aggregates''.';
COMMENT ON CONSTRAINT clinic_access_clinic_id_1_64_chars ON @extschema@.clinic_access IS 'clinic_id must be 1 to 64 characters (as in the data tables), or NULL for every clinic.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.clinic_access', '');

-- Does the current user hold the privileges of this role (pg_has_role
-- USAGE: itself, or a role it is a member of with INHERIT)?  False for a
-- role that no longer exists (its access rows then match no one).
CREATE FUNCTION @extschema@.holds_role(role_name name)
  RETURNS boolean
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN EXISTS (SELECT FROM pg_catalog.pg_roles AS r
                  WHERE r.rolname OPERATOR(pg_catalog.=) holds_role.role_name
                    AND pg_catalog.pg_has_role(r.oid, 'USAGE'));
COMMENT ON FUNCTION @extschema@.holds_role(name) IS
  'True when the current user holds the privileges of the named role (pg_has_role USAGE: the role itself, or a role it is a member of with INHERIT); false for a role that does not exist. No clinical source: access control.';

-- Every role may read its own access rows (those of roles it holds); only
-- the owner (superuser) writes, through the functions below.  A function,
-- not a subquery, in the policy: Citus refuses subqueries in policies on
-- its tables (clinic_access is a reference table there).
ALTER TABLE @extschema@.clinic_access ENABLE ROW LEVEL SECURITY;
CREATE POLICY clinic_access_own_rows ON @extschema@.clinic_access FOR SELECT
  USING (@extschema@.holds_role(role_name));
COMMENT ON POLICY clinic_access_own_rows ON @extschema@.clinic_access IS
  'A role reads the access rows of the roles whose privileges it holds (holds_role): its own access, never another''s.';
GRANT SELECT ON @extschema@.clinic_access TO PUBLIC;

-- The test every data table's policies apply to a row (src/clinic_access.c).
CREATE FUNCTION @extschema@.clinic_row_visible(clinic_id text)
  RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_clinic_row_visible'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clinic_row_visible(text) IS
  'True when the current user holds ''rows'' access to the clinic (or to every clinic) in clinic_access, through a role it holds (holds_role). The USING and WITH CHECK test of the clinic_rows policies; the caller''s clinics are read once per query, each row is a binary search. No clinical source: access control.';

-- ---------------------------------------------------------------- row-level security on the data

-- Every data table: a row is visible and writable when its clinic is one
-- the current user holds 'rows' access to (clinic_row_visible).  No setting
-- is involved, so nothing a session can SET widens it.
DO $do$
DECLARE
  t text;
  expr text := '@extschema@.clinic_row_visible(clinic_id)';
BEGIN
  FOREACH t IN ARRAY ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure'] LOOP
    EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE pg_catalog.format('CREATE POLICY clinic_rows ON @extschema@.%I FOR ALL USING (%s) WITH CHECK (%s)',
                              t, expr, expr);
    EXECUTE pg_catalog.format('COMMENT ON POLICY clinic_rows ON @extschema@.%I IS %L', t,
      'Clinic access: a role sees and writes only the rows of the clinics it holds ''rows'' access to in clinic_access (directly or through role membership with INHERIT; clinic_id NULL = every clinic). Created by the extension, so dump/restore and upgrades keep it; it tests role membership, never a setting.');
    -- The same rule as a restrictive policy: a permissive policy someone
    -- adds to the table (such as 0.2.0's README recipe keyed on a
    -- setting) can never widen access beyond clinic_access.
    EXECUTE pg_catalog.format('CREATE POLICY clinic_rows_only ON @extschema@.%I AS RESTRICTIVE FOR ALL USING (%s) WITH CHECK (%s)',
                              t, expr, expr);
    EXECUTE pg_catalog.format('COMMENT ON POLICY clinic_rows_only ON @extschema@.%I IS %L', t,
      'Restrictive twin of clinic_rows: whatever other policies exist on the table, no role sees or writes a row of a clinic it holds no ''rows'' access to.');
  END LOOP;
END
$do$;

-- ---------------------------------------------------------------- the caller's clinics

-- The clinics the current user may see at a level ('rows', or 'aggregates'
-- which 'rows' includes), read through clinic_access's own policy.  NULL
-- in the array = every clinic.  Used by the aggregate-only views, which
-- run with their owner's rights and so must apply the caller's access
-- themselves (there the caller is still current_user).
CREATE FUNCTION @extschema@.visible_clinics(level text DEFAULT 'aggregates')
  RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  RETURN CASE
    WHEN (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = CURRENT_USER)
      THEN ARRAY[NULL::text]
    ELSE ARRAY(
      SELECT DISTINCT a.clinic_id FROM @extschema@.clinic_access AS a
       WHERE @extschema@.holds_role(a.role_name)
         AND (a.level = 'rows' OR visible_clinics.level = 'aggregates')
       ORDER BY 1)
    END;
COMMENT ON FUNCTION @extschema@.visible_clinics(text) IS
  'The clinics the current user may see at the given level (''aggregates'', the default, includes ''rows'' access), from clinic_access and role membership (USAGE); a NULL element means every clinic (always so for a superuser, who sees every row anyway). No clinical source: access control.';

-- ---------------------------------------------------------------- grant / revoke

-- The identity sequence of a data table (a 'rows' role inserts rows
-- without giving ids).
CREATE FUNCTION @extschema@.clinic_table_sequence(table_name text)
  RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  RETURN pg_catalog.pg_get_serial_sequence(pg_catalog.format('@extschema@.%I', table_name),
           CASE table_name WHEN 'patient' THEN 'patient_id' WHEN 'episode' THEN 'episode_id'
                           WHEN 'knee_test' THEN 'test_id' WHEN 'load_session' THEN 'session_id'
                           WHEN 'outcome_measure' THEN 'measure_id'
                           WHEN 'home_exercise' THEN 'exercise_id' WHEN 'home_exercise_log' THEN 'log_id'
                           WHEN 'gait_assessment' THEN 'assessment_id' WHEN 'equipment_change' THEN 'change_id'
                           WHEN 'side_measure' THEN 'side_measure_id' END);
COMMENT ON FUNCTION @extschema@.clinic_table_sequence(text) IS
  'Internal to grant_clinic_access: the identity sequence of a data table (patient, episode, knee_test, load_session, outcome_measure, home_exercise, home_exercise_log, gait_assessment, equipment_change, side_measure), whose USAGE a ''rows'' role needs to insert rows without giving ids. No clinical source: access control.';

-- The data tables a 'rows' role may read and write (table privileges are
-- granted with the access, so a clinician needs no other GRANT).
CREATE FUNCTION @extschema@.grant_clinic_access(role regrole, clinic_id text, level text)
  RETURNS void
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  t text;
BEGIN
  IF role IS NULL THEN
    RAISE EXCEPTION 'grant_clinic_access: role must not be NULL'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF level IS NULL OR level NOT IN ('rows', 'aggregates') THEN
    RAISE EXCEPTION 'grant_clinic_access: level must be ''rows'' or ''aggregates''' 
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('Got %L.', level),
            HINT = '''rows'': a clinician (the clinic''s rows); ''aggregates'': an analyst (suppressed aggregate views only).';
  END IF;
  IF clinic_id IS NOT NULL AND length(clinic_id) NOT BETWEEN 1 AND 64 THEN
    RAISE EXCEPTION 'grant_clinic_access: clinic_id must be 1 to 64 characters, or NULL for every clinic'
      USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s characters.', length(clinic_id));
  END IF;
  IF (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = role) THEN
    RAISE NOTICE 'grant_clinic_access: % is a superuser and sees every clinic anyway', role;
  END IF;
  INSERT INTO @extschema@.clinic_access AS a (role_name, clinic_id, level)
  VALUES (role::text::name, grant_clinic_access.clinic_id, grant_clinic_access.level)
  ON CONFLICT ON CONSTRAINT clinic_access_role_clinic_key DO UPDATE
    SET level = excluded.level, granted_at = excluded.granted_at, granted_by = excluded.granted_by;
  IF level = 'rows' THEN
    FOREACH t IN ARRAY ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure',
                             'home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change',
                             'side_measure'] LOOP
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.%I TO %s', t, role);
      EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %s', @extschema@.clinic_table_sequence(t), role);
    END LOOP;
  END IF;
  PERFORM @extschema@.clinic_access_sync_privileges(role);
END
$$;
COMMENT ON FUNCTION @extschema@.grant_clinic_access(regrole, text, text) IS
  'Gives a role access to a clinic (clinic_id NULL = every clinic) at level ''rows'' (clinician: the clinic''s rows in every table, with SELECT/INSERT/UPDATE/DELETE granted on the data tables) or ''aggregates'' (analyst: the suppressed aggregate views only, no table). Replaces the role''s earlier level for that clinic. Only the extension''s owner (a superuser) may call it. Errors: 22023 bad level or clinic_id, 22004 NULL role. No clinical source: access control.';

CREATE FUNCTION @extschema@.revoke_clinic_access(role regrole, clinic_id text)
  RETURNS void
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
  IF role IS NULL THEN
    RAISE EXCEPTION 'revoke_clinic_access: role must not be NULL'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  DELETE FROM @extschema@.clinic_access AS a
   WHERE a.role_name = role::text::name AND a.clinic_id IS NOT DISTINCT FROM revoke_clinic_access.clinic_id;
  IF NOT FOUND THEN
    RAISE NOTICE 'revoke_clinic_access: % held no access to %', role, coalesce(quote_literal(clinic_id), 'every clinic');
  END IF;
  PERFORM @extschema@.clinic_access_sync_privileges(role);
END
$$;
COMMENT ON FUNCTION @extschema@.revoke_clinic_access(regrole, text) IS
  'Removes a role''s access to a clinic (clinic_id NULL = the every-clinic row); when the role keeps no ''rows'' access, its privileges on the data tables are revoked too. Only the extension''s owner (a superuser) may call it. No clinical source: access control.';

-- Table privileges follow the access rows: a role without any 'rows'
-- access holds none on the data tables.
CREATE FUNCTION @extschema@.clinic_access_sync_privileges(role regrole)
  RETURNS void
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  t text;
BEGIN
  IF NOT EXISTS (SELECT FROM @extschema@.clinic_access AS a
                  WHERE a.role_name = role::text::name AND a.level = 'rows') THEN
    FOREACH t IN ARRAY ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure',
                             'home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change',
                             'side_measure'] LOOP
      EXECUTE format('REVOKE SELECT, INSERT, UPDATE, DELETE ON @extschema@.%I FROM %s', t, role);
      EXECUTE format('REVOKE USAGE ON SEQUENCE %s FROM %s', @extschema@.clinic_table_sequence(t), role);
    END LOOP;
  END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.clinic_access_sync_privileges(regrole) IS
  'Internal to grant_clinic_access / revoke_clinic_access: revokes a role''s privileges on the data tables when it holds no ''rows'' access any more. No clinical source: access control.';

REVOKE EXECUTE ON FUNCTION @extschema@.grant_clinic_access(regrole, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.revoke_clinic_access(regrole, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.clinic_access_sync_privileges(regrole) FROM PUBLIC;

-- The schema is usable by every role (functions, the aggregate-only views
-- and clinic_access); tables stay closed until access is granted.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;

-- ---- issue 13: DROP EXTENSION guard (src/drop_guard.sql, verbatim).
-- DROP EXTENSION knee_rehab refuses while the tables hold patient rows
-- (src/drop_guard.c); knee_rehab.allow_drop_with_data (superuser) confirms.

CREATE FUNCTION @extschema@.drop_guard() RETURNS event_trigger
  AS 'MODULE_PATHNAME', 'kr_drop_guard'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.drop_guard() IS
  'Event trigger function: refuses DROP EXTENSION knee_rehab and DROP SCHEMA knee_rehab CASCADE (SQLSTATE 2BP01) while knee_rehab.patient has rows, unless a superuser has SET knee_rehab.allow_drop_with_data = on; the tables are extension members, so the drop would delete every patient row. No clinical source: data safety.';

CREATE EVENT TRIGGER knee_rehab_drop_guard ON ddl_command_start
  WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA')
  EXECUTE FUNCTION @extschema@.drop_guard();
COMMENT ON EVENT TRIGGER knee_rehab_drop_guard IS
  'Refuses DROP EXTENSION knee_rehab / DROP SCHEMA knee_rehab CASCADE while patient rows exist (drop_guard); confirm with SET knee_rehab.allow_drop_with_data = on (superuser).';

-- ---- issue 13: simulate_clinic touches only the exact clinics it creates
-- (simulate_clinic_ids here; the body that uses it is replaced by the worklist
-- section at the end).
-- The exact clinic ids simulate_clinic writes, replaces and deletes: no
-- other clinic is ever touched, whatever its name.
CREATE FUNCTION @extschema@.simulate_clinic_ids()
  RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ARRAY['synthetic-01', 'synthetic-02', 'synthetic-03', 'synthetic-04', 'synthetic-05'];
COMMENT ON FUNCTION @extschema@.simulate_clinic_ids() IS
  'The five clinic ids simulate_clinic writes (synthetic-01 .. synthetic-05): it replaces only these, and refuses to run where any other clinic has rows (a clinic named synthetic-biologics is another clinic). No clinical source: synthetic data only.';


-- ---- issue 13: outcome views keyed by (clinic_id, id), tests by their UTC
-- day; aggregate-only cohort views with a clinic dimension, the caller's
-- access applied inside and suppression across cohorts and clinics
-- (src/outcome_views.sql from episode_outcome on, verbatim).
DROP VIEW @extschema@.cohort_recovery_curve;
DROP VIEW @extschema@.cohort_recovery;
DROP VIEW @extschema@.cohort_recovery_state;
DROP VIEW @extschema@.episode_outcome;
-- One SQL text, two views: episode_outcome (security_invoker: the
-- clinic-access policies on the tables decide what a reader sees) and
-- episode_outcome_all (the owner's rights, every clinic; not granted to
-- anyone) which only the aggregate-only views read.  PostgreSQL checks a
-- security_invoker view as the querying user even inside an owner-rights
-- view, so the aggregate views cannot read episode_outcome itself.
DO $do$
DECLARE
  body CONSTANT text := $body$
WITH test_days AS (
  -- One row per episode and calendar day of testing (UTC): is every test
  -- of each kind pain-free that day, and did the small knee bend reach the
  -- target angle?
  SELECT kt.clinic_id, kt.episode_id,
         (kt.tested_at AT TIME ZONE 'UTC')::date AS day,
         pg_catalog.count(DISTINCT kt.test) = 3
           AND pg_catalog.bool_and(kt.pain_nrs <= @extschema@.pain_free_nrs()
                                   AND (kt.test <> 'small_knee_bend'
                                        OR kt.angle_deg >= @extschema@.knee_bend_target_deg()))
           AS recovered_that_day
    FROM @extschema@.knee_test AS kt
   GROUP BY kt.clinic_id, kt.episode_id, (kt.tested_at AT TIME ZONE 'UTC')::date
),
tests AS (
  SELECT td.clinic_id, td.episode_id,
         pg_catalog.min(td.day) FILTER (WHERE td.recovered_that_day) AS recovered_at,
         pg_catalog.max(td.day) AS last_test
    FROM test_days AS td
    JOIN @extschema@.episode AS e ON e.clinic_id = td.clinic_id AND e.episode_id = td.episode_id
   WHERE td.day >= e.first_visit
   GROUP BY td.clinic_id, td.episode_id
),
knee_bend AS (
  -- Small knee bend progress over the episode's tests (from its first visit).
  SELECT kt.clinic_id, kt.episode_id,
         @extschema@.knee_bend_progress(kt.tested_at, kt.angle_deg, kt.pain_nrs) AS kb
    FROM @extschema@.knee_test AS kt
    JOIN @extschema@.episode AS e ON e.clinic_id = kt.clinic_id AND e.episode_id = kt.episode_id
   WHERE kt.test = 'small_knee_bend'
     AND (kt.tested_at AT TIME ZONE 'UTC')::date >= e.first_visit
   GROUP BY kt.clinic_id, kt.episode_id
),
sessions AS (
  -- Last session and, in the same pass, pain during runs against distance.
  SELECT ls.clinic_id, ls.episode_id, pg_catalog.max(ls.session_date) AS last_session,
         @extschema@.load_pain_trend(ls.distance_km, ls.pain_during)
           FILTER (WHERE ls.kind = 'run') AS lp
    FROM @extschema@.load_session AS ls
   GROUP BY ls.clinic_id, ls.episode_id
),
outcomes AS (
  SELECT om.clinic_id, om.episode_id,
         pg_catalog.max(om.measured_on) AS last_measure,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS baseline_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS last_nrs,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'nrs_pain') AS n_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'akps'))[1] AS baseline_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'akps'))[1] AS last_akps,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'akps') AS n_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS baseline_koos_pf,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS last_koos_pf,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'koos_pf') AS n_koos_pf
    FROM @extschema@.outcome_measure AS om
   GROUP BY om.clinic_id, om.episode_id
),
base AS (
  SELECT e.episode_id, e.clinic_id, e.patient_id, e.side::text AS side,
         p.sex::text AS sex, p.foot::text AS foot,
         CASE WHEN p.injuries IS NULL THEN NULL
              ELSE pg_catalog.cardinality(p.injuries) > 0 END AS prior_injury,
         @extschema@.bmi(p.weight_kg, p.height_cm) AS bmi,
         r.tier::text AS risk_tier,
         CASE r.tier WHEN 'low' THEN 1 WHEN 'moderate' THEN 2 WHEN 'high' THEN 3 END AS risk_tier_rank,
         r.relative_risk, r.completeness AS risk_completeness,
         e.symptom_onset, e.first_visit, e.discharged_on,
         e.first_visit - e.symptom_onset AS symptom_days,
         CASE WHEN e.symptom_onset IS NULL THEN NULL
              WHEN e.symptom_onset >= e.first_visit - interval '2 months' THEN 'up_to_2_months'
              ELSE 'over_2_months' END AS symptom_duration,
         o.baseline_nrs,
         CASE WHEN o.n_nrs > 1 THEN o.last_nrs END AS latest_nrs,
         o.baseline_akps::integer AS baseline_akps,
         CASE WHEN o.n_akps > 1 THEN o.last_akps::integer END AS latest_akps,
         o.baseline_koos_pf,
         CASE WHEN o.n_koos_pf > 1 THEN o.last_koos_pf END AS latest_koos_pf,
         COALESCE((k.kb).n, 0) AS knee_bend_tests, (k.kb).trend AS knee_bend_trend,
         (k.kb).best_pain_free_angle_deg, (k.kb).angle_slope_per_week, (k.kb).first_ready_at,
         COALESCE((s.lp).n, 0) AS runs_with_pain, (s.lp).slope AS load_pain_slope,
         (s.lp).slope_ci_low AS load_pain_slope_ci_low, (s.lp).slope_ci_high AS load_pain_slope_ci_high,
         (s.lp).pain_free_capacity AS pain_free_capacity_km,
         t.recovered_at,
         GREATEST(e.first_visit, e.discharged_on, t.last_test, s.last_session,
                  o.last_measure) AS last_contact
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
    CROSS JOIN LATERAL @extschema@.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                                            e.quad_deficit_pct, e.weekly_distance_increase_pct,
                                            e.strength_sessions_per_week) AS r
    LEFT JOIN tests AS t ON t.clinic_id = e.clinic_id AND t.episode_id = e.episode_id
    LEFT JOIN knee_bend AS k ON k.clinic_id = e.clinic_id AND k.episode_id = e.episode_id
    LEFT JOIN sessions AS s ON s.clinic_id = e.clinic_id AND s.episode_id = e.episode_id
    LEFT JOIN outcomes AS o ON o.clinic_id = e.clinic_id AND o.episode_id = e.episode_id
)
SELECT b.episode_id, b.clinic_id, b.patient_id, b.side, b.sex, b.foot,
       b.prior_injury, b.bmi, b.risk_tier, b.risk_tier_rank, b.relative_risk, b.risk_completeness,
       b.symptom_onset, b.first_visit, b.discharged_on,
       b.symptom_days, b.symptom_duration,
       b.baseline_nrs, b.latest_nrs, b.latest_nrs - b.baseline_nrs AS nrs_change,
       @extschema@.nrs_responder(b.baseline_nrs, b.latest_nrs) AS nrs_responder,
       b.baseline_akps, b.latest_akps, b.latest_akps - b.baseline_akps AS akps_change,
       @extschema@.akps_responder(b.baseline_akps, b.latest_akps) AS akps_responder,
       b.baseline_koos_pf, b.latest_koos_pf,
       b.knee_bend_tests, b.knee_bend_trend, b.best_pain_free_angle_deg, b.angle_slope_per_week,
       b.first_ready_at,
       b.runs_with_pain, b.load_pain_slope, b.load_pain_slope_ci_low, b.load_pain_slope_ci_high,
       b.pain_free_capacity_km,
       b.recovered_at, b.last_contact,
       b.recovered_at IS NOT NULL AS recovered,
       (COALESCE(b.recovered_at, b.last_contact) - b.first_visit)::float8 AS days_to_event
  FROM base AS b
$body$;
BEGIN
  EXECUTE 'CREATE VIEW @extschema@.episode_outcome WITH (security_invoker = true) AS ' || body;
  EXECUTE 'CREATE VIEW @extschema@.episode_outcome_all WITH (security_barrier = true) AS ' || body;
END
$do$;
COMMENT ON VIEW @extschema@.episode_outcome IS
  'One row per episode: patient factors, PFPS risk tier, relative risk and factors (pfps_risk: Boling 2010 in US Naval Academy midshipmen; van Poppel 2018; Neal 2014/2019; Nielsen 2014), symptom duration at the first visit (> 2 months: poor prognosis, weak evidence), baseline (first) and latest NRS (Farrar 2001), AKPS (Kujala 1993; responder >= 10 points, Crossley 2004) and KOOS-PF (Crossley 2018), small knee bend progress (knee_bend_progress) and the load-pain trend of the runs (load_pain_trend; pain-monitoring model, Thomee 1997; pain_free_capacity is practitioner guidance, an extrapolation of the fitted line), recovered_at = first day (from the first visit) on which all three provocation tests are pain-free (<= pain_free_nrs()) and the small knee bend reaches knee_bend_target_deg(), else censored at last contact; days_to_event is the time-to-event input of recovery_km (Kaplan-Meier).';
COMMENT ON COLUMN @extschema@.episode_outcome.prior_injury IS 'Any previous knee injury recorded (NULL: history not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.bmi IS 'Body mass index, kg/m2 (not a PFPS risk factor prospectively, Neal 2019).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_tier IS 'PFPS risk tier at intake as text (low, moderate, high; order by risk_tier_rank), pfps_risk(...).tier over the patient''s sex, weight, height, injuries, foot and the episode''s quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week (Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014; not a validated prediction model).';
COMMENT ON COLUMN @extschema@.episode_outcome.relative_risk IS 'pfps_risk(...).relative_risk: product of the factor relative risks against a reference runner, with the clinic''s risk_parameter overrides.';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_completeness IS 'pfps_risk(...).completeness: share of the risk factors recorded (NULL factors count 1.0).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_tier_rank IS 'Order of risk_tier for sorting and charts: 1 low, 2 moderate, 3 high (tiers of pfps_risk: low < 1.5 <= moderate < 3 <= high relative risk by default; Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014). Each factor behind it: view episode_risk_factor.';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_tests IS 'Small knee bend tests of the episode (knee_bend_progress n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_trend IS 'knee_bend_progress(tested_at, angle_deg, pain_nrs).trend over the episode''s small knee bend tests: improving | stable | worsening | insufficient_data (NULL: no tests).';
COMMENT ON COLUMN @extschema@.episode_outcome.best_pain_free_angle_deg IS 'Largest small knee bend angle tested with pain <= pain_free_nrs() (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.angle_slope_per_week IS 'Least-squares slope of the small knee bend angle, degrees per week (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.first_ready_at IS 'First small knee bend test meeting ready_to_run: knee_bend_target_deg() reached pain-free (clinical reference).';
COMMENT ON COLUMN @extschema@.episode_outcome.runs_with_pain IS 'Runs with a distance and a pain-during score (load_pain_trend n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope IS 'load_pain_trend(distance_km, pain_during) over the episode''s runs: NRS points of pain per km (pain-monitoring model, Thomee 1997); equals regr_slope(pain_during, distance_km).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_low IS '95 % lower limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_high IS '95 % upper limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.pain_free_capacity_km IS 'Run distance at which the fitted pain reaches pain_free_nrs() (load_pain_trend pain_free_capacity; practitioner guidance "run to the pain limit"; an extrapolation of the fitted line, not a measured limit; NULL unless the slope is positive).';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_days IS 'Days from symptom onset to the first visit.';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_duration IS 'up_to_2_months or over_2_months at the first visit (> 2 months: poor prognosis, weak evidence); NULL when onset is not recorded.';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_nrs IS 'First NRS pain score of the episode (0-10).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_nrs IS 'Latest NRS pain score, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.nrs_change IS 'latest_nrs - baseline_nrs (negative = less pain).';
COMMENT ON COLUMN @extschema@.episode_outcome.nrs_responder IS 'Pain dropped >= 2 points or >= 30 % (Farrar 2001).';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_akps IS 'First AKPS of the episode (Kujala 1993, 0-100).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_akps IS 'Latest AKPS, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.akps_change IS 'latest_akps - baseline_akps (positive = better).';
COMMENT ON COLUMN @extschema@.episode_outcome.akps_responder IS 'AKPS rose >= 10 points (Crossley 2004).';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_koos_pf IS 'First KOOS-PF of the episode (Crossley 2018, 0-100).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_koos_pf IS 'Latest KOOS-PF, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.recovered_at IS 'First day from the first visit with all three provocation tests pain-free and the small knee bend at the target angle (the UTC day of tested_at; tests before the first visit ignored); NULL = not (yet) recovered.';
COMMENT ON COLUMN @extschema@.episode_outcome.last_contact IS 'Latest of first visit, discharge, provocation tests, sessions and outcome measures: the censoring day.';
COMMENT ON COLUMN @extschema@.episode_outcome.recovered IS 'True when recovered_at is known (the Kaplan-Meier event).';
COMMENT ON COLUMN @extschema@.episode_outcome.days_to_event IS 'Days from the first visit to recovered_at, or to last_contact when censored.';

COMMENT ON COLUMN @extschema@.episode_outcome.episode_id IS 'Episode id, unique within its clinic: the episode''s identity is (clinic_id, episode_id).';
COMMENT ON COLUMN @extschema@.episode_outcome.clinic_id IS 'Clinic of the episode (with episode_id, its identity; the clinic-access key).';
COMMENT ON COLUMN @extschema@.episode_outcome.patient_id IS 'Patient id, unique within the clinic: the patient is (clinic_id, patient_id).';
COMMENT ON COLUMN @extschema@.episode_outcome.side IS 'Affected knee as text: left, right, both (the knee_side values; NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.sex IS 'The patient''s sex as text: female, male, other, unknown (the sex values; NULL = not recorded; female RR 2.23, Boling 2010, in naval-academy midshipmen).';
COMMENT ON COLUMN @extschema@.episode_outcome.foot IS 'The patient''s foot type as text: neutral, flat, overpronation, high_arch, pttd (the foot_type values; NULL = not recorded; weak evidence, Neal 2014).';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_onset IS 'Date symptoms began (NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.first_visit IS 'Date of the first visit: day 0 of days_to_event.';
COMMENT ON COLUMN @extschema@.episode_outcome.discharged_on IS 'Discharge date (NULL = not discharged).';
GRANT SELECT ON @extschema@.episode_outcome TO PUBLIC;

-- The twin's comments: the same per column.
COMMENT ON VIEW @extschema@.episode_outcome_all IS
  'Internal to the aggregate-only views (cohort_recovery and the like): episode_outcome''s rows for every clinic, with the view owner''s rights; not granted to anyone. Same SQL text and columns as episode_outcome (sources there: Boling 2010, Kujala 1993, Crossley 2004/2018, Farrar 2001).';
DO $do$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT a.attname, d.description
             FROM pg_catalog.pg_attribute AS a
             JOIN pg_catalog.pg_description AS d
               ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND d.objsubid = a.attnum
            WHERE a.attrelid = '@extschema@.episode_outcome'::pg_catalog.regclass
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.episode_outcome_all.%I IS %L', c.attname, c.description);
  END LOOP;
END
$do$;

-- ---------------------------------------------------------------- suppress_cells

-- Small-cell suppression over a table of counts whose published sums
-- ("lines": a cohort row of a clinic adds up to the clinic's total; a
-- cohort across the clinics adds up to the cross-clinic cell) would
-- otherwise let a reader work out a suppressed cell by subtraction.
-- Primary rule: a cell under min_cell episodes is suppressed.
-- Complementary rule, applied to every line until nothing changes: a line
-- must not hold exactly one suppressed cell (it would equal its total
-- minus the others), and when its total is shown the suppressed parts
-- must add up to at least min_cell (else their sum, a small number, is
-- known); the smallest shown part is suppressed next (or the total when
-- no part is left).  Members arrive ordered by line.  Pure computation.
CREATE FUNCTION @extschema@.suppress_cells(cell_count bigint[], member_line integer[],
                                           member_cell integer[], member_is_total boolean[],
                                           min_cell integer)
  RETURNS boolean[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n integer := coalesce(cardinality(cell_count), 0);
  m integer := coalesce(cardinality(member_line), 0);
  sup boolean[] := '{}';
  changed boolean := true;
  i integer;
  j integer;
  line integer;
  n_sup integer;
  sum_sup bigint;
  total_sup boolean;
  total_cell integer;
  best integer;
BEGIN
  IF cardinality(member_cell) IS DISTINCT FROM cardinality(member_line)
     OR cardinality(member_is_total) IS DISTINCT FROM cardinality(member_line) THEN
    RAISE EXCEPTION 'suppress_cells: member_line, member_cell and member_is_total must have the same length'
      USING ERRCODE = 'array_subscript_error';
  END IF;
  FOR i IN 1 .. n LOOP
    sup[i] := cell_count[i] < min_cell;
  END LOOP;
  WHILE changed LOOP
    changed := false;
    i := 1;
    WHILE i <= m LOOP
      line := member_line[i];
      n_sup := 0; sum_sup := 0; total_sup := false; total_cell := NULL; best := NULL;
      WHILE i <= m AND member_line[i] = line LOOP
        j := member_cell[i];
        IF j IS NULL OR j < 1 OR j > n THEN
          RAISE EXCEPTION 'suppress_cells: member_cell % is not a cell (1 to %)', j, n
            USING ERRCODE = 'array_subscript_error';
        END IF;
        IF member_is_total[i] THEN
          total_cell := j;
        END IF;
        IF sup[j] THEN
          n_sup := n_sup + 1;
          IF member_is_total[i] THEN total_sup := true; ELSE sum_sup := sum_sup + cell_count[j]; END IF;
        ELSIF NOT member_is_total[i] AND cell_count[j] > 0
              AND (best IS NULL OR cell_count[j] < cell_count[best]
                   OR (cell_count[j] = cell_count[best] AND j < best)) THEN
          best := j;
        END IF;
        i := i + 1;
      END LOOP;
      IF n_sup = 1 OR (n_sup > 0 AND NOT total_sup AND sum_sup < min_cell) THEN
        IF best IS NOT NULL THEN
          sup[best] := true;
          changed := true;
        ELSIF total_cell IS NOT NULL AND NOT sup[total_cell] THEN
          sup[total_cell] := true;
          changed := true;
        END IF;
      END IF;
    END LOOP;
  END LOOP;
  RETURN sup;
END
$$;
COMMENT ON FUNCTION @extschema@.suppress_cells(bigint[], integer[], integer[], boolean[], integer) IS
  'Small-cell suppression (primary: count < min_cell; complementary, repeated until stable: no line - a set of cells whose parts add up to its total cell - may hold exactly one suppressed cell, and the suppressed parts of a line with a shown total must add up to at least min_cell; the smallest shown part, else the total, is suppressed next). Returns one flag per cell. Statistical disclosure control practice (e.g. Hundepool et al., Statistical Disclosure Control, 2012: primary and secondary cell suppression). No clinical source: a privacy rule.';

-- ---------------------------------------------------------------- cohort_recovery_state

-- Aggregate-only building block (not granted to PUBLIC): one row per clinic
-- the caller may see and per cohort, plus the same across those clinics
-- (all_clinics), with the Kaplan-Meier state and suppression applied over
-- both the cohort and the clinic dimension.
CREATE VIEW @extschema@.cohort_recovery_state WITH (security_barrier = true) AS
WITH vis AS (
  -- The clinics the caller may see, and those whose rows it can read (a
  -- NULL element, every clinic, is left out of the latter: such a reader
  -- reads every row anyway).
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
eo AS (
  SELECT o.clinic_id,
         o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration, o.recovered, o.days_to_event, o.akps_responder, o.nrs_change
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
cells AS (
  -- One pass over the episodes: per clinic and across the clinics, every
  -- dimension and the whole set.
  SELECT GROUPING(eo.clinic_id) = 1 AS all_clinics,
         eo.clinic_id,
         CASE WHEN GROUPING(eo.risk_tier) = 0 THEN 'risk_tier'
              WHEN GROUPING(eo.sex) = 0 THEN 'sex'
              WHEN GROUPING(eo.foot) = 0 THEN 'foot_type'
              WHEN GROUPING(eo.prior_injury) = 0 THEN 'prior_injury'
              WHEN GROUPING(eo.symptom_duration) = 0 THEN 'symptom_duration'
         END AS dimension,
         COALESCE(eo.risk_tier, eo.sex, eo.foot, eo.prior_injury, eo.symptom_duration, 'not recorded') AS cohort,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(eo.days_to_event, eo.recovered) AS km_state,
         pg_catalog.count(*) FILTER (WHERE eo.akps_responder)::float8
           / NULLIF(pg_catalog.count(eo.akps_responder), 0) AS akps_responder_share,
         pg_catalog.avg(eo.nrs_change) AS mean_nrs_change
    FROM eo
   GROUP BY GROUPING SETS ((eo.clinic_id), (),
                           (eo.clinic_id, eo.risk_tier), (eo.risk_tier),
                           (eo.clinic_id, eo.sex), (eo.sex),
                           (eo.clinic_id, eo.foot), (eo.foot),
                           (eo.clinic_id, eo.prior_injury), (eo.prior_injury),
                           (eo.clinic_id, eo.symptom_duration), (eo.symptom_duration))
),
numbered AS (
  -- known: a cell of a clinic whose rows the caller can read (it counts
  -- them itself), so no protection: it is left out of every line, and a
  -- line's other cells are suppressed as if it were published.
  SELECT c.*, pg_catalog.row_number() OVER (ORDER BY c.all_clinics, c.clinic_id, c.dimension NULLS FIRST, c.cohort)::integer AS cell,
         (NOT c.all_clinics AND c.clinic_id = ANY (vis.row_clinics)) AS known
    FROM cells AS c, vis
),
members AS (
  -- Row lines: a group's cohorts of one dimension add up to its total.
  SELECT 'r' || n.all_clinics::text || '|' || COALESCE(n.clinic_id, '') || '|' || n.dimension AS line,
         n.cell, false AS is_total
    FROM numbered AS n WHERE n.dimension IS NOT NULL AND NOT n.known
  UNION ALL
  SELECT 'r' || t.all_clinics::text || '|' || COALESCE(t.clinic_id, '') || '|' || d.dimension, t.cell, true
    FROM numbered AS t
   CROSS JOIN (SELECT DISTINCT n.dimension FROM numbered AS n WHERE n.dimension IS NOT NULL) AS d
   WHERE t.dimension IS NULL AND NOT t.known
  UNION ALL
  -- Column lines: a cohort (or the total) over the clinics adds up to the
  -- cross-clinic cell.
  SELECT 'c|' || COALESCE(n.dimension, '') || '|' || CASE WHEN n.dimension IS NULL THEN 'all' ELSE n.cohort END,
         n.cell, n.all_clinics
    FROM numbered AS n WHERE NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT @extschema@.suppress_cells(
                   (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
                   pg_catalog.array_agg(mm.dense_rank_line ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.cell ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.is_total ORDER BY mm.line, mm.cell),
                   @extschema@.min_cell_size()) AS sup
            FROM (SELECT m.*, pg_catalog.dense_rank() OVER (ORDER BY m.line)::integer AS dense_rank_line
                    FROM members AS m) AS mm) AS s
   CROSS JOIN LATERAL pg_catalog.unnest(s.sup) WITH ORDINALITY AS f (suppressed, cell)
),
shown AS (
  SELECT n.all_clinics, n.clinic_id, d.dimension,
         CASE WHEN n.dimension IS NULL THEN 'all' ELSE n.cohort END AS cohort,
         n.dimension IS NULL AS is_total,
         f.suppressed, n.episodes, n.km_state, n.akps_responder_share, n.mean_nrs_change
    FROM numbered AS n
    JOIN flags AS f ON f.cell = n.cell
    JOIN (SELECT DISTINCT n2.dimension FROM numbered AS n2 WHERE n2.dimension IS NOT NULL) AS d
      ON d.dimension = n.dimension OR n.dimension IS NULL
)
SELECT s.clinic_id, s.all_clinics, s.dimension, s.cohort, s.is_total, s.suppressed,
       CASE WHEN NOT s.suppressed THEN s.episodes END AS episodes,
       CASE WHEN NOT s.suppressed THEN s.km_state END AS km_state,
       CASE WHEN NOT s.suppressed THEN s.akps_responder_share END AS akps_responder_share,
       CASE WHEN NOT s.suppressed THEN s.mean_nrs_change::float8 END AS mean_nrs_change
  FROM shown AS s;
COMMENT ON VIEW @extschema@.cohort_recovery_state IS
  'Building block of cohort_recovery and cohort_recovery_curve (aggregate-only, runs with its owner''s rights, not granted to PUBLIC): for each clinic the caller may see (visible_clinics) and across those clinics (all_clinics), per cohort of risk_tier, sex, foot_type, prior_injury and symptom_duration plus the total (is_total), the recovery_km_state of the episodes and the PROM figures; suppression by suppress_cells over the cohort and the clinic dimension (min_cell_size). Kaplan-Meier state as recovery_km (Kaplan 1958); PROMs: Crossley 2004, Farrar 2001.';

COMMENT ON COLUMN @extschema@.cohort_recovery_state.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.all_clinics IS 'True on the rows that pool every clinic the caller may see (visible_clinics).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.cohort IS 'The value within the dimension; ''all'' on the total row (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.is_total IS 'True on the row for every episode of the clinic (cohort ''all''), repeated under each dimension.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.suppressed IS 'True when the cell is too small to show (min_cell_size) or would let a small cell be worked out from the others (suppress_cells; statistical disclosure control, Hundepool 2012).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.km_state IS 'recovery_km_state(days_to_event, recovered) of the cohort: the Kaplan-Meier state (Kaplan 1958) read by recovery_km_summary and recovery_curve (NULL when suppressed; internal, float8[]).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.akps_responder_share IS 'Share (0-1) of the episodes with two AKPS whose AKPS rose >= 10 points (Crossley 2004); NULL when suppressed.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.mean_nrs_change IS 'Mean latest - baseline NRS pain over episodes with two NRS scores (Farrar 2001; negative = less pain); NULL when suppressed.';

-- ---------------------------------------------------------------- cohort_recovery

CREATE VIEW @extschema@.cohort_recovery WITH (security_barrier = true) AS
SELECT s.clinic_id, s.all_clinics, s.dimension, s.cohort, s.is_total, s.suppressed, s.episodes,
       k.events AS recovered,
       k.median_days, k.median_ci_low, k.median_ci_high,
       k.recovered_by_6wk, k.recovered_by_12wk,
       s.akps_responder_share, s.mean_nrs_change
  FROM @extschema@.cohort_recovery_state AS s
  LEFT JOIN LATERAL @extschema@.recovery_km_summary(s.km_state) AS k ON true;
COMMENT ON VIEW @extschema@.cohort_recovery IS
  'Recovery per clinic and cohort (aggregate-only: runs with its owner''s rights and shows only the clinics the caller holds access to in clinic_access; no table privilege needed). For each visible clinic, and across them (all_clinics), per cohort of risk_tier (low/moderate/high from pfps_risk), sex, foot_type, prior_injury yes/no and symptom_duration up to / over 2 months, plus the total row (is_total): episodes, recovered, Kaplan-Meier median days to recovery with its 95 % log-log CI (Brookmeyer-Crowley, as R survfit), recovered by 6 and 12 weeks and the share of AKPS responders (>= 10 points, Crossley 2004) among episodes with two AKPS, all fractions 0-1, mean NRS change. Recovery event: the tests definition (all three provocation tests pain-free and the small knee bend at the target angle; a readiness surrogate). Cells with fewer than knee_rehab.min_cell_size episodes, and the cells that would let one be worked out by subtraction across cohorts or clinics (suppress_cells), show suppressed = true and NULL figures.';
COMMENT ON COLUMN @extschema@.cohort_recovery.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery.all_clinics IS 'True on the rows that pool every clinic the caller may see; false on per-clinic rows. Sum episodes over one of the two, never both.';
COMMENT ON COLUMN @extschema@.cohort_recovery.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery.cohort IS 'The value within the dimension; ''all'' on the total row (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery.is_total IS 'True on the row for every episode of the clinic (cohort ''all''), repeated under each dimension; exclude it when summing cohorts.';
COMMENT ON COLUMN @extschema@.cohort_recovery.suppressed IS 'True when the cell is too small to show (min_cell_size) or would let a small cell be worked out from the others (across cohorts or clinics).';
COMMENT ON COLUMN @extschema@.cohort_recovery.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered IS 'Episodes that reached the recovery event (tests definition).';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_days IS 'Kaplan-Meier median days from first visit to recovery (NULL when the curve does not reach 0.5).';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_low IS '95 % lower limit of the median, log-log method (R survfit conf.type = "log-log").';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_high IS '95 % upper limit of the median (NULL = not reached).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_6wk IS '1 - S(42 days), Kaplan-Meier: a fraction 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_12wk IS '1 - S(84 days), Kaplan-Meier: a fraction 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery.akps_responder_share IS 'Share (a fraction 0-1, like recovered_by_6wk) of the episodes with a baseline and a later AKPS whose AKPS rose >= 10 points (Crossley 2004).';
COMMENT ON COLUMN @extschema@.cohort_recovery.mean_nrs_change IS 'Mean latest - baseline NRS pain over episodes with two NRS scores (negative = less pain).';
GRANT SELECT ON @extschema@.cohort_recovery TO PUBLIC;

-- ---------------------------------------------------------------- cohort_recovery_curve

CREATE VIEW @extschema@.cohort_recovery_curve WITH (security_barrier = true) AS
SELECT s.clinic_id, s.all_clinics, s.dimension, s.cohort, s.is_total,
       c.day, c.at_risk, c.events, c.censored,
       c.survival, 1 - c.survival AS recovered_share, c.ci_low, c.ci_high
  FROM @extschema@.cohort_recovery_state AS s
 CROSS JOIN LATERAL @extschema@.recovery_curve(s.km_state) AS c
 WHERE NOT s.suppressed;
COMMENT ON VIEW @extschema@.cohort_recovery_curve IS
  'Kaplan-Meier steps per clinic and cohort in long format for BI tools (aggregate-only, like cohort_recovery: the caller''s clinics only, suppressed cohorts have no rows): day, at_risk, events, censored, survival S(day), recovered_share = 1 - S, 95 % log-log pointwise band (Kaplan 1958; Greenwood 1926; as R summary(survfit)). Recovery event: the tests definition (readiness surrogate).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.clinic_id IS 'The clinic; NULL on curves across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.all_clinics IS 'True on curves that pool every clinic the caller may see.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.cohort IS 'The value within the dimension; ''all'' for the total curve (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.is_total IS 'True for the curve of every episode of the clinic (cohort ''all'').';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.day IS 'Days from the first visit at which an event or censoring happened (a step of the curve).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.at_risk IS 'Episodes still at risk (not yet recovered or censored) just before day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.events IS 'Episodes recovering on day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.censored IS 'Episodes censored (last contact without recovery) on day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.survival IS 'Kaplan-Meier S(day): share not yet recovered, 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.recovered_share IS '1 - S(day): share recovered by day, 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.ci_low IS '95 % lower limit of S(day), log-log (Greenwood variance), as R summary(survfit).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.ci_high IS '95 % upper limit of S(day), log-log (Greenwood variance).';
GRANT SELECT ON @extschema@.cohort_recovery_curve TO PUBLIC;

-- ---- issue 13: what changes for existing roles.  0.2.0 left access to
-- table GRANTs and a README recipe; 0.3.0 shows a role no patient row until
-- grant_clinic_access gives it access.  Name the roles that hold privileges
-- on the data tables but no access, and the policies someone added by hand
-- (the restrictive clinic_rows_only policies now cap them).
-- WARNING, not NOTICE: CREATE/ALTER EXTENSION run their scripts with
-- client_min_messages raised to warning, so a NOTICE never reaches the DBA
-- (test/shell/upgrade.sh).
DO $notice$
DECLARE
  r text;
  p text;
BEGIN
  SELECT string_agg(DISTINCT ro.rolname::text, ', ' ORDER BY ro.rolname::text) INTO r
    FROM pg_catalog.pg_class AS c
   CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS g
    JOIN pg_catalog.pg_roles AS ro ON ro.oid = g.grantee
   WHERE c.oid IN ('@extschema@.patient'::pg_catalog.regclass, '@extschema@.episode'::pg_catalog.regclass,
                   '@extschema@.knee_test'::pg_catalog.regclass, '@extschema@.load_session'::pg_catalog.regclass,
                   '@extschema@.outcome_measure'::pg_catalog.regclass)
     AND g.grantee <> c.relowner AND NOT ro.rolsuper
     AND ro.rolname NOT IN (SELECT a.role_name FROM @extschema@.clinic_access AS a);
  IF r IS NOT NULL THEN
    RAISE WARNING 'knee_rehab 0.3.0: these roles hold privileges on the knee_rehab tables but no clinic access, so they now see no patient row: %', r
      USING HINT = 'Give each its clinics: SELECT knee_rehab.grant_clinic_access(''role'', ''clinic'', ''rows'') (or ''aggregates'' for the cohort views only).';
  END IF;
  SELECT string_agg(pg_catalog.format('%s on %s', po.polname, po.polrelid::pg_catalog.regclass), ', ') INTO p
    FROM pg_catalog.pg_policy AS po
   WHERE po.polrelid IN ('@extschema@.patient'::pg_catalog.regclass, '@extschema@.episode'::pg_catalog.regclass,
                         '@extschema@.knee_test'::pg_catalog.regclass, '@extschema@.load_session'::pg_catalog.regclass,
                         '@extschema@.outcome_measure'::pg_catalog.regclass)
     AND po.polname NOT IN ('clinic_rows', 'clinic_rows_only');
  IF p IS NOT NULL THEN
    RAISE WARNING 'knee_rehab 0.3.0: policies added by hand (%) can no longer widen access beyond clinic_access; drop them once the roles hold their access', p;
  END IF;
END
$notice$;

-- ---- clinical: issue 15 "Clinical truth" (triage, pain monitoring, single-run spike, risk weights, KOOS-PF responder, sources in every COMMENT)

-- settings: the pain-monitoring bands (knee_rehab.pain_safe_nrs, knee_rehab.pain_acceptable_nrs)
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


-- risk model defaults (issue 15 items 5-6): only the published defaults
-- change; a clinic's overrides in risk_parameter are left as they are.
UPDATE @extschema@.risk_parameter_default
   SET value = 1.75,
       evidence = 'weak: isometric quadriceps strength SMD -0.69 in military recruits; ln(OR) = SMD x pi / sqrt(3) gives OR 3.5 per SD of lower strength; between-person SD is about 20-25 % of the mean, so a 10 % deficit is about 0.45 SD and OR = 3.5^0.45 = 1.75; the 10 % cut-off is borrowed from limb-symmetry criteria (Kyritsis 2016), not PFPS data',
       source = 'Neal 2019, BJSM 53:270 (derived)'
 WHERE parameter = 'quad_deficit';
UPDATE @extschema@.risk_parameter_default
   SET evidence = 'prospective incidence ratio, 95 % CI 1.19-4.20, in US Naval Academy midshipmen (military trainees, not runners)',
       source = 'Boling 2010, Scand J Med Sci Sports 20:725 (US Naval Academy midshipmen)'
 WHERE parameter = 'female';

-- pain_monitor reads its bands from the settings: STABLE
CREATE OR REPLACE FUNCTION @extschema@.pain_monitor(pain_during float8, pain_next_morning float8,
                                         baseline float8 DEFAULT 0) RETURNS text
  AS 'MODULE_PATHNAME', 'kr_pain_monitor'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_monitor(float8, float8, float8) IS
  'Pain-monitoring model (Thomee 1997, Phys Ther 77:1690, PFPS; later used for Achilles tendinopathy by Silbernagel 2007): ''excessive'' when pain_during > knee_rehab.pain_acceptable_nrs (default 5) or pain_next_morning is above baseline (not settled by the next morning); else ''acceptable'' when pain_during > knee_rehab.pain_safe_nrs (default 2; so 2.5 is acceptable), else ''safe''. pain_monitor_model() names the model the settings give (thomee_1997, strict_pain_free: practitioner guidance for runner''s knee, both bands at pain_free_nrs, or custom). NULL pain_next_morning (not recorded): judged on pain_during alone; NULL baseline: 0; NULL pain_during: ''excessive'' if the next morning is above baseline, else NULL. Each NRS 0-10, else ERROR 22003; pain_safe_nrs above pain_acceptable_nrs: ERROR 22023. STABLE: reads the settings.';

CREATE FUNCTION @extschema@.pain_monitor_model() RETURNS text
  AS 'MODULE_PATHNAME', 'kr_pain_monitor_model'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_monitor_model() IS
  'The pain-monitoring model pain_monitor uses with the current settings: ''thomee_1997'' (knee_rehab.pain_safe_nrs = 2, knee_rehab.pain_acceptable_nrs = 5; Thomee 1997, Phys Ther 77:1690), ''strict_pain_free'' (both equal to knee_rehab.pain_free_nrs: practitioner guidance for runner''s knee, run pain-free or to the first sign of pain, never through it), else ''custom (safe <= s, acceptable <= a)''. pain_safe_nrs above pain_acceptable_nrs: ERROR 22023.';

-- The model's third rule, pain should not rise week on week (Thomee
-- 1997), per episode: one row per calendar week (Monday to Sunday) with a
-- session that recorded pain during, its worst pain during, the previous
-- calendar week's, and whether it rose.  For views: CROSS JOIN LATERAL
-- weekly_pain(e.clinic_id, e.episode_id).
CREATE FUNCTION @extschema@.weekly_pain(clinic_id text, episode_id bigint)
  RETURNS TABLE (week_start date, sessions_with_pain bigint, pain_during_max float8,
                 previous_week_pain_during_max float8, pain_rose boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH week AS (
    SELECT s.session_date - (CAST(EXTRACT(isodow FROM s.session_date) AS integer) - 1) AS week_start,
           pg_catalog.count(*) AS sessions_with_pain,
           pg_catalog.max(s.pain_during) AS pain_during_max
      FROM @extschema@.load_session AS s
     WHERE s.clinic_id = weekly_pain.clinic_id AND s.episode_id = weekly_pain.episode_id
       AND s.pain_during IS NOT NULL
     GROUP BY 1
  )
  SELECT w.week_start, w.sessions_with_pain, w.pain_during_max, p.pain_during_max,
         w.pain_during_max > p.pain_during_max
    FROM week AS w
    LEFT JOIN week AS p ON p.week_start = w.week_start - 7
   ORDER BY w.week_start;
END;
COMMENT ON FUNCTION @extschema@.weekly_pain(text, bigint) IS
  'The pain-monitoring model''s week-on-week rule, pain should not rise from week to week (Thomee 1997, Phys Ther 77:1690), for one episode: one row per calendar week (week_start = Monday) with at least one session of the episode that recorded pain_during, the number of such sessions, the week''s highest pain_during, the previous calendar week''s (NULL when that week has none), and pain_rose = this week''s highest > the previous week''s (NULL without a previous week). Reads load_session as the caller (row-level security applies). Use in a view as CROSS JOIN LATERAL weekly_pain(e.clinic_id, e.episode_id).';

CREATE FUNCTION @extschema@.single_run_spike_grade(run_km float8, longest_prev_30d_km float8) RETURNS text
  AS 'MODULE_PATHNAME', 'kr_single_run_spike_grade'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.single_run_spike_grade(float8, float8) IS
  'Single-session spike, graded as in Frandsen 2025 (BJSM 59:1203; 5,205 runners, GPS-watch data; observational, weak evidence): how much longer run_km is than the longest run of the previous 30 days: ''none'' (up to 10 % longer, or shorter), ''over_10_to_30_pct'' (> 10 % to 30 %, hazard rate ratio 1.64, 95 % CI 1.31-2.05), ''over_30_to_100_pct'' (> 30 % to 100 %, 1.52, 1.16-2.00), ''over_100_pct'' (> 100 %, 2.28, 1.50-3.48). Boundaries exclusive of the lower limit (exactly 10 % is none), comparisons allow 1e-9 for decimal inputs. NULL in, NULL out; run_km >= 0, longest_prev_30d_km > 0, finite, else ERROR 22003. A description, not an injury probability.';

CREATE FUNCTION @extschema@.single_run_spike_hrr(run_km float8, longest_prev_30d_km float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_single_run_spike_hrr'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.single_run_spike_hrr(float8, float8) IS
  'Hazard rate ratio of single_run_spike_grade''s grade (Frandsen 2025, BJSM 59:1203): none 1 (reference), over_10_to_30_pct 1.64, over_30_to_100_pct 1.52, over_100_pct 2.28. Not monotone in the spike size (the published estimates); observational, weak evidence. Same arguments and errors as single_run_spike_grade.';

CREATE FUNCTION @extschema@.koos_pf_responder(baseline float8, followup float8) RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_koos_pf_responder'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.koos_pf_responder(float8, float8) IS
  'True when the KOOS-PF score (0-100, 100 = no problems) rose by at least its minimal important change of 16.4 points (Crossley 2018, BJSM 52:1130; smallest detectable change for an individual 16). Scores 0-100, NaN/Infinity rejected (ERROR 22003); NULL when either is not recorded. The comparison allows 1e-9 for decimal inputs.';


-- triage: acute trauma, effusion and the provocation tests (issue 15 items 1-2); a new signature
DROP FUNCTION @extschema@.triage(@extschema@.pain_location, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean);
CREATE FUNCTION @extschema@.triage(
    pain_location @extschema@.pain_location DEFAULT NULL,
    squat_pain boolean DEFAULT NULL,
    stairs_pain boolean DEFAULT NULL,
    running_pain boolean DEFAULT NULL,
    sitting_pain boolean DEFAULT NULL,
    movie_goers_sign boolean DEFAULT NULL,
    pop_at_injury boolean DEFAULT NULL,
    swelling_within_4h boolean DEFAULT NULL,
    locking boolean DEFAULT NULL,
    giving_way boolean DEFAULT NULL,
    age_years integer DEFAULT NULL,
    isolated_patellar_tenderness boolean DEFAULT NULL,
    fibular_head_tenderness boolean DEFAULT NULL,
    cannot_flex_90 boolean DEFAULT NULL,
    cannot_bear_weight_4_steps boolean DEFAULT NULL,
    days_since_injury integer DEFAULT NULL,
    effusion boolean DEFAULT NULL,
    small_knee_bend_pain boolean DEFAULT NULL,
    heel_on_squat_pain boolean DEFAULT NULL,
    heel_off_squat_pain boolean DEFAULT NULL)
  RETURNS @extschema@.triage_result
  AS 'MODULE_PATHNAME', 'kr_triage'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.triage(@extschema@.pain_location, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean) IS
  'Intake triage of runner''s knee pain, not a diagnosis (clinical reference, triage). Refer on a red flag: pop at injury, swelling within 4 hours (haemarthrosis: ACL tear, fracture, dislocation), true locking, or giving way after a specific injury (days_since_injury recorded, or a pop) or with effusion (effusion or swelling_within_4h); giving way alone is a common PFPS symptom (a reason says so). Ottawa knee rule (Stiell 1996, JAMA 275:611) only in acute knee trauma, days_since_injury 0-7: age >= 55, isolated patellar tenderness, fibular head tenderness, cannot flex to 90 degrees, cannot take 4 steps -> refer, X-ray; otherwise a reason says the rule does not apply. Pain around/behind the kneecap, including its medial (inner) side, with squat, stairs, running or sitting pain, the movie-goer''s sign or a painful provocation test (small knee bend, heel-on, heel-off squat: pass the episode''s recorded tests) -> patellofemoral_pain (Crossley 2016, BJSM 50:839); lateral -> iliotibial_band_syndrome; below the kneecap -> patellar_tendinopathy; else undetermined. NULL findings = not recorded (treated as absent; days_since_injury NULL = no specific injury recorded). age_years 0-130, days_since_injury 0-36500, else ERROR 22003.';


-- load_monitoring: graded single-run spike (Frandsen 2025) and the pain model; new columns in the middle: DROP and CREATE
DROP VIEW @extschema@.load_monitoring;
CREATE VIEW @extschema@.load_monitoring WITH (security_invoker = true) AS
WITH setting AS MATERIALIZED (
  -- The session's settings, read once where the query starts.  Under Citus
  -- this is a subplan run on the coordinator (the reference to a catalog
  -- table keeps even a one-clinic query from being sent whole to a worker,
  -- whose session has its own settings); the shards receive the values.
  SELECT @extschema@.pain_free_nrs() AS pain_free_nrs
    FROM pg_catalog.pg_extension AS x
   WHERE x.extname = 'knee_rehab'
), session_day AS (
  SELECT s.clinic_id, s.episode_id, s.session_date AS day,
         pg_catalog.count(*) AS sessions,
         pg_catalog.count(*) FILTER (WHERE s.kind = 'run') AS runs,
         pg_catalog.sum(s.distance_km) FILTER (WHERE s.kind = 'run') AS run_km,
         pg_catalog.sum(s.duration_min) FILTER (WHERE s.kind = 'run') AS run_min,
         pg_catalog.max(s.distance_km) FILTER (WHERE s.kind = 'run') AS longest_run_km,
         pg_catalog.sum(s.sets * s.reps * s.load_kg) FILTER (WHERE s.kind = 'strength')
           AS strength_volume_kg,
         pg_catalog.max(s.pain_during) AS pain_during_max,
         pg_catalog.max(CASE @extschema@.pain_monitor(s.pain_during, s.pain_next_morning, s.pain_before)
                          WHEN 'safe' THEN 1 WHEN 'acceptable' THEN 2 WHEN 'excessive' THEN 3 END)
           AS pain_rank
    FROM @extschema@.load_session AS s
   GROUP BY s.clinic_id, s.episode_id, s.session_date
), test_day AS (
  -- tested_at is a timestamptz: its calendar day is taken in UTC, so the
  -- rows never depend on the session's TimeZone.
  SELECT t.clinic_id, t.episode_id, (t.tested_at AT TIME ZONE 'UTC')::date AS day,
         pg_catalog.max(t.angle_deg) FILTER (WHERE t.test = 'small_knee_bend') AS knee_bend_angle_deg,
         pg_catalog.bool_and(t.pain_nrs <= st.pain_free_nrs)
           FILTER (WHERE t.test = 'small_knee_bend') AS knee_bend_pain_free
    FROM @extschema@.knee_test AS t
   CROSS JOIN setting AS st
   GROUP BY t.clinic_id, t.episode_id, (t.tested_at AT TIME ZONE 'UTC')::date
), day_row AS (
  SELECT clinic_id, episode_id, day,
         COALESCE(s.sessions, 0) AS sessions,
         COALESCE(s.run_km, 0) AS run_km,
         COALESCE(s.run_min, 0) AS run_min,
         COALESCE(s.strength_volume_kg, 0) AS strength_volume_kg,
         s.longest_run_km, s.pain_during_max, s.pain_rank,
         t.knee_bend_angle_deg, t.knee_bend_pain_free,
         pg_catalog.min(day) FILTER (WHERE s.run_km > 0)
           OVER (PARTITION BY clinic_id, episode_id) AS first_run_day
    FROM session_day AS s
    FULL JOIN test_day AS t USING (clinic_id, episode_id, day)
), windowed AS (
  SELECT d.*,
         @extschema@.ewma_acwr(d.day, d.run_km) FILTER (WHERE d.day >= d.first_run_day)
           OVER w_all AS acwr_ewma,
         @extschema@.ewma_loads(d.day, d.run_km) FILTER (WHERE d.day >= d.first_run_day)
           OVER w_all AS ewma_km,
         pg_catalog.sum(d.run_km) OVER w_7 AS km_7d,
         pg_catalog.sum(d.run_km) OVER w_28 AS km_28d,
         pg_catalog.sum(d.run_km) OVER w_8_28 AS km_8_28d,
         pg_catalog.max(d.longest_run_km) OVER w_prev_30 AS longest_run_prev_30d_km,
         pg_catalog.max(d.day) FILTER (WHERE d.sessions > 0) OVER w_before AS previous_session_day
    FROM day_row AS d
  WINDOW w_all AS (PARTITION BY d.clinic_id, d.episode_id ORDER BY d.day),
         w_7 AS (w_all RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW),
         w_28 AS (w_all RANGE BETWEEN '27 days' PRECEDING AND CURRENT ROW),
         w_8_28 AS (w_all RANGE BETWEEN '27 days' PRECEDING AND '7 days' PRECEDING),
         w_prev_30 AS (w_all RANGE BETWEEN '30 days' PRECEDING AND '1 day' PRECEDING),
         w_before AS (w_all RANGE BETWEEN UNBOUNDED PRECEDING AND '1 day' PRECEDING)
), ratios AS (
  SELECT w.*,
         CASE WHEN w.day >= w.first_run_day + 27
              THEN (w.km_7d / 7) / NULLIF(w.km_28d / 28, 0) END AS acwr_rolling,
         CASE WHEN w.day >= w.first_run_day + 27
              THEN (w.km_7d / 7) / NULLIF(COALESCE(w.km_8_28d, 0) / 21, 0) END AS acwr_uncoupled
    FROM windowed AS w
)
SELECT r.clinic_id, r.episode_id, r.day,
       r.sessions::integer AS sessions,
       r.run_km, r.run_min, r.strength_volume_kg,
       r.ewma_km[1] AS ewma_acute_km,
       r.ewma_km[2] AS ewma_chronic_km,
       r.acwr_ewma, r.acwr_rolling, r.acwr_uncoupled,
       GREATEST(r.acwr_ewma, r.acwr_rolling) >= 1.5 AS acwr_spike,
       r.longest_run_km, r.longest_run_prev_30d_km,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km) <> 'none'
         AS single_run_spike,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_grade,
       @extschema@.single_run_spike_hrr(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_hrr,
       r.day - r.previous_session_day AS days_since_previous_session,
       r.day - r.previous_session_day > 7 AS rest_gap,
       r.pain_during_max,
       CASE r.pain_rank WHEN 1 THEN 'safe' WHEN 2 THEN 'acceptable' WHEN 3 THEN 'excessive' END
         AS pain_response,
       CASE WHEN r.pain_rank IS NOT NULL THEN @extschema@.pain_monitor_model() END AS pain_model,
       r.knee_bend_angle_deg, r.knee_bend_pain_free,
       r.pain_rank::integer AS pain_response_rank
  FROM ratios AS r;
COMMENT ON VIEW @extschema@.load_monitoring IS
  'One row per episode and calendar day with a session or a test: daily load (run km, run minutes, strength sets x reps x kg), EWMA ACWR (Williams 2017) and rolling 7/28-day ACWR (Gabbett 2016, BJSM 50:273) and uncoupled ACWR (chronic t-27..t-7, Lolli 2019, BJSM 53:921) on run km, spike flag (>= 1.5, Gabbett 2016), single-run spike graded as in Frandsen 2025 (BJSM 59:1203: > 10-30 % longer than the longest run of the previous 30 days HRR 1.64, > 30-100 % 1.52, > 100 % 2.28; observational, weak evidence), rest gap (> 7 days since the previous session; practitioner guidance: rest beyond 5-7 days deconditions), the pain-monitoring response of the day''s worst session and the model that judged it (Thomee 1997) and whether the small knee bend was pain-free. ACWR is descriptive, not an injury probability (Impellizzeri 2020); in Frandsen 2025''s cohort the ACWR even showed a negative dose-response and the week-to-week ratio none. security_invoker: row-level security on the tables applies.';
COMMENT ON COLUMN @extschema@.load_monitoring.clinic_id IS 'Clinic.';
COMMENT ON COLUMN @extschema@.load_monitoring.episode_id IS 'Episode.';
COMMENT ON COLUMN @extschema@.load_monitoring.day IS 'Calendar day with at least one session or test (a test''s tested_at taken as its UTC date).';
COMMENT ON COLUMN @extschema@.load_monitoring.sessions IS 'Sessions that day (0 on a test-only day).';
COMMENT ON COLUMN @extschema@.load_monitoring.run_km IS 'Run distance that day, km (0 when no run recorded a distance); the load measure of every ACWR column.';
COMMENT ON COLUMN @extschema@.load_monitoring.run_min IS 'Run time that day, minutes, of the runs that recorded a duration (0 when none); runs with a time but no distance do not count in the ACWRs.';
COMMENT ON COLUMN @extschema@.load_monitoring.strength_volume_kg IS 'Strength volume that day: sum of sets x reps x load_kg, kg (0 when none; sessions without load_kg add nothing).';
COMMENT ON COLUMN @extschema@.load_monitoring.ewma_acute_km IS 'Acute EWMA of run km/day (N = 7, lambda = 0.25; Williams 2017), from the first day with a run.';
COMMENT ON COLUMN @extschema@.load_monitoring.ewma_chronic_km IS 'Chronic EWMA of run km/day (N = 28, lambda = 2/29; Williams 2017), from the first day with a run.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_ewma IS 'ewma_acute_km / ewma_chronic_km (Williams 2017); NULL before the first run. Descriptive, not an injury probability (Impellizzeri 2020; Frandsen 2025 found a negative dose-response for ACWR).';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_rolling IS 'Rolling ACWR: mean run km/day over days t-6..t / mean over t-27..t (Gabbett 2016), days without runs counting 0; NULL until 27 days after the first run (a full chronic window) or when the chronic mean is 0.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_uncoupled IS 'Uncoupled ACWR: mean run km/day over t-6..t / mean over t-27..t-7 (21 days; Lolli 2019); NULL until 27 days after the first run or when the chronic mean is 0.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_spike IS 'acwr_ewma or acwr_rolling >= 1.5 (Gabbett 2016 "danger zone"); NULL when both are NULL. Descriptive only: Frandsen 2025 (BJSM 59:1203) found a negative dose-response for ACWR in 5,205 runners.';
COMMENT ON COLUMN @extschema@.load_monitoring.longest_run_km IS 'Longest single run that day, km.';
COMMENT ON COLUMN @extschema@.load_monitoring.longest_run_prev_30d_km IS 'Longest single run in the previous 30 days (t-30..t-1), km; NULL when none.';
COMMENT ON COLUMN @extschema@.load_monitoring.single_run_spike IS 'single_run_spike_grade <> ''none'': a run > 10 % longer than the longest run of the previous 30 days (Frandsen 2025, BJSM 59:1203; weak evidence); NULL when no run that day or none in the previous 30 days.';
COMMENT ON COLUMN @extschema@.load_monitoring.single_run_spike_grade IS 'single_run_spike_grade(longest_run_km, longest_run_prev_30d_km): none, over_10_to_30_pct, over_30_to_100_pct or over_100_pct (Frandsen 2025, BJSM 59:1203; weak evidence); NULL as single_run_spike.';
COMMENT ON COLUMN @extschema@.load_monitoring.single_run_spike_hrr IS 'Hazard rate ratio of the grade (Frandsen 2025): 1, 1.64, 1.52 or 2.28; a description of the run, not an injury probability.';
COMMENT ON COLUMN @extschema@.load_monitoring.days_since_previous_session IS 'Days since the previous day with a session (any kind); NULL before the first.';
COMMENT ON COLUMN @extschema@.load_monitoring.rest_gap IS 'days_since_previous_session > 7 (practitioner guidance: rest beyond 5-7 days deconditions).';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_during_max IS 'Highest pain during any session that day, NRS 0-10.';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_response IS 'Worst pain_monitor verdict of the day''s sessions (pain_during, pain_next_morning, baseline pain_before): safe < acceptable < excessive (Thomee 1997; bands from the settings); NULL when no session recorded pain.';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_model IS 'pain_monitor_model() that judged pain_response: thomee_1997, strict_pain_free (practitioner guidance) or custom (...); NULL when pain_response is NULL.';
COMMENT ON COLUMN @extschema@.load_monitoring.knee_bend_angle_deg IS 'Largest small-knee-bend angle tested that day, degrees.';
COMMENT ON COLUMN @extschema@.load_monitoring.knee_bend_pain_free IS 'Every small knee bend that day had pain <= pain_free_nrs(); NULL when none was tested.';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_response_rank IS 'Order of pain_response for sorting and charts: 1 safe, 2 acceptable, 3 excessive (pain-monitoring model, Thomee 1997); NULL when pain_response is NULL.';
GRANT SELECT ON @extschema@.load_monitoring TO PUBLIC;

-- COMMENTs: sources corrected (Thomee 1997, Frandsen 2025, Boling 2010's midshipmen, quadriceps derivation, pain_free_capacity) and every function, aggregate and view citing a source
COMMENT ON FUNCTION @extschema@.pain_free_nrs() IS
  'Current knee_rehab.pain_free_nrs (default 0): highest NRS pain that counts as pain-free. Practitioner guidance for runner''s knee: run and test pain-free (0), or up to the first sign of pain.';
COMMENT ON FUNCTION @extschema@.knee_bend_target_deg() IS
  'Current knee_rehab.knee_bend_target_deg (default 30): small-knee-bend angle to reach pain-free before running (clinical reference). Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';
COMMENT ON FUNCTION @extschema@.min_cell_size() IS
  'Current knee_rehab.min_cell_size (default 5): cohort cells with fewer episodes are suppressed. No clinical source: a privacy rule (small-cell suppression, 5 is a common threshold in health statistics).';
COMMENT ON TYPE @extschema@.sex IS
  'Sex recorded at intake. Women had 2.23x the PFPS incidence of men among US Naval Academy midshipmen (Boling 2010, Scand J Med Sci Sports 20:725: military trainees, not runners).';
COMMENT ON TYPE @extschema@.load_pain_trend_result IS
  'Result of load_pain_trend: least-squares line pain = intercept + slope x load over n rows; r, r2; two-sided t test of the slope (n - 2 df) and its 95 % CI; pain_free_capacity = load at which the fitted line reaches knee_rehab.pain_free_nrs (practitioner guidance: run to the pain limit; an extrapolation of the fitted line, not a finding of Thomee 1997 or Silbernagel 2007).';
COMMENT ON FUNCTION @extschema@.load_pain_trend_final(float8[]) IS
  'Final function of load_pain_trend: reads PostgreSQL''s float8_regr_accum state [N, Sx, Sxx, Sy, Syy, Sxy] (X = pain, Y = load) as the regression of pain on load. STABLE: reads knee_rehab.pain_free_nrs. No clinical source: final function (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON FUNCTION @extschema@.load_pain_trend_combine(float8[], float8[]) IS
  'Combine function of load_pain_trend: PostgreSQL''s float8_regr_combine (exact merge) for the transposed state, multiplying the cross term in regr_slope(pain, load)''s order so that parallel results equal it bit for bit. No clinical source: combine function (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.load_pain_trend(float8, float8) IS
  'Load versus pain: ordinary least squares of pain on load (pain recorded as in the pain-monitoring model, Thomee 1997); slope, intercept, r, r2 equal regr_slope/regr_intercept/corr/regr_r2(pain, load); slope_p_value (two-sided t, n - 2 df) and 95 % CI (GSL) as R summary(lm(pain ~ load)) / confint(); pain_free_capacity = (pain_free_nrs - intercept) / slope when slope > 0 (0 when the fitted pain is above pain_free_nrs even at load 0), else NULL: the load at which the fitted line reaches the pain-free level, after practitioner guidance (run to the pain limit, the distance or time at which pain starts); an extrapolation of a fitted line, not a published rule, least trustworthy beyond the loads actually run. Rows with a NULL are skipped; no rows: n = 0, rest NULL; all loads equal: slope NULL; n < 3: p-value and CI NULL; NaN/Infinity: ERROR 22003.';
COMMENT ON FUNCTION @extschema@.weekly_trend_accum(float8[], timestamptz, float8) IS
  'Transition function of weekly_trend: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of [N, Sx, Sxx, Sy, Syy, Sxy] with x = weeks, plus the first time (microseconds since 2000-01-01). No clinical source: transition function (the method and its sources are in weekly_trend''s comment).';
COMMENT ON FUNCTION @extschema@.weekly_trend_combine(float8[], float8[]) IS
  'Combine function of weekly_trend: exact merge of two partial states (as PostgreSQL float8_regr_combine), earliest first time. No clinical source: combine function (the method and its sources are in weekly_trend''s comment).';
COMMENT ON FUNCTION @extschema@.weekly_trend_final(float8[]) IS
  'Final function of weekly_trend: slope per week, intercept at the first observation, t-test and 95 % CI of the slope (GSL t distribution). No clinical source: final function (the method and its sources are in weekly_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.load_pain_trend_state(float8, float8) IS
  'The float8[] state of load_pain_trend for a group (regression sums, as float8_regr_accum), for load_pain_trend_merge: two-level aggregation across Citus shards or stored rollups. No clinical source: two-level aggregation support (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.load_pain_trend_merge(float8[]) IS
  'load_pain_trend of the rows behind several load_pain_trend_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.weekly_trend_state(timestamptz, float8) IS
  'The float8[] state of weekly_trend for a group, for weekly_trend_merge (two-level aggregation across Citus shards or stored rollups). No clinical source: two-level aggregation support (the method and its sources are in weekly_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.weekly_trend_merge(float8[]) IS
  'weekly_trend of the rows behind several weekly_trend_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in weekly_trend''s comment).';
COMMENT ON FUNCTION @extschema@.ready_to_run(float8, float8) IS
  'Ready to run: small knee bend (single-leg bend, clinical reference) reaches knee_rehab.knee_bend_target_deg (default 30) with pain_nrs <= knee_rehab.pain_free_nrs (default 0). angle_deg 0-160, pain_nrs 0-10, else ERROR 22003; NULL when either is not recorded. STABLE: reads the settings. Practitioner guidance: do the small knee bend before every run, do not run when it hurts (closest published protocol Rathleff 2022).';
COMMENT ON FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8) IS
  'Transition function of knee_bend_progress: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of the angle and pain regressions on time in weeks, first/last test, best pain-free angle, first ready time. STABLE: reads knee_rehab.pain_free_nrs and knee_bend_target_deg. No clinical source: transition function (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON FUNCTION @extschema@.knee_bend_progress_combine(float8[], float8[]) IS
  'Combine function of knee_bend_progress: exact merge of two partial states (as PostgreSQL float8_regr_combine). No clinical source: combine function (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON FUNCTION @extschema@.knee_bend_progress_final(float8[]) IS
  'Final function of knee_bend_progress: slopes per week with 95 % CIs (GSL t distribution, n - 2 df) and the trend rule. No clinical source: final function (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON AGGREGATE @extschema@.knee_bend_progress(timestamptz, float8, float8) IS
  'Small knee bend progression (clinical reference: bend to knee_rehab.knee_bend_target_deg pain-free before running). trend: insufficient_data when n < 3 or the tests span < 1 week; improving when the angle slope 95 % CI is above 0 or the pain slope CI below 0 and neither is on the worsening side; worsening the mirror; stable otherwise. Rows with a NULL are skipped; no rows: n = 0, rest NULL; angle 0-160, pain 0-10, finite time, else ERROR 22003. Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_state(timestamptz, float8, float8) IS
  'The float8[] state of knee_bend_progress for a group, for knee_bend_progress_merge (two-level aggregation across Citus shards or stored rollups). No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_merge(float8[]) IS
  'knee_bend_progress of the tests behind several knee_bend_progress_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON FUNCTION @extschema@.injuries_valid(@extschema@.knee_injury[]) IS
  'True when a knee-injury history is NULL (not recorded), empty (none), or a one-dimensional array without NULLs or duplicates. No clinical source: input validation of the intake data.';
COMMENT ON COLUMN @extschema@.patient.sex IS 'Sex; female RR 2.23 (Boling 2010, US Naval Academy midshipmen, not runners).';
COMMENT ON COLUMN @extschema@.episode.quad_deficit_pct IS 'Quadriceps strength deficit of the involved side at intake, percent 0-100 (>= 10 %: RR 1.75 derived from Neal 2019; weak evidence).';
COMMENT ON TABLE @extschema@.load_session IS
  'A training session: a run (distance and/or time) or strength work (sets x reps x kg), with pain before, during and the next morning (pain-monitoring model, Thomee 1997).';
COMMENT ON TABLE @extschema@.risk_parameter_default IS
  'Published defaults of the (not validated) PFPS risk model: relative risks, thresholds and tier cut-offs with their evidence and source (clinical reference: Boling 2010 (US Naval Academy midshipmen), Neal 2014/2019, Nielsen 2014, van Poppel 2018, Hespanhol 2013). Seeded by CREATE EXTENSION; do not edit - put clinic changes in risk_parameter.';
COMMENT ON FUNCTION @extschema@.risk_parameter_check() IS
  'Trigger on risk_parameter: refuses a value outside the parameter''s min_value..max_value (22003) and tier cut-offs out of order (22023). No clinical source: data integrity of the clinic''s overrides.';
COMMENT ON VIEW @extschema@.risk_model IS
  'The PFPS risk model in use: every parameter with its value (the clinic''s override, else the published default), default, evidence and source. Not a validated prediction model. Sources per parameter in column source (Boling 2010; van Poppel 2018; Hespanhol 2013; Neal 2014/2019; Nielsen 2014; Kyritsis 2016; practitioner guidance).';
COMMENT ON FUNCTION @extschema@.pfps_risk(@extschema@.sex, float8, float8, @extschema@.knee_injury[], @extschema@.foot_type, float8, float8, float8) IS
  'Transparent PFPS relative risk at intake, NOT a validated prediction model: product of relative risks vs a male runner with no knee injury and a neutral foot - female 2.23 (Boling 2010, in US Naval Academy midshipmen - military trainees, not runners), any prior knee injury 1.7 (van Poppel 2018; Hespanhol 2013; weak), flat foot/overpronation 1.2 (Neal 2014; weak), quadriceps deficit >= 10 % 1.75 (weak: Neal 2019 SMD -0.69, ln OR = SMD x pi/sqrt(3) = OR 3.5 per SD, 10 % deficit = 0.45 SD, 3.5^0.45 = 1.75), weekly distance +30 % 1.59 (Nielsen 2014), BMI >= 30, high arch, PTTD, < 1 strength session/week shown at 1.0 - with the clinic''s overrides from risk_parameter. NULL = not recorded (counts 1.0, lowers completeness). Tiers low < 1.5 <= moderate < 3 <= high. weight_kg 10-400, height_cm 50-250, quad_deficit_pct 0-100, weekly_distance_increase_pct -100 to 1000, strength_sessions_per_week 0-21 (22003); injuries one-dimensional without NULLs (2202E) or duplicates (22023).';
COMMENT ON FUNCTION @extschema@.pfps_risk_score(@extschema@.sex, float8, float8, @extschema@.knee_injury[], @extschema@.foot_type, float8, float8, float8) IS
  'pfps_risk(...).relative_risk alone, for reports over many patients (no jsonb): the same product of relative risks (Boling 2010, midshipmen; van Poppel 2018; Neal 2014/2019; Nielsen 2014) with the clinic''s overrides, the same errors. NOT a validated prediction model.';
COMMENT ON TYPE @extschema@.pain_location IS
  'Where the knee hurts: peripatellar (around the kneecap), retropatellar (behind it), lateral (outer knee), inferior_patellar (below the kneecap), medial (inner side of the kneecap: runners'' "inner knee pain"), other. Around/behind the kneecap, including its medial side, suggests PFPS (Crossley 2016, BJSM 50:839), outer knee iliotibial band syndrome, below the kneecap patellar tendinopathy.';
COMMENT ON TYPE @extschema@.triage_result IS
  'Result of triage: likely_condition (patellofemoral_pain, iliotibial_band_syndrome, patellar_tendinopathy, undetermined, or structural_injury_suspected when any red flag is present), refer (red flag or Ottawa knee rule), xray_indicated (Ottawa knee rule, Stiell 1996, acute knee trauma only), reasons (one per finding that decided, and one for each rule that did not apply), pain_pattern (the condition the pain location and provocation alone suggest; Crossley 2016).';
COMMENT ON FUNCTION @extschema@.ewma_acwr_combine(float8[], float8[]) IS
  'Combine function of ewma_acwr and ewma_loads: merges two partial states over disjoint day ranges exactly (EWMA is linear in the loads; the earlier state decays to the later one''s last day). Overlapping day ranges: ERROR 22023. No clinical source: combine function (the method and its sources are in ewma_acwr''s comment).';
COMMENT ON FUNCTION @extschema@.ewma_acwr_final(float8[]) IS
  'Final function of ewma_acwr: acute EWMA / chronic EWMA at the last day accumulated; NULL for no rows or a chronic EWMA of 0. Reads the state only. No clinical source: final function (the method and its sources are in ewma_acwr''s comment).';
COMMENT ON FUNCTION @extschema@.ewma_loads_final(float8[]) IS
  'Final function of ewma_loads: {acute EWMA, chronic EWMA} at the last day accumulated; NULL for no rows. Reads the state only. No clinical source: final function (the method and its sources are in ewma_loads''s comment).';
COMMENT ON AGGREGATE @extschema@.ewma_acwr(date, float8) IS
  'Exponentially weighted acute:chronic workload ratio (Williams 2017, BJSM 51:209): EWMA_t = lambda*L_t + (1-lambda)*EWMA_(t-1), lambda = 2/(N+1), N = 7 acute and 28 chronic calendar days; days without a row are zero load, several rows on one day add up, both averages start at the first day''s load (as the R package ACWR); NULL while the chronic EWMA is 0. Use as a window aggregate OVER (PARTITION BY episode_id ORDER BY day) or as ewma_acwr(day, load ORDER BY day); rows out of day order: ERROR 22023. Descriptive only, not an injury probability (Impellizzeri 2020); in 5,205 runners the ACWR showed a negative dose-response (Frandsen 2025, BJSM 59:1203).';
COMMENT ON FUNCTION @extschema@.recovery_km_summary(float8[]) IS
  'The recovery_km result (Kaplan-Meier, log-log CI of the median as R survival::survfit) from a recovery_km_state array; a malformed state is ERROR 2202E/22023. Kaplan and Meier 1958 (JASA 53:457).';
COMMENT ON FUNCTION @extschema@.recovery_curve(float8[]) IS
  'Kaplan-Meier steps from a recovery_km_state array, one row per distinct day (as R summary(survfit(...), censored = TRUE)): at_risk, events, censored, survival S(day), 95 % log-log pointwise band (Greenwood variance; NULL where S is 0 or 1, as R). Kaplan and Meier 1958 (JASA 53:457).';


-- ---- citus: risk model tables that Citus can make reference tables (issue 14)
-- risk_parameter loses its trigger and its foreign key to
-- risk_parameter_default (Citus refuses tables with triggers, and the key
-- made create_reference_table convert the tables and the risk_model view);
-- a CHECK through risk_parameter_in_range() keeps the parameter names and
-- ranges (same SQLSTATEs); the tier order is checked when the model is read.
-- A clinic's value must lie within its parameter's range.  A CHECK
-- constraint through an IMMUTABLE function that knows the ranges (the
-- extension's own constants, the same as risk_parameter_default.min_value
-- and max_value, which test/pgtap/risk.sql compares), not a trigger or a
-- foreign key reading risk_parameter_default: Citus refuses to distribute
-- a table with triggers, and a foreign key between the two tables makes
-- create_reference_table convert them and the extension's risk_model view.
-- The order of the tier cut-offs involves two rows: pfps_risk and
-- pfps_risk_score check it when they read the model (22023).
CREATE FUNCTION @extschema@.risk_parameter_in_range(parameter text, value float8)
  RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  lo float8;
  hi float8;
BEGIN
  SELECT r.lo, r.hi INTO lo, hi
    FROM (VALUES ('female', 0.01, 100), ('sex_other', 0.01, 100), ('bmi_high', 0.01, 100),
                 ('prior_knee_injury', 0.01, 100), ('flat_foot', 0.01, 100),
                 ('overpronation', 0.01, 100), ('high_arch', 0.01, 100), ('pttd', 0.01, 100),
                 ('quad_deficit', 0.01, 100), ('weekly_distance_increase', 0.01, 100),
                 ('low_strength_training', 0.01, 100), ('bmi_threshold', 10, 100),
                 ('quad_deficit_threshold_pct', 0.1, 100), ('weekly_distance_threshold_pct', 0.1, 1000),
                 ('strength_sessions_threshold', 0.1, 21), ('tier_moderate_from', 0.01, 1000),
                 ('tier_high_from', 0.01, 1000)) AS r (name, lo, hi)
   WHERE r.name OPERATOR(pg_catalog.=) parameter;
  IF NOT FOUND THEN
    RETURN parameter IS NULL;   -- unknown: the CHECK fails (23514); NULL: NOT NULL reports it
  END IF;
  IF value < lo OR value > hi THEN
    RAISE EXCEPTION 'risk parameter % must be between % and %', parameter, lo, hi
      USING ERRCODE = '22003', DETAIL = format('Got %s.', value),
            HINT = 'Delete the row from knee_rehab.risk_parameter to use the default.';
  END IF;
  RETURN true;
END
$$;
COMMENT ON FUNCTION @extschema@.risk_parameter_in_range(text, float8) IS
  'CHECK of risk_parameter: false for a parameter the PFPS risk model does not have (Boling 2010 in US Naval Academy midshipmen; Neal 2014/2019; Nielsen 2014; van Poppel 2018 - see risk_parameter_default), 22003 naming the range for a value outside the parameter''s min_value..max_value (NaN and Infinity included), else true. Immutable: the ranges are the extension''s constants.';

DROP TRIGGER risk_parameter_check ON @extschema@.risk_parameter;
DROP FUNCTION @extschema@.risk_parameter_check();
ALTER TABLE @extschema@.risk_parameter
  DROP CONSTRAINT risk_parameter_parameter_fkey,
  ADD CONSTRAINT risk_parameter_known_and_in_range
    CHECK (@extschema@.risk_parameter_in_range(parameter, value));
COMMENT ON CONSTRAINT risk_parameter_known_and_in_range ON @extschema@.risk_parameter IS
  'parameter must be one of the model''s parameters (risk_parameter_default) and value within its min_value..max_value (risk_parameter_in_range: 22003 naming the range).';
COMMENT ON TABLE @extschema@.risk_parameter IS
  'The clinic''s overrides of the PFPS risk model''s defaults (risk_parameter_default): a row replaces the default, deleting it restores the default. Values must be finite, > 0 and within the parameter''s min_value..max_value (CHECK); pfps_risk refuses (22023) a model whose tier_moderate_from is not below tier_high_from. Kept by pg_dump. Read by pfps_risk/pfps_risk_score once per statement (under Citus: a reference table, read from the local copy).';


-- ---- compare: issue 17, comparing cohorts: recovery_compare_state / _merge, recovery_logrank, recovery_hazard_ratios, recovery_cox_tests (src/recovery_compare.sql)
-- Comparing time to recovery between cohorts: log-rank test and Cox
-- hazard ratios from a mergeable aggregate state (src/recovery_compare.c).

CREATE TYPE @extschema@.recovery_compare_data AS (
  cohorts text[],
  data    float8[]
);
COMMENT ON TYPE @extschema@.recovery_compare_data IS
  'State of recovery_compare_state: the cohort labels in byte order and a float8[] {1, cohorts g, distinct days k, then per day: day, events and censored of each cohort} - the data of the log-rank test (Mantel 1966) and the Cox model (Cox 1972) as R survival::survdiff / coxph(Surv(days, recovered) ~ cohort). A composite, so it has text and binary I/O for parallel workers and Citus.';

CREATE FUNCTION @extschema@.recovery_compare_accum(state @extschema@.recovery_compare_data,
    days float8, recovered boolean, cohort text)
  RETURNS @extschema@.recovery_compare_data
  AS 'MODULE_PATHNAME', 'kr_recovery_compare_accum'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_compare_accum(@extschema@.recovery_compare_data, float8, boolean, text) IS
  'Transition function of recovery_compare_state: adds one episode to its cohort''s column of the (day x cohort) event/censoring table. days >= 0 and finite, else ERROR 22003; NULL days or recovered: row ignored; NULL cohort counts as ''not recorded''. Kaplan-Meier 1958; Mantel 1966.';

CREATE FUNCTION @extschema@.recovery_compare_combine(a @extschema@.recovery_compare_data,
    b @extschema@.recovery_compare_data)
  RETURNS @extschema@.recovery_compare_data
  AS 'MODULE_PATHNAME', 'kr_recovery_compare_combine'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_compare_combine(@extschema@.recovery_compare_data, @extschema@.recovery_compare_data) IS
  'Combine function of recovery_compare_state / recovery_compare_merge: exact union of two (day x cohort) tables (parallel and Citus aggregation). Mantel 1966; Cox 1972.';

CREATE FUNCTION @extschema@.recovery_compare_state_final(state @extschema@.recovery_compare_data)
  RETURNS @extschema@.recovery_compare_data
  AS 'MODULE_PATHNAME', 'kr_recovery_compare_state_final'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_compare_state_final(@extschema@.recovery_compare_data) IS
  'Final function of recovery_compare_state / recovery_compare_merge: the compact (day x cohort) table; no rows give an empty state. Mantel 1966; Cox 1972.';

CREATE AGGREGATE @extschema@.recovery_compare_state(days float8, recovered boolean, cohort text) (
  SFUNC = @extschema@.recovery_compare_accum,
  STYPE = @extschema@.recovery_compare_data,
  COMBINEFUNC = @extschema@.recovery_compare_combine,
  FINALFUNC = @extschema@.recovery_compare_state_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.recovery_compare_state(float8, boolean, text) IS
  'Time-to-recovery data of several cohorts for recovery_logrank (Mantel-Haenszel log-rank, R survival::survdiff), recovery_hazard_ratios and recovery_cox_tests (Cox 1972, Efron 1977 ties, R survival::coxph). days >= 0 (else ERROR 22003); NULL days or recovered: row ignored; NULL cohort = ''not recorded''; at most 100 cohorts and 200000 cells of distinct days x cohorts (else ERROR 54000).';

-- Two-level aggregation: per-clinic states rolled up into the network's
-- (the cohort views merge their cross-clinic cells this way).
CREATE AGGREGATE @extschema@.recovery_compare_merge(state @extschema@.recovery_compare_data) (
  SFUNC = @extschema@.recovery_compare_combine,
  STYPE = @extschema@.recovery_compare_data,
  COMBINEFUNC = @extschema@.recovery_compare_combine,
  FINALFUNC = @extschema@.recovery_compare_state_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.recovery_compare_merge(@extschema@.recovery_compare_data) IS
  'recovery_compare_state of the episodes behind several recovery_compare_state states (exact merge, e.g. per-clinic states into the network''s), for the log-rank test and Cox model (Mantel 1966; Cox 1972; R survival). A malformed state: ERROR 2202E.';

CREATE FUNCTION @extschema@.recovery_logrank(state @extschema@.recovery_compare_data,
    OUT cohorts int, OUT chisq float8, OUT df int, OUT p_value float8)
  RETURNS record
  AS 'MODULE_PATHNAME', 'kr_recovery_logrank'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_logrank(@extschema@.recovery_compare_data) IS
  'Log-rank test of equal time to recovery across the cohorts (Mantel-Haenszel; Mantel 1966, Peto & Peto 1972), as R survival::survdiff(Surv(days, recovered) ~ cohort) with rho = 0, to 1e-9: chisq over the cohorts with expected recoveries > 0, df = their number - 1. One cohort or no recoveries: chisq 0, df 0, p NULL.';

CREATE FUNCTION @extschema@.recovery_hazard_ratios(state @extschema@.recovery_compare_data,
    reference text DEFAULT NULL,
    OUT cohort text, OUT episodes bigint, OUT recovered bigint, OUT hazard_ratio float8,
    OUT ci_low float8, OUT ci_high float8, OUT p_value float8, OUT note text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'kr_recovery_hazard_ratios'
  LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.recovery_hazard_ratios(@extschema@.recovery_compare_data, text) IS
  'Cox proportional hazards (Cox 1972) with the cohort as one categorical covariate, Efron (1977) ties, Newton-Raphson as R survival::coxph(Surv(days, recovered) ~ cohort, ties = "efron"): per cohort its hazard ratio of recovery against the reference (> 1 = faster recovery), 95 % Wald CI and Wald p; reference = the argument, or the largest cohort with recoveries (ties: first in byte order), HR 1 with NULL CI/p. A cohort without recoveries has an infinite coefficient: NULL figures, a note, and it is left out of the model (coxph''s limit). Observational: confounded by everything but the cohort.';

CREATE FUNCTION @extschema@.recovery_cox_tests(state @extschema@.recovery_compare_data,
    reference text DEFAULT NULL,
    OUT df int, OUT loglik_null float8, OUT loglik float8, OUT lr_chisq float8, OUT lr_p float8,
    OUT wald_chisq float8, OUT wald_p float8, OUT score_chisq float8, OUT score_p float8,
    OUT converged boolean)
  RETURNS record
  AS 'MODULE_PATHNAME', 'kr_recovery_cox_tests'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_cox_tests(@extschema@.recovery_compare_data, text) IS
  'Global tests of the cohort in the Cox model (Cox 1972; Efron 1977 ties) as summary(coxph(...)) of R survival: log partial likelihood at 0 and at the fit, likelihood-ratio ($logtest), Wald ($waldtest) and score ($sctest, at beta = 0) chi-squares with df = cohorts - 1. Wald NULL when a cohort has no recoveries (infinite coefficient); tests NULL with one cohort or no recoveries.';

-- ---- compare: issue 17, funnel plot limits for observed / expected (src/funnel.sql)
-- Funnel-plot control limits for observed / expected (src/funnel.c).

CREATE FUNCTION @extschema@.funnel_limits(expected float8, observed float8 DEFAULT NULL,
    OUT ratio float8, OUT lower_95 float8, OUT upper_95 float8,
    OUT lower_998 float8, OUT upper_998 float8, OUT funnel_position text)
  RETURNS record
  AS 'MODULE_PATHNAME', 'kr_funnel_limits'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_limits(float8, float8) IS
  'Funnel plot (Spiegelhalter 2005, Stat Med 24:1185, appendix A.1.2) for an indirectly standardised ratio O/E around 1: exact Poisson(expected) quantiles with Spiegelhalter''s interpolation, (r_p - alpha) / expected, at 95 % (p = 0.025, 0.975) and 99.8 % (p = 0.001, 0.999); lower limits below 0 are 0. ratio = observed / expected; funnel_position above_99.8 / above_95 / within / below_95 / below_99.8 (strictly outside a limit). expected > 0 and <= 1e8, observed >= 0 (else ERROR 22003); NULL observed: limits only.';


-- ---- numbers: issue 13 item 8 and issue 15 item 7 (finite inputs give
-- possible numbers; malformed states are 2202E; perfect fits do not depend
-- on row order).  load_pain_trend's transition is now the extension's own
-- load_pain_trend_accum (float8_regr_accum's arithmetic and state layout,
-- so 0.2.0 states stored from load_pain_trend_state still merge); the
-- aggregates are replaced in place, so views using them keep working.
CREATE FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_accum'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8) IS
  'Transition function of load_pain_trend(load, pain): PostgreSQL''s float8_regr_accum(state, load, pain) arithmetic (Youngs-Cramer, same bits, same state layout), with NaN/Infinity load or pain refused per row (ERROR 22003 naming it), a sum that overflows named (ERROR 22003), and squared deviations that underflow kept non-zero so the final function reports them (22003) instead of a constant variable. Called directly, the state is checked first (ERROR 2202E) and not modified. No clinical source: transition function (the method and its sources are in load_pain_trend''s comment).';

COMMENT ON FUNCTION @extschema@.load_pain_trend_final(float8[]) IS
  'Final function of load_pain_trend: reads the state [N, Sx, Sxx, Sy, Syy, Sxy] (float8_regr_accum layout, X = pain, Y = load) as the regression of pain on load. slope/intercept/r/r2 use float.c''s formulas (equal to regr_slope/regr_intercept/corr/regr_r2) unless an intermediate product overflows or underflows, then rescaled formulas (sqrt(Sxx) sqrt(Syy), means times slope); r in [-1, 1], r2 in [0, 1]; a residual sum of squares at most 16 n DBL_EPSILON x Syy is a perfect fit (r = +-1, r2 = 1, CI of zero width, p = 0) whatever the row order; a result beyond float8 or sums of squares that underflowed: ERROR 22003 naming it. A state no rows can produce (count not whole, a non-finite element, sums of N = 0/1 rows not 0, a negative sum of squares, Sxy^2 > Sxx Syy beyond rounding): ERROR 2202E naming the element. STABLE: reads knee_rehab.pain_free_nrs. No clinical source: final function (the method and its sources are in load_pain_trend''s comment).';

COMMENT ON FUNCTION @extschema@.load_pain_trend_combine(float8[], float8[]) IS
  'Combine function of load_pain_trend: PostgreSQL''s float8_regr_combine (exact merge) for the transposed state, multiplying the cross term in regr_slope(pain, load)''s order so that parallel results equal it bit for bit. Both states are checked as load_pain_trend_final checks them (ERROR 2202E naming the element); a combined sum beyond float8: ERROR 22003. No clinical source: combine function (the method and its sources are in load_pain_trend''s comment).';

CREATE OR REPLACE AGGREGATE @extschema@.load_pain_trend(load float8, pain float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.load_pain_trend_combine,
  FINALFUNC = @extschema@.load_pain_trend_final,
  PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.load_pain_trend(float8, float8) IS
  'Load versus pain: ordinary least squares of pain on load (pain recorded as in the pain-monitoring model, Thomee 1997); slope, intercept, r, r2 equal regr_slope/regr_intercept/corr/regr_r2(pain, load); slope_p_value (two-sided t, n - 2 df) and 95 % CI (GSL) as R summary(lm(pain ~ load)) / confint(); pain_free_capacity = (pain_free_nrs - intercept) / slope when slope > 0 (0 when the fitted pain is above pain_free_nrs even at load 0), else NULL: the load at which the fitted line reaches the pain-free level, after practitioner guidance (run to the pain limit, the distance or time at which pain starts); an extrapolation of a fitted line, not a published rule, least trustworthy beyond the loads actually run. Rows with a NULL are skipped; no rows: n = 0, rest NULL; all loads equal: slope NULL; n < 3: p-value and CI NULL; where regr_* overflow, rescaled formulas give the right value (r in [-1, 1], r2 in [0, 1]); a residual sum of squares at most 16 n DBL_EPSILON x the pain sum of squares is a perfect fit (r = +-1, r2 = 1, CI of zero width, p = 0), the same for every row order and parallel plan; NaN/Infinity, sums or results beyond float8, values differing too little to square (about 1e-146): ERROR 22003 naming what.';

CREATE OR REPLACE AGGREGATE @extschema@.load_pain_trend_state(load float8, pain float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.load_pain_trend_combine,
  PARALLEL = SAFE);

COMMENT ON FUNCTION @extschema@.weekly_trend_accum(float8[], timestamptz, float8) IS
  'Transition function of weekly_trend: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of [N, Sx, Sxx, Sy, Syy, Sxy] with x = weeks, plus the first time (microseconds since 2000-01-01). A sum beyond float8: ERROR 22003 naming it. Called directly, the state is checked as weekly_trend_final checks it (ERROR 2202E) and not modified. No clinical source: transition function (the method and its sources are in weekly_trend''s comment).';

COMMENT ON FUNCTION @extschema@.weekly_trend_combine(float8[], float8[]) IS
  'Combine function of weekly_trend: exact merge of two partial states (as PostgreSQL float8_regr_combine), earliest first time. Both states are checked as weekly_trend_final checks them (ERROR 2202E naming the element). No clinical source: combine function (the method and its sources are in weekly_trend''s comment).';

COMMENT ON FUNCTION @extschema@.weekly_trend_final(float8[]) IS
  'Final function of weekly_trend: slope per week, intercept at the first observation, t-test and 95 % CI of the slope (GSL t distribution); a residual sum of squares at most 16 n DBL_EPSILON x Syy is a perfect fit (CI of zero width, p = 0) whatever the row order; a result beyond float8: ERROR 22003. A state no rows can produce (count not whole, a non-finite element, sums of N = 0/1 rows not 0, a negative sum of squares, Sxy^2 > Sxx Syy beyond rounding, a first time outside 1715-2285 or after the mean time): ERROR 2202E naming the element. No clinical source: final function (the method and its sources are in weekly_trend''s comment).';

COMMENT ON AGGREGATE @extschema@.weekly_trend(timestamptz, float8) IS
  'Trend of any measure over time (pain-free run minutes, pain-onset distance, e1RM, AKPS): the pain-free limit should grow week on week (clinical reference, practitioner guidance). Ordinary least squares of value on time in weeks: slope_per_week, intercept (fitted value at the first observation), 95 % CI and two-sided t-test p-value (n - 2 df) as R lm()/confint(); a perfect fit (residual sum of squares at most 16 n DBL_EPSILON x Syy) has a CI of zero width and p = 0 for every row order. Rows with a NULL are skipped; no rows: n = 0, rest NULL; one time only: slope NULL; n < 3: CI and p NULL; NaN/Infinity value, infinite time, sums or results beyond float8: ERROR 22003.';

COMMENT ON FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8) IS
  'Transition function of knee_bend_progress: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of the angle and pain regressions on time in weeks, first/last test, best pain-free angle, first ready time. STABLE: reads knee_rehab.pain_free_nrs and knee_bend_target_deg. A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order. No clinical source: transition function (the method and its sources are in knee_bend_progress''s comment).';

COMMENT ON FUNCTION @extschema@.knee_bend_progress_combine(float8[], float8[]) IS
  'Combine function of knee_bend_progress: exact merge of two partial states (as PostgreSQL float8_regr_combine). A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order. No clinical source: combine function (the method and its sources are in knee_bend_progress''s comment).';

COMMENT ON FUNCTION @extschema@.knee_bend_progress_final(float8[]) IS
  'Final function of knee_bend_progress: slopes per week with 95 % CIs (GSL t distribution, n - 2 df) and the trend rule. A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order. No clinical source: final function (the method and its sources are in knee_bend_progress''s comment).';

COMMENT ON FUNCTION @extschema@.recovery_km_accum(float8[], float8, boolean) IS
  'Transition function of recovery_km / recovery_km_state: adds one episode to the sorted (time, events, censored) list. days >= 0 and finite, else ERROR 22003; NULL days or recovered: row ignored. Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_km_combine(float8[], float8[]) IS
  'Combine function of recovery_km / recovery_km_state: merges two sorted (time, events, censored) lists exactly (parallel and Citus aggregation). Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_km_final(float8[]) IS
  'Final function of recovery_km (Kaplan-Meier 1958; Greenwood variance; log-log CI of the median, Brookmeyer-Crowley 1982, as R survival::survfit). A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_km_state_final(float8[]) IS
  'Final function of recovery_km_state: the compact (time, events, censored) list. Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_curve(float8[]) IS
  'Kaplan-Meier steps from a recovery_km_state array, one row per distinct day (as R summary(survfit(...), censored = TRUE)): at_risk, events, censored, survival S(day), 95 % log-log pointwise band (Greenwood variance; NULL where S is 0 or 1, as R). A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element. Kaplan and Meier 1958 (JASA 53:457).';

COMMENT ON FUNCTION @extschema@.ewma_acwr_accum(float8[], date, float8) IS
  'Transition function of ewma_acwr and ewma_loads: adds one (day, load) row to the float8[8] state {rows, first day, last day, first-day load, acute weight, chronic weight, acute tail, chronic tail}. Days must not go backwards (ERROR 22023); load >= 0 and finite (ERROR 22003). EWMA after Williams 2017 (BJSM 51:209). A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.ewma_acwr_combine(float8[], float8[]) IS
  'Combine function of ewma_acwr and ewma_loads: merges two partial states over disjoint day ranges exactly (EWMA is linear in the loads; the earlier state decays to the later one''s last day). Overlapping day ranges: ERROR 22023. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element. No clinical source: combine function (the method and its sources are in ewma_acwr''s comment).';

COMMENT ON FUNCTION @extschema@.ewma_acwr_final(float8[]) IS
  'Final function of ewma_acwr: acute EWMA / chronic EWMA at the last day accumulated; NULL for no rows or a chronic EWMA of 0. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element. No clinical source: final function (the method and its sources are in ewma_acwr''s comment).';

COMMENT ON FUNCTION @extschema@.ewma_loads_final(float8[]) IS
  'Final function of ewma_loads: {acute EWMA, chronic EWMA} at the last day accumulated; NULL for no rows. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element. No clinical source: final function (the method and its sources are in ewma_loads''s comment).';

COMMENT ON FUNCTION @extschema@.recovery_km_summary(float8[]) IS
  'The recovery_km result (Kaplan-Meier, log-log CI of the median as R survival::survfit) from a recovery_km_state array; a malformed state is ERROR 2202E naming the element (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53). Kaplan and Meier 1958 (JASA 53:457).';

-- ---- clients: issue 19 reporting views flat (design section 8): episode_outcome(_all)
-- side, sex, foot and risk_tier as text, risk_tier_rank added, risk_factors moved to the
-- new long-format view episode_risk_factor; cohort_recovery akps_responders_pct (percent)
-- replaced by akps_responder_share (0-1, like recovered_by_6wk); every view column
-- commented (cohort_recovery_state, risk_model); load_monitoring.pain_response_rank;
-- ewma_acute_chronic (ewma_loads with named fields); triage_reasons (one reason per row).
-- The outcome views themselves are created from the current src/outcome_views.sql by
-- the issue 13 section above; here load_monitoring, src/risk.sql (comments) and
-- src/reporting.sql.
CREATE OR REPLACE VIEW @extschema@.load_monitoring WITH (security_invoker = true) AS
WITH setting AS MATERIALIZED (
  -- The session's settings, read once where the query starts.  Under Citus
  -- this is a subplan run on the coordinator (the reference to a catalog
  -- table keeps even a one-clinic query from being sent whole to a worker,
  -- whose session has its own settings); the shards receive the values.
  SELECT @extschema@.pain_free_nrs() AS pain_free_nrs
    FROM pg_catalog.pg_extension AS x
   WHERE x.extname = 'knee_rehab'
), day_source AS (
  -- The day's sessions and tests in one stream, grouped once below: a
  -- FULL JOIN of the two per-day tables would merge their clinic_id, which
  -- Citus does not recognise as the distribution column in the windows'
  -- PARTITION BY, and would pull every day row to the coordinator.
  SELECT s.clinic_id, s.episode_id, s.session_date AS day, true AS is_session,
         s.kind, s.distance_km, s.duration_min, s.sets * s.reps * s.load_kg AS strength_kg,
         s.pain_during,
         CASE @extschema@.pain_monitor(s.pain_during, s.pain_next_morning, s.pain_before)
           WHEN 'safe' THEN 1 WHEN 'acceptable' THEN 2 WHEN 'excessive' THEN 3 END AS pain_rank,
         NULL::@extschema@.provocation_test AS test, NULL::float8 AS angle_deg, NULL::boolean AS pain_free
    FROM @extschema@.load_session AS s
  UNION ALL
  -- tested_at is a timestamptz: its calendar day is taken in UTC, so the
  -- rows never depend on the session's TimeZone.
  SELECT t.clinic_id, t.episode_id, (t.tested_at AT TIME ZONE 'UTC')::date, false,
         NULL, NULL, NULL, NULL, NULL, NULL,
         t.test, t.angle_deg, t.pain_nrs <= st.pain_free_nrs
    FROM @extschema@.knee_test AS t
   CROSS JOIN setting AS st
), day_row AS (
  SELECT g.*,
         pg_catalog.min(g.day) FILTER (WHERE g.run_km > 0)
           OVER (PARTITION BY g.clinic_id, g.episode_id) AS first_run_day
    FROM (SELECT u.clinic_id, u.episode_id, u.day,
                 pg_catalog.count(*) FILTER (WHERE u.is_session) AS sessions,
                 COALESCE(pg_catalog.sum(u.distance_km) FILTER (WHERE u.kind = 'run'), 0) AS run_km,
                 COALESCE(pg_catalog.sum(u.duration_min) FILTER (WHERE u.kind = 'run'), 0) AS run_min,
                 COALESCE(pg_catalog.sum(u.strength_kg) FILTER (WHERE u.kind = 'strength'), 0)
                   AS strength_volume_kg,
                 pg_catalog.max(u.distance_km) FILTER (WHERE u.kind = 'run') AS longest_run_km,
                 pg_catalog.max(u.pain_during) AS pain_during_max,
                 pg_catalog.max(u.pain_rank) AS pain_rank,
                 pg_catalog.max(u.angle_deg) FILTER (WHERE u.test = 'small_knee_bend') AS knee_bend_angle_deg,
                 pg_catalog.bool_and(u.pain_free) FILTER (WHERE u.test = 'small_knee_bend')
                   AS knee_bend_pain_free
            FROM day_source AS u
           GROUP BY u.clinic_id, u.episode_id, u.day) AS g
), windowed AS (
  SELECT d.*,
         @extschema@.ewma_acwr(d.day, d.run_km) FILTER (WHERE d.day >= d.first_run_day)
           OVER w_all AS acwr_ewma,
         @extschema@.ewma_loads(d.day, d.run_km) FILTER (WHERE d.day >= d.first_run_day)
           OVER w_all AS ewma_km,
         pg_catalog.sum(d.run_km) OVER w_7 AS km_7d,
         pg_catalog.sum(d.run_km) OVER w_28 AS km_28d,
         pg_catalog.sum(d.run_km) OVER w_8_28 AS km_8_28d,
         pg_catalog.max(d.longest_run_km) OVER w_prev_30 AS longest_run_prev_30d_km,
         pg_catalog.max(d.day) FILTER (WHERE d.sessions > 0) OVER w_before AS previous_session_day
    FROM day_row AS d
  WINDOW w_all AS (PARTITION BY d.clinic_id, d.episode_id ORDER BY d.day),
         w_7 AS (w_all RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW),
         w_28 AS (w_all RANGE BETWEEN '27 days' PRECEDING AND CURRENT ROW),
         w_8_28 AS (w_all RANGE BETWEEN '27 days' PRECEDING AND '7 days' PRECEDING),
         w_prev_30 AS (w_all RANGE BETWEEN '30 days' PRECEDING AND '1 day' PRECEDING),
         w_before AS (w_all RANGE BETWEEN UNBOUNDED PRECEDING AND '1 day' PRECEDING)
), ratios AS (
  SELECT w.*,
         CASE WHEN w.day >= w.first_run_day + 27
              THEN (w.km_7d / 7) / NULLIF(w.km_28d / 28, 0) END AS acwr_rolling,
         CASE WHEN w.day >= w.first_run_day + 27
              THEN (w.km_7d / 7) / NULLIF(COALESCE(w.km_8_28d, 0) / 21, 0) END AS acwr_uncoupled
    FROM windowed AS w
)
SELECT r.clinic_id, r.episode_id, r.day,
       r.sessions::integer AS sessions,
       r.run_km, r.run_min, r.strength_volume_kg,
       r.ewma_km[1] AS ewma_acute_km,
       r.ewma_km[2] AS ewma_chronic_km,
       r.acwr_ewma, r.acwr_rolling, r.acwr_uncoupled,
       GREATEST(r.acwr_ewma, r.acwr_rolling) >= 1.5 AS acwr_spike,
       r.longest_run_km, r.longest_run_prev_30d_km,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km) <> 'none'
         AS single_run_spike,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_grade,
       @extschema@.single_run_spike_hrr(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_hrr,
       r.day - r.previous_session_day AS days_since_previous_session,
       r.day - r.previous_session_day > 7 AS rest_gap,
       r.pain_during_max,
       CASE r.pain_rank WHEN 1 THEN 'safe' WHEN 2 THEN 'acceptable' WHEN 3 THEN 'excessive' END
         AS pain_response,
       CASE WHEN r.pain_rank IS NOT NULL THEN @extschema@.pain_monitor_model() END AS pain_model,
       r.knee_bend_angle_deg, r.knee_bend_pain_free,
       r.pain_rank::integer AS pain_response_rank
  FROM ratios AS r;
COMMENT ON COLUMN @extschema@.load_monitoring.pain_response_rank IS 'Order of pain_response for sorting and charts: 1 safe, 2 acceptable, 3 excessive (pain-monitoring model, Thomee 1997); NULL when pain_response is NULL.';

COMMENT ON COLUMN @extschema@.risk_model.parameter IS 'Parameter name (risk_parameter_default.parameter).';
COMMENT ON COLUMN @extschema@.risk_model.kind IS 'relative_risk (a factor''s multiplier), threshold (when a measured factor counts) or tier_cutoff (lowest relative risk of a tier).';
COMMENT ON COLUMN @extschema@.risk_model.value IS 'Value in use: the clinic''s override (risk_parameter) when there is one, else the published default.';
COMMENT ON COLUMN @extschema@.risk_model.default_value IS 'Published default (risk_parameter_default.value; source in column source).';
COMMENT ON COLUMN @extschema@.risk_model.clinic_override IS 'True when the clinic set its own value in risk_parameter.';
COMMENT ON COLUMN @extschema@.risk_model.clinic_note IS 'The clinic''s note on its override (NULL without one).';
COMMENT ON COLUMN @extschema@.risk_model.meaning IS 'What the parameter means and when the factor counts.';
COMMENT ON COLUMN @extschema@.risk_model.evidence IS 'Strength of the evidence (weak = keep configurable).';
COMMENT ON COLUMN @extschema@.risk_model.source IS 'Published source of the default (Boling 2010; van Poppel 2018; Hespanhol 2013; Neal 2014/2019; Nielsen 2014; Kyritsis 2016; practitioner guidance).';

-- ---------------------------------------------------------------- episode_risk_factor

CREATE VIEW @extschema@.episode_risk_factor WITH (security_invoker = true) AS
SELECT e.clinic_id, e.episode_id, f.key AS factor,
       CASE pg_catalog.jsonb_typeof(f.value -> 'value')
         WHEN 'null' THEN NULL
         WHEN 'array' THEN pg_catalog.array_to_string(
                             ARRAY(SELECT a.elem
                                     FROM pg_catalog.jsonb_array_elements_text(f.value -> 'value')
                                          WITH ORDINALITY AS a (elem, n)
                                    ORDER BY a.n), ',')
         ELSE f.value ->> 'value'
       END AS value,
       (f.value ->> 'recorded')::boolean AS recorded,
       (f.value ->> 'counted')::boolean AS counted,
       (f.value ->> 'relative_risk')::float8 AS relative_risk,
       NULLIF(f.value ->> 'source', '') AS source
  FROM @extschema@.episode AS e
  JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
 CROSS JOIN LATERAL @extschema@.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                                         e.quad_deficit_pct, e.weekly_distance_increase_pct,
                                         e.strength_sessions_per_week) AS r
 CROSS JOIN LATERAL pg_catalog.jsonb_each(r.factors) AS f;
COMMENT ON VIEW @extschema@.episode_risk_factor IS
  'The PFPS risk factors behind episode_outcome.risk_tier in long format for reporting tools: one row per episode and factor of pfps_risk(...).factors (sex, bmi, knee_injury_history, foot_type, quad_deficit, weekly_distance_increase, strength_training), scalar columns only (Boling 2010 in US Naval Academy midshipmen; van Poppel 2018; Hespanhol 2013; Neal 2014/2019; Nielsen 2014; not a validated prediction model). The episode-level product is episode_outcome.relative_risk. security_invoker: row-level security on the tables applies, as for episode_outcome.';
COMMENT ON COLUMN @extschema@.episode_risk_factor.clinic_id IS 'Clinic of the episode (with episode_id, its identity; the clinic-access key).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.episode_id IS 'Episode id, unique within its clinic (join episode_outcome on clinic_id and episode_id).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.factor IS 'Risk factor name, a key of pfps_risk(...).factors (sex, bmi, knee_injury_history, foot_type, quad_deficit, weekly_distance_increase, strength_training).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.value IS 'The recorded value as text: the sex or foot type, a number (BMI kg/m2, quadriceps deficit %, weekly distance increase %, strength sessions per week), or the prior injuries comma-separated; NULL when not recorded.';
COMMENT ON COLUMN @extschema@.episode_risk_factor.recorded IS 'True when the factor was recorded (an unrecorded factor counts 1.0 and lowers risk_completeness).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.counted IS 'True when the factor raised the relative risk (its rule met, e.g. female, quadriceps deficit >= 10 %).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.relative_risk IS 'The factor''s relative risk in the product (1.0 when not counted), with the clinic''s risk_parameter override (e.g. female 2.23, Boling 2010; prior injury 1.7, van Poppel 2018; weekly distance +30 % 1.59, Nielsen 2014).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.source IS 'Published source of the factor''s weight (risk_model.source); NULL for a factor without a weight parameter.';
GRANT SELECT ON @extschema@.episode_risk_factor TO PUBLIC;

-- ---------------------------------------------------------------- ewma_acute_chronic

CREATE TYPE @extschema@.ewma_acute_chronic_result AS (
  acute float8,
  chronic float8);
COMMENT ON TYPE @extschema@.ewma_acute_chronic_result IS
  'Result of ewma_acute_chronic: the acute (N = 7) and chronic (N = 28) EWMA of the load per day (Williams 2017, BJSM 51:209).';

CREATE FUNCTION @extschema@.ewma_acute_chronic_final(state float8[])
  RETURNS @extschema@.ewma_acute_chronic_result
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN l.v IS NULL THEN NULL
              ELSE CAST(ROW(l.v[1], l.v[2]) AS @extschema@.ewma_acute_chronic_result) END
    FROM (SELECT @extschema@.ewma_loads_final(state) AS v) AS l;
END;
COMMENT ON FUNCTION @extschema@.ewma_acute_chronic_final(float8[]) IS
  'Final function of ewma_acute_chronic: ewma_loads_final''s {acute, chronic} as named fields; NULL for no rows; the same state checks (ERROR 2202E). No clinical source: final function (the method and its sources are in ewma_acute_chronic''s comment).';

CREATE AGGREGATE @extschema@.ewma_acute_chronic(day date, load float8) (
  SFUNC = @extschema@.ewma_acwr_accum,
  STYPE = float8[],
  FINALFUNC = @extschema@.ewma_acute_chronic_final,
  COMBINEFUNC = @extschema@.ewma_acwr_combine,
  INITCOND = '{0,0,0,0,0,0,0,0}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ewma_acute_chronic(date, float8) IS
  'ewma_loads with named fields for reporting tools: (acute, chronic) EWMA of the load per day, N = 7 and 28 (Williams 2017, BJSM 51:209); same rules, ordering and window use as ewma_acwr. Flat in a query: SELECT (ewma_acute_chronic(day, load ORDER BY day)).* or, as a window, (ewma_acute_chronic(day, load) OVER w).acute.';

-- ---------------------------------------------------------------- triage_reasons

CREATE FUNCTION @extschema@.triage_reasons(result @extschema@.triage_result)
  RETURNS TABLE (reason_no integer, reason text)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 6
BEGIN ATOMIC
  SELECT CAST(u.n AS integer), u.reason
    FROM pg_catalog.unnest((triage_reasons.result).reasons) WITH ORDINALITY AS u (reason, n)
   ORDER BY u.n;
END;
COMMENT ON FUNCTION @extschema@.triage_reasons(@extschema@.triage_result) IS
  'triage(...).reasons one per row for reporting tools: reason_no (1, 2, ... in triage''s order) and reason. Use as CROSS JOIN LATERAL triage_reasons(triage(...)). The reasons follow triage''s rules (red flags; Ottawa knee rule, Stiell 1996; Crossley 2016).';

-- ---- benchmark: issue 17, cohort_comparison_state, cohort_comparison and clinic_benchmark (src/cohort_comparison.sql, verbatim)
-- Comparing cohorts and benchmarking clinics (issue 17): the log-rank test
-- and Cox hazard ratios per dimension (cohort_comparison), and risk-adjusted
-- observed / expected recovery by 12 weeks per clinic with funnel limits
-- (clinic_benchmark).  Clinical reference, "Comparing cohorts and clinics".
--
-- Both views are aggregate-only like cohort_recovery: they run with their
-- owner's rights (no table privilege needed), show only the clinics the
-- caller may see (visible_clinics('aggregates')), suppress small cells and
-- are security_barrier.  They read episode_outcome_all through its flat
-- columns only (clinic_id, risk_tier, sex, foot, prior_injury,
-- symptom_duration, recovered, days_to_event; enums cast to text).
--
-- Suppression is the same as cohort_recovery's (the same cells, the same
-- lines, suppress_cells): a cell hidden there is hidden here, so no count
-- shown here undoes a suppression there by subtraction.

-- ---------------------------------------------------------------- cohort_comparison_state

-- Building block (not granted to PUBLIC): the cells of cohort_recovery_state
-- (per visible clinic and across them; per dimension and cohort, plus each
-- group's total) with their episode and recovery counts, a
-- recovery_compare_state of the cell's episodes labelled with its cohort,
-- and the suppression flag.
CREATE VIEW @extschema@.cohort_comparison_state WITH (security_barrier = true) AS
WITH vis AS (
  -- The clinics the caller may see, and those whose rows it can read (a
  -- NULL element, every clinic, is left out of the latter: such a reader
  -- reads every row anyway).  As cohort_recovery_state.
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
eo AS (
  SELECT o.clinic_id,
         o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration::text AS symptom_duration, o.recovered, o.days_to_event
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
dims AS (
  -- One row per episode and dimension (the recovery_compare_state label
  -- must be the cell's own cohort: aggregate inputs are not nulled by
  -- GROUPING SETS).
  SELECT eo.clinic_id, d.dimension, COALESCE(d.value, 'not recorded') AS cohort,
         eo.recovered, eo.days_to_event
    FROM eo
   CROSS JOIN LATERAL (VALUES ('risk_tier', eo.risk_tier), ('sex', eo.sex), ('foot_type', eo.foot),
                              ('prior_injury', eo.prior_injury),
                              ('symptom_duration', eo.symptom_duration)) AS d (dimension, value)
),
cells AS (
  -- Per clinic and across the clinics: every dimension's cohorts, and the
  -- whole set (dimension NULL) - the cells of cohort_recovery_state.
  SELECT GROUPING(x.clinic_id) = 1 AS all_clinics, x.clinic_id, x.dimension, x.cohort,
         pg_catalog.count(*) AS episodes,
         pg_catalog.count(*) FILTER (WHERE x.recovered) AS recovered,
         @extschema@.recovery_compare_state(x.days_to_event, x.recovered, x.cohort) AS cmp_state
    FROM dims AS x
   GROUP BY GROUPING SETS ((x.clinic_id, x.dimension, x.cohort), (x.dimension, x.cohort))
  UNION ALL
  SELECT GROUPING(eo.clinic_id) = 1, eo.clinic_id, NULL::text, 'all'::text,
         pg_catalog.count(*),
         pg_catalog.count(*) FILTER (WHERE eo.recovered),
         NULL::@extschema@.recovery_compare_data
    FROM eo
   GROUP BY GROUPING SETS ((eo.clinic_id), ())
),
numbered AS (
  -- known: a cell of a clinic whose rows the caller can read (it counts
  -- them itself), so no protection: it is left out of every line, and a
  -- line's other cells are suppressed as if it were published.
  SELECT c.*, pg_catalog.row_number() OVER (ORDER BY c.all_clinics, c.clinic_id, c.dimension NULLS FIRST, c.cohort)::integer AS cell,
         (NOT c.all_clinics AND c.clinic_id = ANY (vis.row_clinics)) AS known
    FROM cells AS c, vis
),
members AS (
  -- Row lines: a group's cohorts of one dimension add up to its total.
  SELECT 'r' || n.all_clinics::text || '|' || COALESCE(n.clinic_id, '') || '|' || n.dimension AS line,
         n.cell, false AS is_total
    FROM numbered AS n WHERE n.dimension IS NOT NULL AND NOT n.known
  UNION ALL
  SELECT 'r' || t.all_clinics::text || '|' || COALESCE(t.clinic_id, '') || '|' || d.dimension, t.cell, true
    FROM numbered AS t
   CROSS JOIN (SELECT DISTINCT n.dimension FROM numbered AS n WHERE n.dimension IS NOT NULL) AS d
   WHERE t.dimension IS NULL AND NOT t.known
  UNION ALL
  -- Column lines: a cohort (or the total) over the clinics adds up to the
  -- cross-clinic cell.
  SELECT 'c|' || COALESCE(n.dimension, '') || '|' || CASE WHEN n.dimension IS NULL THEN 'all' ELSE n.cohort END,
         n.cell, n.all_clinics
    FROM numbered AS n WHERE NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT @extschema@.suppress_cells(
                   (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
                   pg_catalog.array_agg(mm.dense_rank_line ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.cell ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.is_total ORDER BY mm.line, mm.cell),
                   @extschema@.min_cell_size()) AS sup
            FROM (SELECT m.*, pg_catalog.dense_rank() OVER (ORDER BY m.line)::integer AS dense_rank_line
                    FROM members AS m) AS mm) AS s
   CROSS JOIN LATERAL pg_catalog.unnest(s.sup) WITH ORDINALITY AS f (suppressed, cell)
)
SELECT n.clinic_id, n.all_clinics, n.dimension, n.cohort,
       n.dimension IS NULL AS is_total, f.suppressed,
       n.episodes, n.recovered, n.cmp_state
  FROM numbered AS n
  JOIN flags AS f ON f.cell = n.cell;
COMMENT ON VIEW @extschema@.cohort_comparison_state IS
  'Building block of cohort_comparison and clinic_benchmark (aggregate-only, owner''s rights, not granted to PUBLIC): the cells of cohort_recovery_state - per clinic the caller may see (visible_clinics) and across them (all_clinics), per cohort of risk_tier, sex, foot_type, prior_injury and symptom_duration, and each group''s total (is_total, dimension NULL) - with episodes, recoveries, the recovery_compare_state of the cell (labelled with its cohort) and the same suppression flags as cohort_recovery (suppress_cells, min_cell_size), unsuppressed figures included: never expose it. Log-rank (Mantel 1966) and Cox (Cox 1972) data as R survival.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.clinic_id IS 'The clinic; NULL on the rows across the clinics the caller may see.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.all_clinics IS 'True on the rows pooling every clinic the caller may see.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.cohort IS 'The value within the dimension; ''all'' on the total row; ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.is_total IS 'True on the total row (cohort ''all'').';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.suppressed IS 'True when cohort_recovery suppresses the same cell (suppress_cells over cohorts and clinics).';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.episodes IS 'Episodes in the cell, also when suppressed (internal: never exposed).';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.recovered IS 'Episodes that reached the recovery event (tests definition), also when suppressed (internal).';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.cmp_state IS 'recovery_compare_state input of the cell (days_to_event, recovered, cohort) for recovery_logrank / recovery_hazard_ratios (Mantel 1966; Cox 1972); internal, also when suppressed.';

-- ---------------------------------------------------------------- cohort_comparison

CREATE VIEW @extschema@.cohort_comparison WITH (security_barrier = true) AS
WITH cells AS (
  SELECT s.* FROM @extschema@.cohort_comparison_state AS s WHERE NOT s.is_total
),
groups AS (
  -- One comparison per clinic group and dimension, over its shown cohorts.
  -- Reference: the dimension's natural baseline when it is shown and has
  -- recoveries, else (NULL) the largest shown cohort with recoveries.
  SELECT c.all_clinics, c.clinic_id, c.dimension,
         @extschema@.recovery_compare_merge(c.cmp_state) FILTER (WHERE NOT c.suppressed) AS st,
         pg_catalog.min(c.cohort) FILTER (
           WHERE NOT c.suppressed AND c.recovered > 0
             AND c.cohort = CASE c.dimension WHEN 'risk_tier' THEN 'low' WHEN 'foot_type' THEN 'neutral'
                                             WHEN 'prior_injury' THEN 'no'
                                             WHEN 'symptom_duration' THEN 'up_to_2_months' END) AS preferred
    FROM cells AS c
   GROUP BY c.all_clinics, c.clinic_id, c.dimension
),
tests AS (
  SELECT g.all_clinics, g.clinic_id, g.dimension, lr.cohorts, lr.chisq, lr.df, lr.p_value
    FROM groups AS g
    LEFT JOIN LATERAL @extschema@.recovery_logrank(g.st) AS lr ON true
),
ratios AS (
  SELECT g.all_clinics, g.clinic_id, g.dimension, h.cohort, h.hazard_ratio, h.ci_low, h.ci_high,
         h.p_value, h.note,
         COALESCE(h.note LIKE 'reference%', false) AS is_reference
    FROM groups AS g
   CROSS JOIN LATERAL @extschema@.recovery_hazard_ratios(g.st, g.preferred) AS h
)
SELECT c.clinic_id, c.all_clinics, c.dimension, 'tests'::text AS definition, c.cohort,
       c.suppressed,
       COALESCE(r.is_reference, false) AS is_reference,
       pg_catalog.max(r.cohort) FILTER (WHERE r.is_reference)
         OVER (PARTITION BY c.all_clinics, c.clinic_id, c.dimension) AS reference_cohort,
       CASE WHEN NOT c.suppressed THEN c.episodes END AS episodes,
       CASE WHEN NOT c.suppressed THEN c.recovered END AS recovered,
       r.hazard_ratio, r.ci_low, r.ci_high, r.p_value,
       CASE WHEN c.suppressed THEN 'suppressed (fewer than knee_rehab.min_cell_size episodes, or complementary): left out of the comparison'
            WHEN r.note IS NULL AND NOT (r.ci_low > 0 AND r.ci_high < 'Infinity'::float8)
              THEN 'confidence interval reaches 0 or infinity: monotone likelihood (every recovery of one cohort before or after the other''s), the hazard ratio is not estimable (coxph warns: coefficient may be infinite)'
            ELSE r.note END AS note,
       t.cohorts AS cohorts_compared, t.chisq AS logrank_chisq, t.df AS logrank_df,
       t.p_value AS logrank_p_value
  FROM cells AS c
  JOIN tests AS t
    ON t.all_clinics = c.all_clinics AND t.dimension = c.dimension
   AND COALESCE(t.clinic_id, '') = COALESCE(c.clinic_id, '')
  LEFT JOIN ratios AS r
    ON NOT c.suppressed AND r.all_clinics = c.all_clinics AND r.dimension = c.dimension
   AND COALESCE(r.clinic_id, '') = COALESCE(c.clinic_id, '') AND r.cohort = c.cohort;
COMMENT ON VIEW @extschema@.cohort_comparison IS
  'Is the difference in time to recovery between cohorts real, and how large? Aggregate-only like cohort_recovery (owner''s rights; only the clinics the caller holds access to in clinic_access; no table privilege needed). One row per clinic the caller may see (and across them: all_clinics), dimension (risk_tier, sex, foot_type, prior_injury, symptom_duration) and cohort: the dimension''s log-rank test over its shown cohorts (Mantel-Haenszel; Mantel 1966; as R survival::survdiff, rho = 0), repeated on each of its rows, and the cohort''s hazard ratio of recovery against the reference cohort with 95 % Wald CI and Wald p (Cox 1972 proportional hazards, cohort as one categorical covariate, Efron 1977 ties; as R survival::coxph). Hazard ratio > 1 = faster recovery than the reference. Recovery event: the tests definition (definition column; a readiness surrogate). Cohorts suppressed in cohort_recovery (under knee_rehab.min_cell_size episodes, or complementary suppression) are left out of both the test and the model: suppressed = true, NULL figures. Observational: confounded by everything but the cohort.';
COMMENT ON COLUMN @extschema@.cohort_comparison.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_comparison.all_clinics IS 'True on the rows that pool every clinic the caller may see (one comparison over their episodes, not stratified by clinic); false on per-clinic rows.';
COMMENT ON COLUMN @extschema@.cohort_comparison.dimension IS 'risk_tier (pfps_risk: Boling 2010; van Poppel 2018; Neal 2014/2019), sex, foot_type, prior_injury or symptom_duration (up to / over 2 months at the first visit; Collins 2013).';
COMMENT ON COLUMN @extschema@.cohort_comparison.definition IS 'Recovery event used: ''tests'' (first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg; a readiness surrogate, clinical reference "Recovery"); censored at last contact.';
COMMENT ON COLUMN @extschema@.cohort_comparison.cohort IS 'The value within the dimension; ''not recorded'' for NULLs (its own cohort).';
COMMENT ON COLUMN @extschema@.cohort_comparison.suppressed IS 'True when the cohort is suppressed as in cohort_recovery (fewer than knee_rehab.min_cell_size episodes, or a complementary suppression): left out of the log-rank test and the Cox model, NULL figures. No clinical source: a privacy rule.';
COMMENT ON COLUMN @extschema@.cohort_comparison.is_reference IS 'True on the reference cohort (hazard ratio 1): low for risk_tier, neutral for foot_type, no for prior_injury, up_to_2_months for symptom_duration when shown with recoveries; otherwise (and for sex) the largest shown cohort with recoveries (recovery_hazard_ratios'' default).';
COMMENT ON COLUMN @extschema@.cohort_comparison.reference_cohort IS 'The reference cohort of this clinic group and dimension (see is_reference); NULL when no cohort is shown.';
COMMENT ON COLUMN @extschema@.cohort_comparison.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_comparison.recovered IS 'Episodes that reached the recovery event (tests definition), also when suppressed (internal).';
COMMENT ON COLUMN @extschema@.cohort_comparison.hazard_ratio IS 'Hazard ratio of recovery against reference_cohort, exp(beta) of the Cox model (Cox 1972; Efron 1977 ties; as R survival::coxph(Surv(days, recovered) ~ cohort, ties = "efron")); > 1 = faster recovery. 1 on the reference; NULL when suppressed or when the cohort has no recoveries (see note).';
COMMENT ON COLUMN @extschema@.cohort_comparison.ci_low IS '95 % lower limit of the hazard ratio, exp(beta - 1.96 se) (Wald, as R summary(coxph) lower .95).';
COMMENT ON COLUMN @extschema@.cohort_comparison.ci_high IS '95 % upper limit of the hazard ratio, exp(beta + 1.96 se) (Wald, as R summary(coxph) upper .95).';
COMMENT ON COLUMN @extschema@.cohort_comparison.p_value IS 'Wald p of the cohort''s coefficient (hazard ratio = 1), as R summary(coxph) Pr(>|z|).';
COMMENT ON COLUMN @extschema@.cohort_comparison.note IS 'Why a figure is missing or special: reference, no recoveries (hazard ratio 0, left out of the model, as coxph), not converged, or suppressed; NULL otherwise.';
COMMENT ON COLUMN @extschema@.cohort_comparison.cohorts_compared IS 'Shown cohorts of the dimension in this clinic group (recovery_logrank cohorts).';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_chisq IS 'Log-rank chi-square over the shown cohorts with expected recoveries > 0 (Mantel 1966; as R survival::survdiff, rho = 0); 0 with one cohort or no recoveries.';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_df IS 'Degrees of freedom of the log-rank test: cohorts in the test - 1.';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_p_value IS 'p of the log-rank test (upper chi-square tail; as R survdiff); NULL when df = 0.';
GRANT SELECT ON @extschema@.cohort_comparison TO PUBLIC;

-- ---------------------------------------------------------------- clinic_benchmark

-- Indirect standardisation on the risk tier.  The network reference (each
-- tier's Kaplan-Meier recovered-by-84-days) is computed over every clinic
-- with the owner's rights; the rows are the caller's visible clinics only,
-- suppressed exactly where cohort_recovery suppresses the clinic's total.
CREATE VIEW @extschema@.clinic_benchmark WITH (security_barrier = true) AS
WITH vis AS (
  SELECT @extschema@.visible_clinics('aggregates') AS clinics
),
by_tier AS (
  SELECT o.clinic_id, COALESCE(o.risk_tier::text, 'not recorded') AS tier,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(o.days_to_event, o.recovered) AS km_state
    FROM @extschema@.episode_outcome_all AS o
   GROUP BY o.clinic_id, COALESCE(o.risk_tier::text, 'not recorded')
),
network AS (
  -- The network's tier-specific Kaplan-Meier 1 - S(84 days), every clinic.
  SELECT b.tier, (@extschema@.recovery_km_merge(b.km_state)).recovered_by_12wk AS rate
    FROM by_tier AS b
   GROUP BY b.tier
),
unit AS (
  SELECT b.clinic_id,
         pg_catalog.sum(b.episodes)::bigint AS episodes,
         (@extschema@.recovery_km_merge(b.km_state)).recovered_by_12wk AS rate,
         -- NULL as soon as one tier's network rate is undefined
         CASE WHEN pg_catalog.bool_and(n.rate IS NOT NULL)
              THEN pg_catalog.sum(b.episodes * n.rate) END AS expected
    FROM by_tier AS b
    JOIN network AS n ON n.tier = b.tier, vis
   WHERE b.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
   GROUP BY b.clinic_id
),
shown AS (
  SELECT u.*, s.suppressed
    FROM unit AS u
    JOIN @extschema@.cohort_comparison_state AS s
      ON s.clinic_id = u.clinic_id AND NOT s.all_clinics AND s.is_total
)
SELECT u.clinic_id, 'clinic'::text AS unit, 'tests'::text AS definition, u.suppressed,
       CASE WHEN NOT u.suppressed THEN u.episodes END AS episodes,
       CASE WHEN NOT u.suppressed THEN u.rate END AS recovered_by_12wk,
       CASE WHEN NOT u.suppressed THEN u.episodes * u.rate END AS observed,
       CASE WHEN NOT u.suppressed THEN u.expected END AS expected,
       CASE WHEN NOT u.suppressed THEN u.expected / u.episodes END AS expected_recovered_by_12wk,
       f.ratio AS observed_expected,
       f.lower_95, f.upper_95, f.lower_998, f.upper_998,
       CASE WHEN f.funnel_position IS NOT NULL THEN f.funnel_position
            WHEN u.suppressed THEN NULL
            WHEN u.expected IS NULL THEN 'no expected: a risk tier of the network is not followed to 84 days'
            WHEN u.expected = 0 THEN 'no expected: no recovery by 84 days expected'
            WHEN u.rate IS NULL THEN 'no observed: the clinic''s episodes are not followed to 84 days'
       END AS funnel_position
  FROM shown AS u
  LEFT JOIN LATERAL @extschema@.funnel_limits(u.expected, u.episodes * u.rate) AS f
    ON NOT u.suppressed AND u.expected > 0;
COMMENT ON VIEW @extschema@.clinic_benchmark IS
  'Risk-adjusted benchmark of each clinic the caller may see (aggregate-only like cohort_recovery: owner''s rights, the caller''s clinics from clinic_access; a clinic analyst sees its own row, a registry every row), against the whole network (the reference rates use every clinic, whatever the caller sees). Indirect standardisation on the PFPS risk tier (clinical reference, "Comparing cohorts and clinics"; FOTO-style risk-adjusted outcome reports): observed = episodes x the clinic''s Kaplan-Meier recovered by 84 days (Kaplan 1958; censoring handled as in E), expected = sum over risk tiers of the clinic''s episodes in the tier x the network''s tier-specific Kaplan-Meier recovered by 84 days, observed / expected, and funnel limits for that expected count at 95 % and 99.8 % (funnel_limits: exact Poisson quantiles with Spiegelhalter''s interpolation, Spiegelhalter 2005 Stat Med 24:1185, appendix A.1.2) with the position above / within / below. Recovery event: the tests definition. Per clinic only: episodes record no therapist, so there are no per-therapist rows. Clinics suppressed in cohort_recovery (under knee_rehab.min_cell_size episodes, or complementary) show suppressed = true and NULL figures. Observational: O/E adjusts for the risk tier only.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.clinic_id IS 'The clinic (a unit of the benchmark).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.unit IS '''clinic'': the unit benchmarked. Episodes record no therapist, so no therapist rows exist (clinical reference: clinics or therapists).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.definition IS 'Recovery event used: ''tests'' (all three provocation tests pain-free and the small knee bend at knee_bend_target_deg; a readiness surrogate, clinical reference "Recovery"); censored at last contact.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.suppressed IS 'True when the clinic''s total is suppressed in cohort_recovery (fewer than knee_rehab.min_cell_size episodes, or complementary suppression across clinics): NULL figures. No clinical source: a privacy rule.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.episodes IS 'Episodes of the clinic (its size in the funnel).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.recovered_by_12wk IS 'The clinic''s Kaplan-Meier 1 - S(84 days) over all its episodes (Kaplan 1958; as recovery_km recovered_by_12wk), a fraction 0-1; NULL when follow-up ends before day 84.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.observed IS 'O = episodes x recovered_by_12wk: the recoveries by 12 weeks the clinic''s Kaplan-Meier estimates with full follow-up (not the raw count, which would treat episodes censored before day 84 as not recovered while E does not).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.expected IS 'E = sum over risk tiers of (the clinic''s episodes in the tier x the network''s Kaplan-Meier recovered by 84 days in that tier, every clinic): indirect standardisation on the PFPS risk tier (clinical reference; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.expected_recovered_by_12wk IS 'E / episodes: the share recovered by 12 weeks the network would reach with this clinic''s risk-tier mix, 0-1.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.observed_expected IS 'O / E: > 1 = more recoveries by 12 weeks than the network with the same risk-tier mix (better), < 1 = fewer (funnel_limits ratio).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.lower_95 IS '95 % lower funnel limit of O/E for this E (funnel_limits: exact Poisson(E) 2.5 % quantile with Spiegelhalter 2005 interpolation, / E).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.upper_95 IS '95 % upper funnel limit of O/E for this E (Poisson(E) 97.5 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.lower_998 IS '99.8 % lower funnel limit of O/E for this E (Poisson(E) 0.1 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.upper_998 IS '99.8 % upper funnel limit of O/E for this E (Poisson(E) 99.9 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.funnel_position IS 'above_99.8 / above_95 / within / below_95 / below_99.8 (strictly outside a limit; funnel_limits, Spiegelhalter 2005), or why there is none (no expected, no observed); NULL when suppressed.';
GRANT SELECT ON @extschema@.clinic_benchmark TO PUBLIC;

-- ---- worklist: issue 16 records: new episode columns (working diagnosis, therapist,
-- discharge reason, usual run distance and frequency), load_session pain onset time
-- and pain-free runs (src/data_model.sql), and the home program, gait, equipment and
-- side-to-side tables with their clinic_rows policies (src/interventions.sql, verbatim).
ALTER TABLE @extschema@.episode
  ADD COLUMN working_diagnosis text,
  ADD COLUMN therapist text,
  ADD COLUMN discharge_reason text,
  ADD COLUMN usual_run_km float8,
  ADD COLUMN usual_runs_per_week float8,
  ADD CONSTRAINT episode_working_diagnosis_known
    CHECK (working_diagnosis IN ('patellofemoral_pain', 'iliotibial_band_syndrome', 'patellar_tendinopathy',
                                 'structural_injury_suspected', 'undetermined', 'other')),
  ADD CONSTRAINT episode_therapist_1_64_chars
    CHECK (pg_catalog.length(therapist) BETWEEN 1 AND 64),
  ADD CONSTRAINT episode_discharge_reason_known
    CHECK (discharge_reason IN ('recovered', 'self_discharged', 'referred', 'lost_to_follow_up', 'other')),
  ADD CONSTRAINT episode_discharge_reason_needs_discharge
    CHECK (discharge_reason IS NULL OR discharged_on IS NOT NULL),
  ADD CONSTRAINT episode_usual_run_km_0_to_300
    CHECK (usual_run_km > 0 AND usual_run_km <= 300),
  ADD CONSTRAINT episode_usual_runs_per_week_0_to_21
    CHECK (usual_runs_per_week BETWEEN 0 AND 21);
ALTER TABLE @extschema@.load_session
  ADD COLUMN pain_onset_min float8,
  ADD COLUMN pain_free boolean,
  ADD CONSTRAINT load_session_pain_onset_min_within_duration
    CHECK (pain_onset_min >= 0 AND pain_onset_min <= duration_min),
  ADD CONSTRAINT load_session_pain_free_has_no_onset
    CHECK (NOT pain_free OR (pain_onset_km IS NULL AND pain_onset_min IS NULL));
COMMENT ON COLUMN @extschema@.episode.working_diagnosis IS 'Working diagnosis, the vocabulary of triage()''s likely_condition (patellofemoral_pain, iliotibial_band_syndrome, patellar_tendinopathy, structural_injury_suspected, undetermined; Crossley 2016 consensus) or other; NULL = not recorded.';
COMMENT ON COLUMN @extschema@.episode.therapist IS 'The treating therapist, the clinic''s own id for them (1-64 characters; pseudonymous, no name needed); NULL = not recorded.';
COMMENT ON COLUMN @extschema@.episode.discharge_reason IS 'Why the episode ended: recovered, self_discharged, referred, lost_to_follow_up or other; only with discharged_on; NULL = not discharged or not recorded.';
COMMENT ON COLUMN @extschema@.episode.usual_run_km IS 'The runner''s usual pre-injury run distance, km (0-300, exclusive of 0): the distance a return to running is measured against (practitioner guidance: the pain-free limit should grow back towards it).';
COMMENT ON COLUMN @extschema@.episode.usual_runs_per_week IS 'The runner''s usual pre-injury runs per week (0-21): run frequency should grow back towards it (practitioner guidance).';
COMMENT ON CONSTRAINT episode_working_diagnosis_known ON @extschema@.episode IS 'working_diagnosis must be one of patellofemoral_pain, iliotibial_band_syndrome, patellar_tendinopathy, structural_injury_suspected, undetermined, other (triage''s likely_condition, plus other).';
COMMENT ON CONSTRAINT episode_therapist_1_64_chars ON @extschema@.episode IS 'therapist must be 1 to 64 characters.';
COMMENT ON CONSTRAINT episode_discharge_reason_known ON @extschema@.episode IS 'discharge_reason must be one of recovered, self_discharged, referred, lost_to_follow_up, other.';
COMMENT ON CONSTRAINT episode_discharge_reason_needs_discharge ON @extschema@.episode IS 'A discharge_reason needs a discharged_on date.';
COMMENT ON CONSTRAINT episode_usual_run_km_0_to_300 ON @extschema@.episode IS 'usual_run_km must be greater than 0 and at most 300.';
COMMENT ON CONSTRAINT episode_usual_runs_per_week_0_to_21 ON @extschema@.episode IS 'usual_runs_per_week must be between 0 and 21.';
COMMENT ON COLUMN @extschema@.load_session.pain_onset_km IS 'Distance at which pain began, km (not beyond distance_km); NULL = not recorded, or no pain (pain_free says which).';
COMMENT ON COLUMN @extschema@.load_session.pain_onset_min IS 'Time into the session at which pain began, minutes (not beyond duration_min); practitioner guidance: run to the pain limit (distance or time), which should grow week on week. NULL = not recorded or no pain.';
COMMENT ON COLUMN @extschema@.load_session.pain_free IS 'true = the session was pain-free throughout (no onset); false = pain began (onset in pain_onset_km / pain_onset_min when recorded); NULL = not recorded. A pain-free run is not the same as a run whose onset was not recorded (clinical reference, load and pain).';
COMMENT ON CONSTRAINT load_session_pain_onset_min_within_duration ON @extschema@.load_session IS 'pain_onset_min must be between 0 and duration_min.';
COMMENT ON CONSTRAINT load_session_pain_free_has_no_onset ON @extschema@.load_session IS 'A pain-free session (pain_free true) records no pain onset (pain_onset_km and pain_onset_min NULL).';
-- What was done in an episode (issue 16): the home exercise program and
-- its log, gait assessments, equipment changes and side-to-side measures.
-- Same rules as src/data_model.sql: keys (clinic_id, id), every child row
-- references its episode through (clinic_id, episode_id) ON DELETE CASCADE,
-- indexes lead with clinic_id, no CHECK depends on session settings ("not
-- in the future" = the current UTC date + 1 day), no trigger (Citus), the
-- tables and their identity sequences are registered with
-- pg_extension_config_dump, and the clinic_rows policies of
-- src/clinic_access.sql apply (created at the end of this file).
-- A NULL means "not recorded".

-- ---------------------------------------------------------------- home_exercise

CREATE TABLE @extschema@.home_exercise (
  exercise_id       bigint GENERATED BY DEFAULT AS IDENTITY,
  clinic_id         text NOT NULL,
  episode_id        bigint NOT NULL,
  exercise          text NOT NULL,
  exercise_name     text,
  side              @extschema@.knee_side,
  sets              integer,
  reps              integer,
  hold_s            float8,
  load_kg           float8,
  lowering_s        float8,
  sessions_per_week float8 NOT NULL,
  start_date        date NOT NULL,
  end_date          date,
  CONSTRAINT home_exercise_pkey PRIMARY KEY (clinic_id, exercise_id),
  CONSTRAINT home_exercise_episode_key UNIQUE (clinic_id, episode_id, exercise_id),
  CONSTRAINT home_exercise_episode_fkey FOREIGN KEY (clinic_id, episode_id)
    REFERENCES @extschema@.episode (clinic_id, episode_id) ON DELETE CASCADE,
  CONSTRAINT home_exercise_exercise_known
    CHECK (exercise IN ('single_leg_box_sit', 'bulgarian_split_squat', 'backward_lunge',
                        'wall_push_high_knee', 'straight_leg_raise', 'monster_walk', 'glute_bridge',
                        'single_leg_balance', 'hamstring_stretch', 'other')),
  CONSTRAINT home_exercise_other_needs_name
    CHECK (exercise <> 'other' OR exercise_name IS NOT NULL),
  CONSTRAINT home_exercise_exercise_name_1_200_chars
    CHECK (pg_catalog.length(exercise_name) BETWEEN 1 AND 200),
  CONSTRAINT home_exercise_sets_1_to_20 CHECK (sets BETWEEN 1 AND 20),
  CONSTRAINT home_exercise_reps_1_to_1000 CHECK (reps BETWEEN 1 AND 1000),
  CONSTRAINT home_exercise_hold_s_0_to_600 CHECK (hold_s > 0 AND hold_s <= 600),
  CONSTRAINT home_exercise_reps_or_hold
    CHECK (reps IS NOT NULL OR hold_s IS NOT NULL),
  CONSTRAINT home_exercise_load_kg_0_to_1000 CHECK (load_kg BETWEEN 0 AND 1000),
  CONSTRAINT home_exercise_lowering_s_0_to_60 CHECK (lowering_s > 0 AND lowering_s <= 60),
  CONSTRAINT home_exercise_sessions_per_week_0_to_21
    CHECK (sessions_per_week > 0 AND sessions_per_week <= 21),
  CONSTRAINT home_exercise_start_date_1900_to_today
    CHECK (start_date >= date '1900-01-01'
           AND start_date <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1),
  CONSTRAINT home_exercise_end_date_not_before_start
    CHECK (end_date >= start_date AND pg_catalog.isfinite(end_date))
);
CREATE INDEX home_exercise_episode_idx ON @extschema@.home_exercise (clinic_id, episode_id, start_date);
COMMENT ON TABLE @extschema@.home_exercise IS
  'A home-program prescription: one exercise with its dose (sets x reps or hold, load, lowering time) and sessions per week, from start_date to end_date. Practitioner circuit for inner knee pain (clinical reference, load and pain): 3 sets, medium-heavy, 2-3 times a week.';
COMMENT ON COLUMN @extschema@.home_exercise.exercise_id IS 'Prescription key (generated unless given).';
COMMENT ON COLUMN @extschema@.home_exercise.clinic_id IS 'Clinic; must match the episode''s clinic.';
COMMENT ON COLUMN @extschema@.home_exercise.episode_id IS 'The episode.';
COMMENT ON COLUMN @extschema@.home_exercise.exercise IS 'The exercise: single_leg_box_sit (5-8 reps, 2-3 s lowering: eccentric quadriceps), bulgarian_split_squat (9-12 reps a side), backward_lunge (6 a leg), wall_push_high_knee, straight_leg_raise, monster_walk, glute_bridge, single_leg_balance, hamstring_stretch (held 20-30 s), or other (named in exercise_name). Practitioner circuit, clinical reference.';
COMMENT ON COLUMN @extschema@.home_exercise.exercise_name IS 'The exercise''s name as the clinic gives it (1-200 characters); required for exercise = other.';
COMMENT ON COLUMN @extschema@.home_exercise.side IS 'Leg the exercise is prescribed for (left, right, both); NULL = not side-specific or not recorded.';
COMMENT ON COLUMN @extschema@.home_exercise.sets IS 'Sets per session (1-20).';
COMMENT ON COLUMN @extschema@.home_exercise.reps IS 'Repetitions per set (1-1000); reps or hold_s is required.';
COMMENT ON COLUMN @extschema@.home_exercise.hold_s IS 'Hold per repetition, seconds (0-600, exclusive of 0), for stretches and balance; reps or hold_s is required.';
COMMENT ON COLUMN @extschema@.home_exercise.load_kg IS 'External load, kg (0-1000; 0 = body weight).';
COMMENT ON COLUMN @extschema@.home_exercise.lowering_s IS 'Lowering (eccentric) time per repetition, seconds (0-60, exclusive of 0); 2-3 s for the single-leg box sit (practitioner circuit).';
COMMENT ON COLUMN @extschema@.home_exercise.sessions_per_week IS 'Prescribed sessions per week (0-21, exclusive of 0); the denominator of adherence (done / prescribed).';
COMMENT ON COLUMN @extschema@.home_exercise.start_date IS 'First day of the prescription (1900 or later, not in the future).';
COMMENT ON COLUMN @extschema@.home_exercise.end_date IS 'Last day of the prescription (not before start_date; may be planned ahead); NULL = open-ended.';
COMMENT ON CONSTRAINT home_exercise_episode_key ON @extschema@.home_exercise IS 'A prescription belongs to one episode: the target of home_exercise_log''s foreign key, so a log row''s episode is its prescription''s.';
COMMENT ON CONSTRAINT home_exercise_episode_fkey ON @extschema@.home_exercise IS 'The prescription''s episode must exist in the same clinic.';
COMMENT ON CONSTRAINT home_exercise_exercise_known ON @extschema@.home_exercise IS 'exercise must be one of single_leg_box_sit, bulgarian_split_squat, backward_lunge, wall_push_high_knee, straight_leg_raise, monster_walk, glute_bridge, single_leg_balance, hamstring_stretch, other.';
COMMENT ON CONSTRAINT home_exercise_other_needs_name ON @extschema@.home_exercise IS 'exercise = other needs an exercise_name.';
COMMENT ON CONSTRAINT home_exercise_exercise_name_1_200_chars ON @extschema@.home_exercise IS 'exercise_name must be 1 to 200 characters.';
COMMENT ON CONSTRAINT home_exercise_sets_1_to_20 ON @extschema@.home_exercise IS 'sets must be between 1 and 20.';
COMMENT ON CONSTRAINT home_exercise_reps_1_to_1000 ON @extschema@.home_exercise IS 'reps must be between 1 and 1000.';
COMMENT ON CONSTRAINT home_exercise_hold_s_0_to_600 ON @extschema@.home_exercise IS 'hold_s must be greater than 0 and at most 600.';
COMMENT ON CONSTRAINT home_exercise_reps_or_hold ON @extschema@.home_exercise IS 'A prescription needs reps or hold_s.';
COMMENT ON CONSTRAINT home_exercise_load_kg_0_to_1000 ON @extschema@.home_exercise IS 'load_kg must be between 0 and 1000.';
COMMENT ON CONSTRAINT home_exercise_lowering_s_0_to_60 ON @extschema@.home_exercise IS 'lowering_s must be greater than 0 and at most 60.';
COMMENT ON CONSTRAINT home_exercise_sessions_per_week_0_to_21 ON @extschema@.home_exercise IS 'sessions_per_week must be greater than 0 and at most 21.';
COMMENT ON CONSTRAINT home_exercise_start_date_1900_to_today ON @extschema@.home_exercise IS 'start_date must be 1900-01-01 or later and not after the current UTC date + 1 day (independent of the session TimeZone).';
COMMENT ON CONSTRAINT home_exercise_end_date_not_before_start ON @extschema@.home_exercise IS 'end_date must be a finite date not before start_date.';
COMMENT ON INDEX @extschema@.home_exercise_episode_idx IS 'An episode''s prescriptions by start date, keyed by (clinic_id, episode_id).';

-- ---------------------------------------------------------------- home_exercise_log

CREATE TABLE @extschema@.home_exercise_log (
  log_id       bigint GENERATED BY DEFAULT AS IDENTITY,
  clinic_id    text NOT NULL,
  episode_id   bigint NOT NULL,
  exercise_id  bigint NOT NULL,
  done_on      date NOT NULL,
  sets_done    integer,
  reps_done    integer,
  load_kg_done float8,
  pain_during  float8,
  CONSTRAINT home_exercise_log_pkey PRIMARY KEY (clinic_id, log_id),
  CONSTRAINT home_exercise_log_exercise_fkey FOREIGN KEY (clinic_id, episode_id, exercise_id)
    REFERENCES @extschema@.home_exercise (clinic_id, episode_id, exercise_id) ON DELETE CASCADE,
  CONSTRAINT home_exercise_log_done_on_1900_to_today
    CHECK (done_on >= date '1900-01-01'
           AND done_on <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1),
  CONSTRAINT home_exercise_log_sets_done_0_to_20 CHECK (sets_done BETWEEN 0 AND 20),
  CONSTRAINT home_exercise_log_reps_done_0_to_1000 CHECK (reps_done BETWEEN 0 AND 1000),
  CONSTRAINT home_exercise_log_load_kg_done_0_to_1000 CHECK (load_kg_done BETWEEN 0 AND 1000),
  CONSTRAINT home_exercise_log_pain_during_0_to_10 CHECK (pain_during BETWEEN 0 AND 10)
);
CREATE INDEX home_exercise_log_episode_idx ON @extschema@.home_exercise_log (clinic_id, episode_id, done_on);
CREATE INDEX home_exercise_log_exercise_idx ON @extschema@.home_exercise_log (clinic_id, exercise_id);
COMMENT ON TABLE @extschema@.home_exercise_log IS
  'A home-program session done: one row per prescription and day it was done, with what was done and the pain during it. Adherence = sessions done / sessions prescribed (home_exercise.sessions_per_week).';
COMMENT ON COLUMN @extschema@.home_exercise_log.log_id IS 'Log key (generated unless given).';
COMMENT ON COLUMN @extschema@.home_exercise_log.clinic_id IS 'Clinic; must match the prescription''s clinic.';
COMMENT ON COLUMN @extschema@.home_exercise_log.episode_id IS 'The episode; must be the prescription''s episode (composite foreign key).';
COMMENT ON COLUMN @extschema@.home_exercise_log.exercise_id IS 'The prescription (home_exercise) that was done.';
COMMENT ON COLUMN @extschema@.home_exercise_log.done_on IS 'Day it was done (1900 or later, not in the future).';
COMMENT ON COLUMN @extschema@.home_exercise_log.sets_done IS 'Sets done (0-20).';
COMMENT ON COLUMN @extschema@.home_exercise_log.reps_done IS 'Repetitions per set done (0-1000).';
COMMENT ON COLUMN @extschema@.home_exercise_log.load_kg_done IS 'Load used, kg (0-1000; 0 = body weight).';
COMMENT ON COLUMN @extschema@.home_exercise_log.pain_during IS 'Highest pain during the exercise, NRS 0-10 (pain-monitoring model, Thomee 1997).';
COMMENT ON CONSTRAINT home_exercise_log_exercise_fkey ON @extschema@.home_exercise_log IS 'The prescription must exist in the same clinic and episode.';
COMMENT ON CONSTRAINT home_exercise_log_done_on_1900_to_today ON @extschema@.home_exercise_log IS 'done_on must be 1900-01-01 or later and not after the current UTC date + 1 day (independent of the session TimeZone).';
COMMENT ON CONSTRAINT home_exercise_log_sets_done_0_to_20 ON @extschema@.home_exercise_log IS 'sets_done must be between 0 and 20.';
COMMENT ON CONSTRAINT home_exercise_log_reps_done_0_to_1000 ON @extschema@.home_exercise_log IS 'reps_done must be between 0 and 1000.';
COMMENT ON CONSTRAINT home_exercise_log_load_kg_done_0_to_1000 ON @extschema@.home_exercise_log IS 'load_kg_done must be between 0 and 1000.';
COMMENT ON CONSTRAINT home_exercise_log_pain_during_0_to_10 ON @extschema@.home_exercise_log IS 'pain_during must be between 0 and 10.';
COMMENT ON INDEX @extschema@.home_exercise_log_episode_idx IS 'An episode''s home-program log by day (adherence), keyed by (clinic_id, episode_id).';
COMMENT ON INDEX @extschema@.home_exercise_log_exercise_idx IS 'A prescription''s log (and the foreign key from home_exercise_log), keyed by (clinic_id, exercise_id).';

-- ---------------------------------------------------------------- gait_assessment

CREATE TABLE @extschema@.gait_assessment (
  assessment_id bigint GENERATED BY DEFAULT AS IDENTITY,
  clinic_id     text NOT NULL,
  episode_id    bigint NOT NULL,
  assessed_on   date NOT NULL,
  cadence_spm   float8,
  hip_drop      text,
  knee_valgus   text,
  overstriding  text,
  heel_strike   text,
  CONSTRAINT gait_assessment_pkey PRIMARY KEY (clinic_id, assessment_id),
  CONSTRAINT gait_assessment_episode_fkey FOREIGN KEY (clinic_id, episode_id)
    REFERENCES @extschema@.episode (clinic_id, episode_id) ON DELETE CASCADE,
  CONSTRAINT gait_assessment_assessed_on_1900_to_today
    CHECK (assessed_on >= date '1900-01-01'
           AND assessed_on <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1),
  CONSTRAINT gait_assessment_cadence_spm_100_to_250 CHECK (cadence_spm BETWEEN 100 AND 250),
  CONSTRAINT gait_assessment_findings_by_side CHECK (
    hip_drop IN ('none', 'left', 'right', 'both') AND knee_valgus IN ('none', 'left', 'right', 'both')
    AND overstriding IN ('none', 'left', 'right', 'both') AND heel_strike IN ('none', 'left', 'right', 'both'))
);
CREATE INDEX gait_assessment_episode_idx ON @extschema@.gait_assessment (clinic_id, episode_id, assessed_on);
COMMENT ON TABLE @extschema@.gait_assessment IS
  'A running-gait assessment: cadence and the findings practitioners record, by side (clinical reference, load and pain). Cadence +10 % lowers peak patellofemoral joint force by 14 % (Lenhart 2014, MSSE 46:557); +5 % lowers energy absorbed at the knee per step by 20 % (Heiderscheit 2011, MSSE 43:296).';
COMMENT ON COLUMN @extschema@.gait_assessment.assessment_id IS 'Assessment key (generated unless given).';
COMMENT ON COLUMN @extschema@.gait_assessment.clinic_id IS 'Clinic; must match the episode''s clinic.';
COMMENT ON COLUMN @extschema@.gait_assessment.episode_id IS 'The episode.';
COMMENT ON COLUMN @extschema@.gait_assessment.assessed_on IS 'Day of the assessment (1900 or later, not in the future).';
COMMENT ON COLUMN @extschema@.gait_assessment.cadence_spm IS 'Running cadence, steps per minute (100-250); the change between assessments is the gait-retraining dose (Lenhart 2014; Heiderscheit 2011).';
COMMENT ON COLUMN @extschema@.gait_assessment.hip_drop IS 'Contralateral pelvic (hip) drop seen: none, left, right or both (the stance leg); NULL = not assessed.';
COMMENT ON COLUMN @extschema@.gait_assessment.knee_valgus IS 'Knee valgus / knee drift seen: none, left, right or both; NULL = not assessed.';
COMMENT ON COLUMN @extschema@.gait_assessment.overstriding IS 'Overstriding seen: none, left, right or both; NULL = not assessed.';
COMMENT ON COLUMN @extschema@.gait_assessment.heel_strike IS 'Heel strike far ahead of the hips seen: none, left, right or both; NULL = not assessed.';
COMMENT ON CONSTRAINT gait_assessment_episode_fkey ON @extschema@.gait_assessment IS 'The assessment''s episode must exist in the same clinic.';
COMMENT ON CONSTRAINT gait_assessment_assessed_on_1900_to_today ON @extschema@.gait_assessment IS 'assessed_on must be 1900-01-01 or later and not after the current UTC date + 1 day (independent of the session TimeZone).';
COMMENT ON CONSTRAINT gait_assessment_cadence_spm_100_to_250 ON @extschema@.gait_assessment IS 'cadence_spm must be between 100 and 250.';
COMMENT ON CONSTRAINT gait_assessment_findings_by_side ON @extschema@.gait_assessment IS 'hip_drop, knee_valgus, overstriding and heel_strike must each be none, left, right or both (or NULL).';
COMMENT ON INDEX @extschema@.gait_assessment_episode_idx IS 'An episode''s gait assessments by day, keyed by (clinic_id, episode_id).';

-- ---------------------------------------------------------------- equipment_change

CREATE TABLE @extschema@.equipment_change (
  change_id   bigint GENERATED BY DEFAULT AS IDENTITY,
  clinic_id   text NOT NULL,
  episode_id  bigint NOT NULL,
  changed_on  date NOT NULL,
  kind        text NOT NULL,
  description text,
  side        @extschema@.knee_side,
  CONSTRAINT equipment_change_pkey PRIMARY KEY (clinic_id, change_id),
  CONSTRAINT equipment_change_episode_fkey FOREIGN KEY (clinic_id, episode_id)
    REFERENCES @extschema@.episode (clinic_id, episode_id) ON DELETE CASCADE,
  CONSTRAINT equipment_change_changed_on_1900_to_today
    CHECK (changed_on >= date '1900-01-01'
           AND changed_on <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1),
  CONSTRAINT equipment_change_kind_known CHECK (kind IN ('shoes', 'orthosis', 'taping', 'brace')),
  CONSTRAINT equipment_change_description_1_500_chars
    CHECK (pg_catalog.length(description) BETWEEN 1 AND 500)
);
CREATE INDEX equipment_change_episode_idx ON @extschema@.equipment_change (clinic_id, episode_id, changed_on);
COMMENT ON TABLE @extschema@.equipment_change IS
  'A change of running equipment during an episode: shoes, foot orthosis, taping or brace (practitioner guidance; weak evidence for each).';
COMMENT ON COLUMN @extschema@.equipment_change.change_id IS 'Change key (generated unless given).';
COMMENT ON COLUMN @extschema@.equipment_change.clinic_id IS 'Clinic; must match the episode''s clinic.';
COMMENT ON COLUMN @extschema@.equipment_change.episode_id IS 'The episode.';
COMMENT ON COLUMN @extschema@.equipment_change.changed_on IS 'Day of the change (1900 or later, not in the future).';
COMMENT ON COLUMN @extschema@.equipment_change.kind IS 'shoes, orthosis, taping or brace.';
COMMENT ON COLUMN @extschema@.equipment_change.description IS 'What changed, free text (1-500 characters; e.g. the shoe model); no identifying data.';
COMMENT ON COLUMN @extschema@.equipment_change.side IS 'Side (left, right, both); NULL = not side-specific or not recorded.';
COMMENT ON CONSTRAINT equipment_change_episode_fkey ON @extschema@.equipment_change IS 'The change''s episode must exist in the same clinic.';
COMMENT ON CONSTRAINT equipment_change_changed_on_1900_to_today ON @extschema@.equipment_change IS 'changed_on must be 1900-01-01 or later and not after the current UTC date + 1 day (independent of the session TimeZone).';
COMMENT ON CONSTRAINT equipment_change_kind_known ON @extschema@.equipment_change IS 'kind must be shoes, orthosis, taping or brace.';
COMMENT ON CONSTRAINT equipment_change_description_1_500_chars ON @extschema@.equipment_change IS 'description must be 1 to 500 characters.';
COMMENT ON INDEX @extschema@.equipment_change_episode_idx IS 'An episode''s equipment changes by day, keyed by (clinic_id, episode_id).';

-- ---------------------------------------------------------------- side_measure

CREATE TABLE @extschema@.side_measure (
  side_measure_id            bigint GENERATED BY DEFAULT AS IDENTITY,
  clinic_id                  text NOT NULL,
  episode_id                 bigint NOT NULL,
  measured_on                date NOT NULL,
  knee_extension_deficit_deg float8,
  quad_strength_involved     float8,
  quad_strength_uninvolved   float8,
  limb_symmetry_index        float8 GENERATED ALWAYS AS
    (100 * quad_strength_involved / NULLIF(quad_strength_uninvolved, 0)) STORED,
  CONSTRAINT side_measure_pkey PRIMARY KEY (clinic_id, side_measure_id),
  CONSTRAINT side_measure_episode_fkey FOREIGN KEY (clinic_id, episode_id)
    REFERENCES @extschema@.episode (clinic_id, episode_id) ON DELETE CASCADE,
  CONSTRAINT side_measure_measured_on_1900_to_today
    CHECK (measured_on >= date '1900-01-01'
           AND measured_on <= (pg_catalog.now() AT TIME ZONE 'UTC')::date + 1),
  CONSTRAINT side_measure_knee_extension_deficit_deg_0_to_90
    CHECK (knee_extension_deficit_deg BETWEEN 0 AND 90),
  CONSTRAINT side_measure_quad_strength_involved_0_to_10000
    CHECK (quad_strength_involved >= 0 AND quad_strength_involved <= 10000),
  CONSTRAINT side_measure_quad_strength_uninvolved_0_to_10000
    CHECK (quad_strength_uninvolved > 0 AND quad_strength_uninvolved <= 10000),
  CONSTRAINT side_measure_quad_strength_both_sides
    CHECK ((quad_strength_involved IS NULL) = (quad_strength_uninvolved IS NULL))
);
CREATE INDEX side_measure_episode_idx ON @extschema@.side_measure (clinic_id, episode_id, measured_on);
COMMENT ON TABLE @extschema@.side_measure IS
  'Side-to-side measures: knee extension range deficit and quadriceps strength of the involved and uninvolved leg, with the limb symmetry index (quadriceps weakness is a PFPS risk factor, Neal 2019; weak evidence).';
COMMENT ON COLUMN @extschema@.side_measure.side_measure_id IS 'Measure key (generated unless given).';
COMMENT ON COLUMN @extschema@.side_measure.clinic_id IS 'Clinic; must match the episode''s clinic.';
COMMENT ON COLUMN @extschema@.side_measure.episode_id IS 'The episode (its side is the involved leg).';
COMMENT ON COLUMN @extschema@.side_measure.measured_on IS 'Day of the measure (1900 or later, not in the future).';
COMMENT ON COLUMN @extschema@.side_measure.knee_extension_deficit_deg IS 'Knee extension range deficit of the involved knee against the other, degrees (0-90).';
COMMENT ON COLUMN @extschema@.side_measure.quad_strength_involved IS 'Quadriceps strength of the involved leg (0-10000), in the clinic''s dynamometer unit (N, N m or kg), the same unit as quad_strength_uninvolved; both or neither.';
COMMENT ON COLUMN @extschema@.side_measure.quad_strength_uninvolved IS 'Quadriceps strength of the uninvolved leg (0-10000, exclusive of 0), same unit as quad_strength_involved.';
COMMENT ON COLUMN @extschema@.side_measure.limb_symmetry_index IS 'Limb symmetry index, percent: 100 x involved / uninvolved (generated); 100 = symmetric, below 90 the usual return-to-sport concern (practitioner convention); equals 100 - the quadriceps deficit of episode.quad_deficit_pct.';
COMMENT ON CONSTRAINT side_measure_episode_fkey ON @extschema@.side_measure IS 'The measure''s episode must exist in the same clinic.';
COMMENT ON CONSTRAINT side_measure_measured_on_1900_to_today ON @extschema@.side_measure IS 'measured_on must be 1900-01-01 or later and not after the current UTC date + 1 day (independent of the session TimeZone).';
COMMENT ON CONSTRAINT side_measure_knee_extension_deficit_deg_0_to_90 ON @extschema@.side_measure IS 'knee_extension_deficit_deg must be between 0 and 90.';
COMMENT ON CONSTRAINT side_measure_quad_strength_involved_0_to_10000 ON @extschema@.side_measure IS 'quad_strength_involved must be between 0 and 10000.';
COMMENT ON CONSTRAINT side_measure_quad_strength_uninvolved_0_to_10000 ON @extschema@.side_measure IS 'quad_strength_uninvolved must be greater than 0 and at most 10000.';
COMMENT ON CONSTRAINT side_measure_quad_strength_both_sides ON @extschema@.side_measure IS 'quad_strength_involved and quad_strength_uninvolved are recorded together or not at all.';
COMMENT ON INDEX @extschema@.side_measure_episode_idx IS 'An episode''s side-to-side measures by day, keyed by (clinic_id, episode_id).';

-- ---------------------------------------------------------------- dump, sequences, access

SELECT pg_catalog.pg_extension_config_dump('@extschema@.home_exercise', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.home_exercise_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.gait_assessment', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.equipment_change', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.side_measure', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.home_exercise_exercise_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.home_exercise_log_log_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.gait_assessment_assessment_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.equipment_change_change_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.side_measure_side_measure_id_seq', '');
COMMENT ON SEQUENCE @extschema@.home_exercise_exercise_id_seq IS
  'Identity sequence of home_exercise.exercise_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.home_exercise_log_log_id_seq IS
  'Identity sequence of home_exercise_log.log_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.gait_assessment_assessment_id_seq IS
  'Identity sequence of gait_assessment.assessment_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.equipment_change_change_id_seq IS
  'Identity sequence of equipment_change.change_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';
COMMENT ON SEQUENCE @extschema@.side_measure_side_measure_id_seq IS
  'Identity sequence of side_measure.side_measure_id; registered with pg_extension_config_dump, so pg_dump keeps its position.';

-- The clinic_rows policies of src/clinic_access.sql, word for word.
DO $do$
DECLARE
  t text;
  expr text := '@extschema@.clinic_row_visible(clinic_id)';
BEGIN
  FOREACH t IN ARRAY ARRAY['home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure'] LOOP
    EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE pg_catalog.format('CREATE POLICY clinic_rows ON @extschema@.%I FOR ALL USING (%s) WITH CHECK (%s)',
                              t, expr, expr);
    EXECUTE pg_catalog.format('COMMENT ON POLICY clinic_rows ON @extschema@.%I IS %L', t,
      'Clinic access: a role sees and writes only the rows of the clinics it holds ''rows'' access to in clinic_access (directly or through role membership with INHERIT; clinic_id NULL = every clinic). Created by the extension, so dump/restore and upgrades keep it; it tests role membership, never a setting.');
    EXECUTE pg_catalog.format('CREATE POLICY clinic_rows_only ON @extschema@.%I AS RESTRICTIVE FOR ALL USING (%s) WITH CHECK (%s)',
                              t, expr, expr);
    EXECUTE pg_catalog.format('COMMENT ON POLICY clinic_rows_only ON @extschema@.%I IS %L', t,
      'Restrictive twin of clinic_rows: whatever other policies exist on the table, no role sees or writes a row of a clinic it holds no ''rows'' access to.');
  END LOOP;
END
$do$;

-- grant_clinic_access and its helpers cover the five new tables (src/clinic_access.sql).
CREATE OR REPLACE FUNCTION @extschema@.clinic_table_sequence(table_name text)
  RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  RETURN pg_catalog.pg_get_serial_sequence(pg_catalog.format('@extschema@.%I', table_name),
           CASE table_name WHEN 'patient' THEN 'patient_id' WHEN 'episode' THEN 'episode_id'
                           WHEN 'knee_test' THEN 'test_id' WHEN 'load_session' THEN 'session_id'
                           WHEN 'outcome_measure' THEN 'measure_id'
                           WHEN 'home_exercise' THEN 'exercise_id' WHEN 'home_exercise_log' THEN 'log_id'
                           WHEN 'gait_assessment' THEN 'assessment_id' WHEN 'equipment_change' THEN 'change_id'
                           WHEN 'side_measure' THEN 'side_measure_id' END);
COMMENT ON FUNCTION @extschema@.clinic_table_sequence(text) IS
  'Internal to grant_clinic_access: the identity sequence of a data table (patient, episode, knee_test, load_session, outcome_measure, home_exercise, home_exercise_log, gait_assessment, equipment_change, side_measure), whose USAGE a ''rows'' role needs to insert rows without giving ids. No clinical source: access control.';

CREATE OR REPLACE FUNCTION @extschema@.grant_clinic_access(role regrole, clinic_id text, level text)
  RETURNS void
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  t text;
BEGIN
  IF role IS NULL THEN
    RAISE EXCEPTION 'grant_clinic_access: role must not be NULL'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF level IS NULL OR level NOT IN ('rows', 'aggregates') THEN
    RAISE EXCEPTION 'grant_clinic_access: level must be ''rows'' or ''aggregates''' 
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('Got %L.', level),
            HINT = '''rows'': a clinician (the clinic''s rows); ''aggregates'': an analyst (suppressed aggregate views only).';
  END IF;
  IF clinic_id IS NOT NULL AND length(clinic_id) NOT BETWEEN 1 AND 64 THEN
    RAISE EXCEPTION 'grant_clinic_access: clinic_id must be 1 to 64 characters, or NULL for every clinic'
      USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s characters.', length(clinic_id));
  END IF;
  IF (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = role) THEN
    RAISE NOTICE 'grant_clinic_access: % is a superuser and sees every clinic anyway', role;
  END IF;
  INSERT INTO @extschema@.clinic_access AS a (role_name, clinic_id, level)
  VALUES (role::text::name, grant_clinic_access.clinic_id, grant_clinic_access.level)
  ON CONFLICT ON CONSTRAINT clinic_access_role_clinic_key DO UPDATE
    SET level = excluded.level, granted_at = excluded.granted_at, granted_by = excluded.granted_by;
  IF level = 'rows' THEN
    FOREACH t IN ARRAY ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure',
                             'home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change',
                             'side_measure'] LOOP
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.%I TO %s', t, role);
      EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %s', @extschema@.clinic_table_sequence(t), role);
    END LOOP;
  END IF;
  PERFORM @extschema@.clinic_access_sync_privileges(role);
END
$$;
COMMENT ON FUNCTION @extschema@.grant_clinic_access(regrole, text, text) IS
  'Gives a role access to a clinic (clinic_id NULL = every clinic) at level ''rows'' (clinician: the clinic''s rows in every table, with SELECT/INSERT/UPDATE/DELETE granted on the data tables) or ''aggregates'' (analyst: the suppressed aggregate views only, no table). Replaces the role''s earlier level for that clinic. Only the extension''s owner (a superuser) may call it. Errors: 22023 bad level or clinic_id, 22004 NULL role. No clinical source: access control.';

CREATE OR REPLACE FUNCTION @extschema@.clinic_access_sync_privileges(role regrole)
  RETURNS void
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  t text;
BEGIN
  IF NOT EXISTS (SELECT FROM @extschema@.clinic_access AS a
                  WHERE a.role_name = role::text::name AND a.level = 'rows') THEN
    FOREACH t IN ARRAY ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure',
                             'home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change',
                             'side_measure'] LOOP
      EXECUTE format('REVOKE SELECT, INSERT, UPDATE, DELETE ON @extschema@.%I FROM %s', t, role);
      EXECUTE format('REVOKE USAGE ON SEQUENCE %s FROM %s', @extschema@.clinic_table_sequence(t), role);
    END LOOP;
  END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.clinic_access_sync_privileges(regrole) IS
  'Internal to grant_clinic_access / revoke_clinic_access: revokes a role''s privileges on the data tables when it holds no ''rows'' access any more. No clinical source: access control.';

-- Roles that already hold 'rows' access get the same privileges on the new
-- tables as grant_clinic_access would give them now.
DO $do$
DECLARE
  r name;
  t text;
BEGIN
  FOR r IN SELECT DISTINCT a.role_name FROM @extschema@.clinic_access AS a
            WHERE a.level = 'rows'
              AND EXISTS (SELECT FROM pg_catalog.pg_roles AS o WHERE o.rolname = a.role_name)
            ORDER BY 1 LOOP
    FOREACH t IN ARRAY ARRAY['home_exercise', 'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure'] LOOP
      EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.%I TO %I', t, r);
      EXECUTE pg_catalog.format('GRANT USAGE ON SEQUENCE %s TO %I', @extschema@.clinic_table_sequence(t), r);
    END LOOP;
  END LOOP;
END
$do$;

-- ---- worklist: issue 16 daily worklist: worklist(as_of) and worklist_today (src/worklist.sql, verbatim)
-- The daily worklist (issue 16): what a physiotherapist should look at
-- this morning, one row per flag (long format, for reporting tools).
--
-- worklist(as_of) reads the tables as the caller (row-level security
-- applies: a clinician sees the flags of the clinics it holds 'rows'
-- access to) and counts nothing dated after as_of: sessions, tests
-- (their UTC calendar day), measures and home-program log rows on or
-- before as_of only, and a session's next-morning pain only when that
-- morning (the day after the session) is on or before as_of.  Keys are
-- always (clinic_id, episode_id).  Active episodes: first_visit <= as_of
-- and not discharged before as_of.  "The last 7 days" = as_of - 6 .. as_of.
--
-- Flags (fixed codes; sources in the clinical reference):
--   rest_gap                  no session for more than 7 days (since the
--                             last session, or since the first visit when
--                             none); practitioner guidance: rest beyond
--                             5-7 days deconditions
--   ran_while_not_ready       a run in the last 7 days on a day whose
--                             latest small knee bend (that day or before)
--                             failed ready_to_run; practitioner guidance
--   onset_distance_shrinking  the pain limit (farthest distance reached
--                             before pain; a pain-free run counts as
--                             reaching its whole distance) of the last 7
--                             days is below that of days 14-20 before
--                             as_of, with pain recorded in the last 7
--                             days; practitioner guidance
--   pain_rising               highest pain during in the last 7 days above
--                             the 7 days before (Thomee 1997: pain should
--                             not rise week on week)
--   single_run_spike          a run in the last 7 days > 10 % longer than
--                             the longest run of its previous 30 days,
--                             graded (Frandsen 2025)
--   acwr_high                 EWMA acute:chronic ratio of run km on as_of
--                             >= 1.5 (Williams 2017, Gabbett 2016);
--                             descriptive only (Impellizzeri 2020)
--   morning_pain_not_settled  a session of the 7 days before as_of whose
--                             next-morning pain was above its baseline
--                             (Thomee 1997)
--   low_adherence             home-program sessions done / prescribed
--                             below 50 % over the last 14 days, when at
--                             least one session was prescribed there
--   outcome_overdue           no NRS pain or AKPS in the last 28 days
--
-- The existing weekly_pain(clinic_id, episode_id) is not used for
-- pain_rising: it groups calendar weeks and reads every session, so a
-- week containing as_of would count sessions after it.

CREATE FUNCTION @extschema@.worklist(as_of date DEFAULT CURRENT_DATE)
  RETURNS TABLE (clinic_id text, episode_id bigint, patient_id bigint, external_ref text, therapist text,
                 flag text, detail text, source text, event_date date, days_since integer)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
WITH ep AS (
  SELECT e.clinic_id, e.episode_id, e.patient_id, p.external_ref, e.therapist, e.first_visit
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
   WHERE e.first_visit <= worklist.as_of
     AND (e.discharged_on IS NULL OR e.discharged_on >= worklist.as_of)
), ses AS (
  -- Each active episode's sessions through load_session_episode_idx: the
  -- OFFSET 0 keeps the planner from flattening this into a hash join over
  -- every session ever recorded, so the cost follows the active runners,
  -- not the years of discharged history behind them (issue 18).
  SELECT s.* FROM ep
   CROSS JOIN LATERAL (SELECT ls.* FROM @extschema@.load_session AS ls
                        WHERE ls.clinic_id = ep.clinic_id AND ls.episode_id = ep.episode_id
                          AND ls.session_date <= worklist.as_of OFFSET 0) AS s
), flags AS (
  -- rest_gap
  SELECT ep.clinic_id, ep.episode_id, 'rest_gap' AS flag,
         CASE WHEN l.last_day IS NULL
              THEN format('no session recorded in the %s days since the first visit', worklist.as_of - ep.first_visit)
              ELSE format('no session for %s days (last on %s)', worklist.as_of - l.last_day, l.last_day) END AS detail,
         'practitioner guidance (clinical reference, load and pain): rest beyond 5-7 days deconditions' AS source,
         COALESCE(l.last_day, ep.first_visit) AS event_date
    FROM ep
    LEFT JOIN (SELECT s.clinic_id, s.episode_id, max(s.session_date) AS last_day FROM ses AS s
                GROUP BY s.clinic_id, s.episode_id) AS l
      ON l.clinic_id = ep.clinic_id AND l.episode_id = ep.episode_id
   WHERE worklist.as_of - COALESCE(l.last_day, ep.first_visit) > 7

  UNION ALL
  -- ran_while_not_ready: the latest such run of the last 7 days, and how many
  SELECT r.clinic_id, r.episode_id, 'ran_while_not_ready',
         format('%s run(s) in the last 7 days after a failed small knee bend; last on %s (bend of %s: %s degrees, pain %s)',
                r.runs, r.session_date, r.tested_day, r.angle_deg, r.pain_nrs),
         'practitioner guidance (clinical reference, provocation tests): do the small knee bend before every run; if it hurts or does not reach knee_rehab.knee_bend_target_deg, do not run that day (ready_to_run)',
         r.session_date
    FROM (SELECT s.clinic_id, s.episode_id, s.session_date, t.tested_day, t.angle_deg, t.pain_nrs,
                 count(*) OVER (PARTITION BY s.clinic_id, s.episode_id) AS runs,
                 row_number() OVER (PARTITION BY s.clinic_id, s.episode_id
                                    ORDER BY s.session_date DESC, s.session_id DESC) AS rn
            FROM ses AS s
            CROSS JOIN LATERAL (
              SELECT (k.tested_at AT TIME ZONE 'UTC')::date AS tested_day, k.angle_deg, k.pain_nrs
                FROM @extschema@.knee_test AS k
               WHERE k.clinic_id = s.clinic_id AND k.episode_id = s.episode_id
                 AND k.test = 'small_knee_bend'
                 AND (k.tested_at AT TIME ZONE 'UTC')::date <= s.session_date
               ORDER BY k.tested_at DESC, k.test_id DESC LIMIT 1) AS t
           WHERE s.kind = 'run' AND s.session_date > worklist.as_of - 7
             AND NOT @extschema@.ready_to_run(t.angle_deg, t.pain_nrs)) AS r
   WHERE r.rn = 1

  UNION ALL
  -- onset_distance_shrinking
  SELECT o.clinic_id, o.episode_id, 'onset_distance_shrinking',
         format('pain limit %s km in the last 7 days, %s km 14-20 days before %s',
                o.recent_km, o.early_km, worklist.as_of),
         'practitioner guidance (clinical reference, load and pain): the distance at which pain starts should grow week on week; a shrinking pain-onset distance is the wrong direction (a pain-free run counts as reaching its whole distance)',
         o.recent_day
    FROM (SELECT s.clinic_id, s.episode_id,
                 max(COALESCE(s.pain_onset_km, s.distance_km)) FILTER (WHERE s.session_date > worklist.as_of - 7) AS recent_km,
                 max(COALESCE(s.pain_onset_km, s.distance_km)) FILTER (WHERE s.session_date <= worklist.as_of - 14) AS early_km,
                 max(s.session_date) FILTER (WHERE s.session_date > worklist.as_of - 7 AND s.pain_onset_km IS NOT NULL) AS recent_day
            FROM ses AS s
           WHERE s.kind = 'run' AND s.session_date > worklist.as_of - 21
             AND (s.pain_onset_km IS NOT NULL OR (s.pain_free AND s.distance_km IS NOT NULL))
           GROUP BY s.clinic_id, s.episode_id) AS o
   WHERE o.recent_day IS NOT NULL AND o.recent_km < o.early_km

  UNION ALL
  -- pain_rising
  SELECT p.clinic_id, p.episode_id, 'pain_rising',
         format('highest pain during %s in the last 7 days, %s in the 7 days before', p.recent_max, p.previous_max),
         'pain-monitoring model (Thomee 1997, Phys Ther 77:1690): pain should not rise week on week',
         p.recent_day
    FROM (SELECT s.clinic_id, s.episode_id,
                 max(s.pain_during) FILTER (WHERE s.session_date > worklist.as_of - 7) AS recent_max,
                 max(s.pain_during) FILTER (WHERE s.session_date <= worklist.as_of - 7) AS previous_max,
                 max(s.session_date) FILTER (WHERE s.session_date > worklist.as_of - 7) AS recent_day
            FROM ses AS s
           WHERE s.session_date > worklist.as_of - 14 AND s.pain_during IS NOT NULL
           GROUP BY s.clinic_id, s.episode_id) AS p
   WHERE p.recent_max > p.previous_max

  UNION ALL
  -- single_run_spike: the largest spike of the last 7 days
  SELECT x.clinic_id, x.episode_id, 'single_run_spike',
         format('run of %s km on %s: %s %% longer than the longest run of the previous 30 days (%s km); grade %s, hazard rate ratio %s',
                x.distance_km, x.session_date, round((100 * (x.distance_km / x.prev_km - 1))::numeric, 1),
                x.prev_km, x.grade, @extschema@.single_run_spike_hrr(x.distance_km, x.prev_km)),
         'Frandsen 2025 (BJSM 59:1203; 5,205 runners, observational, weak evidence): > 10-30 % longer HRR 1.64, > 30-100 % 1.52, > 100 % 2.28',
         x.session_date
    FROM (SELECT pr.clinic_id, pr.episode_id, pr.session_date, pr.distance_km, pr.prev_km,
                 @extschema@.single_run_spike_grade(pr.distance_km, pr.prev_km) AS grade,
                 row_number() OVER (PARTITION BY pr.clinic_id, pr.episode_id
                                    ORDER BY pr.distance_km / pr.prev_km DESC, pr.session_date DESC, pr.session_id DESC) AS rn
            FROM (-- the longest run of the 30 days before each run (days
                  -- d - 30 .. d - 1), one window pass over the runs of
                  -- the last 37 days (not a scan of every session per run)
                  SELECT s.clinic_id, s.episode_id, s.session_id, s.session_date, s.distance_km,
                         max(s.distance_km) OVER (PARTITION BY s.clinic_id, s.episode_id ORDER BY s.session_date
                                                  RANGE BETWEEN interval '30 days' PRECEDING
                                                            AND interval '1 day' PRECEDING) AS prev_km
                    FROM ses AS s
                   WHERE s.kind = 'run' AND s.session_date > worklist.as_of - 37) AS pr
           WHERE pr.distance_km IS NOT NULL AND pr.session_date > worklist.as_of - 7
             AND pr.prev_km > 0) AS x
   WHERE x.rn = 1 AND x.grade <> 'none'

  UNION ALL
  -- acwr_high
  SELECT a.clinic_id, a.episode_id, 'acwr_high',
         format('EWMA acute:chronic ratio of run km %s on %s (descriptive, not an injury probability)',
                round(a.acwr::numeric, 2), worklist.as_of),
         'Williams 2017 (BJSM 51:209) EWMA; >= 1.5 "spike" after Gabbett 2016 (BJSM 50:273); descriptive only (Impellizzeri 2020); Frandsen 2025 found a negative dose-response',
         worklist.as_of
    FROM (SELECT d.clinic_id, d.episode_id, @extschema@.ewma_acwr(d.day, d.km ORDER BY d.day) AS acwr
            FROM (SELECT s.clinic_id, s.episode_id, s.session_date AS day, s.distance_km AS km
                    FROM ses AS s WHERE s.kind = 'run' AND s.distance_km IS NOT NULL
                  UNION ALL
                  SELECT DISTINCT s.clinic_id, s.episode_id, worklist.as_of, 0::float8
                    FROM ses AS s WHERE s.kind = 'run' AND s.distance_km IS NOT NULL) AS d
           GROUP BY d.clinic_id, d.episode_id) AS a
   WHERE a.acwr >= 1.5

  UNION ALL
  -- morning_pain_not_settled: the latest such session of the 7 days before as_of
  SELECT m.clinic_id, m.episode_id, 'morning_pain_not_settled',
         format('next-morning pain %s above the baseline %s after the session of %s', m.pain_next_morning,
                COALESCE(m.pain_before, 0), m.session_date),
         'pain-monitoring model (Thomee 1997, Phys Ther 77:1690): pain should settle to baseline by the next morning',
         m.session_date
    FROM (SELECT s.*, row_number() OVER (PARTITION BY s.clinic_id, s.episode_id
                                         ORDER BY s.session_date DESC, s.session_id DESC) AS rn
            FROM ses AS s
           WHERE s.session_date BETWEEN worklist.as_of - 7 AND worklist.as_of - 1
             AND s.pain_next_morning > COALESCE(s.pain_before, 0)) AS m
   WHERE m.rn = 1

  UNION ALL
  -- low_adherence
  SELECT h.clinic_id, h.episode_id, 'low_adherence',
         format('home program %s of %s prescribed sessions done in the last 14 days (%s %%)',
                h.done, round(h.prescribed::numeric, 1), round((100 * h.done / h.prescribed)::numeric, 0)),
         'home-program adherence = sessions done / sessions prescribed (home_exercise.sessions_per_week); below 50 % over two weeks (issue 16)',
         h.last_done
    FROM (SELECT x.clinic_id, x.episode_id,
                 sum(x.sessions_per_week * x.active_days / 7.0) AS prescribed,
                 sum(x.done)::float8 AS done, max(x.last_done) AS last_done
            FROM (SELECT hx.clinic_id, hx.episode_id, hx.sessions_per_week,
                         LEAST(COALESCE(hx.end_date, worklist.as_of), worklist.as_of)
                           - GREATEST(hx.start_date, worklist.as_of - 13) + 1 AS active_days,
                         (SELECT count(*) FROM @extschema@.home_exercise_log AS g
                           WHERE g.clinic_id = hx.clinic_id AND g.episode_id = hx.episode_id
                             AND g.exercise_id = hx.exercise_id
                             AND g.done_on BETWEEN GREATEST(hx.start_date, worklist.as_of - 13)
                                               AND LEAST(COALESCE(hx.end_date, worklist.as_of), worklist.as_of)) AS done,
                         (SELECT max(g.done_on) FROM @extschema@.home_exercise_log AS g
                           WHERE g.clinic_id = hx.clinic_id AND g.episode_id = hx.episode_id
                             AND g.exercise_id = hx.exercise_id AND g.done_on <= worklist.as_of) AS last_done
                    FROM @extschema@.home_exercise AS hx
                    JOIN ep ON ep.clinic_id = hx.clinic_id AND ep.episode_id = hx.episode_id
                   WHERE hx.start_date <= worklist.as_of
                     AND COALESCE(hx.end_date, worklist.as_of) >= worklist.as_of - 13) AS x
           GROUP BY x.clinic_id, x.episode_id) AS h
   WHERE h.prescribed >= 1 AND h.done / h.prescribed < 0.5

  UNION ALL
  -- outcome_overdue
  SELECT ep.clinic_id, ep.episode_id, 'outcome_overdue',
         CASE WHEN l.last_on IS NULL THEN 'no NRS pain or AKPS recorded in this episode'
              ELSE format('no NRS pain or AKPS for %s days (last on %s)', worklist.as_of - l.last_on, l.last_on) END,
         'outcome measures every 4 weeks: NRS pain (Farrar 2001) and AKPS (Kujala 1993; MCID 10, Crossley 2004)',
         l.last_on
    FROM ep
    LEFT JOIN LATERAL (SELECT max(o.measured_on) AS last_on FROM @extschema@.outcome_measure AS o
                        WHERE o.clinic_id = ep.clinic_id AND o.episode_id = ep.episode_id
                          AND o.instrument IN ('nrs_pain', 'akps') AND o.measured_on <= worklist.as_of) AS l ON true
   WHERE l.last_on IS NULL OR l.last_on < worklist.as_of - 27
)
SELECT f.clinic_id, f.episode_id, ep.patient_id, ep.external_ref, ep.therapist,
       f.flag, f.detail, f.source, f.event_date, worklist.as_of - f.event_date
  FROM flags AS f
  JOIN ep ON ep.clinic_id = f.clinic_id AND ep.episode_id = f.episode_id
 ORDER BY f.clinic_id, f.episode_id, f.flag;
END;
COMMENT ON FUNCTION @extschema@.worklist(date) IS
  'The daily worklist (issue 16): one row per flag and active episode (first_visit <= as_of, not discharged before as_of) that the caller may see (reads the tables as the caller: row-level security applies), keyed by (clinic_id, episode_id), with the patient''s external_ref, the therapist, the flag code, a detail, the flag''s source, the date of the event that raised it and days_since = as_of - event_date. Nothing dated after as_of counts (a session''s next-morning pain only when that morning is on or before as_of). Flags (the last 7 days = as_of - 6 .. as_of): rest_gap (no session for > 7 days; practitioner guidance), ran_while_not_ready (a run after a failed small knee bend, ready_to_run; practitioner guidance), onset_distance_shrinking (pain limit of the last 7 days below that of days 14-20 before, a pain-free run counting its whole distance; practitioner guidance), pain_rising (highest pain during of the last 7 days above the 7 before; Thomee 1997), single_run_spike (> 10 % longer than the longest run of the previous 30 days, graded; Frandsen 2025), acwr_high (EWMA ACWR of run km on as_of >= 1.5; Williams 2017, Gabbett 2016; descriptive only, Impellizzeri 2020), morning_pain_not_settled (next-morning pain above baseline after a session of the 7 days before as_of; Thomee 1997), low_adherence (home-program sessions done / prescribed < 50 % over the last 14 days, at least one session prescribed), outcome_overdue (no NRS pain or AKPS in the last 28 days). NULL as_of: no rows.';

CREATE VIEW @extschema@.worklist_today WITH (security_invoker = true) AS
SELECT w.clinic_id, w.episode_id, w.patient_id, w.external_ref, w.therapist,
       w.flag, w.detail, w.source, w.event_date, w.days_since
  FROM @extschema@.worklist(CURRENT_DATE) AS w;
COMMENT ON VIEW @extschema@.worklist_today IS
  'worklist(CURRENT_DATE): today''s flags, one row per flag and active episode the caller may see (security_invoker: row-level security applies). CURRENT_DATE is the session''s date (its TimeZone). Flag definitions in worklist(date); sources: practitioner guidance (rest gap, small knee bend, pain-onset distance), Thomee 1997 (pain rising, next-morning pain), Frandsen 2025 (single-run spike), Williams 2017 and Gabbett 2016 (ACWR, descriptive only: Impellizzeri 2020), Kujala 1993 and Farrar 2001 (outcome measures).';
COMMENT ON COLUMN @extschema@.worklist_today.clinic_id IS 'Clinic.';
COMMENT ON COLUMN @extschema@.worklist_today.episode_id IS 'Episode (unique within the clinic: join on clinic_id and episode_id).';
COMMENT ON COLUMN @extschema@.worklist_today.patient_id IS 'The episode''s patient.';
COMMENT ON COLUMN @extschema@.worklist_today.external_ref IS 'The clinic''s own patient reference.';
COMMENT ON COLUMN @extschema@.worklist_today.therapist IS 'The episode''s therapist (the clinic''s id); NULL = not recorded.';
COMMENT ON COLUMN @extschema@.worklist_today.flag IS 'Flag code: rest_gap, ran_while_not_ready, onset_distance_shrinking, pain_rising, single_run_spike, acwr_high, morning_pain_not_settled, low_adherence or outcome_overdue (definitions in worklist(date)).';
COMMENT ON COLUMN @extschema@.worklist_today.detail IS 'What raised the flag, in words with its numbers.';
COMMENT ON COLUMN @extschema@.worklist_today.source IS 'The flag''s clinical source (publication or practitioner guidance from the clinical reference).';
COMMENT ON COLUMN @extschema@.worklist_today.event_date IS 'Date of the event that raised the flag (the last session, the run, the session before the morning, the last measure); NULL when the flag is an absence with nothing recorded (outcome_overdue without any measure).';
COMMENT ON COLUMN @extschema@.worklist_today.days_since IS 'Days from event_date to today.';
GRANT SELECT ON @extschema@.worklist_today TO PUBLIC;


-- ---- activity: issue 16, home-program adherence defined once (home_sessions_prescribed,
-- src/interventions.sql, used by worklist and episode_outcome); episode_outcome(_all) gain
-- working_diagnosis, therapist, discharge_reason, adherence_pct, cadence_change_pct,
-- equipment_changes at the end (CREATE OR REPLACE VIEW appends them: the body from
-- src/outcome_views.sql, verbatim); the clinic_activity view (src/clinic_activity.sql, verbatim).
-- ---------------------------------------------------------------- home_sessions_prescribed

-- Home-program adherence = sessions done / sessions prescribed (issue 16).
-- The one definition of "prescribed" over a window of days, used by the
-- worklist (the last 14 days) and episode_outcome (the whole episode):
-- sessions_per_week x the prescription's days inside the window / 7.
-- The sessions done are the home_exercise_log rows of the prescription on
-- those same days (GREATEST(start_date, window_from) .. LEAST(end_date or
-- window_to, window_to)).  plpgsql, not an SQL body: pure arithmetic.
CREATE FUNCTION @extschema@.home_sessions_prescribed(sessions_per_week float8, start_date date, end_date date,
                                                     window_from date, window_to date)
  RETURNS float8
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  active_days integer := LEAST(COALESCE(end_date, window_to), window_to) - GREATEST(start_date, window_from) + 1;
BEGIN
  IF active_days IS NULL OR sessions_per_week IS NULL THEN
    RETURN NULL;
  END IF;
  -- The table's rule (home_exercise_sessions_per_week CHECK), and a window
  -- that runs forwards: anything else would return a wrong count.
  IF NOT (sessions_per_week > 0 AND sessions_per_week <= 21) THEN
    RAISE EXCEPTION 'home_sessions_prescribed: sessions_per_week must be greater than 0 and at most 21'
      USING ERRCODE = 'numeric_value_out_of_range', DETAIL = format('Got %s.', sessions_per_week);
  END IF;
  IF window_to < window_from THEN
    RAISE EXCEPTION 'home_sessions_prescribed: window_to must not be before window_from'
      USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s to %s.', window_from, window_to);
  END IF;
  RETURN sessions_per_week * GREATEST(active_days, 0) / 7.0;
END
$$;
COMMENT ON FUNCTION @extschema@.home_sessions_prescribed(float8, date, date, date, date) IS
  'Home-program sessions prescribed by one prescription (home_exercise) inside a window of days: sessions_per_week x (days from GREATEST(start_date, window_from) to LEAST(end_date, or window_to when open-ended, window_to), inclusive; 0 when none) / 7; NULL when an argument it needs is NULL. The denominator of home-program adherence = sessions done / sessions prescribed (issue 16), used by worklist (low_adherence, the last 14 days) and episode_outcome.adherence_pct (the episode). No clinical source: bookkeeping for the adherence definition of issue 16.';

CREATE OR REPLACE FUNCTION @extschema@.worklist(as_of date DEFAULT CURRENT_DATE)
  RETURNS TABLE (clinic_id text, episode_id bigint, patient_id bigint, external_ref text, therapist text,
                 flag text, detail text, source text, event_date date, days_since integer)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
WITH ep AS (
  SELECT e.clinic_id, e.episode_id, e.patient_id, p.external_ref, e.therapist, e.first_visit
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
   WHERE e.first_visit <= worklist.as_of
     AND (e.discharged_on IS NULL OR e.discharged_on >= worklist.as_of)
), ses AS (
  -- Each active episode's sessions through load_session_episode_idx: the
  -- OFFSET 0 keeps the planner from flattening this into a hash join over
  -- every session ever recorded, so the cost follows the active runners,
  -- not the years of discharged history behind them (issue 18).
  SELECT s.* FROM ep
   CROSS JOIN LATERAL (SELECT ls.* FROM @extschema@.load_session AS ls
                        WHERE ls.clinic_id = ep.clinic_id AND ls.episode_id = ep.episode_id
                          AND ls.session_date <= worklist.as_of OFFSET 0) AS s
), flags AS (
  -- rest_gap
  SELECT ep.clinic_id, ep.episode_id, 'rest_gap' AS flag,
         CASE WHEN l.last_day IS NULL
              THEN format('no session recorded in the %s days since the first visit', worklist.as_of - ep.first_visit)
              ELSE format('no session for %s days (last on %s)', worklist.as_of - l.last_day, l.last_day) END AS detail,
         'practitioner guidance (clinical reference, load and pain): rest beyond 5-7 days deconditions' AS source,
         COALESCE(l.last_day, ep.first_visit) AS event_date
    FROM ep
    LEFT JOIN (SELECT s.clinic_id, s.episode_id, max(s.session_date) AS last_day FROM ses AS s
                GROUP BY s.clinic_id, s.episode_id) AS l
      ON l.clinic_id = ep.clinic_id AND l.episode_id = ep.episode_id
   WHERE worklist.as_of - COALESCE(l.last_day, ep.first_visit) > 7

  UNION ALL
  -- ran_while_not_ready: the latest such run of the last 7 days, and how many
  SELECT r.clinic_id, r.episode_id, 'ran_while_not_ready',
         format('%s run(s) in the last 7 days after a failed small knee bend; last on %s (bend of %s: %s degrees, pain %s)',
                r.runs, r.session_date, r.tested_day, r.angle_deg, r.pain_nrs),
         'practitioner guidance (clinical reference, provocation tests): do the small knee bend before every run; if it hurts or does not reach knee_rehab.knee_bend_target_deg, do not run that day (ready_to_run)',
         r.session_date
    FROM (SELECT s.clinic_id, s.episode_id, s.session_date, t.tested_day, t.angle_deg, t.pain_nrs,
                 count(*) OVER (PARTITION BY s.clinic_id, s.episode_id) AS runs,
                 row_number() OVER (PARTITION BY s.clinic_id, s.episode_id
                                    ORDER BY s.session_date DESC, s.session_id DESC) AS rn
            FROM ses AS s
            CROSS JOIN LATERAL (
              SELECT (k.tested_at AT TIME ZONE 'UTC')::date AS tested_day, k.angle_deg, k.pain_nrs
                FROM @extschema@.knee_test AS k
               WHERE k.clinic_id = s.clinic_id AND k.episode_id = s.episode_id
                 AND k.test = 'small_knee_bend'
                 AND (k.tested_at AT TIME ZONE 'UTC')::date <= s.session_date
               ORDER BY k.tested_at DESC, k.test_id DESC LIMIT 1) AS t
           WHERE s.kind = 'run' AND s.session_date > worklist.as_of - 7
             AND NOT @extschema@.ready_to_run(t.angle_deg, t.pain_nrs)) AS r
   WHERE r.rn = 1

  UNION ALL
  -- onset_distance_shrinking
  SELECT o.clinic_id, o.episode_id, 'onset_distance_shrinking',
         format('pain limit %s km in the last 7 days, %s km 14-20 days before %s',
                o.recent_km, o.early_km, worklist.as_of),
         'practitioner guidance (clinical reference, load and pain): the distance at which pain starts should grow week on week; a shrinking pain-onset distance is the wrong direction (a pain-free run counts as reaching its whole distance)',
         o.recent_day
    FROM (SELECT s.clinic_id, s.episode_id,
                 max(COALESCE(s.pain_onset_km, s.distance_km)) FILTER (WHERE s.session_date > worklist.as_of - 7) AS recent_km,
                 max(COALESCE(s.pain_onset_km, s.distance_km)) FILTER (WHERE s.session_date <= worklist.as_of - 14) AS early_km,
                 max(s.session_date) FILTER (WHERE s.session_date > worklist.as_of - 7 AND s.pain_onset_km IS NOT NULL) AS recent_day
            FROM ses AS s
           WHERE s.kind = 'run' AND s.session_date > worklist.as_of - 21
             AND (s.pain_onset_km IS NOT NULL OR (s.pain_free AND s.distance_km IS NOT NULL))
           GROUP BY s.clinic_id, s.episode_id) AS o
   WHERE o.recent_day IS NOT NULL AND o.recent_km < o.early_km

  UNION ALL
  -- pain_rising
  SELECT p.clinic_id, p.episode_id, 'pain_rising',
         format('highest pain during %s in the last 7 days, %s in the 7 days before', p.recent_max, p.previous_max),
         'pain-monitoring model (Thomee 1997, Phys Ther 77:1690): pain should not rise week on week',
         p.recent_day
    FROM (SELECT s.clinic_id, s.episode_id,
                 max(s.pain_during) FILTER (WHERE s.session_date > worklist.as_of - 7) AS recent_max,
                 max(s.pain_during) FILTER (WHERE s.session_date <= worklist.as_of - 7) AS previous_max,
                 max(s.session_date) FILTER (WHERE s.session_date > worklist.as_of - 7) AS recent_day
            FROM ses AS s
           WHERE s.session_date > worklist.as_of - 14 AND s.pain_during IS NOT NULL
           GROUP BY s.clinic_id, s.episode_id) AS p
   WHERE p.recent_max > p.previous_max

  UNION ALL
  -- single_run_spike: the largest spike of the last 7 days
  SELECT x.clinic_id, x.episode_id, 'single_run_spike',
         format('run of %s km on %s: %s %% longer than the longest run of the previous 30 days (%s km); grade %s, hazard rate ratio %s',
                x.distance_km, x.session_date, round((100 * (x.distance_km / x.prev_km - 1))::numeric, 1),
                x.prev_km, x.grade, @extschema@.single_run_spike_hrr(x.distance_km, x.prev_km)),
         'Frandsen 2025 (BJSM 59:1203; 5,205 runners, observational, weak evidence): > 10-30 % longer HRR 1.64, > 30-100 % 1.52, > 100 % 2.28',
         x.session_date
    FROM (SELECT pr.clinic_id, pr.episode_id, pr.session_date, pr.distance_km, pr.prev_km,
                 @extschema@.single_run_spike_grade(pr.distance_km, pr.prev_km) AS grade,
                 row_number() OVER (PARTITION BY pr.clinic_id, pr.episode_id
                                    ORDER BY pr.distance_km / pr.prev_km DESC, pr.session_date DESC, pr.session_id DESC) AS rn
            FROM (-- the longest run of the 30 days before each run (days
                  -- d - 30 .. d - 1), one window pass over the runs of
                  -- the last 37 days (not a scan of every session per run)
                  SELECT s.clinic_id, s.episode_id, s.session_id, s.session_date, s.distance_km,
                         max(s.distance_km) OVER (PARTITION BY s.clinic_id, s.episode_id ORDER BY s.session_date
                                                  RANGE BETWEEN interval '30 days' PRECEDING
                                                            AND interval '1 day' PRECEDING) AS prev_km
                    FROM ses AS s
                   WHERE s.kind = 'run' AND s.session_date > worklist.as_of - 37) AS pr
           WHERE pr.distance_km IS NOT NULL AND pr.session_date > worklist.as_of - 7
             AND pr.prev_km > 0) AS x
   WHERE x.rn = 1 AND x.grade <> 'none'

  UNION ALL
  -- acwr_high
  SELECT a.clinic_id, a.episode_id, 'acwr_high',
         format('EWMA acute:chronic ratio of run km %s on %s (descriptive, not an injury probability)',
                round(a.acwr::numeric, 2), worklist.as_of),
         'Williams 2017 (BJSM 51:209) EWMA; >= 1.5 "spike" after Gabbett 2016 (BJSM 50:273); descriptive only (Impellizzeri 2020); Frandsen 2025 found a negative dose-response',
         worklist.as_of
    FROM (SELECT d.clinic_id, d.episode_id, @extschema@.ewma_acwr(d.day, d.km ORDER BY d.day) AS acwr
            FROM (SELECT s.clinic_id, s.episode_id, s.session_date AS day, s.distance_km AS km
                    FROM ses AS s WHERE s.kind = 'run' AND s.distance_km IS NOT NULL
                  UNION ALL
                  SELECT DISTINCT s.clinic_id, s.episode_id, worklist.as_of, 0::float8
                    FROM ses AS s WHERE s.kind = 'run' AND s.distance_km IS NOT NULL) AS d
           GROUP BY d.clinic_id, d.episode_id) AS a
   WHERE a.acwr >= 1.5

  UNION ALL
  -- morning_pain_not_settled: the latest such session of the 7 days before as_of
  SELECT m.clinic_id, m.episode_id, 'morning_pain_not_settled',
         format('next-morning pain %s above the baseline %s after the session of %s', m.pain_next_morning,
                COALESCE(m.pain_before, 0), m.session_date),
         'pain-monitoring model (Thomee 1997, Phys Ther 77:1690): pain should settle to baseline by the next morning',
         m.session_date
    FROM (SELECT s.*, row_number() OVER (PARTITION BY s.clinic_id, s.episode_id
                                         ORDER BY s.session_date DESC, s.session_id DESC) AS rn
            FROM ses AS s
           WHERE s.session_date BETWEEN worklist.as_of - 7 AND worklist.as_of - 1
             AND s.pain_next_morning > COALESCE(s.pain_before, 0)) AS m
   WHERE m.rn = 1

  UNION ALL
  -- low_adherence
  SELECT h.clinic_id, h.episode_id, 'low_adherence',
         format('home program %s of %s prescribed sessions done in the last 14 days (%s %%)',
                h.done, round(h.prescribed::numeric, 1), round((100 * h.done / h.prescribed)::numeric, 0)),
         'home-program adherence = sessions done / sessions prescribed (home_exercise.sessions_per_week); below 50 % over two weeks (issue 16)',
         h.last_done
    FROM (SELECT x.clinic_id, x.episode_id,
                 sum(x.prescribed) AS prescribed,
                 sum(x.done)::float8 AS done, max(x.last_done) AS last_done
            FROM (SELECT hx.clinic_id, hx.episode_id, hx.sessions_per_week,
                         @extschema@.home_sessions_prescribed(hx.sessions_per_week, hx.start_date, hx.end_date,
                                                              worklist.as_of - 13, worklist.as_of) AS prescribed,
                         (SELECT count(*) FROM @extschema@.home_exercise_log AS g
                           WHERE g.clinic_id = hx.clinic_id AND g.episode_id = hx.episode_id
                             AND g.exercise_id = hx.exercise_id
                             AND g.done_on BETWEEN GREATEST(hx.start_date, worklist.as_of - 13)
                                               AND LEAST(COALESCE(hx.end_date, worklist.as_of), worklist.as_of)) AS done,
                         (SELECT max(g.done_on) FROM @extschema@.home_exercise_log AS g
                           WHERE g.clinic_id = hx.clinic_id AND g.episode_id = hx.episode_id
                             AND g.exercise_id = hx.exercise_id AND g.done_on <= worklist.as_of) AS last_done
                    FROM @extschema@.home_exercise AS hx
                    JOIN ep ON ep.clinic_id = hx.clinic_id AND ep.episode_id = hx.episode_id
                   WHERE hx.start_date <= worklist.as_of
                     AND COALESCE(hx.end_date, worklist.as_of) >= worklist.as_of - 13) AS x
           GROUP BY x.clinic_id, x.episode_id) AS h
   WHERE h.prescribed >= 1 AND h.done / h.prescribed < 0.5

  UNION ALL
  -- outcome_overdue
  SELECT ep.clinic_id, ep.episode_id, 'outcome_overdue',
         CASE WHEN l.last_on IS NULL THEN 'no NRS pain or AKPS recorded in this episode'
              ELSE format('no NRS pain or AKPS for %s days (last on %s)', worklist.as_of - l.last_on, l.last_on) END,
         'outcome measures every 4 weeks: NRS pain (Farrar 2001) and AKPS (Kujala 1993; MCID 10, Crossley 2004)',
         l.last_on
    FROM ep
    LEFT JOIN LATERAL (SELECT max(o.measured_on) AS last_on FROM @extschema@.outcome_measure AS o
                        WHERE o.clinic_id = ep.clinic_id AND o.episode_id = ep.episode_id
                          AND o.instrument IN ('nrs_pain', 'akps') AND o.measured_on <= worklist.as_of) AS l ON true
   WHERE l.last_on IS NULL OR l.last_on < worklist.as_of - 27
)
SELECT f.clinic_id, f.episode_id, ep.patient_id, ep.external_ref, ep.therapist,
       f.flag, f.detail, f.source, f.event_date, worklist.as_of - f.event_date
  FROM flags AS f
  JOIN ep ON ep.clinic_id = f.clinic_id AND ep.episode_id = f.episode_id
 ORDER BY f.clinic_id, f.episode_id, f.flag;
END;

DO $do$
DECLARE
  body CONSTANT text := $body$
WITH test_days AS (
  -- One row per episode and calendar day of testing (UTC): is every test
  -- of each kind pain-free that day, and did the small knee bend reach the
  -- target angle?
  SELECT kt.clinic_id, kt.episode_id,
         (kt.tested_at AT TIME ZONE 'UTC')::date AS day,
         pg_catalog.count(DISTINCT kt.test) = 3
           AND pg_catalog.bool_and(kt.pain_nrs <= @extschema@.pain_free_nrs()
                                   AND (kt.test <> 'small_knee_bend'
                                        OR kt.angle_deg >= @extschema@.knee_bend_target_deg()))
           AS recovered_that_day
    FROM @extschema@.knee_test AS kt
   GROUP BY kt.clinic_id, kt.episode_id, (kt.tested_at AT TIME ZONE 'UTC')::date
),
tests AS (
  SELECT td.clinic_id, td.episode_id,
         pg_catalog.min(td.day) FILTER (WHERE td.recovered_that_day) AS recovered_at,
         pg_catalog.max(td.day) AS last_test
    FROM test_days AS td
    JOIN @extschema@.episode AS e ON e.clinic_id = td.clinic_id AND e.episode_id = td.episode_id
   WHERE td.day >= e.first_visit
   GROUP BY td.clinic_id, td.episode_id
),
knee_bend AS (
  -- Small knee bend progress over the episode's tests (from its first visit).
  SELECT kt.clinic_id, kt.episode_id,
         @extschema@.knee_bend_progress(kt.tested_at, kt.angle_deg, kt.pain_nrs) AS kb
    FROM @extschema@.knee_test AS kt
    JOIN @extschema@.episode AS e ON e.clinic_id = kt.clinic_id AND e.episode_id = kt.episode_id
   WHERE kt.test = 'small_knee_bend'
     AND (kt.tested_at AT TIME ZONE 'UTC')::date >= e.first_visit
   GROUP BY kt.clinic_id, kt.episode_id
),
sessions AS (
  -- Last session and, in the same pass, pain during runs against distance.
  SELECT ls.clinic_id, ls.episode_id, pg_catalog.max(ls.session_date) AS last_session,
         @extschema@.load_pain_trend(ls.distance_km, ls.pain_during)
           FILTER (WHERE ls.kind = 'run') AS lp
    FROM @extschema@.load_session AS ls
   GROUP BY ls.clinic_id, ls.episode_id
),
outcomes AS (
  SELECT om.clinic_id, om.episode_id,
         pg_catalog.max(om.measured_on) AS last_measure,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS baseline_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS last_nrs,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'nrs_pain') AS n_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'akps'))[1] AS baseline_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'akps'))[1] AS last_akps,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'akps') AS n_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS baseline_koos_pf,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS last_koos_pf,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'koos_pf') AS n_koos_pf
    FROM @extschema@.outcome_measure AS om
   GROUP BY om.clinic_id, om.episode_id
),
base AS (
  SELECT e.episode_id, e.clinic_id, e.patient_id, e.side::text AS side,
         p.sex::text AS sex, p.foot::text AS foot,
         CASE WHEN p.injuries IS NULL THEN NULL
              ELSE pg_catalog.cardinality(p.injuries) > 0 END AS prior_injury,
         @extschema@.bmi(p.weight_kg, p.height_cm) AS bmi,
         r.tier::text AS risk_tier,
         CASE r.tier WHEN 'low' THEN 1 WHEN 'moderate' THEN 2 WHEN 'high' THEN 3 END AS risk_tier_rank,
         r.relative_risk, r.completeness AS risk_completeness,
         e.symptom_onset, e.first_visit, e.discharged_on,
         e.first_visit - e.symptom_onset AS symptom_days,
         CASE WHEN e.symptom_onset IS NULL THEN NULL
              WHEN e.symptom_onset >= e.first_visit - interval '2 months' THEN 'up_to_2_months'
              ELSE 'over_2_months' END AS symptom_duration,
         o.baseline_nrs,
         CASE WHEN o.n_nrs > 1 THEN o.last_nrs END AS latest_nrs,
         o.baseline_akps::integer AS baseline_akps,
         CASE WHEN o.n_akps > 1 THEN o.last_akps::integer END AS latest_akps,
         o.baseline_koos_pf,
         CASE WHEN o.n_koos_pf > 1 THEN o.last_koos_pf END AS latest_koos_pf,
         COALESCE((k.kb).n, 0) AS knee_bend_tests, (k.kb).trend AS knee_bend_trend,
         (k.kb).best_pain_free_angle_deg, (k.kb).angle_slope_per_week, (k.kb).first_ready_at,
         COALESCE((s.lp).n, 0) AS runs_with_pain, (s.lp).slope AS load_pain_slope,
         (s.lp).slope_ci_low AS load_pain_slope_ci_low, (s.lp).slope_ci_high AS load_pain_slope_ci_high,
         (s.lp).pain_free_capacity AS pain_free_capacity_km,
         t.recovered_at,
         GREATEST(e.first_visit, e.discharged_on, t.last_test, s.last_session,
                  o.last_measure) AS last_contact
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
    CROSS JOIN LATERAL @extschema@.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                                            e.quad_deficit_pct, e.weekly_distance_increase_pct,
                                            e.strength_sessions_per_week) AS r
    LEFT JOIN tests AS t ON t.clinic_id = e.clinic_id AND t.episode_id = e.episode_id
    LEFT JOIN knee_bend AS k ON k.clinic_id = e.clinic_id AND k.episode_id = e.episode_id
    LEFT JOIN sessions AS s ON s.clinic_id = e.clinic_id AND s.episode_id = e.episode_id
    LEFT JOIN outcomes AS o ON o.clinic_id = e.clinic_id AND o.episode_id = e.episode_id
),
intake AS (
  -- Issue 16: the episode's working diagnosis, therapist and discharge reason.
  SELECT e.clinic_id, e.episode_id, e.working_diagnosis, e.therapist, e.discharge_reason
    FROM @extschema@.episode AS e
),
gait AS (
  -- Issue 16: cadence at the first and the latest gait assessment with one.
  SELECT ga.clinic_id, ga.episode_id,
         (pg_catalog.array_agg(ga.cadence_spm ORDER BY ga.assessed_on, ga.assessment_id))[1] AS first_cadence,
         (pg_catalog.array_agg(ga.cadence_spm ORDER BY ga.assessed_on DESC, ga.assessment_id DESC))[1] AS last_cadence,
         pg_catalog.count(*) AS n_cadence
    FROM @extschema@.gait_assessment AS ga
   WHERE ga.cadence_spm IS NOT NULL
   GROUP BY ga.clinic_id, ga.episode_id
),
equipment AS (
  -- Issue 16: equipment changes (shoes, orthosis, taping, brace).
  SELECT ec.clinic_id, ec.episode_id, pg_catalog.count(*) AS changes
    FROM @extschema@.equipment_change AS ec
   GROUP BY ec.clinic_id, ec.episode_id
)
SELECT b.episode_id, b.clinic_id, b.patient_id, b.side, b.sex, b.foot,
       b.prior_injury, b.bmi, b.risk_tier, b.risk_tier_rank, b.relative_risk, b.risk_completeness,
       b.symptom_onset, b.first_visit, b.discharged_on,
       b.symptom_days, b.symptom_duration,
       b.baseline_nrs, b.latest_nrs, b.latest_nrs - b.baseline_nrs AS nrs_change,
       @extschema@.nrs_responder(b.baseline_nrs, b.latest_nrs) AS nrs_responder,
       b.baseline_akps, b.latest_akps, b.latest_akps - b.baseline_akps AS akps_change,
       @extschema@.akps_responder(b.baseline_akps, b.latest_akps) AS akps_responder,
       b.baseline_koos_pf, b.latest_koos_pf,
       b.knee_bend_tests, b.knee_bend_trend, b.best_pain_free_angle_deg, b.angle_slope_per_week,
       b.first_ready_at,
       b.runs_with_pain, b.load_pain_slope, b.load_pain_slope_ci_low, b.load_pain_slope_ci_high,
       b.pain_free_capacity_km,
       b.recovered_at, b.last_contact,
       b.recovered_at IS NOT NULL AS recovered,
       (COALESCE(b.recovered_at, b.last_contact) - b.first_visit)::float8 AS days_to_event,
       i.working_diagnosis, i.therapist, i.discharge_reason,
       CASE WHEN hp.prescribed >= 1 THEN 100 * hp.done / hp.prescribed END AS adherence_pct,
       CASE WHEN g.n_cadence > 1 THEN 100 * (g.last_cadence - g.first_cadence) / g.first_cadence END AS cadence_change_pct,
       COALESCE(q.changes, 0) AS equipment_changes
  FROM base AS b
  LEFT JOIN intake AS i ON i.clinic_id = b.clinic_id AND i.episode_id = b.episode_id
  LEFT JOIN gait AS g ON g.clinic_id = b.clinic_id AND g.episode_id = b.episode_id
  LEFT JOIN equipment AS q ON q.clinic_id = b.clinic_id AND q.episode_id = b.episode_id
  LEFT JOIN LATERAL (
    -- Issue 16: home-program adherence over the episode, from the first
    -- visit to the discharge (else the last contact): the sessions done
    -- on the prescriptions' days in that window / home_sessions_prescribed.
    SELECT pg_catalog.sum(hd.prescribed) AS prescribed, pg_catalog.sum(hd.done)::float8 AS done
      FROM (SELECT @extschema@.home_sessions_prescribed(hx.sessions_per_week, hx.start_date, hx.end_date,
                                                        b.first_visit, COALESCE(b.discharged_on, b.last_contact)) AS prescribed,
                   (SELECT pg_catalog.count(*) FROM @extschema@.home_exercise_log AS hl
                     WHERE hl.clinic_id = hx.clinic_id AND hl.episode_id = hx.episode_id
                       AND hl.exercise_id = hx.exercise_id
                       AND hl.done_on >= GREATEST(hx.start_date, b.first_visit)
                       AND hl.done_on <= LEAST(COALESCE(hx.end_date, COALESCE(b.discharged_on, b.last_contact)),
                                               COALESCE(b.discharged_on, b.last_contact))) AS done
              FROM @extschema@.home_exercise AS hx
             WHERE hx.clinic_id = b.clinic_id AND hx.episode_id = b.episode_id) AS hd) AS hp ON true
$body$;
BEGIN
  EXECUTE 'CREATE OR REPLACE VIEW @extschema@.episode_outcome WITH (security_invoker = true) AS ' || body;
  EXECUTE 'CREATE OR REPLACE VIEW @extschema@.episode_outcome_all WITH (security_barrier = true) AS ' || body;
END
$do$;
COMMENT ON COLUMN @extschema@.episode_outcome.working_diagnosis IS 'The episode''s working diagnosis as text (episode.working_diagnosis: triage''s likely_condition vocabulary, Crossley 2016 consensus, or other; NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.therapist IS 'The treating therapist, the clinic''s own id (episode.therapist; NULL = not recorded). No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.episode_outcome.discharge_reason IS 'Why the episode ended as text: recovered, self_discharged, referred, lost_to_follow_up or other (episode.discharge_reason; NULL = not discharged or not recorded). No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.episode_outcome.adherence_pct IS 'Home-program adherence over the episode, percent: home_exercise_log sessions done / sessions prescribed x 100 (issue 16), over the days from the first visit to discharged_on (else last_contact) on which each prescription ran; prescribed = home_sessions_prescribed (sessions_per_week x days / 7). NULL without a prescription or under 1 prescribed session; may exceed 100. Practitioner guidance (clinical reference, load and pain): the strength circuit 2-3 times a week.';
COMMENT ON COLUMN @extschema@.episode_outcome.cadence_change_pct IS 'Running cadence change, percent: (latest - first gait_assessment cadence_spm) / first x 100, by assessed_on; NULL unless two assessments with a cadence. Gait retraining dose: cadence +10 % lowers peak patellofemoral joint force by 14 % (Lenhart 2014, MSSE 46:557); +5 % lowers energy absorbed at the knee by 20 % (Heiderscheit 2011, MSSE 43:296).';
COMMENT ON COLUMN @extschema@.episode_outcome.equipment_changes IS 'Number of equipment_change rows of the episode (shoes, orthosis, taping, brace; 0 when none). Practitioner guidance; weak evidence for each.';
DO $do$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT a.attname, d.description
             FROM pg_catalog.pg_attribute AS a
             JOIN pg_catalog.pg_description AS d
               ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND d.objsubid = a.attnum
            WHERE a.attrelid = '@extschema@.episode_outcome'::pg_catalog.regclass
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.episode_outcome_all.%I IS %L', c.attname, c.description);
  END LOOP;
END
$do$;

-- Clinic activity (issue 16): what a clinic did, for its director, per
-- clinic and month and per clinic and therapist, aggregate-only and
-- suppressed like the cohort views.
--
-- Runs with its owner's rights (no table privilege needed), applies the
-- caller's clinic access itself (visible_clinics('aggregates')) and is
-- security_barrier, like cohort_recovery_state.  One row ("cell") per
-- clinic (unit 'clinic', every month), per clinic and month (unit
-- 'month', period = the month's first day) and per clinic and therapist
-- (unit 'therapist'; 'not recorded' for episodes without one).
--
-- What a cell counts:
--   episodes      the episodes the cell is about: for a month, those with
--                 a first visit, a visit or a discharge in the month; for
--                 a therapist, the therapist's episodes; for the clinic,
--                 all.  The suppression count.
--   new_episodes  first visits in the cell.
--   visits        distinct (episode, day) with a provocation test (UTC day
--                 of tested_at), an outcome measure or a gait assessment,
--                 on or after the episode's first visit.
--   discharges    discharged_on in the cell, by discharge_reason (one
--                 column per reason, and reason not recorded).
--   prom_*        of those discharges (the eligible episodes), the ones
--                 with a baseline and a follow-up of both required PROMs,
--                 NRS pain and AKPS (episode_outcome latest_nrs and
--                 latest_akps not NULL: at least two scores of each).
--   median_*      over the cell's discharges: days first visit ->
--                 discharge, and episode_outcome.adherence_pct (those with
--                 a home program).
-- Suppression: a cell with fewer than min_cell_size episodes is
-- suppressed, and suppress_cells adds complementary suppression within
-- each line: the months of a clinic, and the therapists of a clinic with
-- the clinic's cell as their total (each episode has one therapist).  A
-- clinic whose rows the caller reads ('rows' access) is in no line: it
-- counts those cells itself (primary suppression still applies).
-- Plain GROUP BY and UNION ALL (no GROUPING SETS: Citus, issue 14).

CREATE VIEW @extschema@.clinic_activity WITH (security_barrier = true) AS
WITH vis AS (
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
ep AS (
  SELECT o.clinic_id, o.episode_id, o.first_visit, o.discharged_on, o.discharge_reason,
         COALESCE(o.therapist, 'not recorded') AS therapist, o.adherence_pct,
         o.latest_nrs IS NOT NULL AND o.latest_akps IS NOT NULL AS prom_complete
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
visit_days AS (
  SELECT v.clinic_id, v.episode_id, v.day
    FROM (SELECT kt.clinic_id, kt.episode_id, (kt.tested_at AT TIME ZONE 'UTC')::date AS day
            FROM @extschema@.knee_test AS kt
          UNION
          SELECT om.clinic_id, om.episode_id, om.measured_on
            FROM @extschema@.outcome_measure AS om
          UNION
          SELECT ga.clinic_id, ga.episode_id, ga.assessed_on
            FROM @extschema@.gait_assessment AS ga) AS v
),
events AS (
  -- One row per event: a first visit, a visit day, a discharge.
  SELECT ep.clinic_id, ep.episode_id, ep.therapist, 'new' AS kind,
         pg_catalog.date_trunc('month', ep.first_visit::timestamp)::date AS period,
         NULL::text AS discharge_reason, NULL::boolean AS prom_complete,
         NULL::float8 AS episode_days, NULL::float8 AS adherence_pct
    FROM ep
  UNION ALL
  SELECT ep.clinic_id, ep.episode_id, ep.therapist, 'visit',
         pg_catalog.date_trunc('month', vd.day::timestamp)::date, NULL, NULL, NULL, NULL
    FROM ep
    JOIN visit_days AS vd ON vd.clinic_id = ep.clinic_id AND vd.episode_id = ep.episode_id
   WHERE vd.day >= ep.first_visit
  UNION ALL
  SELECT ep.clinic_id, ep.episode_id, ep.therapist, 'discharge',
         pg_catalog.date_trunc('month', ep.discharged_on::timestamp)::date,
         COALESCE(ep.discharge_reason, 'not recorded'), ep.prom_complete,
         (ep.discharged_on - ep.first_visit)::float8, ep.adherence_pct
    FROM ep
   WHERE ep.discharged_on IS NOT NULL
),
cells AS (
  SELECT ev.clinic_id, 'clinic' AS unit, NULL::date AS period, NULL::text AS therapist,
         pg_catalog.count(DISTINCT ev.episode_id) AS episodes,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'new') AS new_episodes,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'visit') AS visits,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'discharge') AS discharges,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'recovered') AS discharged_recovered,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'self_discharged') AS discharged_self_discharged,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'referred') AS discharged_referred,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'lost_to_follow_up') AS discharged_lost_to_follow_up,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'other') AS discharged_other,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'not recorded') AS discharged_reason_not_recorded,
         pg_catalog.count(*) FILTER (WHERE ev.prom_complete) AS prom_complete,
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.episode_days) AS median_episode_days,
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.adherence_pct) AS median_adherence_pct
    FROM events AS ev
   GROUP BY ev.clinic_id
  UNION ALL
  SELECT ev.clinic_id, 'month', ev.period, NULL,
         pg_catalog.count(DISTINCT ev.episode_id),
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'new'),
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'visit'),
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'discharge'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'recovered'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'self_discharged'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'referred'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'lost_to_follow_up'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'other'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'not recorded'),
         pg_catalog.count(*) FILTER (WHERE ev.prom_complete),
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.episode_days),
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.adherence_pct)
    FROM events AS ev
   GROUP BY ev.clinic_id, ev.period
  UNION ALL
  SELECT ev.clinic_id, 'therapist', NULL, ev.therapist,
         pg_catalog.count(DISTINCT ev.episode_id),
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'new'),
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'visit'),
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'discharge'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'recovered'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'self_discharged'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'referred'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'lost_to_follow_up'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'other'),
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'not recorded'),
         pg_catalog.count(*) FILTER (WHERE ev.prom_complete),
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.episode_days),
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.adherence_pct)
    FROM events AS ev
   GROUP BY ev.clinic_id, ev.therapist
),
numbered AS (
  SELECT c.*,
         pg_catalog.row_number() OVER (ORDER BY c.clinic_id, c.unit, c.period, c.therapist)::integer AS cell,
         c.clinic_id = ANY (vis.row_clinics) AS known
    FROM cells AS c, vis
),
members AS (
  -- Lines: the months of a clinic (no total: an episode spans months);
  -- the therapists of a clinic, whose total is the clinic's cell.
  SELECT 'm|' || n.clinic_id AS line, n.cell, false AS is_total
    FROM numbered AS n WHERE n.unit = 'month' AND NOT n.known
  UNION ALL
  SELECT 't|' || n.clinic_id, n.cell, n.unit = 'clinic'
    FROM numbered AS n WHERE n.unit IN ('therapist', 'clinic') AND NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT @extschema@.suppress_cells(
                   (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
                   pg_catalog.array_agg(mm.dense_rank_line ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.cell ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.is_total ORDER BY mm.line, mm.cell),
                   @extschema@.min_cell_size()) AS sup
            FROM (SELECT m.*, pg_catalog.dense_rank() OVER (ORDER BY m.line)::integer AS dense_rank_line
                    FROM members AS m) AS mm) AS s
   CROSS JOIN LATERAL pg_catalog.unnest(s.sup) WITH ORDINALITY AS f (suppressed, cell)
)
SELECT n.clinic_id, n.unit, n.period, n.therapist, f.suppressed,
       CASE WHEN NOT f.suppressed THEN n.episodes END AS episodes,
       CASE WHEN NOT f.suppressed THEN n.new_episodes END AS new_episodes,
       CASE WHEN NOT f.suppressed THEN n.visits END AS visits,
       CASE WHEN NOT f.suppressed THEN n.discharges END AS discharges,
       CASE WHEN NOT f.suppressed THEN n.discharged_recovered END AS discharged_recovered,
       CASE WHEN NOT f.suppressed THEN n.discharged_self_discharged END AS discharged_self_discharged,
       CASE WHEN NOT f.suppressed THEN n.discharged_referred END AS discharged_referred,
       CASE WHEN NOT f.suppressed THEN n.discharged_lost_to_follow_up END AS discharged_lost_to_follow_up,
       CASE WHEN NOT f.suppressed THEN n.discharged_other END AS discharged_other,
       CASE WHEN NOT f.suppressed THEN n.discharged_reason_not_recorded END AS discharged_reason_not_recorded,
       CASE WHEN NOT f.suppressed THEN n.prom_complete END AS prom_complete,
       -- Figures over the cell's discharges only when there are at least
       -- min_cell_size of them: a median of one discharge is that
       -- episode's own length or adherence.
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN 100 * n.prom_complete::float8 / n.discharges END AS prom_completion_pct,
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN n.median_episode_days END AS median_episode_days,
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN n.median_adherence_pct END AS median_adherence_pct
  FROM numbered AS n
  JOIN flags AS f ON f.cell = n.cell;
COMMENT ON VIEW @extschema@.clinic_activity IS
  'Clinic activity for clinic directors (issue 16; aggregate-only like cohort_recovery: runs with its owner''s rights, shows only the clinics the caller holds access to in clinic_access, no table privilege needed). One row per clinic (unit clinic), per clinic and month (unit month, period = first day of the month) and per clinic and therapist (unit therapist): episodes (those with a first visit, visit or discharge in the month; the therapist''s; all), new episodes (first visits), visits (distinct days per episode with a provocation test, an outcome measure or a gait assessment, from the first visit on), discharges by reason, PROM completion (discharged episodes with a baseline and a follow-up of both NRS pain, Farrar 2001, and AKPS, Kujala 1993), median episode length (discharged, days) and median home-program adherence (episode_outcome.adherence_pct). Months and discharge figures are by calendar month of the event. A cell with fewer than knee_rehab.min_cell_size episodes, and the cells that would let one be worked out by subtraction within its line (the months of a clinic; the therapists of a clinic and its total), show suppressed = true and NULL figures (suppress_cells; Hundepool 2012).';
COMMENT ON COLUMN @extschema@.clinic_activity.clinic_id IS 'The clinic. No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.clinic_activity.unit IS 'clinic (every month), month (one calendar month, period) or therapist (one therapist, therapist). No clinical source: layout.';
COMMENT ON COLUMN @extschema@.clinic_activity.period IS 'First day of the calendar month on unit month rows; NULL otherwise. Events are dated by first_visit, the visit day (UTC day of a test) and discharged_on.';
COMMENT ON COLUMN @extschema@.clinic_activity.therapist IS 'The therapist (episode.therapist, the clinic''s own id; ''not recorded'' for episodes without one) on unit therapist rows; NULL otherwise.';
COMMENT ON COLUMN @extschema@.clinic_activity.suppressed IS 'True when the cell has fewer than knee_rehab.min_cell_size episodes or would let such a cell be worked out from the others of its line (suppress_cells; statistical disclosure control, Hundepool 2012): every figure NULL.';
COMMENT ON COLUMN @extschema@.clinic_activity.episodes IS 'Episodes the cell is about (the suppression count): month = episodes with a first visit, a visit or a discharge in the month; therapist = the therapist''s episodes; clinic = every episode. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.new_episodes IS 'Episodes whose first visit falls in the cell. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.visits IS 'Visits: distinct (episode, day) with a provocation test (knee_test, UTC day), an outcome measure or a gait assessment, on or after the first visit. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharges IS 'Episodes discharged in the cell (discharged_on). NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_recovered IS 'Discharges with discharge_reason recovered. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_self_discharged IS 'Discharges with discharge_reason self_discharged. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_referred IS 'Discharges with discharge_reason referred. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_lost_to_follow_up IS 'Discharges with discharge_reason lost_to_follow_up. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_other IS 'Discharges with discharge_reason other. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_reason_not_recorded IS 'Discharges without a discharge_reason. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.prom_complete IS 'Of the discharges (the eligible episodes), those with a baseline and a follow-up of both required PROMs: NRS pain (Farrar 2001) and AKPS (Kujala 1993), i.e. episode_outcome latest_nrs and latest_akps not NULL. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.prom_completion_pct IS 'PROM completion, percent: 100 x prom_complete / discharges (NRS pain, Farrar 2001, and AKPS, Kujala 1993, at baseline and follow-up); NULL when the cell has fewer than knee_rehab.min_cell_size discharges or is suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.median_episode_days IS 'Median days from first visit to discharge of the cell''s discharges (percentile_cont 0.5); NULL when the cell has fewer than knee_rehab.min_cell_size discharges (a median of one discharge would be that episode''s own figure) or is suppressed. No clinical source: service statistics.';
COMMENT ON COLUMN @extschema@.clinic_activity.median_adherence_pct IS 'Median home-program adherence, percent (episode_outcome.adherence_pct: sessions done / prescribed over the episode), of the cell''s discharges with a home program (percentile_cont 0.5); NULL when the cell has fewer than knee_rehab.min_cell_size discharges or is suppressed. Practitioner guidance (strength circuit 2-3 times a week).';
GRANT SELECT ON @extschema@.clinic_activity TO PUBLIC;

-- ---- citus: issue 14, settings passed to the aggregates and visible_clinics for Citus
-- knee_bend_progress(tested_at, angle_deg, pain_nrs, pain_free_nrs,
-- target_deg) and load_pain_trend(load, pain, pain_free_nrs): the levels
-- passed in (src/knee_bend.sql, src/trend.sql, verbatim).
-- The same with the pain-free level and the target angle passed in, so the
-- result does not depend on the settings of the session it runs in (under
-- Citus a group pushed down to a shard runs in a worker's session, which
-- does not see the coordinator's SET): episode_outcome passes the
-- coordinator's values, read once.
CREATE FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8, float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_knee_bend_accum_levels'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8, float8, float8) IS
  'Transition function of knee_bend_progress(tested_at, angle_deg, pain_nrs, pain_free_nrs, target_deg): as the 4-argument knee_bend_progress_accum, with the pain-free level (NRS 0-10) and the target angle (degrees 0-160) from its last two arguments instead of the settings. Not strict: a row with a NULL tested_at, angle or pain is skipped, a NULL level is ERROR 22004, a level out of range 22003. No clinical source: transition function (the method and its sources are in knee_bend_progress''s comment).';

CREATE AGGREGATE @extschema@.knee_bend_progress(tested_at timestamptz, angle_deg float8, pain_nrs float8,
                                                pain_free_nrs float8, target_deg float8) (
  SFUNC = @extschema@.knee_bend_progress_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}',
  COMBINEFUNC = @extschema@.knee_bend_progress_combine,
  FINALFUNC = @extschema@.knee_bend_progress_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.knee_bend_progress(timestamptz, float8, float8, float8, float8) IS
  'knee_bend_progress with the pain-free level (NRS 0-10, e.g. knee_rehab.pain_free_nrs()) and the small knee bend target angle (degrees 0-160, e.g. knee_rehab.knee_bend_target_deg()) passed in: the same result as the 3-argument form under those settings, wherever it runs (Citus workers do not see a coordinator session''s SET). One value per query; NULL level: ERROR 22004. Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';

CREATE AGGREGATE @extschema@.knee_bend_progress_state(tested_at timestamptz, angle_deg float8, pain_nrs float8,
                                                      pain_free_nrs float8, target_deg float8) (
  SFUNC = @extschema@.knee_bend_progress_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}',
  COMBINEFUNC = @extschema@.knee_bend_progress_combine,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_state(timestamptz, float8, float8, float8, float8) IS
  'knee_bend_progress_state with the pain-free level and target angle passed in (as the 5-argument knee_bend_progress), for knee_bend_progress_merge. No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';

-- load_pain_trend with the pain-free level passed in, so that
-- pain_free_capacity does not depend on the session where a group
-- finishes (under Citus a group pushed down to a shard finishes in a
-- worker's session, which does not see the coordinator's SET).  Its state
-- is the regression state plus the level (element 7, NaN until a row).
CREATE FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_accum_level'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8, float8) IS
  'Transition function of load_pain_trend(load, pain, pain_free_nrs): the 3-argument load_pain_trend_accum''s arithmetic on elements 1-6, and the pain-free level (NRS 0-10) in element 7, the same for every row of a group (else ERROR 22023). Not strict: a row with a NULL load or pain is skipped, a NULL level is ERROR 22004, a level out of range 22003. No clinical source: transition function (the method and its sources are in load_pain_trend''s comment).';

CREATE FUNCTION @extschema@.load_pain_trend_level_combine(float8[], float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_level_combine'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_level_combine(float8[], float8[]) IS
  'Combine function of load_pain_trend(load, pain, pain_free_nrs): load_pain_trend_combine on elements 1-6 (exact merge), the level (element 7) of whichever part has one; two different levels: ERROR 22023; a malformed state: ERROR 2202E. No clinical source: combine function (the method and its sources are in load_pain_trend''s comment).';

CREATE FUNCTION @extschema@.load_pain_trend_level_final(float8[]) RETURNS @extschema@.load_pain_trend_result
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_level_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_level_final(float8[]) IS
  'Final function of load_pain_trend(load, pain, pain_free_nrs): load_pain_trend_final with pain_free_capacity computed at the level in element 7 instead of the setting. A malformed state: ERROR 2202E. No clinical source: final function (the method and its sources are in load_pain_trend''s comment).';

CREATE AGGREGATE @extschema@.load_pain_trend(load float8, pain float8, pain_free_nrs float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,NaN}',
  COMBINEFUNC = @extschema@.load_pain_trend_level_combine,
  FINALFUNC = @extschema@.load_pain_trend_level_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.load_pain_trend(float8, float8, float8) IS
  'load_pain_trend with the pain-free level passed in (NRS 0-10, e.g. knee_rehab.pain_free_nrs(); one value per group, else ERROR 22023; NULL: ERROR 22004): the same result as the 2-argument form under that setting, wherever it runs (Citus workers do not see a coordinator session''s SET). pain_free_capacity = (pain_free_nrs - intercept) / slope when slope > 0: practitioner guidance (run to the pain limit), an extrapolation of the fitted line; pain-monitoring model, Thomee 1997.';

-- session_role and visible_clinics for the session's role, read on the
-- coordinator (src/clinic_access.sql, verbatim).
-- The role of the session (the login role, or the one SET ROLE chose),
-- which a SECURITY DEFINER function does not change (src/clinic_access.c).
CREATE FUNCTION @extschema@.session_role()
  RETURNS oid
  AS 'MODULE_PATHNAME', 'kr_session_role'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.session_role() IS
  'The OID of the session''s role: the login role, or the role chosen by SET ROLE; unlike current_user, unchanged inside a SECURITY DEFINER function. The aggregate-only views compute in SECURITY DEFINER functions (so that under Citus their shard queries run as the owner) and apply this role''s clinic access. No clinical source: access control.';

-- The clinics the session's role may see at a level ('rows', or
-- 'aggregates' which 'rows' includes).  NULL in the array = every clinic.
-- Used by the aggregate-only views, which compute in SECURITY DEFINER
-- functions (the *_cells and *_rows functions) and so must apply the
-- caller's access themselves: the caller is the session's role
-- (session_role), not current_user, which there is the owner.  PL/pgSQL
-- so that the role is read here, on the coordinator under Citus, and
-- reaches the query on clinic_access (a reference table, possibly read on
-- a worker) as a value.  The superuser flag comes from the is_superuser
-- setting, which follows the session's role (SET ROLE included) and not a
-- SECURITY DEFINER function's owner.  SECURITY DEFINER itself: it reads
-- every row of clinic_access and keeps the session role's, so that it
-- gives the same answer inside any SECURITY DEFINER function (whose owner
-- could read only its own access rows through the table's policy).
CREATE OR REPLACE FUNCTION @extschema@.visible_clinics(level text DEFAULT 'aggregates')
  RETURNS text[]
  LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  AS $fn$
DECLARE
  me oid := @extschema@.session_role();
BEGIN
  IF pg_catalog.current_setting('is_superuser')::boolean THEN
    RETURN ARRAY[NULL::text];
  END IF;
  RETURN ARRAY(
    SELECT DISTINCT a.clinic_id FROM @extschema@.clinic_access AS a
     WHERE pg_catalog.pg_has_role(me, pg_catalog.to_regrole(pg_catalog.quote_ident(a.role_name)), 'USAGE')
       AND (a.level = 'rows' OR visible_clinics.level = 'aggregates')
     ORDER BY 1);
END
$fn$;
COMMENT ON FUNCTION @extschema@.visible_clinics(text) IS
  'The clinics the session''s role (session_role: the login role or SET ROLE, also inside a SECURITY DEFINER function) may see at the given level (''aggregates'', the default, includes ''rows'' access), from clinic_access and role membership (USAGE); a NULL element means every clinic (always so for a superuser, who sees every row anyway). No clinical source: access control.';

-- ---- citus: recovery_km_state_merge (src/recovery_km.sql, verbatim): the
-- cohort views merge per-clinic Kaplan-Meier states into the network's, so
-- under Citus the episode rows are grouped on their shards (issue 14).
CREATE AGGREGATE @extschema@.recovery_km_state_merge(state float8[]) (
  SFUNC = @extschema@.recovery_km_combine,
  STYPE = float8[],
  COMBINEFUNC = @extschema@.recovery_km_combine,
  FINALFUNC = @extschema@.recovery_km_state_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.recovery_km_state_merge(float8[]) IS
  'The recovery_km_state of the episodes behind several recovery_km_state states (exact merge of the Kaplan-Meier counts, Kaplan 1958): a state again, for rolling per-clinic states up to the network (cohort_recovery_state). A malformed state: ERROR 2202E.';
COMMENT ON AGGREGATE @extschema@.recovery_km_merge(float8[]) IS
  'recovery_km (Kaplan & Meier 1958; log-log CI as R survival::survfit) of the episodes behind several recovery_km_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E.';

-- ---- definitions (issue 15 items 8 and 10), activity (issue 16) and citus
-- (issue 14), merged: the three recovery definitions (tests, groc,
-- return_to_run) in episode_outcome and a definition column in every
-- cohort view, no GROUPING SETS; episode_outcome's issue 16 columns and
-- clinic_activity; the settings read once and passed to the aggregates,
-- pfps_risk in the select list (Citus); simulate_clinic following its
-- advice (knee_rehab_demo: simulate_clinic leaves knee_rehab below).  The
-- outcome views are re-created from src/outcome_views.sql,
-- src/cohort_comparison.sql and src/clinic_activity.sql (views only,
-- verbatim).  The aggregate-only views read their cells through SECURITY
-- DEFINER functions (cohort_recovery_cells, cohort_comparison_cells,
-- clinic_benchmark_cells, clinic_activity_cells) so that under Citus the
-- shard queries run as the owner, for the session's role.
DROP VIEW @extschema@.clinic_activity;
DROP VIEW @extschema@.clinic_benchmark;
DROP VIEW @extschema@.cohort_comparison;
DROP VIEW @extschema@.cohort_comparison_state;
DROP VIEW @extschema@.cohort_recovery_curve;
DROP VIEW @extschema@.cohort_recovery;
DROP VIEW @extschema@.cohort_recovery_state;
DROP VIEW @extschema@.episode_outcome_all;
DROP VIEW @extschema@.episode_outcome;

-- ---------------------------------------------------------------- episode_outcome

-- One SQL text, two views: episode_outcome (security_invoker: the
-- clinic-access policies on the tables decide what a reader sees) and
-- episode_outcome_all (the owner's rights, every clinic; not granted to
-- anyone) which only the aggregate-only views read.  PostgreSQL checks a
-- security_invoker view as the querying user even inside an owner-rights
-- view, so the aggregate views cannot read episode_outcome itself.
DO $do$
DECLARE
  body CONSTANT text := $body$
WITH setting AS MATERIALIZED (
  -- The session's settings, read once where the query starts (as in
  -- load_monitoring): under Citus a subplan on the coordinator whose values
  -- the shards receive, so no worker's own settings are used.
  SELECT @extschema@.pain_free_nrs() AS pain_free_nrs,
         @extschema@.knee_bend_target_deg() AS knee_bend_target_deg
    FROM pg_catalog.pg_extension AS x
   WHERE x.extname = 'knee_rehab'
),
test_days AS (
  -- One row per episode and calendar day of testing (UTC): is every test
  -- of each kind pain-free that day, and did the small knee bend reach the
  -- target angle?
  SELECT kt.clinic_id, kt.episode_id,
         (kt.tested_at AT TIME ZONE 'UTC')::date AS day,
         pg_catalog.count(DISTINCT kt.test) = 3
           AND pg_catalog.bool_and(kt.pain_nrs <= st.pain_free_nrs
                                   AND (kt.test <> 'small_knee_bend'
                                        OR kt.angle_deg >= st.knee_bend_target_deg))
           AS recovered_that_day
    FROM @extschema@.knee_test AS kt
   CROSS JOIN setting AS st
   GROUP BY kt.clinic_id, kt.episode_id, (kt.tested_at AT TIME ZONE 'UTC')::date
),
tests AS (
  SELECT td.clinic_id, td.episode_id,
         pg_catalog.min(td.day) FILTER (WHERE td.recovered_that_day) AS recovered_at,
         pg_catalog.max(td.day) AS last_test
    FROM test_days AS td
    JOIN @extschema@.episode AS e ON e.clinic_id = td.clinic_id AND e.episode_id = td.episode_id
   WHERE td.day >= e.first_visit
   GROUP BY td.clinic_id, td.episode_id
),
knee_bend AS (
  -- Small knee bend progress over the episode's tests (from its first visit).
  SELECT kt.clinic_id, kt.episode_id,
         @extschema@.knee_bend_progress(kt.tested_at, kt.angle_deg, kt.pain_nrs,
                                        st.pain_free_nrs, st.knee_bend_target_deg) AS kb
    FROM @extschema@.knee_test AS kt
    JOIN @extschema@.episode AS e ON e.clinic_id = kt.clinic_id AND e.episode_id = kt.episode_id
   CROSS JOIN setting AS st
   WHERE kt.test = 'small_knee_bend'
     AND (kt.tested_at AT TIME ZONE 'UTC')::date >= e.first_visit
   GROUP BY kt.clinic_id, kt.episode_id
),
sessions AS (
  -- Last session and, in the same pass, pain during runs against distance.
  SELECT ls.clinic_id, ls.episode_id, pg_catalog.max(ls.session_date) AS last_session,
         @extschema@.load_pain_trend(ls.distance_km, ls.pain_during, st.pain_free_nrs)
           FILTER (WHERE ls.kind = 'run') AS lp
    FROM @extschema@.load_session AS ls
   CROSS JOIN setting AS st
   GROUP BY ls.clinic_id, ls.episode_id
),
outcomes AS (
  SELECT om.clinic_id, om.episode_id,
         pg_catalog.max(om.measured_on) AS last_measure,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS baseline_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'nrs_pain'))[1] AS last_nrs,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'nrs_pain') AS n_nrs,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'akps'))[1] AS baseline_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'akps'))[1] AS last_akps,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'akps') AS n_akps,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on, om.measure_id)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS baseline_koos_pf,
         (pg_catalog.array_agg(om.score ORDER BY om.measured_on DESC, om.measure_id DESC)
            FILTER (WHERE om.instrument = 'koos_pf'))[1] AS last_koos_pf,
         pg_catalog.count(*) FILTER (WHERE om.instrument = 'koos_pf') AS n_koos_pf
    FROM @extschema@.outcome_measure AS om
   GROUP BY om.clinic_id, om.episode_id
),
groc AS (
  -- Recovery definition groc: the first favourable global rating of change
  -- (grc 1 completely recovered or 2 strongly improved; Collins 2013,
  -- Lankhorst 2016) on or after the first visit.
  SELECT om.clinic_id, om.episode_id, pg_catalog.min(om.measured_on) AS groc_at
    FROM @extschema@.outcome_measure AS om
    JOIN @extschema@.episode AS e ON e.clinic_id = om.clinic_id AND e.episode_id = om.episode_id
   WHERE om.instrument = 'grc' AND om.score <= 2 AND om.measured_on >= e.first_visit
   GROUP BY om.clinic_id, om.episode_id
),
return_run AS (
  -- Recovery definition return_to_run: the first run (on or after the
  -- first visit) of at least the usual pre-injury distance with pain during
  -- <= pain_free_nrs() (practitioner guidance).
  SELECT ls.clinic_id, ls.episode_id, pg_catalog.min(ls.session_date) AS return_to_run_at
    FROM @extschema@.load_session AS ls
    JOIN @extschema@.episode AS e ON e.clinic_id = ls.clinic_id AND e.episode_id = ls.episode_id
   CROSS JOIN setting AS st
   WHERE ls.kind = 'run' AND ls.distance_km >= e.usual_run_km
     AND ls.pain_during <= st.pain_free_nrs AND ls.session_date >= e.first_visit
   GROUP BY ls.clinic_id, ls.episode_id
),
base AS (
  SELECT e.episode_id, e.clinic_id, e.patient_id, e.side::text AS side,
         p.sex::text AS sex, p.foot::text AS foot,
         CASE WHEN p.injuries IS NULL THEN NULL
              ELSE pg_catalog.cardinality(p.injuries) > 0 END AS prior_injury,
         @extschema@.bmi(p.weight_kg, p.height_cm) AS bmi,
         -- In the select list, not a function in FROM: Citus pushes a
         -- multi-shard query down only with immutable functions there.
         @extschema@.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                               e.quad_deficit_pct, e.weekly_distance_increase_pct,
                               e.strength_sessions_per_week) AS r,
         e.symptom_onset, e.first_visit, e.discharged_on,
         e.first_visit - e.symptom_onset AS symptom_days,
         CASE WHEN e.symptom_onset IS NULL THEN NULL
              WHEN e.symptom_onset >= e.first_visit - interval '2 months' THEN 'up_to_2_months'
              ELSE 'over_2_months' END AS symptom_duration,
         o.baseline_nrs,
         CASE WHEN o.n_nrs > 1 THEN o.last_nrs END AS latest_nrs,
         o.baseline_akps::integer AS baseline_akps,
         CASE WHEN o.n_akps > 1 THEN o.last_akps::integer END AS latest_akps,
         o.baseline_koos_pf,
         CASE WHEN o.n_koos_pf > 1 THEN o.last_koos_pf END AS latest_koos_pf,
         COALESCE((k.kb).n, 0) AS knee_bend_tests, (k.kb).trend AS knee_bend_trend,
         (k.kb).best_pain_free_angle_deg, (k.kb).angle_slope_per_week, (k.kb).first_ready_at,
         COALESCE((s.lp).n, 0) AS runs_with_pain, (s.lp).slope AS load_pain_slope,
         (s.lp).slope_ci_low AS load_pain_slope_ci_low, (s.lp).slope_ci_high AS load_pain_slope_ci_high,
         (s.lp).pain_free_capacity AS pain_free_capacity_km,
         t.recovered_at,
         g.groc_at, e.usual_run_km, rr.return_to_run_at,
         GREATEST(e.first_visit, e.discharged_on, t.last_test, s.last_session,
                  o.last_measure) AS last_contact
    FROM @extschema@.episode AS e
    JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
    LEFT JOIN tests AS t ON t.clinic_id = e.clinic_id AND t.episode_id = e.episode_id
    LEFT JOIN knee_bend AS k ON k.clinic_id = e.clinic_id AND k.episode_id = e.episode_id
    LEFT JOIN sessions AS s ON s.clinic_id = e.clinic_id AND s.episode_id = e.episode_id
    LEFT JOIN outcomes AS o ON o.clinic_id = e.clinic_id AND o.episode_id = e.episode_id
    LEFT JOIN groc AS g ON g.clinic_id = e.clinic_id AND g.episode_id = e.episode_id
    LEFT JOIN return_run AS rr ON rr.clinic_id = e.clinic_id AND rr.episode_id = e.episode_id
),
intake AS (
  -- Issue 16: the episode's working diagnosis, therapist and discharge reason.
  SELECT e.clinic_id, e.episode_id, e.working_diagnosis, e.therapist, e.discharge_reason
    FROM @extschema@.episode AS e
),
gait AS (
  -- Issue 16: cadence at the first and the latest gait assessment with one.
  SELECT ga.clinic_id, ga.episode_id,
         (pg_catalog.array_agg(ga.cadence_spm ORDER BY ga.assessed_on, ga.assessment_id))[1] AS first_cadence,
         (pg_catalog.array_agg(ga.cadence_spm ORDER BY ga.assessed_on DESC, ga.assessment_id DESC))[1] AS last_cadence,
         pg_catalog.count(*) AS n_cadence
    FROM @extschema@.gait_assessment AS ga
   WHERE ga.cadence_spm IS NOT NULL
   GROUP BY ga.clinic_id, ga.episode_id
),
equipment AS (
  -- Issue 16: equipment changes (shoes, orthosis, taping, brace).
  SELECT ec.clinic_id, ec.episode_id, pg_catalog.count(*) AS changes
    FROM @extschema@.equipment_change AS ec
   GROUP BY ec.clinic_id, ec.episode_id
)
SELECT b.episode_id, b.clinic_id, b.patient_id, b.side, b.sex, b.foot,
       b.prior_injury, b.bmi, (b.r).tier::text AS risk_tier,
       CASE (b.r).tier WHEN 'low' THEN 1 WHEN 'moderate' THEN 2 WHEN 'high' THEN 3 END AS risk_tier_rank,
       (b.r).relative_risk, (b.r).completeness AS risk_completeness,
       b.symptom_onset, b.first_visit, b.discharged_on,
       b.symptom_days, b.symptom_duration,
       b.baseline_nrs, b.latest_nrs, b.latest_nrs - b.baseline_nrs AS nrs_change,
       @extschema@.nrs_responder(b.baseline_nrs, b.latest_nrs) AS nrs_responder,
       b.baseline_akps, b.latest_akps, b.latest_akps - b.baseline_akps AS akps_change,
       @extschema@.akps_responder(b.baseline_akps, b.latest_akps) AS akps_responder,
       b.baseline_koos_pf, b.latest_koos_pf,
       b.knee_bend_tests, b.knee_bend_trend, b.best_pain_free_angle_deg, b.angle_slope_per_week,
       b.first_ready_at,
       b.runs_with_pain, b.load_pain_slope, b.load_pain_slope_ci_low, b.load_pain_slope_ci_high,
       b.pain_free_capacity_km,
       b.recovered_at, b.last_contact,
       b.recovered_at IS NOT NULL AS recovered,
       (COALESCE(b.recovered_at, b.last_contact) - b.first_visit)::float8 AS days_to_event,
       b.groc_at, b.groc_at IS NOT NULL AS groc_recovered,
       (COALESCE(b.groc_at, b.last_contact) - b.first_visit)::float8 AS groc_days_to_event,
       b.return_to_run_at,
       CASE WHEN b.usual_run_km IS NOT NULL THEN b.return_to_run_at IS NOT NULL END AS return_to_run_recovered,
       CASE WHEN b.usual_run_km IS NOT NULL
            THEN (COALESCE(b.return_to_run_at, b.last_contact) - b.first_visit)::float8 END
         AS return_to_run_days_to_event,
       i.working_diagnosis, i.therapist, i.discharge_reason,
       CASE WHEN hp.prescribed >= 1 THEN 100 * hp.done / hp.prescribed END AS adherence_pct,
       CASE WHEN g.n_cadence > 1 THEN 100 * (g.last_cadence - g.first_cadence) / g.first_cadence END AS cadence_change_pct,
       COALESCE(q.changes, 0) AS equipment_changes
  FROM base AS b
  LEFT JOIN intake AS i ON i.clinic_id = b.clinic_id AND i.episode_id = b.episode_id
  LEFT JOIN gait AS g ON g.clinic_id = b.clinic_id AND g.episode_id = b.episode_id
  LEFT JOIN equipment AS q ON q.clinic_id = b.clinic_id AND q.episode_id = b.episode_id
  LEFT JOIN LATERAL (
    -- Issue 16: home-program adherence over the episode, from the first
    -- visit to the discharge (else the last contact): the sessions done
    -- on the prescriptions' days in that window / home_sessions_prescribed.
    SELECT pg_catalog.sum(hd.prescribed) AS prescribed, pg_catalog.sum(hd.done)::float8 AS done
      FROM (SELECT @extschema@.home_sessions_prescribed(hx.sessions_per_week, hx.start_date, hx.end_date,
                                                        b.first_visit, COALESCE(b.discharged_on, b.last_contact)) AS prescribed,
                   (SELECT pg_catalog.count(*) FROM @extschema@.home_exercise_log AS hl
                     WHERE hl.clinic_id = hx.clinic_id AND hl.episode_id = hx.episode_id
                       AND hl.exercise_id = hx.exercise_id
                       AND hl.done_on >= GREATEST(hx.start_date, b.first_visit)
                       AND hl.done_on <= LEAST(COALESCE(hx.end_date, COALESCE(b.discharged_on, b.last_contact)),
                                               COALESCE(b.discharged_on, b.last_contact))) AS done
              FROM @extschema@.home_exercise AS hx
             WHERE hx.clinic_id = b.clinic_id AND hx.episode_id = b.episode_id) AS hd) AS hp ON true
$body$;
BEGIN
  EXECUTE 'CREATE VIEW @extschema@.episode_outcome WITH (security_invoker = true) AS ' || body;
  EXECUTE 'CREATE VIEW @extschema@.episode_outcome_all WITH (security_barrier = true) AS ' || body;
END
$do$;
COMMENT ON VIEW @extschema@.episode_outcome IS
  'One row per episode: patient factors, PFPS risk tier, relative risk and factors (pfps_risk: Boling 2010 in US Naval Academy midshipmen; van Poppel 2018; Neal 2014/2019; Nielsen 2014), symptom duration at the first visit (> 2 months: poor prognosis, weak evidence), baseline (first) and latest NRS (Farrar 2001), AKPS (Kujala 1993; responder >= 10 points, Crossley 2004) and KOOS-PF (Crossley 2018), small knee bend progress (knee_bend_progress) and the load-pain trend of the runs (load_pain_trend; pain-monitoring model, Thomee 1997; pain_free_capacity is practitioner guidance, an extrapolation of the fitted line), and the recovery event under three named definitions (clinical reference "Recovery"), each censored at last contact: tests (recovered_at, recovered, days_to_event) = first day (from the first visit) on which all three provocation tests are pain-free (<= pain_free_nrs()) and the small knee bend reaches knee_bend_target_deg(), a readiness surrogate; groc (groc_at, groc_recovered, groc_days_to_event) = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); return_to_run (return_to_run_at, return_to_run_recovered, return_to_run_days_to_event) = first run of at least usual_run_km with pain_during <= pain_free_nrs() (practitioner guidance), NULL when usual_run_km is not recorded (excluded, not censored); the *days_to_event columns are the time-to-event inputs of recovery_km (Kaplan-Meier).';
COMMENT ON COLUMN @extschema@.episode_outcome.prior_injury IS 'Any previous knee injury recorded (NULL: history not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.bmi IS 'Body mass index, kg/m2 (not a PFPS risk factor prospectively, Neal 2019).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_tier IS 'PFPS risk tier at intake as text (low, moderate, high; order by risk_tier_rank), pfps_risk(...).tier over the patient''s sex, weight, height, injuries, foot and the episode''s quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week (Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014; not a validated prediction model).';
COMMENT ON COLUMN @extschema@.episode_outcome.relative_risk IS 'pfps_risk(...).relative_risk: product of the factor relative risks against a reference runner, with the clinic''s risk_parameter overrides.';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_completeness IS 'pfps_risk(...).completeness: share of the risk factors recorded (NULL factors count 1.0).';
COMMENT ON COLUMN @extschema@.episode_outcome.risk_tier_rank IS 'Order of risk_tier for sorting and charts: 1 low, 2 moderate, 3 high (tiers of pfps_risk: low < 1.5 <= moderate < 3 <= high relative risk by default; Boling 2010; van Poppel 2018; Neal 2014/2019; Nielsen 2014). Each factor behind it: view episode_risk_factor.';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_tests IS 'Small knee bend tests of the episode (knee_bend_progress n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.knee_bend_trend IS 'knee_bend_progress(tested_at, angle_deg, pain_nrs).trend over the episode''s small knee bend tests: improving | stable | worsening | insufficient_data (NULL: no tests).';
COMMENT ON COLUMN @extschema@.episode_outcome.best_pain_free_angle_deg IS 'Largest small knee bend angle tested with pain <= pain_free_nrs() (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.angle_slope_per_week IS 'Least-squares slope of the small knee bend angle, degrees per week (knee_bend_progress).';
COMMENT ON COLUMN @extschema@.episode_outcome.first_ready_at IS 'First small knee bend test meeting ready_to_run: knee_bend_target_deg() reached pain-free (clinical reference).';
COMMENT ON COLUMN @extschema@.episode_outcome.runs_with_pain IS 'Runs with a distance and a pain-during score (load_pain_trend n; 0 when none).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope IS 'load_pain_trend(distance_km, pain_during) over the episode''s runs: NRS points of pain per km (pain-monitoring model, Thomee 1997); equals regr_slope(pain_during, distance_km).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_low IS '95 % lower limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.load_pain_slope_ci_high IS '95 % upper limit of load_pain_slope (t, n - 2 df; NULL under 3 runs).';
COMMENT ON COLUMN @extschema@.episode_outcome.pain_free_capacity_km IS 'Run distance at which the fitted pain reaches pain_free_nrs() (load_pain_trend pain_free_capacity; practitioner guidance "run to the pain limit"; an extrapolation of the fitted line, not a measured limit; NULL unless the slope is positive).';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_days IS 'Days from symptom onset to the first visit.';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_duration IS 'up_to_2_months or over_2_months at the first visit (> 2 months: poor prognosis, weak evidence); NULL when onset is not recorded.';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_nrs IS 'First NRS pain score of the episode (0-10).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_nrs IS 'Latest NRS pain score, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.nrs_change IS 'latest_nrs - baseline_nrs (negative = less pain).';
COMMENT ON COLUMN @extschema@.episode_outcome.nrs_responder IS 'Pain dropped >= 2 points or >= 30 % (Farrar 2001).';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_akps IS 'First AKPS of the episode (Kujala 1993, 0-100).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_akps IS 'Latest AKPS, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.akps_change IS 'latest_akps - baseline_akps (positive = better).';
COMMENT ON COLUMN @extschema@.episode_outcome.akps_responder IS 'AKPS rose >= 10 points (Crossley 2004).';
COMMENT ON COLUMN @extschema@.episode_outcome.baseline_koos_pf IS 'First KOOS-PF of the episode (Crossley 2018, 0-100).';
COMMENT ON COLUMN @extschema@.episode_outcome.latest_koos_pf IS 'Latest KOOS-PF, NULL unless there are at least two.';
COMMENT ON COLUMN @extschema@.episode_outcome.recovered_at IS 'Recovery definition tests (a readiness surrogate, clinical reference "Recovery"): first day from the first visit with all three provocation tests pain-free and the small knee bend at the target angle (the UTC day of tested_at; tests before the first visit ignored); NULL = not (yet) recovered.';
COMMENT ON COLUMN @extschema@.episode_outcome.last_contact IS 'Latest of first visit, discharge, provocation tests, sessions and outcome measures: the censoring day.';
COMMENT ON COLUMN @extschema@.episode_outcome.recovered IS 'Recovery definition tests: true when recovered_at is known (the Kaplan-Meier event of the tests definition: all three provocation tests pain-free and the small knee bend at knee_bend_target_deg, a readiness surrogate; clinical reference "Recovery").';
COMMENT ON COLUMN @extschema@.episode_outcome.days_to_event IS 'Recovery definition tests: days from the first visit to recovered_at, or to last_contact when censored (clinical reference "Recovery": censor at last contact).';
COMMENT ON COLUMN @extschema@.episode_outcome.groc_at IS 'Recovery definition groc: first day (on or after the first visit) with a favourable global rating of change, outcome_measure grc score 1 (completely recovered) or 2 (strongly improved); 3 (slightly improved) and worse are not (Collins 2013 BJSM 47:227; Lankhorst 2016). NULL = none (yet).';
COMMENT ON COLUMN @extschema@.episode_outcome.groc_recovered IS 'Recovery definition groc: true when groc_at is known (the Kaplan-Meier event; Collins 2013).';
COMMENT ON COLUMN @extschema@.episode_outcome.groc_days_to_event IS 'Recovery definition groc: days from the first visit to groc_at, or to last_contact when censored (Collins 2013; clinical reference "Recovery").';
COMMENT ON COLUMN @extschema@.episode_outcome.return_to_run_at IS 'Recovery definition return_to_run: first run (load_session kind run, on or after the first visit) with distance_km >= the episode''s usual_run_km and pain_during <= pain_free_nrs() (a run with no pain_during recorded does not count); practitioner guidance "keep building until you approach your levels before the injury". NULL = none (yet), or usual_run_km not recorded.';
COMMENT ON COLUMN @extschema@.episode_outcome.return_to_run_recovered IS 'Recovery definition return_to_run: true when return_to_run_at is known (the Kaplan-Meier event; practitioner guidance); NULL when the episode has no usual_run_km: the event is undefined, and the episode is left out of return_to_run figures (excluded, not censored).';
COMMENT ON COLUMN @extschema@.episode_outcome.return_to_run_days_to_event IS 'Recovery definition return_to_run: days from the first visit to return_to_run_at, or to last_contact when censored (practitioner guidance; clinical reference "Recovery"); NULL when the episode has no usual_run_km (excluded, not censored).';

COMMENT ON COLUMN @extschema@.episode_outcome.episode_id IS 'Episode id, unique within its clinic: the episode''s identity is (clinic_id, episode_id).';
COMMENT ON COLUMN @extschema@.episode_outcome.clinic_id IS 'Clinic of the episode (with episode_id, its identity; the clinic-access key).';
COMMENT ON COLUMN @extschema@.episode_outcome.patient_id IS 'Patient id, unique within the clinic: the patient is (clinic_id, patient_id).';
COMMENT ON COLUMN @extschema@.episode_outcome.side IS 'Affected knee as text: left, right, both (the knee_side values; NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.sex IS 'The patient''s sex as text: female, male, other, unknown (the sex values; NULL = not recorded; female RR 2.23, Boling 2010, in naval-academy midshipmen).';
COMMENT ON COLUMN @extschema@.episode_outcome.foot IS 'The patient''s foot type as text: neutral, flat, overpronation, high_arch, pttd (the foot_type values; NULL = not recorded; weak evidence, Neal 2014).';
COMMENT ON COLUMN @extschema@.episode_outcome.symptom_onset IS 'Date symptoms began (NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.first_visit IS 'Date of the first visit: day 0 of days_to_event.';
COMMENT ON COLUMN @extschema@.episode_outcome.discharged_on IS 'Discharge date (NULL = not discharged).';
COMMENT ON COLUMN @extschema@.episode_outcome.working_diagnosis IS 'The episode''s working diagnosis as text (episode.working_diagnosis: triage''s likely_condition vocabulary, Crossley 2016 consensus, or other; NULL = not recorded).';
COMMENT ON COLUMN @extschema@.episode_outcome.therapist IS 'The treating therapist, the clinic''s own id (episode.therapist; NULL = not recorded). No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.episode_outcome.discharge_reason IS 'Why the episode ended as text: recovered, self_discharged, referred, lost_to_follow_up or other (episode.discharge_reason; NULL = not discharged or not recorded). No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.episode_outcome.adherence_pct IS 'Home-program adherence over the episode, percent: home_exercise_log sessions done / sessions prescribed x 100 (issue 16), over the days from the first visit to discharged_on (else last_contact) on which each prescription ran; prescribed = home_sessions_prescribed (sessions_per_week x days / 7). NULL without a prescription or under 1 prescribed session; may exceed 100. Practitioner guidance (clinical reference, load and pain): the strength circuit 2-3 times a week.';
COMMENT ON COLUMN @extschema@.episode_outcome.cadence_change_pct IS 'Running cadence change, percent: (latest - first gait_assessment cadence_spm) / first x 100, by assessed_on; NULL unless two assessments with a cadence. Gait retraining dose: cadence +10 % lowers peak patellofemoral joint force by 14 % (Lenhart 2014, MSSE 46:557); +5 % lowers energy absorbed at the knee by 20 % (Heiderscheit 2011, MSSE 43:296).';
COMMENT ON COLUMN @extschema@.episode_outcome.equipment_changes IS 'Number of equipment_change rows of the episode (shoes, orthosis, taping, brace; 0 when none). Practitioner guidance; weak evidence for each.';
GRANT SELECT ON @extschema@.episode_outcome TO PUBLIC;

-- The twin's comments: the same per column.
COMMENT ON VIEW @extschema@.episode_outcome_all IS
  'Internal to the aggregate-only views (cohort_recovery and the like): episode_outcome''s rows for every clinic, with the view owner''s rights; not granted to anyone. Same SQL text and columns as episode_outcome (sources there: Boling 2010, Kujala 1993, Crossley 2004/2018, Farrar 2001).';
DO $do$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT a.attname, d.description
             FROM pg_catalog.pg_attribute AS a
             JOIN pg_catalog.pg_description AS d
               ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND d.objsubid = a.attnum
            WHERE a.attrelid = '@extschema@.episode_outcome'::pg_catalog.regclass
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.episode_outcome_all.%I IS %L', c.attname, c.description);
  END LOOP;
END
$do$;

-- ---------------------------------------------------------------- cohort_recovery_state

-- Aggregate-only building block (not granted to PUBLIC): one row per clinic
-- the caller may see and per cohort, plus the same across those clinics
-- (all_clinics), with the Kaplan-Meier state and suppression applied over
-- both the cohort and the clinic dimension.
CREATE VIEW @extschema@.cohort_recovery_state WITH (security_barrier = true) AS
WITH vis AS (
  -- The clinics the caller may see, and those whose rows it can read (a
  -- NULL element, every clinic, is left out of the latter: such a reader
  -- reads every row anyway).
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
eo AS (
  SELECT o.clinic_id,
         o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration, o.recovered, o.days_to_event, o.akps_responder, o.nrs_change,
         o.groc_recovered, o.groc_days_to_event, o.return_to_run_recovered, o.return_to_run_days_to_event
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
unpivoted AS (
  -- One row per episode, recovery definition and cell it belongs to: the
  -- whole set (dimension NULL, cohort 'all') and its cohort of each
  -- dimension.  An episode whose event is undefined under a definition
  -- (return_to_run without usual_run_km) is left out of that definition.
  SELECT eo.clinic_id, r.definition, d.dimension, COALESCE(d.value, 'not recorded') AS cohort,
         r.recovered, r.days_to_event,
         CASE WHEN r.definition <> 'return_to_run' THEN eo.akps_responder END AS akps_responder,
         CASE WHEN r.definition <> 'return_to_run' THEN eo.nrs_change END AS nrs_change
    FROM eo
   CROSS JOIN LATERAL (VALUES ('tests'::text, eo.recovered, eo.days_to_event),
                              ('groc', eo.groc_recovered, eo.groc_days_to_event),
                              ('return_to_run', eo.return_to_run_recovered, eo.return_to_run_days_to_event))
                      AS r (definition, recovered, days_to_event)
   CROSS JOIN LATERAL (VALUES (NULL::text, 'all'::text), ('risk_tier', eo.risk_tier), ('sex', eo.sex),
                              ('foot_type', eo.foot), ('prior_injury', eo.prior_injury),
                              ('symptom_duration', eo.symptom_duration)) AS d (dimension, value)
   WHERE r.days_to_event IS NOT NULL
),
per_clinic AS (
  -- One GROUP BY over the episode rows, per clinic (under Citus it runs on
  -- the shard of each clinic); the cells across the clinics are then
  -- merged from these (exactly: counts add up, Kaplan-Meier states merge),
  -- so the episode rows are read once and never leave a shard.
  SELECT u.clinic_id, u.definition, u.dimension, u.cohort,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(u.days_to_event, u.recovered) AS km_state,
         pg_catalog.count(*) FILTER (WHERE u.akps_responder) AS akps_responders,
         pg_catalog.count(u.akps_responder) AS akps_pairs,
         pg_catalog.sum(u.nrs_change) AS nrs_change_sum,
         pg_catalog.count(u.nrs_change) AS nrs_change_n
    FROM unpivoted AS u
   GROUP BY u.clinic_id, u.definition, u.dimension, u.cohort
),
cells AS (
  -- Per clinic, and across the clinics (no GROUPING SETS, which Citus
  -- refuses across shards).
  SELECT false AS all_clinics, p.clinic_id, p.definition, p.dimension, p.cohort, p.episodes, p.km_state,
         p.akps_responders::float8 / NULLIF(p.akps_pairs, 0) AS akps_responder_share,
         p.nrs_change_sum / NULLIF(p.nrs_change_n, 0) AS mean_nrs_change
    FROM per_clinic AS p
  UNION ALL
  SELECT true, NULL::text, p.definition, p.dimension, p.cohort,
         pg_catalog.sum(p.episodes)::bigint,
         @extschema@.recovery_km_state_merge(p.km_state),
         pg_catalog.sum(p.akps_responders)::float8 / NULLIF(pg_catalog.sum(p.akps_pairs), 0),
         pg_catalog.sum(p.nrs_change_sum) / NULLIF(pg_catalog.sum(p.nrs_change_n), 0)
    FROM per_clinic AS p
   GROUP BY p.definition, p.dimension, p.cohort
),
numbered AS (
  -- known: a cell of a clinic whose rows the caller can read (it counts
  -- them itself), so no protection: it is left out of every line, and a
  -- line's other cells are suppressed as if it were published.
  SELECT c.*, pg_catalog.row_number() OVER (ORDER BY c.definition, c.all_clinics, c.clinic_id, c.dimension NULLS FIRST, c.cohort)::integer AS cell,
         (NOT c.all_clinics AND c.clinic_id = ANY (vis.row_clinics)) AS known
    FROM cells AS c, vis
),
members AS (
  -- Lines stay within one recovery definition (each has its own cells).
  -- Row lines: a group's cohorts of one dimension add up to its total.
  SELECT n.definition || '|r' || n.all_clinics::text || '|' || COALESCE(n.clinic_id, '') || '|' || n.dimension AS line,
         n.cell, false AS is_total
    FROM numbered AS n WHERE n.dimension IS NOT NULL AND NOT n.known
  UNION ALL
  SELECT t.definition || '|r' || t.all_clinics::text || '|' || COALESCE(t.clinic_id, '') || '|' || d.dimension, t.cell, true
    FROM numbered AS t
   CROSS JOIN (SELECT DISTINCT n.dimension FROM numbered AS n WHERE n.dimension IS NOT NULL) AS d
   WHERE t.dimension IS NULL AND NOT t.known
  UNION ALL
  -- Column lines: a cohort (or the total) over the clinics adds up to the
  -- cross-clinic cell.
  SELECT n.definition || '|c|' || COALESCE(n.dimension, '') || '|' || n.cohort,
         n.cell, n.all_clinics
    FROM numbered AS n WHERE NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT @extschema@.suppress_cells(
                   (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
                   pg_catalog.array_agg(mm.dense_rank_line ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.cell ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.is_total ORDER BY mm.line, mm.cell),
                   @extschema@.min_cell_size()) AS sup
            FROM (SELECT m.*, pg_catalog.dense_rank() OVER (ORDER BY m.line)::integer AS dense_rank_line
                    FROM members AS m) AS mm) AS s
   CROSS JOIN LATERAL pg_catalog.unnest(s.sup) WITH ORDINALITY AS f (suppressed, cell)
),
shown AS (
  SELECT n.all_clinics, n.clinic_id, d.dimension, n.definition, n.cohort,
         n.dimension IS NULL AS is_total,
         f.suppressed, n.episodes, n.km_state, n.akps_responder_share, n.mean_nrs_change
    FROM numbered AS n
    JOIN flags AS f ON f.cell = n.cell
    JOIN (SELECT DISTINCT n2.dimension FROM numbered AS n2 WHERE n2.dimension IS NOT NULL) AS d
      ON d.dimension = n.dimension OR n.dimension IS NULL
)
SELECT s.clinic_id, s.all_clinics, s.dimension, s.definition, s.cohort, s.is_total, s.suppressed,
       CASE WHEN NOT s.suppressed THEN s.episodes END AS episodes,
       CASE WHEN NOT s.suppressed THEN s.km_state END AS km_state,
       CASE WHEN NOT s.suppressed THEN s.akps_responder_share END AS akps_responder_share,
       CASE WHEN NOT s.suppressed THEN s.mean_nrs_change::float8 END AS mean_nrs_change
  FROM shown AS s;
COMMENT ON VIEW @extschema@.cohort_recovery_state IS
  'Building block of cohort_recovery and cohort_recovery_curve (aggregate-only, runs with its owner''s rights, not granted to PUBLIC): for each clinic the caller may see (visible_clinics) and across those clinics (all_clinics), per recovery definition (definition: tests, groc, return_to_run; long form) and per cohort of risk_tier, sex, foot_type, prior_injury and symptom_duration plus the total (is_total), the recovery_km_state of the episodes and the PROM figures (tests and groc rows; NULL on return_to_run rows, whose episodes are a subset); suppression by suppress_cells over the cohort and the clinic dimension (min_cell_size), separately per definition (a return_to_run cell counts only the episodes with usual_run_km). Kaplan-Meier state as recovery_km (Kaplan 1958); PROMs: Crossley 2004, Farrar 2001.';

COMMENT ON COLUMN @extschema@.cohort_recovery_state.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.all_clinics IS 'True on the rows that pool every clinic the caller may see (visible_clinics).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.cohort IS 'The value within the dimension; ''all'' on the total row (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.is_total IS 'True on the row for every episode of the clinic (cohort ''all''), repeated under each dimension.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.suppressed IS 'True when the cell is too small to show (min_cell_size) or would let a small cell be worked out from the others (suppress_cells; statistical disclosure control, Hundepool 2012).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.km_state IS 'recovery_km_state(days_to_event, recovered) of the cohort under the row''s definition: the Kaplan-Meier state (Kaplan 1958) read by recovery_km_summary and recovery_curve (NULL when suppressed; internal, float8[]).';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.akps_responder_share IS 'Share (0-1) of the episodes with two AKPS whose AKPS rose >= 10 points (Crossley 2004); NULL when suppressed and on return_to_run rows.';
COMMENT ON COLUMN @extschema@.cohort_recovery_state.mean_nrs_change IS 'Mean latest - baseline NRS pain over episodes with two NRS scores (Farrar 2001; negative = less pain); NULL when suppressed and on return_to_run rows.';

-- The cells, computed with the owner's rights for the session's role.  A
-- SECURITY DEFINER function rather than the view itself: a view runs with
-- its owner's rights on one node, but under Citus the queries on the
-- shards run as the current user, who (an aggregate-only analyst) may read
-- no row; inside this function the current user is the owner, and the
-- caller is still the session's role (visible_clinics, session_role).
CREATE FUNCTION @extschema@.cohort_recovery_cells()
  RETURNS SETOF @extschema@.cohort_recovery_state
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT * FROM @extschema@.cohort_recovery_state;
END;
COMMENT ON FUNCTION @extschema@.cohort_recovery_cells() IS
  'The rows of cohort_recovery_state for the session''s role (session_role; its clinics from clinic_access), computed with the owner''s rights (SECURITY DEFINER: under Citus the shard queries run as the owner, not as an aggregate-only caller who may read no row). Suppressed cells carry no figures, so it shows no more than cohort_recovery_curve. Read by cohort_recovery and cohort_recovery_curve (whose callers must be able to execute it). Kaplan-Meier state as recovery_km (Kaplan 1958).';

-- ---------------------------------------------------------------- cohort_recovery

CREATE VIEW @extschema@.cohort_recovery WITH (security_barrier = true) AS
SELECT s.clinic_id, s.all_clinics, s.dimension, s.definition, s.cohort, s.is_total, s.suppressed, s.episodes,
       k.events AS recovered,
       k.median_days, k.median_ci_low, k.median_ci_high,
       k.recovered_by_6wk, k.recovered_by_12wk,
       s.akps_responder_share, s.mean_nrs_change
  FROM @extschema@.cohort_recovery_cells() AS s
  LEFT JOIN LATERAL @extschema@.recovery_km_summary(s.km_state) AS k ON true;
COMMENT ON VIEW @extschema@.cohort_recovery IS
  'Recovery per clinic and cohort (aggregate-only: runs with its owner''s rights and shows only the clinics the caller holds access to in clinic_access; no table privilege needed). For each visible clinic, and across them (all_clinics), per cohort of risk_tier (low/moderate/high from pfps_risk), sex, foot_type, prior_injury yes/no and symptom_duration up to / over 2 months, plus the total row (is_total): episodes, recovered, Kaplan-Meier median days to recovery with its 95 % log-log CI (Brookmeyer-Crowley, as R survfit), recovered by 6 and 12 weeks and the share of AKPS responders (>= 10 points, Crossley 2004) among episodes with two AKPS, all fractions 0-1, mean NRS change. Every row names its recovery definition (column definition, long form): tests (all three provocation tests pain-free and the small knee bend at the target angle; a readiness surrogate), groc (first favourable global rating of change, Collins 2013) or return_to_run (first run of the usual pre-injury distance with pain <= pain_free_nrs; practitioner guidance; episodes without usual_run_km are left out). PROM figures (akps_responder_share, mean_nrs_change) do not depend on the definition: shown on tests and groc rows, NULL on return_to_run rows. Suppression per definition: cells with fewer than knee_rehab.min_cell_size episodes, and the cells that would let one be worked out by subtraction across cohorts or clinics (suppress_cells), show suppressed = true and NULL figures.';
COMMENT ON COLUMN @extschema@.cohort_recovery.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery.all_clinics IS 'True on the rows that pool every clinic the caller may see; false on per-clinic rows. Sum episodes over one of the two, never both.';
COMMENT ON COLUMN @extschema@.cohort_recovery.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only.';
COMMENT ON COLUMN @extschema@.cohort_recovery.cohort IS 'The value within the dimension; ''all'' on the total row (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery.is_total IS 'True on the row for every episode of the clinic (cohort ''all''), repeated under each dimension; exclude it when summing cohorts.';
COMMENT ON COLUMN @extschema@.cohort_recovery.suppressed IS 'True when the cell is too small to show (min_cell_size) or would let a small cell be worked out from the others (across cohorts or clinics).';
COMMENT ON COLUMN @extschema@.cohort_recovery.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered IS 'Episodes that reached the recovery event of the row''s definition (column definition: tests, groc or return_to_run).';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_days IS 'Kaplan-Meier median days from first visit to the recovery event of the row''s definition (NULL when the curve does not reach 0.5).';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_low IS '95 % lower limit of the median, log-log method (R survfit conf.type = "log-log").';
COMMENT ON COLUMN @extschema@.cohort_recovery.median_ci_high IS '95 % upper limit of the median (NULL = not reached).';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_6wk IS '1 - S(42 days), Kaplan-Meier, recovered under the row''s definition: a fraction 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery.recovered_by_12wk IS '1 - S(84 days), Kaplan-Meier, recovered under the row''s definition: a fraction 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery.akps_responder_share IS 'Share (a fraction 0-1, like recovered_by_6wk) of the episodes with a baseline and a later AKPS whose AKPS rose >= 10 points (Crossley 2004); independent of the definition: repeated on tests and groc rows, NULL on return_to_run rows.';
COMMENT ON COLUMN @extschema@.cohort_recovery.mean_nrs_change IS 'Mean latest - baseline NRS pain over episodes with two NRS scores (negative = less pain; Farrar 2001); independent of the definition: repeated on tests and groc rows, NULL on return_to_run rows.';
GRANT SELECT ON @extschema@.cohort_recovery TO PUBLIC;

-- ---------------------------------------------------------------- cohort_recovery_curve

CREATE VIEW @extschema@.cohort_recovery_curve WITH (security_barrier = true) AS
SELECT s.clinic_id, s.all_clinics, s.dimension, s.definition, s.cohort, s.is_total,
       c.day, c.at_risk, c.events, c.censored,
       c.survival, 1 - c.survival AS recovered_share, c.ci_low, c.ci_high
  FROM @extschema@.cohort_recovery_cells() AS s
 CROSS JOIN LATERAL @extschema@.recovery_curve(s.km_state) AS c
 WHERE NOT s.suppressed;
COMMENT ON VIEW @extschema@.cohort_recovery_curve IS
  'Kaplan-Meier steps per clinic and cohort in long format for BI tools (aggregate-only, like cohort_recovery: the caller''s clinics only, suppressed cohorts have no rows): day, at_risk, events, censored, survival S(day), recovered_share = 1 - S, 95 % log-log pointwise band (Kaplan 1958; Greenwood 1926; as R summary(survfit)). Every curve names its recovery definition (column definition: tests, a readiness surrogate; groc, Collins 2013; return_to_run, practitioner guidance); a curve stays within one definition.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.clinic_id IS 'The clinic; NULL on curves across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.all_clinics IS 'True on curves that pool every clinic the caller may see.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.cohort IS 'The value within the dimension; ''all'' for the total curve (is_total); ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.is_total IS 'True for the curve of every episode of the clinic (cohort ''all'').';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.day IS 'Days from the first visit at which an event or censoring happened (a step of the curve).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.at_risk IS 'Episodes still at risk (not yet recovered or censored) just before day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.events IS 'Episodes reaching the recovery event of the row''s definition (tests, groc or return_to_run) on day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.censored IS 'Episodes censored (last contact without recovery) on day.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.survival IS 'Kaplan-Meier S(day): share not yet recovered under the row''s definition, 0-1 (Kaplan 1958).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.recovered_share IS '1 - S(day): share recovered by day under the row''s definition (column definition), 0-1.';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.ci_low IS '95 % lower limit of S(day), log-log (Greenwood variance), as R summary(survfit).';
COMMENT ON COLUMN @extschema@.cohort_recovery_curve.ci_high IS '95 % upper limit of S(day), log-log (Greenwood variance).';
GRANT SELECT ON @extschema@.cohort_recovery_curve TO PUBLIC;

-- ---------------------------------------------------------------- cohort_comparison_state

-- Building block (not granted to PUBLIC): the cells of cohort_recovery_state
-- (per visible clinic and across them; per dimension and cohort, plus each
-- group's total) with their episode and recovery counts, a
-- recovery_compare_state of the cell's episodes labelled with its cohort,
-- and the suppression flag.
CREATE VIEW @extschema@.cohort_comparison_state WITH (security_barrier = true) AS
WITH vis AS (
  -- The clinics the caller may see, and those whose rows it can read (a
  -- NULL element, every clinic, is left out of the latter: such a reader
  -- reads every row anyway).  As cohort_recovery_state.
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
eo AS (
  SELECT o.clinic_id,
         o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration::text AS symptom_duration, o.recovered, o.days_to_event,
         o.groc_recovered, o.groc_days_to_event, o.return_to_run_recovered, o.return_to_run_days_to_event
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
dims AS (
  -- One row per episode, recovery definition and cell (the whole set,
  -- dimension NULL and cohort 'all', and its cohort of each dimension), as
  -- in cohort_recovery_state; episodes whose event is undefined under a
  -- definition (return_to_run without usual_run_km) are left out of it.
  SELECT eo.clinic_id, r.definition, d.dimension, COALESCE(d.value, 'not recorded') AS cohort,
         r.recovered, r.days_to_event
    FROM eo
   CROSS JOIN LATERAL (VALUES ('tests'::text, eo.recovered, eo.days_to_event),
                              ('groc', eo.groc_recovered, eo.groc_days_to_event),
                              ('return_to_run', eo.return_to_run_recovered, eo.return_to_run_days_to_event))
                      AS r (definition, recovered, days_to_event)
   CROSS JOIN LATERAL (VALUES (NULL::text, 'all'::text), ('risk_tier', eo.risk_tier), ('sex', eo.sex),
                              ('foot_type', eo.foot), ('prior_injury', eo.prior_injury),
                              ('symptom_duration', eo.symptom_duration)) AS d (dimension, value)
   WHERE r.days_to_event IS NOT NULL
),
per_clinic AS (
  -- One GROUP BY over the episode rows, per clinic (under Citus it runs
  -- on each clinic's shard and ships cells, not episodes); the cells
  -- across the clinics are merged from these (counts add up,
  -- recovery_compare_merge is an exact union of the day x cohort tables).
  -- The total cells carry no comparison state.
  SELECT x.clinic_id, x.definition, x.dimension, x.cohort,
         pg_catalog.count(*) AS episodes,
         pg_catalog.count(*) FILTER (WHERE x.recovered) AS recovered,
         CASE WHEN x.dimension IS NOT NULL
              THEN @extschema@.recovery_compare_state(x.days_to_event, x.recovered, x.cohort) END AS cmp_state
    FROM dims AS x
   GROUP BY x.clinic_id, x.definition, x.dimension, x.cohort
),
cells AS (
  -- Per clinic and across the clinics (plain GROUP BYs and UNION ALL: no
  -- GROUPING SETS, which Citus refuses across shards): the cells of
  -- cohort_recovery_state.
  SELECT false AS all_clinics, p.clinic_id, p.definition, p.dimension, p.cohort,
         p.episodes, p.recovered, p.cmp_state
    FROM per_clinic AS p
  UNION ALL
  SELECT true, NULL::text, p.definition, p.dimension, p.cohort,
         pg_catalog.sum(p.episodes)::bigint,
         pg_catalog.sum(p.recovered)::bigint,
         CASE WHEN p.dimension IS NOT NULL THEN @extschema@.recovery_compare_merge(p.cmp_state) END
    FROM per_clinic AS p
   GROUP BY p.definition, p.dimension, p.cohort
),
numbered AS (
  -- known: a cell of a clinic whose rows the caller can read (it counts
  -- them itself), so no protection: it is left out of every line, and a
  -- line's other cells are suppressed as if it were published.
  SELECT c.*, pg_catalog.row_number() OVER (ORDER BY c.definition, c.all_clinics, c.clinic_id, c.dimension NULLS FIRST, c.cohort)::integer AS cell,
         (NOT c.all_clinics AND c.clinic_id = ANY (vis.row_clinics)) AS known
    FROM cells AS c, vis
),
members AS (
  -- Lines stay within one recovery definition (each has its own cells).
  -- Row lines: a group's cohorts of one dimension add up to its total.
  SELECT n.definition || '|r' || n.all_clinics::text || '|' || COALESCE(n.clinic_id, '') || '|' || n.dimension AS line,
         n.cell, false AS is_total
    FROM numbered AS n WHERE n.dimension IS NOT NULL AND NOT n.known
  UNION ALL
  SELECT t.definition || '|r' || t.all_clinics::text || '|' || COALESCE(t.clinic_id, '') || '|' || d.dimension, t.cell, true
    FROM numbered AS t
   CROSS JOIN (SELECT DISTINCT n.dimension FROM numbered AS n WHERE n.dimension IS NOT NULL) AS d
   WHERE t.dimension IS NULL AND NOT t.known
  UNION ALL
  -- Column lines: a cohort (or the total) over the clinics adds up to the
  -- cross-clinic cell.
  SELECT n.definition || '|c|' || COALESCE(n.dimension, '') || '|' || n.cohort,
         n.cell, n.all_clinics
    FROM numbered AS n WHERE NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT @extschema@.suppress_cells(
                   (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
                   pg_catalog.array_agg(mm.dense_rank_line ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.cell ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.is_total ORDER BY mm.line, mm.cell),
                   @extschema@.min_cell_size()) AS sup
            FROM (SELECT m.*, pg_catalog.dense_rank() OVER (ORDER BY m.line)::integer AS dense_rank_line
                    FROM members AS m) AS mm) AS s
   CROSS JOIN LATERAL pg_catalog.unnest(s.sup) WITH ORDINALITY AS f (suppressed, cell)
)
SELECT n.clinic_id, n.all_clinics, n.dimension, n.definition, n.cohort,
       n.dimension IS NULL AS is_total, f.suppressed,
       n.episodes, n.recovered, n.cmp_state
  FROM numbered AS n
  JOIN flags AS f ON f.cell = n.cell;
COMMENT ON VIEW @extschema@.cohort_comparison_state IS
  'Building block of cohort_comparison and clinic_benchmark (aggregate-only, owner''s rights, not granted to PUBLIC): the cells of cohort_recovery_state - per clinic the caller may see (visible_clinics) and across them (all_clinics), per cohort of risk_tier, sex, foot_type, prior_injury and symptom_duration, and each group''s total (is_total, dimension NULL) - per recovery definition (tests, groc, return_to_run; suppression per definition) with episodes, recoveries, the recovery_compare_state of the cell (labelled with its cohort) and the same suppression flags as cohort_recovery (suppress_cells, min_cell_size), unsuppressed figures included: never expose it. Log-rank (Mantel 1966) and Cox (Cox 1972) data as R survival.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.clinic_id IS 'The clinic; NULL on the rows across the clinics the caller may see.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.all_clinics IS 'True on the rows pooling every clinic the caller may see.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.dimension IS 'risk_tier, sex, foot_type, prior_injury or symptom_duration.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.cohort IS 'The value within the dimension; ''all'' on the total row; ''not recorded'' for NULLs.';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.is_total IS 'True on the total row (cohort ''all'').';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.suppressed IS 'True when cohort_recovery suppresses the same cell (suppress_cells over cohorts and clinics).';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.episodes IS 'Episodes in the cell, also when suppressed (internal: never exposed).';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.recovered IS 'Episodes that reached the recovery event of the row''s definition (tests, groc or return_to_run), also when suppressed (internal).';
COMMENT ON COLUMN @extschema@.cohort_comparison_state.cmp_state IS 'recovery_compare_state input of the cell (days_to_event, recovered, cohort) for recovery_logrank / recovery_hazard_ratios (Mantel 1966; Cox 1972); internal, also when suppressed.';

-- The cells for the session's role, with the owner's rights (SECURITY
-- DEFINER, as cohort_recovery_cells: under Citus the shard queries run as
-- the current user), and nothing of a suppressed cell but its flag.
CREATE FUNCTION @extschema@.cohort_comparison_cells()
  RETURNS SETOF @extschema@.cohort_comparison_state
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT s.clinic_id, s.all_clinics, s.dimension, s.definition, s.cohort, s.is_total, s.suppressed,
         CASE WHEN NOT s.suppressed THEN s.episodes END,
         CASE WHEN NOT s.suppressed THEN s.recovered END,
         CASE WHEN NOT s.suppressed THEN s.cmp_state END
    FROM @extschema@.cohort_comparison_state AS s;
END;
COMMENT ON FUNCTION @extschema@.cohort_comparison_cells() IS
  'The rows of cohort_comparison_state for the session''s role (session_role; its clinics from clinic_access), computed with the owner''s rights (SECURITY DEFINER: under Citus the shard queries run as the owner, not as an aggregate-only caller who may read no row); a suppressed cell shows its flag only (episodes, recovered and cmp_state NULL). Read by cohort_comparison and clinic_benchmark. Mantel 1966; Cox 1972.';

-- ---------------------------------------------------------------- cohort_comparison

CREATE VIEW @extschema@.cohort_comparison WITH (security_barrier = true) AS
WITH cells AS (
  SELECT s.* FROM @extschema@.cohort_comparison_cells() AS s WHERE NOT s.is_total
),
groups AS (
  -- One comparison per clinic group and dimension, over its shown cohorts.
  -- Reference: the dimension's natural baseline when it is shown and has
  -- recoveries, else (NULL) the largest shown cohort with recoveries.
  SELECT c.all_clinics, c.clinic_id, c.dimension, c.definition,
         @extschema@.recovery_compare_merge(c.cmp_state) FILTER (WHERE NOT c.suppressed) AS st,
         pg_catalog.min(c.cohort) FILTER (
           WHERE NOT c.suppressed AND c.recovered > 0
             AND c.cohort = CASE c.dimension WHEN 'risk_tier' THEN 'low' WHEN 'foot_type' THEN 'neutral'
                                             WHEN 'prior_injury' THEN 'no'
                                             WHEN 'symptom_duration' THEN 'up_to_2_months' END) AS preferred
    FROM cells AS c
   GROUP BY c.all_clinics, c.clinic_id, c.dimension, c.definition
),
tests AS (
  SELECT g.all_clinics, g.clinic_id, g.dimension, g.definition, lr.cohorts, lr.chisq, lr.df, lr.p_value
    FROM groups AS g
    LEFT JOIN LATERAL @extschema@.recovery_logrank(g.st) AS lr ON true
),
ratios AS (
  SELECT g.all_clinics, g.clinic_id, g.dimension, g.definition, h.cohort, h.hazard_ratio, h.ci_low, h.ci_high,
         h.p_value, h.note,
         COALESCE(h.note LIKE 'reference%', false) AS is_reference
    FROM groups AS g
   CROSS JOIN LATERAL @extschema@.recovery_hazard_ratios(g.st, g.preferred) AS h
)
SELECT c.clinic_id, c.all_clinics, c.dimension, c.definition, c.cohort,
       c.suppressed,
       COALESCE(r.is_reference, false) AS is_reference,
       pg_catalog.max(r.cohort) FILTER (WHERE r.is_reference)
         OVER (PARTITION BY c.all_clinics, c.clinic_id, c.dimension, c.definition) AS reference_cohort,
       CASE WHEN NOT c.suppressed THEN c.episodes END AS episodes,
       CASE WHEN NOT c.suppressed THEN c.recovered END AS recovered,
       r.hazard_ratio, r.ci_low, r.ci_high, r.p_value,
       CASE WHEN c.suppressed THEN 'suppressed (fewer than knee_rehab.min_cell_size episodes, or complementary): left out of the comparison'
            WHEN r.note IS NULL AND NOT (r.ci_low > 0 AND r.ci_high < 'Infinity'::float8)
              THEN 'confidence interval reaches 0 or infinity: monotone likelihood (every recovery of one cohort before or after the other''s), the hazard ratio is not estimable (coxph warns: coefficient may be infinite)'
            ELSE r.note END AS note,
       t.cohorts AS cohorts_compared, t.chisq AS logrank_chisq, t.df AS logrank_df,
       t.p_value AS logrank_p_value
  FROM cells AS c
  JOIN tests AS t
    ON t.all_clinics = c.all_clinics AND t.dimension = c.dimension AND t.definition = c.definition
   AND COALESCE(t.clinic_id, '') = COALESCE(c.clinic_id, '')
  LEFT JOIN ratios AS r
    ON NOT c.suppressed AND r.all_clinics = c.all_clinics AND r.dimension = c.dimension
   AND r.definition = c.definition
   AND COALESCE(r.clinic_id, '') = COALESCE(c.clinic_id, '') AND r.cohort = c.cohort;
COMMENT ON VIEW @extschema@.cohort_comparison IS
  'Is the difference in time to recovery between cohorts real, and how large? Aggregate-only like cohort_recovery (owner''s rights; only the clinics the caller holds access to in clinic_access; no table privilege needed). One row per clinic the caller may see (and across them: all_clinics), dimension (risk_tier, sex, foot_type, prior_injury, symptom_duration) and cohort: the dimension''s log-rank test over its shown cohorts (Mantel-Haenszel; Mantel 1966; as R survival::survdiff, rho = 0), repeated on each of its rows, and the cohort''s hazard ratio of recovery against the reference cohort with 95 % Wald CI and Wald p (Cox 1972 proportional hazards, cohort as one categorical covariate, Efron 1977 ties; as R survival::coxph). Hazard ratio > 1 = faster recovery than the reference. Every row names its recovery definition (column definition, long form): tests (a readiness surrogate), groc (first favourable global rating of change, Collins 2013) or return_to_run (first run of the usual pre-injury distance with pain <= pain_free_nrs; practitioner guidance; episodes without usual_run_km left out); a comparison never mixes definitions. Cohorts suppressed in cohort_recovery (under knee_rehab.min_cell_size episodes, or complementary suppression) are left out of both the test and the model: suppressed = true, NULL figures. Observational: confounded by everything but the cohort.';
COMMENT ON COLUMN @extschema@.cohort_comparison.clinic_id IS 'The clinic; NULL on the rows across all the clinics the caller may see (all_clinics = true).';
COMMENT ON COLUMN @extschema@.cohort_comparison.all_clinics IS 'True on the rows that pool every clinic the caller may see (one comparison over their episodes, not stratified by clinic); false on per-clinic rows.';
COMMENT ON COLUMN @extschema@.cohort_comparison.dimension IS 'risk_tier (pfps_risk: Boling 2010; van Poppel 2018; Neal 2014/2019), sex, foot_type, prior_injury or symptom_duration (up to / over 2 months at the first visit; Collins 2013).';
COMMENT ON COLUMN @extschema@.cohort_comparison.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only. Each comparison (log-rank test and Cox model) stays within one definition.';
COMMENT ON COLUMN @extschema@.cohort_comparison.cohort IS 'The value within the dimension; ''not recorded'' for NULLs (its own cohort).';
COMMENT ON COLUMN @extschema@.cohort_comparison.suppressed IS 'True when the cohort is suppressed as in cohort_recovery (fewer than knee_rehab.min_cell_size episodes, or a complementary suppression): left out of the log-rank test and the Cox model, NULL figures. No clinical source: a privacy rule.';
COMMENT ON COLUMN @extschema@.cohort_comparison.is_reference IS 'True on the reference cohort (hazard ratio 1): low for risk_tier, neutral for foot_type, no for prior_injury, up_to_2_months for symptom_duration when shown with recoveries; otherwise (and for sex) the largest shown cohort with recoveries (recovery_hazard_ratios'' default).';
COMMENT ON COLUMN @extschema@.cohort_comparison.reference_cohort IS 'The reference cohort of this clinic group and dimension (see is_reference); NULL when no cohort is shown.';
COMMENT ON COLUMN @extschema@.cohort_comparison.episodes IS 'Episodes in the cohort (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.cohort_comparison.recovered IS 'Episodes that reached the recovery event of the row''s definition (tests, groc or return_to_run); NULL when suppressed.';
COMMENT ON COLUMN @extschema@.cohort_comparison.hazard_ratio IS 'Hazard ratio of recovery against reference_cohort, exp(beta) of the Cox model (Cox 1972; Efron 1977 ties; as R survival::coxph(Surv(days, recovered) ~ cohort, ties = "efron")); > 1 = faster recovery. 1 on the reference; NULL when suppressed or when the cohort has no recoveries (see note).';
COMMENT ON COLUMN @extschema@.cohort_comparison.ci_low IS '95 % lower limit of the hazard ratio, exp(beta - 1.96 se) (Wald, as R summary(coxph) lower .95).';
COMMENT ON COLUMN @extschema@.cohort_comparison.ci_high IS '95 % upper limit of the hazard ratio, exp(beta + 1.96 se) (Wald, as R summary(coxph) upper .95).';
COMMENT ON COLUMN @extschema@.cohort_comparison.p_value IS 'Wald p of the cohort''s coefficient (hazard ratio = 1), as R summary(coxph) Pr(>|z|).';
COMMENT ON COLUMN @extschema@.cohort_comparison.note IS 'Why a figure is missing or special: reference, no recoveries (hazard ratio 0, left out of the model, as coxph), not converged, or suppressed; NULL otherwise.';
COMMENT ON COLUMN @extschema@.cohort_comparison.cohorts_compared IS 'Shown cohorts of the dimension in this clinic group (recovery_logrank cohorts).';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_chisq IS 'Log-rank chi-square over the shown cohorts with expected recoveries > 0 (Mantel 1966; as R survival::survdiff, rho = 0); 0 with one cohort or no recoveries.';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_df IS 'Degrees of freedom of the log-rank test: cohorts in the test - 1.';
COMMENT ON COLUMN @extschema@.cohort_comparison.logrank_p_value IS 'p of the log-rank test (upper chi-square tail; as R survdiff); NULL when df = 0.';
GRANT SELECT ON @extschema@.cohort_comparison TO PUBLIC;

-- ---------------------------------------------------------------- clinic_benchmark

-- Indirect standardisation on the risk tier.  The network reference (each
-- tier's Kaplan-Meier recovered-by-84-days) is computed over every clinic
-- with the owner's rights; the rows are the caller's visible clinics only,
-- suppressed exactly where cohort_recovery suppresses the clinic's total.
CREATE VIEW @extschema@.clinic_benchmark_state WITH (security_barrier = true) AS
WITH vis AS (
  SELECT @extschema@.visible_clinics('aggregates') AS clinics
),
by_tier AS (
  -- Per clinic, recovery definition and risk tier (return_to_run over the
  -- episodes with usual_run_km only).
  SELECT o.clinic_id, r.definition, COALESCE(o.risk_tier::text, 'not recorded') AS tier,
         pg_catalog.count(*) AS episodes,
         @extschema@.recovery_km_state(r.days_to_event, r.recovered) AS km_state
    FROM @extschema@.episode_outcome_all AS o
   CROSS JOIN LATERAL (VALUES ('tests'::text, o.recovered, o.days_to_event),
                              ('groc', o.groc_recovered, o.groc_days_to_event),
                              ('return_to_run', o.return_to_run_recovered, o.return_to_run_days_to_event))
                      AS r (definition, recovered, days_to_event)
   WHERE r.days_to_event IS NOT NULL
   GROUP BY o.clinic_id, r.definition, COALESCE(o.risk_tier::text, 'not recorded')
),
network AS (
  -- The network's tier-specific Kaplan-Meier 1 - S(84 days), every clinic,
  -- per definition.
  SELECT b.definition, b.tier, (@extschema@.recovery_km_merge(b.km_state)).recovered_by_12wk AS rate
    FROM by_tier AS b
   GROUP BY b.definition, b.tier
),
unit AS (
  SELECT b.clinic_id, b.definition,
         pg_catalog.sum(b.episodes)::bigint AS episodes,
         (@extschema@.recovery_km_merge(b.km_state)).recovered_by_12wk AS rate,
         -- NULL as soon as one tier's network rate is undefined
         CASE WHEN pg_catalog.bool_and(n.rate IS NOT NULL)
              THEN pg_catalog.sum(b.episodes * n.rate) END AS expected
    FROM by_tier AS b
    JOIN network AS n ON n.definition = b.definition AND n.tier = b.tier, vis
   WHERE b.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
   GROUP BY b.clinic_id, b.definition
),
shown AS (
  SELECT u.*, s.suppressed
    FROM unit AS u
    JOIN @extschema@.cohort_comparison_state AS s
      ON s.clinic_id = u.clinic_id AND s.definition = u.definition AND NOT s.all_clinics AND s.is_total
)
SELECT u.clinic_id, u.definition, u.suppressed,
       CASE WHEN NOT u.suppressed THEN u.episodes END AS episodes,
       CASE WHEN NOT u.suppressed THEN u.rate END AS rate,
       CASE WHEN NOT u.suppressed THEN u.expected END AS expected
  FROM shown AS u;
COMMENT ON VIEW @extschema@.clinic_benchmark_state IS
  'Building block of clinic_benchmark (owner''s rights, not granted to PUBLIC; read through clinic_benchmark_cells): per clinic the session''s role may see and recovery definition, the episodes, the Kaplan-Meier recovered by 84 days (rate) and the expected recoveries by 84 days from the network''s tier-specific rates over every clinic (indirect standardisation on the PFPS risk tier; Spiegelhalter 2005), NULL figures when cohort_recovery suppresses the clinic''s total.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.clinic_id IS 'The clinic.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.definition IS 'Recovery definition (tests, groc, return_to_run), as clinic_benchmark.definition.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.suppressed IS 'As clinic_benchmark.suppressed.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.episodes IS 'Episodes of the clinic (NULL when suppressed).';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.rate IS 'The clinic''s Kaplan-Meier 1 - S(84 days) (Kaplan 1958), 0-1; NULL when suppressed or not followed to 84 days.';
COMMENT ON COLUMN @extschema@.clinic_benchmark_state.expected IS 'Sum over risk tiers of the clinic''s episodes in the tier x the network''s Kaplan-Meier recovered by 84 days in that tier (every clinic); NULL when suppressed or a tier''s rate is undefined.';

-- The benchmark's figures for the session's role, with the owner's rights
-- (SECURITY DEFINER, as cohort_recovery_cells).
CREATE FUNCTION @extschema@.clinic_benchmark_cells()
  RETURNS SETOF @extschema@.clinic_benchmark_state
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT * FROM @extschema@.clinic_benchmark_state;
END;
COMMENT ON FUNCTION @extschema@.clinic_benchmark_cells() IS
  'The rows of clinic_benchmark_state for the session''s role (session_role; its clinics from clinic_access), computed with the owner''s rights (SECURITY DEFINER: under Citus the shard queries run as the owner, not as an aggregate-only caller who may read no row); suppressed clinics carry no figures. Read by clinic_benchmark. Spiegelhalter 2005.';

CREATE VIEW @extschema@.clinic_benchmark WITH (security_barrier = true) AS
SELECT u.clinic_id, 'clinic'::text AS unit, u.definition, u.suppressed,
       CASE WHEN NOT u.suppressed THEN u.episodes END AS episodes,
       CASE WHEN NOT u.suppressed THEN u.rate END AS recovered_by_12wk,
       CASE WHEN NOT u.suppressed THEN u.episodes * u.rate END AS observed,
       CASE WHEN NOT u.suppressed THEN u.expected END AS expected,
       CASE WHEN NOT u.suppressed THEN u.expected / u.episodes END AS expected_recovered_by_12wk,
       f.ratio AS observed_expected,
       f.lower_95, f.upper_95, f.lower_998, f.upper_998,
       CASE WHEN f.funnel_position IS NOT NULL THEN f.funnel_position
            WHEN u.suppressed THEN NULL
            WHEN u.expected IS NULL THEN 'no expected: a risk tier of the network is not followed to 84 days'
            WHEN u.expected = 0 THEN 'no expected: no recovery by 84 days expected'
            WHEN u.rate IS NULL THEN 'no observed: the clinic''s episodes are not followed to 84 days'
       END AS funnel_position
  FROM @extschema@.clinic_benchmark_cells() AS u
  -- expected passed only where the limits exist (the function refuses 0,
  -- and a lateral call runs before its join condition)
  LEFT JOIN LATERAL @extschema@.funnel_limits(CASE WHEN NOT u.suppressed AND u.expected > 0 THEN u.expected END,
                                              u.episodes * u.rate) AS f
    ON NOT u.suppressed AND u.expected > 0;
COMMENT ON VIEW @extschema@.clinic_benchmark IS
  'Risk-adjusted benchmark of each clinic the caller may see (aggregate-only like cohort_recovery: owner''s rights, the caller''s clinics from clinic_access; a clinic analyst sees its own row, a registry every row), against the whole network (the reference rates use every clinic, whatever the caller sees). Indirect standardisation on the PFPS risk tier (clinical reference, "Comparing cohorts and clinics"; FOTO-style risk-adjusted outcome reports): observed = episodes x the clinic''s Kaplan-Meier recovered by 84 days (Kaplan 1958; censoring handled as in E), expected = sum over risk tiers of the clinic''s episodes in the tier x the network''s tier-specific Kaplan-Meier recovered by 84 days, observed / expected, and funnel limits for that expected count at 95 % and 99.8 % (funnel_limits: exact Poisson quantiles with Spiegelhalter''s interpolation, Spiegelhalter 2005 Stat Med 24:1185, appendix A.1.2) with the position above / within / below. One row per clinic and recovery definition (column definition: tests, a readiness surrogate; groc, Collins 2013; return_to_run, practitioner guidance), each standardised against the network under the same definition. Per clinic only: episodes record no therapist, so there are no per-therapist rows. Clinics suppressed in cohort_recovery (under knee_rehab.min_cell_size episodes, or complementary) show suppressed = true and NULL figures. Observational: O/E adjusts for the risk tier only.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.clinic_id IS 'The clinic (a unit of the benchmark).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.unit IS '''clinic'': the unit benchmarked. Episodes record no therapist, so no therapist rows exist (clinical reference: clinics or therapists).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.definition IS 'Recovery definition of the row (clinical reference "Recovery", each censored at last contact): ''tests'' = first day all three provocation tests are pain-free and the small knee bend reaches knee_bend_target_deg (a readiness surrogate); ''groc'' = first favourable global rating of change, grc 1 or 2 (Collins 2013; Lankhorst 2016); ''return_to_run'' = first run of at least the usual pre-injury distance (episode.usual_run_km) with pain_during <= pain_free_nrs (practitioner guidance), over the episodes with usual_run_km recorded only. Observed, expected and the network reference rates are all of this definition.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.suppressed IS 'True when the clinic''s total is suppressed in cohort_recovery (fewer than knee_rehab.min_cell_size episodes, or complementary suppression across clinics): NULL figures. No clinical source: a privacy rule.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.episodes IS 'Episodes of the clinic (its size in the funnel).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.recovered_by_12wk IS 'The clinic''s Kaplan-Meier 1 - S(84 days) over all its episodes (Kaplan 1958; as recovery_km recovered_by_12wk), a fraction 0-1; NULL when follow-up ends before day 84.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.observed IS 'O = episodes x recovered_by_12wk: the recoveries by 12 weeks the clinic''s Kaplan-Meier estimates with full follow-up (not the raw count, which would treat episodes censored before day 84 as not recovered while E does not).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.expected IS 'E = sum over risk tiers of (the clinic''s episodes in the tier x the network''s Kaplan-Meier recovered by 84 days in that tier, every clinic): indirect standardisation on the PFPS risk tier (clinical reference; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.expected_recovered_by_12wk IS 'E / episodes: the share recovered by 12 weeks the network would reach with this clinic''s risk-tier mix, 0-1.';
COMMENT ON COLUMN @extschema@.clinic_benchmark.observed_expected IS 'O / E: > 1 = more recoveries by 12 weeks than the network with the same risk-tier mix (better), < 1 = fewer (funnel_limits ratio).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.lower_95 IS '95 % lower funnel limit of O/E for this E (funnel_limits: exact Poisson(E) 2.5 % quantile with Spiegelhalter 2005 interpolation, / E).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.upper_95 IS '95 % upper funnel limit of O/E for this E (Poisson(E) 97.5 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.lower_998 IS '99.8 % lower funnel limit of O/E for this E (Poisson(E) 0.1 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.upper_998 IS '99.8 % upper funnel limit of O/E for this E (Poisson(E) 99.9 % quantile, interpolated, / E; Spiegelhalter 2005).';
COMMENT ON COLUMN @extschema@.clinic_benchmark.funnel_position IS 'above_99.8 / above_95 / within / below_95 / below_99.8 (strictly outside a limit; funnel_limits, Spiegelhalter 2005), or why there is none (no expected, no observed); NULL when suppressed.';
GRANT SELECT ON @extschema@.clinic_benchmark TO PUBLIC;

-- Clinic activity (issue 16): what a clinic did, for its director, per
-- clinic and month and per clinic and therapist, aggregate-only and
-- suppressed like the cohort views.
--
-- Runs with its owner's rights (no table privilege needed), applies the
-- caller's clinic access itself (visible_clinics('aggregates')) and is
-- security_barrier, like cohort_recovery_state.  One row ("cell") per
-- clinic (unit 'clinic', every month), per clinic and month (unit
-- 'month', period = the month's first day) and per clinic and therapist
-- (unit 'therapist'; 'not recorded' for episodes without one).
--
-- What a cell counts:
--   episodes      the episodes the cell is about: for a month, those with
--                 a first visit, a visit or a discharge in the month; for
--                 a therapist, the therapist's episodes; for the clinic,
--                 all.  The suppression count.
--   new_episodes  first visits in the cell.
--   visits        distinct (episode, day) with a provocation test (UTC day
--                 of tested_at), an outcome measure or a gait assessment,
--                 on or after the episode's first visit.
--   discharges    discharged_on in the cell, by discharge_reason (one
--                 column per reason, and reason not recorded).
--   prom_*        of those discharges (the eligible episodes), the ones
--                 with a baseline and a follow-up of both required PROMs,
--                 NRS pain and AKPS (episode_outcome latest_nrs and
--                 latest_akps not NULL: at least two scores of each).
--   median_*      over the cell's discharges: days first visit ->
--                 discharge, and episode_outcome.adherence_pct (those with
--                 a home program).
-- Suppression: a cell with fewer than min_cell_size episodes is
-- suppressed, and suppress_cells adds complementary suppression within
-- each line: the months of a clinic, and the therapists of a clinic with
-- the clinic's cell as their total (each episode has one therapist).  A
-- clinic whose rows the caller reads ('rows' access) is in no line: it
-- counts those cells itself (primary suppression still applies).
-- Plain GROUP BY and UNION ALL (no GROUPING SETS: Citus, issue 14).

CREATE VIEW @extschema@.clinic_activity_state WITH (security_barrier = true) AS
WITH vis AS (
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
ep AS (
  SELECT o.clinic_id, o.episode_id, o.first_visit, o.discharged_on, o.discharge_reason,
         COALESCE(o.therapist, 'not recorded') AS therapist, o.adherence_pct,
         o.latest_nrs IS NOT NULL AND o.latest_akps IS NOT NULL AS prom_complete
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
visit_days AS (
  SELECT v.clinic_id, v.episode_id, v.day
    FROM (SELECT kt.clinic_id, kt.episode_id, (kt.tested_at AT TIME ZONE 'UTC')::date AS day
            FROM @extschema@.knee_test AS kt
          UNION
          SELECT om.clinic_id, om.episode_id, om.measured_on
            FROM @extschema@.outcome_measure AS om
          UNION
          SELECT ga.clinic_id, ga.episode_id, ga.assessed_on
            FROM @extschema@.gait_assessment AS ga) AS v
),
events AS (
  -- One row per event: a first visit, a visit day, a discharge.  One pass
  -- over the episodes, their visit days joined as an array and unnested
  -- with the first visit and the discharge (a function in the lateral
  -- join, which Citus pushes down with the join on clinic_id), so each
  -- source is read once and, under Citus, the grouping by clinic below
  -- runs on the shards.
  SELECT ep.clinic_id, ep.episode_id, ep.therapist, x.kind,
         pg_catalog.date_trunc('month', x.day::timestamp)::date AS period,
         CASE WHEN x.kind = 'discharge' THEN COALESCE(ep.discharge_reason, 'not recorded') END AS discharge_reason,
         CASE WHEN x.kind = 'discharge' THEN ep.prom_complete END AS prom_complete,
         CASE WHEN x.kind = 'discharge' THEN (ep.discharged_on - ep.first_visit)::float8 END AS episode_days,
         CASE WHEN x.kind = 'discharge' THEN ep.adherence_pct END AS adherence_pct
    FROM ep
    LEFT JOIN (SELECT vd.clinic_id, vd.episode_id, pg_catalog.array_agg(vd.day) AS days
                 FROM visit_days AS vd
                GROUP BY vd.clinic_id, vd.episode_id) AS v
      ON v.clinic_id = ep.clinic_id AND v.episode_id = ep.episode_id
   CROSS JOIN LATERAL ROWS FROM (
           pg_catalog.unnest(ARRAY['new', 'discharge']::text[]
             || pg_catalog.array_fill('visit'::text, ARRAY[COALESCE(pg_catalog.cardinality(v.days), 0)])),
           pg_catalog.unnest(ARRAY[ep.first_visit, ep.discharged_on] || v.days)) AS x (kind, day)
   WHERE x.day IS NOT NULL
     AND (x.kind <> 'visit' OR x.day >= ep.first_visit)
),
cells AS (
  -- Every event counts in its clinic's cell, its month's and its
  -- therapist's: one GROUP BY (no GROUPING SETS: Citus, issue 14).
  SELECT ev.clinic_id, u.unit, u.period, u.therapist,
         pg_catalog.count(DISTINCT ev.episode_id) AS episodes,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'new') AS new_episodes,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'visit') AS visits,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'discharge') AS discharges,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'recovered') AS discharged_recovered,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'self_discharged') AS discharged_self_discharged,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'referred') AS discharged_referred,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'lost_to_follow_up') AS discharged_lost_to_follow_up,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'other') AS discharged_other,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'not recorded') AS discharged_reason_not_recorded,
         pg_catalog.count(*) FILTER (WHERE ev.prom_complete) AS prom_complete,
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.episode_days) AS median_episode_days,
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.adherence_pct) AS median_adherence_pct
    FROM events AS ev
   CROSS JOIN LATERAL (VALUES ('clinic'::text, NULL::date, NULL::text),
                              ('month', ev.period, NULL),
                              ('therapist', NULL, ev.therapist)) AS u (unit, period, therapist)
   GROUP BY ev.clinic_id, u.unit, u.period, u.therapist
),
numbered AS (
  SELECT c.*,
         pg_catalog.row_number() OVER (ORDER BY c.clinic_id, c.unit, c.period, c.therapist)::integer AS cell,
         c.clinic_id = ANY (vis.row_clinics) AS known
    FROM cells AS c, vis
),
members AS (
  -- Lines: the months of a clinic (no total: an episode spans months);
  -- the therapists of a clinic, whose total is the clinic's cell.
  SELECT 'm|' || n.clinic_id AS line, n.cell, false AS is_total
    FROM numbered AS n WHERE n.unit = 'month' AND NOT n.known
  UNION ALL
  SELECT 't|' || n.clinic_id, n.cell, n.unit = 'clinic'
    FROM numbered AS n WHERE n.unit IN ('therapist', 'clinic') AND NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT @extschema@.suppress_cells(
                   (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
                   pg_catalog.array_agg(mm.dense_rank_line ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.cell ORDER BY mm.line, mm.cell),
                   pg_catalog.array_agg(mm.is_total ORDER BY mm.line, mm.cell),
                   @extschema@.min_cell_size()) AS sup
            FROM (SELECT m.*, pg_catalog.dense_rank() OVER (ORDER BY m.line)::integer AS dense_rank_line
                    FROM members AS m) AS mm) AS s
   CROSS JOIN LATERAL pg_catalog.unnest(s.sup) WITH ORDINALITY AS f (suppressed, cell)
)
SELECT n.clinic_id, n.unit, n.period, n.therapist, f.suppressed,
       CASE WHEN NOT f.suppressed THEN n.episodes END AS episodes,
       CASE WHEN NOT f.suppressed THEN n.new_episodes END AS new_episodes,
       CASE WHEN NOT f.suppressed THEN n.visits END AS visits,
       CASE WHEN NOT f.suppressed THEN n.discharges END AS discharges,
       CASE WHEN NOT f.suppressed THEN n.discharged_recovered END AS discharged_recovered,
       CASE WHEN NOT f.suppressed THEN n.discharged_self_discharged END AS discharged_self_discharged,
       CASE WHEN NOT f.suppressed THEN n.discharged_referred END AS discharged_referred,
       CASE WHEN NOT f.suppressed THEN n.discharged_lost_to_follow_up END AS discharged_lost_to_follow_up,
       CASE WHEN NOT f.suppressed THEN n.discharged_other END AS discharged_other,
       CASE WHEN NOT f.suppressed THEN n.discharged_reason_not_recorded END AS discharged_reason_not_recorded,
       CASE WHEN NOT f.suppressed THEN n.prom_complete END AS prom_complete,
       -- Figures over the cell's discharges only when there are at least
       -- min_cell_size of them: a median of one discharge is that
       -- episode's own length or adherence.
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN 100 * n.prom_complete::float8 / n.discharges END AS prom_completion_pct,
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN n.median_episode_days END AS median_episode_days,
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN n.median_adherence_pct END AS median_adherence_pct
  FROM numbered AS n
  JOIN flags AS f ON f.cell = n.cell;
COMMENT ON VIEW @extschema@.clinic_activity_state IS
  'Building block of clinic_activity (owner''s rights, not granted to PUBLIC; read through clinic_activity_cells): the same rows, computed for the caller''s clinics (visible_clinics, the session''s role) and suppressed. Its columns mean what clinic_activity''s do. No clinical source: bookkeeping.';

-- The rows for the session's role, with the owner's rights (SECURITY
-- DEFINER, as cohort_recovery_cells: under Citus the shard queries run as
-- the current user).
CREATE FUNCTION @extschema@.clinic_activity_cells()
  RETURNS SETOF @extschema@.clinic_activity_state
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT * FROM @extschema@.clinic_activity_state;
END;
COMMENT ON FUNCTION @extschema@.clinic_activity_cells() IS
  'The rows of clinic_activity_state for the session''s role (session_role; its clinics from clinic_access), computed with the owner''s rights (SECURITY DEFINER: under Citus the shard queries run as the owner, not as an aggregate-only caller who may read no row); already suppressed. Read by clinic_activity. No clinical source: bookkeeping.';

CREATE VIEW @extschema@.clinic_activity WITH (security_barrier = true) AS
SELECT * FROM @extschema@.clinic_activity_cells();
COMMENT ON VIEW @extschema@.clinic_activity IS
  'Clinic activity for clinic directors (issue 16; aggregate-only like cohort_recovery: runs with its owner''s rights, shows only the clinics the caller holds access to in clinic_access, no table privilege needed). One row per clinic (unit clinic), per clinic and month (unit month, period = first day of the month) and per clinic and therapist (unit therapist): episodes (those with a first visit, visit or discharge in the month; the therapist''s; all), new episodes (first visits), visits (distinct days per episode with a provocation test, an outcome measure or a gait assessment, from the first visit on), discharges by reason, PROM completion (discharged episodes with a baseline and a follow-up of both NRS pain, Farrar 2001, and AKPS, Kujala 1993), median episode length (discharged, days) and median home-program adherence (episode_outcome.adherence_pct). Months and discharge figures are by calendar month of the event. A cell with fewer than knee_rehab.min_cell_size episodes, and the cells that would let one be worked out by subtraction within its line (the months of a clinic; the therapists of a clinic and its total), show suppressed = true and NULL figures (suppress_cells; Hundepool 2012).';
COMMENT ON COLUMN @extschema@.clinic_activity.clinic_id IS 'The clinic. No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.clinic_activity.unit IS 'clinic (every month), month (one calendar month, period) or therapist (one therapist, therapist). No clinical source: layout.';
COMMENT ON COLUMN @extschema@.clinic_activity.period IS 'First day of the calendar month on unit month rows; NULL otherwise. Events are dated by first_visit, the visit day (UTC day of a test) and discharged_on.';
COMMENT ON COLUMN @extschema@.clinic_activity.therapist IS 'The therapist (episode.therapist, the clinic''s own id; ''not recorded'' for episodes without one) on unit therapist rows; NULL otherwise.';
COMMENT ON COLUMN @extschema@.clinic_activity.suppressed IS 'True when the cell has fewer than knee_rehab.min_cell_size episodes or would let such a cell be worked out from the others of its line (suppress_cells; statistical disclosure control, Hundepool 2012): every figure NULL.';
COMMENT ON COLUMN @extschema@.clinic_activity.episodes IS 'Episodes the cell is about (the suppression count): month = episodes with a first visit, a visit or a discharge in the month; therapist = the therapist''s episodes; clinic = every episode. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.new_episodes IS 'Episodes whose first visit falls in the cell. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.visits IS 'Visits: distinct (episode, day) with a provocation test (knee_test, UTC day), an outcome measure or a gait assessment, on or after the first visit. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharges IS 'Episodes discharged in the cell (discharged_on). NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_recovered IS 'Discharges with discharge_reason recovered. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_self_discharged IS 'Discharges with discharge_reason self_discharged. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_referred IS 'Discharges with discharge_reason referred. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_lost_to_follow_up IS 'Discharges with discharge_reason lost_to_follow_up. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_other IS 'Discharges with discharge_reason other. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_reason_not_recorded IS 'Discharges without a discharge_reason. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.prom_complete IS 'Of the discharges (the eligible episodes), those with a baseline and a follow-up of both required PROMs: NRS pain (Farrar 2001) and AKPS (Kujala 1993), i.e. episode_outcome latest_nrs and latest_akps not NULL. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.prom_completion_pct IS 'PROM completion, percent: 100 x prom_complete / discharges (NRS pain, Farrar 2001, and AKPS, Kujala 1993, at baseline and follow-up); NULL when the cell has fewer than knee_rehab.min_cell_size discharges or is suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.median_episode_days IS 'Median days from first visit to discharge of the cell''s discharges (percentile_cont 0.5); NULL when the cell has fewer than knee_rehab.min_cell_size discharges (a median of one discharge would be that episode''s own figure) or is suppressed. No clinical source: service statistics.';
COMMENT ON COLUMN @extschema@.clinic_activity.median_adherence_pct IS 'Median home-program adherence, percent (episode_outcome.adherence_pct: sessions done / prescribed over the episode), of the cell''s discharges with a home program (percentile_cont 0.5); NULL when the cell has fewer than knee_rehab.min_cell_size discharges or is suppressed. Practitioner guidance (strength circuit 2-3 times a week).';
-- The building block's columns carry the same comments.
DO $do$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT a.attname, pg_catalog.col_description(a.attrelid, a.attnum) AS d
             FROM pg_catalog.pg_attribute AS a
            WHERE a.attrelid = '@extschema@.clinic_activity'::regclass AND a.attnum > 0
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.clinic_activity_state.%I IS %L', c.attname, c.d);
  END LOOP;
END
$do$;
GRANT SELECT ON @extschema@.clinic_activity TO PUBLIC;

-- ---- demosplit: the synthetic clinic moves to its own extension, knee_rehab_demo (issue 20)
-- simulate_clinic and its helpers are demo code, not part of a production
-- install: from 0.3.0 they belong to the extension knee_rehab_demo (requires
-- knee_rehab; same schema, same names, from src/simulate.sql).  The update
-- takes them out of knee_rehab and drops them (the rows they wrote stay);
-- users who want them run CREATE EXTENSION knee_rehab_demo, which creates
-- knee_rehab.simulate_clinic(...) again under the same name and schema.
ALTER EXTENSION knee_rehab DROP FUNCTION @extschema@.simulate_clinic(integer, integer);
ALTER EXTENSION knee_rehab DROP FUNCTION @extschema@.simulate_normal(bigint, bigint, bigint);
ALTER EXTENSION knee_rehab DROP FUNCTION @extschema@.simulate_uniform(bigint, bigint, bigint);
ALTER EXTENSION knee_rehab DROP FUNCTION @extschema@.simulate_clinic_ids();
DROP FUNCTION @extschema@.simulate_clinic(integer, integer);
DROP FUNCTION @extschema@.simulate_normal(bigint, bigint, bigint);
DROP FUNCTION @extschema@.simulate_uniform(bigint, bigint, bigint);
DROP FUNCTION @extschema@.simulate_clinic_ids();
