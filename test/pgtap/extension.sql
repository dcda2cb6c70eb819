-- The extension as a whole: function properties, and DROP EXTENSION
-- leaving nothing behind (inside a transaction that is rolled back).
BEGIN;
SELECT plan(11);

SELECT is(extversion, '0.1.0', 'knee_rehab 0.1.0 is installed')
  FROM pg_extension WHERE extname = 'knee_rehab';
SELECT is_empty($$
  SELECT oid::regprocedure::text FROM pg_proc
   WHERE pronamespace = 'knee_rehab'::regnamespace AND proparallel <> 's'
     AND oid <> 'knee_rehab.simulate_clinic(integer, integer)'::regprocedure $$,
  'every function is PARALLEL SAFE (but simulate_clinic, which writes to tables)');
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
SELECT function_returns('knee_rehab', 'bmi', ARRAY['double precision', 'double precision'], 'double precision');
SELECT volatility_is('knee_rehab', 'bmi', ARRAY['double precision', 'double precision'], 'immutable');
SELECT is_strict('knee_rehab', 'limb_symmetry_index', ARRAY['double precision', 'double precision']);

DROP EXTENSION knee_rehab;
SELECT is_empty($$ SELECT 1 FROM pg_depend WHERE refclassid = $$ || quote_literal($$pg_extension$$) || $$::regclass AND deptype = $$ || quote_literal($$e$$) || $$ AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE oid = refobjid) $$, $$no object depends on a dropped extension$$);
SELECT is((SELECT count(*) FROM pg_class WHERE relnamespace = 'knee_rehab'::regnamespace)
          + (SELECT count(*) FROM pg_type WHERE typnamespace = 'knee_rehab'::regnamespace)
          + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'knee_rehab'::regnamespace),
          0::bigint, 'DROP EXTENSION leaves no table, sequence, index, type or function in schema knee_rehab');
SELECT is_empty($$ SELECT 1 FROM pg_extension WHERE extname = 'knee_rehab' $$, 'the extension is gone');

SELECT * FROM finish();
ROLLBACK;
