-- PROM scoring: signatures, properties, comments, error codes.
BEGIN;
SELECT plan(21);

SELECT function_returns('knee_rehab', 'akps_score', ARRAY['integer[]'], 'integer');
SELECT function_returns('knee_rehab', 'koos_pf_score', ARRAY['integer[]'], 'double precision');
SELECT function_returns('knee_rehab', 'akps_responder', ARRAY['integer', 'integer'], 'boolean');
SELECT function_returns('knee_rehab', 'nrs_responder', ARRAY['double precision', 'double precision'], 'boolean');
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'knee_rehab'::regnamespace
     AND p.proname IN ('akps_score', 'koos_pf_score', 'akps_responder', 'nrs_responder', 'koos_pf_responder')
     AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's') $$,
  'PROM functions are IMMUTABLE STRICT PARALLEL SAFE');
SELECT ok(obj_description('knee_rehab.akps_score(integer[])'::regprocedure, 'pg_proc') LIKE '%Kujala 1993%',
          'akps_score names Kujala 1993');
SELECT ok(obj_description('knee_rehab.nrs_responder(float8, float8)'::regprocedure, 'pg_proc') LIKE '%Farrar 2001%',
          'nrs_responder names Farrar 2001');

SELECT throws_ok($$ SELECT knee_rehab.akps_score('{5,5,5,10,5,10,10,10,10,10,10,5,1}') $$,
                 '22023', 'items[13] (flexion deficiency) must be one of {5,3,0}',
                 'an AKPS answer not allowed for its item is 22023 naming the item');
SELECT throws_ok($$ SELECT knee_rehab.akps_score('{5,5,5,10,5,10,10,10,10,10,10,5,5,5}') $$,
                 '2202E', NULL, 'an AKPS array of 14 items is 2202E');
SELECT throws_ok($$ SELECT knee_rehab.koos_pf_score('{0,0,0,0,0,0,0,0,0,0,7}') $$,
                 '22023', NULL, 'a KOOS-PF item of 7 is 22023');
SELECT throws_ok($$ SELECT knee_rehab.koos_pf_score('{{0,0},{0,0}}') $$,
                 '2202E', NULL, 'a two-dimensional KOOS-PF array is 2202E');
SELECT throws_ok($$ SELECT knee_rehab.akps_responder(50, 101) $$, '22003', NULL, 'AKPS above 100 is 22003');
SELECT throws_ok($$ SELECT knee_rehab.nrs_responder('Infinity', 1) $$, '22003', NULL, 'NRS Infinity is 22003');

-- Scores agree with the stored totals they would produce.
SELECT is(knee_rehab.akps_score(ARRAY[5,3,3,8,4,8,7,8,8,10,10,5,5]), 84, 'AKPS 5+3+3+8+4+8+7+8+8+10+10+5+5 = 84');
SELECT is(knee_rehab.koos_pf_score(ARRAY[1,1,2,2,NULL,0,0,4,NULL,NULL,NULL]), 100 - 25 * 10 / 7.0::float8,
          'KOOS-PF of 7 answered items summing to 10 is 100 - 25*10/7');
SELECT is(knee_rehab.koos_pf_score(ARRAY[NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL]::int[]), NULL,
          'KOOS-PF with nothing answered is NULL');

-- KOOS-PF responder (issue 15 item 9): a rise of at least the minimal
-- important change of 16.4 points (Crossley 2018).  Hand: 50 -> 66.4 is
-- +16.4, yes; 50 -> 66.3 is +16.3, no; 100 - 25*11/6 = 54.1667 -> 70.5667
-- (+16.4 by decimals) yes; 80 -> 60 worse, no.
SELECT function_returns('knee_rehab', 'koos_pf_responder', ARRAY['double precision', 'double precision'], 'boolean');
SELECT results_eq($$ SELECT knee_rehab.koos_pf_responder(50, 66.4), knee_rehab.koos_pf_responder(50, 66.3),
                            knee_rehab.koos_pf_responder(100 - 25 * 11 / 6.0::float8, 100 - 25 * 11 / 6.0::float8 + 16.4),
                            knee_rehab.koos_pf_responder(80, 60), knee_rehab.koos_pf_responder(0, 100) $$,
  $$ VALUES (true, false, true, false, true) $$, 'koos_pf_responder: +16.4 yes, +16.3 no, decimals, worse no, 0 -> 100 yes');
SELECT is(knee_rehab.koos_pf_responder(NULL, 70), NULL, 'koos_pf_responder: NULL when the baseline is not recorded');
SELECT throws_ok($$ SELECT knee_rehab.koos_pf_responder(50, 100.5) $$, '22003', 'followup must be between 0 and 100 KOOS-PF points',
  'koos_pf_responder: followup above 100 is 22003');
SELECT ok(obj_description('knee_rehab.koos_pf_responder(float8, float8)'::regprocedure, 'pg_proc') LIKE '%16.4 points (Crossley 2018%',
  'koos_pf_responder names its MIC 16.4 and Crossley 2018');

SELECT * FROM finish();
ROLLBACK;
