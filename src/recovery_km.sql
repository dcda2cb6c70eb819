-- Time to recovery: Kaplan-Meier with right censoring (src/recovery_km.c).

CREATE TYPE @extschema@.recovery_km_result AS (
  n                 bigint,
  events            bigint,
  median_days       float8,
  median_ci_low     float8,
  median_ci_high    float8,
  recovered_by_6wk  float8,
  recovered_by_12wk float8
);
COMMENT ON TYPE @extschema@.recovery_km_result IS
  'Result of recovery_km: episodes, recoveries (events), Kaplan-Meier median days to recovery with its 95 % log-log (Brookmeyer-Crowley) confidence limits, and 1 - S(42), 1 - S(84) - as R survival::survfit(conf.type = "log-log").';

CREATE FUNCTION @extschema@.recovery_km_accum(state float8[], days float8, recovered boolean)
  RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_recovery_km_accum'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_km_accum(float8[], float8, boolean) IS
  'Transition function of recovery_km / recovery_km_state: adds one episode to the sorted (time, events, censored) list. days >= 0 and finite, else ERROR 22003; NULL days or recovered: row ignored. Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

CREATE FUNCTION @extschema@.recovery_km_combine(a float8[], b float8[])
  RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_recovery_km_combine'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_km_combine(float8[], float8[]) IS
  'Combine function of recovery_km / recovery_km_state: merges two sorted (time, events, censored) lists exactly (parallel and Citus aggregation). Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

CREATE FUNCTION @extschema@.recovery_km_final(state float8[])
  RETURNS @extschema@.recovery_km_result
  AS 'MODULE_PATHNAME', 'kr_recovery_km_final'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_km_final(float8[]) IS
  'Final function of recovery_km (Kaplan-Meier 1958; Greenwood variance; log-log CI of the median, Brookmeyer-Crowley 1982, as R survival::survfit). A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

CREATE FUNCTION @extschema@.recovery_km_state_final(state float8[])
  RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_recovery_km_state_final'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_km_state_final(float8[]) IS
  'Final function of recovery_km_state: the compact (time, events, censored) list. Kaplan-Meier 1958. A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element.';

CREATE AGGREGATE @extschema@.recovery_km(days float8, recovered boolean) (
  SFUNC = @extschema@.recovery_km_accum,
  STYPE = float8[],
  COMBINEFUNC = @extschema@.recovery_km_combine,
  FINALFUNC = @extschema@.recovery_km_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.recovery_km(float8, boolean) IS
  'Kaplan-Meier time to recovery with right censoring (Kaplan & Meier 1958): n, events, median_days, 95 % CI of the median by the log-log method (Brookmeyer & Crowley 1982), recovered_by_6wk/12wk = 1 - S(42)/S(84); agrees with R survival::survfit(Surv(days, recovered) ~ 1, conf.type = "log-log") to 1e-9. days >= 0 (else ERROR 22003); rows with NULL days or recovered are ignored; at most 100000 distinct days (else ERROR 54000).';

CREATE AGGREGATE @extschema@.recovery_km_state(days float8, recovered boolean) (
  SFUNC = @extschema@.recovery_km_accum,
  STYPE = float8[],
  COMBINEFUNC = @extschema@.recovery_km_combine,
  FINALFUNC = @extschema@.recovery_km_state_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.recovery_km_state(float8, boolean) IS
  'The Kaplan-Meier data of a group as a float8[] {1, k, t1, events1, censored1, ...} (sorted distinct times) for recovery_curve and recovery_km_summary; same input rules as recovery_km (Kaplan & Meier 1958).';

CREATE FUNCTION @extschema@.recovery_km_summary(state float8[])
  RETURNS @extschema@.recovery_km_result
  AS 'MODULE_PATHNAME', 'kr_recovery_km_summary'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_km_summary(float8[]) IS
  'The recovery_km result (Kaplan-Meier, log-log CI of the median as R survival::survfit) from a recovery_km_state array; a malformed state is ERROR 2202E naming the element (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53). Kaplan and Meier 1958 (JASA 53:457).';

CREATE FUNCTION @extschema@.recovery_curve(state float8[],
    OUT day float8, OUT at_risk bigint, OUT events bigint, OUT censored bigint,
    OUT survival float8, OUT ci_low float8, OUT ci_high float8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'kr_recovery_curve'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION @extschema@.recovery_curve(float8[]) IS
  'Kaplan-Meier steps from a recovery_km_state array, one row per distinct day (as R summary(survfit(...), censored = TRUE)): at_risk, events, censored, survival S(day), 95 % log-log pointwise band (Greenwood variance; NULL where S is 0 or 1, as R). A caller''s state is checked (version 1, whole count of distinct times fitting the array, increasing finite times >= 0, whole non-negative counts with at least one episode per time, total <= 2^53); else ERROR 2202E naming the element. Kaplan and Meier 1958 (JASA 53:457).';

-- Two-level aggregation (Citus, rollups): recovery_km_state per group, then
-- recovery_km_merge across groups.  One argument, so Citus aggregates it
-- partially on the workers (see load_pain_trend_state in trend.sql).
CREATE AGGREGATE @extschema@.recovery_km_merge(state float8[]) (
  SFUNC = @extschema@.recovery_km_combine,
  STYPE = float8[],
  COMBINEFUNC = @extschema@.recovery_km_combine,
  FINALFUNC = @extschema@.recovery_km_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.recovery_km_merge(float8[]) IS
  'recovery_km (Kaplan & Meier 1958; log-log CI as R survival::survfit) of the episodes behind several recovery_km_state states (exact merge) (two-level aggregation: per-clinic states rolled up into the network''s). A malformed state: ERROR 2202E.';

CREATE AGGREGATE @extschema@.recovery_km_state_merge(state float8[]) (
  SFUNC = @extschema@.recovery_km_combine,
  STYPE = float8[],
  COMBINEFUNC = @extschema@.recovery_km_combine,
  FINALFUNC = @extschema@.recovery_km_state_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.recovery_km_state_merge(float8[]) IS
  'The recovery_km_state of the episodes behind several recovery_km_state states (exact merge of the Kaplan-Meier counts, Kaplan 1958): a state again, for rolling per-clinic states up to the network (cohort_recovery_state). A malformed state: ERROR 2202E.';
