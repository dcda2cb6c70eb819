-- bmi(weight_kg, height_cm) = weight_kg / (height_cm / 100)^2.
-- Errors print their SQLSTATE through psql's LAST_ERROR_SQLSTATE (stable
-- across code edits, unlike VERBOSITY verbose's source line numbers).
--   60 kg, 160 cm: 60 / 1.6^2 = 60 / 2.56   = 23.4375 (exact in binary)
--   70 kg, 175 cm: 70 / 1.75^2 = 70 / 3.0625 = 22.857142857... (= 160/7)
--  100 kg, 200 cm: 100 / 4                  = 25
--   81 kg, 180 cm: 81 / 3.24                = 25 (to 15 digits)
--   10 kg, 250 cm (both limits): 10 / 6.25  = 1.6
--  400 kg,  50 cm (both limits): 400 / 0.25 = 1600
SELECT knee_rehab.bmi(60, 160) AS bmi_23_4375,
       knee_rehab.bmi(70, 175) AS bmi_160_over_7,
       abs(knee_rehab.bmi(70, 175) - 160.0 / 7) < 1e-12 AS is_160_over_7,
       knee_rehab.bmi(100, 200) AS bmi_25;
SELECT round(knee_rehab.bmi(81, 180)::numeric, 12) AS bmi_25,
       knee_rehab.bmi(10, 250) AS bmi_1_6,
       knee_rehab.bmi(400, 50) AS bmi_1600;
-- NULL means "not recorded": the result is NULL, not an error.
SELECT knee_rehab.bmi(NULL, 170) IS NULL AS weight_missing,
       knee_rehab.bmi(70, NULL) IS NULL AS height_missing;
-- Out of range, NaN and Infinity: 22003 naming the argument and the range.
SELECT knee_rehab.bmi(9.99, 170);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.bmi(400.5, 170);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.bmi('NaN', 170);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.bmi('Infinity', 170);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.bmi(70, 49.9);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.bmi(70, 250.1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.bmi(70, '-Infinity');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.bmi(70, 'NaN');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
