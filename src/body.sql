-- Body measures (src/body.c).

CREATE FUNCTION @extschema@.bmi(weight_kg float8, height_cm float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_bmi'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bmi(float8, float8) IS
  'Body mass index in kg/m2 = weight_kg / (height_cm/100)^2 (Quetelet index; WHO). weight_kg 10-400, height_cm 50-250, else ERROR 22003; NULL when either is not recorded. Not a prospective PFPS risk factor (Neal 2019, BJSM 53:270).';
