-- pfps_risk / pfps_risk_score: errors (SQLSTATE), NULL = not recorded,
-- clinic weights taking effect, bad weights refused, the model table.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(36);

-- ---- signatures
SELECT volatility_is('knee_rehab', 'pfps_risk_score', ARRAY['sex', 'double precision', 'double precision',
  'knee_injury[]', 'foot_type', 'double precision', 'double precision', 'double precision'], 'stable');
SELECT isnt_strict('knee_rehab', 'pfps_risk', ARRAY['sex', 'double precision', 'double precision',
  'knee_injury[]', 'foot_type', 'double precision', 'double precision', 'double precision']);

-- ---- errors
SELECT throws_ok($$ SELECT pfps_risk_score(weight_kg => 400.01) $$, '22003', NULL, 'weight above 400 kg: 22003');
SELECT throws_ok($$ SELECT pfps_risk_score(height_cm => '-Infinity') $$, '22003', NULL, 'height -Infinity: 22003');
SELECT throws_ok($$ SELECT pfps_risk(quad_deficit_pct => 'NaN') $$, '22003', NULL, 'quad deficit NaN: 22003');
SELECT throws_ok($$ SELECT pfps_risk(weekly_distance_increase_pct => -100.5) $$, '22003', NULL, 'weekly increase below -100 %: 22003');
SELECT throws_ok($$ SELECT pfps_risk(strength_sessions_per_week => 21.5) $$, '22003', NULL, 'strength sessions above 21: 22003');
SELECT throws_ok($$ SELECT pfps_risk_score(injuries => '{prior_pfps,acl_tear,prior_pfps}') $$, '22023', NULL, 'duplicate injury: 22023');
SELECT throws_ok($$ SELECT pfps_risk_score(injuries => ARRAY[NULL]::knee_injury[]) $$, '2202E', NULL, 'NULL injury element: 2202E');
SELECT throws_ok($$ SELECT pfps_risk_score(injuries => '{{acl_tear,pcl_tear}}') $$, '2202E', NULL, 'two-dimensional injuries: 2202E');
SELECT throws_ok($$ SELECT pfps_risk(foot => 'flatfoot') $$, '22P02', NULL, 'unknown foot type: 22P02');

-- ---- NULL = not recorded: never a NULL result
SELECT isnt((SELECT r FROM pfps_risk(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) r), NULL, 'all-NULL input gives a row');
SELECT results_eq($$ SELECT relative_risk, tier, completeness, validated FROM pfps_risk(NULL, NULL, NULL, NULL, NULL) $$,
  $$ VALUES (1::float8, 'low'::risk_tier, 0::float8, false) $$, 'all-NULL input: relative risk 1, low, completeness 0, not validated');
SELECT is(pfps_risk_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), 1::float8, 'pfps_risk_score of nothing recorded is 1');
-- weight alone (no height): validated but BMI not recorded
SELECT is((pfps_risk(weight_kg => 70)).factors_recorded, 0, 'weight without height does not record BMI');
SELECT is((pfps_risk(injuries => '{}')).factors->'knee_injury_history'->>'counted', 'false', 'empty injury list: recorded, not counted');
SELECT ok((pfps_risk(foot => 'high_arch')).factors->'foot_type' @> '{"recorded": true, "counted": true, "relative_risk": 1}',
  'high arch is shown with relative risk 1.0');

-- ---- a clinic's weights take effect, in the next statement
INSERT INTO risk_parameter (parameter, value, note) VALUES ('female', 3, 'clinic audit 2026');
SELECT is(pfps_risk_score('female'), 3::float8, 'a clinic weight for female sex replaces 2.23');
SELECT is((pfps_risk('female')).factors->'sex'->>'weight_from', 'clinic', 'factors say the weight is the clinic''s');
INSERT INTO risk_parameter (parameter, value) VALUES ('bmi_high', 1.3);
-- 95 kg, 175 cm: BMI 95 / 1.75^2 = 31.02 >= 30, so 1.3; 3 x 1.3 = 3.9
SELECT is(round(pfps_risk_score('female', 95, 175)::numeric, 12), 3.9, 'a BMI weight counts from BMI 30: 3 x 1.3 = 3.9');
INSERT INTO risk_parameter (parameter, value) VALUES ('quad_deficit_threshold_pct', 20);
SELECT is(pfps_risk_score(quad_deficit_pct => 15), 1::float8, 'quad deficit threshold raised to 20 %: 15 % no longer counts');
SELECT is(pfps_risk_score(quad_deficit_pct => 20), 1.75::float8, '20 % counts (default weight 1.75)');
INSERT INTO risk_parameter (parameter, value) VALUES ('tier_high_from', 1.75);
SELECT is((pfps_risk(quad_deficit_pct => 20)).tier, 'high', 'tier cut-off lowered to 1.75: relative risk 1.75 is high (cut-offs inclusive)');
DELETE FROM risk_parameter WHERE parameter IN ('female', 'tier_high_from');
SELECT is(pfps_risk_score('female'), 2.23::float8, 'deleting the override restores the default 2.23');
-- inside one PL/pgSQL function: the change is seen by the next statement
CREATE FUNCTION pg_temp.before_after() RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE a float8; b float8;
BEGIN
  a := knee_rehab.pfps_risk_score('female');
  INSERT INTO knee_rehab.risk_parameter (parameter, value) VALUES ('female', 2.5);
  b := knee_rehab.pfps_risk_score('female');
  RETURN ARRAY[a, b];
END $$;
SELECT is(pg_temp.before_after(), ARRAY[2.23, 2.5]::float8[], 'a change inside a PL/pgSQL function is seen by its next statement');

-- ---- bad weights are refused
SELECT throws_ok($$ UPDATE risk_parameter SET value = 0 WHERE parameter = 'female' $$, '22003', NULL, 'weight 0 refused');
SELECT throws_ok($$ UPDATE risk_parameter SET value = -1 WHERE parameter = 'female' $$, '22003', NULL, 'negative weight refused');
SELECT throws_ok($$ UPDATE risk_parameter SET value = 'NaN' WHERE parameter = 'female' $$, '22003', NULL, 'NaN weight refused');
SELECT throws_ok($$ UPDATE risk_parameter SET value = 'Infinity' WHERE parameter = 'female' $$, '22003', NULL, 'Infinity weight refused');
SELECT throws_ok($$ INSERT INTO risk_parameter (parameter, value) VALUES ('prior_knee_injury', 101) $$, '22003', NULL, 'weight above the parameter''s maximum refused');
-- tier order involves two rows: checked when the model is read (22023), so
-- that the tables need no trigger (Citus reference tables)
SELECT lives_ok($$ INSERT INTO risk_parameter (parameter, value) VALUES ('tier_moderate_from', 3) $$, 'a tier cut-off is stored on its own');
SELECT throws_ok($$ SELECT pfps_risk_score('female') $$, '22023', NULL, 'moderate cut-off not below the high cut-off refused when the model is read');
DELETE FROM risk_parameter WHERE parameter = 'tier_moderate_from';
SELECT throws_ok($$ INSERT INTO risk_parameter (parameter, value) VALUES ('q_angle', 1.1) $$, '23514', NULL, 'unknown parameter refused');
-- the CHECK function's ranges are the defaults table's: both ends accepted,
-- every parameter known
SELECT is_empty($$ SELECT parameter FROM risk_parameter_default
                    WHERE NOT (risk_parameter_in_range(parameter, min_value) AND risk_parameter_in_range(parameter, max_value)
                               AND risk_parameter_in_range(parameter, value)) $$,
  'risk_parameter_in_range accepts every parameter of risk_parameter_default from min_value to max_value');

-- ---- the model view
SELECT is((SELECT value FROM risk_model WHERE parameter = 'female'), 2.5::float8, 'risk_model shows the value in use');
SELECT is((SELECT count(*) FROM risk_model WHERE source IS NULL OR source = ''), 0::bigint, 'every parameter names its source');

SELECT * FROM finish();
ROLLBACK;
