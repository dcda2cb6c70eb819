-- Reporting tools (design notes section 8, issue 19): every view column
-- commented and flat (from the catalog, over every view of the schema, not
-- a list), episode_risk_factor in long format, ewma_acute_chronic,
-- triage_reasons, the rank columns.  Two clinics with the same ids.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(17);

-- ---------------------------------------------------------------- catalog

SELECT cmp_ok((SELECT count(*)::int FROM pg_class c
                WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'v'), '>=', 8,
              'the catalog checks below see the views (at least 8)');
SELECT is_empty($$
  SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind IN ('v', 'm')
     AND a.attnum > 0 AND NOT a.attisdropped
     AND coalesce(btrim(col_description(a.attrelid, a.attnum)), '') = '' $$,
  'every column of every view in schema knee_rehab has a comment');
-- Flat: no enum, composite, array, json/jsonb, numeric or domain column in a
-- view (cohort_recovery_state, the internal building block that carries the
-- Kaplan-Meier and comparison states, not granted to PUBLIC, excepted).
SELECT is_empty($$
  SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind IN ('v', 'm')
     AND a.attnum > 0 AND NOT a.attisdropped
     AND c.relname <> 'cohort_recovery_state'
     AND (t.typtype IN ('c', 'e', 'd', 'r', 'm', 'p') OR t.typcategory = 'A'
          OR t.oid NOT IN ('text'::regtype, 'boolean'::regtype, 'smallint'::regtype, 'integer'::regtype,
                           'bigint'::regtype, 'double precision'::regtype, 'date'::regtype,
                           'timestamp with time zone'::regtype)) $$,
  'every view column is text, boolean, smallint/integer/bigint, float8, date or timestamptz (design section 8)');
SELECT is_empty($$
  SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relnamespace = 'knee_rehab'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
     AND c.relname <> 'cohort_recovery_state'
     AND a.attname ~ '_pct$' AND a.atttypid <> 'double precision'::regtype $$,
  'a _pct column (percent) is float8');

-- ---------------------------------------------------------------- fixture
-- Clinics a and b both have patient 1 / episode 1 (and 2 / 2) with
-- different factors.
INSERT INTO patient (patient_id, clinic_id, sex, weight_kg, height_cm, injuries, foot) VALUES
  (1, 'a', 'female', 60, 170, '{acl_tear,prior_pfps}', 'flat'),
  (2, 'a', NULL, NULL, NULL, NULL, NULL),
  (1, 'b', 'male', 80, 180, '{}', 'neutral'),
  (2, 'b', 'female', NULL, NULL, '{meniscus_tear}', 'overpronation');
INSERT INTO episode (episode_id, clinic_id, patient_id, side, first_visit, quad_deficit_pct,
                     weekly_distance_increase_pct, strength_sessions_per_week) VALUES
  (1, 'a', 1, 'left', '2026-01-01', 12, 40, 0.5),
  (2, 'a', 2, NULL, '2026-01-01', NULL, NULL, NULL),
  (1, 'b', 1, 'right', '2026-01-01', 5, 10, 2),
  (2, 'b', 2, 'both', '2026-01-01', NULL, 35, NULL);

-- ---------------------------------------------------------------- episode_risk_factor

SELECT results_eq($$ SELECT clinic_id, episode_id, count(*) FROM episode_risk_factor GROUP BY 1, 2 ORDER BY 1, 2 $$,
  $$ VALUES ('a', 1::bigint, 7::bigint), ('a', 2, 7), ('b', 1, 7), ('b', 2, 7) $$,
  'episode_risk_factor: seven factors per episode, clinics with the same ids kept apart');
-- The product of the factor relative risks is the episode's relative risk;
-- the recorded share its completeness (independent of pfps_risk's jsonb).
-- By hand: a/1 female 2.23 x injury 1.7 x flat 1.2 x quad >= 10 % 1.75 x
-- distance +40 % 1.59 = 12.6610... ; b/2 female 2.23 x injury 1.7 x
-- overpronation 1.2 x distance +35 % 1.59 = 7.2334...
SELECT is_empty($$
  SELECT f.clinic_id, f.episode_id FROM episode_risk_factor f
    JOIN episode_outcome o USING (clinic_id, episode_id)
   GROUP BY f.clinic_id, f.episode_id, o.relative_risk, o.risk_completeness
  HAVING abs(exp(sum(ln(f.relative_risk))) - o.relative_risk) > 1e-12 * o.relative_risk
      OR count(*) FILTER (WHERE f.recorded)::float8 / 7 IS DISTINCT FROM o.risk_completeness $$,
  'product of episode_risk_factor.relative_risk = episode_outcome.relative_risk, recorded share = risk_completeness');
SELECT is((SELECT round(relative_risk::numeric, 10) FROM episode_outcome WHERE clinic_id = 'a' AND episode_id = 1),
          round((2.23 * 1.7 * 1.2 * 1.75 * 1.59)::numeric, 10), 'a/1 relative risk by hand: 2.23 x 1.7 x 1.2 x 1.75 x 1.59');
SELECT is((SELECT round(relative_risk::numeric, 10) FROM episode_outcome WHERE clinic_id = 'b' AND episode_id = 2),
          round((2.23 * 1.7 * 1.2 * 1.59)::numeric, 10), 'b/2 (same ids as a/2) relative risk by hand: 2.23 x 1.7 x 1.2 x 1.59');
SELECT results_eq($$ SELECT factor, CASE factor WHEN 'bmi' THEN round(value::numeric, 9)::text ELSE value END,
                            recorded, counted FROM episode_risk_factor
                     WHERE clinic_id = 'a' AND episode_id = 1 ORDER BY factor $$,
  $$ VALUES ('bmi', '20.761245675', true, false), ('foot_type', 'flat', true, true),
            ('knee_injury_history', 'acl_tear,prior_pfps', true, true), ('quad_deficit', '12', true, true),
            ('sex', 'female', true, true), ('strength_training', '0.5', true, true),
            ('weekly_distance_increase', '40', true, true) $$,
  'a/1 factors as text (60 kg / 1.70 m^2 = 20.7612..., injuries comma-separated; < 1 strength session counts at 1.0)');
SELECT results_eq($$ SELECT count(*), count(value), count(*) FILTER (WHERE recorded), max(relative_risk)
                       FROM episode_risk_factor WHERE clinic_id = 'a' AND episode_id = 2 $$,
  $$ VALUES (7::bigint, 0::bigint, 0::bigint, 1::float8) $$,
  'a/2 nothing recorded: seven rows, value NULL, recorded false, relative risk 1');
SELECT is((SELECT value FROM episode_risk_factor WHERE clinic_id = 'b' AND episode_id = 1 AND factor = 'knee_injury_history'),
          '', 'an empty injury history (recorded, none) is the empty string, not NULL');

-- ---------------------------------------------------------------- ranks

SELECT is_empty($$
  SELECT 1 FROM episode_outcome
   WHERE risk_tier_rank IS DISTINCT FROM array_position(enum_range(NULL::risk_tier), risk_tier::risk_tier) $$,
  'risk_tier_rank is the tier''s position: low 1, moderate 2, high 3');
SELECT results_eq($$ SELECT clinic_id, risk_tier, risk_tier_rank, sex, side FROM episode_outcome ORDER BY clinic_id, episode_id $$,
  $$ VALUES ('a', 'high', 3, 'female', 'left'), ('a', 'low', 1, NULL, NULL),
            ('b', 'low', 1, 'male', 'right'), ('b', 'high', 3, 'female', 'both') $$,
  'episode_outcome: tiers, sex and side as text');

-- pain_response_rank: pain during 1 safe, 4 acceptable, 7 excessive
-- (Thomee 1997 bands 2 and 5, the defaults).
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during) VALUES
  ('a', 1, '2026-01-02', 'run', 3, 1), ('a', 1, '2026-01-03', 'run', 3, 4), ('a', 1, '2026-01-04', 'run', 3, 7),
  ('b', 1, '2026-01-02', 'run', 3, 7);
SELECT results_eq($$ SELECT clinic_id, day, pain_response, pain_response_rank FROM load_monitoring
                     WHERE episode_id = 1 ORDER BY clinic_id, day $$,
  $$ VALUES ('a', date '2026-01-02', 'safe', 1), ('a', '2026-01-03', 'acceptable', 2), ('a', '2026-01-04', 'excessive', 3),
            ('b', '2026-01-02', 'excessive', 3) $$,
  'load_monitoring.pain_response_rank: safe 1 < acceptable 2 < excessive 3, per clinic');

-- ---------------------------------------------------------------- ewma_acute_chronic
-- Loads 0 then 1 on the next day: acute = 0.25 x 1 = 0.25 (lambda 2/8),
-- chronic = 2/29 x 1 = 0.0689655172... (Williams 2017; as ewma_loads).
SELECT results_eq($$ SELECT round(acute::numeric, 12), round(chronic::numeric, 12)
                       FROM (SELECT (ewma_acute_chronic(d, l ORDER BY d)).*
                               FROM (VALUES (date '2026-01-01', 0::float8), ('2026-01-02', 1)) v (d, l)) s $$,
  $$ VALUES (0.25::numeric, round(2 / 29.0, 12)) $$,
  'ewma_acute_chronic: (acute, chronic) by hand, 0.25 and 2/29');
SELECT is((SELECT ewma_acute_chronic(d, l) IS NULL FROM (SELECT date '2026-01-01', 1::float8 WHERE false) v (d, l)),
          true, 'ewma_acute_chronic of no rows is NULL');

-- ---------------------------------------------------------------- triage_reasons

SELECT is((SELECT array_agg(r.reason ORDER BY r.reason_no) = t.reasons AND max(r.reason_no) = cardinality(t.reasons)
             FROM (SELECT triage('peripatellar', squat_pain => true, giving_way => true, days_since_injury => 3,
                                 age_years => 60) AS res) s,
                  LATERAL (SELECT (s.res).reasons) AS t (reasons),
                  LATERAL triage_reasons(s.res) AS r
            GROUP BY t.reasons), true,
          'triage_reasons: one row per reason, numbered 1.. in triage''s order');

SELECT * FROM finish();
ROLLBACK;
