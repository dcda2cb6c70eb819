-- The extension as a whole: function properties, and DROP EXTENSION
-- leaving nothing behind (inside a transaction that is rolled back).
BEGIN;
SELECT plan(17);

SELECT is(extversion, (SELECT default_version FROM pg_available_extensions WHERE name = 'knee_rehab'), 'knee_rehab is installed at the default version of knee_rehab.control')
  FROM pg_extension WHERE extname = 'knee_rehab';
SELECT is_empty($$
  SELECT oid::regprocedure::text FROM pg_proc
   WHERE pronamespace = 'knee_rehab'::regnamespace AND proparallel <> 's'
     AND oid NOT IN ('knee_rehab.simulate_clinic(integer, integer)'::regprocedure,
                     'knee_rehab.grant_clinic_access(regrole, text, text)'::regprocedure,
                     'knee_rehab.revoke_clinic_access(regrole, text)'::regprocedure,
                     'knee_rehab.clinic_access_sync_privileges(regrole)'::regprocedure,
                     'knee_rehab.drop_guard()'::regprocedure) $$,
  'every function is PARALLEL SAFE (but those that write: simulate_clinic, grant/revoke_clinic_access, and the drop_guard event trigger)');
SELECT is_empty($$
  SELECT oid::regprocedure::text FROM pg_proc
   WHERE pronamespace = 'knee_rehab'::regnamespace AND prosecdef $$,
  'no function is SECURITY DEFINER');
SELECT is_empty($$
  SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
   WHERE p.pronamespace = 'knee_rehab'::regnamespace
     AND (a.aggcombinefn = 0 OR a.aggtranstype = 'internal'::regtype OR p.proparallel <> 's') $$,
  'every aggregate is PARALLEL SAFE with a combine function and a concrete state type (Citus-splittable)');
SELECT cmp_ok((SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
                WHERE p.pronamespace = 'knee_rehab'::regnamespace), '>=', 14,
              'the aggregate check above saw the aggregates (at least 14)');
SELECT is_empty($$
  SELECT pg_describe_object(d.classid, d.objid, 0) FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
   WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND x.extname = 'knee_rehab'
     AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL $$,
  'every member of the extension (functions, aggregates, types, tables, views, sequences) has a comment');
SELECT is_empty($$
  SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND obj_description(i.indexrelid, 'pg_class') IS NULL
     AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid)
  UNION ALL
  SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND NOT t.tgisinternal
     AND obj_description(t.oid, 'pg_trigger') IS NULL $$,
  'every index (other than a key''s) and every trigger has a comment');
SELECT function_returns('knee_rehab', 'bmi', ARRAY['double precision', 'double precision'], 'double precision');
SELECT volatility_is('knee_rehab', 'bmi', ARRAY['double precision', 'double precision'], 'immutable');
SELECT is_strict('knee_rehab', 'limb_symmetry_index', ARRAY['double precision', 'double precision']);

-- DROP EXTENSION refuses while patient rows exist (two clinics, same ids),
-- a non-superuser cannot confirm, a superuser can; emptied, it drops as before.
INSERT INTO knee_rehab.patient (clinic_id, patient_id) VALUES ('a', 1), ('b', 1);
SELECT throws_ok($$DROP EXTENSION knee_rehab$$, '2BP01', 'cannot drop extension knee_rehab while its tables hold patient rows',
                 'DROP EXTENSION knee_rehab with patient rows is refused (2BP01)');
SELECT throws_ok($$DROP SCHEMA knee_rehab CASCADE$$, '2BP01', NULL,
                 'DROP SCHEMA knee_rehab CASCADE with patient rows is refused too');
CREATE ROLE kr_ext_nobody;
SET LOCAL ROLE kr_ext_nobody;
SELECT throws_ok($$SET knee_rehab.allow_drop_with_data = on$$, '42501', NULL,
                 'a non-superuser cannot set knee_rehab.allow_drop_with_data');
RESET ROLE;
SAVEPOINT confirmed;
SET LOCAL knee_rehab.allow_drop_with_data = on;
DROP EXTENSION knee_rehab;
SELECT ok(NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'knee_rehab'),
          'with knee_rehab.allow_drop_with_data = on (superuser) the drop goes ahead');
ROLLBACK TO SAVEPOINT confirmed;
DELETE FROM knee_rehab.patient;
DROP EXTENSION knee_rehab;
SELECT is_empty($$ SELECT 1 FROM pg_depend WHERE refclassid = $$ || quote_literal($$pg_extension$$) || $$::regclass AND deptype = $$ || quote_literal($$e$$) || $$ AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE oid = refobjid) $$, $$no object depends on a dropped extension$$);
SELECT is((SELECT count(*) FROM pg_class WHERE relnamespace = 'knee_rehab'::regnamespace)
          + (SELECT count(*) FROM pg_type WHERE typnamespace = 'knee_rehab'::regnamespace)
          + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'knee_rehab'::regnamespace),
          0::bigint, 'DROP EXTENSION leaves no table, sequence, index, type or function in schema knee_rehab');
SELECT is_empty($$ SELECT 1 FROM pg_extension WHERE extname = 'knee_rehab' $$, 'the extension is gone');

SELECT * FROM finish();
ROLLBACK;
