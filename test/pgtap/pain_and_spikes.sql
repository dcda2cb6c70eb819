-- Issue 15 items 3-4: the pain-monitoring bands as settings (Thomee 1997)
-- and the strict practitioner rule, the model named with each verdict, the
-- week-on-week rule (weekly_pain), and the single-run spike graded as in
-- Frandsen 2025 (single_run_spike_grade / _hrr and the load_monitoring
-- view).  Fixtures: two clinics with the same patient and episode ids.
BEGIN;
SET search_path = knee_rehab, public;
SET TimeZone = 'UTC';
LOAD 'knee_rehab';   -- the settings exist once the library is loaded
SELECT plan(36);

-- ---- pain_monitor bands: settings, defaults Thomee 1997 (2 and 5)
SELECT results_eq($$ SELECT name, boot_val, min_val, max_val, context FROM pg_settings
                      WHERE name IN ('knee_rehab.pain_safe_nrs', 'knee_rehab.pain_acceptable_nrs') ORDER BY 1 $$,
  $$ VALUES ('knee_rehab.pain_acceptable_nrs'::text, '5'::text, '0'::text, '10'::text, 'user'::text),
            ('knee_rehab.pain_safe_nrs', '2', '0', '10', 'user') $$,
  'settings knee_rehab.pain_safe_nrs (default 2) and pain_acceptable_nrs (default 5), 0-10, any user');
SELECT is(pain_monitor_model(), 'thomee_1997', 'default bands 2 and 5: model thomee_1997');
-- hand: <= 2 safe, (2, 5] acceptable, > 5 excessive
SELECT results_eq($$ SELECT pain_monitor(2, NULL), pain_monitor(2.5, NULL), pain_monitor(5, NULL), pain_monitor(5.5, NULL) $$,
  $$ VALUES ('safe', 'acceptable', 'acceptable', 'excessive') $$, 'Thomee bands: 2 safe, 2.5 and 5 acceptable, 5.5 excessive');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE oid = 'knee_rehab.pain_monitor(float8, float8, float8)'::regprocedure AND provolatile = 's'), 1,
  'pain_monitor is STABLE (reads the settings)');
-- strict practitioner rule: both bands at pain_free_nrs (default 0)
SET LOCAL knee_rehab.pain_safe_nrs = 0;
SET LOCAL knee_rehab.pain_acceptable_nrs = 0;
SELECT is(pain_monitor_model(), 'strict_pain_free', 'both bands at pain_free_nrs (0): model strict_pain_free');
-- hand: 0 safe; 1 > 0 is excessive (0.2.0: safe); 0 during but 1 next morning above baseline 0: excessive
SELECT results_eq($$ SELECT pain_monitor(0, 0), pain_monitor(1, NULL), pain_monitor(0, 1) $$,
  $$ VALUES ('safe', 'excessive', 'excessive') $$, 'strict: pain 0 safe, pain 1 during excessive, morning above baseline excessive');
SET LOCAL knee_rehab.pain_free_nrs = 1;
SET LOCAL knee_rehab.pain_safe_nrs = 1;
SET LOCAL knee_rehab.pain_acceptable_nrs = 1;
SELECT results_eq($$ SELECT pain_monitor_model(), pain_monitor(1, NULL), pain_monitor(1.5, NULL) $$,
  $$ VALUES ('strict_pain_free', 'safe', 'excessive') $$, 'strict with pain_free_nrs 1 (first sign of pain): 1 safe, 1.5 excessive');
-- custom bands
SET LOCAL knee_rehab.pain_safe_nrs = 3;
SET LOCAL knee_rehab.pain_acceptable_nrs = 6;
SELECT results_eq($$ SELECT pain_monitor_model(), pain_monitor(3, NULL), pain_monitor(6, NULL), pain_monitor(6.5, NULL) $$,
  $$ VALUES ('custom (safe <= 3, acceptable <= 6)', 'safe', 'acceptable', 'excessive') $$,
  'custom bands 3 and 6: named, 3 safe, 6 acceptable (0.2.0: excessive), 6.5 excessive');
-- safe above acceptable: refused when used, naming both settings
SET LOCAL knee_rehab.pain_safe_nrs = 7;
SELECT throws_ok($$ SELECT pain_monitor(1, NULL) $$, '22023',
  'knee_rehab.pain_safe_nrs must not exceed knee_rehab.pain_acceptable_nrs', 'pain_safe_nrs 7 > pain_acceptable_nrs 6: 22023');
SELECT throws_ok($$ SELECT pain_monitor_model() $$, '22023', NULL, 'pain_monitor_model checks the order too');
RESET knee_rehab.pain_safe_nrs;
RESET knee_rehab.pain_acceptable_nrs;
RESET knee_rehab.pain_free_nrs;
SELECT results_eq($$ SELECT pain_safe_nrs(), pain_acceptable_nrs() $$, $$ VALUES (2::float8, 5::float8) $$,
  'accessors pain_safe_nrs() and pain_acceptable_nrs() give the settings');
SELECT ok(obj_description('knee_rehab.pain_monitor(float8, float8, float8)'::regprocedure, 'pg_proc') ~ '^Pain-monitoring model \(Thomee 1997, Phys Ther 77:1690, PFPS',
  'pain_monitor cites Thomee 1997 (PFPS) first; Silbernagel 2007 (Achilles) only as a later use');

-- ---- fixture: clinic a and clinic b, patient 1, episode 1 each
INSERT INTO patient (clinic_id, patient_id) VALUES ('a', 1), ('b', 1);
INSERT INTO episode (clinic_id, episode_id, patient_id, first_visit) VALUES ('a', 1, 1, '2026-01-05'), ('b', 1, 1, '2026-01-05');
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during) VALUES
  ('a', 1, '2026-01-05', 'run', 10, 2),     -- Monday
  ('a', 1, '2026-01-11', 'run', 11, 3),     -- Sunday, same week; +10 % exactly over 10
  ('a', 1, '2026-01-12', 'run', 14.4, 4),   -- next Monday; 14.4 / 11 = +30.9 %
  ('a', 1, '2026-01-19', 'run', 5, NULL),   -- pain not recorded
  ('a', 1, '2026-01-26', 'run', 30, 1),     -- 30 / 14.4 = +108.3 %
  ('b', 1, '2026-01-05', 'run', 10, 5),
  ('b', 1, '2026-01-12', 'run', 12, 2);     -- 12 / 10 = +20 %

-- ---- weekly_pain: pain should not rise week on week (Thomee 1997)
-- hand, clinic a: week 01-05 {2, 3} -> max 3, no previous week;
-- week 01-12 {4}: previous 3, rose; week 01-19 no pain recorded: no row;
-- week 01-26 {1}: previous calendar week has none -> NULL.
-- clinic b: week 01-05 {5}; week 01-12 {2}: previous 5, did not rise.
SELECT results_eq($$ SELECT e.clinic_id, w.* FROM episode e CROSS JOIN LATERAL weekly_pain(e.clinic_id, e.episode_id) w
                      WHERE e.clinic_id IN ('a', 'b') ORDER BY 1, 2 $$,
  $$ VALUES ('a'::text, date '2026-01-05', 2::bigint, 3::float8, NULL::float8, NULL::boolean),
            ('a', '2026-01-12', 1, 4, 3, true),
            ('a', '2026-01-26', 1, 1, NULL, NULL),
            ('b', '2026-01-05', 1, 5, NULL, NULL),
            ('b', '2026-01-12', 1, 2, 5, false) $$,
  'weekly_pain per episode: Monday weeks, worst pain during, the previous calendar week''s, pain_rose');
SELECT is_empty($$ SELECT * FROM weekly_pain('c', 1) $$, 'weekly_pain of an episode without sessions: no rows');
SELECT volatility_is('knee_rehab', 'weekly_pain', ARRAY['text', 'bigint'], 'stable');

-- ---- single_run_spike_grade (Frandsen 2025): > 10 %, > 30 %, > 100 %
SELECT results_eq($$
  SELECT run, single_run_spike_grade(run, 10), single_run_spike_hrr(run, 10)
    FROM unnest(ARRAY[5, 10, 11, 11.000001, 13, 13.000001, 20, 20.000001, 35]::float8[]) AS run $$,
  $$ VALUES (5::float8, 'none', 1::float8),               -- shorter
            (10, 'none', 1),                              -- same
            (11, 'none', 1),                              -- exactly +10 %: not over
            (11.000001, 'over_10_to_30_pct', 1.64),       -- just over 10 %
            (13, 'over_10_to_30_pct', 1.64),              -- exactly +30 %
            (13.000001, 'over_30_to_100_pct', 1.52),
            (20, 'over_30_to_100_pct', 1.52),             -- exactly +100 %
            (20.000001, 'over_100_pct', 2.28),
            (35, 'over_100_pct', 2.28) $$,
  'grades and hazard rate ratios against a longest previous run of 10 km, boundaries exclusive');
SELECT results_eq($$ SELECT single_run_spike_grade(1.1, 1), single_run_spike_grade(3.3, 3), single_run_spike_grade(2.6, 2) $$,
  $$ VALUES ('none', 'none', 'over_10_to_30_pct') $$,
  'decimal inputs: 1.1 after 1 is exactly 10 % (1.1 - 1 = 0.10000000000000009 in binary), 2.6 after 2 is exactly 30 %');
SELECT is(single_run_spike_grade(NULL, 10), NULL, 'no run: NULL');
SELECT is(single_run_spike_grade(10, NULL), NULL, 'no previous run: NULL');
SELECT throws_ok($$ SELECT single_run_spike_grade(10, 0) $$, '22003', 'longest_prev_30d_km must be a finite number > 0 km', 'longest previous run 0: 22003');
SELECT throws_ok($$ SELECT single_run_spike_hrr(-1, 10) $$, '22003', 'run_km must be a finite number >= 0 km', 'negative run: 22003');
SELECT throws_ok($$ SELECT single_run_spike_grade('NaN', 10) $$, '22003', NULL, 'NaN run: 22003');

-- ---- the view: grade, hazard rate ratio, flag, pain model
-- hand, clinic a: 01-11 11 after 10 = +10 % none; 01-12 14.4 after 11 =
-- +30.9 % over_30_to_100_pct 1.52; 01-19 5 none; 01-26 30 after 14.4 (01-12
-- is 14 days back) = +108.3 % over_100_pct 2.28.  clinic b: 01-12 12 after
-- 10 = +20 % over_10_to_30_pct 1.64.
SELECT results_eq($$ SELECT clinic_id, day, single_run_spike, single_run_spike_grade, single_run_spike_hrr
                      FROM load_monitoring WHERE clinic_id IN ('a', 'b') ORDER BY 1, 2 $$,
  $$ VALUES ('a'::text, date '2026-01-05', NULL::boolean, NULL::text, NULL::float8),
            ('a', '2026-01-11', false, 'none', 1),
            ('a', '2026-01-12', true, 'over_30_to_100_pct', 1.52),
            ('a', '2026-01-19', false, 'none', 1),
            ('a', '2026-01-26', true, 'over_100_pct', 2.28),
            ('b', '2026-01-05', NULL, NULL, NULL),
            ('b', '2026-01-12', true, 'over_10_to_30_pct', 1.64) $$,
  'load_monitoring grades each day''s longest run against the previous 30 days, per clinic and episode');
SELECT results_eq($$ SELECT clinic_id, day, pain_response, pain_model FROM load_monitoring
                      WHERE clinic_id IN ('a', 'b') AND day IN ('2026-01-12', '2026-01-19') ORDER BY 1, 2 $$,
  $$ VALUES ('a'::text, date '2026-01-12', 'acceptable', 'thomee_1997'),
            ('a', '2026-01-19', NULL, NULL),
            ('b', '2026-01-12', 'safe', 'thomee_1997') $$,
  'pain_response with the model that judged it (NULL when no pain was recorded)');
SET LOCAL knee_rehab.pain_safe_nrs = 0;
SET LOCAL knee_rehab.pain_acceptable_nrs = 0;
SELECT results_eq($$ SELECT clinic_id, pain_response, pain_model FROM load_monitoring
                      WHERE clinic_id IN ('a', 'b') AND day = '2026-01-12' ORDER BY 1 $$,
  $$ VALUES ('a'::text, 'excessive', 'strict_pain_free'), ('b', 'excessive', 'strict_pain_free') $$,
  'a clinic on the strict rule: pain 4 and 2 during are excessive, and the view says which model');
RESET knee_rehab.pain_safe_nrs;
RESET knee_rehab.pain_acceptable_nrs;

-- ---- sources in the comments
SELECT ok(obj_description('knee_rehab.single_run_spike_grade(float8, float8)'::regprocedure, 'pg_proc') LIKE '%Frandsen 2025 (BJSM 59:1203%',
  'single_run_spike_grade cites Frandsen 2025');
SELECT ok(col_description('knee_rehab.load_monitoring'::regclass,
            (SELECT attnum FROM pg_attribute WHERE attrelid = 'knee_rehab.load_monitoring'::regclass AND attname = 'single_run_spike'))
          LIKE '%Frandsen 2025%' , 'the single_run_spike column cites Frandsen 2025');
SELECT ok(obj_description('knee_rehab.load_monitoring'::regclass, 'pg_class') NOT LIKE '%HR 1.64%'
          AND obj_description('knee_rehab.load_monitoring'::regclass, 'pg_class') LIKE '%Frandsen 2025%negative dose-response%',
  'the view''s comment: graded spike (Frandsen 2025), no unsourced "HR 1.64", ACWR negative dose-response in the same cohort');
SELECT ok(obj_description('knee_rehab.ewma_acwr(date, float8)'::regprocedure, 'pg_proc') LIKE '%negative dose-response (Frandsen 2025%',
  'ewma_acwr''s comment: the same cohort found a negative dose-response for ACWR');
SELECT is_empty($$ SELECT 1 FROM pg_proc p WHERE p.pronamespace = 'knee_rehab'::regnamespace
                     AND obj_description(p.oid, 'pg_proc') ~ 'Silbernagel' AND obj_description(p.oid, 'pg_proc') !~ 'Thomee 1997'
                     AND p.proname NOT IN ('simulate_clinic') $$,
  'no function cites Silbernagel 2007 without Thomee 1997 (the PFPS source)');

-- ---- item 7: pain_free_capacity is practitioner guidance, an extrapolation
SELECT ok(obj_description('knee_rehab.load_pain_trend(float8, float8)'::regprocedure, 'pg_proc') ~ 'practitioner guidance \(run to the pain limit'
          AND obj_description('knee_rehab.load_pain_trend(float8, float8)'::regprocedure, 'pg_proc') ~ 'extrapolation of a fitted line',
  'load_pain_trend: pain_free_capacity from practitioner guidance (run to the pain limit), an extrapolation of a fitted line');
SELECT ok(obj_description('knee_rehab.load_pain_trend_result'::regtype, 'pg_type') ~ 'practitioner guidance: run to the pain limit; an extrapolation of the fitted line, not a finding of Thomee 1997 or Silbernagel 2007',
  'load_pain_trend_result: pain_free_capacity is not attributed to Thomee/Silbernagel');
SELECT ok(obj_description('knee_rehab.load_pain_trend(float8, float8)'::regprocedure, 'pg_proc') !~ 'Silbernagel',
  'load_pain_trend no longer cites Silbernagel 2007 (Achilles) for its capacity');

-- ---- item 4 hazard ratios are the published ones, not monotone
SELECT results_eq($$ SELECT single_run_spike_hrr(11.5, 10) < single_run_spike_hrr(15, 10), single_run_spike_hrr(15, 10) < single_run_spike_hrr(25, 10) $$,
  $$ VALUES (false, true) $$, '1.64 > 1.52 < 2.28: the published estimates, not forced monotone');
SELECT volatility_is('knee_rehab', 'single_run_spike_grade', ARRAY['double precision', 'double precision'], 'immutable');
SELECT is_strict('knee_rehab', 'single_run_spike_hrr', ARRAY['double precision', 'double precision']);

SELECT * FROM finish();
ROLLBACK;
