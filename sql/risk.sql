-- pfps_risk / pfps_risk_score: product of per-factor relative risks against
-- a reference runner (male, no knee injury, neutral foot), defaults from
-- the clinical reference: female 2.23, any prior knee injury 1.7 (once),
-- flat foot / overpronation 1.2, quadriceps deficit >= 10 % 1.75, weekly
-- distance +30 % or more 1.59; BMI >= 30, high arch, pttd, sex other and
-- < 1 strength session/week count at 1.0 (shown).  Tiers: low < 1.5 <=
-- moderate < 3 <= high.  completeness = recorded factors / 7.
-- Each profile's "hand" column is the product worked out by hand (comment
-- beside it); "ok" compares it with the function to 1e-12.
SET search_path = knee_rehab, public;
CREATE TEMP TABLE profile (
  id int, sex sex, weight_kg float8, height_cm float8, injuries knee_injury[],
  foot foot_type, quad float8, weekly float8, strength float8, hand float8);
INSERT INTO profile VALUES
  -- 1 reference runner, everything recorded: 1
  (1, 'male', 70, 175, '{}', 'neutral', 0, 0, 2, 1),
  -- 2 female 2.23 x prior injury 1.7 x flat 1.2 = 3.791 x 1.2 = 4.5492
  (2, 'female', 60, 160, '{acl_tear}', 'flat', NULL, NULL, NULL, 4.5492),
  -- 3 female alone: 2.23
  (3, 'female', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2.23),
  -- 4 two prior injuries count once: 1.7
  (4, 'male', NULL, NULL, '{prior_pfps,meniscus_tear}', NULL, NULL, NULL, NULL, 1.7),
  -- 5 overpronation: 1.2
  (5, 'male', NULL, NULL, NULL, 'overpronation', NULL, NULL, NULL, 1.2),
  -- 6 high arch: recorded, weight 1.0
  (6, 'male', NULL, NULL, NULL, 'high_arch', NULL, NULL, NULL, 1),
  -- 7 quadriceps deficit exactly at the 10 % threshold: 1.75 (0.2.0: 2.0;
  --   OR 3.5 per SD from Neal 2019's SMD, 10 % = 0.45 SD, 3.5^0.45 = 1.75)
  (7, 'male', NULL, NULL, NULL, NULL, 10, NULL, NULL, 1.75),
  -- 8 quadriceps deficit 9.99 %, below the threshold: 1
  (8, 'male', NULL, NULL, NULL, NULL, 9.99, NULL, NULL, 1),
  -- 9 weekly distance +30 % exactly: 1.59
  (9, 'male', NULL, NULL, NULL, NULL, NULL, 30, NULL, 1.59),
  -- 10 weekly distance +29.9 %: 1; a decrease of 50 %: 1 (row 11)
  (10, 'male', NULL, NULL, NULL, NULL, NULL, 29.9, NULL, 1),
  (11, 'male', NULL, NULL, NULL, NULL, NULL, -50, NULL, 1),
  -- 12 female, BMI 100/1.7^2 = 34.6 (counts, weight 1.0), no injury, pttd 1.0,
  --    quad 25 % 1.75, weekly +50 % 1.59, no strength work 1.0:
  --    2.23 x 1.75 x 1.59 = 3.9025 x 1.59 = 6.204975
  (12, 'female', 100, 170, '{}', 'pttd', 25, 50, 0, 6.204975),
  -- 13 nothing recorded: 1, completeness 0
  (13, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1),
  -- 14 sex unknown = not recorded: 1, completeness 0
  (14, 'unknown', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1),
  -- 15 sex other: recorded, weight 1.0
  (15, 'other', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1),
  -- 16 every factor: 2.23 x 1.7 x 1.2 x 1.75 x 1.59 = 4.5492 x 1.75 = 7.9611;
  --    7.9611 x 1.59 = 11.94165 + 0.716499 = 12.658149
  (16, 'female', 80, 165, '{patellar_dislocation,knee_surgery}', 'flat', 50, 100, 0, 12.658149),
  -- 17 female with overpronation: 2.23 x 1.2 = 2.676 (moderate)
  (17, 'female', NULL, NULL, NULL, 'overpronation', NULL, NULL, 0.5, 2.676);
-- tier by hand: < 1.5 low, < 3 moderate, else high; completeness = recorded / 7
SELECT p.id, round(r.relative_risk::numeric, 6) AS rr, p.hand,
       abs(r.relative_risk - p.hand) < 1e-12 AS ok, r.tier,
       r.factors_recorded || '/' || r.factors_total AS recorded,
       round(r.completeness::numeric, 4) AS completeness,
       pfps_risk_score(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot, p.quad, p.weekly, p.strength)
         = r.relative_risk AS score_same
  FROM profile p,
       LATERAL pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot, p.quad, p.weekly, p.strength) r
 ORDER BY p.id;
-- Each factor shows its value, relative risk, whether it counted and its source.
SELECT key, value->'value' AS value, value->'recorded' AS recorded, value->'counted' AS counted,
       value->'relative_risk' AS rr, value->>'source' AS source
  FROM pfps_risk('female', 100, 170, '{}', 'pttd', 25, 50, 0), jsonb_each(factors)
 ORDER BY key;
SELECT validated, note FROM pfps_risk();
-- Named arguments; the result is never NULL.
SELECT relative_risk, tier, completeness FROM pfps_risk(sex => 'female', quad_deficit_pct => 20);
SELECT pfps_risk_score(weekly_distance_increase_pct => 35) AS rr_1_59,
       pfps_risk_score() AS rr_1_nothing_recorded;
-- Bad input: 22003 numbers, 2202E malformed arrays, 22023 duplicates, 22P02 bad text.
SELECT pfps_risk_score('female', 9, 170, NULL, NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk_score('female', 70, 'NaN', NULL, NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk_score(quad_deficit_pct => 100.5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk_score(weekly_distance_increase_pct => 'Infinity');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk_score(strength_sessions_per_week => -1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk(injuries => '{acl_tear,acl_tear}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk(injuries => '{acl_tear,NULL}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk(injuries => '{{acl_tear},{pcl_tear}}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT pfps_risk_score('femal');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
