-- Small knee bend: readiness to run and progression (src/knee_bend.c).

CREATE FUNCTION @extschema@.ready_to_run(angle_deg float8, pain_nrs float8) RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_ready_to_run'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ready_to_run(float8, float8) IS
  'Ready to run: small knee bend (single-leg bend, clinical reference) reaches knee_rehab.knee_bend_target_deg (default 30) with pain_nrs <= knee_rehab.pain_free_nrs (default 0). angle_deg 0-160, pain_nrs 0-10, else ERROR 22003; NULL when either is not recorded. STABLE: reads the settings. Practitioner guidance: do the small knee bend before every run, do not run when it hurts (closest published protocol Rathleff 2022).';

CREATE FUNCTION @extschema@.ready_to_run(angle_deg float8, pain_nrs float8, pain_free_nrs float8, target_deg float8)
  RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_ready_to_run_levels'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ready_to_run(float8, float8, float8, float8) IS
  'ready_to_run with the levels passed in: angle_deg >= target_deg and pain_nrs <= pain_free_nrs (e.g. knee_rehab.knee_bend_target_deg() and knee_rehab.pain_free_nrs(), read once by the caller; a Citus worker does not see the session''s SET). angle_deg and target_deg 0-160 degrees, pain_nrs and pain_free_nrs 0-10 NRS points, else ERROR 22003; NULL when any is NULL. Practitioner guidance: do the small knee bend before every run, do not run when it hurts (closest published protocol Rathleff 2022).';

CREATE TYPE @extschema@.knee_bend_progress_result AS (
  n bigint,
  first_tested_at timestamptz,
  last_tested_at timestamptz,
  first_angle_deg float8,
  last_angle_deg float8,
  best_pain_free_angle_deg float8,
  angle_slope_per_week float8,
  angle_slope_ci_low float8,
  angle_slope_ci_high float8,
  pain_slope_per_week float8,
  pain_slope_ci_low float8,
  pain_slope_ci_high float8,
  first_ready_at timestamptz,
  trend text);
COMMENT ON TYPE @extschema@.knee_bend_progress_result IS
  'Result of knee_bend_progress: first/last small knee bend test, best pain-free angle, least-squares slopes of angle (degrees/week) and pain (NRS/week) with 95 % CIs, the first test meeting ready_to_run, and the trend (improving | stable | worsening | insufficient_data).';

CREATE FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_knee_bend_accum'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8) IS
  'Transition function of knee_bend_progress: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of the angle and pain regressions on time in weeks, first/last test, best pain-free angle, first ready time. STABLE: reads knee_rehab.pain_free_nrs and knee_bend_target_deg. A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order. No clinical source: transition function (the method and its sources are in knee_bend_progress''s comment).';

CREATE FUNCTION @extschema@.knee_bend_progress_combine(float8[], float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_knee_bend_combine'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.knee_bend_progress_combine(float8[], float8[]) IS
  'Combine function of knee_bend_progress: exact merge of two partial states (as PostgreSQL float8_regr_combine). A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order. No clinical source: combine function (the method and its sources are in knee_bend_progress''s comment).';

CREATE FUNCTION @extschema@.knee_bend_progress_final(float8[]) RETURNS @extschema@.knee_bend_progress_result
  AS 'MODULE_PATHNAME', 'kr_knee_bend_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.knee_bend_progress_final(float8[]) IS
  'Final function of knee_bend_progress: slopes per week with 95 % CIs (GSL t distribution, n - 2 df) and the trend rule. A caller''s state (direct call; both states in combine; every state in knee_bend_progress_merge) is checked: count whole, elements finite, sums of N = 0/1 rows 0, sums of squares >= 0, Sxy^2 <= Sxx Syy within rounding, first <= last test time, angles 0-160, ready time between first and last, mean time/angle/pain within range; else ERROR 2202E naming the element. A perfect fit (residual sum of squares <= 16 n DBL_EPSILON x Syy) has a CI of zero width for every row order. No clinical source: final function (the method and its sources are in knee_bend_progress''s comment).';

CREATE AGGREGATE @extschema@.knee_bend_progress(tested_at timestamptz, angle_deg float8, pain_nrs float8) (
  SFUNC = @extschema@.knee_bend_progress_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}',
  COMBINEFUNC = @extschema@.knee_bend_progress_combine,
  FINALFUNC = @extschema@.knee_bend_progress_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.knee_bend_progress(timestamptz, float8, float8) IS
  'Small knee bend progression (clinical reference: bend to knee_rehab.knee_bend_target_deg pain-free before running). trend: insufficient_data when n < 3 or the tests span < 1 week; improving when the angle slope 95 % CI is above 0 or the pain slope CI below 0 and neither is on the worsening side; worsening the mirror; stable otherwise. Rows with a NULL are skipped; no rows: n = 0, rest NULL; angle 0-160, pain 0-10, finite time, else ERROR 22003. Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';

-- Two-level aggregation (Citus, rollups): see load_pain_trend_state in
-- trend.sql.
CREATE AGGREGATE @extschema@.knee_bend_progress_state(tested_at timestamptz, angle_deg float8, pain_nrs float8) (
  SFUNC = @extschema@.knee_bend_progress_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}',
  COMBINEFUNC = @extschema@.knee_bend_progress_combine,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_state(timestamptz, float8, float8) IS
  'The float8[] state of knee_bend_progress for a group, for knee_bend_progress_merge (two-level aggregation across Citus shards or stored rollups). No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';
CREATE AGGREGATE @extschema@.knee_bend_progress_merge(state float8[]) (
  SFUNC = @extschema@.knee_bend_progress_combine,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}',
  COMBINEFUNC = @extschema@.knee_bend_progress_combine,
  FINALFUNC = @extschema@.knee_bend_progress_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_merge(float8[]) IS
  'knee_bend_progress of the tests behind several knee_bend_progress_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';

-- The same with the pain-free level and the target angle passed in, so the
-- result does not depend on the settings of the session it runs in (under
-- Citus a group pushed down to a shard runs in a worker's session, which
-- does not see the coordinator's SET): episode_outcome passes the
-- coordinator's values, read once.
CREATE FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8, float8, float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_knee_bend_accum_levels'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8, float8, float8) IS
  'Transition function of knee_bend_progress(tested_at, angle_deg, pain_nrs, pain_free_nrs, target_deg): as the 4-argument knee_bend_progress_accum, with the pain-free level (NRS 0-10) and the target angle (degrees 0-160) from its last two arguments instead of the settings. Not strict: a row with a NULL tested_at, angle or pain is skipped, a NULL level is ERROR 22004, a level out of range 22003. No clinical source: transition function (the method and its sources are in knee_bend_progress''s comment).';

CREATE AGGREGATE @extschema@.knee_bend_progress(tested_at timestamptz, angle_deg float8, pain_nrs float8,
                                                pain_free_nrs float8, target_deg float8) (
  SFUNC = @extschema@.knee_bend_progress_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}',
  COMBINEFUNC = @extschema@.knee_bend_progress_combine,
  FINALFUNC = @extschema@.knee_bend_progress_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.knee_bend_progress(timestamptz, float8, float8, float8, float8) IS
  'knee_bend_progress with the pain-free level (NRS 0-10, e.g. knee_rehab.pain_free_nrs()) and the small knee bend target angle (degrees 0-160, e.g. knee_rehab.knee_bend_target_deg()) passed in: the same result as the 3-argument form under those settings, wherever it runs (Citus workers do not see a coordinator session''s SET). One value per query; NULL level: ERROR 22004. Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';

CREATE AGGREGATE @extschema@.knee_bend_progress_state(tested_at timestamptz, angle_deg float8, pain_nrs float8,
                                                      pain_free_nrs float8, target_deg float8) (
  SFUNC = @extschema@.knee_bend_progress_accum,
  STYPE = float8[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,NaN,NaN}',
  COMBINEFUNC = @extschema@.knee_bend_progress_combine,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_state(timestamptz, float8, float8, float8, float8) IS
  'knee_bend_progress_state with the pain-free level and target angle passed in (as the 5-argument knee_bend_progress), for knee_bend_progress_merge. No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';
