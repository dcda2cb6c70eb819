-- cohort_comparison and clinic_benchmark (issue 17): shape, security,
-- figures checked by hand on a small fixture (five clinics, a and b with
-- the same patient and episode ids), suppression equal to cohort_recovery's,
-- and clinic access through grant_clinic_access.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(35);

SELECT has_view('knee_rehab', 'cohort_comparison', 'cohort_comparison exists');
SELECT has_view('knee_rehab', 'clinic_benchmark', 'clinic_benchmark exists');
SELECT columns_are('knee_rehab', 'cohort_comparison', ARRAY['clinic_id', 'all_clinics', 'dimension', 'definition', 'cohort',
  'suppressed', 'is_reference', 'reference_cohort', 'episodes', 'recovered', 'hazard_ratio', 'ci_low', 'ci_high', 'p_value',
  'note', 'cohorts_compared', 'logrank_chisq', 'logrank_df', 'logrank_p_value']);
SELECT columns_are('knee_rehab', 'clinic_benchmark', ARRAY['clinic_id', 'unit', 'definition', 'suppressed', 'episodes',
  'recovered_by_12wk', 'observed', 'expected', 'expected_recovered_by_12wk', 'observed_expected',
  'lower_95', 'upper_95', 'lower_998', 'upper_998', 'funnel_position']);
SELECT is_empty($$
  SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.oid IN ('knee_rehab.cohort_comparison'::regclass, 'knee_rehab.clinic_benchmark'::regclass)
     AND a.attnum > 0 AND NOT a.attisdropped
     AND a.atttypid NOT IN ('text'::regtype, 'boolean'::regtype, 'integer'::regtype, 'bigint'::regtype, 'double precision'::regtype) $$,
  'cohort_comparison and clinic_benchmark have flat scalar columns only (text, boolean, int, bigint, float8: BI conventions)');
SELECT is_empty($$
  SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.oid IN ('knee_rehab.cohort_comparison'::regclass, 'knee_rehab.clinic_benchmark'::regclass)
     AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL $$,
  'every column of cohort_comparison and clinic_benchmark has a comment');
SELECT is((SELECT array_agg(c.relname || ':' || array_to_string(c.reloptions, ';') || ':' ||
                            has_table_privilege('public', c.oid, 'SELECT') ORDER BY c.relname)
             FROM pg_class c WHERE c.oid IN ('knee_rehab.cohort_comparison'::regclass, 'knee_rehab.clinic_benchmark'::regclass,
                                             'knee_rehab.clinic_benchmark_state'::regclass)),
          ARRAY['clinic_benchmark:security_barrier=true:true', 'clinic_benchmark_state:security_barrier=true:false',
                'cohort_comparison:security_barrier=true:true'],
          'aggregate-only: security_barrier, owner''s rights (not security_invoker); the two views granted to PUBLIC, the state view not');

-- The fixture.  Tiers through pfps_risk: L = male, no injury (RR 1, low);
-- M = female (2.23, moderate); H = female with a prior ACL tear
-- (2.23 x 1.7 = 3.79, high).  day = recovery day (rec) or last contact
-- (a run on that day, censored).  First visit 2026-01-01 for all.
CREATE TEMP TABLE fx (clinic text, id int, tier text, day int, rec boolean);
INSERT INTO fx VALUES
 ('a', 1, 'L', 10, true), ('a', 2, 'L', 20, true), ('a', 3, 'L', 100, false),
 ('a', 4, 'M', 30, true), ('a', 5, 'M', 100, false), ('a', 6, 'M', 100, false),
 ('b', 1, 'L', 15, true), ('b', 2, 'L', 15, true), ('b', 3, 'M', 40, true),
 ('b', 4, 'M', 90, true), ('b', 5, 'H', 12, false), ('b', 6, 'H', 100, false),
 ('c', 1, 'M', 20, true), ('c', 2, 'M', 25, true), ('c', 3, 'M', 60, true), ('c', 4, 'M', 100, false),
 ('c', 5, 'H', 70, true), ('c', 6, 'H', 100, false), ('c', 7, 'H', 100, false), ('c', 8, 'H', 100, false),
 ('d', 1, 'L', 5, true), ('d', 2, 'L', 5, true), ('d', 3, 'L', 5, true), ('d', 4, 'H', 100, false);
INSERT INTO fx SELECT 'e', i, 'L', 100, false FROM generate_series(1, 10) AS i;
INSERT INTO patient (clinic_id, patient_id, sex, injuries)
SELECT clinic, id, CASE WHEN tier = 'L' THEN 'male' ELSE 'female' END::sex,
       CASE WHEN tier = 'H' THEN '{acl_tear}' ELSE '{}' END::knee_injury[] FROM fx;
INSERT INTO episode (clinic_id, episode_id, patient_id, first_visit)
SELECT clinic, id, id, date '2026-01-01' FROM fx;
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT clinic, id, timestamptz '2026-01-01 12:00+00' + day * interval '1 day', t,
       CASE WHEN t = 'small_knee_bend' THEN 40 END, 0
  FROM fx, unnest(enum_range(NULL::provocation_test)) AS t WHERE rec;
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km)
SELECT clinic, id, date '2026-01-01' + day, 'run', 4 FROM fx WHERE NOT rec;

SELECT is((SELECT string_agg(fx.tier || '=' || o.risk_tier::text || ':' || o.days_to_event || ':' || o.recovered, ',' ORDER BY fx.clinic, fx.id)
             FROM fx JOIN episode_outcome AS o ON o.clinic_id = fx.clinic AND o.episode_id = fx.id
            WHERE fx.clinic = 'b'),
          'L=low:15:true,L=low:15:true,M=moderate:40:true,M=moderate:90:true,H=high:12:false,H=high:100:false',
          'the fixture: clinic b''s tiers, days and events as intended');

-- ---------------------------------------------------------------- clinic_benchmark by hand
-- Every cell shown (min_cell_size 1) for the figures.
SET LOCAL knee_rehab.min_cell_size = 1;
-- The network's Kaplan-Meier recovered by day 84 per tier (every clinic):
--   low: 18 episodes (a 3, b 2, d 3, e 10), none censored before day 84,
--        7 recovered by day 84 (a 10, 20; b 15, 15; d 5, 5, 5): 7/18.
--   moderate: 9 (a 3, b 2, c 4), none censored before 84, recovered by 84:
--        a 30, b 40, c 20, 25, 60 = 5 (b's day 90 is later): 5/9.
--   high: 7 (b 2, c 4, d 1); b5 censored on day 12, so at c5's recovery on
--        day 70 6 are at risk: S(84) = 5/6, recovered 1/6.
-- Expected E = sum over tiers of the clinic's episodes x the network rate:
--   a: 3 x 7/18 + 3 x 5/9           = 17/6  = 2.833333333
--   b: 2 x 7/18 + 2 x 5/9 + 2 x 1/6 = 20/9  = 2.222222222
--   c: 4 x 5/9 + 4 x 1/6            = 26/9  = 2.888888889
--   d: 3 x 7/18 + 1 x 1/6           = 4/3   = 1.333333333
--   e: 10 x 7/18                    = 35/9  = 3.888888889
-- Observed O = episodes x the clinic's own Kaplan-Meier recovered by 84:
--   a: 3 of 6, no censoring before 84: 0.5 -> O = 3,   O/E = 18/17 = 1.058823529
--   b: censored day 12, then 2 of 5 on day 15 (S = 3/5), 1 of 3 on day 40
--      (S = 2/5): 0.6 -> O = 3.6 (the raw count is 3), O/E = 1.62
--   c: 4 of 8 -> O = 4,   O/E = 36/26 = 1.384615385
--   d: 3 of 4 -> O = 3,   O/E = 9/4 = 2.25
--   e: 0 of 10 -> O = 0,  O/E = 0
SELECT results_eq($$
  SELECT clinic_id, unit, definition, suppressed, episodes, round(recovered_by_12wk::numeric, 9),
         round(observed::numeric, 9), round(expected::numeric, 9), round(observed_expected::numeric, 9)
    FROM clinic_benchmark WHERE definition = 'tests' ORDER BY clinic_id $$,
  $$ VALUES ('a', 'clinic', 'tests', false, 6::bigint, 0.5, 3.0, 2.833333333, 1.058823529),
            ('b', 'clinic', 'tests', false, 6::bigint, 0.6, 3.6, 2.222222222, 1.62),
            ('c', 'clinic', 'tests', false, 8::bigint, 0.5, 4.0, 2.888888889, 1.384615385),
            ('d', 'clinic', 'tests', false, 4::bigint, 0.75, 3.0, 1.333333333, 2.25),
            ('e', 'clinic', 'tests', false, 10::bigint, 0.0, 0.0, 3.888888889, 0.0) $$,
  'clinic_benchmark: episodes, KM recovered by 12 weeks, O, E and O/E as computed by hand (tier-standardised against the network)');
SELECT is((SELECT round(expected_recovered_by_12wk::numeric, 9) FROM clinic_benchmark WHERE definition = 'tests' AND clinic_id = 'a'),
          0.472222222, 'expected_recovered_by_12wk = E / episodes (a: 17/6 / 6 = 17/36)');
-- Funnel limits (Spiegelhalter 2005 A.1.2), by hand for c (E = 26/9):
-- Poisson(2.888889) CDF: P(R <= 0) = 0.055638 >= 0.025 and 0.001, so both
-- lower limits have r_p = 0 and interpolate below 0: reported 0.
-- P(R <= 6) = 0.971785, P(R <= 7) = 0.990323: r_0.975 = 7,
--   alpha = (0.990323 - 0.975) / (0.990323 - 0.971785) = 0.826604,
--   upper_95 = (7 - 0.826604) / 2.888889 = 2.136950.
-- P(R <= 8) = 0.997017, P(R <= 9) = 0.999166: r_0.999 = 9,
--   upper_998 = (9 - (0.999166 - 0.999) / (0.999166 - 0.997017)) / 2.888889 = 3.088637.
SELECT results_eq($$ SELECT round(lower_95::numeric, 5), round(upper_95::numeric, 5), round(lower_998::numeric, 5),
                            round(upper_998::numeric, 5), funnel_position
                       FROM clinic_benchmark WHERE definition = 'tests' AND clinic_id = 'c' $$,
                  $$ VALUES (0.0, 2.13695, 0.0, 3.08864, 'within') $$,
                  'clinic c''s funnel limits for E = 26/9 as computed by hand');
-- The same interpolation for every clinic, with a Poisson CDF summed here
-- in SQL (independent of GSL): e (E = 35/9) has O = 0 below its 95 % lower
-- limit (P(R <= 0) = 0.020468 < 0.025, P(R <= 1) = 0.100066, r = 1,
-- lower_95 = (1 - 0.942 ...) / 3.888889 = 0.014640) but not strictly below
-- its 99.8 % limit (0): below_95.
CREATE FUNCTION pg_temp.pcdf(r int, mu float8) RETURNS float8 LANGUAGE sql IMMUTABLE
  RETURN (SELECT coalesce(sum(exp(-mu) * power(mu, k) / factorial(k)::float8), 0) FROM generate_series(0, r) AS k);
CREATE FUNCTION pg_temp.flimit(e float8, p float8) RETURNS float8 LANGUAGE sql IMMUTABLE
  RETURN (SELECT greatest((r - (pg_temp.pcdf(r, e) - p) / (pg_temp.pcdf(r, e) - pg_temp.pcdf(r - 1, e))) / e, 0)
            FROM generate_series(0, 60) AS r WHERE pg_temp.pcdf(r, e) >= p ORDER BY r LIMIT 1);
SELECT is_empty($$
  SELECT clinic_id, definition FROM clinic_benchmark
   WHERE CASE WHEN expected > 0   -- every definition's rows with an expected count (groc's is 0 here: no limits)
              THEN abs(lower_95 - pg_temp.flimit(expected, 0.025)) > 1e-9 OR abs(upper_95 - pg_temp.flimit(expected, 0.975)) > 1e-9
                   OR abs(lower_998 - pg_temp.flimit(expected, 0.001)) > 1e-9 OR abs(upper_998 - pg_temp.flimit(expected, 0.999)) > 1e-9
              ELSE lower_95 IS NOT NULL OR funnel_position IS NULL AND NOT suppressed END $$,
  'every clinic''s 95 % and 99.8 % limits equal the Poisson interpolation computed in SQL (1e-9)');
SELECT results_eq($$ SELECT clinic_id, funnel_position, round(lower_95::numeric, 6) FROM clinic_benchmark WHERE definition = 'tests' ORDER BY 1 $$,
                  $$ VALUES ('a', 'within', 0.0), ('b', 'within', 0.0), ('c', 'within', 0.0), ('d', 'within', 0.0),
                            ('e', 'below_95', 0.014640) $$,
                  'positions: e (no recovery against 3.9 expected) is below the 95 % limit, the others within');

-- ---------------------------------------------------------------- cohort_comparison by hand
-- Clinic c, risk_tier: moderate recovers on days 20, 25, 60 (censored 100),
-- high on day 70 (3 censored at 100).  Log-rank, at each recovery
-- (n at risk, moderate's expected share, hypergeometric variance):
--   day 20: n 8 (4 + 4), E 4/8, V 4*4*1*7/(64*7) = 1/4
--   day 25: n 7 (3 + 4), E 3/7, V 3*4*6/(49*6)   = 12/49
--   day 60: n 6 (2 + 4), E 2/6, V 2*4/36         = 2/9
--   day 70: n 5 (1 + 4), E 1/5, V 1*4/25         = 4/25
-- O - E = 3 - 307/210, V = 38681/44100: chisq = 2.697163982316900,
-- p = erfc(sqrt(chisq / 2)) = 0.100526920575718.
SELECT results_eq($$ SELECT DISTINCT round(logrank_chisq::numeric, 12), logrank_df, round(logrank_p_value::numeric, 12), cohorts_compared
                       FROM cohort_comparison WHERE definition = 'tests' AND clinic_id = 'c' AND dimension = 'risk_tier' $$,
                  $$ VALUES (2.697163982317, 1, 0.100526920576, 2) $$,
                  'clinic c''s log-rank test of the risk tiers as computed by hand');
-- No low-risk episode in c: the reference falls back to the largest shown
-- cohort with recoveries (high and moderate have 4; byte order: high).
SELECT results_eq($$ SELECT cohort, is_reference, reference_cohort, episodes, recovered, hazard_ratio > 1, definition
                       FROM cohort_comparison WHERE definition = 'tests' AND clinic_id = 'c' AND dimension = 'risk_tier' ORDER BY cohort $$,
                  $$ VALUES ('high', true, 'high', 4::bigint, 1::bigint, false, 'tests'),
                            ('moderate', false, 'high', 4::bigint, 3::bigint, true, 'tests') $$,
                  'clinic c: reference high (largest, byte order), moderate recovers faster (HR > 1)');
-- Hazard ratios equal recovery_hazard_ratios (checked against R coxph in
-- sql/recovery_compare.sql) on the same episodes read from episode_outcome.
SELECT results_eq($$ SELECT cohort, hazard_ratio, ci_low, ci_high, p_value FROM cohort_comparison
                      WHERE definition = 'tests' AND all_clinics AND dimension = 'risk_tier' ORDER BY cohort $$,
                  $$ SELECT h.cohort, h.hazard_ratio, h.ci_low, h.ci_high, h.p_value
                       FROM (SELECT recovery_compare_state(days_to_event, recovered, risk_tier::text) AS s FROM episode_outcome) AS x,
                            recovery_hazard_ratios(x.s, 'low') AS h ORDER BY h.cohort $$,
                  'across the clinics: hazard ratios against low equal recovery_hazard_ratios on episode_outcome');
SELECT results_eq($$ SELECT DISTINCT reference_cohort, logrank_chisq, logrank_df FROM cohort_comparison
                      WHERE definition = 'tests' AND all_clinics AND dimension = 'risk_tier' $$,
                  $$ SELECT 'low', l.chisq, l.df
                       FROM (SELECT recovery_compare_state(days_to_event, recovered, risk_tier::text) AS s FROM episode_outcome) AS x,
                            recovery_logrank(x.s) AS l $$,
                  'across the clinics: reference low and the log-rank test of recovery_logrank');
SELECT is((SELECT count(*) FROM cohort_comparison WHERE definition = 'tests' AND all_clinics AND dimension = 'sex'), 2::bigint,
          'one row per cohort: female and male across the clinics');
-- Clinic b, sex: both men recover (day 15) before any woman: the Cox
-- likelihood is monotone (coefficient infinite), which the row says.
SELECT matches((SELECT note FROM cohort_comparison WHERE definition = 'tests' AND clinic_id = 'b' AND dimension = 'sex' AND cohort = 'male'),
               '^confidence interval reaches 0 or infinity: monotone likelihood',
               'a monotone likelihood (all of one cohort''s recoveries first) is named in the note');
SELECT is((SELECT string_agg(DISTINCT definition, ',' ORDER BY definition) FROM cohort_comparison), 'groc,tests',
          'every row names its definition: groc and tests (the fixture records no usual_run_km: no return_to_run row)');
SELECT is((SELECT string_agg(DISTINCT definition, ',' ORDER BY definition) FROM clinic_benchmark), 'groc,tests',
          'clinic_benchmark: one row per clinic and definition (groc, tests)');

-- ---------------------------------------------------------------- suppression (min_cell_size 5)
RESET knee_rehab.min_cell_size;
SELECT bag_eq($$ SELECT clinic_id, definition, dimension, cohort, suppressed FROM cohort_comparison $$,
              $$ SELECT clinic_id, definition, dimension, cohort, suppressed FROM cohort_recovery WHERE NOT is_total $$,
              'cohort_comparison suppresses exactly the cohorts cohort_recovery suppresses, per definition');
-- d has 4 episodes (< 5): suppressed; then the column of clinic totals
-- (a 6, b 6, c 8, d 4, e 10; all 34 shown) would give d by subtraction,
-- so the smallest shown total (a, first of the 6s) is suppressed too.
SELECT results_eq($$ SELECT clinic_id, suppressed, episodes IS NULL AND observed IS NULL AND expected IS NULL
                            AND observed_expected IS NULL AND upper_95 IS NULL AND funnel_position IS NULL
                       FROM clinic_benchmark WHERE definition = 'tests' ORDER BY 1 $$,
                  $$ VALUES ('a', true, true), ('b', false, false), ('c', false, false), ('d', true, true), ('e', false, false) $$,
                  'clinic_benchmark: d (4 episodes) suppressed, a suppressed as its complement; suppressed rows have NULL figures');
SELECT bag_eq($$ SELECT clinic_id, definition, suppressed FROM clinic_benchmark $$,
              $$ SELECT clinic_id, definition, suppressed FROM cohort_recovery WHERE NOT all_clinics AND is_total AND dimension = 'sex' $$,
              'clinic_benchmark suppresses the clinics whose total cohort_recovery suppresses, per definition');
SELECT is_empty($$ SELECT 1 FROM cohort_comparison WHERE suppressed
                     AND (episodes IS NOT NULL OR recovered IS NOT NULL OR hazard_ratio IS NOT NULL OR ci_low IS NOT NULL
                          OR p_value IS NOT NULL OR is_reference) $$,
                'suppressed cohorts have NULL figures and are never the reference');
-- At 8, high (7) is suppressed across the clinics, moderate (9) as its
-- complement: the comparison is over the shown cohorts only, as
-- recovery_logrank over those cohorts' episodes.
SET LOCAL knee_rehab.min_cell_size = 8;
SELECT results_eq($$ SELECT cohort, suppressed, cohorts_compared, logrank_df FROM cohort_comparison
                      WHERE definition = 'tests' AND all_clinics AND dimension = 'risk_tier' ORDER BY cohort $$,
                  $$ VALUES ('high', true, 1, 0), ('low', false, 1, 0), ('moderate', true, 1, 0) $$,
                  'min_cell_size 8: high and moderate left out of the comparison (suppressed), low alone');
SELECT is_empty($$
  SELECT c.dimension FROM (SELECT DISTINCT dimension, cohorts_compared, logrank_chisq FROM cohort_comparison WHERE definition = 'tests' AND all_clinics) AS c
   CROSS JOIN LATERAL (
     SELECT l.cohorts, l.chisq FROM (
       SELECT recovery_compare_state(o.days_to_event, o.recovered, d.cohort) AS s
         FROM episode_outcome AS o
        CROSS JOIN LATERAL (VALUES ('risk_tier', o.risk_tier::text), ('sex', o.sex::text), ('foot_type', coalesce(o.foot::text, 'not recorded')),
                                   ('prior_injury', CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'not recorded' END),
                                   ('symptom_duration', coalesce(o.symptom_duration::text, 'not recorded'))) AS d (dimension, cohort)
        WHERE d.dimension = c.dimension
          AND d.cohort IN (SELECT r.cohort FROM cohort_recovery AS r
                            WHERE r.definition = 'tests' AND r.all_clinics AND r.dimension = c.dimension AND NOT r.is_total AND NOT r.suppressed)) AS x,
       recovery_logrank(x.s) AS l) AS l
   WHERE (c.cohorts_compared, c.logrank_chisq) IS DISTINCT FROM (l.cohorts, l.chisq) $$,
  'min_cell_size 8: every dimension''s log-rank test is over the cohorts cohort_recovery shows, and only those');
RESET knee_rehab.min_cell_size;

-- ---------------------------------------------------------------- clinic access
CREATE ROLE kr_test_bench_a;
CREATE ROLE kr_test_bench_b;
CREATE ROLE kr_test_bench_none;
SELECT grant_clinic_access('kr_test_bench_a', 'a', 'aggregates');
SELECT grant_clinic_access('kr_test_bench_b', 'b', 'rows');
CREATE FUNCTION pg_temp.seen(who text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('kr_test.' || who || '_bench',
    coalesce((SELECT string_agg(clinic_id || '=' || coalesce(episodes::text, 'NULL') || '/' || coalesce(round(expected::numeric, 9)::text, 'NULL')
                                || '/' || coalesce(funnel_position, 'NULL'), ',' ORDER BY clinic_id)
                FROM knee_rehab.clinic_benchmark WHERE definition = 'tests'), 'none'), true);
  PERFORM set_config('kr_test.' || who || '_cmp',
    coalesce((SELECT string_agg(DISTINCT coalesce(clinic_id, 'ALL') || ':' || dimension || ':' || cohort || ':' || coalesce(episodes::text, 'NULL'), ',')
                FROM knee_rehab.cohort_comparison WHERE definition = 'tests' AND dimension = 'sex'), 'none'), true);
  BEGIN
    PERFORM count(*) FROM knee_rehab.clinic_benchmark_state;
    PERFORM set_config('kr_test.' || who || '_state', 'read', true);
  EXCEPTION WHEN insufficient_privilege THEN
    PERFORM set_config('kr_test.' || who || '_state', 'denied', true);
  END;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.seen(text) TO kr_test_bench_a, kr_test_bench_b, kr_test_bench_none;
-- A mixed reader ('rows' on a, 'aggregates' on d and e): a's cells are
-- left out of the suppression lines (it counts them from its rows), so d's
-- 4 episodes are protected by e's total; both views must flag what
-- cohort_recovery flags for this reader.
CREATE ROLE kr_test_bench_mixed;
SELECT grant_clinic_access('kr_test_bench_mixed', 'a', 'rows');
SELECT grant_clinic_access('kr_test_bench_mixed', 'd', 'aggregates');
SELECT grant_clinic_access('kr_test_bench_mixed', 'e', 'aggregates');
CREATE FUNCTION pg_temp.flags(who text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('kr_test.' || who || '_cmpflags',
    (SELECT string_agg(coalesce(clinic_id, 'ALL') || ':' || definition || ':' || dimension || ':' || cohort || ':' || suppressed, ',' ORDER BY clinic_id, definition, dimension, cohort)
       FROM knee_rehab.cohort_comparison), true);
  PERFORM set_config('kr_test.' || who || '_recflags',
    (SELECT string_agg(coalesce(clinic_id, 'ALL') || ':' || definition || ':' || dimension || ':' || cohort || ':' || suppressed, ',' ORDER BY clinic_id, definition, dimension, cohort)
       FROM knee_rehab.cohort_recovery WHERE NOT is_total), true);
  PERFORM set_config('kr_test.' || who || '_benchflags',
    (SELECT string_agg(clinic_id || ':' || suppressed, ',' ORDER BY clinic_id) FROM knee_rehab.clinic_benchmark WHERE definition = 'tests'), true);
  PERFORM set_config('kr_test.' || who || '_totflags',
    (SELECT string_agg(clinic_id || ':' || suppressed, ',' ORDER BY clinic_id) FROM knee_rehab.cohort_recovery
      WHERE definition = 'tests' AND NOT all_clinics AND is_total AND dimension = 'sex'), true);
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.flags(text) TO kr_test_bench_mixed;
SET LOCAL ROLE kr_test_bench_mixed;
SELECT pg_temp.flags('mixed');
RESET ROLE;
SET LOCAL ROLE kr_test_bench_a;
SELECT pg_temp.seen('a');
RESET ROLE;
SET LOCAL ROLE kr_test_bench_b;
SELECT pg_temp.seen('b');
RESET ROLE;
SET LOCAL ROLE kr_test_bench_none;
SELECT pg_temp.seen('none');
RESET ROLE;
SELECT pg_temp.seen('super');

-- a's analyst sees clinic a alone (its total, 6, is shown: a's
-- complementary suppression exists only beside d), against the network's
-- rates from every clinic: E = 17/6 as above.
SELECT is(current_setting('kr_test.a_bench'), 'a=6/2.833333333/within',
          'an ''aggregates'' role of clinic a sees one row, a''s, against the whole network''s tier rates');
SELECT is(current_setting('kr_test.b_bench'), 'b=6/2.222222222/within',
          'a ''rows'' role of clinic b sees one row, b''s (E from every clinic)');
SELECT is(current_setting('kr_test.none_bench') || ' ' || current_setting('kr_test.none_cmp'), 'none none',
          'a role without clinic access sees no benchmark row and no comparison row');
SELECT is(current_setting('kr_test.super_bench'), 'a=NULL/NULL/NULL,b=6/2.222222222/within,c=8/2.888888889/within,d=NULL/NULL/NULL,e=10/3.888888889/below_95',
          'the superuser (registry view) sees every clinic, small ones suppressed');
-- a's comparison: clinic a and the rows across its clinics (a alone); a's
-- men and women (3 each) are suppressed.
SELECT is(current_setting('kr_test.a_cmp'), 'ALL:sex:female:NULL,ALL:sex:male:NULL,a:sex:female:NULL,a:sex:male:NULL',
          'clinic a''s analyst sees only clinic a (and across its clinics), small cohorts suppressed');
SELECT is(current_setting('kr_test.a_state') || ',' || current_setting('kr_test.b_state'), 'denied,denied',
          'clinic_benchmark_state (the building block behind clinic_benchmark_cells) is not readable by clinic roles');

SELECT is(current_setting('kr_test.mixed_cmpflags'), current_setting('kr_test.mixed_recflags'),
          'a mixed reader (rows on a, aggregates on d and e): cohort_comparison flags what cohort_recovery flags');
SELECT is(current_setting('kr_test.mixed_benchflags') || ' / ' || current_setting('kr_test.mixed_totflags'),
          'a:false,d:true,e:true / a:false,d:true,e:true',
          'the mixed reader''s clinic_benchmark: d (4) suppressed and e as its complement (a is known to it), as cohort_recovery''s totals');

SELECT * FROM finish();
ROLLBACK;
