-- Load versus pain, and any measure over time (src/trend.c).

CREATE TYPE @extschema@.load_pain_trend_result AS (
  n bigint,
  slope float8,
  intercept float8,
  r float8,
  r2 float8,
  slope_p_value float8,
  slope_ci_low float8,
  slope_ci_high float8,
  pain_free_capacity float8);
COMMENT ON TYPE @extschema@.load_pain_trend_result IS
  'Result of load_pain_trend: least-squares line pain = intercept + slope x load over n rows; r, r2; two-sided t test of the slope (n - 2 df) and its 95 % CI; pain_free_capacity = load at which the fitted line reaches knee_rehab.pain_free_nrs (practitioner guidance: run to the pain limit; an extrapolation of the fitted line, not a finding of Thomee 1997 or Silbernagel 2007).';

CREATE FUNCTION @extschema@.load_pain_trend_final(float8[]) RETURNS @extschema@.load_pain_trend_result
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_final'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_final(float8[]) IS
  'Final function of load_pain_trend: reads the state [N, Sx, Sxx, Sy, Syy, Sxy] (float8_regr_accum layout, X = pain, Y = load) as the regression of pain on load. slope/intercept/r/r2 use float.c''s formulas (equal to regr_slope/regr_intercept/corr/regr_r2) unless an intermediate product overflows or underflows, then rescaled formulas (sqrt(Sxx) sqrt(Syy), means times slope); r in [-1, 1], r2 in [0, 1]; a residual sum of squares at most 16 n DBL_EPSILON x Syy is a perfect fit (r = +-1, r2 = 1, CI of zero width, p = 0) whatever the row order; a result beyond float8 or sums of squares that underflowed: ERROR 22003 naming it. A state no rows can produce (count not whole, a non-finite element, sums of N = 0/1 rows not 0, a negative sum of squares, Sxy^2 > Sxx Syy beyond rounding): ERROR 2202E naming the element. STABLE: reads knee_rehab.pain_free_nrs. No clinical source: final function (the method and its sources are in load_pain_trend''s comment).';

CREATE FUNCTION @extschema@.load_pain_trend_combine(float8[], float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_combine'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_combine(float8[], float8[]) IS
  'Combine function of load_pain_trend: PostgreSQL''s float8_regr_combine (exact merge) for the transposed state, multiplying the cross term in regr_slope(pain, load)''s order so that parallel results equal it bit for bit. Both states are checked as load_pain_trend_final checks them (ERROR 2202E naming the element); a combined sum beyond float8: ERROR 22003. No clinical source: combine function (the method and its sources are in load_pain_trend''s comment).';

CREATE FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_accum'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8) IS
  'Transition function of load_pain_trend(load, pain): PostgreSQL''s float8_regr_accum(state, load, pain) arithmetic (Youngs-Cramer, same bits, same state layout), with NaN/Infinity load or pain refused per row (ERROR 22003 naming it), a sum that overflows named (ERROR 22003), and squared deviations that underflow kept non-zero so the final function reports them (22003) instead of a constant variable. Called directly, the state is checked first (ERROR 2202E) and not modified. No clinical source: transition function (the method and its sources are in load_pain_trend''s comment).';

CREATE AGGREGATE @extschema@.load_pain_trend(load float8, pain float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.load_pain_trend_combine,
  FINALFUNC = @extschema@.load_pain_trend_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.load_pain_trend(float8, float8) IS
  'Load versus pain: ordinary least squares of pain on load (pain recorded as in the pain-monitoring model, Thomee 1997); slope, intercept, r, r2 equal regr_slope/regr_intercept/corr/regr_r2(pain, load); slope_p_value (two-sided t, n - 2 df) and 95 % CI (GSL) as R summary(lm(pain ~ load)) / confint(); pain_free_capacity = (pain_free_nrs - intercept) / slope when slope > 0 (0 when the fitted pain is above pain_free_nrs even at load 0), else NULL: the load at which the fitted line reaches the pain-free level, after practitioner guidance (run to the pain limit, the distance or time at which pain starts); an extrapolation of a fitted line, not a published rule, least trustworthy beyond the loads actually run. Rows with a NULL are skipped; no rows: n = 0, rest NULL; all loads equal: slope NULL; n < 3: p-value and CI NULL; where regr_* overflow, rescaled formulas give the right value (r in [-1, 1], r2 in [0, 1]); a residual sum of squares at most 16 n DBL_EPSILON x the pain sum of squares is a perfect fit (r = +-1, r2 = 1, CI of zero width, p = 0), the same for every row order and parallel plan; NaN/Infinity, sums or results beyond float8, values differing too little to square (about 1e-146): ERROR 22003 naming what.';

CREATE TYPE @extschema@.weekly_trend_result AS (
  n bigint,
  slope_per_week float8,
  intercept float8,
  slope_ci_low float8,
  slope_ci_high float8,
  p_value float8,
  first_at timestamptz);
COMMENT ON TYPE @extschema@.weekly_trend_result IS
  'Result of weekly_trend: least-squares line value = intercept + slope_per_week x (weeks since first_at) over n rows, 95 % CI of the slope, two-sided t-test p-value (n - 2 df).';

CREATE FUNCTION @extschema@.weekly_trend_accum(float8[], timestamptz, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_weekly_trend_accum'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weekly_trend_accum(float8[], timestamptz, float8) IS
  'Transition function of weekly_trend: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of [N, Sx, Sxx, Sy, Syy, Sxy] with x = weeks, plus the first time (microseconds since 2000-01-01). A sum beyond float8: ERROR 22003 naming it. Called directly, the state is checked as weekly_trend_final checks it (ERROR 2202E) and not modified. No clinical source: transition function (the method and its sources are in weekly_trend''s comment).';

CREATE FUNCTION @extschema@.weekly_trend_combine(float8[], float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_weekly_trend_combine'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weekly_trend_combine(float8[], float8[]) IS
  'Combine function of weekly_trend: exact merge of two partial states (as PostgreSQL float8_regr_combine), earliest first time. Both states are checked as weekly_trend_final checks them (ERROR 2202E naming the element). No clinical source: combine function (the method and its sources are in weekly_trend''s comment).';

CREATE FUNCTION @extschema@.weekly_trend_final(float8[]) RETURNS @extschema@.weekly_trend_result
  AS 'MODULE_PATHNAME', 'kr_weekly_trend_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weekly_trend_final(float8[]) IS
  'Final function of weekly_trend: slope per week, intercept at the first observation, t-test and 95 % CI of the slope (GSL t distribution); a residual sum of squares at most 16 n DBL_EPSILON x Syy is a perfect fit (CI of zero width, p = 0) whatever the row order; a result beyond float8: ERROR 22003. A state no rows can produce (count not whole, a non-finite element, sums of N = 0/1 rows not 0, a negative sum of squares, Sxy^2 > Sxx Syy beyond rounding, a first time outside 1715-2285 or after the mean time): ERROR 2202E naming the element. No clinical source: final function (the method and its sources are in weekly_trend''s comment).';

CREATE AGGREGATE @extschema@.weekly_trend(at timestamptz, value float8) (
  SFUNC = @extschema@.weekly_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.weekly_trend_combine,
  FINALFUNC = @extschema@.weekly_trend_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.weekly_trend(timestamptz, float8) IS
  'Trend of any measure over time (pain-free run minutes, pain-onset distance, e1RM, AKPS): the pain-free limit should grow week on week (clinical reference, practitioner guidance). Ordinary least squares of value on time in weeks: slope_per_week, intercept (fitted value at the first observation), 95 % CI and two-sided t-test p-value (n - 2 df) as R lm()/confint(); a perfect fit (residual sum of squares at most 16 n DBL_EPSILON x Syy) has a CI of zero width and p = 0 for every row order. Rows with a NULL are skipped; no rows: n = 0, rest NULL; one time only: slope NULL; n < 3: CI and p NULL; NaN/Infinity value, infinite time, sums or results beyond float8: ERROR 22003.';

-- Two-level aggregation (Citus, rollups).  *_state returns a group's
-- float8[] state; *_merge combines states with the combine function and
-- finishes: a state per clinic (under Citus, per distribution-column
-- group, pushed down whole), then *_merge across the clinics.  Roll-ups,
-- not a Citus necessity: since Citus 9.5 the one-level aggregates split
-- into partial aggregates (worker_partial_agg) whatever their arity.
-- merge(state) over any partition of the rows equals the one-level
-- aggregate.
CREATE AGGREGATE @extschema@.load_pain_trend_state(load float8, pain float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.load_pain_trend_combine,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.load_pain_trend_state(float8, float8) IS
  'The float8[] state of load_pain_trend for a group (regression sums, as float8_regr_accum), for load_pain_trend_merge: two-level aggregation across Citus shards or stored rollups. No clinical source: two-level aggregation support (the method and its sources are in load_pain_trend''s comment).';
CREATE AGGREGATE @extschema@.load_pain_trend_merge(state float8[]) (
  SFUNC = @extschema@.load_pain_trend_combine,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.load_pain_trend_combine,
  FINALFUNC = @extschema@.load_pain_trend_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.load_pain_trend_merge(float8[]) IS
  'load_pain_trend of the rows behind several load_pain_trend_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in load_pain_trend''s comment).';

CREATE AGGREGATE @extschema@.weekly_trend_state(at timestamptz, value float8) (
  SFUNC = @extschema@.weekly_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.weekly_trend_combine,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.weekly_trend_state(timestamptz, float8) IS
  'The float8[] state of weekly_trend for a group, for weekly_trend_merge (two-level aggregation across Citus shards or stored rollups). No clinical source: two-level aggregation support (the method and its sources are in weekly_trend''s comment).';
CREATE AGGREGATE @extschema@.weekly_trend_merge(state float8[]) (
  SFUNC = @extschema@.weekly_trend_combine,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.weekly_trend_combine,
  FINALFUNC = @extschema@.weekly_trend_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.weekly_trend_merge(float8[]) IS
  'weekly_trend of the rows behind several weekly_trend_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in weekly_trend''s comment).';

-- load_pain_trend with the pain-free level passed in, so that
-- pain_free_capacity does not depend on the session where a group
-- finishes (under Citus a group pushed down to a shard finishes in a
-- worker's session, which does not see the coordinator's SET).  Its state
-- is the regression state plus the level (element 7, NaN until a row).
CREATE FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_accum_level'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_accum(float8[], float8, float8, float8) IS
  'Transition function of load_pain_trend(load, pain, pain_free_nrs): the 3-argument load_pain_trend_accum''s arithmetic on elements 1-6, and the pain-free level (NRS 0-10) in element 7, the same for every row of a group (else ERROR 22023). Not strict: a row with a NULL load or pain is skipped, a NULL level is ERROR 22004, a level out of range 22003. No clinical source: transition function (the method and its sources are in load_pain_trend''s comment).';

CREATE FUNCTION @extschema@.load_pain_trend_level_combine(float8[], float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_level_combine'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_level_combine(float8[], float8[]) IS
  'Combine function of load_pain_trend(load, pain, pain_free_nrs): load_pain_trend_combine on elements 1-6 (exact merge), the level (element 7) of whichever part has one; two different levels: ERROR 22023; a malformed state: ERROR 2202E. No clinical source: combine function (the method and its sources are in load_pain_trend''s comment).';

CREATE FUNCTION @extschema@.load_pain_trend_level_final(float8[]) RETURNS @extschema@.load_pain_trend_result
  AS 'MODULE_PATHNAME', 'kr_load_pain_trend_level_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.load_pain_trend_level_final(float8[]) IS
  'Final function of load_pain_trend(load, pain, pain_free_nrs): load_pain_trend_final with pain_free_capacity computed at the level in element 7 instead of the setting. A malformed state: ERROR 2202E. No clinical source: final function (the method and its sources are in load_pain_trend''s comment).';

CREATE AGGREGATE @extschema@.load_pain_trend(load float8, pain float8, pain_free_nrs float8) (
  SFUNC = @extschema@.load_pain_trend_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,NaN}',
  COMBINEFUNC = @extschema@.load_pain_trend_level_combine,
  FINALFUNC = @extschema@.load_pain_trend_level_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.load_pain_trend(float8, float8, float8) IS
  'load_pain_trend with the pain-free level passed in (NRS 0-10, e.g. knee_rehab.pain_free_nrs(); one value per group, else ERROR 22023; NULL: ERROR 22004): the same result as the 2-argument form under that setting, wherever it runs (Citus workers do not see a coordinator session''s SET). pain_free_capacity = (pain_free_nrs - intercept) / slope when slope > 0: practitioner guidance (run to the pain limit), an extrapolation of the fitted line; pain-monitoring model, Thomee 1997.';
