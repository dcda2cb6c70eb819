-- Intake triage (src/triage.c): likely condition and red flags.

CREATE TYPE @extschema@.pain_location AS ENUM (
  'peripatellar', 'retropatellar', 'lateral', 'inferior_patellar', 'medial', 'other');
COMMENT ON TYPE @extschema@.pain_location IS
  'Where the knee hurts: peripatellar (around the kneecap), retropatellar (behind it), lateral (outer knee), inferior_patellar (below the kneecap), medial (inner side of the kneecap: runners'' "inner knee pain"), other. Around/behind the kneecap, including its medial side, suggests PFPS (Crossley 2016, BJSM 50:839), outer knee iliotibial band syndrome, below the kneecap patellar tendinopathy.';

CREATE TYPE @extschema@.triage_result AS (
  likely_condition text,
  refer            boolean,
  xray_indicated   boolean,
  reasons          text[],
  pain_pattern     text
);
COMMENT ON TYPE @extschema@.triage_result IS
  'Result of triage: likely_condition (patellofemoral_pain, iliotibial_band_syndrome, patellar_tendinopathy, undetermined, or structural_injury_suspected when any red flag is present), refer (red flag or Ottawa knee rule), xray_indicated (Ottawa knee rule, Stiell 1996, acute knee trauma only), reasons (one per finding that decided, and one for each rule that did not apply), pain_pattern (the condition the pain location and provocation alone suggest; Crossley 2016).';

CREATE FUNCTION @extschema@.triage(
    pain_location @extschema@.pain_location DEFAULT NULL,
    squat_pain boolean DEFAULT NULL,
    stairs_pain boolean DEFAULT NULL,
    running_pain boolean DEFAULT NULL,
    sitting_pain boolean DEFAULT NULL,
    movie_goers_sign boolean DEFAULT NULL,
    pop_at_injury boolean DEFAULT NULL,
    swelling_within_4h boolean DEFAULT NULL,
    locking boolean DEFAULT NULL,
    giving_way boolean DEFAULT NULL,
    age_years integer DEFAULT NULL,
    isolated_patellar_tenderness boolean DEFAULT NULL,
    fibular_head_tenderness boolean DEFAULT NULL,
    cannot_flex_90 boolean DEFAULT NULL,
    cannot_bear_weight_4_steps boolean DEFAULT NULL,
    days_since_injury integer DEFAULT NULL,
    effusion boolean DEFAULT NULL,
    small_knee_bend_pain boolean DEFAULT NULL,
    heel_on_squat_pain boolean DEFAULT NULL,
    heel_off_squat_pain boolean DEFAULT NULL)
  RETURNS @extschema@.triage_result
  AS 'MODULE_PATHNAME', 'kr_triage'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.triage(@extschema@.pain_location, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean) IS
  'Intake triage of runner''s knee pain, not a diagnosis (clinical reference, triage). Refer on a red flag: pop at injury, swelling within 4 hours (haemarthrosis: ACL tear, fracture, dislocation), true locking, or giving way after a specific injury (days_since_injury recorded, or a pop) or with effusion (effusion or swelling_within_4h); giving way alone is a common PFPS symptom (a reason says so). Ottawa knee rule (Stiell 1996, JAMA 275:611) only in acute knee trauma, days_since_injury 0-7: age >= 55, isolated patellar tenderness, fibular head tenderness, cannot flex to 90 degrees, cannot take 4 steps -> refer, X-ray; otherwise a reason says the rule does not apply. Pain around/behind the kneecap, including its medial (inner) side, with squat, stairs, running or sitting pain, the movie-goer''s sign or a painful provocation test (small knee bend, heel-on, heel-off squat: pass the episode''s recorded tests) -> patellofemoral_pain (Crossley 2016, BJSM 50:839); lateral -> iliotibial_band_syndrome; below the kneecap -> patellar_tendinopathy; else undetermined. NULL findings = not recorded (treated as absent; days_since_injury NULL = no specific injury recorded). age_years 0-130, days_since_injury 0-36500, else ERROR 22003.';
