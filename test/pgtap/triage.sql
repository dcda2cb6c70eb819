-- triage: each red flag refers, each Ottawa criterion refers with X-ray,
-- each condition from its pain location and provocation.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(24);

SELECT enum_has_labels('knee_rehab', 'pain_location',
  ARRAY['peripatellar', 'retropatellar', 'lateral', 'inferior_patellar', 'medial', 'other']);
SELECT volatility_is('knee_rehab', 'triage', ARRAY['pain_location', 'boolean', 'boolean', 'boolean',
  'boolean', 'boolean', 'boolean', 'boolean', 'boolean', 'boolean', 'integer', 'boolean', 'boolean', 'boolean', 'boolean'], 'immutable');

-- red flags: refer, no X-ray from them alone, the PFPS pattern overridden
SELECT results_eq($$ SELECT likely_condition, refer, xray_indicated, cardinality(reasons) FROM triage('peripatellar', squat_pain => true, pop_at_injury => true) $$,
  $$ VALUES ('structural_injury_suspected', true, false, 2) $$, 'pop at injury: refer');
SELECT ok((triage(swelling_within_4h => true)).refer, 'swelling within 4 hours: refer');
SELECT ok((triage(locking => true)).refer, 'locking: refer');
SELECT ok((triage(giving_way => true)).refer, 'giving way: refer');
SELECT ok((triage(pop_at_injury => true)).reasons[1] LIKE 'red flag: pop at injury%', 'the reason names the red flag');
-- Ottawa knee rule: refer and X-ray
SELECT ok((SELECT refer AND xray_indicated FROM triage(age_years => 70)), 'Ottawa: age >= 55');
SELECT ok((SELECT refer AND xray_indicated FROM triage(isolated_patellar_tenderness => true)), 'Ottawa: isolated patellar tenderness');
SELECT ok((SELECT refer AND xray_indicated FROM triage(fibular_head_tenderness => true)), 'Ottawa: fibular head tenderness');
SELECT ok((SELECT refer AND xray_indicated FROM triage(cannot_flex_90 => true)), 'Ottawa: cannot flex to 90 degrees');
SELECT ok((SELECT refer AND xray_indicated FROM triage(cannot_bear_weight_4_steps => true)), 'Ottawa: cannot take 4 steps');
SELECT ok(NOT (triage(age_years => 30, pop_at_injury => false, locking => false)).refer, 'no red flag: no referral');
-- conditions
SELECT is((triage('peripatellar', stairs_pain => true)).likely_condition, 'patellofemoral_pain', 'around the kneecap + stairs: PFPS');
SELECT is((triage('retropatellar', running_pain => true)).likely_condition, 'patellofemoral_pain', 'behind the kneecap + running: PFPS');
SELECT is((triage('peripatellar', sitting_pain => true)).likely_condition, 'patellofemoral_pain', 'around the kneecap + sitting: PFPS');
SELECT is((triage('retropatellar', movie_goers_sign => true)).likely_condition, 'patellofemoral_pain', 'movie-goer''s sign: PFPS');
SELECT is((triage('peripatellar')).likely_condition, 'undetermined', 'around the kneecap without provocation: undetermined');
SELECT is((triage('lateral')).likely_condition, 'iliotibial_band_syndrome', 'outer knee: iliotibial band syndrome');
SELECT is((triage('inferior_patellar', squat_pain => true)).likely_condition, 'patellar_tendinopathy', 'below the kneecap: patellar tendinopathy');
SELECT is((triage('other', squat_pain => true)).likely_condition, 'undetermined', 'other location: undetermined');
SELECT is((triage('lateral', giving_way => true)).pain_pattern, 'iliotibial_band_syndrome', 'pain_pattern keeps the location''s condition under a red flag');
-- errors
SELECT throws_ok($$ SELECT triage(age_years => -1) $$, '22003', NULL, 'negative age: 22003');
SELECT throws_ok($$ SELECT triage('outer') $$, '22P02', NULL, 'unknown pain location: 22P02');

SELECT * FROM finish();
ROLLBACK;
