-- Strength measures (src/strength.c).

CREATE FUNCTION @extschema@.limb_symmetry_index(involved float8, uninvolved float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_limb_symmetry_index'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limb_symmetry_index(float8, float8) IS
  'Limb symmetry index in percent = involved / uninvolved x 100 (same unit on both sides). involved >= 0, uninvolved > 0, both finite, else ERROR 22003. Return to sport >= 90 % (Kyritsis 2016); return to running > 70 % after ACL surgery (Rambaud 2018).';

CREATE FUNCTION @extschema@.estimated_1rm(load_kg float8, reps integer) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_estimated_1rm'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimated_1rm(float8, integer) IS
  'Estimated one-repetition maximum in kg, Epley 1985: load_kg x (1 + reps / 30) (clinical reference, strength). load_kg 0-1000, reps 1-30, else ERROR 22003; NULL when either is not recorded. reps = 1 gives 1.033 x load, as Epley''s formula does.';
