-- Outcome views: columns, security, comments, suppression, and clinic
-- access (grant_clinic_access) holding through every view, with two clinics
-- using the same ids.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(27);

SELECT views_are('knee_rehab', ARRAY['episode_outcome', 'episode_outcome_all', 'cohort_recovery_state', 'cohort_recovery', 'cohort_recovery_curve', 'cohort_comparison', 'clinic_benchmark_state', 'clinic_benchmark', 'load_monitoring', 'risk_model', 'episode_risk_factor', 'worklist_today', 'clinic_activity_state', 'clinic_activity']);
SELECT columns_are('knee_rehab', 'episode_outcome', ARRAY['episode_id', 'clinic_id', 'patient_id', 'side', 'sex', 'foot',
  'prior_injury', 'bmi', 'risk_tier', 'risk_tier_rank', 'relative_risk', 'risk_completeness', 'symptom_onset', 'first_visit', 'discharged_on', 'symptom_days', 'symptom_duration',
  'baseline_nrs', 'latest_nrs', 'nrs_change', 'nrs_responder', 'baseline_akps', 'latest_akps', 'akps_change',
  'akps_responder', 'baseline_koos_pf', 'latest_koos_pf', 'knee_bend_tests', 'knee_bend_trend',
  'best_pain_free_angle_deg', 'angle_slope_per_week', 'first_ready_at', 'runs_with_pain', 'load_pain_slope',
  'load_pain_slope_ci_low', 'load_pain_slope_ci_high', 'pain_free_capacity_km', 'recovered_at', 'last_contact', 'recovered', 'days_to_event',
  'groc_at', 'groc_recovered', 'groc_days_to_event', 'return_to_run_at', 'return_to_run_recovered', 'return_to_run_days_to_event',
  'working_diagnosis', 'therapist', 'discharge_reason', 'adherence_pct', 'cadence_change_pct', 'equipment_changes']);
SELECT columns_are('knee_rehab', 'cohort_recovery', ARRAY['clinic_id', 'all_clinics', 'dimension', 'definition', 'cohort', 'is_total', 'suppressed', 'episodes', 'recovered',
  'median_days', 'median_ci_low', 'median_ci_high', 'recovered_by_6wk', 'recovered_by_12wk',
  'akps_responder_share', 'mean_nrs_change']);
SELECT columns_are('knee_rehab', 'cohort_recovery_curve', ARRAY['clinic_id', 'all_clinics', 'dimension', 'definition', 'cohort', 'is_total', 'day', 'at_risk', 'events',
  'censored', 'survival', 'recovered_share', 'ci_low', 'ci_high']);
SELECT col_type_is('knee_rehab', 'episode_outcome', 'days_to_event', 'double precision', 'days_to_event is float8 (recovery_km input)');
SELECT col_type_is('knee_rehab', 'episode_outcome', 'risk_tier', 'text', 'risk_tier is text (the risk_tier enum''s label; reporting tools, design section 8)');
SELECT is_empty($$
  SELECT c.relname FROM pg_class c
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'v'
     AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)
     AND NOT (c.relname IN ('cohort_recovery_state', 'cohort_recovery', 'cohort_recovery_curve', 'episode_outcome_all',
                              'cohort_comparison', 'clinic_benchmark_state', 'clinic_benchmark',
                              'clinic_activity_state', 'clinic_activity')
              AND 'security_barrier=true' = ANY (c.reloptions)) $$,
  'every view is security_invoker, but the aggregate-only ones (owner''s rights, security_barrier)');
SELECT is_empty($$
  SELECT c.relname FROM pg_class c
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'v'
     AND obj_description(c.oid, 'pg_class') IS NULL $$, 'every view has a comment');
SELECT is_empty($$
  SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'v'
     AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL
     AND c.relname IN ('episode_outcome', 'episode_outcome_all', 'cohort_recovery', 'cohort_recovery_curve', 'episode_risk_factor') $$,
  'every column of episode_outcome(_all), cohort_recovery, cohort_recovery_curve and episode_risk_factor has a comment');

-- Two clinics with the same ids: a has episodes 1-6 (3 recovered on days
-- 10, 20, 30; 3 censored at 15, 25, 40), b has episodes 1-5 (all recovered
-- on day 7).  Patient and episode ids collide on purpose.
INSERT INTO patient (patient_id, clinic_id, sex)
SELECT CASE WHEN i <= 6 THEN i ELSE i - 6 END, CASE WHEN i <= 6 THEN 'a' ELSE 'b' END, 'female' FROM generate_series(1, 11) i;
INSERT INTO episode (episode_id, clinic_id, patient_id, first_visit)
SELECT CASE WHEN i <= 6 THEN i ELSE i - 6 END, CASE WHEN i <= 6 THEN 'a' ELSE 'b' END,
       CASE WHEN i <= 6 THEN i ELSE i - 6 END, date '2026-01-01' FROM generate_series(1, 11) i;
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT CASE WHEN i <= 6 THEN 'a' ELSE 'b' END, CASE WHEN i <= 6 THEN i ELSE i - 6 END,
       timestamptz '2026-01-01 12:00+00' + (CASE WHEN i <= 3 THEN 10 * i ELSE 7 END) * interval '1 day',
       t, CASE WHEN t = 'small_knee_bend' THEN 40 END, 0
  FROM generate_series(1, 11) i, unnest(enum_range(NULL::provocation_test)) t
 WHERE i NOT IN (4, 5, 6);
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES
  ('a', 4, '2026-01-16', 'run', 4), ('a', 5, '2026-01-26', 'run', 4), ('a', 6, '2026-02-10', 'run', 4);

-- As the table owner (superuser: sees every clinic) all 11 are in the
-- cross-clinic row, each clinic's own row holds its episodes.
SELECT is((SELECT episodes FROM cohort_recovery WHERE definition = 'tests' AND all_clinics AND dimension = 'sex' AND is_total), 11::bigint,
          'the superuser''s cross-clinic cohort holds both clinics (11 episodes, ids colliding)');
SELECT results_eq($$ SELECT clinic_id, episodes FROM cohort_recovery WHERE definition = 'tests' AND NOT all_clinics AND dimension = 'sex' AND is_total ORDER BY 1 $$,
                  $$ VALUES ('a', 6::bigint), ('b', 5) $$, 'per clinic: a 6 episodes, b 5 (colliding ids not mixed)');

-- Clinic access, as the extension enforces it: reader a holds 'rows'
-- access to clinic a; reader b 'aggregates' access to clinic b.
CREATE ROLE kr_test_reader_a;
CREATE ROLE kr_test_reader_b;
SELECT grant_clinic_access('kr_test_reader_a', 'a', 'rows');
SELECT grant_clinic_access('kr_test_reader_b', 'b', 'aggregates');

-- What each role sees, collected under the role (pgTAP's own bookkeeping
-- tables belong to the test user), asserted afterwards.
CREATE FUNCTION pg_temp.seen(who text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    PERFORM set_config('kr_test.' || who || '_episodes',
      (SELECT coalesce(string_agg(DISTINCT clinic_id || ':' || count_text, ','), 'none')
         FROM (SELECT clinic_id, count(*) OVER ()::text AS count_text FROM knee_rehab.episode_outcome) s), true);
  EXCEPTION WHEN insufficient_privilege THEN
    PERFORM set_config('kr_test.' || who || '_episodes', 'denied', true);
  END;
  PERFORM set_config('kr_test.' || who || '_cohort',
    (SELECT string_agg(coalesce(clinic_id, 'ALL') || '=' || episodes || '/' || recovered || '/' || coalesce(median_days::text, 'NULL'), ',' ORDER BY clinic_id)
       FROM knee_rehab.cohort_recovery WHERE definition = 'tests' AND dimension = 'sex' AND is_total), true);
  PERFORM set_config('kr_test.' || who || '_curve',
    (SELECT max(at_risk) || '/' || sum(events) FROM knee_rehab.cohort_recovery_curve
      WHERE definition = 'tests' AND NOT all_clinics AND dimension = 'sex' AND is_total), true);
  PERFORM set_config('kr_test.' || who || '_rows',
    (SELECT count(*)::text FROM knee_rehab.cohort_recovery WHERE definition = 'tests'), true);
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.seen(text) TO kr_test_reader_a, kr_test_reader_b;

SET LOCAL ROLE kr_test_reader_a;
SELECT pg_temp.seen('a');
RESET ROLE;
SET LOCAL ROLE kr_test_reader_b;
SELECT pg_temp.seen('b');
RESET ROLE;

-- Clinic a: 6 episodes; KM by hand: days 10 (6 at risk), 15 c, 20 (4),
-- 25 c, 30 (2), 40 c: S = 5/6, 5/6*3/4 = 0.625, 0.625*1/2 = 0.3125 -> median 30.
SELECT is(current_setting('kr_test.a_episodes'), 'a:6', 'reader a (rows) sees only clinic a''s 6 episodes in episode_outcome');
SELECT is(current_setting('kr_test.a_cohort'), 'a=6/3/30,ALL=6/3/30', 'reader a''s cohort_recovery: clinic a and its cross-clinic row, 6 episodes, 3 recovered, median 30');
SELECT is(current_setting('kr_test.a_curve'), '6/3', 'reader a''s cohort_recovery_curve starts at 6 at risk, 3 events');
-- Clinic b: 5 episodes, all recovered on day 7: median 7.
SELECT is(current_setting('kr_test.b_episodes'), 'denied', 'reader b (aggregates) is refused episode_outcome (no table privilege)');
SELECT is(current_setting('kr_test.b_cohort'), 'b=5/5/7,ALL=5/5/7', 'reader b''s cohort_recovery: 5 episodes, 5 recovered, median 7');
SELECT is(current_setting('kr_test.b_curve'), '5/5', 'reader b''s cohort_recovery_curve: 5 at risk, 5 events');
-- Clinic b's runners are women with nothing else recorded: pfps_risk 2.23,
-- moderate.  Per dimension: the total and one cohort (sex: female,
-- risk_tier: moderate, the others: not recorded) = 10 rows, for clinic b and
-- across its clinics = 20.
SELECT is(current_setting('kr_test.b_rows'), '20', 'cohort_recovery has 20 rows for reader b (10 for clinic b, 10 across its clinics)');

-- A role without access sees no episode and no count; the setting 0.2.0's
-- README used (app.clinic_id) no longer means anything.
CREATE ROLE kr_test_nobody;
GRANT SELECT ON ALL TABLES IN SCHEMA knee_rehab TO kr_test_nobody;
SET LOCAL ROLE kr_test_nobody;
SELECT set_config('app.clinic_id', 'a', true);
SELECT set_config('kr_test.none', (SELECT count(*) FROM knee_rehab.episode_outcome)::text || '/' ||
                  (SELECT count(*) FROM knee_rehab.cohort_recovery WHERE episodes IS NOT NULL)::text, true);
RESET ROLE;
SELECT is(current_setting('kr_test.none'), '0/0', 'a role with table grants but no clinic access sees no episode and no count, whatever it SETs');

-- A reporting role cannot lower min_cell_size to read small cells.
SET LOCAL ROLE kr_test_reader_a;
SELECT throws_ok($$ SET knee_rehab.min_cell_size = 1 $$, '42501', NULL,
                 'a non-superuser cannot change knee_rehab.min_cell_size');
RESET ROLE;

-- Suppression: clinic b alone has 5 episodes (shown at min_cell_size 5);
-- at 6 its cells are suppressed with NULL counts.
SET LOCAL knee_rehab.min_cell_size = 6;
SET LOCAL ROLE kr_test_reader_b;
SELECT set_config('kr_test.b6', (SELECT string_agg(coalesce(episodes::text, 'NULL') || ':' || suppressed, ',')
                                   FROM knee_rehab.cohort_recovery WHERE definition = 'tests' AND dimension = 'sex'), true);
RESET ROLE;
SELECT is(current_setting('kr_test.b6'), 'NULL:true,NULL:true,NULL:true,NULL:true', 'cells under min_cell_size show NULL episodes and suppressed');
RESET knee_rehab.min_cell_size;

-- The episode_outcome of a censored episode: last contact is its last session.
SELECT is((SELECT days_to_event FROM episode_outcome WHERE clinic_id = 'a' AND episode_id = 6), 40::float8,
          'a censored episode counts days to its last session');
SELECT is((SELECT recovered_at FROM episode_outcome WHERE clinic_id = 'a' AND episode_id = 2), date '2026-01-21',
          'recovered_at is the day all three tests were pain-free at the target angle');
SELECT is((SELECT recovered_at FROM episode_outcome WHERE clinic_id = 'b' AND episode_id = 2), date '2026-01-08',
          'clinic b''s episode 2 (same id) keeps its own tests: recovered on day 7');

-- suppressed_cells: the views' form of suppress_cells, members in any order.
-- By hand (min_cell_size 5): line a = total cell 1 (10) with parts 2 (7)
-- and 3 (3): 3 < 5 is suppressed, then the line would hold exactly one
-- suppressed part, so the smallest shown part, 2, is suppressed too (their
-- sum 10 >= 5, stable); line b = total 4 (6) with part 5 (6): nothing.
SET LOCAL knee_rehab.min_cell_size = 5;
SELECT results_eq($$ SELECT cell, suppressed FROM knee_rehab.suppressed_cells(ARRAY[10, 7, 3, 6, 6]::bigint[],
                       ARRAY['b', 'a', 'a', 'b', 'a'], ARRAY[5, 3, 1, 4, 2], ARRAY[false, false, true, true, false]) $$,
                  $$ VALUES (1, false), (2, true), (3, true), (4, false), (5, false) $$,
                  'suppressed_cells: a small part and its complement suppressed, the other line untouched, members in any order');
SELECT throws_ok($$ SELECT * FROM knee_rehab.suppressed_cells(ARRAY[10, 7]::bigint[], ARRAY['a', 'a'], ARRAY[1], ARRAY[true, false]) $$,
                 '2202E', NULL, 'suppressed_cells: member arrays of different lengths (the shorter padded with NULL): ERROR 2202E');
SELECT throws_ok($$ SELECT * FROM knee_rehab.suppressed_cells(ARRAY[10, 7]::bigint[], ARRAY['a', 'a'], ARRAY[1, 3], ARRAY[true, false]) $$,
                 '2202E', NULL, 'suppressed_cells: a member that is not a cell: ERROR 2202E');

SELECT * FROM finish();
ROLLBACK;
