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
