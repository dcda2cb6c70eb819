-- limb_symmetry_index(involved, uninvolved) = involved / uninvolved * 100.
--   45 / 50 * 100  = 90      (the Kyritsis 2016 return-to-sport line)
--   35 / 50 * 100  = 70      (the Rambaud 2018 return-to-running line)
--   0 / 50 * 100   = 0       (no force on the involved side)
--   120 / 100 * 100 = 120    (involved stronger)
--   1 / 3 * 100    = 33.333333333333336 (nearest double to 100/3)
SELECT knee_rehab.limb_symmetry_index(45, 50) AS lsi_90,
       knee_rehab.limb_symmetry_index(35, 50) AS lsi_70,
       knee_rehab.limb_symmetry_index(0, 50) AS lsi_0,
       knee_rehab.limb_symmetry_index(120, 100) AS lsi_120,
       knee_rehab.limb_symmetry_index(1, 3) AS lsi_100_over_3;
SELECT knee_rehab.limb_symmetry_index(NULL, 50) IS NULL AS involved_missing,
       knee_rehab.limb_symmetry_index(45, NULL) IS NULL AS uninvolved_missing;
-- Negative, zero denominator, NaN, Infinity: 22003.
SELECT knee_rehab.limb_symmetry_index(-1, 50);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.limb_symmetry_index(45, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.limb_symmetry_index(45, -50);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.limb_symmetry_index('NaN', 50);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.limb_symmetry_index(45, 'Infinity');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.limb_symmetry_index('Infinity', 50);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- estimated_1rm(load_kg, reps) = load_kg * (1 + reps / 30) (Epley).
--   100 kg x 10: 100 * 40 / 30 = 133.333333333333 (= 400/3)
--    60 kg x 5:   60 * 35 / 30 = 70
--    80 kg x 1:   80 * 31 / 30 = 82.6666666666667 (= 248/3)
--     0 kg x 30:  0
--  1000 kg x 30 (both limits): 1000 * 60 / 30 = 2000
SELECT knee_rehab.estimated_1rm(100, 10) AS e1rm_400_over_3,
       knee_rehab.estimated_1rm(100, 10) = 400.0 / 3 AS is_400_over_3,
       knee_rehab.estimated_1rm(60, 5) AS e1rm_70,
       knee_rehab.estimated_1rm(80, 1) = 248.0 / 3 AS is_248_over_3,
       knee_rehab.estimated_1rm(0, 30) AS e1rm_0,
       knee_rehab.estimated_1rm(1000, 30) AS e1rm_2000;
SELECT knee_rehab.estimated_1rm(NULL, 5) IS NULL AS load_missing,
       knee_rehab.estimated_1rm(60, NULL) IS NULL AS reps_missing;
-- reps outside 1-30, load outside 0-1000, NaN, Infinity: 22003.
SELECT knee_rehab.estimated_1rm(60, 0);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.estimated_1rm(60, 31);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.estimated_1rm(-0.5, 5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.estimated_1rm(1000.5, 5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.estimated_1rm('NaN', 5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.estimated_1rm('Infinity', 5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
