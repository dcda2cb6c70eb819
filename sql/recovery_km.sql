-- recovery_km: Kaplan-Meier time to recovery with right censoring, the
-- log-log 95 % CI of the median, 1 - S(42) and 1 - S(84); recovery_curve.
-- Reference numbers from R 4.2 / survival 3.5.3:
--   library(survival); options(digits = 17)
--   fit <- survfit(Surv(days, rec) ~ 1, conf.type = "log-log")
--   summary(fit)$table[c("records","events","median","0.95LCL","0.95UCL")]
--   1 - summary(fit, times = c(42, 84), extend = TRUE)$surv
--   summary(fit, censored = TRUE)   # the curve
-- Each result is printed rounded and compared to R's value to 1e-9.

CREATE TEMP TABLE km (set text, days float8, recovered boolean);
-- Data set A: 20 episodes, ties, an event and a censoring tied at 21, 35, 56.
--   a_days <- c(14,21,21,28,30,35,35,35,40,42,49,56,56,60,70,84,90,100,120,150)
--   a_rec  <- c( 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1,  0,  1,  0)
INSERT INTO km SELECT 'A', d, r::boolean FROM unnest(
  '{14,21,21,28,30,35,35,35,40,42,49,56,56,60,70,84,90,100,120,150}'::float8[],
  '{1,1,0,1,0,1,1,0,1,1,0,1,0,1,1,0,1,0,1,0}'::int[]) AS u(d, r);
-- Data set B: the last episode recovers (S falls to 0; upper limit NA).
--   survfit(Surv(c(10,20,30,40,50,60,70,80), c(1,1,0,1,1,1,0,1)) ~ 1, conf.type = "log-log")
INSERT INTO km SELECT 'B', d, r::boolean FROM unnest(
  '{10,20,30,40,50,60,70,80}'::float8[], '{1,1,0,1,1,1,0,1}'::int[]) AS u(d, r);
-- Data set D: S is exactly 0.5 from day 30 over a censoring at 40 and
-- drops at 50: R's median is the midpoint (30 + 50) / 2 = 40.
--   survfit(Surv(c(10,20,30,40,50,60), c(1,1,1,0,1,0)) ~ 1, conf.type = "log-log")
INSERT INTO km SELECT 'D', d, r::boolean FROM unnest(
  '{10,20,30,40,50,60}'::float8[], '{1,1,1,0,1,0}'::int[]) AS u(d, r);
-- Data set C: ten recoveries on days 1..10 (S = 0.5 at day 5, median 5.5).
--   survfit(Surv(1:10, rep(1, 10)) ~ 1, conf.type = "log-log")
INSERT INTO km SELECT 'C', d, true FROM generate_series(1, 10) AS d;

-- R: A records 20, events 12, median 60, 0.95LCL 35, 0.95UCL 120,
--       1 - S(42) = 0.38823529411764712, 1 - S(84) = 0.61157796451914104
--    B 8, 6, 50, 10, NA; 1 - S(42) = 0.39999999999999991; S(80) = 0 so 1 - S(84) = 1
--    D 6, 4, 40, 10, NA; 1 - S(42) = 0.5; 84 is past the last day (60)
--      with S = 0.25: R's default summary (extend = FALSE) gives no
--      value, recovery_km gives NULL
--    C 10, 10, 5.5, 1, 8; 1 - S(42) = 1 - S(84) = 1 (S reached 0 at day 10)
SELECT set, (k).n, (k).events, (k).median_days, (k).median_ci_low, (k).median_ci_high,
       round((k).recovered_by_6wk::numeric, 12) AS by_6wk,
       round((k).recovered_by_12wk::numeric, 12) AS by_12wk
  FROM (SELECT set, knee_rehab.recovery_km(days, recovered) AS k FROM km GROUP BY set) s
 ORDER BY set;
SELECT abs((k).recovered_by_6wk - 0.38823529411764712) < 1e-9 AS a_6wk_as_r,
       abs((k).recovered_by_12wk - 0.61157796451914104) < 1e-9 AS a_12wk_as_r
  FROM (SELECT knee_rehab.recovery_km(days, recovered) AS k FROM km WHERE set = 'A') s;

-- The curve of A against R's summary(fit, censored = TRUE), every column.
CREATE TEMP TABLE r_curve_a (day float8, at_risk bigint, events bigint, censored bigint,
                             survival float8, ci_low float8, ci_high float8);
INSERT INTO r_curve_a VALUES
  ( 14, 20, 1, 0, 0.94999999999999996, 0.694743193256570191, 0.99280222859339717),
  ( 21, 19, 1, 1, 0.89999999999999991, 0.656030707261566981, 0.97401017439577486),
  ( 28, 17, 1, 0, 0.84705882352941164, 0.596795178798081305, 0.94802464140014520),
  ( 30, 16, 0, 1, 0.84705882352941164, 0.596795178798081305, 0.94802464140014520),
  ( 35, 15, 2, 1, 0.73411764705882343, 0.472799181045986894, 0.88026302177644478),
  ( 40, 12, 1, 0, 0.67294117647058815, 0.409019915775896581, 0.83903962986281244),
  ( 42, 11, 1, 0, 0.61176470588235288, 0.350262677184929649, 0.79438605713633437),
  ( 49, 10, 0, 1, 0.61176470588235288, 0.350262677184929649, 0.79438605713633437),
  ( 56,  9, 1, 1, 0.54379084967320257, 0.286159441021509364, 0.74333807263356477),
  ( 60,  7, 1, 0, 0.46610644257703077, 0.215722384315207988, 0.68392385819480106),
  ( 70,  6, 1, 0, 0.38842203548085896, 0.155063573079871786, 0.61891735877081389),
  ( 84,  5, 0, 1, 0.38842203548085896, 0.155063573079871786, 0.61891735877081389),
  ( 90,  4, 1, 0, 0.29131652661064422, 0.084762217766353176, 0.53990143321778961),
  (100,  3, 0, 1, 0.29131652661064422, 0.084762217766353176, 0.53990143321778961),
  (120,  2, 1, 0, 0.14565826330532211, 0.011257906848042081, 0.43727328053750320),
  (150,  1, 0, 1, 0.14565826330532211, 0.011257906848042081, 0.43727328053750320);
SELECT c.day, c.at_risk, c.events, c.censored,
       round(c.survival::numeric, 10) AS survival,
       round(c.ci_low::numeric, 10) AS ci_low, round(c.ci_high::numeric, 10) AS ci_high
  FROM (SELECT knee_rehab.recovery_km_state(days, recovered) AS s FROM km WHERE set = 'A') x,
       knee_rehab.recovery_curve(x.s) AS c;
SELECT count(*) AS rows_16,
       bool_and((c.day, c.at_risk, c.events, c.censored) = (r.day, r.at_risk, r.events, r.censored)) AS counts_as_r,
       max(greatest(abs(c.survival - r.survival), abs(c.ci_low - r.ci_low),
                    abs(c.ci_high - r.ci_high))) < 1e-9 AS within_1e_9_of_r
  FROM (SELECT knee_rehab.recovery_km_state(days, recovered) AS s FROM km WHERE set = 'A') x,
       knee_rehab.recovery_curve(x.s) AS c
  FULL JOIN r_curve_a r ON r.day = c.day;

-- Curve of B: where S = 0 the band is NULL, as R's NA.
--   R: day 80, n.risk 1, n.event 1, surv 0, lower NA, upper NA;
--      day 60: surv 0.30000000000000004, lower 0.044247307925053825, upper 0.62819579380860369
SELECT c.day, c.at_risk, c.events, c.censored, round(c.survival::numeric, 10) AS survival,
       round(c.ci_low::numeric, 10) AS ci_low, round(c.ci_high::numeric, 10) AS ci_high
  FROM (SELECT knee_rehab.recovery_km_state(days, recovered) AS s FROM km WHERE set = 'B') x,
       knee_rehab.recovery_curve(x.s) AS c
 WHERE c.day >= 60;

-- recovery_km_summary(state) is recovery_km on the same rows.
SELECT knee_rehab.recovery_km_summary(knee_rehab.recovery_km_state(days, recovered))
       = knee_rehab.recovery_km(days, recovered) AS summary_equals_aggregate
  FROM km WHERE set = 'A';
-- The state: {version 1, k distinct days, day, events, censored, ...}.
SELECT knee_rehab.recovery_km_state(days, recovered) FROM km WHERE set = 'D';

-- Edge cases.
-- All censored (R: 3 records, 0 events, median NA, limits NA; S = 1 throughout).
--   survfit(Surv(c(5, 9, 12), c(0, 0, 0)) ~ 1, conf.type = "log-log")
-- recovered_by_6wk: nobody followed to day 42 and S > 0 -> NULL.
SELECT (k).* FROM (SELECT knee_rehab.recovery_km(d, false) AS k FROM unnest('{5,9,12}'::float8[]) d) s;
-- A single recovery on day 30 (R: median 30, limits NA; S = 0 from day 30).
SELECT (k).* FROM (SELECT knee_rehab.recovery_km(30, true) AS k) s;
-- A single censoring (R: median NA).
SELECT (k).* FROM (SELECT knee_rehab.recovery_km(30, false) AS k) s;
-- No rows: n = 0, events = 0, the rest NULL; an empty state gives no curve.
SELECT (k).* FROM (SELECT knee_rehab.recovery_km(days, recovered) AS k FROM km WHERE false) s;
SELECT count(*) AS curve_rows FROM knee_rehab.recovery_curve(
  (SELECT knee_rehab.recovery_km_state(days, recovered) FROM km WHERE false));
-- NULL days or NULL recovered: the row is ignored (D plus two such rows = D).
SELECT knee_rehab.recovery_km(days, recovered) = (SELECT knee_rehab.recovery_km(days, recovered) FROM km WHERE set = 'D')
       AS nulls_ignored
  FROM (SELECT days, recovered FROM km WHERE set = 'D'
        UNION ALL VALUES (NULL::float8, true), (5, NULL::boolean)) s;
-- Day 0 counts (a recovery at the first visit), and -0 is 0.
SELECT (k).n, (k).events, (k).median_days
  FROM (SELECT knee_rehab.recovery_km(d, true) AS k FROM unnest('{0,-0,7}'::float8[]) d) s;
-- Fractional days are distinct times.
SELECT c.day, c.events FROM knee_rehab.recovery_curve(
  (SELECT knee_rehab.recovery_km_state(d, true) FROM unnest('{1.5,1.25,1.5}'::float8[]) d)) c;

-- Errors: negative, NaN, Infinity days -> 22003.
SELECT knee_rehab.recovery_km(d, true) FROM unnest('{3,-1}'::float8[]) d;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_km('NaN', true);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_km('Infinity', false);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- A state that recovery_km_state did not make -> 2202E naming the function and the element.
SELECT * FROM knee_rehab.recovery_curve('{1,2,10,1,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.recovery_curve('{1,2,10,1,0,5,1,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.recovery_curve('{2,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.recovery_curve('{1,1,10,NULL,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT knee_rehab.recovery_km_summary('{1,1,10,0.5,0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
