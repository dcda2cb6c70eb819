-- triage: each red flag refers, each Ottawa criterion refers with X-ray in
-- acute knee trauma only, each condition from its pain location and
-- provocation (clinical reference, triage; issue 15 items 1-2).
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(43);

SELECT enum_has_labels('knee_rehab', 'pain_location',
  ARRAY['peripatellar', 'retropatellar', 'lateral', 'inferior_patellar', 'medial', 'other']);
SELECT volatility_is('knee_rehab', 'triage', ARRAY['pain_location', 'boolean', 'boolean', 'boolean',
  'boolean', 'boolean', 'boolean', 'boolean', 'boolean', 'boolean', 'integer', 'boolean', 'boolean', 'boolean', 'boolean',
  'integer', 'boolean', 'boolean', 'boolean', 'boolean'], 'immutable');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE proname = 'triage' AND pronamespace = 'knee_rehab'::regnamespace), 1,
  'one triage function: the 0.2.0 signature is replaced, so calls by name stay unambiguous');

-- red flags: refer, no X-ray from them alone, the PFPS pattern overridden
SELECT results_eq($$ SELECT likely_condition, refer, xray_indicated, cardinality(reasons) FROM triage('peripatellar', squat_pain => true, pop_at_injury => true) $$,
  $$ VALUES ('structural_injury_suspected', true, false, 2) $$, 'pop at injury: refer');
SELECT ok((triage(swelling_within_4h => true)).refer, 'swelling within 4 hours: refer');
SELECT ok((triage(locking => true)).refer, 'locking: refer');
SELECT ok((triage(pop_at_injury => true)).reasons[1] LIKE 'red flag: pop at injury%', 'the reason names the red flag');

-- giving way: a red flag only after a specific injury or with effusion
-- (issue 15 item 2; 0.2.0 referred every giving way)
SELECT results_eq($$ SELECT likely_condition, refer, reasons[1] FROM triage('peripatellar', squat_pain => true, giving_way => true) $$,
  $$ VALUES ('patellofemoral_pain', false,
             'giving way without a specific injury or effusion: a feeling of instability is a common PFPS symptom, not a red flag') $$,
  'giving way in an insidious-onset runner with a PFPS pattern: PFPS, no referral, a reason says why');
SELECT ok((triage(giving_way => true, effusion => true)).refer, 'giving way with effusion: refer');
SELECT ok((triage(giving_way => true, days_since_injury => 30)).refer, 'giving way after a specific injury (30 days ago): refer');
SELECT ok((triage(giving_way => true, swelling_within_4h => true)).reasons @> ARRAY['red flag: giving way with effusion (possible ligament injury or patellar instability) - refer'],
  'giving way with swelling within 4 hours counts as with effusion');
SELECT ok(NOT (triage(effusion => true)).refer, 'effusion alone is recorded, not a red flag by itself');

-- Ottawa knee rule: refer and X-ray in acute knee trauma (injury 0-7 days ago)
SELECT ok((SELECT refer AND xray_indicated FROM triage(age_years => 70, days_since_injury => 0)), 'Ottawa (acute): age >= 55');
SELECT ok((SELECT refer AND xray_indicated FROM triage(isolated_patellar_tenderness => true, days_since_injury => 7)), 'Ottawa (acute, day 7): isolated patellar tenderness');
SELECT ok((SELECT refer AND xray_indicated FROM triage(fibular_head_tenderness => true, days_since_injury => 1)), 'Ottawa (acute): fibular head tenderness');
SELECT ok((SELECT refer AND xray_indicated FROM triage(cannot_flex_90 => true, days_since_injury => 2)), 'Ottawa (acute): cannot flex to 90 degrees');
SELECT ok((SELECT refer AND xray_indicated FROM triage(cannot_bear_weight_4_steps => true, days_since_injury => 3)), 'Ottawa (acute): cannot take 4 steps');
SELECT ok(NOT (triage(age_years => 30, pop_at_injury => false, locking => false)).refer, 'no red flag: no referral');
-- ... and not without acute trauma (issue 15 item 1: 0.2.0 gave structural_injury_suspected, refer, X-ray here)
SELECT results_eq($$ SELECT likely_condition, refer, xray_indicated FROM triage('peripatellar', squat_pain => true, movie_goers_sign => true, age_years => 56) $$,
  $$ VALUES ('patellofemoral_pain', false, false) $$,
  'the issue''s case: peripatellar, squat pain, movie-goer''s sign, age 56, no trauma: PFPS, no referral, no X-ray');
SELECT ok((triage('peripatellar', squat_pain => true, movie_goers_sign => true, age_years => 56)).reasons[1]
          = 'Ottawa knee rule not applied: no acute knee trauma (injury within 7 days) recorded, the rule covers acute trauma only (Stiell 1996)',
  'the first reason says the Ottawa knee rule does not apply');
SELECT results_eq($$ SELECT refer, xray_indicated, reasons[1:2] FROM triage(isolated_patellar_tenderness => true) $$,
  $$ VALUES (false, false, ARRAY['Ottawa knee rule not applied: no acute knee trauma (injury within 7 days) recorded, the rule covers acute trauma only (Stiell 1996)',
                                 'patellar tenderness without acute trauma is part of the ordinary PFPS examination, not an X-ray indication']) $$,
  'isolated patellar tenderness without trauma: part of the PFPS examination, no X-ray');
SELECT results_eq($$ SELECT refer, xray_indicated, reasons[1] FROM triage(cannot_flex_90 => true, days_since_injury => 8) $$,
  $$ VALUES (false, false, 'Ottawa knee rule not applied: the injury was 8 days ago, the rule covers acute knee trauma within 7 days (Stiell 1996)') $$,
  'injury 8 days ago: no longer acute, the rule does not apply and the reason gives the days');
SELECT is(cardinality((triage('peripatellar', squat_pain => true, age_years => 40)).reasons), 1,
  'no Ottawa finding: no Ottawa reason at all (only the PFPS one)');

-- conditions
SELECT is((triage('peripatellar', stairs_pain => true)).likely_condition, 'patellofemoral_pain', 'around the kneecap + stairs: PFPS');
SELECT is((triage('retropatellar', running_pain => true)).likely_condition, 'patellofemoral_pain', 'behind the kneecap + running: PFPS');
SELECT is((triage('peripatellar', sitting_pain => true)).likely_condition, 'patellofemoral_pain', 'around the kneecap + sitting: PFPS');
SELECT is((triage('retropatellar', movie_goers_sign => true)).likely_condition, 'patellofemoral_pain', 'movie-goer''s sign: PFPS');
SELECT is((triage('peripatellar')).likely_condition, 'undetermined', 'around the kneecap without provocation: undetermined');
SELECT is((triage('lateral')).likely_condition, 'iliotibial_band_syndrome', 'outer knee: iliotibial band syndrome');
SELECT is((triage('inferior_patellar', squat_pain => true)).likely_condition, 'patellar_tendinopathy', 'below the kneecap: patellar tendinopathy');
SELECT is((triage('other', squat_pain => true)).likely_condition, 'undetermined', 'other location: undetermined');
SELECT is((triage('lateral', giving_way => true, effusion => true)).pain_pattern, 'iliotibial_band_syndrome', 'pain_pattern keeps the location''s condition under a red flag');
-- medial (inner) pain is peripatellar: PFPS (issue 15 item 2; 0.2.0 said "not typical of PFPS")
SELECT is((triage('medial', stairs_pain => true)).likely_condition, 'patellofemoral_pain', 'inner (medial) knee pain + stairs: PFPS');
SELECT is((triage('medial')).likely_condition, 'undetermined', 'inner knee pain without provocation: criteria not met');
-- provocation tests (issue 15 item 2): a painful test is loaded-flexion pain
SELECT is((triage('peripatellar', small_knee_bend_pain => true)).likely_condition, 'patellofemoral_pain', 'painful small knee bend: PFPS');
SELECT is((triage('retropatellar', heel_on_squat_pain => true)).likely_condition, 'patellofemoral_pain', 'painful heel-on squat: PFPS');
SELECT is((triage('medial', heel_off_squat_pain => true)).reasons[2], 'provocation test: heel-off squat painful inside the knee', 'the painful test is named in the reasons');
SELECT is((triage('peripatellar', small_knee_bend_pain => false, heel_on_squat_pain => false, heel_off_squat_pain => false)).likely_condition,
  'undetermined', 'three pain-free tests: criteria not met');

-- The episode's recorded tests, two clinics with the same ids: clinic a's
-- intake tests (first test day) hurt on the small knee bend, clinic b's
-- are pain-free (NRS 0 <= pain_free_nrs 0).
INSERT INTO patient (clinic_id, patient_id) VALUES ('a', 1), ('b', 1);
INSERT INTO episode (clinic_id, episode_id, patient_id, first_visit) VALUES ('a', 1, 1, '2026-01-05'), ('b', 1, 1, '2026-01-05');
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES
  ('a', 1, '2026-01-05 10:00+00', 'small_knee_bend', 25, 4), ('a', 1, '2026-01-05 10:05+00', 'heel_on_squat', NULL, 0),
  ('b', 1, '2026-01-05 10:00+00', 'small_knee_bend', 30, 0), ('b', 1, '2026-01-05 10:05+00', 'heel_off_squat', NULL, 0),
  ('b', 1, '2026-01-20 10:00+00', 'small_knee_bend', 30, 6);   -- later, not at intake
SELECT results_eq($$
  SELECT e.clinic_id, t.likely_condition
    FROM episode e
    CROSS JOIN LATERAL (
      SELECT bool_or(k.pain_nrs > pain_free_nrs()) FILTER (WHERE k.test = 'small_knee_bend') AS skb,
             bool_or(k.pain_nrs > pain_free_nrs()) FILTER (WHERE k.test = 'heel_on_squat') AS heel_on,
             bool_or(k.pain_nrs > pain_free_nrs()) FILTER (WHERE k.test = 'heel_off_squat') AS heel_off
        FROM knee_test k
       WHERE k.clinic_id = e.clinic_id AND k.episode_id = e.episode_id
         AND k.tested_at::date = (SELECT min(k2.tested_at::date) FROM knee_test k2
                                   WHERE k2.clinic_id = e.clinic_id AND k2.episode_id = e.episode_id)) p
    CROSS JOIN LATERAL triage('peripatellar', small_knee_bend_pain => p.skb,
                              heel_on_squat_pain => p.heel_on, heel_off_squat_pain => p.heel_off) t
   ORDER BY 1 $$,
  $$ VALUES ('a', 'patellofemoral_pain'), ('b', 'undetermined') $$,
  'triage over each episode''s intake tests: clinic a (small knee bend NRS 4) PFPS, clinic b (all 0) undetermined');

-- The 0.1.0/0.2.0 SQL signature (15 arguments) still runs on this library
-- (a database whose library is updated before ALTER EXTENSION UPDATE).
CREATE FUNCTION pg_temp.triage_0_2(pain_location, boolean, boolean, boolean, boolean, boolean, boolean,
    boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean)
  RETURNS triage_result AS '$libdir/knee_rehab', 'kr_triage' LANGUAGE C IMMUTABLE;
SELECT results_eq($$ SELECT likely_condition, refer, xray_indicated
                      FROM pg_temp.triage_0_2('medial', true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, 60, NULL, NULL, NULL, NULL) $$,
  $$ VALUES ('patellofemoral_pain', false, false) $$,
  'the 15-argument signature calls the same C function, the missing arguments not recorded');

-- errors
SELECT throws_ok($$ SELECT triage(age_years => -1) $$, '22003', NULL, 'negative age: 22003');
SELECT throws_ok($$ SELECT triage(days_since_injury => -1) $$, '22003', 'days_since_injury must be between 0 and 36500', 'negative days since injury: 22003');
SELECT throws_ok($$ SELECT triage('outer') $$, '22P02', NULL, 'unknown pain location: 22P02');

SELECT * FROM finish();
ROLLBACK;
