-- funnel_limits: Spiegelhalter (2005) funnel limits for O/E around 1.
-- By hand for expected E = 4 (Poisson(4): P(R <= r) = e^-4 sum 4^i / i!):
--   P(<=0) = 0.0183156, P(<=1) = 0.0915782, P(<=7) = 0.9488664, P(<=8) = 0.9786366
--   p = 0.025: r_p = 1, alpha = (0.0915782 - 0.025) / (0.0915782 - 0.0183156) = 0.908760,
--     lower_95 = (1 - 0.908760) / 4 = 0.022810
--   p = 0.975: r_p = 8, alpha = (0.9786366 - 0.975) / (0.9786366 - 0.9488664) = 0.122156,
--     upper_95 = (8 - 0.122156) / 4 = 1.969461
-- The same arithmetic in SQL (Poisson CDF as a sum of exp terms), then R:
--   lim <- function(E, p) { r <- qpois(p, E)
--     a <- (ppois(r, E) - p) / (ppois(r, E) - ppois(r - 1, E)); (r - a) / E }
--   lim(E, c(0.025, 0.975, 0.001, 0.999)) for E = 0.5, 4, 25, 100, 1234.5
-- (lower limits below 0 are reported as 0).
SET extra_float_digits = 0;
CREATE FUNCTION pg_temp.ppois(r int, e float8) RETURNS float8 LANGUAGE sql IMMUTABLE
  RETURN (SELECT coalesce(sum(exp((-e + i * ln(e))::numeric - ln(factorial(i)))), 0)::float8 FROM generate_series(0, r) i);
CREATE FUNCTION pg_temp.lim(e float8, p float8) RETURNS float8 LANGUAGE sql IMMUTABLE
  RETURN (SELECT greatest(0, (r - (pg_temp.ppois(r, e) - p) / (pg_temp.ppois(r, e) - pg_temp.ppois(r - 1, e))) / e)
            FROM generate_series(0, 200) r WHERE pg_temp.ppois(r, e) >= p ORDER BY r LIMIT 1);
SELECT e, round(f.lower_95::numeric, 6) AS lower_95, round(f.upper_95::numeric, 6) AS upper_95,
       round(f.lower_998::numeric, 6) AS lower_998, round(f.upper_998::numeric, 6) AS upper_998,
       abs(f.lower_95 - pg_temp.lim(e, 0.025)) < 1e-9 AND abs(f.upper_95 - pg_temp.lim(e, 0.975)) < 1e-9
         AND abs(f.lower_998 - pg_temp.lim(e, 0.001)) < 1e-9 AND abs(f.upper_998 - pg_temp.lim(e, 0.999)) < 1e-9 AS as_by_hand
  FROM unnest('{0.5,4,25,100}'::float8[]) e, knee_rehab.funnel_limits(e) f;
CREATE TEMP TABLE r_funnel (e float8, l95 float8, u95 float8, l998 float8, u998 float8);
INSERT INTO r_funnel VALUES
  (0.5, -1.9175639364649935, 3.7200518229219992, -1.9967025574585997, 6.9517179618007328),
  (4, 0.022809609426787836, 1.9694613422506955, -0.23635046249171393, 2.7389881496291704),
  (25, 0.60700626131422131, 1.3910686876035887, 0.41994130028839854, 1.6538609389888006),
  (100, 0.80366337121747122, 1.1958089485211729, 0.70065284264843997, 1.3180475039762412),
  (1234.5, 0.94419377257309756, 1.0557630361404793, 0.9128045630441568, 1.0886904373616297);
SELECT r.e, abs(f.lower_95 - greatest(0, r.l95)) < 1e-9 AND abs(f.upper_95 - r.u95) < 1e-9
         AND abs(f.lower_998 - greatest(0, r.l998)) < 1e-9 AND abs(f.upper_998 - r.u998) < 1e-9 AS as_r
  FROM r_funnel r, knee_rehab.funnel_limits(r.e) f ORDER BY r.e;
-- A small fixture: six clinics with their episodes by risk tier and the
-- network's recovered-by-12-weeks share per tier (low 0.6, moderate 0.45,
-- high 0.3).  Expected = sum over tiers of episodes x network share; the
-- limits at each E by the formula above (R lim(E, p), 4 decimals):
--   c1: 10 low, 10 moderate  E = 6 + 4.5 = 10.5  O = 10  O/E 0.9524  95 %: 0.3937-1.6022          -> within
--   c2: 20 low               E = 12              O = 21  O/E 1.75    95 %: -1.5641, 99.8 %: -1.9667 -> above_95
--   c3: 30 high              E = 9               O = 2   O/E 0.2222  95 %: 0.3458-, 99.8 %: 0.0877- -> below_95
--   c4: 40 moderate, 40 high E = 18 + 12 = 30    O = 55  O/E 1.8333  99.8 %: -1.5937               -> above_99.8
--   c5: 40 low               E = 24              O = 24  O/E 1                                      -> within
--   c6: 40 moderate          E = 18              O = 1   O/E 0.0556  99.8 %: 0.3300-                -> below_99.8
CREATE TEMP TABLE fix (clinic text, tier text, episodes int);
INSERT INTO fix VALUES ('c1', 'low', 10), ('c1', 'moderate', 10), ('c2', 'low', 20), ('c3', 'high', 30),
  ('c4', 'moderate', 40), ('c4', 'high', 40), ('c5', 'low', 40), ('c6', 'moderate', 40);
CREATE TEMP TABLE net (tier text, share float8);
INSERT INTO net VALUES ('low', 0.6), ('moderate', 0.45), ('high', 0.3);
CREATE TEMP TABLE obs (clinic text, observed float8);
INSERT INTO obs VALUES ('c1', 10), ('c2', 21), ('c3', 2), ('c4', 55), ('c5', 24), ('c6', 1);
SELECT clinic, e.expected, o.observed, round(f.ratio::numeric, 6) AS ratio,
       round(f.lower_95::numeric, 4) AS lower_95, round(f.upper_95::numeric, 4) AS upper_95,
       round(f.lower_998::numeric, 4) AS lower_998, round(f.upper_998::numeric, 4) AS upper_998, f.funnel_position
  FROM (SELECT clinic, sum(episodes * share) AS expected FROM fix JOIN net USING (tier) GROUP BY clinic) e
  JOIN obs o USING (clinic), knee_rehab.funnel_limits(e.expected, o.observed) f
 ORDER BY clinic;
-- Limits only; errors.
SELECT ratio IS NULL AND funnel_position IS NULL AS no_observed FROM knee_rehab.funnel_limits(10);
SELECT * FROM knee_rehab.funnel_limits(0, 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.funnel_limits(5, -1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.funnel_limits('NaN', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM knee_rehab.funnel_limits(2e8, 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
