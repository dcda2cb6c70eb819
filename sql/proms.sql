-- PROM scoring: akps_score, koos_pf_score, akps_responder, nrs_responder.
-- Values worked out by hand in the comments.

-- AKPS (Kujala 1993): sum of 13 items, each from its own allowed points.
--   best answers:  5+5+5+10+5+10+10+10+10+10+10+5+5 = 100
--   worst answers: 0
--   mixed {3,3,2,8,4,6,7,6,6,8,6,3,3}: 3+3+2+8+4+6+7+6+6+8+6+3+3 = 65
SELECT knee_rehab.akps_score('{5,5,5,10,5,10,10,10,10,10,10,5,5}') AS akps_100,
       knee_rehab.akps_score('{0,0,0,0,0,0,0,0,0,0,0,0,0}') AS akps_0,
       knee_rehab.akps_score('{3,3,2,8,4,6,7,6,6,8,6,3,3}') AS akps_65;
-- A missing item gives NULL (no imputation rule), as does a NULL array.
SELECT knee_rehab.akps_score('{3,3,2,8,4,6,NULL,6,6,8,6,3,3}') IS NULL AS item_missing,
       knee_rehab.akps_score(NULL) IS NULL AS not_recorded;
-- A value not allowed for its item: 22023 naming the item and its points.
SELECT knee_rehab.akps_score('{5,5,5,10,1,10,10,10,10,10,10,5,5}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.akps_score('{4,5,5,10,5,10,10,10,10,10,10,5,5}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- ... even when another item is missing.
SELECT knee_rehab.akps_score('{NULL,5,5,10,5,10,10,10,10,10,10,5,6}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- Wrong shape: 2202E.
SELECT knee_rehab.akps_score('{5,5,5,10,5,10,10,10,10,10,10,5}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.akps_score('{{5,5},{5,10}}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.akps_score('{}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- KOOS-PF (Crossley 2018): 100 - 25 * mean of the answered items.
--   all 0 -> 100; all 4 -> 0; all 1 -> 75
--   {1,2,-,0,4,3,-,-,-,-,1}: 6 answered, sum 11, 100 - 25*11/6 = 54.1666...
--   {2,2,2,2,2,2,-,-,-,-,-}: 6 of 11 answered (>= 50 %), mean 2 -> 50
--   {2,2,2,2,2,-,-,-,-,-,-}: 5 of 11 answered (< 50 %) -> NULL
SELECT knee_rehab.koos_pf_score('{0,0,0,0,0,0,0,0,0,0,0}') AS koos_100,
       knee_rehab.koos_pf_score('{4,4,4,4,4,4,4,4,4,4,4}') AS koos_0,
       knee_rehab.koos_pf_score('{1,1,1,1,1,1,1,1,1,1,1}') AS koos_75;
SELECT round(knee_rehab.koos_pf_score('{1,2,NULL,0,4,3,NULL,NULL,NULL,NULL,1}')::numeric, 10) AS koos_54_1666666667,
       knee_rehab.koos_pf_score('{2,2,2,2,2,2,NULL,NULL,NULL,NULL,NULL}') AS koos_50,
       knee_rehab.koos_pf_score('{2,2,2,2,2,NULL,NULL,NULL,NULL,NULL,NULL}') IS NULL AS under_half_answered;
SELECT knee_rehab.koos_pf_score('{0,0,0,0,5,0,0,0,0,0,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.koos_pf_score('{0,0,0,0,0,0,0,0,0,0,-1}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.koos_pf_score('{0,0,0,0,0,0,0,0,0,0,0,0,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- AKPS responder: a rise of at least 10 points (Crossley 2004).
--   60 -> 70: +10 yes; 60 -> 69: +9 no; 70 -> 60: worse, no; 0 -> 100 yes
SELECT knee_rehab.akps_responder(60, 70) AS plus_10,
       knee_rehab.akps_responder(60, 69) AS plus_9,
       knee_rehab.akps_responder(70, 60) AS minus_10,
       knee_rehab.akps_responder(0, 100) AS plus_100,
       knee_rehab.akps_responder(NULL, 70) IS NULL AS baseline_missing;
SELECT knee_rehab.akps_responder(101, 70);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.akps_responder(60, -1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- NRS responder: drop >= 2 points or >= 30 % of baseline (Farrar 2001).
--   6 -> 4:    drop 2 (33 %)                 yes
--   6 -> 4.5:  drop 1.5 = 25 %               no
--   3 -> 2:    drop 1 = 33 %                 yes
--   5 -> 3.5:  drop 1.5 = exactly 30 %       yes
--   3.3 -> 2.31: drop 0.99 = 30 % (decimal)  yes
--   10 -> 8.5: drop 1.5 = 15 %               no
--   0 -> 0:    no drop possible              no
--   2 -> 3:    worse                         no
SELECT knee_rehab.nrs_responder(6, 4) AS drop_2,
       knee_rehab.nrs_responder(6, 4.5) AS drop_25pct,
       knee_rehab.nrs_responder(3, 2) AS drop_33pct,
       knee_rehab.nrs_responder(5, 3.5) AS drop_30pct,
       knee_rehab.nrs_responder(3.3, 2.31) AS drop_30pct_decimal,
       knee_rehab.nrs_responder(10, 8.5) AS drop_15pct,
       knee_rehab.nrs_responder(0, 0) AS zero_baseline,
       knee_rehab.nrs_responder(2, 3) AS worse,
       knee_rehab.nrs_responder(2, NULL) IS NULL AS followup_missing;
SELECT knee_rehab.nrs_responder(10.5, 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.nrs_responder(5, 'NaN');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.nrs_responder('-Infinity', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- KOOS-PF responder: a rise of at least 16.4 points (Crossley 2018).
--   50 -> 66.4: +16.4 yes; 50 -> 66.3: +16.3 no; 40 -> 75: yes; 75 -> 40: no
SELECT knee_rehab.koos_pf_responder(50, 66.4) AS plus_16_4,
       knee_rehab.koos_pf_responder(50, 66.3) AS plus_16_3,
       knee_rehab.koos_pf_responder(40, 75) AS plus_35,
       knee_rehab.koos_pf_responder(75, 40) AS worse,
       knee_rehab.koos_pf_responder(NULL, 40) IS NULL AS baseline_missing;
SELECT knee_rehab.koos_pf_responder(-1, 40);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
