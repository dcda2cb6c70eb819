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
