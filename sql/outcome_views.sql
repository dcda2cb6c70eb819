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
--   intake factors of the episode: quadriceps deficit 15 % for 1, 3, 5, 9;
--   weekly distance +40 % for 11, 12.
INSERT INTO episode (episode_id, clinic_id, patient_id, symptom_onset, first_visit, discharged_on,
                     quad_deficit_pct, weekly_distance_increase_pct)
SELECT i, 'c1', i, CASE WHEN i <= 6 THEN date '2025-12-01' ELSE date '2025-09-01' END,
       date '2026-01-01', CASE WHEN i = 9 THEN date '2026-04-01' END,
       CASE WHEN i IN (1, 3, 5, 9) THEN 15 END, CASE WHEN i IN (11, 12) THEN 40 END
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
-- Small knee bend alone (not a recovery day) for e11 on days 2 and 16:
-- angles 10, 18, 25 and pain 5, 4, 3 at 0, 2, 4 weeks with day 30.
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs) VALUES
  ('c1', 11, '2026-01-03 12:00+00', 'small_knee_bend', 10, 5),
  ('c1', 11, '2026-01-17 12:00+00', 'small_knee_bend', 18, 4);
-- e1 runs on days 1-4 (before its recovery): 2, 4, 6, 8 km with pain
-- 0, 1, 1, 3; and 10 km of other training with pain 6 (not a run).
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during) VALUES
  ('c1', 1, '2026-01-02', 'run', 2, 0), ('c1', 1, '2026-01-03', 'run', 4, 1),
  ('c1', 1, '2026-01-04', 'run', 6, 1), ('c1', 1, '2026-01-05', 'run', 8, 3),
  ('c1', 1, '2026-01-03', 'other', 10, 6);
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

-- Risk at intake (pfps_risk, default relative risks): female 2.23, prior
-- injury 1.7, flat foot 1.2, quadriceps deficit >= 10 % 1.75, weekly
-- distance +30 % 1.59; tiers low < 1.5 <= moderate < 3 <= high.
--   e1, e3, e5: 2.23 * 1.2 * 1.75 = 4.683 high;  e2, e4, e6: 2.23 moderate;
--   e7: 2.23 * 1.2 * 1.7 = 4.5492 high;  e8, e10: 1.7 moderate;
--   e9: 1.7 * 1.2 * 1.75 = 3.57 high;  e11: 1.2 * 1.59 = 1.908 moderate;
--   e12: 1.59 moderate.
SELECT episode_id, risk_tier, risk_tier_rank, round(relative_risk::numeric, 6) AS relative_risk
  FROM episode_outcome ORDER BY episode_id;
-- The same as pfps_risk on the patient and episode rows (tier as text,
-- its rank the enum's position: low 1, moderate 2, high 3).
SELECT count(*) AS episodes,
       count(*) FILTER (WHERE (o.risk_tier, o.risk_tier_rank, o.relative_risk, o.risk_completeness)
                              IS NOT DISTINCT FROM (r.tier::text, array_position(enum_range(NULL::risk_tier), r.tier),
                                                    r.relative_risk, r.completeness))
         AS same_as_pfps_risk
  FROM episode_outcome AS o
  JOIN episode AS e USING (episode_id)
  JOIN patient AS p ON p.patient_id = e.patient_id
 CROSS JOIN LATERAL pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot, e.quad_deficit_pct,
                              e.weekly_distance_increase_pct, e.strength_sessions_per_week) AS r;

-- Knee bend progress (small knee bend tests only), by hand:
--   e1: 20 deg day 5, 30 deg day 10 (pain 0): slope 10 deg / (5/7 week) =
--       14 deg/week; best pain-free 30; ready (30 deg pain-free) on day 10;
--       2 tests: insufficient_data.
--   e2: 35 day 15, 30 day 20: -7 deg/week; best 35; ready day 15.
--   e11: 10, 18, 25 deg at 0, 2, 4 weeks: slope 30 / 8 = 3.75 deg/week,
--       residual SS 1/6, t(0.975, 1) = 12.7062: 95 % CI (1.916017, 5.583983)
--       (R: confint(lm(y ~ x, data.frame(x = c(0,2,4), y = c(10,18,25))))) above 0 and pain
--       falling 0.5 NRS/week: improving; never pain-free.
--   others: no knee-bend data apart from the recovery day (1 test).
SELECT episode_id, knee_bend_tests, knee_bend_trend, best_pain_free_angle_deg,
       round(angle_slope_per_week::numeric, 10) AS angle_slope_per_week, first_ready_at
  FROM episode_outcome WHERE episode_id IN (1, 2, 3, 7, 11) ORDER BY episode_id;
-- The angle slope is regr_slope of angle on time in weeks over the same rows.
SELECT o.episode_id,
       abs(o.angle_slope_per_week - r.slope) < 1e-9 AS slope_as_regr_slope
  FROM episode_outcome AS o
  JOIN (SELECT episode_id, regr_slope(angle_deg, extract(epoch FROM tested_at) / (7 * 86400)) AS slope
          FROM knee_test WHERE test = 'small_knee_bend' GROUP BY episode_id) AS r USING (episode_id)
 WHERE r.slope IS NOT NULL ORDER BY o.episode_id;

-- Load-pain trend over e1's runs (the 'other' session is not a run):
-- x = 2, 4, 6, 8 km, y = 0, 1, 1, 3: Sxx = 20, Sxy = 9, slope 0.45 NRS/km,
-- intercept 1.25 - 0.45 * 5 = -1; residuals 0.1, 0.2, -0.7, 0.4, SSE 0.7,
-- SE sqrt(0.35 / 20) = 0.1322876, t(0.975, 2) = 4.3026527: CI 0.45 -/+
-- 0.5691875 = (-0.1191875, 1.0191875); pain-free capacity (0 + 1) / 0.45
-- = 2.222222 km.  R: confint(lm(y ~ x, data.frame(x = c(2,4,6,8), y = c(0,1,1,3))))
--   x  -0.119187455  1.019187455
SELECT episode_id, runs_with_pain, round(load_pain_slope::numeric, 10) AS slope,
       round(load_pain_slope_ci_low::numeric, 6) AS ci_low, round(load_pain_slope_ci_high::numeric, 6) AS ci_high,
       round(pain_free_capacity_km::numeric, 6) AS pain_free_capacity_km
  FROM episode_outcome WHERE episode_id IN (1, 7, 12) ORDER BY episode_id;
SELECT abs(o.load_pain_slope - (SELECT regr_slope(pain_during, distance_km) FROM load_session
                                 WHERE episode_id = 1 AND kind = 'run')) < 1e-12 AS slope_as_regr_slope
  FROM episode_outcome AS o WHERE episode_id = 1;

-- cohort_recovery.  R references (survival 3.5.3):
--   d <- c(10,20,30,40,50,60,50,20,90,70,30,0); e <- c(1,1,1,1,1,1,0,0,0,0,0,0)
--   survfit(Surv(d[idx], e[idx]) ~ 1, conf.type = "log-log") with idx =
--   all 1:12     -> 12 episodes, 6 events, median 50, LCL 20, UCL NA,
--                   1 - S(42) = 0.40340909090909094, 1 - S(84) = 0.68181818181818188
--   female 1:7   -> 7, 6, median 40, LCL 10, UCL NA, 0.5714285714285714, 1
--   flat odd     -> 6, 3, median 50, LCL 10, UCL NA, 0.33333333333333326, 0.55555555555555558
--   up_to_2 1:6  -> 6, 6, median 35, LCL 10, UCL NA, 0.66666666666666674, 1
--   over_2 7:12  -> 6, 0, median NA; 0 by 6 and 12 weeks
--   high 1,3,5,7,9  -> survfit(Surv(c(10,30,50,50,90), c(1,1,1,0,0)) ~ 1, conf.type = "log-log")
--                   -> 5 episodes, 3 events, median 50, LCL 10, UCL NA,
--                      1 - S(42) = 0.39999999999999991, 1 - S(84) = 0.59999999999999998
--   moderate 2,4,6,8,10,11,12
--                   -> survfit(Surv(c(20,40,60,20,70,30,0), c(1,1,1,0,0,0,0)) ~ 1, conf.type = "log-log")
--                   -> 7 episodes, 3 events, median 60, LCL 20, UCL NA,
--                      1 - S(42) = 0.44444444444444442; 1 - S(84): NULL (last follow-up day 70,
--                      S > 0: summary(fit, times = 84) gives no row; with extend = TRUE 0.7222)
--   low: no episodes, no row.
-- Suppression (min_cell_size 5): sex male (3) and not recorded (2);
-- prior_injury yes (4) is the only small cell of its dimension, so the
-- smallest other cell, no (8), is suppressed too.
-- AKPS responders among female episodes with two AKPS: 1 of 2 = 0.5;
-- mean NRS change -(3 + 1) / 2 = -2.  risk_tier high: e1 responder (1),
-- NRS change -3; moderate: e2 not (0), NRS change -1.
SELECT dimension, cohort, suppressed, episodes, recovered, median_days, median_ci_low, median_ci_high,
       round(recovered_by_6wk::numeric, 10) AS by_6wk, round(recovered_by_12wk::numeric, 10) AS by_12wk,
       round(akps_responder_share::numeric, 3) AS akps_resp_share, mean_nrs_change
  FROM cohort_recovery WHERE all_clinics AND definition = 'tests' ORDER BY dimension, cohort <> 'all', cohort;
SELECT abs(recovered_by_6wk - 0.40340909090909094) < 1e-9 AND abs(recovered_by_12wk - 0.68181818181818188) < 1e-9
       AS all_as_r
  FROM cohort_recovery WHERE all_clinics AND definition = 'tests' AND dimension = 'sex' AND cohort = 'all';
-- Complementary suppression with two small cells: at min_cell_size 6, sex
-- male (3) and not recorded (2) hold 5 < 6 episodes together, and 'all' (12)
-- minus female (7) would give that 5, so female is suppressed too; 'all'
-- alone stays shown.  At the default 5 they hold 5, not fewer: female shown.
SET knee_rehab.min_cell_size = 6;
SELECT cohort, suppressed, episodes FROM cohort_recovery WHERE all_clinics AND definition = 'tests' AND dimension = 'sex' ORDER BY cohort <> 'all', cohort;
RESET knee_rehab.min_cell_size;
-- The 'all' row of every dimension is the same.
SELECT count(DISTINCT (episodes, recovered, median_days, recovered_by_6wk)) AS one_all_row
  FROM cohort_recovery WHERE all_clinics AND definition = 'tests' AND cohort = 'all';
-- The view agrees with recovery_km over episode_outcome.
SELECT (SELECT recovery_km(days_to_event, recovered) FROM episode_outcome WHERE foot = 'flat')
       = (SELECT row(episodes, recovered, median_days, median_ci_low, median_ci_high,
                     recovered_by_6wk, recovered_by_12wk)::recovery_km_result
            FROM cohort_recovery WHERE all_clinics AND definition = 'tests' AND dimension = 'foot_type' AND cohort = 'flat') AS flat_matches_aggregate;
-- Each risk tier equals recovery_km run directly over episode_outcome.
SELECT t.risk_tier, t.km = (SELECT row(episodes, recovered, median_days, median_ci_low, median_ci_high,
                                      recovered_by_6wk, recovered_by_12wk)::recovery_km_result
                              FROM cohort_recovery WHERE all_clinics AND definition = 'tests' AND dimension = 'risk_tier' AND cohort = t.risk_tier::text)
       AS tier_matches_aggregate
  FROM (SELECT risk_tier, risk_tier_rank, recovery_km(days_to_event, recovered) AS km
          FROM episode_outcome GROUP BY risk_tier, risk_tier_rank) AS t ORDER BY t.risk_tier_rank;
SELECT abs(recovered_by_6wk - CASE cohort WHEN 'high' THEN 0.39999999999999991 ELSE 0.44444444444444442 END) < 1e-9
       AND CASE cohort WHEN 'high' THEN abs(recovered_by_12wk - 0.59999999999999998) < 1e-9
                       ELSE recovered_by_12wk IS NULL END
       AS tiers_as_r
  FROM cohort_recovery WHERE all_clinics AND definition = 'tests' AND dimension = 'risk_tier' AND cohort IN ('high', 'moderate') ORDER BY cohort;

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
  FROM cohort_recovery_curve WHERE all_clinics AND definition = 'tests' AND dimension = 'sex' AND cohort = 'female' ORDER BY day;
-- risk_tier high (e1, e3, e5 recover on days 10, 30, 50; e7 censored 50,
-- e9 censored 90).  R: summary(survfit(Surv(c(10,30,50,50,90), c(1,1,1,0,0)) ~ 1,
--                                      conf.type = "log-log"), censored = TRUE)
--   time n.risk surv                lower                 upper
--   10   5      0.80000000000000004 0.203809263267639262  0.96917978886674261
--   30   4      0.60000000000000009 0.125730182994431366  0.88175640739353234
--   50   3      0.40000000000000002 0.051975750377467558  0.75281579135875520
--   90   1      0.40000000000000002 0.051975750377467558  0.75281579135875520
SELECT c.day, c.at_risk, c.events, c.censored,
       abs(c.survival - r.surv) < 1e-9 AND abs(c.ci_low - r.lo) < 1e-9 AND abs(c.ci_high - r.hi) < 1e-9 AS as_r
  FROM cohort_recovery_curve AS c
  JOIN (VALUES (10, 0.80000000000000004, 0.203809263267639262, 0.96917978886674261),
               (30, 0.60000000000000009, 0.125730182994431366, 0.88175640739353234),
               (50, 0.40000000000000002, 0.051975750377467558, 0.75281579135875520),
               (90, 0.40000000000000002, 0.051975750377467558, 0.75281579135875520)) AS r (day, surv, lo, hi)
    ON r.day = c.day
 WHERE c.all_clinics AND c.definition = 'tests' AND c.dimension = 'risk_tier' AND c.cohort = 'high' ORDER BY c.day;
-- Suppressed cohorts have no steps.  groc: no episode of this clinic has a
-- global rating of change, so its curves hold censorings only (at each
-- episode's last contact: the same cells as tests, the same suppression);
-- return_to_run: no episode has usual_run_km, so no curve at all.
SELECT definition, dimension, cohort, count(*), sum(events) AS events FROM cohort_recovery_curve WHERE all_clinics
 GROUP BY definition, dimension, cohort ORDER BY definition, dimension, cohort;

-- Raising min_cell_size is superuser-only; at 13 every cell is suppressed.
SET knee_rehab.min_cell_size = 13;
SELECT definition, count(*) AS cells, count(*) FILTER (WHERE suppressed) AS suppressed_cells,
       count(episodes) AS shown_counts FROM cohort_recovery WHERE all_clinics GROUP BY definition ORDER BY definition;
SELECT count(*) AS curve_rows FROM cohort_recovery_curve;
RESET knee_rehab.min_cell_size;
-- A pain-free threshold of 1 makes e3's day 25 a recovery (heel-on pain 1).
SET knee_rehab.pain_free_nrs = 1;
SELECT recovered_at, days_to_event FROM episode_outcome WHERE episode_id = 3;
RESET knee_rehab.pain_free_nrs;

-- ---------------------------------------------------------------- three recovery definitions
-- Two more clinics, c2 and c3, with the SAME patient and episode ids as c1
-- (1-6 and 1-5): female, neutral foot (risk tier moderate), first visit
-- 2026-03-01 (day 0).  No knee tests: every tests event is censored.
-- usual_run_km: c2 10 km for 1-5, none for 6; c3 8 km for 1-3, none for 4-5.
INSERT INTO patient (patient_id, clinic_id, sex, foot, injuries, height_cm, weight_kg)
SELECT i, c, 'female', 'neutral', '{}', 170, 60
  FROM (VALUES ('c2', 6), ('c3', 5)) AS k (c, n), generate_series(1, k.n) AS i;
INSERT INTO episode (episode_id, clinic_id, patient_id, first_visit, usual_run_km)
SELECT i, c, i, date '2026-03-01',
       CASE WHEN c = 'c2' AND i <= 5 THEN 10 WHEN c = 'c3' AND i <= 3 THEN 8 END
  FROM (VALUES ('c2', 6), ('c3', 5)) AS k (c, n), generate_series(1, k.n) AS i;
-- Global rating of change (1 completely recovered .. 7; favourable = 1 or 2):
--   c2 e1: 3 "slightly improved" on day 14 (not), 2 on day 28 -> groc day 28
--   c2 e2: 1 on day 42 -> groc day 42
--   c2 e3: 3 on day 42 only -> not (boundary)
--   c2 e4: 1 on day -5 (before the first visit: ignored), 4 on day 20 -> not
--   c2 e6: 2 on day 10 -> groc day 10
--   c3 e1: 2 on day 7 -> groc day 7;  c3 e2: 3 on day 7 -> not
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
SELECT c, e, date '2026-03-01' + d, 'grc', score
  FROM (VALUES ('c2', 1, 14, 3), ('c2', 1, 28, 2), ('c2', 2, 42, 1), ('c2', 3, 42, 3),
               ('c2', 4, -5, 1), ('c2', 4, 20, 4), ('c2', 6, 10, 2),
               ('c3', 1, 7, 2), ('c3', 2, 7, 3)) AS g (c, e, d, score);
-- Runs (pain_free_nrs 0):
--   c2 e1: 10 km (exactly usual) pain 0 (exactly pain_free_nrs) on day 30 -> return_to_run day 30
--   c2 e2: 9.9 km pain 0 day 20 (0.1 km short: not), 10 km pain 1 day 25
--          (pain one above: not), 12 km pain 0 day 50 -> day 50
--   c2 e3: 10 km pain 0 on day -3 (before the first visit: ignored), 5 km pain 0 day 35 -> not
--   c2 e4: 11 km, pain during not recorded, day 15 -> not
--   c2 e5: 15 km of other training pain 0 day 5 (not a run), 10 km run pain 0 day 60 -> day 60
--   c2 e6: 20 km pain 0 day 5, but no usual_run_km: return_to_run undefined
--   c3 e1: 8 km pain 0 day 14 -> day 14;  c3 e2: 8 km pain 0 day 21 -> day 21
--   c3 e3: 7.9 km pain 0 day 21 -> not;  c3 e4: 8 km pain 0 day 3, no usual_run_km
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, pain_during)
SELECT c, e, date '2026-03-01' + d, k::session_kind, km, pain
  FROM (VALUES ('c2', 1, 30, 'run', 10, 0), ('c2', 2, 20, 'run', 9.9, 0), ('c2', 2, 25, 'run', 10, 1),
               ('c2', 2, 50, 'run', 12, 0), ('c2', 3, -3, 'run', 10, 0), ('c2', 3, 35, 'run', 5, 0),
               ('c2', 4, 15, 'run', 11, NULL), ('c2', 5, 5, 'other', 15, 0), ('c2', 5, 60, 'run', 10, 0),
               ('c2', 6, 5, 'run', 20, 0),
               ('c3', 1, 14, 'run', 8, 0), ('c3', 2, 21, 'run', 8, 0), ('c3', 3, 21, 'run', 7.9, 0),
               ('c3', 4, 3, 'run', 8, 0)) AS r (c, e, d, k, km, pain);
-- Last contact (censoring day) = latest of first visit, tests, sessions, measures:
--   c2: e1 30, e2 50, e3 42, e4 20, e5 60, e6 10;  c3: e1 14, e2 21, e3 21, e4 3, e5 0.
-- Expected by hand (days from the first visit; c = censored):
--        tests   groc   return_to_run
--   c2 1  30c    28     30
--   c2 2  50c    42     50
--   c2 3  42c    42c    42c
--   c2 4  20c    20c    20c
--   c2 5  60c    60c    60
--   c2 6  10c    10     NULL (no usual_run_km: excluded, not censored)
--   c3 1  14c     7     14
--   c3 2  21c    21c    21
--   c3 3  21c    21c    21c
--   c3 4   3c     3c    NULL
--   c3 5   0c     0c    NULL
SELECT clinic_id, episode_id, last_contact, recovered, days_to_event,
       groc_at, groc_recovered, groc_days_to_event,
       return_to_run_at, return_to_run_recovered, return_to_run_days_to_event
  FROM episode_outcome WHERE clinic_id IN ('c2', 'c3') ORDER BY clinic_id, episode_id;
-- c1 (no grc, no usual_run_km): groc censored at last contact for every
-- episode, return_to_run NULL for every episode.
SELECT count(*) AS episodes, count(*) FILTER (WHERE NOT groc_recovered) AS groc_censored,
       count(*) FILTER (WHERE groc_days_to_event = (last_contact - first_visit)) AS groc_at_last_contact,
       count(return_to_run_recovered) AS return_to_run_defined
  FROM episode_outcome WHERE clinic_id = 'c1';
-- A pain-free threshold of 1 makes c2 e2's 10 km with pain 1 on day 25 its return to run.
SET knee_rehab.pain_free_nrs = 1;
SELECT return_to_run_at - first_visit AS return_to_run_day FROM episode_outcome WHERE clinic_id = 'c2' AND episode_id = 2;
RESET knee_rehab.pain_free_nrs;

-- Kaplan-Meier per definition against R (survival 3.5.3):
--   groc c2: survfit(Surv(c(28,42,42,20,60,10), c(1,1,0,0,0,1)) ~ 1, conf.type = "log-log")
--     n 6, events 3, median 42, LCL 10, UCL NA; 1 - S(42) = 0.58333333333333337; S(84) NA
--   return_to_run c2: survfit(Surv(c(30,50,42,20,60), c(1,1,0,0,1)) ~ 1, conf.type = "log-log")
--     n 5, events 3, median 50, LCL 30, UCL NA; 1 - S(42) = 0.25; the curve
--     reaches 0 on day 60 (last episode recovers), so 1 - S(84) = 1 (R's
--     summary(fit, times = 84) gives no row past the last time; recovery_km
--     keeps S = 0 once reached)
--   tests c2: 6 episodes, no event: median NULL, 1 - S(42) = 0
SELECT definition, (recovery_km(d, e)).*
  FROM (SELECT 'tests' AS definition, days_to_event AS d, recovered AS e FROM episode_outcome WHERE clinic_id = 'c2'
        UNION ALL
        SELECT 'groc', groc_days_to_event, groc_recovered FROM episode_outcome WHERE clinic_id = 'c2'
        UNION ALL
        SELECT 'return_to_run', return_to_run_days_to_event, return_to_run_recovered FROM episode_outcome
         WHERE clinic_id = 'c2' AND return_to_run_recovered IS NOT NULL) AS x
 GROUP BY definition ORDER BY definition;
-- cohort_recovery per clinic and definition (min_cell_size 5), totals only:
--   tests and groc: c1 12, c2 6, c3 5 episodes, all shown; across 23.
--   return_to_run: c1 has no episode with usual_run_km (no row), c3 3 <
--   5 suppressed, so the column line c2 + c3 = all holds one suppressed
--   cell: c2 (5) is suppressed as its complement; across the clinics 8
--   episodes shown (the two suppressed add up to 8 >= 5).
--   groc c2 as R above: 6 episodes, 3 recovered, median 42 (10, NA), 0.5833 by 6 weeks.
--   groc c3: survfit(Surv(c(7,21,21,3,0), c(1,0,0,0,0)) ~ 1): 1 event, median NA, LCL 7.
--   groc across c1 + c2 + c3 (c1's 12 censored at 10,20,30,40,50,60,50,20,90,70,30,0):
--     survfit(Surv(c(c1, 28,42,42,20,60,10, 7,21,21,3,0), c(rep(0,12), 1,1,0,0,0,1, 1,0,0,0,0)) ~ 1,
--     conf.type = "log-log"): n 23, events 4, median NA, LCL 42; 1 - S(42) = 0.27812500000000018.
--   tests across: c1's six recoveries (days 10-60) and 17 censorings:
--     n 23, events 6, median 60, LCL 40, UCL NA; 1 - S(42) = 0.27145969498910694.
--   return_to_run across c2 + c3: survfit(Surv(c(30,50,42,20,60,14,21,21),
--     c(1,1,0,0,1,1,1,0)) ~ 1, conf.type = "log-log"): n 8, events 5, median 50,
--     LCL 14, UCL NA; 1 - S(42) = 0.453125.
SELECT definition, coalesce(clinic_id, 'ALL') AS clinic, suppressed, episodes, recovered,
       median_days, median_ci_low, median_ci_high, round(recovered_by_6wk::numeric, 10) AS by_6wk
  FROM cohort_recovery WHERE is_total AND dimension = 'sex' AND (clinic_id IN ('c2', 'c3') OR all_clinics)
 ORDER BY definition, all_clinics, clinic_id;
-- Suppression holds per definition: no shown cell under min_cell_size, and
-- no line (a group's cohorts of one dimension and its total, within one
-- definition) holds exactly one suppressed cell.
SELECT count(*) FILTER (WHERE NOT suppressed AND episodes < 5) AS small_shown,
       count(*) FILTER (WHERE suppressed AND episodes IS NOT NULL) AS suppressed_with_count
  FROM cohort_recovery;
SELECT definition, coalesce(clinic_id, 'ALL') AS clinic, dimension
  FROM cohort_recovery GROUP BY definition, clinic_id, dimension
HAVING count(*) FILTER (WHERE suppressed) = 1;
-- The groc curve of c2 as R summary(survfit(...), censored = TRUE):
--   time n.risk n.event surv                lower                upper
--   10   6      1       0.83333333333333337 0.273122849928356    0.97471242669089353
--   20   5      0       0.83333333333333337 0.273122849928356    0.97471242669089353
--   28   4      1       0.625               0.14185338993165508  0.89305060449857776
--   42   3      1       0.41666666666666663 0.05599186485205291  0.76652221955057998
--   60   1      0       0.41666666666666663 0.05599186485205291  0.76652221955057998
SELECT c.day, c.at_risk, c.events, c.censored,
       abs(c.survival - r.surv) < 1e-9 AND abs(c.ci_low - r.lo) < 1e-9 AND abs(c.ci_high - r.hi) < 1e-9 AS as_r
  FROM cohort_recovery_curve AS c
  JOIN (VALUES (10, 0.83333333333333337, 0.273122849928356, 0.97471242669089353),
               (20, 0.83333333333333337, 0.273122849928356, 0.97471242669089353),
               (28, 0.625, 0.14185338993165508, 0.89305060449857776),
               (42, 0.41666666666666663, 0.05599186485205291, 0.76652221955057998),
               (60, 0.41666666666666663, 0.05599186485205291, 0.76652221955057998)) AS r (day, surv, lo, hi)
    ON r.day = c.day
 WHERE c.clinic_id = 'c2' AND c.definition = 'groc' AND c.dimension = 'sex' AND c.is_total ORDER BY c.day;
-- The return_to_run curve across the clinics (c2 + c3) as R:
--   time n.risk n.event surv                lower                upper
--   14   8      1       0.875               0.38700001403202522  0.98139296587896596
--   21   6      1       0.72916666666666674 0.27639022033612298  0.92535318125720534
--   30   4      1       0.546875            0.13723842004078271  0.83242857711243257
--   50   2      1       0.2734375           0.013266203814886329 0.67774706311735577
--   60   1      1       0                   NA                   NA
SELECT c.day, c.at_risk, c.events, c.censored,
       abs(c.survival - r.surv) < 1e-9
       AND (r.lo IS NULL AND c.ci_low IS NULL OR abs(c.ci_low - r.lo) < 1e-9)
       AND (r.hi IS NULL AND c.ci_high IS NULL OR abs(c.ci_high - r.hi) < 1e-9) AS as_r
  FROM cohort_recovery_curve AS c
  JOIN (VALUES (14, 0.875, 0.38700001403202522, 0.98139296587896596),
               (21, 0.72916666666666674, 0.27639022033612298, 0.92535318125720534),
               (30, 0.546875, 0.13723842004078271, 0.83242857711243257),
               (50, 0.2734375, 0.013266203814886329, 0.67774706311735577),
               (60, 0, NULL, NULL)) AS r (day, surv, lo, hi)
    ON r.day = c.day
 WHERE c.all_clinics AND c.definition = 'return_to_run' AND c.dimension = 'sex' AND c.is_total ORDER BY c.day;
-- cohort_comparison and clinic_benchmark name the definition of each row.
SELECT definition, count(*) AS rows FROM cohort_comparison GROUP BY definition ORDER BY definition;
SELECT definition, clinic_id, suppressed, episodes FROM clinic_benchmark ORDER BY definition, clinic_id;
RESET search_path;
