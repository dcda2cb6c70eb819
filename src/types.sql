-- Enumerated types of the public API (design notes, section 4).
-- A NULL of any of these means "not recorded".

CREATE TYPE @extschema@.sex AS ENUM ('female', 'male', 'other', 'unknown');
COMMENT ON TYPE @extschema@.sex IS
  'Sex recorded at intake. Women had 2.23x the PFPS incidence of men among US Naval Academy midshipmen (Boling 2010, Scand J Med Sci Sports 20:725: military trainees, not runners).';

CREATE TYPE @extschema@.foot_type AS ENUM ('neutral', 'flat', 'overpronation', 'high_arch', 'pttd');
COMMENT ON TYPE @extschema@.foot_type IS
  'Foot posture: neutral, flat, overpronation, high_arch, pttd (posterior tibial tendon dysfunction). Evidence linking foot type to PFPS is very limited (Neal 2014, J Foot Ankle Res 7:55).';

CREATE TYPE @extschema@.knee_injury AS ENUM (
  'acl_tear', 'pcl_tear', 'meniscus_tear', 'collateral_ligament',
  'patellar_dislocation', 'prior_pfps', 'knee_surgery', 'other');
COMMENT ON TYPE @extschema@.knee_injury IS
  'Previous knee injury. Prior injury raises running-injury risk (conservative RR 1.7; van Poppel 2018, Hespanhol 2013) - evidence not PFPS-specific.';

CREATE TYPE @extschema@.provocation_test AS ENUM ('small_knee_bend', 'heel_on_squat', 'heel_off_squat');
COMMENT ON TYPE @extschema@.provocation_test IS
  'PFPS provocation tests: small knee bend (single-leg bend to 30 degrees), heel-on squat, heel-off squat; pain inside the knee suggests PFPS (clinical reference).';

CREATE TYPE @extschema@.risk_tier AS ENUM ('low', 'moderate', 'high');
COMMENT ON TYPE @extschema@.risk_tier IS
  'Tier of the (not validated) PFPS relative-risk score: low < 1.5 <= moderate < 3 <= high by default.';

CREATE TYPE @extschema@.knee_side AS ENUM ('left', 'right', 'both');
COMMENT ON TYPE @extschema@.knee_side IS 'Affected knee.';

CREATE TYPE @extschema@.session_kind AS ENUM ('run', 'strength', 'other');
COMMENT ON TYPE @extschema@.session_kind IS
  'Kind of training session: run (load = distance or time), strength (load = sets x reps x kg), other.';

CREATE TYPE @extschema@.outcome_instrument AS ENUM ('nrs_pain', 'akps', 'koos_pf', 'grc');
COMMENT ON TYPE @extschema@.outcome_instrument IS
  'Patient-reported outcome: nrs_pain (0-10; Farrar 2001), akps (Kujala 1993, 0-100), koos_pf (Crossley 2018, 0-100), grc (7-point global rating of change, 1 = completely recovered ... 7 = worse than ever; Collins 2013).';
