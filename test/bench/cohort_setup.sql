-- make bench, cohort part (psql variable :episodes): a synthetic clinic of
-- :episodes episodes with 50 load sessions each in knee_rehab's own tables,
-- and cohort_recovery's figures (per clinic and across the clinics) written in
-- plain SQL for the comparison;
-- prints whether both sides agree.
-- SPDX-License-Identifier: GPL-3.0-or-later
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET search_path = knee_rehab, public;
SELECT setseed(0.6);

\echo generating :episodes episodes, 50 sessions each ...
INSERT INTO patient (patient_id, clinic_id, sex, foot, injuries, height_cm, weight_kg)
SELECT i, 'c' || (i % 20),
       (ARRAY['female', 'male', 'other', NULL])[1 + (i % 4)]::sex,
       (enum_range(NULL::foot_type))[1 + (i % 5)],
       CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN '{prior_pfps}' ELSE '{}' END::knee_injury[],
       150 + i % 45, 50 + i % 40
  FROM generate_series(1, :episodes) AS i;
INSERT INTO episode (episode_id, clinic_id, patient_id, symptom_onset, first_visit)
SELECT i, 'c' || (i % 20), i, date '2025-01-01' + (i % 200) - (10 + (i * 37) % 200),
       date '2025-01-01' + (i % 200)
  FROM generate_series(1, :episodes) AS i;
-- Two test days per episode; the second is a recovery for about 60 %.
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT e.clinic_id, e.episode_id,
       (e.first_visit + (d.k * (10 + e.episode_id % 50))::int)::timestamptz + interval '12 hours',
       t, CASE WHEN t = 'small_knee_bend' THEN 30 END,
       CASE WHEN d.k = 2 AND e.episode_id % 5 < 3 THEN 0 ELSE 2 END
  FROM episode e, (VALUES (1), (2)) AS d (k), unnest(enum_range(NULL::provocation_test)) AS t;
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during)
SELECT e.clinic_id, e.episode_id, e.first_visit + s * 2, 'run', 2 + s % 8, s % 4
  FROM episode e, generate_series(1, 50) AS s;
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
SELECT e.clinic_id, e.episode_id, e.first_visit + m.k * 30, m.instr::outcome_instrument,
       CASE m.instr WHEN 'akps' THEN 50 + (e.episode_id * m.k) % 40 ELSE (e.episode_id + m.k) % 8 END
  FROM episode e, (VALUES (0, 'akps'), (2, 'akps'), (0, 'nrs_pain'), (2, 'nrs_pain')) AS m (k, instr);
VACUUM ANALYZE patient, episode, knee_test, load_session, outcome_measure;

-- B: the same figures in plain SQL.
-- The same figures in plain SQL: window functions for the Kaplan-Meier
-- product, the Greenwood sum and the log-log band.  It takes the first time
-- below 0.5 for the median (no midpoint rule).
CREATE VIEW public.bench_plain_cohort_recovery AS
WITH eo AS (
  SELECT o.clinic_id, o.risk_tier::text AS risk_tier, o.sex::text AS sex, o.foot::text AS foot,
         CASE o.prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury,
         o.symptom_duration, o.recovered, o.days_to_event AS t, o.akps_responder, o.nrs_change
    FROM episode_outcome o
),
long1 AS (
  SELECT 'risk_tier' AS dimension, coalesce(risk_tier, 'not recorded') AS cohort, * FROM eo
  UNION ALL SELECT 'sex', coalesce(sex, 'not recorded'), * FROM eo
  UNION ALL SELECT 'foot_type', coalesce(foot, 'not recorded'), * FROM eo
  UNION ALL SELECT 'prior_injury', coalesce(prior_injury, 'not recorded'), * FROM eo
  UNION ALL SELECT 'symptom_duration', coalesce(symptom_duration, 'not recorded'), * FROM eo
  UNION ALL SELECT d, 'all', eo.* FROM eo, unnest('{risk_tier,sex,foot_type,prior_injury,symptom_duration}'::text[]) d
),
long AS (
  -- every cell per clinic and across the clinics (grp '*'), as cohort_recovery
  SELECT g.grp, l.* FROM long1 AS l CROSS JOIN LATERAL (VALUES (l.clinic_id), ('*')) AS g (grp)
),
cells AS (
  SELECT grp, dimension, cohort, count(*) AS episodes, count(*) FILTER (WHERE recovered) AS recovered,
         count(*) FILTER (WHERE akps_responder)::float8 / nullif(count(akps_responder), 0) AS akps_responder_share,
         avg(nrs_change) AS mean_nrs_change, max(t) AS last_t
    FROM long GROUP BY grp, dimension, cohort
),
times AS (
  SELECT grp, dimension, cohort, t, count(*) FILTER (WHERE recovered) AS d, count(*) AS m
    FROM long GROUP BY grp, dimension, cohort, t
),
risk AS (
  SELECT *, sum(m) OVER (PARTITION BY grp, dimension, cohort ORDER BY t DESC) AS n FROM times
),
km AS (
  SELECT grp, dimension, cohort, t,
         CASE WHEN bool_or(d = n) OVER w THEN 0
              ELSE exp(sum(CASE WHEN d > 0 AND d < n THEN ln((n - d)::float8 / n) ELSE 0 END) OVER w) END AS s,
         sum(CASE WHEN d > 0 AND d < n THEN d::float8 / (n * (n - d)) ELSE 0 END) OVER w AS gw
    FROM risk
  WINDOW w AS (PARTITION BY grp, dimension, cohort ORDER BY t)
),
band AS (
  SELECT *,
         CASE WHEN s > 0 AND s < 1 THEN exp(-exp(ln(-ln(s)) - 1.959963984540054 * sqrt(gw) / ln(s))) END AS lo,
         CASE WHEN s > 0 AND s < 1 THEN exp(-exp(ln(-ln(s)) + 1.959963984540054 * sqrt(gw) / ln(s))) END AS hi
    FROM km
),
summary AS (
  SELECT grp, dimension, cohort,
         min(t) FILTER (WHERE s < 0.5 + 1.49e-8) AS median_days,
         min(t) FILTER (WHERE lo < 0.5 + 1.49e-8) AS median_ci_low,
         min(t) FILTER (WHERE hi < 0.5 + 1.49e-8) AS median_ci_high,
         1 - coalesce((array_agg(s ORDER BY t DESC) FILTER (WHERE t <= 42))[1], 1) AS by_6wk,
         1 - coalesce((array_agg(s ORDER BY t DESC) FILTER (WHERE t <= 84))[1], 1) AS by_12wk,
         min(s) AS s_min
    FROM band GROUP BY grp, dimension, cohort
)
SELECT c.grp, c.dimension, c.cohort, c.episodes < min_cell_size() AS suppressed,
       CASE WHEN c.episodes >= min_cell_size() THEN c.episodes END AS episodes,
       CASE WHEN c.episodes >= min_cell_size() THEN c.recovered END AS recovered,
       CASE WHEN c.episodes >= min_cell_size() THEN s.median_days END AS median_days,
       CASE WHEN c.episodes >= min_cell_size() THEN s.median_ci_low END AS median_ci_low,
       CASE WHEN c.episodes >= min_cell_size() THEN s.median_ci_high END AS median_ci_high,
       CASE WHEN c.episodes >= min_cell_size() AND (c.last_t >= 42 OR s.s_min = 0) THEN s.by_6wk END AS recovered_by_6wk,
       CASE WHEN c.episodes >= min_cell_size() AND (c.last_t >= 84 OR s.s_min = 0) THEN s.by_12wk END AS recovered_by_12wk,
       CASE WHEN c.episodes >= min_cell_size() THEN c.akps_responder_share END AS akps_responder_share,
       CASE WHEN c.episodes >= min_cell_size() THEN c.mean_nrs_change END AS mean_nrs_change
  FROM cells c JOIN summary s USING (grp, dimension, cohort);

\echo same figures on both sides (limits and counts equal; shares to 1e-9; medians differ only where S sits on 0.5: R midpoint rule):
SELECT count(*) AS cells,
       count(*) FILTER (WHERE a.median_days IS NOT DISTINCT FROM b.median_days) AS same_median,
       count(*) FILTER (WHERE (a.episodes, a.recovered, a.median_ci_low, a.median_ci_high)
                              IS NOT DISTINCT FROM (b.episodes, b.recovered, b.median_ci_low, b.median_ci_high)
                          AND coalesce(abs(a.recovered_by_6wk - b.recovered_by_6wk) < 1e-9, a.recovered_by_6wk IS NULL AND b.recovered_by_6wk IS NULL)
                          AND coalesce(abs(a.recovered_by_12wk - b.recovered_by_12wk) < 1e-9, a.recovered_by_12wk IS NULL AND b.recovered_by_12wk IS NULL)) AS equal
  FROM cohort_recovery a JOIN bench_plain_cohort_recovery b
    ON b.grp = coalesce(a.clinic_id, '*') AND b.dimension = a.dimension AND b.cohort = a.cohort AND a.definition = 'tests';

\echo cells whose median differs (expected only where S = 0.5 exactly on a step):
SELECT a.dimension, a.cohort, a.episodes, b.episodes AS b_episodes, a.recovered, b.recovered AS b_recovered,
       a.median_days, b.median_days AS b_median, a.median_ci_low, b.median_ci_low AS b_low,
       a.median_ci_high, b.median_ci_high AS b_high, a.recovered_by_6wk, b.recovered_by_6wk AS b_6wk
  FROM cohort_recovery a JOIN bench_plain_cohort_recovery b
    ON b.grp = coalesce(a.clinic_id, '*') AND b.dimension = a.dimension AND b.cohort = a.cohort AND a.definition = 'tests'
 WHERE (a.episodes, a.recovered, a.median_days, a.median_ci_low, a.median_ci_high)
       IS DISTINCT FROM (b.episodes, b.recovered, b.median_days, b.median_ci_low, b.median_ci_high)
 LIMIT 5;
