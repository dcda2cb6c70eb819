-- Reporting tools (BI; design notes section 8): flat forms of the rich
-- results, for clients that cannot parse composites, arrays or jsonb
-- (psycopg2 without adapters, R DBI, psqlODBC, pgjdbc, Superset).
--
--   episode_risk_factor   pfps_risk(...).factors in long format: one row
--                         per episode and risk factor, scalar columns
--   ewma_acute_chronic    ewma_loads with named fields (acute, chronic)
--   triage_reasons        triage(...).reasons one per row
--
-- The rich forms (episode-level jsonb from pfps_risk, ewma_loads' float8[],
-- triage_result) stay for SQL users.

-- ---------------------------------------------------------------- episode_risk_factor

CREATE VIEW @extschema@.episode_risk_factor WITH (security_invoker = true) AS
SELECT e.clinic_id, e.episode_id, f.key AS factor,
       CASE pg_catalog.jsonb_typeof(f.value -> 'value')
         WHEN 'null' THEN NULL
         WHEN 'array' THEN pg_catalog.array_to_string(
                             ARRAY(SELECT a.elem
                                     FROM pg_catalog.jsonb_array_elements_text(f.value -> 'value')
                                          WITH ORDINALITY AS a (elem, n)
                                    ORDER BY a.n), ',')
         ELSE f.value ->> 'value'
       END AS value,
       (f.value ->> 'recorded')::boolean AS recorded,
       (f.value ->> 'counted')::boolean AS counted,
       (f.value ->> 'relative_risk')::float8 AS relative_risk,
       NULLIF(f.value ->> 'source', '') AS source
  FROM @extschema@.episode AS e
  JOIN @extschema@.patient AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
 CROSS JOIN LATERAL @extschema@.pfps_risk(p.sex, p.weight_kg, p.height_cm, p.injuries, p.foot,
                                         e.quad_deficit_pct, e.weekly_distance_increase_pct,
                                         e.strength_sessions_per_week) AS r
 CROSS JOIN LATERAL pg_catalog.jsonb_each(r.factors) AS f;
COMMENT ON VIEW @extschema@.episode_risk_factor IS
  'The PFPS risk factors behind episode_outcome.risk_tier in long format for reporting tools: one row per episode and factor of pfps_risk(...).factors (sex, bmi, knee_injury_history, foot_type, quad_deficit, weekly_distance_increase, strength_training), scalar columns only (Boling 2010 in US Naval Academy midshipmen; van Poppel 2018; Hespanhol 2013; Neal 2014/2019; Nielsen 2014; not a validated prediction model). The episode-level product is episode_outcome.relative_risk. security_invoker: row-level security on the tables applies, as for episode_outcome.';
COMMENT ON COLUMN @extschema@.episode_risk_factor.clinic_id IS 'Clinic of the episode (with episode_id, its identity; the clinic-access key).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.episode_id IS 'Episode id, unique within its clinic (join episode_outcome on clinic_id and episode_id).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.factor IS 'Risk factor name, a key of pfps_risk(...).factors (sex, bmi, knee_injury_history, foot_type, quad_deficit, weekly_distance_increase, strength_training).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.value IS 'The recorded value as text: the sex or foot type, a number (BMI kg/m2, quadriceps deficit %, weekly distance increase %, strength sessions per week), or the prior injuries comma-separated; NULL when not recorded.';
COMMENT ON COLUMN @extschema@.episode_risk_factor.recorded IS 'True when the factor was recorded (an unrecorded factor counts 1.0 and lowers risk_completeness).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.counted IS 'True when the factor raised the relative risk (its rule met, e.g. female, quadriceps deficit >= 10 %).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.relative_risk IS 'The factor''s relative risk in the product (1.0 when not counted), with the clinic''s risk_parameter override (e.g. female 2.23, Boling 2010; prior injury 1.7, van Poppel 2018; weekly distance +30 % 1.59, Nielsen 2014).';
COMMENT ON COLUMN @extschema@.episode_risk_factor.source IS 'Published source of the factor''s weight (risk_model.source); NULL for a factor without a weight parameter.';
GRANT SELECT ON @extschema@.episode_risk_factor TO PUBLIC;

-- ---------------------------------------------------------------- ewma_acute_chronic

CREATE TYPE @extschema@.ewma_acute_chronic_result AS (
  acute float8,
  chronic float8);
COMMENT ON TYPE @extschema@.ewma_acute_chronic_result IS
  'Result of ewma_acute_chronic: the acute (N = 7) and chronic (N = 28) EWMA of the load per day (Williams 2017, BJSM 51:209).';

CREATE FUNCTION @extschema@.ewma_acute_chronic_final(state float8[])
  RETURNS @extschema@.ewma_acute_chronic_result
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN l.v IS NULL THEN NULL
              ELSE CAST(ROW(l.v[1], l.v[2]) AS @extschema@.ewma_acute_chronic_result) END
    FROM (SELECT @extschema@.ewma_loads_final(state) AS v) AS l;
END;
COMMENT ON FUNCTION @extschema@.ewma_acute_chronic_final(float8[]) IS
  'Final function of ewma_acute_chronic: ewma_loads_final''s {acute, chronic} as named fields; NULL for no rows; the same state checks (ERROR 2202E). No clinical source: final function (the method and its sources are in ewma_acute_chronic''s comment).';

CREATE AGGREGATE @extschema@.ewma_acute_chronic(day date, load float8) (
  SFUNC = @extschema@.ewma_acwr_accum,
  STYPE = float8[],
  FINALFUNC = @extschema@.ewma_acute_chronic_final,
  COMBINEFUNC = @extschema@.ewma_acwr_combine,
  INITCOND = '{0,0,0,0,0,0,0,0}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ewma_acute_chronic(date, float8) IS
  'ewma_loads with named fields for reporting tools: (acute, chronic) EWMA of the load per day, N = 7 and 28 (Williams 2017, BJSM 51:209); same rules, ordering and window use as ewma_acwr. Flat in a query: SELECT (ewma_acute_chronic(day, load ORDER BY day)).* or, as a window, (ewma_acute_chronic(day, load) OVER w).acute.';

-- ---------------------------------------------------------------- triage_reasons

CREATE FUNCTION @extschema@.triage_reasons(result @extschema@.triage_result)
  RETURNS TABLE (reason_no integer, reason text)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 6
BEGIN ATOMIC
  SELECT CAST(u.n AS integer), u.reason
    FROM pg_catalog.unnest((triage_reasons.result).reasons) WITH ORDINALITY AS u (reason, n)
   ORDER BY u.n;
END;
COMMENT ON FUNCTION @extschema@.triage_reasons(@extschema@.triage_result) IS
  'triage(...).reasons one per row for reporting tools: reason_no (1, 2, ... in triage''s order) and reason. Use as CROSS JOIN LATERAL triage_reasons(triage(...)). The reasons follow triage''s rules (red flags; Ottawa knee rule, Stiell 1996; Crossley 2016).';
