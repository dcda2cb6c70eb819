-- Strength measures (src/strength.c).

CREATE FUNCTION @extschema@.limb_symmetry_index(involved float8, uninvolved float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_limb_symmetry_index'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limb_symmetry_index(float8, float8) IS
  'Limb symmetry index in percent = involved / uninvolved x 100 (same unit on both sides). involved >= 0, uninvolved > 0, both finite, else ERROR 22003. Return to sport >= 90 % (Kyritsis 2016); return to running > 70 % after ACL surgery (Rambaud 2018).';
