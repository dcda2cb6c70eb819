-- recovery_compare_state, recovery_logrank, recovery_hazard_ratios,
-- recovery_cox_tests: comparing time to recovery between cohorts.
-- Reference numbers from R 4.2.2 / survival 3.5.3 (every value pasted with
-- 17 significant digits; the tests compare to 1e-9 for the log-rank test
-- and the log likelihoods, 1e-7 for hazard ratios, CIs and p-values):
--   library(survival); f <- function(x) sprintf("%.17g", x)
--   report <- function(days, rec, cohort, ref) {
--     cohort <- relevel(factor(cohort), ref = ref)
--     sd <- survdiff(Surv(days, rec) ~ cohort)           # rho = 0
--     df <- sum(sd$exp > 0) - 1
--     c(sd$chisq, df, pchisq(sd$chisq, df, lower.tail = FALSE))
--     fit <- coxph(Surv(days, rec) ~ cohort, ties = "efron"); s <- summary(fit)
--     s$conf.int[, c(1, 3, 4)]; s$coefficients[, 5]    # HR, CI, Wald p
--     fit$loglik                                         # null, fitted
--     s$logtest; fit$wald.test; s$sctest                 # global tests (full precision)
--   }
--   d <- survival::lung
--   report(d$time, d$status == 2, ifelse(d$sex == 1, "male", "female"), "male")
--   report(d$time, d$status == 2,
--          ifelse(is.na(d$ph.ecog), "not recorded", as.character(d$ph.ecog)), "1")
-- coxph drops rows with a NA covariate; recovery_compare_state keeps a NULL
-- cohort as its own cohort 'not recorded', so R is given the NA recoded
-- to that level (one lung patient has ph.ecog NA).
SET extra_float_digits = 0;

CREATE TABLE cmp_lung (time float8, dead boolean, sex text, ecog int);
-- survival::lung (Loprinzi 1994): time, status == 2, sex, ph.ecog
--   cat(paste0("(", d$time, ", ", d$status == 2, ", '", ifelse(d$sex == 1, "male", "female"),
--              "', ", ifelse(is.na(d$ph.ecog), "NULL", d$ph.ecog), ")", collapse = ", "))
INSERT INTO cmp_lung VALUES
  (306, TRUE, 'male', 1), (455, TRUE, 'male', 0), (1010, FALSE, 'male', 0), (210, TRUE, 'male', 1), (883, TRUE, 'male', 0),
  (1022, FALSE, 'male', 1), (310, TRUE, 'female', 2), (361, TRUE, 'female', 2), (218, TRUE, 'male', 1), (166, TRUE, 'male', 2),
  (170, TRUE, 'male', 1), (654, TRUE, 'female', 2), (728, TRUE, 'female', 1), (71, TRUE, 'male', NULL), (567, TRUE, 'male', 1),
  (144, TRUE, 'male', 1), (613, TRUE, 'male', 1), (707, TRUE, 'male', 2), (61, TRUE, 'female', 2), (88, TRUE, 'male', 1),
  (301, TRUE, 'male', 1), (81, TRUE, 'female', 0), (624, TRUE, 'male', 1), (371, TRUE, 'male', 0), (394, TRUE, 'male', 0),
  (520, TRUE, 'female', 1), (574, TRUE, 'male', 0), (118, TRUE, 'male', 3), (390, TRUE, 'male', 1), (12, TRUE, 'male', 2),
  (473, TRUE, 'female', 1), (26, TRUE, 'male', 2), (533, TRUE, 'male', 2), (107, TRUE, 'female', 2), (53, TRUE, 'male', 2),
  (122, TRUE, 'female', 2), (814, TRUE, 'male', 2), (965, FALSE, 'female', 1), (93, TRUE, 'male', 2), (731, TRUE, 'female', 1),
  (460, TRUE, 'male', 1), (153, TRUE, 'female', 2), (433, TRUE, 'female', 0), (145, TRUE, 'female', 2), (583, TRUE, 'male', 1),
  (95, TRUE, 'female', 2), (303, TRUE, 'male', 0), (519, TRUE, 'male', 1), (643, TRUE, 'male', 0), (765, TRUE, 'female', 1),
  (735, TRUE, 'female', 1), (189, TRUE, 'male', 0), (53, TRUE, 'male', 0), (246, TRUE, 'male', 0), (689, TRUE, 'male', 1),
  (65, TRUE, 'male', 0), (5, TRUE, 'female', 0), (132, TRUE, 'male', 2), (687, TRUE, 'female', 1), (345, TRUE, 'female', 1),
  (444, TRUE, 'female', 2), (223, TRUE, 'male', 1), (175, TRUE, 'male', 1), (60, TRUE, 'female', 1), (163, TRUE, 'male', 1),
  (65, TRUE, 'male', 2), (208, TRUE, 'female', 2), (821, FALSE, 'female', 0), (428, TRUE, 'male', 0), (230, TRUE, 'male', 1),
  (840, FALSE, 'male', 0), (305, TRUE, 'female', 1), (11, TRUE, 'male', 2), (132, TRUE, 'male', 1), (226, TRUE, 'female', 1),
  (426, TRUE, 'female', 1), (705, TRUE, 'female', 0), (363, TRUE, 'female', 1), (11, TRUE, 'male', 0), (176, TRUE, 'male', 0),
  (791, TRUE, 'male', 0), (95, TRUE, 'male', 1), (196, FALSE, 'male', 1), (167, TRUE, 'female', 1), (806, FALSE, 'male', 1),
  (284, TRUE, 'male', 1), (641, TRUE, 'female', 1), (147, TRUE, 'male', 0), (740, FALSE, 'female', 1), (163, TRUE, 'male', 2),
  (655, TRUE, 'male', 0), (239, TRUE, 'male', 1), (88, TRUE, 'male', 1), (245, TRUE, 'female', 1), (588, FALSE, 'female', 0),
  (30, TRUE, 'male', 2), (179, TRUE, 'male', 1), (310, TRUE, 'male', 1), (477, TRUE, 'male', 1), (166, TRUE, 'female', 0),
  (559, FALSE, 'female', 0), (450, TRUE, 'female', 1), (364, TRUE, 'male', 1), (107, TRUE, 'male', 1), (177, TRUE, 'male', 2),
  (156, TRUE, 'male', 1), (529, FALSE, 'female', 1), (11, TRUE, 'male', 1), (429, TRUE, 'male', 1), (351, TRUE, 'female', 2),
  (15, TRUE, 'male', 0), (181, TRUE, 'male', 1), (283, TRUE, 'male', 1), (201, TRUE, 'female', 0), (524, TRUE, 'female', 1),
  (13, TRUE, 'male', 2), (212, TRUE, 'male', 2), (524, TRUE, 'male', 2), (288, TRUE, 'male', 2), (363, TRUE, 'male', 1),
  (442, TRUE, 'male', 0), (199, TRUE, 'female', 2), (550, TRUE, 'female', 1), (54, TRUE, 'male', 2), (558, TRUE, 'male', 0),
  (207, TRUE, 'male', 1), (92, TRUE, 'male', 1), (60, TRUE, 'male', 1), (551, FALSE, 'female', 2), (543, FALSE, 'female', 0),
  (293, TRUE, 'female', 1), (202, TRUE, 'male', 1), (353, TRUE, 'male', 0), (511, FALSE, 'female', 1), (267, TRUE, 'male', 0),
  (511, FALSE, 'female', 2), (371, TRUE, 'female', 1), (387, TRUE, 'male', 2), (457, TRUE, 'male', 1), (337, TRUE, 'male', 0),
  (201, TRUE, 'female', 2), (404, FALSE, 'male', 1), (222, TRUE, 'male', 2), (62, TRUE, 'female', 1), (458, FALSE, 'male', 1),
  (356, FALSE, 'female', 1), (353, TRUE, 'male', 0), (163, TRUE, 'male', 1), (31, TRUE, 'male', 0), (340, TRUE, 'female', 0),
  (229, TRUE, 'male', 1), (444, FALSE, 'male', 0), (315, FALSE, 'female', 0), (182, TRUE, 'female', 1), (156, TRUE, 'male', 2),
  (329, TRUE, 'male', 2), (364, FALSE, 'female', 1), (291, TRUE, 'male', 2), (179, TRUE, 'male', 1), (376, FALSE, 'female', 1),
  (384, FALSE, 'female', 0), (268, TRUE, 'female', 1), (292, FALSE, 'male', 2), (142, TRUE, 'male', 1), (413, FALSE, 'male', 1),
  (266, FALSE, 'female', 0), (194, TRUE, 'female', 1), (320, TRUE, 'male', 0), (181, TRUE, 'male', 1), (285, TRUE, 'male', 0),
  (301, FALSE, 'male', 1), (348, TRUE, 'female', 0), (197, TRUE, 'male', 1), (382, FALSE, 'female', 0), (303, FALSE, 'male', 1),
  (296, FALSE, 'female', 1), (180, TRUE, 'male', 2), (186, TRUE, 'female', 1), (145, TRUE, 'female', 1), (269, FALSE, 'female', 0),
  (300, FALSE, 'male', 0), (284, FALSE, 'male', 0), (350, TRUE, 'female', 0), (272, FALSE, 'female', 1), (292, FALSE, 'female', 0),
  (332, FALSE, 'female', 0), (285, TRUE, 'female', 2), (259, FALSE, 'male', 0), (110, TRUE, 'male', 1), (286, TRUE, 'male', 0),
  (270, TRUE, 'male', 1), (81, TRUE, 'male', 2), (131, TRUE, 'male', 1), (225, FALSE, 'male', 1), (269, TRUE, 'male', 1),
  (225, FALSE, 'male', 0), (243, FALSE, 'female', 1), (279, FALSE, 'male', 1), (276, FALSE, 'female', 0), (135, TRUE, 'male', 1),
  (79, TRUE, 'female', 1), (59, TRUE, 'male', 1), (240, FALSE, 'female', 0), (202, FALSE, 'female', 0), (235, FALSE, 'female', 0),
  (105, TRUE, 'male', 2), (224, FALSE, 'female', 0), (239, TRUE, 'female', 2), (237, FALSE, 'male', 1), (173, FALSE, 'female', 1),
  (252, FALSE, 'female', 0), (221, FALSE, 'male', 1), (185, FALSE, 'male', 1), (92, FALSE, 'female', 2), (13, TRUE, 'male', 1),
  (222, FALSE, 'male', 1), (192, FALSE, 'female', 1), (183, TRUE, 'male', 2), (211, FALSE, 'female', 2), (175, FALSE, 'female', 0),
  (197, FALSE, 'male', 1), (203, FALSE, 'female', 1), (116, TRUE, 'male', 1), (188, FALSE, 'male', 1), (191, FALSE, 'male', 0),
  (105, FALSE, 'female', 2), (174, FALSE, 'male', 1), (177, FALSE, 'female', 1);

-- A rehab-like set: clinics 'a' and 'b', both with episodes 1..40 (the
-- same ids), days in whole weeks (many ties), 61 % censored, risk tier
-- low / moderate / high / NULL.  Made in R by
--   clinic <- rep(c("a", "b"), each = 40); id <- rep(1:40, 2)
--   tier <- c("low", "moderate", "high")[1 + (id * 7 + (clinic == "b") * 3) %% 3]
--   tier[id %% 13 == 0] <- NA
--   days <- 7 * (1 + (id * 5 + (clinic == "b") * 11 + (tier == "high" & !is.na(tier)) * 3) %% 12)
--   rec <- ((id * 3 + (clinic == "b")) %% 5) <
--          ifelse(is.na(tier), 2, ifelse(tier == "low", 3, ifelse(tier == "moderate", 2, 1)))
--   report(days, rec, ifelse(is.na(tier), "not recorded", tier), "moderate")
CREATE TABLE cmp_rehab (clinic text, episode int, days float8, recovered boolean, tier text);
INSERT INTO cmp_rehab VALUES
  ('a', 1, 42, FALSE, 'moderate'), ('a', 2, 14, FALSE, 'high'), ('a', 3, 28, FALSE, 'low'), ('a', 4, 63, FALSE, 'moderate'),
  ('a', 5, 35, TRUE, 'high'), ('a', 6, 49, FALSE, 'low'), ('a', 7, 84, TRUE, 'moderate'), ('a', 8, 56, FALSE, 'high'),
  ('a', 9, 70, TRUE, 'low'), ('a', 10, 21, TRUE, 'moderate'), ('a', 11, 77, FALSE, 'high'), ('a', 12, 7, TRUE, 'low'),
  ('a', 13, 42, FALSE, NULL), ('a', 14, 14, FALSE, 'high'), ('a', 15, 28, TRUE, 'low'), ('a', 16, 63, FALSE, 'moderate'),
  ('a', 17, 35, FALSE, 'high'), ('a', 18, 49, FALSE, 'low'), ('a', 19, 84, FALSE, 'moderate'), ('a', 20, 56, TRUE, 'high'),
  ('a', 21, 70, FALSE, 'low'), ('a', 22, 21, TRUE, 'moderate'), ('a', 23, 77, FALSE, 'high'), ('a', 24, 7, TRUE, 'low'),
  ('a', 25, 42, TRUE, 'moderate'), ('a', 26, 77, FALSE, NULL), ('a', 27, 28, TRUE, 'low'), ('a', 28, 63, FALSE, 'moderate'),
  ('a', 29, 35, FALSE, 'high'), ('a', 30, 49, TRUE, 'low'), ('a', 31, 84, FALSE, 'moderate'), ('a', 32, 56, FALSE, 'high'),
  ('a', 33, 70, FALSE, 'low'), ('a', 34, 21, FALSE, 'moderate'), ('a', 35, 77, TRUE, 'high'), ('a', 36, 7, FALSE, 'low'),
  ('a', 37, 42, TRUE, 'moderate'), ('a', 38, 14, FALSE, 'high'), ('a', 39, 28, FALSE, NULL), ('a', 40, 63, TRUE, 'moderate'),
  ('b', 1, 35, FALSE, 'moderate'), ('b', 2, 7, FALSE, 'high'), ('b', 3, 21, TRUE, 'low'), ('b', 4, 56, FALSE, 'moderate'),
  ('b', 5, 28, FALSE, 'high'), ('b', 6, 42, FALSE, 'low'), ('b', 7, 77, FALSE, 'moderate'), ('b', 8, 49, TRUE, 'high'),
  ('b', 9, 63, FALSE, 'low'), ('b', 10, 14, TRUE, 'moderate'), ('b', 11, 70, FALSE, 'high'), ('b', 12, 84, TRUE, 'low'),
  ('b', 13, 35, TRUE, NULL), ('b', 14, 7, FALSE, 'high'), ('b', 15, 21, TRUE, 'low'), ('b', 16, 56, FALSE, 'moderate'),
  ('b', 17, 28, FALSE, 'high'), ('b', 18, 42, TRUE, 'low'), ('b', 19, 77, FALSE, 'moderate'), ('b', 20, 49, FALSE, 'high'),
  ('b', 21, 63, FALSE, 'low'), ('b', 22, 14, FALSE, 'moderate'), ('b', 23, 70, TRUE, 'high'), ('b', 24, 84, FALSE, 'low'),
  ('b', 25, 35, TRUE, 'moderate'), ('b', 26, 70, FALSE, NULL), ('b', 27, 21, TRUE, 'low'), ('b', 28, 56, TRUE, 'moderate'),
  ('b', 29, 28, FALSE, 'high'), ('b', 30, 42, TRUE, 'low'), ('b', 31, 77, FALSE, 'moderate'), ('b', 32, 49, FALSE, 'high'),
  ('b', 33, 63, TRUE, 'low'), ('b', 34, 14, FALSE, 'moderate'), ('b', 35, 70, FALSE, 'high'), ('b', 36, 84, FALSE, 'low'),
  ('b', 37, 35, FALSE, 'moderate'), ('b', 38, 7, TRUE, 'high'), ('b', 39, 21, FALSE, NULL), ('b', 40, 56, TRUE, 'moderate');
ANALYZE cmp_lung;
ANALYZE cmp_rehab;

-- The R numbers.
CREATE TEMP TABLE r_hr (dataset text, cohort text, hr float8, lo float8, hi float8, p float8);
INSERT INTO r_hr VALUES
  ('lung_sex', 'female', 0.5880028185635886, 0.42371783035391491, 0.81598481317138638, 0.0014912292048807547),
  ('lung_ecog', '0', 0.6915884585179608, 0.46854351383126852, 1.0208114760660034, 0.063413834590566764),
  ('lung_ecog', '2', 1.7298184424452498, 1.1976006629193316, 2.4985556007706262, 0.0034875305444848296),
  ('lung_ecog', '3', 6.282590526013565, 0.85518127213903394, 46.155060925069343, 0.070885575605001416),
  ('lung_ecog', 'not recorded', 11.254875089771874, 1.5029753292280152, 84.28096644236409, 0.01844280831937966),
  ('rehab', 'high', 0.84350590282830762, 0.30415116475766668, 2.3393045647978687, 0.7436609622337258),
  ('rehab', 'low', 1.5459871294983083, 0.67676675498928929, 3.5316099482638514, 0.30130328750400748),
  ('rehab', 'not recorded', 0.50993723105874567, 0.064946517779932253, 4.0038479122310822, 0.52182270482113713);
CREATE TEMP TABLE r_tests (dataset text, lr_chisq float8, lr_df int, lr_p float8, ll_null float8, ll float8,
                           wald float8, wald_p float8, score float8, score_p float8,
                           lrk_chisq float8, lrk_df int, lrk_p float8);
INSERT INTO r_tests VALUES
  ('lung_sex', 10.63360473088278, 1, 0.0011105103778994612, -749.9098013903947, -744.59299902495331,
   10.089421422141006, 0.0014912292048807493, 10.325148495746417, 0.0013122970135135033,
   10.326741954885632, 1, 0.0013111645203554882),
  ('lung_ecog', 21.277951276669228, 4, 0.0002789114518265618, -749.9098013903947, -739.27082575206009,
   25.08223660868553, 4.8430176959654696e-05, 29.789884465400526, 5.4009198697545939e-06,
   29.820231721630211, 4, 5.3246651220286834e-06),
  ('rehab', 2.6283000246780261, 3, 0.4525497738857141, -110.04604953886033, -108.73189952652132,
   2.5281604295286364, 0.470223353096069, 2.6293272332488167, 0.45237128590634712,
   2.6427972041229824, 3, 0.45003599497423202);

CREATE TEMP TABLE cmp_states AS
SELECT 'lung_sex' AS dataset, NULL::text AS reference,
       (SELECT knee_rehab.recovery_compare_state(time, dead, sex) FROM cmp_lung) AS s
UNION ALL
SELECT 'lung_ecog', '1', (SELECT knee_rehab.recovery_compare_state(time, dead, ecog::text) FROM cmp_lung)
UNION ALL
SELECT 'rehab', NULL, (SELECT knee_rehab.recovery_compare_state(days, recovered, tier) FROM cmp_rehab);

-- Log-rank: survdiff's chisq, df, p.
SELECT dataset, (l).cohorts, round((l).chisq::numeric, 9) AS chisq, (l).df, (l).p_value::numeric(20, 12) AS p_value,
       abs((l).chisq - r.lrk_chisq) < 1e-9 AND (l).df = r.lrk_df AND abs((l).p_value - r.lrk_p) < 1e-9 AS as_r
  FROM (SELECT dataset, knee_rehab.recovery_logrank(s) AS l FROM cmp_states) x JOIN r_tests r USING (dataset)
 ORDER BY dataset;

-- Hazard ratios (lung sex: default reference = the largest cohort, male;
-- lung ecog: reference '1' named, also the largest; rehab: default = moderate).
SELECT x.dataset, h.cohort, h.episodes, h.recovered, round(h.hazard_ratio::numeric, 7) AS hr,
       round(h.ci_low::numeric, 7) AS ci_low, round(h.ci_high::numeric, 7) AS ci_high,
       round(h.p_value::numeric, 7) AS p_value, h.note,
       abs(h.hazard_ratio - r.hr) < 1e-7 * greatest(1, r.hr) AND abs(h.ci_low - r.lo) < 1e-7 * greatest(1, r.lo)
         AND abs(h.ci_high - r.hi) < 1e-7 * greatest(1, r.hi) AND abs(h.p_value - r.p) < 1e-7 AS as_r
  FROM cmp_states x CROSS JOIN LATERAL knee_rehab.recovery_hazard_ratios(x.s, x.reference) h
  LEFT JOIN r_hr r ON r.dataset = x.dataset AND r.cohort = h.cohort
 ORDER BY x.dataset, h.cohort;
-- Every R row is matched (none left over).
SELECT count(*) AS r_rows_matched FROM r_hr r
  JOIN (SELECT x.dataset, h.* FROM cmp_states x, knee_rehab.recovery_hazard_ratios(x.s, x.reference) h) h
    ON h.dataset = r.dataset AND h.cohort = r.cohort
 WHERE abs(h.hazard_ratio - r.hr) < 1e-7 * greatest(1, r.hr);

-- Global tests: $logtest, $waldtest, $sctest, loglik.
SELECT dataset, (t).df, round((t).loglik_null::numeric, 9) AS loglik_null, round((t).loglik::numeric, 9) AS loglik,
       round((t).lr_chisq::numeric, 9) AS lr, round((t).wald_chisq::numeric, 9) AS wald,
       round((t).score_chisq::numeric, 9) AS score, (t).converged,
       abs((t).loglik_null - r.ll_null) < 1e-9 AND abs((t).loglik - r.ll) < 1e-9 AS loglik_as_r,
       (t).df = r.lr_df AND abs((t).lr_chisq - r.lr_chisq) < 1e-9 AND abs((t).lr_p - r.lr_p) < 1e-9 AS lr_as_r,
       abs((t).wald_chisq - r.wald) < 1e-7 AND abs((t).wald_p - r.wald_p) < 1e-7 AS wald_as_r,
       abs((t).score_chisq - r.score) < 1e-9 AND abs((t).score_p - r.score_p) < 1e-9 AS score_as_r
  FROM (SELECT dataset, knee_rehab.recovery_cox_tests(s, reference) AS t FROM cmp_states) x JOIN r_tests r USING (dataset)
 ORDER BY dataset;

-- Another reference gives the same model: HR(female vs male) = 1 / HR(male vs female),
-- the same global tests.
SELECT round((h.hazard_ratio * (SELECT hazard_ratio FROM knee_rehab.recovery_hazard_ratios(s) WHERE cohort = 'female'))::numeric, 9)
         AS product_is_1,
       round((t1.lr_chisq - t2.lr_chisq)::numeric, 9) AS lr_difference
  FROM cmp_states x, knee_rehab.recovery_hazard_ratios(x.s, 'female') h,
       knee_rehab.recovery_cox_tests(x.s, 'female') t1, knee_rehab.recovery_cox_tests(x.s) t2
 WHERE x.dataset = 'lung_sex' AND h.cohort = 'male';

-- The state: cohort labels in byte order (NULL = 'not recorded'), then
-- {1, cohorts, days, day, events and censored per cohort, ...}.
SELECT knee_rehab.recovery_compare_state(d, r, c)
  FROM (VALUES (14::float8, true, 'b'), (7, false, NULL), (14, false, 'a'), (7, true, 'b'), (-0, true, 'a')) v(d, r, c);

-- Per-clinic states merged = the one-level state, and the same figures.
SELECT (SELECT knee_rehab.recovery_compare_merge(s) FROM
          (SELECT clinic, knee_rehab.recovery_compare_state(days, recovered, tier) AS s FROM cmp_rehab GROUP BY clinic) c)
       = (SELECT s FROM cmp_states WHERE dataset = 'rehab') AS merged_equals_one_level;
SELECT count(*) AS per_clinic_states, count(DISTINCT s::text) AS distinct_states
  FROM (SELECT clinic, knee_rehab.recovery_compare_state(days, recovered, tier) AS s FROM cmp_rehab GROUP BY clinic) c;
-- combine in either order
SELECT knee_rehab.recovery_compare_combine(a, b) = knee_rehab.recovery_compare_combine(b, a) AS combine_commutes,
       knee_rehab.recovery_compare_combine(a, b) = (SELECT s FROM cmp_states WHERE dataset = 'rehab') AS combine_is_whole
  FROM (SELECT knee_rehab.recovery_compare_state(days, recovered, tier) FILTER (WHERE clinic = 'a') AS a,
               knee_rehab.recovery_compare_state(days, recovered, tier) FILTER (WHERE clinic = 'b') AS b
          FROM cmp_rehab) x;
-- The state survives its text form (what Citus ships between nodes).
SELECT s::text::knee_rehab.recovery_compare_data = s AS text_round_trip
  FROM cmp_states WHERE dataset = 'lung_ecog';

-- Forced parallel plans equal the serial state and figures exactly: lung
-- 40 times over (9120 rows, enough pages for two workers).
CREATE TABLE cmp_lung40 AS SELECT l.* FROM cmp_lung l, generate_series(1, 40);
ANALYZE cmp_lung40;
CREATE TEMP TABLE cmp_serial AS
SELECT knee_rehab.recovery_compare_state(time, dead, ecog::text) AS s FROM cmp_lung40;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT knee_rehab.recovery_compare_state(time, dead, ecog::text) FROM cmp_lung40;
CREATE TEMP TABLE cmp_parallel AS
SELECT knee_rehab.recovery_compare_state(time, dead, ecog::text) AS s FROM cmp_lung40;
SELECT p.s = s.s AS parallel_equals_serial,
       knee_rehab.recovery_logrank(p.s) = knee_rehab.recovery_logrank(s.s) AS same_logrank,
       knee_rehab.recovery_cox_tests(p.s) = knee_rehab.recovery_cox_tests(s.s) AS same_cox_tests,
       (SELECT array_agg(h ORDER BY cohort) FROM knee_rehab.recovery_hazard_ratios(p.s) h)
         = (SELECT array_agg(h ORDER BY cohort) FROM knee_rehab.recovery_hazard_ratios(s.s) h) AS same_hazard_ratios,
       (knee_rehab.recovery_logrank(p.s)).cohorts = 5 AS five_cohorts
  FROM cmp_parallel p, cmp_serial s;
SELECT knee_rehab.recovery_compare_merge(s) = (SELECT s FROM cmp_states WHERE dataset = 'rehab') AS parallel_merge_equals
  FROM (SELECT clinic, tier, knee_rehab.recovery_compare_state(days, recovered, tier) AS s FROM cmp_rehab GROUP BY clinic, tier) c;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- A cohort with no recoveries ('very high': 5 censored episodes added to
-- the rehab set).  coxph drives its coefficient to -infinity ("Loglik
-- converged before variable 4; coefficient may be infinite", 18
-- iterations, HR 9.2e-09, CI 0 to Inf); here the model is fitted at that
-- limit: the cohort leaves every risk set, its row has NULL figures and a
-- note, and the other cohorts' figures are coxph's on the data without it:
--   report(days, rec, tr, "low")    # tr without 'very high': HRs below
--   full data (R with 'very high'): survdiff chisq 4.8911952324913583, df 4,
--     p 0.29864483533791342; loglik null -111.99890262159649; score test
--     4.8290588029338464 (df 4, p 0.30529104199568075), both at beta = 0 so
--     exact; LR 6.5340061380293832 (R at its finite stopping point).
CREATE TEMP TABLE cmp_zero AS
SELECT knee_rehab.recovery_compare_state(days, recovered, tier) AS s
  FROM (SELECT days, recovered, tier FROM cmp_rehab
        UNION ALL SELECT d, false, 'very high' FROM unnest('{14,28,42,56,84}'::float8[]) d) x;
CREATE TEMP TABLE r_zero (cohort text, hr float8, lo float8, hi float8, p float8);
INSERT INTO r_zero VALUES
  ('high', 0.54560991274360471, 0.20527311301534809, 1.4502151427002807, 0.22448035125917543),
  ('moderate', 0.64683591533165741, 0.28315697787962174, 1.4776139528541501, 0.3013032875040072),
  ('not recorded', 0.32984571561357473, 0.042902515470808839, 2.5359397908185177, 0.28652538638300618);
SELECT h.cohort, h.episodes, h.recovered, round(h.hazard_ratio::numeric, 7) AS hr, round(h.ci_low::numeric, 7) AS ci_low,
       round(h.ci_high::numeric, 7) AS ci_high, round(h.p_value::numeric, 7) AS p_value, h.note,
       abs(h.hazard_ratio - r.hr) < 1e-7 AND abs(h.ci_low - r.lo) < 1e-7 AND abs(h.ci_high - r.hi) < 1e-7
         AND abs(h.p_value - r.p) < 1e-7 AS as_r_without_it
  FROM cmp_zero, knee_rehab.recovery_hazard_ratios(s, 'low') h LEFT JOIN r_zero r USING (cohort)
 ORDER BY h.cohort;
SELECT (l).cohorts, (l).df, abs((l).chisq - 4.8911952324913583) < 1e-9 AND abs((l).p_value - 0.29864483533791342) < 1e-9
         AS logrank_as_r
  FROM (SELECT knee_rehab.recovery_logrank(s) AS l FROM cmp_zero) x;
SELECT (t).df, (t).wald_chisq IS NULL AS wald_null, (t).converged,
       abs((t).loglik_null - -111.99890262159649) < 1e-9 AS loglik_null_as_r,
       abs((t).loglik - -108.73189952652133) < 1e-9 AS loglik_as_r_without_it,
       abs((t).score_chisq - 4.8290588029338464) < 1e-9 AND abs((t).score_p - 0.30529104199568075) < 1e-9 AS score_as_r,
       abs((t).lr_chisq - 6.5340061380293832) < 1e-6 AS lr_near_r
  FROM (SELECT knee_rehab.recovery_cox_tests(s, 'low') AS t FROM cmp_zero) x;
-- The default reference (the largest cohort with recoveries) is moderate.
SELECT cohort, note FROM cmp_zero, knee_rehab.recovery_hazard_ratios(s) WHERE note IS NOT NULL ORDER BY cohort;

-- One cohort only: nothing to compare.
SELECT (knee_rehab.recovery_logrank(s)).*, (knee_rehab.recovery_cox_tests(s)).*
  FROM (SELECT knee_rehab.recovery_compare_state(days, recovered, 'all') AS s FROM cmp_rehab) x;
SELECT h.* FROM (SELECT knee_rehab.recovery_compare_state(days, recovered, 'all') AS s FROM cmp_rehab) x,
       knee_rehab.recovery_hazard_ratios(x.s) h;
-- All censored: no test, every hazard ratio NULL (reference = the largest cohort).
SELECT (knee_rehab.recovery_logrank(s)).*, (knee_rehab.recovery_cox_tests(s)).*
  FROM (SELECT knee_rehab.recovery_compare_state(days, false, tier) AS s FROM cmp_rehab) x;
SELECT h.* FROM (SELECT knee_rehab.recovery_compare_state(days, false, tier) AS s FROM cmp_rehab) x,
       knee_rehab.recovery_hazard_ratios(x.s) h ORDER BY h.cohort;
-- No rows: an empty state, no cohorts.
SELECT s, (knee_rehab.recovery_logrank(s)).*,
       (SELECT count(*) FROM knee_rehab.recovery_hazard_ratios(s)) AS hr_rows
  FROM (SELECT knee_rehab.recovery_compare_state(days, recovered, tier) AS s FROM cmp_rehab WHERE false) x;
-- NULL days or recovered: the row is ignored.
SELECT knee_rehab.recovery_compare_state(d, r, 'x') = (SELECT knee_rehab.recovery_compare_state(3, true, 'x')) AS nulls_ignored
  FROM (VALUES (3::float8, true), (NULL, true), (5, NULL)) v(d, r);

-- Errors.
SELECT knee_rehab.recovery_compare_state(-1, true, 'a');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_compare_state('NaN', true, 'a');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.recovery_hazard_ratios((SELECT s FROM cmp_states WHERE dataset = 'rehab'), 'unknown');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.recovery_hazard_ratios((SELECT s FROM cmp_zero), 'very high');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_logrank(ROW('{a}', '{1,1,1,5,1}')::knee_rehab.recovery_compare_data);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_logrank(ROW('{b,a}', '{1,2,1,5,1,0,1,0}')::knee_rehab.recovery_compare_data);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_logrank(ROW('{a}', '{1,1,2,5,1,0,5,0,1}')::knee_rehab.recovery_compare_data);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_logrank(ROW('{a}', '{1,1,1,5,NULL,0}')::knee_rehab.recovery_compare_data);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_logrank(ROW(NULL, '{1,0,0}')::knee_rehab.recovery_compare_data);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a well-formed hand-made state is accepted: a recovers on day 5, b is censored on day 5;
-- by hand: N = 2, D = 1, O_b - E_b = -0.5, V = 1 x 1 / 1 x 1/2 x 1/2 = 1/4, chisq = 1, p = P(chi2_1 > 1)
SELECT (knee_rehab.recovery_logrank(ROW('{a,b}', '{1,2,1,5,1,0,0,1}')::knee_rehab.recovery_compare_data)).*;

DROP TABLE cmp_lung, cmp_lung40, cmp_rehab;
