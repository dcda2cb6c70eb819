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
CREATE FUNCTION @extschema@.visible_clinics(level text DEFAULT 'aggregates')
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
