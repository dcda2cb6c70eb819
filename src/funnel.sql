-- Funnel-plot control limits for observed / expected (src/funnel.c).

CREATE FUNCTION @extschema@.funnel_limits(expected float8, observed float8 DEFAULT NULL,
    OUT ratio float8, OUT lower_95 float8, OUT upper_95 float8,
    OUT lower_998 float8, OUT upper_998 float8, OUT funnel_position text)
  RETURNS record
  AS 'MODULE_PATHNAME', 'kr_funnel_limits'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_limits(float8, float8) IS
  'Funnel plot (Spiegelhalter 2005, Stat Med 24:1185, appendix A.1.2) for an indirectly standardised ratio O/E around 1: exact Poisson(expected) quantiles with Spiegelhalter''s interpolation, (r_p - alpha) / expected, at 95 % (p = 0.025, 0.975) and 99.8 % (p = 0.001, 0.999); lower limits below 0 are 0. ratio = observed / expected; funnel_position above_99.8 / above_95 / within / below_95 / below_99.8 (strictly outside a limit). expected > 0 and <= 1e8, observed >= 0 (else ERROR 22003); NULL observed: limits only.';
