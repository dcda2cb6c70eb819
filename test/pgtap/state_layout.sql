-- Aggregate state layouts (issue 20): each array state's layout is defined
-- once in C (its slot enum and length check) and its empty value once more
-- in SQL (INITCOND).  This checks that they agree: every knee_rehab
-- aggregate's final function accepts its own INITCOND (the C side raises
-- 2202E on a state of the wrong length or with a malformed slot), and a
-- control shows the check can fail.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(3);

CREATE FUNCTION pg_temp.final_accepts(finalfn regproc, state text) RETURNS boolean
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('SELECT %s(%L::float8[])', finalfn, state);
  RETURN true;
EXCEPTION WHEN array_subscript_error OR invalid_parameter_value OR data_exception THEN
  RETURN false;
END $$;

SELECT cmp_ok((SELECT count(*) FROM pg_aggregate AS a JOIN pg_proc AS p ON p.oid = a.aggfnoid
                WHERE p.pronamespace = 'knee_rehab'::regnamespace AND a.agginitval IS NOT NULL
                  AND a.aggtranstype = 'float8[]'::regtype AND a.aggfinalfn <> 0),
              '>=', 8::bigint, 'the array-state aggregates with an INITCOND are found (knee_bend_progress, trends, EWMA)');
SELECT is_empty($$ SELECT a.aggfnoid::regprocedure::text, a.agginitval
                     FROM pg_aggregate AS a JOIN pg_proc AS p ON p.oid = a.aggfnoid
                    WHERE p.pronamespace = 'knee_rehab'::regnamespace AND a.agginitval IS NOT NULL
                      AND a.aggtranstype = 'float8[]'::regtype AND a.aggfinalfn <> 0
                      AND NOT pg_temp.final_accepts(a.aggfinalfn, a.agginitval) $$,
                'every array-state aggregate''s final function accepts its own INITCOND (SQL and C layouts agree)');
SELECT ok(NOT pg_temp.final_accepts('knee_rehab.knee_bend_progress_final'::regproc, '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN}'),
          'control: a knee_bend_progress state one slot short is refused (the check can fail)');

SELECT * FROM finish();
ROLLBACK;
