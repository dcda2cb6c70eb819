-- Bad-input catalogue (issue 9): every public function, aggregate, type,
-- setting and table of knee_rehab fed bad input, each asserting the exact
-- SQLSTATE (and, where the wording matters, the exact message naming the
-- argument and its range).  throws_ok runs each input in a subtransaction;
-- the last group checks that the session works normally afterwards.
-- test/shell/bad_input.sh runs the worst inputs without that catch.
-- SQLSTATEs: 22003 number out of range (NaN, +-Infinity included),
-- 22023 invalid parameter value, 22P02 bad text, 2202E bad array or
-- aggregate state, 22008 bad date, 23502/23503/23505/23514 NOT NULL /
-- foreign key / unique / CHECK, 42501 permission, 0A000 trigger called
-- directly.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(374);

-- The settings as the session starts, compared at the end (the typed
-- accessor loads the library, which defines the settings).
CREATE TEMP TABLE bi_settings AS
SELECT pain_free_nrs() AS loaded,
       current_setting('knee_rehab.pain_free_nrs') AS pain_free_nrs,
       current_setting('knee_rehab.knee_bend_target_deg') AS knee_bend_target_deg,
       current_setting('knee_rehab.min_cell_size') AS min_cell_size;

-- ---- settings: out of range, not numbers, misspelt, or not allowed for the role
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SET knee_rehab.pain_free_nrs = 11$$, '22023', 'pain_free_nrs 11 (range 0-10)'),
  ($$SET knee_rehab.pain_free_nrs = -1$$, '22023', 'pain_free_nrs -1'),
  ($$SET knee_rehab.pain_free_nrs = 'NaN'$$, '22023', 'pain_free_nrs NaN'),
  ($$SET knee_rehab.pain_free_nrs = 'Infinity'$$, '22023', 'pain_free_nrs Infinity'),
  ($$SET knee_rehab.pain_free_nrs = 1e308$$, '22023', 'pain_free_nrs 1e308'),
  ($$SET knee_rehab.pain_free_nrs = 'two'$$, '22023', 'pain_free_nrs not a number'),
  ($$SET knee_rehab.knee_bend_target_deg = 160.0001$$, '22023', 'knee_bend_target_deg above 160'),
  ($$SET knee_rehab.knee_bend_target_deg = '-Infinity'$$, '22023', 'knee_bend_target_deg -Infinity'),
  ($$SET knee_rehab.min_cell_size = 0$$, '22023', 'min_cell_size 0 (range 1-1000000)'),
  ($$SET knee_rehab.min_cell_size = 1000001$$, '22023', 'min_cell_size 1000001'),
  ($$SET knee_rehab.min_cell_size = 'many'$$, '22023', 'min_cell_size not a number'),
  ($$SET knee_rehab.pain_free = 1$$, '42602', 'a misspelt knee_rehab.* setting is an error (reserved prefix)')
) AS v(q, e, d);
SELECT throws_ok($$SET knee_rehab.pain_free_nrs = 11$$, '22023',
  '11 is outside the valid range for parameter "knee_rehab.pain_free_nrs" (0 .. 10)',
  'pain_free_nrs: the message names the setting and its range');

-- A reporting role may not lower min_cell_size (42501); SET LOCAL ROLE is
-- undone with the subtransaction throws_ok rolls back.
CREATE ROLE kr_bad_input_reporter;
-- (The SET clause keeps a successful SET LOCAL of pain_free_nrs inside it.)
CREATE FUNCTION pg_temp.as_reporter(stmt text) RETURNS void LANGUAGE plpgsql
  SET knee_rehab.pain_free_nrs FROM CURRENT AS $$
BEGIN
  SET LOCAL ROLE kr_bad_input_reporter;
  EXECUTE stmt;
  RESET ROLE;
END $$;
SELECT throws_ok($$SELECT pg_temp.as_reporter('SET knee_rehab.min_cell_size = 1')$$, '42501',
  'permission denied to set parameter "knee_rehab.min_cell_size"', 'min_cell_size: SET by a non-superuser is refused');
SELECT throws_ok($$SELECT pg_temp.as_reporter($q$SELECT set_config('knee_rehab.min_cell_size', '100', true)$q$)$$, '42501',
  NULL, 'min_cell_size: set_config by a non-superuser is refused');
SELECT lives_ok($$SELECT pg_temp.as_reporter('SET LOCAL knee_rehab.pain_free_nrs = 2')$$,
  'pain_free_nrs may be set by any role');
SELECT is(current_user::text, session_user::text, 'the role is back after the refused SETs');

-- ---- bmi(weight_kg, height_cm): 10-400 kg, 50-250 cm; NULL = not recorded
SELECT throws_ok(q, '22003', NULL, d) FROM (VALUES
  ($$SELECT bmi('NaN', 170)$$, 'bmi: weight NaN'),
  ($$SELECT bmi('Infinity', 170)$$, 'bmi: weight Infinity'),
  ($$SELECT bmi(1e308, 170)$$, 'bmi: weight 1e308'),
  ($$SELECT bmi(1e-308, 170)$$, 'bmi: weight 1e-308'),
  ($$SELECT bmi('-0', 170)$$, 'bmi: weight -0'),
  ($$SELECT bmi(70, '-Infinity')$$, 'bmi: height -Infinity'),
  ($$SELECT bmi(70, 'NaN')$$, 'bmi: height NaN'),
  ($$SELECT bmi(70, 250.0001)$$, 'bmi: height just above 250')
) AS v(q, d);
SELECT throws_ok($$SELECT bmi(9.99, 170)$$, '22003', 'weight_kg must be between 10 and 400 kg',
  'bmi: the message names weight_kg and its range');
SELECT throws_ok($$SELECT bmi(70, 'abc')$$, '22P02', NULL, 'bmi: text that is not a number');
SELECT is(bmi(NULL, 170), NULL::float8, 'bmi: NULL weight (not recorded) gives NULL, no error');

-- ---- limb_symmetry_index(involved, uninvolved): involved >= 0, uninvolved > 0, finite
SELECT throws_ok(q, '22003', NULL, d) FROM (VALUES
  ($$SELECT limb_symmetry_index('NaN', 100)$$, 'LSI: involved NaN'),
  ($$SELECT limb_symmetry_index('Infinity', 100)$$, 'LSI: involved Infinity'),
  ($$SELECT limb_symmetry_index(-1e-308, 100)$$, 'LSI: involved -1e-308'),
  ($$SELECT limb_symmetry_index(100, 0)$$, 'LSI: uninvolved 0'),
  ($$SELECT limb_symmetry_index(100, '-0')$$, 'LSI: uninvolved -0'),
  ($$SELECT limb_symmetry_index(100, 'Infinity')$$, 'LSI: uninvolved Infinity'),
  ($$SELECT limb_symmetry_index(1e308, 1)$$, 'LSI: 1e308 x 100 overflows (was Infinity)'),
  ($$SELECT limb_symmetry_index(1, 1e-308)$$, 'LSI: 1 / 1e-308 overflows (was Infinity)')
) AS v(q, d);
SELECT throws_ok($$SELECT limb_symmetry_index(100, -5)$$, '22003', 'uninvolved must be a finite number > 0',
  'LSI: the message names uninvolved and its range');
-- -0 N involved is 0 N: 0 / 100 x 100 = 0 percent, printed 0 (was -0)
SELECT is(limb_symmetry_index('-0', 100)::text, '0', 'LSI: involved -0 gives 0 percent, not -0');

-- ---- estimated_1rm(load_kg, reps): load 0-1000 kg, reps 1-30
SELECT throws_ok(q, '22003', NULL, d) FROM (VALUES
  ($$SELECT estimated_1rm(100, 0)$$, '1RM: reps 0'),
  ($$SELECT estimated_1rm(100, -2147483648)$$, '1RM: reps -2^31'),
  ($$SELECT estimated_1rm('NaN', 5)$$, '1RM: load NaN'),
  ($$SELECT estimated_1rm(-1e-308, 5)$$, '1RM: load -1e-308'),
  ($$SELECT estimated_1rm(1e308, 5)$$, '1RM: load 1e308')
) AS v(q, d);
SELECT throws_ok($$SELECT estimated_1rm(100, 31)$$, '22003', 'reps must be between 1 and 30',
  '1RM: the message names reps and its range');
SELECT throws_ok($$SELECT estimated_1rm(100, 2147483648)$$, '42883', NULL,
  '1RM: reps beyond integer has no matching function');

-- ---- ready_to_run(angle_deg, pain_nrs): 0-160 degrees, NRS 0-10
SELECT throws_ok(q, '22003', NULL, d) FROM (VALUES
  ($$SELECT ready_to_run('NaN', 0)$$, 'ready_to_run: angle NaN'),
  ($$SELECT ready_to_run('-Infinity', 0)$$, 'ready_to_run: angle -Infinity'),
  ($$SELECT ready_to_run(160.0001, 0)$$, 'ready_to_run: angle above 160'),
  ($$SELECT ready_to_run(30, 1e308)$$, 'ready_to_run: pain 1e308'),
  ($$SELECT ready_to_run(30, 'NaN')$$, 'ready_to_run: pain NaN')
) AS v(q, d);
SELECT throws_ok($$SELECT ready_to_run(30, 10.5)$$, '22003', 'pain_nrs must be between 0 and 10 NRS points',
  'ready_to_run: the message names pain_nrs and its range');
SELECT is(ready_to_run(NULL, 0), NULL::boolean, 'ready_to_run: NULL angle (not recorded) gives NULL');

-- ---- pain_monitor(pain_during, pain_next_morning, baseline): NRS 0-10; NULL = not recorded
SELECT throws_ok(q, '22003', NULL, d) FROM (VALUES
  ($$SELECT pain_monitor('NaN', 1)$$, 'pain_monitor: pain_during NaN'),
  ($$SELECT pain_monitor(1e308, 1)$$, 'pain_monitor: pain_during 1e308'),
  ($$SELECT pain_monitor(1, -1e-308)$$, 'pain_monitor: pain_next_morning -1e-308'),
  ($$SELECT pain_monitor(1, 1, 'Infinity')$$, 'pain_monitor: baseline Infinity')
) AS v(q, d);
SELECT throws_ok($$SELECT pain_monitor(1, 1, -1)$$, '22003', 'baseline must be between 0 and 10 NRS points',
  'pain_monitor: the message names baseline and its range');
-- pain during 1 <= 2, next morning not recorded: safe; nothing during, 3 next
-- morning > baseline 0 (not recorded = 0): excessive.
SELECT is(pain_monitor(1, NULL), 'safe', 'pain_monitor: NULL next morning is judged on pain during');
SELECT is(pain_monitor(NULL, 3, NULL), 'excessive', 'pain_monitor: NULL baseline counts as 0');

-- ---- akps_score(items): 13 items, one dimension, each from its allowed points
SELECT throws_ok(q, '2202E', NULL, d) FROM (VALUES
  ($$SELECT akps_score('{}')$$, 'AKPS: empty array'),
  ($$SELECT akps_score('{5,5,5,10,5,10,10,10,10,10,10,5,5,5}')$$, 'AKPS: 14 items'),
  ($$SELECT akps_score(array_fill(5, ARRAY[13, 1]))$$, 'AKPS: 13 x 1 two-dimensional'),
  ($$SELECT akps_score('{{5,5,5,10,5,10,10,10,10,10,10,5,5}}')$$, 'AKPS: 1 x 13 two-dimensional')
) AS v(q, d);
SELECT throws_ok($$SELECT akps_score('{5,5,5,10,5,10,10,10,10,10,10,5}')$$, '2202E',
  'items must be a one-dimensional array of 13 items', 'AKPS: 12 items, the message names the length');
SELECT throws_ok($$SELECT akps_score('{5,5,5,10,5,10,10,10,10,10,10,5,4}')$$, '22023',
  'items[13] (flexion deficiency) must be one of {5,3,0}', 'AKPS: a point the item does not allow');
SELECT throws_ok($$SELECT akps_score('{-5,5,5,10,5,10,10,10,10,10,10,5,5}')$$, '22023', NULL, 'AKPS: negative item');
SELECT throws_ok($$SELECT akps_score('{2147483647,5,5,10,5,10,10,10,10,10,10,5,5}')$$, '22023', NULL, 'AKPS: item 2^31-1');
SELECT throws_ok($$SELECT akps_score('{5,5,5,10,5,10,10,10,10,10,10,5,x}')$$, '22P02', NULL, 'AKPS: item not a number');
SELECT is(akps_score('{5,5,5,10,5,10,10,10,10,10,10,5,NULL}'), NULL::integer, 'AKPS: an unanswered item gives NULL (no imputation rule)');

-- ---- koos_pf_score(items): 11 items 0-4, NULL = not answered
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT koos_pf_score('{}')$$, '2202E', 'KOOS-PF: empty array'),
  ($$SELECT koos_pf_score('{0,0,0,0,0,0,0,0,0,0}')$$, '2202E', 'KOOS-PF: 10 items'),
  ($$SELECT koos_pf_score('{{0,0,0,0,0,0,0,0,0,0,0}}')$$, '2202E', 'KOOS-PF: two-dimensional'),
  ($$SELECT koos_pf_score('{0,0,0,0,0,0,0,0,0,0,-1}')$$, '22023', 'KOOS-PF: item -1')
) AS v(q, e, d);
SELECT throws_ok($$SELECT koos_pf_score('{0,0,0,0,0,0,0,0,0,0,5}')$$, '22023', 'items[11] must be between 0 and 4',
  'KOOS-PF: item 5, the message names the item and the range');
-- 6 of 11 answered, all 2: 100 - 25 x 2 = 50; 5 of 11: fewer than half, NULL.
SELECT is(koos_pf_score('{2,2,2,2,2,2,NULL,NULL,NULL,NULL,NULL}'), 50::float8, 'KOOS-PF: 6 answered items score (100 - 25 x 2 = 50)');
SELECT is(koos_pf_score('{2,2,2,2,2,NULL,NULL,NULL,NULL,NULL,NULL}'), NULL::float8, 'KOOS-PF: 5 answered items is too few: NULL');

-- ---- akps_responder(baseline, followup) 0-100; nrs_responder(baseline, followup) NRS 0-10
SELECT throws_ok(q, '22003', NULL, d) FROM (VALUES
  ($$SELECT akps_responder(-1, 50)$$, 'akps_responder: baseline -1'),
  ($$SELECT akps_responder(50, -2147483648)$$, 'akps_responder: followup -2^31'),
  ($$SELECT nrs_responder('NaN', 1)$$, 'nrs_responder: baseline NaN'),
  ($$SELECT nrs_responder(5, '-Infinity')$$, 'nrs_responder: followup -Infinity'),
  ($$SELECT nrs_responder(-1e-308, 0)$$, 'nrs_responder: baseline -1e-308')
) AS v(q, d);
SELECT throws_ok($$SELECT akps_responder(50, 101)$$, '22003', 'followup must be between 0 and 100',
  'akps_responder: the message names followup and its range');
SELECT throws_ok($$SELECT nrs_responder(10.5, 1)$$, '22003', 'baseline must be between 0 and 10 NRS points',
  'nrs_responder: the message names baseline and its range');

-- ---- pfps_risk / pfps_risk_score: ranges, injuries arrays, enum labels; NULL = not recorded
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT pfps_risk_score(weight_kg => 'NaN')$$, '22003', 'risk score: weight NaN'),
  ($$SELECT pfps_risk_score(height_cm => 1e308)$$, '22003', 'risk score: height 1e308'),
  ($$SELECT pfps_risk_score(quad_deficit_pct => -0.1)$$, '22003', 'risk score: quad deficit -0.1'),
  ($$SELECT pfps_risk_score(weekly_distance_increase_pct => '-Infinity')$$, '22003', 'risk score: distance increase -Infinity'),
  ($$SELECT pfps_risk_score(strength_sessions_per_week => 22)$$, '22003', 'risk score: 22 strength sessions'),
  ($$SELECT pfps_risk_score(injuries => '{acl_tear,NULL}')$$, '2202E', 'risk score: injuries with a NULL'),
  ($$SELECT pfps_risk_score(injuries => '{{acl_tear},{pcl_tear}}')$$, '2202E', 'risk score: two-dimensional injuries'),
  ($$SELECT pfps_risk_score(injuries => '{acl_tear,acl_tear}')$$, '22023', 'risk score: duplicate injury'),
  ($$SELECT pfps_risk_score('male_ish')$$, '22P02', 'risk score: unknown sex label'),
  ($$SELECT pfps_risk_score(foot => 'pronated')$$, '22P02', 'risk score: unknown foot label'),
  ($$SELECT pfps_risk_score(injuries => '{acl}')$$, '22P02', 'risk score: unknown injury label'),
  ($$SELECT pfps_risk(weight_kg => 1e-308)$$, '22003', 'risk: weight 1e-308'),
  ($$SELECT pfps_risk(strength_sessions_per_week => 'NaN')$$, '22003', 'risk: strength sessions NaN'),
  ($$SELECT pfps_risk(injuries => '{NULL}')$$, '2202E', 'risk: injuries {NULL}'),
  ($$SELECT pfps_risk(injuries => '{prior_pfps,other,prior_pfps}')$$, '22023', 'risk: duplicate injury, not adjacent'),
  ($$SELECT pfps_risk('Female')$$, '22P02', 'risk: sex label in the wrong case')
) AS v(q, e, d);
SELECT throws_ok($$SELECT pfps_risk(weight_kg => 401)$$, '22003', 'weight_kg must be between 10 and 400 kg',
  'risk: the message names weight_kg and its range');
SELECT throws_ok($$SELECT pfps_risk(injuries => '{acl_tear,NULL}')$$, '2202E', 'injuries must not contain NULL elements',
  'risk: the message says what is wrong with injuries');
SELECT is((SELECT (r.relative_risk, r.completeness, r.factors_recorded) FROM pfps_risk() r),
          (1::float8, 0::float8, 0), 'risk: everything NULL (not recorded) is relative risk 1, completeness 0, not NULL');
SELECT is(pfps_risk_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), 1::float8,
          'risk score: all NULL is 1, not NULL');

-- ---- triage(...): age_years 0-130, pain_location labels; NULL findings = not recorded
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT triage(age_years => -1)$$, '22003', 'triage: age -1'),
  ($$SELECT triage(pain_location => 'knee')$$, '22P02', 'triage: unknown pain location')
) AS v(q, e, d);
SELECT throws_ok($$SELECT triage(age_years => 131)$$, '22003', 'age_years must be between 0 and 130',
  'triage: the message names age_years and its range');
SELECT is((triage()).likely_condition, 'undetermined', 'triage: nothing recorded is undetermined, not NULL');

-- ---- enum types: an unknown label is 22P02 for every one of them
SELECT throws_ok(format('SELECT %L::knee_rehab.%I', 'bogus', t), '22P02', NULL, t || ': unknown label')
  FROM unnest(ARRAY['sex', 'foot_type', 'knee_injury', 'provocation_test', 'risk_tier',
                    'knee_side', 'session_kind', 'outcome_instrument', 'pain_location']) AS t;
SELECT throws_ok($$SELECT ''::sex$$, '22P02', NULL, 'sex: empty label');
SELECT throws_ok($$SELECT '{female,alien}'::sex[]$$, '22P02', NULL, 'sex[]: an unknown label inside an array');

-- ---- load_pain_trend, _state, _merge, _final, _combine
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT load_pain_trend(l, p) FROM (VALUES ('NaN'::float8, 1::float8)) v(l, p)$$, '22003', 'load_pain_trend: load NaN'),
  ($$SELECT load_pain_trend(l, p) FROM (VALUES (1::float8, 'Infinity'::float8)) v(l, p)$$, '22003', 'load_pain_trend: pain Infinity'),
  ($$SELECT load_pain_trend(l, p) FROM (VALUES (1e200::float8, 1::float8), (-1e200, 2)) v(l, p)$$, '22003', 'load_pain_trend: sums overflow'),
  ($$SELECT load_pain_trend_merge(s) FROM (SELECT load_pain_trend_state(l, 1) s FROM (VALUES ('-Infinity'::float8)) v(l)) x$$, '22003', 'load_pain_trend_merge: a state holding -Infinity'),
  ($$SELECT load_pain_trend_final('{}')$$, '2202E', 'load_pain_trend_final: empty state'),
  ($$SELECT load_pain_trend_final('{1,2,3,4,5,NULL}')$$, '2202E', 'load_pain_trend_final: state with a NULL'),
  ($$SELECT load_pain_trend_final('{{1,2,3},{4,5,6}}')$$, '2202E', 'load_pain_trend_final: 2-D state'),
  ($$SELECT load_pain_trend_final('{-1,0,0,0,0,0}')$$, '2202E', 'load_pain_trend_final: row count -1 (was n = -1)'),
  ($$SELECT load_pain_trend_final('{NaN,0,0,0,1,0}')$$, '2202E', 'load_pain_trend_final: row count NaN (was n = -2^63)'),
  ($$SELECT load_pain_trend_final('{2.5,1,1,1,1,1}')$$, '2202E', 'load_pain_trend_final: row count 2.5'),
  ($$SELECT load_pain_trend_final('{1e300,0,0,0,1,0}')$$, '2202E', 'load_pain_trend_final: row count 1e300'),
  ($$SELECT load_pain_trend_combine('{1,2,3}', '{0,0,0,0,0,0}')$$, '2202E', 'load_pain_trend_combine: short first state'),
  ($$SELECT load_pain_trend_combine('{0,0,0,0,0,0}', '{-5,0,0,0,0,0}')$$, '2202E', 'load_pain_trend_combine: negative count in second state'),
  ($$SELECT load_pain_trend_merge(s) FROM (VALUES ('{1,2,3}'::float8[])) v(s)$$, '2202E', 'load_pain_trend_merge: short state'),
  ($$SELECT load_pain_trend_merge(s) FROM (VALUES ('{-5,0,0,0,0,0}'::float8[])) v(s)$$, '2202E', 'load_pain_trend_merge: count -5 (was n = -5)')
) AS v(q, e, d);
SELECT throws_ok($$SELECT load_pain_trend_final('{-1,0,0,0,0,0}')$$, '2202E',
  'load_pain_trend state must start with a whole row count between 0 and 2^53', 'load_pain_trend_final: the message says what a state must be');
SELECT is((SELECT (load_pain_trend(l, p)).n FROM (VALUES (NULL::float8, 1::float8), (2, NULL)) v(l, p)), 0::bigint,
          'load_pain_trend: rows with a NULL are skipped (n = 0, not an error)');

-- ---- weekly_trend, _state, _merge, _accum, _combine, _final
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT weekly_trend(t, 1) FROM (VALUES ('infinity'::timestamptz)) v(t)$$, '22003', 'weekly_trend: at infinity'),
  ($$SELECT weekly_trend(t, 1) FROM (VALUES ('-infinity'::timestamptz)) v(t)$$, '22003', 'weekly_trend: at -infinity'),
  ($$SELECT weekly_trend(t, 1) FROM (VALUES ('1500-01-01'::timestamptz)) v(t)$$, '22003', 'weekly_trend: at year 1500'),
  ($$SELECT weekly_trend(t, 'NaN') FROM (VALUES ('2026-01-01'::timestamptz)) v(t)$$, '22003', 'weekly_trend: value NaN'),
  ($$SELECT weekly_trend(t, v) FROM (VALUES ('2026-01-01'::timestamptz, 1e308::float8), ('2026-01-08', -1e308)) x(t, v)$$, '22003', 'weekly_trend: sums overflow'),
  ($$SELECT weekly_trend_accum('{0,0,0,0,0,0,0}', '2026-01-01', '-Infinity')$$, '22003', 'weekly_trend_accum: value -Infinity'),
  ($$SELECT weekly_trend_accum('{1,2}', '2026-01-01', 1)$$, '2202E', 'weekly_trend_accum: short state'),
  ($$SELECT weekly_trend_combine('{1,0,0,0,0,0,0}', '{1,2,3,4,5,6,NULL}')$$, '2202E', 'weekly_trend_combine: state with a NULL'),
  ($$SELECT weekly_trend_final('{0,0,0,0,0,0}')$$, '2202E', 'weekly_trend_final: 6 elements'),
  ($$SELECT weekly_trend_final('{-3,0,0,0,0,0,0}')$$, '2202E', 'weekly_trend_final: count -3 (was n = -3)'),
  ($$SELECT weekly_trend_final('{1,0,0,0,0,0,1e300}')$$, '2202E', 'weekly_trend_final: first time 1e300 (was -infinity)'),
  ($$SELECT weekly_trend_final('{3,0,1,0,1,1,NaN}')$$, '2202E', 'weekly_trend_final: first time NaN'),
  ($$SELECT weekly_trend_merge(s) FROM (VALUES ('{1,0,0,0,0,0,Infinity}'::float8[])) v(s)$$, '2202E', 'weekly_trend_merge: first time Infinity'),
  ($$SELECT weekly_trend_merge(s) FROM (VALUES ('{1,2,3}'::float8[])) v(s)$$, '2202E', 'weekly_trend_merge: short state')
) AS v(q, e, d);
SELECT throws_ok($$SELECT weekly_trend(t, 1) FROM (VALUES ('4000-01-01'::timestamptz)) v(t)$$, '22003',
  'at must be a finite timestamp between the years 1715 and 2285', 'weekly_trend: the message names at and its range');

-- ---- knee_bend_progress, _state, _merge, _accum, _combine, _final
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT knee_bend_progress(t, 161, 0) FROM (VALUES ('2026-01-01'::timestamptz)) v(t)$$, '22003', 'knee_bend_progress: angle 161'),
  ($$SELECT knee_bend_progress(t, '-0.5', 0) FROM (VALUES ('2026-01-01'::timestamptz)) v(t)$$, '22003', 'knee_bend_progress: angle -0.5'),
  ($$SELECT knee_bend_progress(t, 30, 'NaN') FROM (VALUES ('2026-01-01'::timestamptz)) v(t)$$, '22003', 'knee_bend_progress: pain NaN'),
  ($$SELECT knee_bend_progress(t, 30, 0) FROM (VALUES ('infinity'::timestamptz)) v(t)$$, '22003', 'knee_bend_progress: tested_at infinity'),
  ($$SELECT knee_bend_progress_state(t, 30, 1e308) FROM (VALUES ('2026-01-01'::timestamptz)) v(t)$$, '22003', 'knee_bend_progress_state: pain 1e308'),
  ($$SELECT knee_bend_progress_accum('{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}', '2026-01-01', 30, 11)$$, '22003', 'knee_bend_progress_accum: pain 11'),
  ($$SELECT knee_bend_progress_final('{1,2,3}')$$, '2202E', 'knee_bend_progress_final: short state'),
  ($$SELECT knee_bend_progress_final('{-1,0,0,0,0,0,0,0,0,0,30,0,30,NaN,NaN}')$$, '2202E', 'knee_bend_progress_final: count -1'),
  ($$SELECT knee_bend_progress_final('{1,0,0,0,0,0,0,0,0,NaN,30,NaN,30,NaN,NaN}')$$, '2202E', 'knee_bend_progress_final: test time NaN (was -infinity)'),
  ($$SELECT knee_bend_progress_final('{1,0,0,0,0,0,0,0,0,0,30,0,30,30,-1e300}')$$, '2202E', 'knee_bend_progress_final: ready time -1e300'),
  ($$SELECT knee_bend_progress_combine('{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}', '{NaN,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}')$$, '2202E', 'knee_bend_progress_combine: count NaN'),
  ($$SELECT knee_bend_progress_merge(s) FROM (VALUES ('{1,2,3}'::float8[])) v(s)$$, '2202E', 'knee_bend_progress_merge: short state')
) AS v(q, e, d);
SELECT throws_ok($$SELECT knee_bend_progress(t, 170, 0) FROM (VALUES ('2026-01-01'::timestamptz)) v(t)$$, '22003',
  'angle_deg must be between 0 and 160 degrees', 'knee_bend_progress: the message names angle_deg and its range');

-- ---- recovery_km, _state, _merge, _accum, _combine, _final, _state_final, _summary, recovery_curve
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT recovery_km(d, true) FROM (VALUES (-1::float8)) v(d)$$, '22003', 'recovery_km: days -1'),
  ($$SELECT recovery_km(d, true) FROM (VALUES ('NaN'::float8)) v(d)$$, '22003', 'recovery_km: days NaN'),
  ($$SELECT recovery_km(d, false) FROM (VALUES ('Infinity'::float8)) v(d)$$, '22003', 'recovery_km: days Infinity'),
  ($$SELECT recovery_km_state(d, true) FROM (VALUES (-1e-308::float8)) v(d)$$, '22003', 'recovery_km_state: days -1e-308'),
  ($$SELECT recovery_km_accum('{1,1,5,1,0}', '-Infinity', true)$$, '22003', 'recovery_km_accum: days -Infinity'),
  ($$SELECT recovery_km_accum('{1,5}', 1, true)$$, '2202E', 'recovery_km_accum: count beyond the array'),
  ($$SELECT recovery_km_final('{}')$$, '2202E', 'recovery_km_final: empty array'),
  ($$SELECT recovery_km_final('{{1,0}}')$$, '2202E', 'recovery_km_final: 2-D state'),
  ($$SELECT recovery_km_final('{1,NULL}')$$, '2202E', 'recovery_km_final: state with a NULL'),
  ($$SELECT recovery_km_final('{2,0}')$$, '2202E', 'recovery_km_final: unknown state version'),
  ($$SELECT recovery_km_final('{1,2,5,1,0,4,1,0}')$$, '2202E', 'recovery_km_final: times not increasing'),
  ($$SELECT recovery_km_final('{1,1,5,-1,0}')$$, '2202E', 'recovery_km_final: negative event count'),
  ($$SELECT recovery_km_final('{1,1,NaN,1,0}')$$, '2202E', 'recovery_km_final: time NaN'),
  ($$SELECT recovery_km_state_final('{1,1,5,0,0}')$$, '2202E', 'recovery_km_state_final: a time with no episodes'),
  ($$SELECT recovery_km_summary('{1,1,5,0.5,0}')$$, '2202E', 'recovery_km_summary: fractional count'),
  ($$SELECT recovery_km_summary('{1,2000}'::float8[] || array_agg(x ORDER BY i, o))
      FROM generate_series(1, 2000) i, unnest(ARRAY[i, 9007199254740992, 0]::float8[]) WITH ORDINALITY u(x, o)$$,
   '2202E', 'recovery_km_summary: 2000 x 2^53 episodes (was n = -2^63)'),
  ($$SELECT * FROM recovery_curve('{1,1,5,1,NaN}')$$, '2202E', 'recovery_curve: censored count NaN'),
  ($$SELECT recovery_km_combine('{1,1,5,1,0}', '{1,1,Infinity,1,0}')$$, '2202E', 'recovery_km_combine: time Infinity'),
  ($$SELECT recovery_km_merge(s) FROM (VALUES ('{1,1,5,1,0}'::float8[]), ('{1,1,NaN,1,0}')) v(s)$$, '2202E',
   'recovery_km_merge: a NaN time (was merged into day 5 as 2 events)'),
  ($$SELECT recovery_km_merge(s) FROM (VALUES ('{1,1,5,1,0}'::float8[]), ('{1,1,-5,1,0}')) v(s)$$, '2202E', 'recovery_km_merge: negative time'),
  ($$SELECT recovery_km_merge(s) FROM (VALUES ('{1,2,3}'::float8[])) v(s)$$, '2202E', 'recovery_km_merge: count beyond the array')
) AS v(q, e, d);
SELECT throws_ok($$SELECT recovery_km(d, true) FROM (VALUES (-0.5::float8)) v(d)$$, '22003',
  'days must be a finite number >= 0', 'recovery_km: the message names days and its range');
SELECT is((SELECT (recovery_km(d, r)).n FROM (VALUES (NULL::float8, true), (3, NULL)) v(d, r)), 0::bigint,
          'recovery_km: rows with NULL days or recovered are ignored');

-- ---- recovery_compare_state, _merge, _accum, _combine, _state_final, recovery_logrank, recovery_hazard_ratios, recovery_cox_tests
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT recovery_compare_state(d, true, 'a') FROM (VALUES (-1::float8)) v(d)$$, '22003', 'recovery_compare_state: days -1'),
  ($$SELECT recovery_compare_state(d, true, NULL) FROM (VALUES ('NaN'::float8)) v(d)$$, '22003', 'recovery_compare_state: days NaN'),
  ($$SELECT recovery_compare_state(d, false, 'a') FROM (VALUES ('Infinity'::float8)) v(d)$$, '22003', 'recovery_compare_state: days Infinity'),
  ($$SELECT recovery_compare_accum(NULL, '-Infinity', true, 'a')$$, '22003', 'recovery_compare_accum: days -Infinity'),
  ($$SELECT recovery_compare_state(1, true, repeat('x', 1001))$$, '54000', 'recovery_compare_state: cohort label of 1001 bytes'),
  ($$SELECT recovery_logrank(ROW(NULL, '{1,0,0}'))$$, '2202E', 'recovery_logrank: NULL cohorts'),
  ($$SELECT recovery_logrank(ROW('{a}', NULL))$$, '2202E', 'recovery_logrank: NULL data'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,1,5,NULL,0}'))$$, '2202E', 'recovery_logrank: data with a NULL'),
  ($$SELECT recovery_logrank(ROW('{a}', '{{1,1},{1,5}}'))$$, '2202E', 'recovery_logrank: 2-D data'),
  ($$SELECT recovery_logrank(ROW('{a,NULL}', '{1,2,0}'))$$, '2202E', 'recovery_logrank: a NULL label'),
  ($$SELECT recovery_logrank(ROW('{}', '{}'))$$, '2202E', 'recovery_logrank: empty data'),
  ($$SELECT recovery_logrank(ROW('{a}', '{2,1,0}'))$$, '2202E', 'recovery_logrank: unknown state version'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1.5,0}'))$$, '2202E', 'recovery_logrank: fractional cohort count'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,101,0}'))$$, '2202E', 'recovery_logrank: 101 cohorts'),
  ($$SELECT recovery_logrank(ROW('{a,b}', '{1,1,0}'))$$, '2202E', 'recovery_logrank: two labels, one cohort'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,1,5,1}'))$$, '2202E', 'recovery_logrank: count of days beyond the array'),
  ($$SELECT recovery_logrank(ROW('{b,a}', '{1,2,1,5,1,0,1,0}'))$$, '2202E', 'recovery_logrank: labels not in byte order'),
  ($$SELECT recovery_logrank(ROW('{a,a}', '{1,2,1,5,1,0,1,0}'))$$, '2202E', 'recovery_logrank: a label twice'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,2,5,1,0,5,0,1}'))$$, '2202E', 'recovery_logrank: days not increasing'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,1,-5,1,0}'))$$, '2202E', 'recovery_logrank: negative day'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,1,NaN,1,0}'))$$, '2202E', 'recovery_logrank: day NaN'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,1,5,0.5,0}'))$$, '2202E', 'recovery_logrank: fractional count'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,1,5,0,0}'))$$, '2202E', 'recovery_logrank: a day with no episodes'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,1,5,Infinity,0}'))$$, '2202E', 'recovery_logrank: infinite count'),
  ($$SELECT recovery_logrank(ROW('{a}', '{1,1,2,5,9007199254740992,0,6,2,0}'))$$, '2202E', 'recovery_logrank: more than 2^53 episodes'),
  ($$SELECT * FROM recovery_hazard_ratios(ROW('{a}', '{1,1,1,5,-1,0}'))$$, '2202E', 'recovery_hazard_ratios: negative count'),
  ($$SELECT * FROM recovery_cox_tests(ROW('{a}', '{1,1,1,5,1,NaN}'))$$, '2202E', 'recovery_cox_tests: censored count NaN'),
  ($$SELECT * FROM recovery_hazard_ratios(ROW('{a,b}', '{1,2,1,5,1,0,1,0}'), 'c')$$, '22023', 'recovery_hazard_ratios: reference not in the state'),
  ($$SELECT * FROM recovery_hazard_ratios(ROW('{a,b}', '{1,2,1,5,1,0,0,1}'), 'b')$$, '22023', 'recovery_hazard_ratios: reference without recoveries'),
  ($$SELECT recovery_compare_accum(ROW('{a}', '{1,1,1,5,-1,0}'), 3, true, 'a')$$, '2202E', 'recovery_compare_accum: negative count'),
  ($$SELECT recovery_compare_combine(ROW('{a}', '{1,1,1,5,1,0}'), ROW('{a}', '{1,1,1,Infinity,1,0}'))$$, '2202E', 'recovery_compare_combine: day Infinity'),
  ($$SELECT recovery_compare_state_final(ROW('{a}', '{1,1,1,5,1}'))$$, '2202E', 'recovery_compare_state_final: count of days beyond the array'),
  ($$SELECT recovery_compare_merge(s) FROM (VALUES (ROW('{a}', '{1,1,1,5,1,0}')::recovery_compare_data), (ROW('{a}', '{1,1,1,NaN,1,0}')::recovery_compare_data)) v(s)$$,
   '2202E', 'recovery_compare_merge: a NaN day (would merge into day 5)'),
  ($$SELECT recovery_compare_merge(s) FROM (VALUES (ROW('{a}', '{1,1,1,5,1,0}')::recovery_compare_data), (ROW('{b,a}', '{1,2,1,5,1,0,1,0}')::recovery_compare_data)) v(s)$$,
   '2202E', 'recovery_compare_merge: labels out of order')
) AS v(q, e, d);
-- ---- funnel_limits
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT funnel_limits(0, 1)$$, '22003', 'funnel_limits: expected 0'),
  ($$SELECT funnel_limits(-1)$$, '22003', 'funnel_limits: expected -1'),
  ($$SELECT funnel_limits('NaN', 1)$$, '22003', 'funnel_limits: expected NaN'),
  ($$SELECT funnel_limits('Infinity')$$, '22003', 'funnel_limits: expected Infinity'),
  ($$SELECT funnel_limits(1e8 + 1)$$, '22003', 'funnel_limits: expected above 1e8'),
  ($$SELECT funnel_limits(5, -1)$$, '22003', 'funnel_limits: observed -1'),
  ($$SELECT funnel_limits(5, 'NaN')$$, '22003', 'funnel_limits: observed NaN'),
  ($$SELECT funnel_limits(5, '-Infinity')$$, '22003', 'funnel_limits: observed -Infinity')
) AS v(q, e, d);
SELECT throws_ok($$SELECT funnel_limits(0, 1)$$, '22003', 'expected must be a finite number > 0',
  'funnel_limits: the message names expected and its range');
SELECT throws_ok($$SELECT recovery_compare_state(d, true, 'a') FROM (VALUES (-0.5::float8)) v(d)$$, '22003',
  'days must be a finite number >= 0', 'recovery_compare_state: the message names days and its range');
SELECT throws_ok($$SELECT recovery_logrank(ROW('{a}', '{1,1,2,5,1,0,5,0,1}'))$$, '2202E',
  'state is not a recovery_compare_state state', 'recovery_logrank: the message names the state');
SELECT is((SELECT (recovery_logrank(recovery_compare_state(d, r, 'a'))).cohorts FROM (VALUES (NULL::float8, true), (3, NULL)) v(d, r)), 0,
          'recovery_compare_state: rows with NULL days or recovered are ignored (no cohort at all)');
-- -0 and 0 are one day: two recoveries on day 0 of two episodes, S(0) = 0, median 0
SELECT is((SELECT (recovery_km(d, true)).median_days FROM (VALUES ('-0'::float8), (0)) v(d))::text, '0',
          'recovery_km: days -0 is day 0');

-- ---- hand-written states that no rows can produce (issue 13 item 8):
-- 2202E naming the function and the element, never NaN, r2 < 0, |r| > 1
-- or Infinity.  "was" = the 0.2.0 result.
SELECT throws_ok(q, '2202E', NULL, d) FROM (VALUES
  ($$SELECT load_pain_trend_final('{3,1,-2,3,4,1}')$$, 'load_pain_trend_final: negative pain sum of squares (was r NaN, r2 -0.125)'),
  ($$SELECT load_pain_trend_final('{3,1,2,3,-4,1}')$$, 'load_pain_trend_final: negative load sum of squares (was r NaN, r2 -0.125)'),
  ($$SELECT load_pain_trend_final('{3,1,2,3,4,5}')$$, 'load_pain_trend_final: Sxy^2 > Sxx Syy (was r 1.77, r2 3.125)'),
  ($$SELECT load_pain_trend_final('{3,1,2,3,Infinity,1}')$$, 'load_pain_trend_final: load sum of squares Infinity (was 22003)'),
  ($$SELECT load_pain_trend_final('{0,1,0,0,0,0}')$$, 'load_pain_trend_final: sums in a state of 0 rows'),
  ($$SELECT load_pain_trend_final('{1,0,1,0,0,0}')$$, 'load_pain_trend_final: a sum of squares in a state of 1 row'),
  ($$SELECT load_pain_trend_accum('{3,1,-2,3,4,1}', 1, 1)$$, 'load_pain_trend_accum called directly: negative sum of squares'),
  ($$SELECT load_pain_trend_combine('{3,1,2,3,4,2}', '{2,0,-1,0,1,0}')$$, 'load_pain_trend_combine: negative sum of squares in the second state'),
  ($$SELECT load_pain_trend_merge(s) FROM (VALUES ('{3,1,2,3,4,2}'::float8[]), ('{3,1,2,3,-1e300,1}')) v(s)$$, 'load_pain_trend_merge: negative sum of squares (was NaN)'),
  ($$SELECT weekly_trend_final('{3,0,1,0,-1,0,0}')$$, 'weekly_trend_final: negative value sum of squares (was CI NaN)'),
  ($$SELECT weekly_trend_final('{3,1,1,0,1,0,1e15}')$$, 'weekly_trend_final: first time after the mean time'),
  ($$SELECT weekly_trend_combine('{0,0,0,0,0,0,0}', '{3,0,1,0,1,2,0}')$$, 'weekly_trend_combine: Sxy^2 > Sxx Syy'),
  ($$SELECT knee_bend_progress_final('{3,0,1,0,-1,0,0,1,0,0,30,604800000000,30,NaN,NaN}')$$, 'knee_bend_progress_final: negative angle sum of squares'),
  ($$SELECT knee_bend_progress_final('{2,0,1,0,1,0,0,1,0,604800000000,30,0,30,NaN,NaN}')$$, 'knee_bend_progress_final: first test after the last'),
  ($$SELECT knee_bend_progress_final('{2,0,1,0,1,0,0,1,0,0,30,604800000000,30,NaN,1e15}')$$, 'knee_bend_progress_final: ready after the last test'),
  ($$SELECT knee_bend_progress_combine('{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}', '{2,0,1,0,1,0,0,1,0,0,30,604800000000,Infinity,NaN,NaN}')$$, 'knee_bend_progress_combine: last angle Infinity'),
  ($$SELECT ewma_acwr_final('{2,0,1,1,0.75,0.9310344827586207,1e300,1}')$$, 'ewma_acwr_final: acute tail 1e300 times the chronic (was ACWR 1e300)'),
  ($$SELECT ewma_acwr_final('{2,0,5,1,1,1,0,1}')$$, 'ewma_acwr_final: weights that do not decay over 5 days'),
  ($$SELECT ewma_loads_final('{0,0,0,5,0,0,0,0}')$$, 'ewma_loads_final: a load in a state of 0 rows'),
  ($$SELECT recovery_km_summary('{1,1,5,1,-1}')$$, 'recovery_km_summary: negative censored count (was 22023)')
) AS v(q, d);
SELECT throws_ok($$SELECT load_pain_trend_final('{3,1,-2,3,4,1}')$$, '2202E',
  'load_pain_trend_final: malformed state: element 3 (sum of squared deviations of pain) must be >= 0 (a sum of squares)',
  'load_pain_trend_final: the message names the function and the element');
SELECT throws_ok($$SELECT recovery_km_final('{1,2,5,1,0,4,1,0}')$$, '2202E',
  'recovery_km_final: malformed state: element 6 (time 2) must be greater than the time before it',
  'recovery_km_final: the message names the function and the element');

-- ---- ewma_acwr, ewma_loads, _accum, _combine, _final, ewma_loads_final
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$SELECT ewma_acwr(d, 1 ORDER BY d) FROM (VALUES ('infinity'::date)) v(d)$$, '22008', 'ewma_acwr: day infinity'),
  ($$SELECT ewma_loads(d, 1 ORDER BY d) FROM (VALUES ('-infinity'::date)) v(d)$$, '22008', 'ewma_loads: day -infinity'),
  ($$SELECT ewma_acwr(d, -1 ORDER BY d) FROM (VALUES ('2026-01-01'::date)) v(d)$$, '22003', 'ewma_acwr: load -1'),
  ($$SELECT ewma_acwr(d, 'NaN' ORDER BY d) FROM (VALUES ('2026-01-01'::date)) v(d)$$, '22003', 'ewma_acwr: load NaN'),
  ($$SELECT ewma_acwr(d, 'Infinity' ORDER BY d) FROM (VALUES ('2026-01-01'::date)) v(d)$$, '22003', 'ewma_acwr: load Infinity'),
  ($$SELECT ewma_acwr(d, 1e308 ORDER BY d) FROM (VALUES ('2026-01-01'::date), ('2026-01-01')) v(d)$$, '22003', 'ewma_acwr: two 1e308 on one day overflow (was NaN)'),
  ($$SELECT ewma_acwr(d, 1) FROM (VALUES ('2026-01-02'::date), ('2026-01-01')) v(d)$$, '22023', 'ewma_acwr: days out of order'),
  ($$SELECT ewma_acwr_accum('{1,5,5,1,1,1,0,0}', '2000-01-01', 1)$$, '22023', 'ewma_acwr_accum: a day before the last'),
  ($$SELECT ewma_acwr_accum('{1,5,NaN,1,1,1,0,0}', '2000-01-01', 1)$$, '2202E', 'ewma_acwr_accum: last day NaN'),
  ($$SELECT ewma_acwr_combine('{1,5,5,1,1,1,0,0}', ARRAY[2,3,8,1,0.75^5,(27/29.0)^5,0.25,2/29.0]::float8[])$$, '22023', 'ewma_acwr_combine: overlapping day ranges'),
  ($$SELECT ewma_acwr_combine('{1,5,5,1,1,1,0,0}', '{1,NaN,NaN,1,1,1,0,0}')$$, '2202E', 'ewma_acwr_combine: days NaN (was a NaN state)'),
  ($$SELECT ewma_acwr_final('{1,2}')$$, '2202E', 'ewma_acwr_final: short state'),
  ($$SELECT ewma_acwr_final('{1,0,0,1,1,1,0,0,NULL}')$$, '2202E', 'ewma_acwr_final: 9 elements with a NULL'),
  ($$SELECT ewma_acwr_final('{-1,0,0,1,1,1,0,0}')$$, '2202E', 'ewma_acwr_final: count -1 (was 1)'),
  ($$SELECT ewma_acwr_final('{1,0,0,NaN,1,1,0,0}')$$, '2202E', 'ewma_acwr_final: first load NaN (was NaN)'),
  ($$SELECT ewma_acwr_final('{2,9,3,1,1,1,0,0}')$$, '2202E', 'ewma_acwr_final: first day after last day'),
  ($$SELECT ewma_loads_final('{1,0,0,1,2,1,0,0}')$$, '2202E', 'ewma_loads_final: weight 2')
) AS v(q, e, d);
SELECT throws_ok($$SELECT ewma_acwr(d, -5 ORDER BY d) FROM (VALUES ('2026-01-01'::date)) v(d)$$, '22003',
  'load must be a finite number >= 0', 'ewma_acwr: the message names load and its range');

-- ---- simulate_clinic, simulate_uniform, simulate_normal
SELECT throws_ok(q, '22003', NULL, d) FROM (VALUES
  ($$SELECT simulate_clinic(0)$$, 'simulate_clinic: 0 patients'),
  ($$SELECT simulate_clinic(-2147483648)$$, 'simulate_clinic: -2^31 patients')
) AS v(q, d);
SELECT throws_ok($$SELECT simulate_clinic(1000001)$$, '22003', 'patients must be between 1 and 1000000',
  'simulate_clinic: the message names patients and its range');
SELECT is(simulate_clinic(NULL), NULL::bigint, 'simulate_clinic: NULL patients (STRICT) writes nothing and returns NULL');
SELECT ok(simulate_uniform(-9223372036854775808, 9223372036854775807, 0) BETWEEN 0 AND 1
          AND simulate_normal(9223372036854775807, -9223372036854775808, 4611686018427387903) BETWEEN -10 AND 10,
          'simulate_uniform/simulate_normal: extreme bigint seeds still draw in range');

-- ---- trigger functions called directly, injuries_valid
SELECT is(risk_parameter_in_range('q_angle', 1), false, 'risk_parameter_in_range: an unknown parameter is false (the CHECK reports 23514)');
SELECT throws_ok($$SELECT drop_guard()$$, '0A000', NULL, 'drop_guard: not callable outside an event trigger');
SELECT is(injuries_valid('{{acl_tear}}'), false, 'injuries_valid: a 2-D list is not valid');

-- ---- tables: a valid clinic to violate from
INSERT INTO patient (patient_id, clinic_id, external_ref, sex, birth_year, height_cm, weight_kg)
VALUES (1, 'c1', 'ref1', 'female', 1990, 168, 61), (2, 'c2', NULL, NULL, NULL, NULL, NULL);
INSERT INTO episode (episode_id, clinic_id, patient_id, symptom_onset, first_visit)
VALUES (10, 'c1', 1, '2026-01-01', '2026-02-01'), (20, 'c2', 2, NULL, '2026-02-01');
INSERT INTO knee_test (test_id, clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
VALUES (100, 'c1', 10, '2026-02-01 10:00+00', 'small_knee_bend', 20, 3);
INSERT INTO load_session (session_id, clinic_id, episode_id, session_date, kind, distance_km)
VALUES (100, 'c1', 10, '2026-02-02', 'run', 5);
INSERT INTO outcome_measure (measure_id, clinic_id, episode_id, measured_on, instrument, score)
VALUES (100, 'c1', 10, '2026-02-01', 'akps', 70);

-- ---- patient: NOT NULL, unique, CHECKs, enum and number text, foreign key on update
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$INSERT INTO patient (clinic_id) VALUES (NULL)$$, '23502', 'patient: clinic_id NULL'),
  ($$INSERT INTO patient (patient_id, clinic_id) VALUES (1, 'c1')$$, '23505', 'patient: duplicate key'),
  ($$INSERT INTO patient (clinic_id, external_ref) VALUES ('c1', 'ref1')$$, '23505', 'patient: duplicate external_ref in a clinic'),
  ($$INSERT INTO patient (clinic_id, height_cm) VALUES ('c1', 'NaN')$$, '23514', 'patient: height NaN'),
  ($$INSERT INTO patient (clinic_id, weight_kg) VALUES ('c1', 1e308)$$, '23514', 'patient: weight 1e308'),
  ($$INSERT INTO patient (clinic_id, weight_kg) VALUES ('c1', 1e-308)$$, '23514', 'patient: weight 1e-308'),
  ($$INSERT INTO patient (clinic_id, birth_year) VALUES ('c1', -2147483648)$$, '23514', 'patient: birth year -2^31'),
  ($$INSERT INTO patient (clinic_id) VALUES (repeat('x', 65))$$, '23514', 'patient: clinic_id of 65 characters'),
  ($$INSERT INTO patient (clinic_id, injuries) VALUES ('c1', '{NULL}')$$, '23514', 'patient: injuries {NULL}'),
  ($$INSERT INTO patient (clinic_id, sex) VALUES ('c1', 'F')$$, '22P02', 'patient: unknown sex label'),
  ($$INSERT INTO patient (clinic_id, height_cm) VALUES ('c1', '170cm')$$, '22P02', 'patient: height text that is not a number'),
  ($$UPDATE patient SET clinic_id = 'c9' WHERE patient_id = 1$$, '23503', 'patient: moving a patient with episodes to another clinic')
) AS v(q, e, d);

-- ---- episode: NOT NULL, foreign key, unique, CHECKs incl. infinite dates
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', 1, NULL)$$, '23502', 'episode: first_visit NULL'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', NULL, '2026-02-01')$$, '23502', 'episode: patient_id NULL'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', 999, '2026-02-01')$$, '23503', 'episode: unknown patient'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c2', 1, '2026-02-01')$$, '23503', 'episode: patient of another clinic'),
  ($$INSERT INTO episode (episode_id, clinic_id, patient_id, first_visit) VALUES (10, 'c1', 1, '2026-02-01')$$, '23505', 'episode: duplicate key'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', 1, 'infinity')$$, '23514', 'episode: first_visit infinity'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', 1, '-infinity')$$, '23514', 'episode: first_visit -infinity (was accepted)'),
  ($$INSERT INTO episode (clinic_id, patient_id, symptom_onset, first_visit) VALUES ('c1', 1, '-infinity', '2026-02-01')$$, '23514', 'episode: symptom_onset -infinity (was accepted)'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit, discharged_on) VALUES ('c1', 1, '2026-02-01', 'infinity')$$, '23514', 'episode: discharged_on infinity (was accepted)'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', 1, '1899-12-31')$$, '23514', 'episode: first_visit before 1900'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit, quad_deficit_pct) VALUES ('c1', 1, '2026-02-01', 'NaN')$$, '23514', 'episode: quad deficit NaN'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit, weekly_distance_increase_pct) VALUES ('c1', 1, '2026-02-01', '-Infinity')$$, '23514', 'episode: distance increase -Infinity'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit) VALUES ('c1', 1, '2026-02-30')$$, '22008', 'episode: 30 February'),
  ($$INSERT INTO episode (clinic_id, patient_id, first_visit, side) VALUES ('c1', 1, '2026-02-01', 'middle')$$, '22P02', 'episode: unknown side label')
) AS v(q, e, d);

-- ---- knee_test: NOT NULL, foreign key, unique, CHECKs (a test before its episode's first visit is
-- accepted and ignored by the views: see outcome_views)
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, NULL, 'heel_on_squat', 0)$$, '23502', 'knee_test: tested_at NULL'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '2026-02-02', 'heel_on_squat', NULL)$$, '23502', 'knee_test: pain NULL'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 99, '2026-02-02', 'heel_on_squat', 0)$$, '23503', 'knee_test: unknown episode'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c2', 10, '2026-02-02', 'heel_on_squat', 0)$$, '23503', 'knee_test: episode of another clinic'),
  ($$INSERT INTO knee_test (test_id, clinic_id, episode_id, tested_at, test, pain_nrs) VALUES (100, 'c1', 10, '2026-02-02', 'heel_on_squat', 0)$$, '23505', 'knee_test: duplicate key'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, 'infinity', 'heel_on_squat', 0)$$, '23514', 'knee_test: tested_at infinity'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '-infinity', 'heel_on_squat', 0)$$, '23514', 'knee_test: tested_at -infinity (was accepted; broke episode_outcome)'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '1899-12-31 23:59:59+00', 'heel_on_squat', 0)$$, '23514', 'knee_test: a test before 1900 UTC'),
  ($$UPDATE knee_test SET tested_at = '1500-01-01' WHERE test_id = 100$$, '23514', 'knee_test: moving a test to year 1500 (was accepted)'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES ('c1', 10, '2026-02-02', 'small_knee_bend', 'NaN', 0)$$, '23514', 'knee_test: angle NaN'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '2026-02-02', 'heel_on_squat', 1e308)$$, '23514', 'knee_test: pain 1e308'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '2026-02-02', 'small_knee_bend', 0)$$, '23514', 'knee_test: small knee bend without an angle'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '2026-02-02', 'deep_squat', 0)$$, '22P02', 'knee_test: unknown test label'),
  ($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '2026-02-02 25:00', 'heel_on_squat', 0)$$, '22008', 'knee_test: hour 25')
) AS v(q, e, d);
-- 1900-01-01 05:00 at +09 is 1899-12-31 20:00 UTC: refused whatever the session's TimeZone
SELECT throws_ok($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c1', 10, '1900-01-01 05:00+09', 'heel_on_squat', 0)$$,
  '23514', 'new row for relation "knee_test" violates check constraint "knee_test_tested_at_from_1900"',
  'knee_test: a test before 1900 UTC is named as a check violation');

-- ---- load_session: NOT NULL, foreign key, unique, CHECKs, integer overflow
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 10, NULL, 'other')$$, '23502', 'load_session: session_date NULL'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 10, '2026-02-02', NULL)$$, '23502', 'load_session: kind NULL'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 99, '2026-02-02', 'other')$$, '23503', 'load_session: unknown episode'),
  ($$INSERT INTO load_session (session_id, clinic_id, episode_id, session_date, kind) VALUES (100, 'c1', 10, '2026-02-02', 'other')$$, '23505', 'load_session: duplicate key'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 10, 'infinity', 'other')$$, '23514', 'load_session: session_date infinity'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 10, '-infinity', 'other')$$, '23514', 'load_session: session_date -infinity (was accepted; broke load_monitoring)'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES ('c1', 10, '2026-02-02', 'run', 0)$$, '23514', 'load_session: distance 0'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES ('c1', 10, '2026-02-02', 'run', 'Infinity')$$, '23514', 'load_session: distance Infinity'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_onset_km) VALUES ('c1', 10, '2026-02-02', 'run', 5, 6)$$, '23514', 'load_session: pain onset beyond the distance'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 10, '2026-02-02', 'run')$$, '23514', 'load_session: run without distance or time'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, sets) VALUES ('c1', 10, '2026-02-02', 'strength', 3)$$, '23514', 'load_session: strength without reps'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, pain_during) VALUES ('c1', 10, '2026-02-02', 'other', -1e-308)$$, '23514', 'load_session: pain during -1e-308'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind, sets, reps) VALUES ('c1', 10, '2026-02-02', 'strength', 3, 2147483648)$$, '22003', 'load_session: reps beyond integer'),
  ($$INSERT INTO load_session (clinic_id, episode_id, session_date, kind) VALUES ('c1', 10, '2026-02-02', 'swim')$$, '22P02', 'load_session: unknown kind label')
) AS v(q, e, d);

-- ---- outcome_measure: NOT NULL, foreign key, unique, CHECKs
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'akps', NULL)$$, '23502', 'outcome_measure: score NULL'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', NULL, 5)$$, '23502', 'outcome_measure: instrument NULL'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c2', 10, '2026-02-01', 'akps', 70)$$, '23503', 'outcome_measure: episode of another clinic'),
  ($$INSERT INTO outcome_measure (measure_id, clinic_id, episode_id, measured_on, instrument, score) VALUES (100, 'c1', 10, '2026-02-01', 'akps', 70)$$, '23505', 'outcome_measure: duplicate key'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'akps', 70.5)$$, '23514', 'outcome_measure: AKPS 70.5'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'grc', 0)$$, '23514', 'outcome_measure: GRC 0'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'nrs_pain', 'NaN')$$, '23514', 'outcome_measure: NRS NaN'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score, items) VALUES ('c1', 10, '2026-02-01', 'koos_pf', 50, '{{1,2},{3,4}}')$$, '23514', 'outcome_measure: 2-D items'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, 'infinity', 'akps', 70)$$, '23514', 'outcome_measure: measured_on infinity'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '-infinity', 'akps', 70)$$, '23514', 'outcome_measure: measured_on -infinity (was accepted)'),
  ($$INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c1', 10, '2026-02-01', 'vas', 5)$$, '22P02', 'outcome_measure: unknown instrument label')
) AS v(q, e, d);

-- ---- risk_parameter (clinic weights) and risk_parameter_default
-- (the range CHECK runs before the positivity CHECK: 0, NaN, Infinity are 22003
-- naming the parameter's range)
SELECT throws_ok(q, e, NULL, d) FROM (VALUES
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', 0)$$, '22003', 'risk weight 0'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', -2)$$, '22003', 'risk weight -2'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', 'NaN')$$, '22003', 'risk weight NaN'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', 'Infinity')$$, '22003', 'risk weight Infinity'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', NULL)$$, '23502', 'risk weight NULL'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES (NULL, 2)$$, '23502', 'risk parameter NULL'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('male', 2)$$, '23514', 'risk parameter that does not exist'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', 2), ('female', 3)$$, '23505', 'risk parameter twice'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', 1e-308)$$, '22003', 'risk weight 1e-308, below the parameter minimum 0.01'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('bmi_threshold', 1e308)$$, '22003', 'BMI threshold 1e308, above the maximum 100'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('tier_moderate_from', 0.001)$$, '22003', 'tier cut-off below its minimum 0.01 (tier order: test/pgtap/risk.sql)'),
  ($$INSERT INTO risk_parameter (parameter, value) VALUES ('tier_high_from', 1001)$$, '22003', 'tier cut-off above its maximum 1000'),
  ($$INSERT INTO risk_parameter_default (parameter, kind, value, min_value, max_value, meaning, evidence, source) VALUES ('x', 'guess', 1, 0.1, 10, '', '', '')$$, '23514', 'risk default of an unknown kind'),
  ($$UPDATE risk_parameter_default SET value = 1000 WHERE parameter = 'female'$$, '23514', 'risk default outside its own range')
) AS v(q, e, d);
SELECT throws_ok($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', 101)$$, '22003',
  'risk parameter female must be between 0.01 and 100', 'risk weight above the maximum: the message names the parameter and its range');

-- ---- no half-written rows: a statement that fails writes nothing
SELECT throws_ok($$INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
                   VALUES ('c1', 10, '2026-02-03', 'small_knee_bend', 25, 2), ('c1', 10, '2026-02-04', 'small_knee_bend', 25, 11)$$,
  '23514', NULL, 'knee_test: two rows, the second bad');
SELECT throws_ok($$INSERT INTO risk_parameter (parameter, value) VALUES ('female', 3), ('flat_foot', 1000)$$,
  '22003', NULL, 'risk_parameter: two rows, the second out of range');
SELECT throws_ok($$SELECT simulate_clinic(1)$$, '55000', NULL, 'simulate_clinic refuses to write beside real data');
SELECT is(ARRAY[(SELECT count(*) FROM patient), (SELECT count(*) FROM episode), (SELECT count(*) FROM knee_test),
                (SELECT count(*) FROM load_session), (SELECT count(*) FROM outcome_measure),
                (SELECT count(*) FROM risk_parameter)],
          ARRAY[2, 2, 1, 1, 1, 0]::bigint[], 'every table holds exactly the valid rows: no bad row was half written');
SELECT is((SELECT (value, min_value) FROM risk_parameter_default WHERE parameter = 'female'),
          (2.23::float8, 0.01::float8), 'the published defaults are untouched');

-- ---- the session is still usable after every error above
-- load 1, 2, 3 with pain 1, 3, 5: pain = -1 + 2 load exactly (slope 2, intercept -1, r = 1)
SELECT is((SELECT (t.n, t.slope, t.intercept, t.r) FROM (SELECT (load_pain_trend(l, p)).*
             FROM (VALUES (1::float8, 1::float8), (2, 3), (3, 5)) v(l, p)) t),
          (3::bigint, 2::float8, -1::float8, 1::float8), 'a real computation after the errors: load_pain_trend slope 2, intercept -1');
-- recovered on days 1, 2, 3: S = 2/3, 1/3, 0; the first day with S < 0.5 is 2
SELECT is((SELECT (recovery_km(d, true)).median_days FROM (VALUES (1::float8), (2), (3)) v(d)), 2::float8,
          'a real computation after the errors: recovery_km median 2 days');
-- the stored rows still compute: episode 10's one small knee bend (20 degrees, pain 3) is not ready
SELECT is((SELECT (knee_bend_trend, best_pain_free_angle_deg, recovered, days_to_event)
             FROM episode_outcome WHERE episode_id = 10),
          ('insufficient_data'::text, NULL::float8, false, 1::float8),
          'the views still read the tables: episode 10 insufficient data, censored at its last session (day 1)');
SELECT is((SELECT (pain_free_nrs, knee_bend_target_deg, min_cell_size) FROM bi_settings),
          (current_setting('knee_rehab.pain_free_nrs'), current_setting('knee_rehab.knee_bend_target_deg'),
           current_setting('knee_rehab.min_cell_size')),
          'the settings are what they were before the refused SETs');
SELECT is((pain_free_nrs(), knee_bend_target_deg(), min_cell_size()), (0::float8, 30::float8, 5),
          'the typed setting accessors give the defaults 0, 30, 5');
SELECT is((SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid'), 1::bigint,
          'only the test''s own transaction id is locked: no subtransaction of a caught error is left open');
SELECT is(current_user::text, session_user::text, 'the session still runs as its own role');

SELECT * FROM finish();
ROLLBACK;
