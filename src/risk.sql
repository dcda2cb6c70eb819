-- Intake PFPS risk score (src/risk.c): a transparent product of per-factor
-- relative risks against a reference runner (male, no knee injury, neutral
-- foot, no recorded weakness or load spike).  NOT a validated prediction
-- model: no validated PFPS prediction score exists (clinical reference).
--
-- The model's numbers (relative risks, thresholds, tier cut-offs) live in
-- two tables so that a clinic can change them without recompiling and
-- without its changes clashing with the seeded defaults on dump/restore:
--   risk_parameter_default  the published defaults, seeded by CREATE
--                           EXTENSION, owned by the extension, NOT dumped
--                           (a restore re-creates them from the script);
--   risk_parameter          the clinic's overrides, empty at install, every
--                           row dumped by pg_dump (pg_extension_config_dump)
--                           so a restore brings them back without a key
--                           clash with the defaults.
-- The value in use is the override when there is one, else the default
-- (view risk_model).  Deleting an override restores the default.

CREATE TABLE @extschema@.risk_parameter_default (
  parameter  text PRIMARY KEY,
  kind       text NOT NULL,
  value      float8 NOT NULL,
  min_value  float8 NOT NULL,
  max_value  float8 NOT NULL,
  meaning    text NOT NULL,
  evidence   text NOT NULL,
  source     text NOT NULL,
  CONSTRAINT risk_parameter_default_kind_known
    CHECK (kind IN ('relative_risk', 'threshold', 'tier_cutoff')),
  CONSTRAINT risk_parameter_default_value_in_range
    CHECK (value > 0 AND value < 'Infinity'::float8 AND value BETWEEN min_value AND max_value)
);
COMMENT ON CONSTRAINT risk_parameter_default_kind_known ON @extschema@.risk_parameter_default IS
  'kind must be relative_risk, threshold or tier_cutoff.';
COMMENT ON CONSTRAINT risk_parameter_default_value_in_range ON @extschema@.risk_parameter_default IS
  'value must be finite, > 0 and within min_value..max_value.';
COMMENT ON TABLE @extschema@.risk_parameter_default IS
  'Published defaults of the (not validated) PFPS risk model: relative risks, thresholds and tier cut-offs with their evidence and source (clinical reference: Boling 2010 (US Naval Academy midshipmen), Neal 2014/2019, Nielsen 2014, van Poppel 2018, Hespanhol 2013). Seeded by CREATE EXTENSION; do not edit - put clinic changes in risk_parameter.';
COMMENT ON COLUMN @extschema@.risk_parameter_default.parameter IS 'Parameter name.';
COMMENT ON COLUMN @extschema@.risk_parameter_default.kind IS 'relative_risk (a factor''s multiplier), threshold (when a measured factor counts) or tier_cutoff (lowest relative risk of a tier).';
COMMENT ON COLUMN @extschema@.risk_parameter_default.value IS 'Default value.';
COMMENT ON COLUMN @extschema@.risk_parameter_default.min_value IS 'Smallest value a clinic may set.';
COMMENT ON COLUMN @extschema@.risk_parameter_default.max_value IS 'Largest value a clinic may set.';
COMMENT ON COLUMN @extschema@.risk_parameter_default.meaning IS 'What the parameter means and when the factor counts.';
COMMENT ON COLUMN @extschema@.risk_parameter_default.evidence IS 'Strength of the evidence (weak = keep configurable).';
COMMENT ON COLUMN @extschema@.risk_parameter_default.source IS 'Published source of the default.';

INSERT INTO @extschema@.risk_parameter_default
  (parameter, kind, value, min_value, max_value, meaning, evidence, source) VALUES
  ('female', 'relative_risk', 2.23, 0.01, 100,
   'sex = female', 'prospective incidence ratio, 95 % CI 1.19-4.20, in US Naval Academy midshipmen (military trainees, not runners)',
   'Boling 2010, Scand J Med Sci Sports 20:725 (US Naval Academy midshipmen)'),
  ('sex_other', 'relative_risk', 1.0, 0.01, 100,
   'sex = other', 'no data; shown, weight 1.0', 'no published estimate'),
  ('bmi_high', 'relative_risk', 1.0, 0.01, 100,
   'BMI >= bmi_threshold', 'weak: not a prospective risk factor; practitioner guidance says heavier runners load the knee more',
   'Neal 2019, BJSM 53:270 (not a risk factor); practitioner guidance'),
  ('prior_knee_injury', 'relative_risk', 1.7, 0.01, 100,
   'any previous knee injury, counted once', 'weak: running-injury studies, not PFPS-specific; the conservative estimate',
   'van Poppel 2018 (OR 3.7); Hespanhol 2013 (1.88); BMJ Open Sport Exerc Med 2019 (1.7)'),
  ('flat_foot', 'relative_risk', 1.2, 0.01, 100,
   'foot = flat', 'weak: SMD 0.28-0.33, very limited evidence',
   'Neal 2014, J Foot Ankle Res 7:55'),
  ('overpronation', 'relative_risk', 1.2, 0.01, 100,
   'foot = overpronation', 'weak: SMD 0.28-0.33, very limited evidence',
   'Neal 2014, J Foot Ankle Res 7:55'),
  ('high_arch', 'relative_risk', 1.0, 0.01, 100,
   'foot = high_arch', 'no prospective data; shown, weight 1.0', 'no published estimate'),
  ('pttd', 'relative_risk', 1.0, 0.01, 100,
   'foot = pttd (posterior tibial tendon dysfunction)', 'no prospective data; shown, weight 1.0', 'no published estimate'),
  ('quad_deficit', 'relative_risk', 1.75, 0.01, 100,
   'quad_deficit_pct >= quad_deficit_threshold_pct', 'weak: isometric quadriceps strength SMD -0.69 in military recruits; ln(OR) = SMD x pi / sqrt(3) gives OR 3.5 per SD of lower strength; between-person SD is about 20-25 % of the mean, so a 10 % deficit is about 0.45 SD and OR = 3.5^0.45 = 1.75; the 10 % cut-off is borrowed from limb-symmetry criteria (Kyritsis 2016), not PFPS data',
   'Neal 2019, BJSM 53:270 (derived)'),
  ('weekly_distance_increase', 'relative_risk', 1.59, 0.01, 100,
   'weekly_distance_increase_pct >= weekly_distance_threshold_pct', 'prospective hazard ratio, distance-related injuries',
   'Nielsen 2014, JOSPT 44:739'),
  ('low_strength_training', 'relative_risk', 1.0, 0.01, 100,
   'strength_sessions_per_week < strength_sessions_threshold', 'practitioner guidance only; shown, weight 1.0',
   'practitioner guidance (physio and running-coach articles)'),
  ('bmi_threshold', 'threshold', 30, 10, 100,
   'BMI (kg/m2) from which bmi_high counts', 'WHO obesity class I cut-off', 'WHO BMI classification'),
  ('quad_deficit_threshold_pct', 'threshold', 10, 0.1, 100,
   'quadriceps deficit (percent of the other side) from which quad_deficit counts',
   'a limb symmetry index below 90 % is the usual return-to-sport failure', 'Kyritsis 2016, BJSM 50:946'),
  ('weekly_distance_threshold_pct', 'threshold', 30, 0.1, 1000,
   'weekly running-distance increase (percent) from which weekly_distance_increase counts',
   'the exposure of the hazard ratio', 'Nielsen 2014, JOSPT 44:739'),
  ('strength_sessions_threshold', 'threshold', 1, 0.1, 21,
   'strength sessions per week below which low_strength_training counts', 'practitioner guidance',
   'practitioner guidance (physio and running-coach articles)'),
  ('tier_moderate_from', 'tier_cutoff', 1.5, 0.01, 1000,
   'relative risk from which the tier is moderate (below: low)', 'convention', 'clinical reference (tiers)'),
  ('tier_high_from', 'tier_cutoff', 3.0, 0.01, 1000,
   'relative risk from which the tier is high', 'convention', 'clinical reference (tiers)');

-- A clinic's value must lie within its parameter's range.  A CHECK
-- constraint through an IMMUTABLE function that knows the ranges (the
-- extension's own constants, the same as risk_parameter_default.min_value
-- and max_value, which test/pgtap/risk.sql compares), not a trigger or a
-- foreign key reading risk_parameter_default: Citus refuses to distribute
-- a table with triggers, and a foreign key between the two tables makes
-- create_reference_table convert them and the extension's risk_model view.
-- The order of the tier cut-offs involves two rows: pfps_risk and
-- pfps_risk_score check it when they read the model (22023).
CREATE FUNCTION @extschema@.risk_parameter_in_range(parameter text, value float8)
  RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  lo float8;
  hi float8;
BEGIN
  SELECT r.lo, r.hi INTO lo, hi
    FROM (VALUES ('female', 0.01, 100), ('sex_other', 0.01, 100), ('bmi_high', 0.01, 100),
                 ('prior_knee_injury', 0.01, 100), ('flat_foot', 0.01, 100),
                 ('overpronation', 0.01, 100), ('high_arch', 0.01, 100), ('pttd', 0.01, 100),
                 ('quad_deficit', 0.01, 100), ('weekly_distance_increase', 0.01, 100),
                 ('low_strength_training', 0.01, 100), ('bmi_threshold', 10, 100),
                 ('quad_deficit_threshold_pct', 0.1, 100), ('weekly_distance_threshold_pct', 0.1, 1000),
                 ('strength_sessions_threshold', 0.1, 21), ('tier_moderate_from', 0.01, 1000),
                 ('tier_high_from', 0.01, 1000)) AS r (name, lo, hi)
   WHERE r.name OPERATOR(pg_catalog.=) parameter;
  IF NOT FOUND THEN
    RETURN parameter IS NULL;   -- unknown: the CHECK fails (23514); NULL: NOT NULL reports it
  END IF;
  IF value < lo OR value > hi THEN
    RAISE EXCEPTION 'risk parameter % must be between % and %', parameter, lo, hi
      USING ERRCODE = '22003', DETAIL = format('Got %s.', value),
            HINT = 'Delete the row from knee_rehab.risk_parameter to use the default.';
  END IF;
  RETURN true;
END
$$;
COMMENT ON FUNCTION @extschema@.risk_parameter_in_range(text, float8) IS
  'CHECK of risk_parameter: false for a parameter the PFPS risk model does not have (Boling 2010 in US Naval Academy midshipmen; Neal 2014/2019; Nielsen 2014; van Poppel 2018 - see risk_parameter_default), 22003 naming the range for a value outside the parameter''s min_value..max_value (NaN and Infinity included), else true. Immutable: the ranges are the extension''s constants.';

CREATE TABLE @extschema@.risk_parameter (
  parameter  text PRIMARY KEY,
  value      float8 NOT NULL,
  note       text,
  changed_by text NOT NULL DEFAULT CURRENT_USER,
  changed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  -- CHECKs run in name order: the range (22003, naming it) before the rest.
  CONSTRAINT risk_parameter_known_and_in_range
    CHECK (@extschema@.risk_parameter_in_range(parameter, value)),
  CONSTRAINT risk_parameter_value_finite_positive
    CHECK (value > 0 AND value < 'Infinity'::float8)
);
COMMENT ON CONSTRAINT risk_parameter_known_and_in_range ON @extschema@.risk_parameter IS
  'parameter must be one of the model''s parameters (risk_parameter_default) and value within its min_value..max_value (risk_parameter_in_range: 22003 naming the range).';
COMMENT ON TABLE @extschema@.risk_parameter IS
  'The clinic''s overrides of the PFPS risk model''s defaults (risk_parameter_default): a row replaces the default, deleting it restores the default. Values must be finite, > 0 and within the parameter''s min_value..max_value (CHECK); pfps_risk refuses (22023) a model whose tier_moderate_from is not below tier_high_from. Kept by pg_dump. Read by pfps_risk/pfps_risk_score once per statement (under Citus: a reference table, read from the local copy).';
COMMENT ON COLUMN @extschema@.risk_parameter.parameter IS 'Parameter overridden (one of risk_parameter_default).';
COMMENT ON COLUMN @extschema@.risk_parameter.value IS 'Value in use instead of the default.';
COMMENT ON COLUMN @extschema@.risk_parameter.note IS 'Why the clinic changed it (its own evidence or policy).';
COMMENT ON COLUMN @extschema@.risk_parameter.changed_by IS 'Role that made the change.';
COMMENT ON COLUMN @extschema@.risk_parameter.changed_at IS 'When.';
COMMENT ON CONSTRAINT risk_parameter_value_finite_positive ON @extschema@.risk_parameter IS
  'value must be a finite number greater than 0 (NaN and Infinity are refused).';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.risk_parameter', '');

-- Everyone who may score a patient may read the model.
GRANT SELECT ON @extschema@.risk_parameter_default TO PUBLIC;
GRANT SELECT ON @extschema@.risk_parameter TO PUBLIC;

CREATE VIEW @extschema@.risk_model WITH (security_invoker = true) AS
  SELECT d.parameter, d.kind,
         coalesce(o.value, d.value) AS value,
         d.value AS default_value,
         o.value IS NOT NULL AS clinic_override,
         o.note AS clinic_note,
         d.meaning, d.evidence, d.source
    FROM @extschema@.risk_parameter_default d
    LEFT JOIN @extschema@.risk_parameter o ON o.parameter = d.parameter;
COMMENT ON VIEW @extschema@.risk_model IS
  'The PFPS risk model in use: every parameter with its value (the clinic''s override, else the published default), default, evidence and source. Not a validated prediction model. Sources per parameter in column source (Boling 2010; van Poppel 2018; Hespanhol 2013; Neal 2014/2019; Nielsen 2014; Kyritsis 2016; practitioner guidance).';
COMMENT ON COLUMN @extschema@.risk_model.parameter IS 'Parameter name (risk_parameter_default.parameter).';
COMMENT ON COLUMN @extschema@.risk_model.kind IS 'relative_risk (a factor''s multiplier), threshold (when a measured factor counts) or tier_cutoff (lowest relative risk of a tier).';
COMMENT ON COLUMN @extschema@.risk_model.value IS 'Value in use: the clinic''s override (risk_parameter) when there is one, else the published default.';
COMMENT ON COLUMN @extschema@.risk_model.default_value IS 'Published default (risk_parameter_default.value; source in column source).';
COMMENT ON COLUMN @extschema@.risk_model.clinic_override IS 'True when the clinic set its own value in risk_parameter.';
COMMENT ON COLUMN @extschema@.risk_model.clinic_note IS 'The clinic''s note on its override (NULL without one).';
COMMENT ON COLUMN @extschema@.risk_model.meaning IS 'What the parameter means and when the factor counts.';
COMMENT ON COLUMN @extschema@.risk_model.evidence IS 'Strength of the evidence (weak = keep configurable).';
COMMENT ON COLUMN @extschema@.risk_model.source IS 'Published source of the default (Boling 2010; van Poppel 2018; Hespanhol 2013; Neal 2014/2019; Nielsen 2014; Kyritsis 2016; practitioner guidance).';
GRANT SELECT ON @extschema@.risk_model TO PUBLIC;

CREATE TYPE @extschema@.risk_assessment AS (
  relative_risk    float8,
  tier             @extschema@.risk_tier,
  completeness     float8,
  factors_recorded integer,
  factors_total    integer,
  factors          jsonb,
  validated        boolean,
  note             text
);
COMMENT ON TYPE @extschema@.risk_assessment IS
  'Result of pfps_risk: relative risk against a reference runner (product of factor relative risks), tier, completeness (share of the 7 factors recorded), each factor''s value, relative risk, whether it counted and its source (factors), validated (always false) and a note saying the score is not a validated prediction model.';

CREATE FUNCTION @extschema@.pfps_risk(
    sex @extschema@.sex DEFAULT NULL,
    weight_kg float8 DEFAULT NULL,
    height_cm float8 DEFAULT NULL,
    injuries @extschema@.knee_injury[] DEFAULT NULL,
    foot @extschema@.foot_type DEFAULT NULL,
    quad_deficit_pct float8 DEFAULT NULL,
    weekly_distance_increase_pct float8 DEFAULT NULL,
    strength_sessions_per_week float8 DEFAULT NULL)
  RETURNS @extschema@.risk_assessment
  AS 'MODULE_PATHNAME', 'kr_pfps_risk'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pfps_risk(@extschema@.sex, float8, float8, @extschema@.knee_injury[], @extschema@.foot_type, float8, float8, float8) IS
  'Transparent PFPS relative risk at intake, NOT a validated prediction model: product of relative risks vs a male runner with no knee injury and a neutral foot - female 2.23 (Boling 2010, in US Naval Academy midshipmen - military trainees, not runners), any prior knee injury 1.7 (van Poppel 2018; Hespanhol 2013; weak), flat foot/overpronation 1.2 (Neal 2014; weak), quadriceps deficit >= 10 % 1.75 (weak: Neal 2019 SMD -0.69, ln OR = SMD x pi/sqrt(3) = OR 3.5 per SD, 10 % deficit = 0.45 SD, 3.5^0.45 = 1.75), weekly distance +30 % 1.59 (Nielsen 2014), BMI >= 30, high arch, PTTD, < 1 strength session/week shown at 1.0 - with the clinic''s overrides from risk_parameter. NULL = not recorded (counts 1.0, lowers completeness). Tiers low < 1.5 <= moderate < 3 <= high. weight_kg 10-400, height_cm 50-250, quad_deficit_pct 0-100, weekly_distance_increase_pct -100 to 1000, strength_sessions_per_week 0-21 (22003); injuries one-dimensional without NULLs (2202E) or duplicates (22023).';

CREATE FUNCTION @extschema@.pfps_risk_score(
    sex @extschema@.sex DEFAULT NULL,
    weight_kg float8 DEFAULT NULL,
    height_cm float8 DEFAULT NULL,
    injuries @extschema@.knee_injury[] DEFAULT NULL,
    foot @extschema@.foot_type DEFAULT NULL,
    quad_deficit_pct float8 DEFAULT NULL,
    weekly_distance_increase_pct float8 DEFAULT NULL,
    strength_sessions_per_week float8 DEFAULT NULL)
  RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_pfps_risk_score'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pfps_risk_score(@extschema@.sex, float8, float8, @extschema@.knee_injury[], @extschema@.foot_type, float8, float8, float8) IS
  'pfps_risk(...).relative_risk alone, for reports over many patients (no jsonb): the same product of relative risks (Boling 2010, midshipmen; van Poppel 2018; Neal 2014/2019; Nielsen 2014) with the clinic''s overrides, the same errors. NOT a validated prediction model.';
