-- Comparing time to recovery between cohorts: log-rank test and Cox
-- hazard ratios from a mergeable aggregate state (src/recovery_compare.c).

CREATE TYPE @extschema@.recovery_compare_data AS (
  cohorts text[],
  data    float8[]
);
COMMENT ON TYPE @extschema@.recovery_compare_data IS
  'State of recovery_compare_state: the cohort labels in byte order and a float8[] {1, cohorts g, distinct days k, then per day: day, events and censored of each cohort} - the data of the log-rank test (Mantel 1966) and the Cox model (Cox 1972) as R survival::survdiff / coxph(Surv(days, recovered) ~ cohort). A composite, so it has text and binary I/O for parallel workers and Citus.';

CREATE FUNCTION @extschema@.recovery_compare_accum(state @extschema@.recovery_compare_data,
    days float8, recovered boolean, cohort text)
  RETURNS @extschema@.recovery_compare_data
  AS 'MODULE_PATHNAME', 'kr_recovery_compare_accum'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_compare_accum(@extschema@.recovery_compare_data, float8, boolean, text) IS
  'Transition function of recovery_compare_state: adds one episode to its cohort''s column of the (day x cohort) event/censoring table. days >= 0 and finite, else ERROR 22003; NULL days or recovered: row ignored; NULL cohort counts as ''not recorded''. Kaplan-Meier 1958; Mantel 1966.';

CREATE FUNCTION @extschema@.recovery_compare_combine(a @extschema@.recovery_compare_data,
    b @extschema@.recovery_compare_data)
  RETURNS @extschema@.recovery_compare_data
  AS 'MODULE_PATHNAME', 'kr_recovery_compare_combine'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_compare_combine(@extschema@.recovery_compare_data, @extschema@.recovery_compare_data) IS
  'Combine function of recovery_compare_state / recovery_compare_merge: exact union of two (day x cohort) tables (parallel and Citus aggregation). Mantel 1966; Cox 1972.';

CREATE FUNCTION @extschema@.recovery_compare_state_final(state @extschema@.recovery_compare_data)
  RETURNS @extschema@.recovery_compare_data
  AS 'MODULE_PATHNAME', 'kr_recovery_compare_state_final'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_compare_state_final(@extschema@.recovery_compare_data) IS
  'Final function of recovery_compare_state / recovery_compare_merge: the compact (day x cohort) table; no rows give an empty state. Mantel 1966; Cox 1972.';

CREATE AGGREGATE @extschema@.recovery_compare_state(days float8, recovered boolean, cohort text) (
  SFUNC = @extschema@.recovery_compare_accum,
  STYPE = @extschema@.recovery_compare_data,
  COMBINEFUNC = @extschema@.recovery_compare_combine,
  FINALFUNC = @extschema@.recovery_compare_state_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.recovery_compare_state(float8, boolean, text) IS
  'Time-to-recovery data of several cohorts for recovery_logrank (Mantel-Haenszel log-rank, R survival::survdiff), recovery_hazard_ratios and recovery_cox_tests (Cox 1972, Efron 1977 ties, R survival::coxph). days >= 0 (else ERROR 22003); NULL days or recovered: row ignored; NULL cohort = ''not recorded''; at most 100 cohorts and 200000 cells of distinct days x cohorts (else ERROR 54000).';

-- Two-level aggregation: per-clinic states rolled up into the network's
-- (the cohort views merge their cross-clinic cells this way).
CREATE AGGREGATE @extschema@.recovery_compare_merge(state @extschema@.recovery_compare_data) (
  SFUNC = @extschema@.recovery_compare_combine,
  STYPE = @extschema@.recovery_compare_data,
  COMBINEFUNC = @extschema@.recovery_compare_combine,
  FINALFUNC = @extschema@.recovery_compare_state_final,
  FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.recovery_compare_merge(@extschema@.recovery_compare_data) IS
  'recovery_compare_state of the episodes behind several recovery_compare_state states (exact merge, e.g. per-clinic states into the network''s), for the log-rank test and Cox model (Mantel 1966; Cox 1972; R survival). A malformed state: ERROR 2202E.';

CREATE FUNCTION @extschema@.recovery_logrank(state @extschema@.recovery_compare_data,
    OUT cohorts int, OUT chisq float8, OUT df int, OUT p_value float8)
  RETURNS record
  AS 'MODULE_PATHNAME', 'kr_recovery_logrank'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_logrank(@extschema@.recovery_compare_data) IS
  'Log-rank test of equal time to recovery across the cohorts (Mantel-Haenszel; Mantel 1966, Peto & Peto 1972), as R survival::survdiff(Surv(days, recovered) ~ cohort) with rho = 0, to 1e-9: chisq over the cohorts with expected recoveries > 0, df = their number - 1. One cohort or no recoveries: chisq 0, df 0, p NULL.';

CREATE FUNCTION @extschema@.recovery_hazard_ratios(state @extschema@.recovery_compare_data,
    reference text DEFAULT NULL,
    OUT cohort text, OUT episodes bigint, OUT recovered bigint, OUT hazard_ratio float8,
    OUT ci_low float8, OUT ci_high float8, OUT p_value float8, OUT note text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'kr_recovery_hazard_ratios'
  LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.recovery_hazard_ratios(@extschema@.recovery_compare_data, text) IS
  'Cox proportional hazards (Cox 1972) with the cohort as one categorical covariate, Efron (1977) ties, Newton-Raphson as R survival::coxph(Surv(days, recovered) ~ cohort, ties = "efron"): per cohort its hazard ratio of recovery against the reference (> 1 = faster recovery), 95 % Wald CI and Wald p; reference = the argument, or the largest cohort with recoveries (ties: first in byte order), HR 1 with NULL CI/p. A cohort without recoveries has an infinite coefficient: NULL figures, a note, and it is left out of the model (coxph''s limit). Observational: confounded by everything but the cohort.';

CREATE FUNCTION @extschema@.recovery_cox_tests(state @extschema@.recovery_compare_data,
    reference text DEFAULT NULL,
    OUT df int, OUT loglik_null float8, OUT loglik float8, OUT lr_chisq float8, OUT lr_p float8,
    OUT wald_chisq float8, OUT wald_p float8, OUT score_chisq float8, OUT score_p float8,
    OUT converged boolean)
  RETURNS record
  AS 'MODULE_PATHNAME', 'kr_recovery_cox_tests'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_cox_tests(@extschema@.recovery_compare_data, text) IS
  'Global tests of the cohort in the Cox model (Cox 1972; Efron 1977 ties) as summary(coxph(...)) of R survival: log partial likelihood at 0 and at the fit, likelihood-ratio ($logtest), Wald ($waldtest) and score ($sctest, at beta = 0) chi-squares with df = cohorts - 1. Wald NULL when a cohort has no recoveries (infinite coefficient); tests NULL with one cohort or no recoveries.';
