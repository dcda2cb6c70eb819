/* knee_rehab 0.2.0 -> 0.3.0: ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'.
 *
 * Changes since 0.2.0, newest last.  Every change to a SQL file in src/ that
 * alters what CREATE EXTENSION knee_rehab installs is repeated here, so that
 * a 0.2.0 (or 0.1.0, through 0.2.0) database updated to 0.3.0 has exactly
 * the schema of a fresh 0.3.0 install; test/shell/upgrade.sh compares the
 * two (catalogs and pg_dump --binary-upgrade) and fails on any difference.
 * Append new entries at the end under a "-- ----" heading naming the issue
 * and the change; use @extschema@. as the install files do.
 * src/versions/knee_rehab--0.2.0.sql and every earlier script are released
 * and frozen: never edit them.
 *
 * Writing an entry: CREATE OR REPLACE FUNCTION for a changed body or
 * attributes (a changed signature or return type: DROP then CREATE, then its
 * COMMENT and GRANTs again); CREATE OR REPLACE VIEW only appends columns
 * (otherwise DROP VIEW, CREATE VIEW, COMMENT, GRANT); a new table column goes
 * last in its CREATE TABLE too, or the column order differs; new tables and
 * sequences that hold user data need pg_extension_config_dump here as well.
 * Keep slash-star out of this comment: PostgreSQL nests block comments.
 */
\echo Use "ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'" to load this file. \quit

-- ---- numbers: issue 13 item 8 and issue 15 item 7 (finite inputs give
-- possible numbers; malformed states are 2202E; perfect fits do not depend
-- on row order).  load_pain_trend's transition is now the extension's own
-- load_pain_trend_accum (float8_regr_accum's arithmetic and state layout,
-- so 0.2.0 states stored from load_pain_trend_state still merge); the
-- aggregates are replaced in place, so views using them keep working.
CREATE FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_accum'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8) IS
  'Transition function of load_pain_trend(load, pain): PostgreSQL''s float8_regr_accum(state, load, pain) arithmetic (Youngs-Cramer, same bits, same state layout), with NaN/Infinity load or pain refused per row (ERROR 22003 naming it), a sum that overflows named (ERROR 22003), and squared deviations that underflow kept non-zero so the final function reports them (22003) instead of a constant variable. Called directly, the state is checked first (ERROR 2202E) and not modified.';

COMMENT ON FUNCTION @extschema@.load_pain_trend_final(float8[]) IS
  'Final function of load_pain_trend: reads the state [N, Sx, Sxx, Sy, Syy, Sxy] (float8_regr_accum layout, X = pain, Y = load) as the regression of pain on load. slope/intercept/r/r2 use float.c''s formulas (equal to regr_slope/regr_intercept/corr/regr_r2) unless an intermediate product overflows or underflows, then rescaled formulas (sqrt(Sxx) sqrt(Syy), means times slope); r in [-1, 1], r2 in [0, 1]; a residual sum of squares at most 16 n DBL_EPSILON x Syy is a perfect fit (r = +-1, r2 = 1, CI of zero width, p = 0) whatever the row order; a result beyond float8 or sums of squares that underflowed: ERROR 22003 naming it. A state no rows can produce (count not whole, a non-finite element, sums of N = 0/1 rows not 0, a negative sum of squares, Sxy^2 > Sxx Syy beyond rounding): ERROR 2202E naming the element. STABLE: reads knee_rehab.pain_free_nrs.';

COMMENT ON FUNCTION @extschema@.load_pain_trend_combine(float8[], float8[]) IS
  'Combine function of load_pain_trend: PostgreSQL''s float8_regr_combine (exact merge) for the transposed state, multiplying the cross term in regr_slope(pain, load)''s order so that parallel results equal it bit for bit. Both states are checked as load_pain_trend_final checks them (ERROR 2202E naming the element); a combined sum beyond float8: ERROR 22003.';

CREATE OR REPLACE AGGREGATE @extschema@.load_pain_trend(load float8, pain float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.load_pain_trend_combine,
  FINALFUNC = @extschema@.load_pain_trend_final,
  PARALLEL = SAFE);

COMMENT ON AGGREGATE @extschema@.load_pain_trend(float8, float8) IS
  'Load versus pain (pain-monitoring model: Thomee 1997; Silbernagel 2007 AJSM 35:897): ordinary least squares of pain on load; slope, intercept, r, r2 equal regr_slope/regr_intercept/corr/regr_r2(pain, load) (where those overflow, rescaled formulas give the right value; r stays in [-1, 1], r2 in [0, 1]); slope_p_value (two-sided t, n - 2 df) and 95 % CI (GSL) as R summary(lm(pain ~ load)) / confint(); a residual sum of squares at most 16 n DBL_EPSILON x the pain sum of squares is a perfect fit (r = +-1, r2 = 1, CI of zero width, p = 0), the same for every row order and parallel plan; pain_free_capacity = (pain_free_nrs - intercept) / slope when slope > 0 (0 when the fitted pain is above pain_free_nrs even at load 0), else NULL. Rows with a NULL are skipped; no rows: n = 0, rest NULL; all loads equal: slope NULL; n < 3: p-value and CI NULL; NaN/Infinity, sums or results beyond float8, values differing too little to square (about 1e-146): ERROR 22003 naming what.';

CREATE OR REPLACE AGGREGATE @extschema@.load_pain_trend_state(load float8, pain float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.load_pain_trend_combine,
  PARALLEL = SAFE);

COMMENT ON FUNCTION @extschema@.weekly_trend_accum(float8[], timestamptz, float8) IS
  'Transition function of weekly_trend: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of [N, Sx, Sxx, Sy, Syy, Sxy] with x = weeks, plus the first time (microseconds since 2000-01-01). A sum beyond float8: ERROR 22003 naming it. Called directly, the state is checked as weekly_trend_final checks it (ERROR 2202E) and not modified.';

COMMENT ON FUNCTION @extschema@.weekly_trend_combine(float8[], float8[]) IS
  'Combine function of weekly_trend: exact merge of two partial states (as PostgreSQL float8_regr_combine), earliest first time. Both states are checked as weekly_trend_final checks them (ERROR 2202E naming the element).';

COMMENT ON FUNCTION @extschema@.weekly_trend_final(float8[]) IS
  'Final function of weekly_trend: slope per week, intercept at the first observation, t-test and 95 % CI of the slope (GSL t distribution); a residual sum of squares at most 16 n DBL_EPSILON x Syy is a perfect fit (CI of zero width, p = 0) whatever the row order; a result beyond float8: ERROR 22003. A state no rows can produce (count not whole, a non-finite element, sums of N = 0/1 rows not 0, a negative sum of squares, Sxy^2 > Sxx Syy beyond rounding, a first time outside 1715-2285 or after the mean time): ERROR 2202E naming the element.';

COMMENT ON AGGREGATE @extschema@.weekly_trend(timestamptz, float8) IS
  'Trend of any measure over time (pain-free run minutes, pain-onset distance, e1RM, AKPS): the pain-free limit should grow week on week (clinical reference, practitioner guidance). Ordinary least squares of value on time in weeks: slope_per_week, intercept (fitted value at the first observation), 95 % CI and two-sided t-test p-value (n - 2 df) as R lm()/confint(); a perfect fit (residual sum of squares at most 16 n DBL_EPSILON x Syy) has a CI of zero width and p = 0 for every row order. Rows with a NULL are skipped; no rows: n = 0, rest NULL; one time only: slope NULL; n < 3: CI and p NULL; NaN/Infinity value, infinite time, sums or results beyond float8: ERROR 22003.';

COMMENT ON FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8) IS
  'Transition function of knee_bend_progress: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of the angle and pain regressions on time in weeks, first/last test, best pain-free angle, first ready time. STABLE: reads knee_rehab.pain_free_nrs and knee_bend_target_deg. A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order.';

COMMENT ON FUNCTION @extschema@.knee_bend_progress_combine(float8[], float8[]) IS
  'Combine function of knee_bend_progress: exact merge of two partial states (as PostgreSQL float8_regr_combine). A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order.';

COMMENT ON FUNCTION @extschema@.knee_bend_progress_final(float8[]) IS
  'Final function of knee_bend_progress: slopes per week with 95 % CIs (GSL t distribution, n - 2 df) and the trend rule. A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order.';

COMMENT ON FUNCTION @extschema@.recovery_km_accum(float8[], float8, boolean) IS
  'Transition function of recovery_km / recovery_km_state: adds one episode to the sorted (time, events, censored) list. days >= 0 and finite, else ERROR 22003; NULL days or recovered: row ignored. Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_km_combine(float8[], float8[]) IS
  'Combine function of recovery_km / recovery_km_state: merges two sorted (time, events, censored) lists exactly (parallel and Citus aggregation). Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_km_final(float8[]) IS
  'Final function of recovery_km (Kaplan-Meier 1958; Greenwood variance; log-log CI of the median, Brookmeyer-Crowley 1982, as R survival::survfit). A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_km_state_final(float8[]) IS
  'Final function of recovery_km_state: the compact (time, events, censored) list. Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_curve(float8[]) IS
  'Kaplan-Meier steps from a recovery_km_state array, one row per distinct day (as R summary(survfit(...), censored = TRUE)): at_risk, events, censored, survival S(day), 95 % log-log pointwise band (Greenwood variance; NULL where S is 0 or 1, as R). A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.ewma_acwr_accum(float8[], date, float8) IS
  'Transition function of ewma_acwr and ewma_loads: adds one (day, load) row to the float8[8] state {rows, first day, last day, first-day load, acute weight, chronic weight, acute tail, chronic tail}. Days must not go backwards (ERROR 22023); load >= 0 and finite (ERROR 22003). EWMA after Williams 2017 (BJSM 51:209). A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.ewma_acwr_combine(float8[], float8[]) IS
  'Combine function of ewma_acwr and ewma_loads: merges two partial states over disjoint day ranges exactly (EWMA is linear in the loads; the earlier state decays to the later one''s last day). Overlapping day ranges: ERROR 22023. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.ewma_acwr_final(float8[]) IS
  'Final function of ewma_acwr: acute EWMA / chronic EWMA at the last day accumulated; NULL for no rows or a chronic EWMA of 0. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.ewma_loads_final(float8[]) IS
  'Final function of ewma_loads: {acute EWMA, chronic EWMA} at the last day accumulated; NULL for no rows. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

COMMENT ON FUNCTION @extschema@.recovery_km_summary(float8[]) IS
  'The recovery_km result (Kaplan-Meier, log-log CI of the median as R survival::survfit) from a recovery_km_state array; a malformed state is ERROR 2202E naming the element (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53).';
