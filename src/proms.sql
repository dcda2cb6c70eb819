-- Patient-reported outcome measures (src/proms.c).

CREATE FUNCTION @extschema@.akps_score(items integer[]) RETURNS integer
  AS 'MODULE_PATHNAME', 'kr_akps_score'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.akps_score(integer[]) IS
  'Kujala Anterior Knee Pain Scale total, 0-100 (Kujala 1993, Arthroscopy 9:159): the sum of 13 items with the allowed points limp {5,3,0}, support {5,3,0}, walking {5,3,2,0}, stairs {10,8,5,0}, squatting {5,4,3,2,0}, running {10,8,6,3,0}, jumping {10,7,2,0}, prolonged sitting {10,8,6,4,0}, pain {10,8,6,3,0}, swelling {10,8,6,4,0}, abnormal patellar movements {10,6,4,2,0}, thigh atrophy {5,3,0}, flexion deficiency {5,3,0}. Any other value: ERROR 22023 naming the item; not 13 items in one dimension: ERROR 2202E; a NULL item: NULL (no imputation rule exists).';

CREATE FUNCTION @extschema@.koos_pf_score(items integer[]) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_koos_pf_score'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.koos_pf_score(integer[]) IS
  'KOOS patellofemoral subscale, 0-100, 100 = no problems (Crossley 2018, BJSM 52:1130): 100 - 25 x mean of the answered items; 11 items scored 0-4 (else ERROR 22023), NULL = not answered; NULL when fewer than half (6 of 11) are answered; not 11 items in one dimension: ERROR 2202E. Minimal important change 16.4.';

CREATE FUNCTION @extschema@.akps_responder(baseline integer, followup integer) RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_akps_responder'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.akps_responder(integer, integer) IS
  'True when the AKPS rose by at least the minimal clinically important difference of 10 points (Crossley 2004, Arch Phys Med Rehabil 85:815). Scores 0-100, else ERROR 22003; NULL when either is not recorded.';

CREATE FUNCTION @extschema@.nrs_responder(baseline float8, followup float8) RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_nrs_responder'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nrs_responder(float8, float8) IS
  'True when NRS pain dropped by at least 2 points or at least 30 % of the baseline (Farrar 2001, Pain 94:149; Crossley 2004); a baseline of 0 can only respond by 2 points, i.e. never. Pain 0-10, NaN/Infinity rejected (ERROR 22003); NULL when either is not recorded. Comparisons allow 1e-9 for decimal inputs.';

CREATE FUNCTION @extschema@.koos_pf_responder(baseline float8, followup float8) RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_koos_pf_responder'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.koos_pf_responder(float8, float8) IS
  'True when the KOOS-PF score (0-100, 100 = no problems) rose by at least its minimal important change of 16.4 points (Crossley 2018, BJSM 52:1130; smallest detectable change for an individual 16). Scores 0-100, NaN/Infinity rejected (ERROR 22003); NULL when either is not recorded. The comparison allows 1e-9 for decimal inputs.';
