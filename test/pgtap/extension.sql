-- The extension as a whole: function properties, the demo extension
-- knee_rehab_demo beside it (the synthetic clinic, never part of a
-- production install), and DROP EXTENSION leaving nothing behind (inside a
-- transaction that is rolled back).  run_tap.sh installs both extensions.
BEGIN;
SELECT plan(29);

SELECT is(extversion, (SELECT default_version FROM pg_available_extensions WHERE name = 'knee_rehab'), 'knee_rehab is installed at the default version of knee_rehab.control')
  FROM pg_extension WHERE extname = 'knee_rehab';
-- The members of each extension.
CREATE TEMP VIEW kr_ext_member AS
  SELECT x.extname, d.classid, d.objid FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
   WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND x.extname IN ('knee_rehab', 'knee_rehab_demo');
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM kr_ext_member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
   WHERE m.extname = 'knee_rehab' AND p.proparallel <> 's'
     AND p.oid NOT IN ('knee_rehab.grant_clinic_access(regrole, text, text)'::regprocedure,
                       'knee_rehab.revoke_clinic_access(regrole, text)'::regprocedure,
                       'knee_rehab.clinic_access_sync_privileges(regrole)'::regprocedure,
                       'knee_rehab.drop_guard()'::regprocedure,
                       'knee_rehab.cohort_recovery_cells()'::regprocedure,
                       'knee_rehab.clinic_benchmark_cells()'::regprocedure, 'knee_rehab.clinic_activity_cells()'::regprocedure) $$,
  'every function of knee_rehab is PARALLEL SAFE (but those that write: grant/revoke_clinic_access, and the drop_guard event trigger; and the aggregate-only views'' SECURITY DEFINER *_cells functions, PARALLEL RESTRICTED: under Citus they run distributed queries, which a parallel worker cannot)');

-- ---- knee_rehab_demo: the synthetic clinic, a separate extension (issue 20)
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM kr_ext_member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
   WHERE m.extname = 'knee_rehab' AND p.proname LIKE 'simulate\_%' $$,
  'knee_rehab has no simulate_* member: the synthetic clinic is not part of a production install');
SELECT results_eq($$
  SELECT m.classid::regclass::text || ' ' || m.objid::regprocedure::text || ' ' || p.proparallel::text
    FROM kr_ext_member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
   WHERE m.extname = 'knee_rehab_demo' ORDER BY 1 $$,
  $$ VALUES ('pg_proc knee_rehab.simulate_assumption() s'),
            ('pg_proc knee_rehab.simulate_capacity(double precision,double precision,double precision) s'),
            ('pg_proc knee_rehab.simulate_clinic(integer,integer) u'), ('pg_proc knee_rehab.simulate_clinic_ids() s'),
            ('pg_proc knee_rehab.simulate_draw_patients(bigint,integer) u'),
            ('pg_proc knee_rehab.simulate_normal(bigint,bigint,bigint) s'),
            ('pg_proc knee_rehab.simulate_nrs(double precision,integer) s'),
            ('pg_proc knee_rehab.simulate_plan_episodes(bigint) u'),
            ('pg_proc knee_rehab.simulate_progress(integer,double precision,double precision) s'),
            ('pg_proc knee_rehab.simulate_recovered(integer,double precision) s'),
            ('pg_proc knee_rehab.simulate_uniform(bigint,bigint,bigint) s'),
            ('pg_proc knee_rehab.simulate_write_episodes(bigint) u'), ('pg_proc knee_rehab.simulate_write_equipment(bigint) u'),
            ('pg_proc knee_rehab.simulate_write_gait(bigint) u'), ('pg_proc knee_rehab.simulate_write_home_program(bigint) u'),
            ('pg_proc knee_rehab.simulate_write_outcomes(bigint) u'), ('pg_proc knee_rehab.simulate_write_patients() u'),
            ('pg_proc knee_rehab.simulate_write_sessions(bigint) u'), ('pg_proc knee_rehab.simulate_write_side_measures(bigint) u'),
            ('pg_proc knee_rehab.simulate_write_tests(bigint) u') $$,
  'knee_rehab_demo holds exactly the simulate_* functions in schema knee_rehab (simulate_clinic, its draws, its shared figures and formulas, its stages); only simulate_clinic and its stages (they write) are not PARALLEL SAFE');
SELECT is((SELECT count(*) FROM kr_ext_member WHERE extname = 'knee_rehab_demo'),
          (SELECT count(*) FROM kr_ext_member WHERE extname = 'knee_rehab_demo' AND classid = 'pg_proc'::regclass),
          'knee_rehab_demo has no member other than those functions (no table, type or view)');
SELECT is((SELECT format('%s %s %s %s', x.extversion, x.extnamespace::regnamespace, x.extrelocatable, v.requires)
             FROM pg_extension x JOIN pg_available_extension_versions v ON v.name = x.extname AND v.version = x.extversion
            WHERE x.extname = 'knee_rehab_demo'),
          (SELECT extversion FROM pg_extension WHERE extname = 'knee_rehab') || ' knee_rehab f {knee_rehab}',
          'knee_rehab_demo: at knee_rehab''s version, in schema knee_rehab, not relocatable, requires knee_rehab');

CREATE TEMP TABLE kr_members_before AS
  SELECT pg_describe_object(classid, objid, 0) AS obj FROM kr_ext_member WHERE extname = 'knee_rehab';
SAVEPOINT demo_dropped;
DROP EXTENSION knee_rehab_demo;
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'knee_rehab'::regnamespace AND proname LIKE 'simulate\_%'),
          0::bigint, 'DROP EXTENSION knee_rehab_demo takes the simulate_* functions with it');
SELECT set_eq($$ SELECT pg_describe_object(classid, objid, 0) FROM kr_ext_member WHERE extname = 'knee_rehab' $$,
              $$ SELECT obj FROM kr_members_before $$,
              'and leaves knee_rehab with every one of its members');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'knee_rehab'),
          (SELECT default_version FROM pg_available_extensions WHERE name = 'knee_rehab'), 'knee_rehab stays installed');

-- A production install: CREATE EXTENSION knee_rehab alone has no demo
-- object; knee_rehab_demo needs knee_rehab (CASCADE installs it).
DROP EXTENSION knee_rehab;
SELECT throws_ok($$CREATE EXTENSION knee_rehab_demo$$, '42704', 'required extension "knee_rehab" is not installed',
                 'CREATE EXTENSION knee_rehab_demo without knee_rehab: refused, knee_rehab is required');
CREATE EXTENSION knee_rehab;
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'knee_rehab'::regnamespace AND proname LIKE 'simulate\_%'),
          0::bigint, 'a plain CREATE EXTENSION knee_rehab installs no simulate_* function');
DROP EXTENSION knee_rehab;
SELECT is((SELECT count(*) FROM pg_extension WHERE extname LIKE 'knee\_rehab%'), 0::bigint, 'neither extension is installed now');
SET LOCAL client_min_messages = warning;   -- (NOTICE: installing required extension "knee_rehab")
CREATE EXTENSION knee_rehab_demo CASCADE;
RESET client_min_messages;
SELECT is((SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_extension WHERE extname LIKE 'knee\_rehab%'),
          (SELECT string_agg(name || ' ' || default_version, ', ' ORDER BY name) FROM pg_available_extensions WHERE name IN ('knee_rehab', 'knee_rehab_demo')),
          'CREATE EXTENSION knee_rehab_demo CASCADE where neither is installed installs knee_rehab and knee_rehab_demo at their default versions');
CREATE TEMP TABLE kr_demo_written AS SELECT knee_rehab.simulate_clinic(5, 2) AS n;
SELECT ok((SELECT n FROM kr_demo_written) > 0 AND (SELECT count(DISTINCT clinic_id) FROM knee_rehab.patient) = 5,
          'and knee_rehab.simulate_clinic(5, 2) then writes its five clinics (one patient each)');
ROLLBACK TO SAVEPOINT demo_dropped;
SELECT is_empty($$
  SELECT oid::regprocedure::text FROM pg_proc
   WHERE pronamespace = 'knee_rehab'::regnamespace AND prosecdef
     AND oid NOT IN ('knee_rehab.cohort_recovery_cells()'::regprocedure,
                       'knee_rehab.clinic_benchmark_cells()'::regprocedure, 'knee_rehab.clinic_activity_cells()'::regprocedure,
                       'knee_rehab.visible_clinics(text)'::regprocedure) $$,
  'no function is SECURITY DEFINER but the three *_cells functions the aggregate-only views read their cells through (src/outcome_views.sql: under Citus their shard queries must run as the owner) and visible_clinics (the session role''s clinics, the same inside any SECURITY DEFINER function)');
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
   WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND x.extname IN ('knee_rehab', 'knee_rehab_demo')
     AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
     -- PostgreSQL 17 and later also record the types that come with another
     -- member as members (its array type, a table's or view's row type):
     -- described by their owner, not commented themselves.
     AND NOT EXISTS (SELECT 1 FROM pg_type t
                      WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid
                        AND (t.oid = (SELECT e.typarray FROM pg_type e WHERE e.oid = t.typelem)
                             OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'))) $$,
  'every member of knee_rehab and knee_rehab_demo (functions, aggregates, types, tables, views, sequences) has a comment');
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
-- knee_rehab_demo requires knee_rehab: it goes first.
DROP EXTENSION knee_rehab_demo;
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
