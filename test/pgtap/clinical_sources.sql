-- Clinical sources (issue 15): every clinical threshold and default weight
-- the extension uses, listed with its value and its source string, checked
-- against what the extension computes and against the COMMENT of the object
-- that uses it; and the rule that every function, aggregate and view
-- COMMENT in schema knee_rehab cites a source.
--
-- The rule (checkable): a COMMENT cites a source when it names
--   an author and a year ("Thomee 1997", "van Poppel 2018", "Kaplan and
--   Meier 1958": a capitalised word, a space, a year 1900-2099), or
--   "practitioner guidance" (physio and running-coach articles), or
--   "No clinical source: <why>" (support functions, data integrity, privacy).
-- Values below were worked out by hand from ../shared/clinical-reference.md.
BEGIN;
SET search_path = knee_rehab, public;
LOAD 'knee_rehab';   -- the settings exist once the library is loaded

CREATE FUNCTION pg_temp.cites_source(c text) RETURNS boolean LANGUAGE sql IMMUTABLE
  RETURN c ~ '[A-Z][A-Za-z''-]+ (19|20)[0-9]{2}\M' OR c ~* 'practitioner guidance' OR c ~* 'no clinical source: \S';
CREATE FUNCTION pg_temp.eval(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text;
BEGIN
  EXECUTE q INTO r;
  RETURN r;
END $f$;

-- One episode for the week-on-week rule: pain 2 in the week of Monday
-- 2026-01-05, 3 the next week -> pain_rose NULL (no previous week), true.
INSERT INTO patient (clinic_id, patient_id) VALUES ('src-a', 1), ('src-b', 1);
INSERT INTO episode (clinic_id, episode_id, patient_id, first_visit) VALUES ('src-a', 1, 1, '2026-01-05'), ('src-b', 1, 1, '2026-01-05');
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during) VALUES
  ('src-a', 1, '2026-01-05', 'run', 5, 2), ('src-a', 1, '2026-01-13', 'run', 5, 3),
  ('src-b', 1, '2026-01-05', 'run', 5, 4), ('src-b', 1, '2026-01-13', 'run', 5, 1);

-- item, value, the query that finds the value in the extension, the object
-- whose COMMENT must carry the source, the source string.
CREATE TEMP TABLE clinical_value (item text PRIMARY KEY, value text, actual text, commented text, source text);
INSERT INTO clinical_value VALUES
  -- settings
  ('setting knee_rehab.pain_free_nrs default', '0',
   $$SELECT boot_val FROM pg_settings WHERE name = 'knee_rehab.pain_free_nrs'$$,
   'knee_rehab.pain_free_nrs()', 'Practitioner guidance'),
  ('setting knee_rehab.knee_bend_target_deg default', '30',
   $$SELECT boot_val FROM pg_settings WHERE name = 'knee_rehab.knee_bend_target_deg'$$,
   'knee_rehab.knee_bend_target_deg()', 'Rathleff 2022'),
  ('setting knee_rehab.min_cell_size default', '5',
   $$SELECT boot_val FROM pg_settings WHERE name = 'knee_rehab.min_cell_size'$$,
   'knee_rehab.min_cell_size()', 'No clinical source: a privacy rule'),
  ('setting knee_rehab.pain_safe_nrs default', '2',
   $$SELECT boot_val FROM pg_settings WHERE name = 'knee_rehab.pain_safe_nrs'$$,
   'knee_rehab.pain_safe_nrs()', 'Thomee 1997'),
  ('setting knee_rehab.pain_acceptable_nrs default', '5',
   $$SELECT boot_val FROM pg_settings WHERE name = 'knee_rehab.pain_acceptable_nrs'$$,
   'knee_rehab.pain_acceptable_nrs()', 'Thomee 1997'),
  -- pain-monitoring bands: the verdict changes just above the limit
  ('pain band: safe up to NRS', '2',
   $$SELECT '2' WHERE pain_monitor(2, NULL) = 'safe' AND pain_monitor(2.000001, NULL) = 'acceptable'$$,
   'knee_rehab.pain_monitor(float8, float8, float8)', 'Thomee 1997, Phys Ther 77:1690'),
  ('pain band: acceptable up to NRS', '5',
   $$SELECT '5' WHERE pain_monitor(5, NULL) = 'acceptable' AND pain_monitor(5.000001, NULL) = 'excessive'$$,
   'knee_rehab.pain_monitor(float8, float8, float8)', 'Thomee 1997, Phys Ther 77:1690'),
  ('pain next morning above baseline', 'excessive',
   $$SELECT pain_monitor(0, 1.5, 1)$$,
   'knee_rehab.pain_monitor(float8, float8, float8)', 'Thomee 1997'),
  ('pain must not rise week on week', 'true',
   $$SELECT string_agg(pain_rose::text, ',' ORDER BY week_start) FROM weekly_pain('src-a', 1)$$,
   'knee_rehab.weekly_pain(text, bigint)', 'Thomee 1997'),
  ('pain model names', 'thomee_1997',
   $$SELECT pain_monitor_model()$$,
   'knee_rehab.pain_monitor_model()', 'Thomee 1997'),
  -- single-run spike grades (Frandsen 2025), over a longest previous run of 10 km
  ('single-run spike: none up to +10 %', '1',
   $$SELECT single_run_spike_hrr(11, 10)::text$$,
   'knee_rehab.single_run_spike_hrr(float8, float8)', 'Frandsen 2025'),
  ('single-run spike > 10-30 % HRR', '1.64',
   $$SELECT single_run_spike_hrr(11.000001, 10)::text WHERE single_run_spike_hrr(13, 10) = 1.64$$,
   'knee_rehab.single_run_spike_grade(float8, float8)', 'Frandsen 2025 (BJSM 59:1203'),
  ('single-run spike > 30-100 % HRR', '1.52',
   $$SELECT single_run_spike_hrr(13.000001, 10)::text WHERE single_run_spike_hrr(20, 10) = 1.52$$,
   'knee_rehab.single_run_spike_grade(float8, float8)', 'Frandsen 2025 (BJSM 59:1203'),
  ('single-run spike > 100 % HRR', '2.28',
   $$SELECT single_run_spike_hrr(20.000001, 10)::text$$,
   'knee_rehab.single_run_spike_grade(float8, float8)', 'Frandsen 2025 (BJSM 59:1203'),
  -- ACWR
  ('EWMA acute lambda 2/(7+1)', '0.25',
   $$SELECT (ewma_loads(d, l ORDER BY d))[1]::text FROM (VALUES (date '2026-01-01', 0::float8), ('2026-01-02', 1)) v(d, l)$$,
   'knee_rehab.ewma_acwr(date, float8)', 'Williams 2017, BJSM 51:209'),
  ('EWMA chronic lambda 2/(28+1)', '0.0689655172',
   $$SELECT round((ewma_loads(d, l ORDER BY d))[2]::numeric, 10)::text FROM (VALUES (date '2026-01-01', 0::float8), ('2026-01-02', 1)) v(d, l)$$,
   'knee_rehab.ewma_acwr(date, float8)', 'Williams 2017, BJSM 51:209'),
  ('ACWR spike from', '1.5',
   $$SELECT acwr_spike_threshold()::text
      WHERE pg_get_viewdef('knee_rehab.load_monitoring'::regclass) LIKE '%>= %acwr_spike_threshold()%'
        AND pg_get_functiondef('knee_rehab.worklist(date, text)'::regprocedure) LIKE '%>= %acwr_spike_threshold()%'$$,
   'knee_rehab.acwr_spike_threshold()', 'Gabbett 2016, BJSM 50:273'),
  ('rest gap longer than (days)', '7',
   $$SELECT rest_gap_days()::text
      WHERE pg_get_viewdef('knee_rehab.load_monitoring'::regclass) LIKE '%> %rest_gap_days()%'
        AND pg_get_functiondef('knee_rehab.worklist(date, text)'::regprocedure) LIKE '%> %rest_gap_days()%'$$,
   'knee_rehab.rest_gap_days()', 'practitioner guidance: rest beyond 5-7 days deconditions'),
  -- responders / minimal important changes
  ('AKPS MCID (points)', '10',
   $$SELECT '10' WHERE akps_responder(60, 70) AND NOT akps_responder(60, 69)$$,
   'knee_rehab.akps_responder(integer, integer)', 'Crossley 2004'),
  ('NRS responder drop (points)', '2',
   $$SELECT '2' WHERE nrs_responder(10, 8) AND NOT nrs_responder(10, 8.01)$$,
   'knee_rehab.nrs_responder(float8, float8)', 'Farrar 2001, Pain 94:149'),
  ('NRS responder drop (share of baseline)', '0.3',
   $$SELECT '0.3' WHERE nrs_responder(5, 3.5) AND NOT nrs_responder(5, 3.51)$$,
   'knee_rehab.nrs_responder(float8, float8)', 'Farrar 2001, Pain 94:149'),
  ('KOOS-PF minimal important change', '16.4',
   $$SELECT '16.4' WHERE koos_pf_responder(50, 66.4) AND NOT koos_pf_responder(50, 66.39)$$,
   'knee_rehab.koos_pf_responder(float8, float8)', 'Crossley 2018, BJSM 52:1130'),
  ('KOOS-PF valid from answered items', '6 of 11',
   $$SELECT '6 of 11' WHERE koos_pf_score('{0,0,0,0,0,0,NULL,NULL,NULL,NULL,NULL}') = 100
                          AND koos_pf_score('{0,0,0,0,0,NULL,NULL,NULL,NULL,NULL,NULL}') IS NULL$$,
   'knee_rehab.koos_pf_score(integer[])', 'Crossley 2018, BJSM 52:1130'),
  -- triage
  ('Ottawa knee rule: acute trauma within (days)', '7',
   $$SELECT '7' WHERE (triage(cannot_flex_90 => true, days_since_injury => 7)).xray_indicated
                  AND NOT (triage(cannot_flex_90 => true, days_since_injury => 8)).xray_indicated$$,
   'knee_rehab.triage(knee_rehab.pain_location, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean)',
   'Stiell 1996, JAMA 275:611'),
  ('Ottawa knee rule: age from', '55',
   $$SELECT '55' WHERE (triage(age_years => 55, days_since_injury => 0)).xray_indicated
                   AND NOT (triage(age_years => 54, days_since_injury => 0)).xray_indicated$$,
   'knee_rehab.triage(knee_rehab.pain_location, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean)',
   'Stiell 1996, JAMA 275:611'),
  ('PFPS pattern incl. medial pain', 'patellofemoral_pain',
   $$SELECT (triage('medial', squat_pain => true)).likely_condition$$,
   'knee_rehab.triage(knee_rehab.pain_location, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean)',
   'Crossley 2016, BJSM 50:839'),
  -- readiness, strength, body
  ('ready to run: small knee bend to (degrees)', '30',
   $$SELECT '30' WHERE ready_to_run(30, 0) AND NOT ready_to_run(29.99, 0)$$,
   'knee_rehab.ready_to_run(float8, float8)', 'Practitioner guidance'),
  ('Epley 1RM at 30 reps of 100 kg', '200',
   $$SELECT estimated_1rm(100, 30)::text$$,
   'knee_rehab.estimated_1rm(float8, integer)', 'Epley 1985'),
  -- risk score: the quadriceps weight with its derivation (issue 15 item 5)
  ('quadriceps deficit >= 10 %: relative risk', '1.75',
   $$SELECT pfps_risk_score(quad_deficit_pct => 10)::text WHERE pfps_risk_score(quad_deficit_pct => 9.99) = 1$$,
   'knee_rehab.pfps_risk(knee_rehab.sex, float8, float8, knee_rehab.knee_injury[], knee_rehab.foot_type, float8, float8, float8)',
   'ln OR = SMD x pi/sqrt(3) = OR 3.5 per SD, 10 % deficit = 0.45 SD, 3.5^0.45 = 1.75'),
  ('female: relative risk', '2.23',
   $$SELECT pfps_risk_score('female')::text$$,
   'knee_rehab.pfps_risk(knee_rehab.sex, float8, float8, knee_rehab.knee_injury[], knee_rehab.foot_type, float8, float8, float8)',
   'Boling 2010, in US Naval Academy midshipmen - military trainees, not runners');

SELECT plan((SELECT 2 * count(*)::int FROM clinical_value) + 10);

-- Each value, as the extension computes it.
SELECT is(pg_temp.eval(actual), value, item || ' = ' || value || ' (' || source || ')')
  FROM clinical_value ORDER BY item;
-- Each source, in the COMMENT of the object that uses the value.
SELECT ok(strpos(CASE WHEN commented LIKE '%(%' THEN obj_description(commented::regprocedure, 'pg_proc')
                      ELSE obj_description(commented::regclass, 'pg_class') END, source) > 0,
          item || ': the comment of ' || commented || ' cites ' || source)
  FROM clinical_value ORDER BY item;

-- Every default weight, threshold and tier cut-off of the risk model, with
-- its source (issue 15 items 5-6: quadriceps 1.75 derived, Boling 2010's
-- population named) and whether the evidence is labelled weak.
SELECT results_eq($$
  SELECT parameter, kind, value, source, evidence ~ '^weak' FROM risk_parameter_default ORDER BY parameter $$,
  $$ VALUES
    ('bmi_high'::text, 'relative_risk'::text, 1.0::float8, 'Neal 2019, BJSM 53:270 (not a risk factor); practitioner guidance'::text, true),
    ('bmi_threshold', 'threshold', 30, 'WHO BMI classification', false),
    ('female', 'relative_risk', 2.23, 'Boling 2010, Scand J Med Sci Sports 20:725 (US Naval Academy midshipmen)', false),
    ('flat_foot', 'relative_risk', 1.2, 'Neal 2014, J Foot Ankle Res 7:55', true),
    ('high_arch', 'relative_risk', 1.0, 'no published estimate', false),
    ('low_strength_training', 'relative_risk', 1.0, 'practitioner guidance (physio and running-coach articles)', false),
    ('overpronation', 'relative_risk', 1.2, 'Neal 2014, J Foot Ankle Res 7:55', true),
    ('prior_knee_injury', 'relative_risk', 1.7, 'van Poppel 2018 (OR 3.7); Hespanhol 2013 (1.88); BMJ Open Sport Exerc Med 2019 (1.7)', true),
    ('pttd', 'relative_risk', 1.0, 'no published estimate', false),
    ('quad_deficit', 'relative_risk', 1.75, 'Neal 2019, BJSM 53:270 (derived)', true),
    ('quad_deficit_threshold_pct', 'threshold', 10, 'Kyritsis 2016, BJSM 50:946', false),
    ('sex_other', 'relative_risk', 1.0, 'no published estimate', false),
    ('strength_sessions_threshold', 'threshold', 1, 'practitioner guidance (physio and running-coach articles)', false),
    ('tier_high_from', 'tier_cutoff', 3.0, 'clinical reference (tiers)', false),
    ('tier_moderate_from', 'tier_cutoff', 1.5, 'clinical reference (tiers)', false),
    ('weekly_distance_increase', 'relative_risk', 1.59, 'Nielsen 2014, JOSPT 44:739', false),
    ('weekly_distance_threshold_pct', 'threshold', 30, 'Nielsen 2014, JOSPT 44:739', false) $$,
  'risk_parameter_default: every default with its source (quadriceps 1.75, Boling 2010 in midshipmen)');
SELECT ok((SELECT evidence FROM risk_parameter_default WHERE parameter = 'quad_deficit')
          ~ 'SMD -0.69.*ln\(OR\) = SMD x pi / sqrt\(3\) gives OR 3.5 per SD.*10 % deficit is about 0.45 SD and OR = 3.5\^0.45 = 1.75',
  'quad_deficit evidence shows the derivation SMD -> OR 3.5 per SD -> 0.45 SD -> 1.75');
SELECT ok((SELECT evidence FROM risk_parameter_default WHERE parameter = 'female') ~ 'US Naval Academy midshipmen \(military trainees, not runners\)',
  'female evidence names the population: US Naval Academy midshipmen, not runners');
-- hand: female with a quadriceps deficit: 2.23 x 1.75 = 3.9025 (0.2.0: 4.46)
SELECT is(round(pfps_risk_score('female', quad_deficit_pct => 12)::numeric, 10), 3.9025,
  'pfps_risk_score(female, quadriceps deficit 12 %) = 2.23 x 1.75 = 3.9025');
SELECT is_empty($$ SELECT p.oid::regprocedure::text FROM pg_proc p
                    WHERE p.pronamespace = 'knee_rehab'::regnamespace AND p.proname <> 'simulate_clinic'
                      AND obj_description(p.oid, 'pg_proc') ~ 'Boling 2010' AND obj_description(p.oid, 'pg_proc') !~ 'midshipmen' $$,
  'every function comment that cites Boling 2010 says midshipmen');

-- ---- the rule, and every comment under it
SELECT results_eq($$ SELECT pg_temp.cites_source(c) FROM unnest(ARRAY[
    'Transition function of x.', 'default 30', 'ERROR 22003', 'Thomee 1997', 'van Poppel 2018',
    'practitioner guidance', 'No clinical source: data integrity.', 'No clinical source: ']) AS c $$,
  $$ VALUES (false), (false), (false), (true), (true), (true), (true), (false) $$,
  'the rule: an author and year, practitioner guidance or "No clinical source: <why>"; nothing else');

-- Known exceptions: the synthetic-data generator of src/simulate.sql (extension
-- knee_rehab_demo, installed beside knee_rehab by run_tap.sh; not a
-- clinical model; its figures are the simulator's assumptions).
CREATE TEMP TABLE comment_exception (obj text PRIMARY KEY);
INSERT INTO comment_exception VALUES
  ('simulate_uniform(bigint,bigint,bigint)'), ('simulate_normal(bigint,bigint,bigint)'), ('simulate_clinic(integer,integer)');
CREATE TEMP VIEW commented_object AS
  SELECT p.oid::regprocedure::text AS obj, CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'function' END AS kind,
         obj_description(p.oid, 'pg_proc') AS c
    FROM pg_proc p WHERE p.pronamespace = 'knee_rehab'::regnamespace
  UNION ALL
  SELECT c.oid::regclass::text, 'view', obj_description(c.oid, 'pg_class')
    FROM pg_class c WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'v';
SELECT cmp_ok((SELECT count(*)::int FROM commented_object), '>=', 60, 'the rule sees the functions, aggregates and views (at least 60)');
SELECT is_empty($$ SELECT kind || ' ' || obj || ': ' || coalesce(left(c, 80), '(no comment)') FROM commented_object
                    WHERE NOT coalesce(pg_temp.cites_source(c), false)
                      AND obj NOT IN (SELECT obj FROM comment_exception) ORDER BY 1 $$,
  'every function, aggregate and view COMMENT in knee_rehab cites a source (author and year, practitioner guidance, or "No clinical source: <why>")');
SELECT is_empty($$ SELECT obj FROM comment_exception WHERE obj NOT IN (SELECT obj FROM commented_object) $$,
  'every known exception still exists (remove the ones issue 13 renames or drops)');
SELECT ok(NOT EXISTS (SELECT 1 FROM commented_object WHERE c ~ 'HR 1\.64'), 'no comment cites the unsourced "HR 1.64"');

SELECT * FROM finish();
ROLLBACK;
