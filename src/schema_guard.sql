-- Install guard (runs first).  The control file names the schema
-- knee_rehab; CREATE EXTENSION uses a schema of that name if one exists.
-- Whoever owns it could drop or replace the extension's objects, and could
-- have planted operators there that the rest of this script would see, so
-- a schema owned by anyone but the installing role or a superuser is
-- refused.  A schema the DBA (a superuser) created, or a restore that
-- creates it as the restoring role, passes.
DO $guard$
DECLARE
  owner_name name;
  owner_super boolean;
BEGIN
  SELECT r.rolname, r.rolsuper INTO owner_name, owner_super
    FROM pg_catalog.pg_namespace AS n
    JOIN pg_catalog.pg_roles AS r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
   WHERE n.oid OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace;
  IF owner_name OPERATOR(pg_catalog.<>) CURRENT_USER AND NOT owner_super THEN
    RAISE EXCEPTION 'schema @extschema@ is owned by role %, neither the installing role nor a superuser', owner_name
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'The owner of the schema could drop or replace knee_rehab''s objects and patient data.',
            HINT = 'ALTER SCHEMA @extschema@ OWNER TO a superuser (or drop it), then CREATE EXTENSION knee_rehab again.';
  END IF;
END
$guard$;
