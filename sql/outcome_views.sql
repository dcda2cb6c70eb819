-- Outcome views on a small clinic: episode_outcome (hand-checked),
-- cohort_recovery (R survfit references, suppression), cohort_recovery_curve.
-- min_cell_size is 5 (default), pain_free_nrs 0, knee_bend_target_deg 30.
SET search_path = knee_rehab, public;
SET TimeZone = 'UTC';

-- 12 patients, one episode each, first visit 2026-01-01 (day 0).
--   sex: female 1-7, male 8-10, not recorded 11-12
--   foot: flat for odd, neutral for even
--   prior injury: yes 7-10, none 1-6 and 11-12
--   symptom onset 2025-12-01 (31 days, up to 2 months) for 1-6,
--                 2025-09-01 (122 days, over 2 months) for 7-12
INSERT INTO patient (patient_id, clinic_id, sex, foot, injuries, height_cm, weight_kg)
SELECT i, 'c1',
       CASE WHEN i <= 7 THEN 'female' WHEN i <= 10 THEN 'male' END::sex,
       CASE WHEN i % 2 = 1 THEN 'flat' ELSE 'neutral' END::foot_type,
       CASE WHEN i BETWEEN 7 AND 10 THEN '{prior_pfps}' ELSE '{}' END::knee_injury[],
       170, 68
  FROM generate_series(1, 12) AS i;
INSERT INTO episode (episode_id, clinic_id, patient_id, symptom_onset, first_visit, discharged_on)
SELECT i, 'c1', i, CASE WHEN i <= 6 THEN date '2025-12-01' ELSE date '2025-09-01' END,
       date '2026-01-01', CASE WHEN i = 9 THEN date '2026-04-01' END
  FROM generate_series(1, 12) AS i;

-- Episodes 1-6 recover on day 10 * i: all three tests pain-free that day,
-- small knee bend to 30 degrees.
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT 'c1', i, timestamptz '2026-01-01 12:00+00' + (10 * i) * interval '1 day', t,
       CASE WHEN t = 'small_knee_bend' THEN 30 END, 0
  FROM generate_series(1, 6) AS i,
       unnest('{small_knee_bend,heel_on_squat,heel_off_squat}'::provocation_test[]) AS t;
-- Days that are not recoveries:
--   e1 day 5: all pain-free but the knee bend reaches only 20 degrees;
--   e2 day 15: heel-off squat not done;
--   e3 day 25: heel-on squat pain 1;
--   e11 day 30: all three painful (censoring by test at day 30).
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES
  ('c1', 1, '2026-01-06 12:00+00', 'small_knee_bend', 20, 0),
  ('c1', 1, '2026-01-06 12:00+00', 'heel_on_squat', NULL, 0),
  ('c1', 1, '2026-01-06 12:00+00', 'heel_off_squat', NULL, 0),
  ('c1', 2, '2026-01-16 12:00+00', 'small_knee_bend', 35, 0),
  ('c1', 2, '2026-01-16 12:00+00', 'heel_on_squat', NULL, 0),
  ('c1', 3, '2026-01-26 12:00+00', 'small_knee_bend', 30, 0),
  ('c1', 3, '2026-01-26 12:00+00', 'heel_on_squat', NULL, 1),
  ('c1', 3, '2026-01-26 12:00+00', 'heel_off_squat', NULL, 0),
  ('c1', 11, '2026-01-31 12:00+00', 'small_knee_bend', 25, 3),
  ('c1', 11, '2026-01-31 12:00+00', 'heel_on_squat', NULL, 2),
  ('c1', 11, '2026-01-31 12:00+00', 'heel_off_squat', NULL, 4);
-- Censorings: e7 run on day 50, e8 run on day 20, e9 discharged day 90,
-- e10 NRS on day 70, e11 tests on day 30, e12 nothing after day 0.
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES
  ('c1', 7, date '2026-01-01' + 50, 'run', 5), ('c1', 8, date '2026-01-01' + 20, 'run', 3);
-- PROMs: e1 AKPS 60 -> 75 (responder), NRS 6 -> 3; e2 AKPS 70 -> 75 (not),
-- NRS 5 -> 4; e3 AKPS 50 only; e10 NRS 4 on day 70 only.
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES
  ('c1', 1, '2026-01-01', 'akps', 60), ('c1', 1, '2026-01-11', 'akps', 75),
  ('c1', 1, '2026-01-01', 'nrs_pain', 6), ('c1', 1, '2026-01-11', 'nrs_pain', 3),
  ('c1', 2, '2026-01-01', 'akps', 70), ('c1', 2, '2026-01-21', 'akps', 75),
  ('c1', 2, '2026-01-01', 'nrs_pain', 5), ('c1', 2, '2026-01-21', 'nrs_pain', 4),
  ('c1', 3, '2026-01-01', 'akps', 50), ('c1', 1, '2026-01-11', 'koos_pf', 80),
  ('c1', 10, date '2026-01-01' + 70, 'nrs_pain', 4);

-- Expected by hand: e1..e6 recovered on days 10..60; e7 censored 50,
-- e8 20, e9 90, e10 70, e11 30, e12 0.  Symptom days 31 (1-6), 122 (7-12).
-- e1: NRS change 3 - 6 = -3 (responder: drop 3), AKPS +15 (responder);
-- e2: NRS -1 (20 %, not), AKPS +5 (not).
SELECT episode_id, sex, foot, prior_injury, symptom_days, symptom_duration,
       recovered_at, last_contact, recovered, days_to_event
  FROM episode_outcome ORDER BY episode_id;
SELECT episode_id, baseline_nrs, latest_nrs, nrs_change, nrs_responder,
       baseline_akps, latest_akps, akps_change, akps_responder, baseline_koos_pf, latest_koos_pf
  FROM episode_outcome WHERE episode_id IN (1, 2, 3, 10) ORDER BY episode_id;

-- cohort_recovery.  R references (survival 3.5.3):
--   d <- c(10,20,30,40,50,60,50,20,90,70,30,0); e <- c(1,1,1,1,1,1,0,0,0,0,0,0)
--   survfit(Surv(d[idx], e[idx]) ~ 1, conf.type = "log-log") with idx =
--   all 1:12     -> 12 episodes, 6 events, median 50, LCL 20, UCL NA,
--                   1 - S(42) = 0.40340909090909094, 1 - S(84) = 0.68181818181818188
--   female 1:7   -> 7, 6, median 40, LCL 10, UCL NA, 0.5714285714285714, 1
--   flat odd     -> 6, 3, median 50, LCL 10, UCL NA, 0.33333333333333326, 0.55555555555555558
--   up_to_2 1:6  -> 6, 6, median 35, LCL 10, UCL NA, 0.66666666666666674, 1
--   over_2 7:12  -> 6, 0, median NA; 0 by 6 and 12 weeks
-- Suppression (min_cell_size 5): sex male (3) and not recorded (2);
-- prior_injury yes (4) is the only small cell of its dimension, so the
-- smallest other cell, no (8), is suppressed too.
-- AKPS responders among female episodes with two AKPS: 1 of 2 = 50 %;
-- mean NRS change -(3 + 1) / 2 = -2.
SELECT dimension, cohort, suppressed, episodes, recovered, median_days, median_ci_low, median_ci_high,
       round(recovered_by_6wk::numeric, 10) AS by_6wk, round(recovered_by_12wk::numeric, 10) AS by_12wk,
       round(akps_responders_pct, 1) AS akps_resp_pct, mean_nrs_change
  FROM cohort_recovery ORDER BY dimension, cohort <> 'all', cohort;
SELECT abs(recovered_by_6wk - 0.40340909090909094) < 1e-9 AND abs(recovered_by_12wk - 0.68181818181818188) < 1e-9
       AS all_as_r
  FROM cohort_recovery WHERE dimension = 'sex' AND cohort = 'all';
-- The 'all' row of every dimension is the same.
SELECT count(DISTINCT (episodes, recovered, median_days, recovered_by_6wk)) AS one_all_row
  FROM cohort_recovery WHERE cohort = 'all';
-- The view agrees with recovery_km over episode_outcome.
SELECT (SELECT recovery_km(days_to_event, recovered) FROM episode_outcome WHERE foot = 'flat')
       = (SELECT row(episodes, recovered, median_days, median_ci_low, median_ci_high,
                     recovered_by_6wk, recovered_by_12wk)::recovery_km_result
            FROM cohort_recovery WHERE dimension = 'foot_type' AND cohort = 'flat') AS flat_matches_aggregate;

-- cohort_recovery_curve: female steps (7 at risk):
--   day 10..40 one event each: S = 6/7, 5/7, 4/7, 3/7; day 50: event and
--   censoring, S = 3/7 * 2/3 = 2/7; day 60: last event, S = 0, band NULL.
-- R: summary(survfit(Surv(c(10,20,30,40,50,60,50), c(1,1,1,1,1,1,0)) ~ 1,
--            conf.type = "log-log"), censored = TRUE)
--   time n.risk surv                lower                 upper
--   10   7      0.85714285714285710 0.334053879292222189  0.97856105852617548
--   20   6      0.71428571428571430 0.258153665458795034  0.91979745604485830
--   30   5      0.57142857142857151 0.171866015528775090  0.83708278034918071
--   40   4      0.42857142857142860 0.097752202116928866  0.73437341705144710
--   50   3      0.28571428571428570 0.041131703414757866  0.61150683264958894
--   60   1      0                   NA                    NA
SELECT day, at_risk, events, censored, round(survival::numeric, 10) AS survival,
       round(ci_low::numeric, 10) AS ci_low, round(ci_high::numeric, 10) AS ci_high
  FROM cohort_recovery_curve WHERE dimension = 'sex' AND cohort = 'female' ORDER BY day;
-- Suppressed cohorts have no steps.
SELECT dimension, cohort, count(*) FROM cohort_recovery_curve
 GROUP BY dimension, cohort ORDER BY dimension, cohort;

-- Raising min_cell_size is superuser-only; at 13 every cell is suppressed.
SET knee_rehab.min_cell_size = 13;
SELECT count(*) AS cells, count(*) FILTER (WHERE suppressed) AS suppressed_cells,
       count(episodes) AS shown_counts FROM cohort_recovery;
SELECT count(*) AS curve_rows FROM cohort_recovery_curve;
RESET knee_rehab.min_cell_size;
-- A pain-free threshold of 1 makes e3's day 25 a recovery (heel-on pain 1).
SET knee_rehab.pain_free_nrs = 1;
SELECT recovered_at, days_to_event FROM episode_outcome WHERE episode_id = 3;
RESET knee_rehab.pain_free_nrs;
RESET search_path;
