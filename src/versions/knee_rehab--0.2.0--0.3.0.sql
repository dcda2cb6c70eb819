/* knee_rehab 0.2.0 -> 0.3.0: ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'.
 *
 * Changes since 0.2.0, newest last.  Every change to a SQL file in src/ that
 * alters what CREATE EXTENSION knee_rehab installs is repeated here, so that
 * a 0.2.0 (or 0.1.0, through 0.2.0) database updated to 0.3.0 has exactly
 * the schema of a fresh 0.3.0 install; test/shell/upgrade.sh compares the
 * two (catalogs and pg_dump --binary-upgrade) and fails on any difference.
 * Append new entries at the end under a "-- ----" heading naming the issue
 * and the change; use @extschema@. as the install files do.
 * src/versions/knee_rehab--0.2.0.sql and every earlier script are released
 * and frozen: never edit them.
 *
 * Writing an entry: CREATE OR REPLACE FUNCTION for a changed body or
 * attributes (a changed signature or return type: DROP then CREATE, then its
 * COMMENT and GRANTs again); CREATE OR REPLACE VIEW only appends columns
 * (otherwise DROP VIEW, CREATE VIEW, COMMENT, GRANT); a new table column goes
 * last in its CREATE TABLE too, or the column order differs; new tables and
 * sequences that hold user data need pg_extension_config_dump here as well.
 * Keep slash-star out of this comment: PostgreSQL nests block comments.
 */
\echo Use "ALTER EXTENSION knee_rehab UPDATE TO '0.3.0'" to load this file. \quit

-- ---- clinical: issue 15 "Clinical truth" (triage, pain monitoring, single-run spike, risk weights, KOOS-PF responder, sources in every COMMENT)

-- settings: the pain-monitoring bands (knee_rehab.pain_safe_nrs, knee_rehab.pain_acceptable_nrs)
CREATE FUNCTION @extschema@.pain_safe_nrs() RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_setting_pain_safe_nrs'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_safe_nrs() IS
  'Current knee_rehab.pain_safe_nrs (default 2, Thomee 1997): highest pain during activity that pain_monitor calls safe.';

CREATE FUNCTION @extschema@.pain_acceptable_nrs() RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_setting_pain_acceptable_nrs'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_acceptable_nrs() IS
  'Current knee_rehab.pain_acceptable_nrs (default 5, Thomee 1997): highest pain during activity that pain_monitor calls acceptable; above it, excessive.';


-- risk model defaults (issue 15 items 5-6): only the published defaults
-- change; a clinic's overrides in risk_parameter are left as they are.
UPDATE @extschema@.risk_parameter_default
   SET value = 1.75,
       evidence = 'weak: isometric quadriceps strength SMD -0.69 in military recruits; ln(OR) = SMD x pi / sqrt(3) gives OR 3.5 per SD of lower strength; between-person SD is about 20-25 % of the mean, so a 10 % deficit is about 0.45 SD and OR = 3.5^0.45 = 1.75; the 10 % cut-off is borrowed from limb-symmetry criteria (Kyritsis 2016), not PFPS data',
       source = 'Neal 2019, BJSM 53:270 (derived)'
 WHERE parameter = 'quad_deficit';
UPDATE @extschema@.risk_parameter_default
   SET evidence = 'prospective incidence ratio, 95 % CI 1.19-4.20, in US Naval Academy midshipmen (military trainees, not runners)',
       source = 'Boling 2010, Scand J Med Sci Sports 20:725 (US Naval Academy midshipmen)'
 WHERE parameter = 'female';

-- pain_monitor reads its bands from the settings: STABLE
CREATE OR REPLACE FUNCTION @extschema@.pain_monitor(pain_during float8, pain_next_morning float8,
                                         baseline float8 DEFAULT 0) RETURNS text
  AS 'MODULE_PATHNAME', 'kr_pain_monitor'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_monitor(float8, float8, float8) IS
  'Pain-monitoring model (Thomee 1997, Phys Ther 77:1690, PFPS; later used for Achilles tendinopathy by Silbernagel 2007): ''excessive'' when pain_during > knee_rehab.pain_acceptable_nrs (default 5) or pain_next_morning is above baseline (not settled by the next morning); else ''acceptable'' when pain_during > knee_rehab.pain_safe_nrs (default 2; so 2.5 is acceptable), else ''safe''. pain_monitor_model() names the model the settings give (thomee_1997, strict_pain_free: practitioner guidance for runner''s knee, both bands at pain_free_nrs, or custom). NULL pain_next_morning (not recorded): judged on pain_during alone; NULL baseline: 0; NULL pain_during: ''excessive'' if the next morning is above baseline, else NULL. Each NRS 0-10, else ERROR 22003; pain_safe_nrs above pain_acceptable_nrs: ERROR 22023. STABLE: reads the settings.';

CREATE FUNCTION @extschema@.pain_monitor_model() RETURNS text
  AS 'MODULE_PATHNAME', 'kr_pain_monitor_model'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_monitor_model() IS
  'The pain-monitoring model pain_monitor uses with the current settings: ''thomee_1997'' (knee_rehab.pain_safe_nrs = 2, knee_rehab.pain_acceptable_nrs = 5; Thomee 1997, Phys Ther 77:1690), ''strict_pain_free'' (both equal to knee_rehab.pain_free_nrs: practitioner guidance for runner''s knee, run pain-free or to the first sign of pain, never through it), else ''custom (safe <= s, acceptable <= a)''. pain_safe_nrs above pain_acceptable_nrs: ERROR 22023.';

-- The model's third rule, pain should not rise week on week (Thomee
-- 1997), per episode: one row per calendar week (Monday to Sunday) with a
-- session that recorded pain during, its worst pain during, the previous
-- calendar week's, and whether it rose.  For views: CROSS JOIN LATERAL
-- weekly_pain(e.clinic_id, e.episode_id).
CREATE FUNCTION @extschema@.weekly_pain(clinic_id text, episode_id bigint)
  RETURNS TABLE (week_start date, sessions_with_pain bigint, pain_during_max float8,
                 previous_week_pain_during_max float8, pain_rose boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH week AS (
    SELECT s.session_date - (CAST(EXTRACT(isodow FROM s.session_date) AS integer) - 1) AS week_start,
           pg_catalog.count(*) AS sessions_with_pain,
           pg_catalog.max(s.pain_during) AS pain_during_max
      FROM @extschema@.load_session AS s
     WHERE s.clinic_id = weekly_pain.clinic_id AND s.episode_id = weekly_pain.episode_id
       AND s.pain_during IS NOT NULL
     GROUP BY 1
  )
  SELECT w.week_start, w.sessions_with_pain, w.pain_during_max, p.pain_during_max,
         w.pain_during_max > p.pain_during_max
    FROM week AS w
    LEFT JOIN week AS p ON p.week_start = w.week_start - 7
   ORDER BY w.week_start;
END;
COMMENT ON FUNCTION @extschema@.weekly_pain(text, bigint) IS
  'The pain-monitoring model''s week-on-week rule, pain should not rise from week to week (Thomee 1997, Phys Ther 77:1690), for one episode: one row per calendar week (week_start = Monday) with at least one session of the episode that recorded pain_during, the number of such sessions, the week''s highest pain_during, the previous calendar week''s (NULL when that week has none), and pain_rose = this week''s highest > the previous week''s (NULL without a previous week). Reads load_session as the caller (row-level security applies). Use in a view as CROSS JOIN LATERAL weekly_pain(e.clinic_id, e.episode_id).';

CREATE FUNCTION @extschema@.single_run_spike_grade(run_km float8, longest_prev_30d_km float8) RETURNS text
  AS 'MODULE_PATHNAME', 'kr_single_run_spike_grade'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.single_run_spike_grade(float8, float8) IS
  'Single-session spike, graded as in Frandsen 2025 (BJSM 59:1203; 5,205 runners, GPS-watch data; observational, weak evidence): how much longer run_km is than the longest run of the previous 30 days: ''none'' (up to 10 % longer, or shorter), ''over_10_to_30_pct'' (> 10 % to 30 %, hazard rate ratio 1.64, 95 % CI 1.31-2.05), ''over_30_to_100_pct'' (> 30 % to 100 %, 1.52, 1.16-2.00), ''over_100_pct'' (> 100 %, 2.28, 1.50-3.48). Boundaries exclusive of the lower limit (exactly 10 % is none), comparisons allow 1e-9 for decimal inputs. NULL in, NULL out; run_km >= 0, longest_prev_30d_km > 0, finite, else ERROR 22003. A description, not an injury probability.';

CREATE FUNCTION @extschema@.single_run_spike_hrr(run_km float8, longest_prev_30d_km float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_single_run_spike_hrr'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.single_run_spike_hrr(float8, float8) IS
  'Hazard rate ratio of single_run_spike_grade''s grade (Frandsen 2025, BJSM 59:1203): none 1 (reference), over_10_to_30_pct 1.64, over_30_to_100_pct 1.52, over_100_pct 2.28. Not monotone in the spike size (the published estimates); observational, weak evidence. Same arguments and errors as single_run_spike_grade.';

CREATE FUNCTION @extschema@.koos_pf_responder(baseline float8, followup float8) RETURNS boolean
  AS 'MODULE_PATHNAME', 'kr_koos_pf_responder'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.koos_pf_responder(float8, float8) IS
  'True when the KOOS-PF score (0-100, 100 = no problems) rose by at least its minimal important change of 16.4 points (Crossley 2018, BJSM 52:1130; smallest detectable change for an individual 16). Scores 0-100, NaN/Infinity rejected (ERROR 22003); NULL when either is not recorded. The comparison allows 1e-9 for decimal inputs.';


-- triage: acute trauma, effusion and the provocation tests (issue 15 items 1-2); a new signature
DROP FUNCTION @extschema@.triage(@extschema@.pain_location, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, integer, boolean, boolean, boolean, boolean);
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


-- load_monitoring: graded single-run spike (Frandsen 2025) and the pain model; new columns in the middle: DROP and CREATE
DROP VIEW @extschema@.load_monitoring;
CREATE VIEW @extschema@.load_monitoring WITH (security_invoker = true) AS
WITH session_day AS (
  SELECT s.clinic_id, s.episode_id, s.session_date AS day,
         pg_catalog.count(*) AS sessions,
         pg_catalog.count(*) FILTER (WHERE s.kind = 'run') AS runs,
         pg_catalog.sum(s.distance_km) FILTER (WHERE s.kind = 'run') AS run_km,
         pg_catalog.sum(s.duration_min) FILTER (WHERE s.kind = 'run') AS run_min,
         pg_catalog.max(s.distance_km) FILTER (WHERE s.kind = 'run') AS longest_run_km,
         pg_catalog.sum(s.sets * s.reps * s.load_kg) FILTER (WHERE s.kind = 'strength')
           AS strength_volume_kg,
         pg_catalog.max(s.pain_during) AS pain_during_max,
         pg_catalog.max(CASE @extschema@.pain_monitor(s.pain_during, s.pain_next_morning, s.pain_before)
                          WHEN 'safe' THEN 1 WHEN 'acceptable' THEN 2 WHEN 'excessive' THEN 3 END)
           AS pain_rank
    FROM @extschema@.load_session AS s
   GROUP BY s.clinic_id, s.episode_id, s.session_date
), test_day AS (
  -- tested_at is a timestamptz: its calendar day is taken in the
  -- session's TimeZone.
  SELECT t.clinic_id, t.episode_id, CAST(t.tested_at AS date) AS day,
         pg_catalog.max(t.angle_deg) FILTER (WHERE t.test = 'small_knee_bend') AS knee_bend_angle_deg,
         pg_catalog.bool_and(t.pain_nrs <= @extschema@.pain_free_nrs())
           FILTER (WHERE t.test = 'small_knee_bend') AS knee_bend_pain_free
    FROM @extschema@.knee_test AS t
   GROUP BY t.clinic_id, t.episode_id, CAST(t.tested_at AS date)
), day_row AS (
  SELECT clinic_id, episode_id, day,
         COALESCE(s.sessions, 0) AS sessions,
         COALESCE(s.run_km, 0) AS run_km,
         COALESCE(s.run_min, 0) AS run_min,
         COALESCE(s.strength_volume_kg, 0) AS strength_volume_kg,
         s.longest_run_km, s.pain_during_max, s.pain_rank,
         t.knee_bend_angle_deg, t.knee_bend_pain_free,
         pg_catalog.min(day) FILTER (WHERE s.run_km > 0)
           OVER (PARTITION BY clinic_id, episode_id) AS first_run_day
    FROM session_day AS s
    FULL JOIN test_day AS t USING (clinic_id, episode_id, day)
), windowed AS (
  SELECT d.*,
         @extschema@.ewma_acwr(d.day, d.run_km) FILTER (WHERE d.day >= d.first_run_day)
           OVER w_all AS acwr_ewma,
         @extschema@.ewma_loads(d.day, d.run_km) FILTER (WHERE d.day >= d.first_run_day)
           OVER w_all AS ewma_km,
         pg_catalog.sum(d.run_km) OVER w_7 AS km_7d,
         pg_catalog.sum(d.run_km) OVER w_28 AS km_28d,
         pg_catalog.sum(d.run_km) OVER w_8_28 AS km_8_28d,
         pg_catalog.max(d.longest_run_km) OVER w_prev_30 AS longest_run_prev_30d_km,
         pg_catalog.max(d.day) FILTER (WHERE d.sessions > 0) OVER w_before AS previous_session_day
    FROM day_row AS d
  WINDOW w_all AS (PARTITION BY d.clinic_id, d.episode_id ORDER BY d.day),
         w_7 AS (w_all RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW),
         w_28 AS (w_all RANGE BETWEEN '27 days' PRECEDING AND CURRENT ROW),
         w_8_28 AS (w_all RANGE BETWEEN '27 days' PRECEDING AND '7 days' PRECEDING),
         w_prev_30 AS (w_all RANGE BETWEEN '30 days' PRECEDING AND '1 day' PRECEDING),
         w_before AS (w_all RANGE BETWEEN UNBOUNDED PRECEDING AND '1 day' PRECEDING)
), ratios AS (
  SELECT w.*,
         CASE WHEN w.day >= w.first_run_day + 27
              THEN (w.km_7d / 7) / NULLIF(w.km_28d / 28, 0) END AS acwr_rolling,
         CASE WHEN w.day >= w.first_run_day + 27
              THEN (w.km_7d / 7) / NULLIF(COALESCE(w.km_8_28d, 0) / 21, 0) END AS acwr_uncoupled
    FROM windowed AS w
)
SELECT r.clinic_id, r.episode_id, r.day,
       r.sessions::integer AS sessions,
       r.run_km, r.run_min, r.strength_volume_kg,
       r.ewma_km[1] AS ewma_acute_km,
       r.ewma_km[2] AS ewma_chronic_km,
       r.acwr_ewma, r.acwr_rolling, r.acwr_uncoupled,
       GREATEST(r.acwr_ewma, r.acwr_rolling) >= 1.5 AS acwr_spike,
       r.longest_run_km, r.longest_run_prev_30d_km,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km) <> 'none'
         AS single_run_spike,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_grade,
       @extschema@.single_run_spike_hrr(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_hrr,
       r.day - r.previous_session_day AS days_since_previous_session,
       r.day - r.previous_session_day > 7 AS rest_gap,
       r.pain_during_max,
       CASE r.pain_rank WHEN 1 THEN 'safe' WHEN 2 THEN 'acceptable' WHEN 3 THEN 'excessive' END
         AS pain_response,
       CASE WHEN r.pain_rank IS NOT NULL THEN @extschema@.pain_monitor_model() END AS pain_model,
       r.knee_bend_angle_deg, r.knee_bend_pain_free
  FROM ratios AS r;
COMMENT ON VIEW @extschema@.load_monitoring IS
  'One row per episode and calendar day with a session or a test: daily load (run km, run minutes, strength sets x reps x kg), EWMA ACWR (Williams 2017) and rolling 7/28-day ACWR (Gabbett 2016, BJSM 50:273) and uncoupled ACWR (chronic t-27..t-7, Lolli 2019, BJSM 53:921) on run km, spike flag (>= 1.5, Gabbett 2016), single-run spike graded as in Frandsen 2025 (BJSM 59:1203: > 10-30 % longer than the longest run of the previous 30 days HRR 1.64, > 30-100 % 1.52, > 100 % 2.28; observational, weak evidence), rest gap (> 7 days since the previous session; practitioner guidance: rest beyond 5-7 days deconditions), the pain-monitoring response of the day''s worst session and the model that judged it (Thomee 1997) and whether the small knee bend was pain-free. ACWR is descriptive, not an injury probability (Impellizzeri 2020); in Frandsen 2025''s cohort the ACWR even showed a negative dose-response and the week-to-week ratio none. security_invoker: row-level security on the tables applies.';
COMMENT ON COLUMN @extschema@.load_monitoring.clinic_id IS 'Clinic.';
COMMENT ON COLUMN @extschema@.load_monitoring.episode_id IS 'Episode.';
COMMENT ON COLUMN @extschema@.load_monitoring.day IS 'Calendar day with at least one session or test (a test''s tested_at taken as a date in the session''s TimeZone).';
COMMENT ON COLUMN @extschema@.load_monitoring.sessions IS 'Sessions that day (0 on a test-only day).';
COMMENT ON COLUMN @extschema@.load_monitoring.run_km IS 'Run distance that day, km (0 when no run recorded a distance); the load measure of every ACWR column.';
COMMENT ON COLUMN @extschema@.load_monitoring.run_min IS 'Run time that day, minutes, of the runs that recorded a duration (0 when none); runs with a time but no distance do not count in the ACWRs.';
COMMENT ON COLUMN @extschema@.load_monitoring.strength_volume_kg IS 'Strength volume that day: sum of sets x reps x load_kg, kg (0 when none; sessions without load_kg add nothing).';
COMMENT ON COLUMN @extschema@.load_monitoring.ewma_acute_km IS 'Acute EWMA of run km/day (N = 7, lambda = 0.25; Williams 2017), from the first day with a run.';
COMMENT ON COLUMN @extschema@.load_monitoring.ewma_chronic_km IS 'Chronic EWMA of run km/day (N = 28, lambda = 2/29; Williams 2017), from the first day with a run.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_ewma IS 'ewma_acute_km / ewma_chronic_km (Williams 2017); NULL before the first run. Descriptive, not an injury probability (Impellizzeri 2020; Frandsen 2025 found a negative dose-response for ACWR).';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_rolling IS 'Rolling ACWR: mean run km/day over days t-6..t / mean over t-27..t (Gabbett 2016), days without runs counting 0; NULL until 27 days after the first run (a full chronic window) or when the chronic mean is 0.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_uncoupled IS 'Uncoupled ACWR: mean run km/day over t-6..t / mean over t-27..t-7 (21 days; Lolli 2019); NULL until 27 days after the first run or when the chronic mean is 0.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_spike IS 'acwr_ewma or acwr_rolling >= 1.5 (Gabbett 2016 "danger zone"); NULL when both are NULL. Descriptive only: Frandsen 2025 (BJSM 59:1203) found a negative dose-response for ACWR in 5,205 runners.';
COMMENT ON COLUMN @extschema@.load_monitoring.longest_run_km IS 'Longest single run that day, km.';
COMMENT ON COLUMN @extschema@.load_monitoring.longest_run_prev_30d_km IS 'Longest single run in the previous 30 days (t-30..t-1), km; NULL when none.';
COMMENT ON COLUMN @extschema@.load_monitoring.single_run_spike IS 'single_run_spike_grade <> ''none'': a run > 10 % longer than the longest run of the previous 30 days (Frandsen 2025, BJSM 59:1203; weak evidence); NULL when no run that day or none in the previous 30 days.';
COMMENT ON COLUMN @extschema@.load_monitoring.single_run_spike_grade IS 'single_run_spike_grade(longest_run_km, longest_run_prev_30d_km): none, over_10_to_30_pct, over_30_to_100_pct or over_100_pct (Frandsen 2025, BJSM 59:1203; weak evidence); NULL as single_run_spike.';
COMMENT ON COLUMN @extschema@.load_monitoring.single_run_spike_hrr IS 'Hazard rate ratio of the grade (Frandsen 2025): 1, 1.64, 1.52 or 2.28; a description of the run, not an injury probability.';
COMMENT ON COLUMN @extschema@.load_monitoring.days_since_previous_session IS 'Days since the previous day with a session (any kind); NULL before the first.';
COMMENT ON COLUMN @extschema@.load_monitoring.rest_gap IS 'days_since_previous_session > 7 (practitioner guidance: rest beyond 5-7 days deconditions).';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_during_max IS 'Highest pain during any session that day, NRS 0-10.';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_response IS 'Worst pain_monitor verdict of the day''s sessions (pain_during, pain_next_morning, baseline pain_before): safe < acceptable < excessive (Thomee 1997; bands from the settings); NULL when no session recorded pain.';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_model IS 'pain_monitor_model() that judged pain_response: thomee_1997, strict_pain_free (practitioner guidance) or custom (...); NULL when pain_response is NULL.';
COMMENT ON COLUMN @extschema@.load_monitoring.knee_bend_angle_deg IS 'Largest small-knee-bend angle tested that day, degrees.';
COMMENT ON COLUMN @extschema@.load_monitoring.knee_bend_pain_free IS 'Every small knee bend that day had pain <= pain_free_nrs(); NULL when none was tested.';

-- COMMENTs: sources corrected (Thomee 1997, Frandsen 2025, Boling 2010's midshipmen, quadriceps derivation, pain_free_capacity) and every function, aggregate and view citing a source
COMMENT ON FUNCTION @extschema@.pain_free_nrs() IS
  'Current knee_rehab.pain_free_nrs (default 0): highest NRS pain that counts as pain-free. Practitioner guidance for runner''s knee: run and test pain-free (0), or up to the first sign of pain.';
COMMENT ON FUNCTION @extschema@.knee_bend_target_deg() IS
  'Current knee_rehab.knee_bend_target_deg (default 30): small-knee-bend angle to reach pain-free before running (clinical reference). Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';
COMMENT ON FUNCTION @extschema@.min_cell_size() IS
  'Current knee_rehab.min_cell_size (default 5): cohort cells with fewer episodes are suppressed. No clinical source: a privacy rule (small-cell suppression, 5 is a common threshold in health statistics).';
COMMENT ON TYPE @extschema@.sex IS
  'Sex recorded at intake. Women had 2.23x the PFPS incidence of men among US Naval Academy midshipmen (Boling 2010, Scand J Med Sci Sports 20:725: military trainees, not runners).';
COMMENT ON TYPE @extschema@.load_pain_trend_result IS
  'Result of load_pain_trend: least-squares line pain = intercept + slope x load over n rows; r, r2; two-sided t test of the slope (n - 2 df) and its 95 % CI; pain_free_capacity = load at which the fitted line reaches knee_rehab.pain_free_nrs (practitioner guidance: run to the pain limit; an extrapolation of the fitted line, not a finding of Thomee 1997 or Silbernagel 2007).';
COMMENT ON FUNCTION @extschema@.load_pain_trend_final(float8[]) IS
  'Final function of load_pain_trend: reads PostgreSQL''s float8_regr_accum state [N, Sx, Sxx, Sy, Syy, Sxy] (X = pain, Y = load) as the regression of pain on load. STABLE: reads knee_rehab.pain_free_nrs. No clinical source: final function (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON FUNCTION @extschema@.load_pain_trend_combine(float8[], float8[]) IS
  'Combine function of load_pain_trend: PostgreSQL''s float8_regr_combine (exact merge) for the transposed state, multiplying the cross term in regr_slope(pain, load)''s order so that parallel results equal it bit for bit. No clinical source: combine function (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.load_pain_trend(float8, float8) IS
  'Load versus pain: ordinary least squares of pain on load (pain recorded as in the pain-monitoring model, Thomee 1997); slope, intercept, r, r2 equal regr_slope/regr_intercept/corr/regr_r2(pain, load); slope_p_value (two-sided t, n - 2 df) and 95 % CI (GSL) as R summary(lm(pain ~ load)) / confint(); pain_free_capacity = (pain_free_nrs - intercept) / slope when slope > 0 (0 when the fitted pain is above pain_free_nrs even at load 0), else NULL: the load at which the fitted line reaches the pain-free level, after practitioner guidance (run to the pain limit, the distance or time at which pain starts); an extrapolation of a fitted line, not a published rule, least trustworthy beyond the loads actually run. Rows with a NULL are skipped; no rows: n = 0, rest NULL; all loads equal: slope NULL; n < 3: p-value and CI NULL; NaN/Infinity: ERROR 22003.';
COMMENT ON FUNCTION @extschema@.weekly_trend_accum(float8[], timestamptz, float8) IS
  'Transition function of weekly_trend: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of [N, Sx, Sxx, Sy, Syy, Sxy] with x = weeks, plus the first time (microseconds since 2000-01-01). No clinical source: transition function (the method and its sources are in weekly_trend''s comment).';
COMMENT ON FUNCTION @extschema@.weekly_trend_combine(float8[], float8[]) IS
  'Combine function of weekly_trend: exact merge of two partial states (as PostgreSQL float8_regr_combine), earliest first time. No clinical source: combine function (the method and its sources are in weekly_trend''s comment).';
COMMENT ON FUNCTION @extschema@.weekly_trend_final(float8[]) IS
  'Final function of weekly_trend: slope per week, intercept at the first observation, t-test and 95 % CI of the slope (GSL t distribution). No clinical source: final function (the method and its sources are in weekly_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.load_pain_trend_state(float8, float8) IS
  'The float8[] state of load_pain_trend for a group (regression sums, as float8_regr_accum), for load_pain_trend_merge: two-level aggregation across Citus shards or stored rollups. No clinical source: two-level aggregation support (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.load_pain_trend_merge(float8[]) IS
  'load_pain_trend of the rows behind several load_pain_trend_state states (exact merge); one argument, so Citus aggregates it partially on the workers. A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in load_pain_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.weekly_trend_state(timestamptz, float8) IS
  'The float8[] state of weekly_trend for a group, for weekly_trend_merge (two-level aggregation across Citus shards or stored rollups). No clinical source: two-level aggregation support (the method and its sources are in weekly_trend''s comment).';
COMMENT ON AGGREGATE @extschema@.weekly_trend_merge(float8[]) IS
  'weekly_trend of the rows behind several weekly_trend_state states (exact merge); one argument, so Citus aggregates it partially on the workers. A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in weekly_trend''s comment).';
COMMENT ON FUNCTION @extschema@.ready_to_run(float8, float8) IS
  'Ready to run: small knee bend (single-leg bend, clinical reference) reaches knee_rehab.knee_bend_target_deg (default 30) with pain_nrs <= knee_rehab.pain_free_nrs (default 0). angle_deg 0-160, pain_nrs 0-10, else ERROR 22003; NULL when either is not recorded. STABLE: reads the settings. Practitioner guidance: do the small knee bend before every run, do not run when it hurts (closest published protocol Rathleff 2022).';
COMMENT ON FUNCTION @extschema@.knee_bend_progress_accum(float8[], timestamptz, float8, float8) IS
  'Transition function of knee_bend_progress: Youngs-Cramer update (as PostgreSQL float8_regr_accum) of the angle and pain regressions on time in weeks, first/last test, best pain-free angle, first ready time. STABLE: reads knee_rehab.pain_free_nrs and knee_bend_target_deg. No clinical source: transition function (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON FUNCTION @extschema@.knee_bend_progress_combine(float8[], float8[]) IS
  'Combine function of knee_bend_progress: exact merge of two partial states (as PostgreSQL float8_regr_combine). No clinical source: combine function (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON FUNCTION @extschema@.knee_bend_progress_final(float8[]) IS
  'Final function of knee_bend_progress: slopes per week with 95 % CIs (GSL t distribution, n - 2 df) and the trend rule. No clinical source: final function (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON AGGREGATE @extschema@.knee_bend_progress(timestamptz, float8, float8) IS
  'Small knee bend progression (clinical reference: bend to knee_rehab.knee_bend_target_deg pain-free before running). trend: insufficient_data when n < 3 or the tests span < 1 week; improving when the angle slope 95 % CI is above 0 or the pain slope CI below 0 and neither is on the worsening side; worsening the mirror; stable otherwise. Rows with a NULL are skipped; no rows: n = 0, rest NULL; angle 0-160, pain 0-10, finite time, else ERROR 22003. Practitioner guidance (small knee bend before every run; closest published protocol Rathleff 2022).';
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_state(timestamptz, float8, float8) IS
  'The float8[] state of knee_bend_progress for a group, for knee_bend_progress_merge (two-level aggregation across Citus shards or stored rollups). No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON AGGREGATE @extschema@.knee_bend_progress_merge(float8[]) IS
  'knee_bend_progress of the tests behind several knee_bend_progress_state states (exact merge); one argument, so Citus aggregates it partially on the workers. A malformed state: ERROR 2202E. No clinical source: two-level aggregation support (the method and its sources are in knee_bend_progress''s comment).';
COMMENT ON FUNCTION @extschema@.injuries_valid(@extschema@.knee_injury[]) IS
  'True when a knee-injury history is NULL (not recorded), empty (none), or a one-dimensional array without NULLs or duplicates. No clinical source: input validation of the intake data.';
COMMENT ON COLUMN @extschema@.patient.sex IS 'Sex; female RR 2.23 (Boling 2010, US Naval Academy midshipmen, not runners).';
COMMENT ON COLUMN @extschema@.episode.quad_deficit_pct IS 'Quadriceps strength deficit of the involved side at intake, percent 0-100 (>= 10 %: RR 1.75 derived from Neal 2019; weak evidence).';
COMMENT ON FUNCTION @extschema@.knee_test_check() IS
  'Trigger on knee_test: refuses a test before its episode''s first_visit (one day of slack), SQLSTATE 23514 as a CHECK constraint would. No clinical source: data integrity.';
COMMENT ON TABLE @extschema@.load_session IS
  'A training session: a run (distance and/or time) or strength work (sets x reps x kg), with pain before, during and the next morning (pain-monitoring model, Thomee 1997).';
COMMENT ON TABLE @extschema@.risk_parameter_default IS
  'Published defaults of the (not validated) PFPS risk model: relative risks, thresholds and tier cut-offs with their evidence and source (clinical reference: Boling 2010 (US Naval Academy midshipmen), Neal 2014/2019, Nielsen 2014, van Poppel 2018, Hespanhol 2013). Seeded by CREATE EXTENSION; do not edit - put clinic changes in risk_parameter.';
COMMENT ON FUNCTION @extschema@.risk_parameter_check() IS
  'Trigger on risk_parameter: refuses a value outside the parameter''s min_value..max_value (22003) and tier cut-offs out of order (22023). No clinical source: data integrity of the clinic''s overrides.';
COMMENT ON VIEW @extschema@.risk_model IS
  'The PFPS risk model in use: every parameter with its value (the clinic''s override, else the published default), default, evidence and source. Not a validated prediction model. Sources per parameter in column source (Boling 2010; van Poppel 2018; Hespanhol 2013; Neal 2014/2019; Nielsen 2014; Kyritsis 2016; practitioner guidance).';
COMMENT ON FUNCTION @extschema@.pfps_risk(@extschema@.sex, float8, float8, @extschema@.knee_injury[], @extschema@.foot_type, float8, float8, float8) IS
  'Transparent PFPS relative risk at intake, NOT a validated prediction model: product of relative risks vs a male runner with no knee injury and a neutral foot - female 2.23 (Boling 2010, in US Naval Academy midshipmen - military trainees, not runners), any prior knee injury 1.7 (van Poppel 2018; Hespanhol 2013; weak), flat foot/overpronation 1.2 (Neal 2014; weak), quadriceps deficit >= 10 % 1.75 (weak: Neal 2019 SMD -0.69, ln OR = SMD x pi/sqrt(3) = OR 3.5 per SD, 10 % deficit = 0.45 SD, 3.5^0.45 = 1.75), weekly distance +30 % 1.59 (Nielsen 2014), BMI >= 30, high arch, PTTD, < 1 strength session/week shown at 1.0 - with the clinic''s overrides from risk_parameter. NULL = not recorded (counts 1.0, lowers completeness). Tiers low < 1.5 <= moderate < 3 <= high. weight_kg 10-400, height_cm 50-250, quad_deficit_pct 0-100, weekly_distance_increase_pct -100 to 1000, strength_sessions_per_week 0-21 (22003); injuries one-dimensional without NULLs (2202E) or duplicates (22023).';
COMMENT ON FUNCTION @extschema@.pfps_risk_score(@extschema@.sex, float8, float8, @extschema@.knee_injury[], @extschema@.foot_type, float8, float8, float8) IS
  'pfps_risk(...).relative_risk alone, for reports over many patients (no jsonb): the same product of relative risks (Boling 2010, midshipmen; van Poppel 2018; Neal 2014/2019; Nielsen 2014) with the clinic''s overrides, the same errors. NOT a validated prediction model.';
COMMENT ON TYPE @extschema@.pain_location IS
  'Where the knee hurts: peripatellar (around the kneecap), retropatellar (behind it), lateral (outer knee), inferior_patellar (below the kneecap), medial (inner side of the kneecap: runners'' "inner knee pain"), other. Around/behind the kneecap, including its medial side, suggests PFPS (Crossley 2016, BJSM 50:839), outer knee iliotibial band syndrome, below the kneecap patellar tendinopathy.';
COMMENT ON TYPE @extschema@.triage_result IS
  'Result of triage: likely_condition (patellofemoral_pain, iliotibial_band_syndrome, patellar_tendinopathy, undetermined, or structural_injury_suspected when any red flag is present), refer (red flag or Ottawa knee rule), xray_indicated (Ottawa knee rule, Stiell 1996, acute knee trauma only), reasons (one per finding that decided, and one for each rule that did not apply), pain_pattern (the condition the pain location and provocation alone suggest; Crossley 2016).';
COMMENT ON FUNCTION @extschema@.ewma_acwr_combine(float8[], float8[]) IS
  'Combine function of ewma_acwr and ewma_loads: merges two partial states over disjoint day ranges exactly (EWMA is linear in the loads; the earlier state decays to the later one''s last day). Overlapping day ranges: ERROR 22023. No clinical source: combine function (the method and its sources are in ewma_acwr''s comment).';
COMMENT ON FUNCTION @extschema@.ewma_acwr_final(float8[]) IS
  'Final function of ewma_acwr: acute EWMA / chronic EWMA at the last day accumulated; NULL for no rows or a chronic EWMA of 0. Reads the state only. No clinical source: final function (the method and its sources are in ewma_acwr''s comment).';
COMMENT ON FUNCTION @extschema@.ewma_loads_final(float8[]) IS
  'Final function of ewma_loads: {acute EWMA, chronic EWMA} at the last day accumulated; NULL for no rows. Reads the state only. No clinical source: final function (the method and its sources are in ewma_loads''s comment).';
COMMENT ON AGGREGATE @extschema@.ewma_acwr(date, float8) IS
  'Exponentially weighted acute:chronic workload ratio (Williams 2017, BJSM 51:209): EWMA_t = lambda*L_t + (1-lambda)*EWMA_(t-1), lambda = 2/(N+1), N = 7 acute and 28 chronic calendar days; days without a row are zero load, several rows on one day add up, both averages start at the first day''s load (as the R package ACWR); NULL while the chronic EWMA is 0. Use as a window aggregate OVER (PARTITION BY episode_id ORDER BY day) or as ewma_acwr(day, load ORDER BY day); rows out of day order: ERROR 22023. Descriptive only, not an injury probability (Impellizzeri 2020); in 5,205 runners the ACWR showed a negative dose-response (Frandsen 2025, BJSM 59:1203).';
COMMENT ON FUNCTION @extschema@.recovery_km_summary(float8[]) IS
  'The recovery_km result (Kaplan-Meier, log-log CI of the median as R survival::survfit) from a recovery_km_state array; a malformed state is ERROR 2202E/22023. Kaplan and Meier 1958 (JASA 53:457).';
COMMENT ON FUNCTION @extschema@.recovery_curve(float8[]) IS
  'Kaplan-Meier steps from a recovery_km_state array, one row per distinct day (as R summary(survfit(...), censored = TRUE)): at_risk, events, censored, survival S(day), 95 % log-log pointwise band (Greenwood variance; NULL where S is 0 or 1, as R). Kaplan and Meier 1958 (JASA 53:457).';
