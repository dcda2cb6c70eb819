-- A deterministic synthetic clinic (make demo, benchmarks, tests).
--
-- simulate_clinic(patients, seed) writes a clinically plausible cohort into
-- the extension's tables under clinic ids 'synthetic-01' .. 'synthetic-05'.
-- Every random draw is a hash of (seed, patient, draw number): the same
-- seed gives the same rows on every machine and every day (no random()).
-- All dates lie on a fixed calendar ending 2025-12-31 (data cut-off), so
-- the rows never fall in the future and do not move with the clock.
--
-- The model (figures chosen to be plausible, not estimated from data) is
-- written stage by stage, one function per stage, each headed by the
-- assumptions it encodes; simulate_clinic checks, locks and calls them in
-- this order:
--   simulate_draw_patients       patients: sex, foot type, previous injury,
--                                symptom duration, quadriceps deficit,
--                                weekly distance increase
--   simulate_plan_episodes       recovery: relative risk, latent recovery
--                                day T, follow-up and its end
--   simulate_write_patients      patient rows: height, BMI, birth year
--   simulate_write_episodes      episode rows: side, diagnosis, discharge
--   simulate_write_tests         weekly visits and their provocation tests
--   simulate_write_sessions      runs and strength sessions
--   simulate_write_outcomes      NRS, AKPS, KOOS-PF, global rating of change
--   simulate_write_home_program  home exercises and their log
--   simulate_write_gait          gait assessments
--   simulate_write_equipment     shoe changes and taping
--   simulate_write_side_measures side-to-side quadriceps strength
-- The stages pass their state in temporary tables (pg_temp.kr_sim_*,
-- dropped at the end of simulate_clinic or of the transaction).  Figures
-- used by more than one stage are defined once, in simulate_assumption();
-- shared formulas in simulate_progress, simulate_capacity and simulate_nrs.
-- Only simulate_clinic checks its arguments, refuses to write beside real
-- data and replaces the earlier synthetic clinic: call it, not the stages.

-- The exact clinic ids simulate_clinic writes, replaces and deletes: no
-- other clinic is ever touched, whatever its name.
CREATE FUNCTION @extschema@.simulate_clinic_ids()
  RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ARRAY['synthetic-01', 'synthetic-02', 'synthetic-03', 'synthetic-04', 'synthetic-05'];
COMMENT ON FUNCTION @extschema@.simulate_clinic_ids() IS
  'The five clinic ids simulate_clinic writes (synthetic-01 .. synthetic-05): it replaces only these, and refuses to run where any other clinic has rows (a clinic named synthetic-biologics is another clinic). No clinical source: synthetic data only.';
-- A uniform draw in (0, 1) from (seed, stream, k): the low 32 bits of a
-- 64-bit PostgreSQL hash, which is the same on every platform.  Only the
-- low word ("c" of Jenkins' final mix) is used: the high word is less
-- well mixed (its 53 top bits gave a normal mean 6 standard errors off 0
-- over 100,000 draws; the low word stays within 2.5).
CREATE FUNCTION @extschema@.simulate_uniform(seed bigint, stream bigint, k bigint)
  RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ((pg_catalog.hashint8extended(k, pg_catalog.hashint8extended(stream, seed))
           & 4294967295)::float8 + 0.5) / 4294967296.0::float8;
COMMENT ON FUNCTION @extschema@.simulate_uniform(bigint, bigint, bigint) IS
  'Deterministic pseudo-random uniform draw in (0, 1) from (seed, stream, k), via PostgreSQL''s platform-independent hashint8extended; used by simulate_clinic (synthetic data only, not for security).';

-- A standard normal draw (Box-Muller on the draws 2k and 2k + 1).
CREATE FUNCTION @extschema@.simulate_normal(seed bigint, stream bigint, k bigint)
  RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.sqrt(-2.0::float8 * pg_catalog.ln(@extschema@.simulate_uniform(seed, stream, 2 * k)))
         * pg_catalog.cos(2.0::float8 * pg_catalog.pi() * @extschema@.simulate_uniform(seed, stream, 2 * k + 1));
COMMENT ON FUNCTION @extschema@.simulate_normal(bigint, bigint, bigint) IS
  'Deterministic pseudo-random standard normal draw from (seed, stream, k) by the Box-Muller transform (Box & Muller 1958) of two simulate_uniform draws; used by simulate_clinic.';


-- ---- figures and formulas shared by the stages ---------------------------

-- The simulator's figures that more than one stage uses, each defined here
-- once (a stage reads them with SELECT * INTO sim FROM simulate_assumption()).
-- Assumptions of the simulator, not findings:
--   cutoff               2025-12-31: the data cut-off, where the fixed
--                        calendar ends (first visits fall in the 420 days
--                        before it, birth years count back from its year,
--                        follow-up stops there; simulate_clinic needs a
--                        clock past it because the tables reject the future)
--   median_recovery_days 35: median day of recovery of a runner with no risk
--                        factor and symptoms of 2 months or less (scaled by
--                        RR^0.35 and 1.35 for longer symptoms); it also sets
--                        how fast capacity grows and how low AKPS starts
--   follow_up_days       182 (26 weeks): an unrecovered runner still seen
--                        then is discharged
--   bend_ready_deg,      30 degrees and NRS 0: a small knee bend of 30
--   pain_free_nrs        degrees or more with pain 0 is ready to run (the
--                        defaults of knee_bend_target_deg and pain_free_nrs);
--                        before the readiness point the bend stays below it
--                        (at most 29); from recovery every test is pain-free
--   load_step_kg         2.5: strength loads are whole 2.5 kg plates
CREATE FUNCTION @extschema@.simulate_assumption(
    OUT cutoff date, OUT median_recovery_days float8, OUT follow_up_days integer,
    OUT bend_ready_deg integer, OUT pain_free_nrs integer, OUT load_step_kg numeric)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT date '2025-12-31', 35::float8, 182, 30, 0, 2.5;
END;
COMMENT ON FUNCTION @extschema@.simulate_assumption() IS
  'The synthetic clinic''s figures shared by more than one of simulate_clinic''s stages, each defined once: data cut-off 2025-12-31, median recovery 35 days (an assumption of the simulator, not a finding), follow-up 182 days, small knee bend ready to run at 30 degrees with pain 0 (the defaults of knee_bend_target_deg and pain_free_nrs: practitioner guidance), strength loads in 2.5 kg steps. Synthetic data only.';

-- Recovered on a day: from the latent recovery day T on (never for a
-- runner who does not recover, T NULL).
CREATE FUNCTION @extschema@.simulate_recovered(on_day integer, t_recover float8)
  RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN t_recover IS NOT NULL AND on_day >= t_recover;
COMMENT ON FUNCTION @extschema@.simulate_recovered(integer, float8) IS
  'Whether a synthetic runner has recovered by day on_day of the episode: on or after the latent recovery day t_recover, never when it is NULL. Used by simulate_clinic''s stages. No clinical source: an assumption of the simulator (synthetic data only).';

-- Progress towards recovery on a day of the episode, 0 .. 1: day / T for a
-- runner who recovers on day T (1 from T on); a runner who never recovers
-- improves as 0.8 x day / (2 x the episode's median recovery day), at most
-- 0.8.  It drives the tests' pain before the readiness point, the
-- outcomes, the strength sessions' and the home exercises' pain.
CREATE FUNCTION @extschema@.simulate_progress(on_day integer, t_recover float8, median_days float8)
  RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN t_recover IS NULL THEN 0.8 * least(1.0, on_day / (2 * median_days))
              ELSE least(1.0, on_day / t_recover) END;
COMMENT ON FUNCTION @extschema@.simulate_progress(integer, float8, float8) IS
  'Progress 0..1 of a synthetic runner towards recovery on day on_day: on_day / t_recover (at most 1), or, never recovering (t_recover NULL), 0.8 x on_day / (2 x median_days) (at most 0.8). Used by simulate_clinic''s stages. No clinical source: an assumption of the simulator (synthetic data only).';

-- Running capacity (the distance a run can go before it hurts) after some
-- weeks of loading: the first capacity grown by a factor a week, at most
-- 25 km.
CREATE FUNCTION @extschema@.simulate_capacity(capacity0 float8, growth float8, weeks float8)
  RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN least(25.0, capacity0 * pg_catalog.power(growth, weeks));
COMMENT ON FUNCTION @extschema@.simulate_capacity(float8, float8, float8) IS
  'Running capacity, km, of a synthetic runner after weeks of loading: capacity0 x growth^weeks, at most 25 km. Used by simulate_clinic''s run sessions. No clinical source: an assumption of the simulator (synthetic data only).';

-- A pain score on the 0-10 NRS: rounded to a whole point and kept within
-- lowest .. 10 (lowest 1 for a test that still hurts).
CREATE FUNCTION @extschema@.simulate_nrs(pain float8, lowest integer DEFAULT 0)
  RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN greatest(lowest, least(10, pg_catalog.round(pain)));
COMMENT ON FUNCTION @extschema@.simulate_nrs(float8, integer) IS
  'A simulated pain score on the 0-10 numeric rating scale (Farrar 2001): pain rounded to a whole point, kept within lowest (default 0) and 10. Used by simulate_clinic''s stages; synthetic data only.';

-- ---- the stages, in the order simulate_clinic runs them ------------------

-- Patients: one draw row per patient (draw numbers k name what they are
-- for), then the case mix, pg_temp.kr_sim_patient.  Assumptions:
-- 60 % female, 39 % male, 1 % other (Boling 2010, in midshipmen: PFPS is
-- commoner in women); ~25 % a previous knee injury (3 % not recorded) of a
-- mix of kinds; foot types 55 % neutral, 15 % flat, 18 % overpronation,
-- 10 % high arch, 2 % PTTD; symptoms began a log-normal 45 days (7-540)
-- before the first visit; quadriceps deficit ~ N(12, 10) % (0-60)
-- measured in 70 %; weekly distance increase ~ N(10, 20) % (-50-150)
-- known in 80 %.
CREATE FUNCTION @extschema@.simulate_draw_patients(seed bigint, patients integer)
  RETURNS void
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s constant bigint := seed;
BEGIN
  CREATE TEMP TABLE kr_sim_draw ON COMMIT DROP AS
  SELECT g AS n,
         @extschema@.simulate_uniform(s, g, 1) AS u_sex,
         @extschema@.simulate_uniform(s, g, 2) AS u_age,
         @extschema@.simulate_normal(s, g, 3) AS z_height,
         @extschema@.simulate_normal(s, g, 4) AS z_bmi,
         @extschema@.simulate_uniform(s, g, 5) AS u_foot,
         @extschema@.simulate_uniform(s, g, 6) AS u_injury,
         @extschema@.simulate_uniform(s, g, 7) AS u_injury_kind,
         @extschema@.simulate_uniform(s, g, 8) AS u_side,
         @extschema@.simulate_normal(s, g, 9) AS z_duration,
         @extschema@.simulate_uniform(s, g, 10) AS u_visit,
         @extschema@.simulate_uniform(s, g, 11) AS u_quad_known,
         @extschema@.simulate_normal(s, g, 12) AS z_quad,
         @extschema@.simulate_uniform(s, g, 13) AS u_dist_known,
         @extschema@.simulate_normal(s, g, 14) AS z_dist,
         @extschema@.simulate_uniform(s, g, 15) AS u_strength,
         @extschema@.simulate_normal(s, g, 16) AS z_recovery,
         @extschema@.simulate_uniform(s, g, 17) AS u_never,
         @extschema@.simulate_uniform(s, g, 18) AS u_dropout,
         @extschema@.simulate_normal(s, g, 19) AS z_pain0,
         @extschema@.simulate_normal(s, g, 20) AS z_angle0,
         @extschema@.simulate_normal(s, g, 21) AS z_capacity,
         @extschema@.simulate_uniform(s, g, 22) AS u_pace,
         @extschema@.simulate_uniform(s, g, 23) AS u_gap,
         @extschema@.simulate_uniform(s, g, 24) AS u_gap_start,
         @extschema@.simulate_uniform(s, g, 25) AS u_gap_len,
         @extschema@.simulate_uniform(s, g, 26) AS u_strength0,
         @extschema@.simulate_normal(s, g, 27) AS z_akps0,
         @extschema@.simulate_normal(s, g, 28) AS z_koos0
    FROM pg_catalog.generate_series(1, patients) AS g;

  CREATE TEMP TABLE kr_sim_patient ON COMMIT DROP AS
  SELECT d.*,
         CASE WHEN d.u_sex < 0.60 THEN 'female' WHEN d.u_sex < 0.99 THEN 'male' ELSE 'other'
         END::@extschema@.sex AS sex,
         CASE WHEN d.u_foot < 0.55 THEN 'neutral' WHEN d.u_foot < 0.70 THEN 'flat'
              WHEN d.u_foot < 0.88 THEN 'overpronation' WHEN d.u_foot < 0.98 THEN 'high_arch'
              ELSE 'pttd' END::@extschema@.foot_type AS foot,
         CASE WHEN d.u_injury < 0.03 THEN NULL
              WHEN d.u_injury < 0.28 THEN ARRAY[(CASE
                WHEN d.u_injury_kind < 0.35 THEN 'prior_pfps' WHEN d.u_injury_kind < 0.55 THEN 'meniscus_tear'
                WHEN d.u_injury_kind < 0.70 THEN 'acl_tear' WHEN d.u_injury_kind < 0.80 THEN 'collateral_ligament'
                WHEN d.u_injury_kind < 0.85 THEN 'patellar_dislocation' WHEN d.u_injury_kind < 0.95 THEN 'knee_surgery'
                ELSE 'other' END)::@extschema@.knee_injury]
              ELSE '{}'::@extschema@.knee_injury[] END AS injuries,
         greatest(7, least(540, round(exp(ln(45.0::float8) + 0.9 * d.z_duration))))::integer AS duration_days,
         CASE WHEN d.u_quad_known < 0.70 THEN round(greatest(0, least(60, 12 + 10 * d.z_quad))::numeric, 0)::float8 END AS quad_deficit_pct,
         CASE WHEN d.u_dist_known < 0.80 THEN round(greatest(-50, least(150, 10 + 20 * d.z_dist))::numeric, 0)::float8 END AS dist_increase_pct
    FROM pg_temp.kr_sim_draw d;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_draw_patients(bigint, integer) IS
  'Stage 1 of simulate_clinic (call that, not this): the per-patient draws and the case mix of the synthetic clinic in temporary tables: 60 % female (Boling 2010, midshipmen: PFPS commoner in women), 25 % previous knee injury, foot types 55/15/18/10/2 % neutral/flat/overpronation/high arch/PTTD, log-normal symptom duration (median 45 days), quadriceps deficit and weekly distance increase. Assumptions of the simulator; synthetic data only.';

-- Recovery: the episode plan, pg_temp.kr_sim_episode (one episode per
-- patient).  Assumptions: the latent day T of recovery is log-normal
-- (sd 0.45) around a median of median_recovery_days x RR^0.35, x 1.35 if
-- symptoms lasted more than 60 days, at least 7 days, where RR is the
-- clinical reference's product of relative risks (female 2.23, prior
-- injury 1.7, quadriceps deficit >= 10 % 1.75, flat/overpronated foot 1.2,
-- weekly distance +30 % 1.59); 8-25 % (rising with RR) never recover.
-- Follow-up: weekly visits until two weeks after recovery (discharged), up
-- to follow_up_days (discharged unrecovered), lost to follow-up
-- (exponential, mean 400 days), or the cut-off (ongoing); first visits
-- spread over the 420 days before the cut-off.  Per episode: first pain
-- 2-8, bend angle 5-25 degrees, running capacity 1-10 km growing 2-10 % a
-- week (faster in faster recoverers), pace 5-6.5 min/km, a rest gap of
-- 8-16 days in 12 %, strength start load 20-50 kg, baseline AKPS lower in
-- slower recoverers, usual pre-injury run a log-normal 8 km (3-30), the
-- readiness point 0.45-0.75 of the way to T, and the affected side (45 %
-- left, 45 % right, 10 % both).  Episodes go round the five clinics.
CREATE FUNCTION @extschema@.simulate_plan_episodes(seed bigint)
  RETURNS void
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s       constant bigint := seed;
  clinics constant text[] := @extschema@.simulate_clinic_ids();
  sim     record;
BEGIN
  SELECT * INTO sim FROM @extschema@.simulate_assumption();
  CREATE TEMP TABLE kr_sim_episode ON COMMIT DROP AS
  WITH rr AS (
    SELECT p.*,
           (CASE WHEN p.sex = 'female' THEN 2.23 ELSE 1 END
            * CASE WHEN pg_catalog.cardinality(p.injuries) > 0 THEN 1.7 ELSE 1 END
            * CASE WHEN p.quad_deficit_pct >= 10 THEN 1.75 ELSE 1 END
            * CASE WHEN p.foot IN ('flat', 'overpronation') THEN 1.2 ELSE 1 END
            * CASE WHEN p.dist_increase_pct >= 30 THEN 1.59 ELSE 1 END)::float8 AS rel_risk
      FROM pg_temp.kr_sim_patient p
  ), med AS (
    SELECT r.*,
           sim.median_recovery_days * power(r.rel_risk, 0.35) * CASE WHEN r.duration_days > 60 THEN 1.35 ELSE 1 END AS median_days
      FROM rr r
  ), t AS (
    SELECT m.*,
           CASE WHEN m.u_never >= least(0.25, 0.08 + 0.05 * ln(m.rel_risk))
                THEN greatest(7.0, m.median_days * exp(0.45 * m.z_recovery)) END AS t_recover,
           -400.0 * ln(m.u_dropout) AS dropout_day,
           (sim.cutoff - (m.u_visit * 420)::integer) AS first_visit
      FROM med m
  ), fu AS (
    SELECT t.*,
           least(t.dropout_day, sim.follow_up_days) AS fu_cap,
           t.t_recover IS NOT NULL AND t.t_recover < least(t.dropout_day, sim.follow_up_days) AS recovers
      FROM t
  ), ends AS (
    SELECT f.*,
           CASE WHEN f.recovers THEN (ceil(f.t_recover / 7) * 7 + 14)::integer
                ELSE f.fu_cap::integer END AS planned_end,
           f.recovers OR f.fu_cap >= sim.follow_up_days AS planned_discharge
      FROM fu f
  )
  SELECT e.*,
         pg_catalog.nextval('@extschema@.patient_patient_id_seq') AS patient_id,
         pg_catalog.nextval('@extschema@.episode_episode_id_seq') AS episode_id,
         clinics[(e.n - 1) % pg_catalog.cardinality(clinics) + 1] AS clinic_id,
         least(e.planned_end, sim.cutoff - e.first_visit) AS end_day,
         e.planned_discharge AND e.first_visit + e.planned_end <= sim.cutoff AS discharged,
         greatest(2.0, least(8.0, 5 + 1.2 * e.z_pain0)) AS pain0,
         greatest(5.0, least(25.0, 15 + 5 * e.z_angle0)) AS angle0,
         greatest(1.0, least(10.0, 3 * exp(0.4 * e.z_capacity))) AS capacity0,
         CASE WHEN e.t_recover IS NULL THEN 1.02
              ELSE 1 + 0.10 * least(1.0, sim.median_recovery_days / e.median_days) END AS capacity_growth,
         5.0 + 1.5 * e.u_pace AS pace_min_per_km,
         CASE WHEN e.u_gap < 0.12 THEN (e.u_gap_start * 100)::integer END AS gap_start,
         8 + (e.u_gap_len * 8)::integer AS gap_len,
         20 + sim.load_step_kg * floor(e.u_strength0 * 13) AS strength0_kg,
         greatest(35.0, least(90.0, 70 - 10 * ln(e.median_days / sim.median_recovery_days) + 8 * e.z_akps0)) AS akps0,
         greatest(8.0, least(40.0, 22 + 5 * e.z_koos0)) AS koos_sum0,
         round(greatest(3.0, least(30.0, exp(ln(8.0::float8) + 0.35 * @extschema@.simulate_normal(s, e.n, 900004))))::numeric, 1)::float8
           AS usual_run_km,
         0.45 + 0.30 * @extschema@.simulate_uniform(s, e.n, 900006) AS ready_point,
         CASE WHEN e.u_side < 0.45 THEN 'left' WHEN e.u_side < 0.90 THEN 'right' ELSE 'both' END AS side_label
    FROM ends e;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_plan_episodes(bigint) IS
  'Stage 2 of simulate_clinic (call that, not this): each synthetic episode''s latent recovery day (log-normal around median_recovery_days x RR^0.35, x 1.35 for symptoms over 2 months; RR from the clinical reference: Boling 2010 female 2.23 in midshipmen, prior injury 1.7, quadriceps deficit 1.75 derived from Neal 2019, Neal 2014 foot 1.2, Nielsen 2014 distance 1.59; 8-25 % never recover), follow-up end, clinic and per-episode parameters, in a temporary table. Assumptions of the simulator, not findings; synthetic data only.';

-- Patient rows.  Assumptions: aged 18-60 in the cut-off year; height
-- 165 cm (women) or 178 cm ~ N(., 7) within 3 sd; BMI ~ N(22.5, 2.5)
-- within 17-35.
CREATE FUNCTION @extschema@.simulate_write_patients()
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  sim record;
  rc  bigint;
BEGIN
  SELECT * INTO sim FROM @extschema@.simulate_assumption();
  INSERT INTO @extschema@.patient
         (patient_id, clinic_id, external_ref, sex, birth_year, height_cm, weight_kg, foot, injuries)
  SELECT e.patient_id, e.clinic_id, 'sim-' || lpad(e.n::text, 7, '0'), e.sex,
         extract(year FROM sim.cutoff)::integer - 18 - (e.u_age * 42)::integer,
         h.height_cm,
         round((greatest(17.0, least(35.0, 22.5 + 2.5 * e.z_bmi)) * (h.height_cm / 100) ^ 2)::numeric, 1)::float8,
         e.foot, e.injuries
    FROM pg_temp.kr_sim_episode e,
         LATERAL (SELECT round((CASE WHEN e.sex = 'female' THEN 165 ELSE 178 END
                               + 7 * greatest(-3.0, least(3.0, e.z_height)))::numeric, 0)::float8 AS height_cm) h;
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_patients() IS
  'Stage 3 of simulate_clinic (call that, not this): writes the synthetic patients (aged 18-60, height by sex, BMI ~ N(22.5, 2.5)) and returns their number. No clinical source: assumptions of the simulator (synthetic data only).';

-- Episode rows.  Assumptions: working diagnosis PFPS in 92 %, undetermined
-- in 5 %; four therapists; 0-3 strength sessions a week before the
-- episode, 2-5 usual runs a week; discharged unrecovered: 60 % referred,
-- the others self-discharged.
CREATE FUNCTION @extschema@.simulate_write_episodes(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s  constant bigint := seed;
  rc bigint;
BEGIN
  INSERT INTO @extschema@.episode
         (episode_id, clinic_id, patient_id, side, symptom_onset, first_visit, discharged_on,
          quad_deficit_pct, weekly_distance_increase_pct, strength_sessions_per_week,
          working_diagnosis, therapist, discharge_reason, usual_run_km, usual_runs_per_week)
  SELECT e.episode_id, e.clinic_id, e.patient_id,
         e.side_label::@extschema@.knee_side,
         e.first_visit - e.duration_days, e.first_visit,
         CASE WHEN e.discharged THEN e.first_visit + e.end_day END,
         e.quad_deficit_pct, e.dist_increase_pct, floor(e.u_strength * 4)::float8,
         CASE WHEN x.u_diagnosis < 0.92 THEN 'patellofemoral_pain'
              WHEN x.u_diagnosis < 0.97 THEN 'undetermined' ELSE 'other' END,
         'th-' || (1 + floor(@extschema@.simulate_uniform(s, e.n, 900002) * 4))::integer,
         CASE WHEN NOT e.discharged THEN NULL
              WHEN e.recovers THEN 'recovered'
              WHEN @extschema@.simulate_uniform(s, e.n, 900003) < 0.6 THEN 'referred' ELSE 'self_discharged' END,
         e.usual_run_km,
         (2 + floor(@extschema@.simulate_uniform(s, e.n, 900005) * 4))::float8
    FROM pg_temp.kr_sim_episode e
   CROSS JOIN LATERAL (SELECT @extschema@.simulate_uniform(s, e.n, 900001) AS u_diagnosis) x;
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_episodes(bigint) IS
  'Stage 4 of simulate_clinic (call that, not this): writes the synthetic episodes (92 % working diagnosis PFPS, four therapists, discharge reasons) and returns their number. No clinical source: assumptions of the simulator (synthetic data only).';

-- Visits and provocation tests.  Assumptions: weekly visits, day 0 then
-- 7w +- 1 day up to the last contact, 8 % missed (never the first or the
-- last); each visit a small knee bend, a heel-on and a heel-off squat, from
-- 08:00 (+ up to 10 hours), 3 minutes apart.  The bend's angle rises from
-- its first 5-25 degrees towards bend_ready_deg - 1 and its pain falls to 0
-- until the runner's readiness point R (a share 0.45-0.75 of the way to T);
-- from R the bend reaches 30-35 degrees pain-free (ready to run at the
-- default settings) while the heel-off squat still hurts (>= 1) until T;
-- from T all three are pain-free (bend 31-40), so the first day all three
-- are pain-free with the bend at 30 degrees is the first visit on or after
-- T, and the bend is ready well before it.  Squat pain falls with progress
-- (heel-on 1 below, heel-off 0.5 above the first pain).  Leaves the visits
-- in pg_temp.kr_sim_visit for the sessions and outcomes.
CREATE FUNCTION @extschema@.simulate_write_tests(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s   constant bigint := seed;
  sim record;
  rc  bigint;
BEGIN
  SELECT * INTO sim FROM @extschema@.simulate_assumption();
  CREATE TEMP TABLE kr_sim_visit ON COMMIT DROP AS
  SELECT e.n, e.episode_id, e.clinic_id, e.first_visit, v.w, v.day,
         @extschema@.simulate_recovered(v.day, e.t_recover) AS recovered,
         @extschema@.simulate_progress(v.day, e.t_recover, e.median_days) AS progress,
         e.pain0, e.angle0, e.akps0, e.koos_sum0, e.ready_point
    FROM pg_temp.kr_sim_episode e
    CROSS JOIN LATERAL (
      SELECT w.w, CASE WHEN w.w = 0 THEN 0
                       WHEN w.w = e.end_day / 7 THEN e.end_day
                       ELSE least(e.end_day, 7 * w.w - 1 + (@extschema@.simulate_uniform(s, e.n, 1000 + w.w) * 3)::integer)
                  END AS day
        FROM pg_catalog.generate_series(0, e.end_day / 7) AS w(w)
       WHERE w.w = 0 OR w.w = e.end_day / 7
          OR @extschema@.simulate_uniform(s, e.n, 2000 + w.w) >= 0.08
      -- OFFSET 0 keeps the visit's day (a draw) a column, computed once:
      -- pulled up into simulate_recovered and simulate_progress, it would
      -- be drawn again at each use and keep simulate_progress from being
      -- inlined (an expensive argument used twice).
      OFFSET 0) v;
  -- The small knee bend of each visit, added by an UPDATE (the visits'
  -- physical order after it fixes the order, hence the ids, of the rows
  -- written from them).  The index first: created after the UPDATE, in the
  -- same transaction, it can be unusable for that transaction (indcheckxmin
  -- after broken HOT chains), and PostgreSQL 18 then scanned the visits
  -- once per run slot (10x slower at 1,000 patients, quadratic in the
  -- network).
  CREATE INDEX ON pg_temp.kr_sim_visit (n, day);
  ALTER TABLE pg_temp.kr_sim_visit ADD COLUMN bend_angle float8, ADD COLUMN bend_pain float8;
  UPDATE pg_temp.kr_sim_visit AS v
     SET bend_angle = CASE WHEN v.recovered THEN round(31 + 9 * @extschema@.simulate_uniform(s, v.n, 4000 + v.w))
                           WHEN v.progress >= v.ready_point
                           THEN round(sim.bend_ready_deg + 5 * @extschema@.simulate_uniform(s, v.n, 4000 + v.w))
                           ELSE greatest(0, least(sim.bend_ready_deg - 1,
                                                  round(v.angle0 + (sim.bend_ready_deg - 1 - v.angle0) * v.progress / v.ready_point
                                                        + 2 * @extschema@.simulate_normal(s, v.n, 5000 + v.w))))
                      END,
         bend_pain = CASE WHEN v.recovered OR v.progress >= v.ready_point THEN sim.pain_free_nrs
                          ELSE @extschema@.simulate_nrs(v.pain0 * (1 - v.progress / v.ready_point)
                                                        + 0.8 * @extschema@.simulate_normal(s, v.n, 6000 + 100 * v.w))
                     END;
  ANALYZE pg_temp.kr_sim_visit;

  INSERT INTO @extschema@.knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
  SELECT v.clinic_id, v.episode_id,
         ((v.first_visit + v.day) + time '08:00'
          + (@extschema@.simulate_uniform(s, v.n, 3000 + v.w) * 600)::integer * interval '1 minute'
          + t.i * interval '3 minutes') AT TIME ZONE 'UTC',
         t.test,
         CASE WHEN t.test = 'small_knee_bend' THEN v.bend_angle END,
         CASE WHEN v.recovered THEN sim.pain_free_nrs
              WHEN t.test = 'small_knee_bend' THEN v.bend_pain
              ELSE @extschema@.simulate_nrs((v.pain0 + t.offset_nrs) * (1 - v.progress)
                                            + 0.8 * @extschema@.simulate_normal(s, v.n, 6000 + 100 * v.w + t.i),
                                            CASE WHEN t.test = 'heel_off_squat' THEN 1 ELSE 0 END)
         END
    FROM pg_temp.kr_sim_visit v
   CROSS JOIN (VALUES (0, 'small_knee_bend'::@extschema@.provocation_test, 0.0),
                      (1, 'heel_on_squat', -1.0),
                      (2, 'heel_off_squat', 0.5)) AS t(i, test, offset_nrs);
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_tests(bigint) IS
  'Stage 5 of simulate_clinic (call that, not this): the weekly visits (8 % missed) and their small knee bend, heel-on and heel-off squat: the bend ready to run (30-35 degrees, pain 0: the defaults of knee_bend_target_deg and pain_free_nrs, practitioner guidance) from a readiness point 0.45-0.75 of the way to recovery, all three pain-free from recovery. Writes the tests and returns their number. Assumptions of the simulator; synthetic data only.';

-- Runs and strength sessions.  Assumptions: runs on days 0, 2, 5 of each
-- week (85 % kept) only when the latest small knee bend (at the latest
-- visit on or before the day) was ready to run (>= bend_ready_deg, pain <=
-- pain_free_nrs), as practitioner guidance advises; 5 % of the slots with
-- a failed bend are run anyway (the worklist's ran_while_not_ready).
-- Distance a log-normal 1.0x capacity (sd 0.22), at least 0.5 km, with
-- pain during = 0.5 + 4 (distance / capacity - 1) + noise (- 1 from T);
-- capacity grows 2-10 % a week (simulate_capacity), and from T rises over
-- 10 days to 1.1x the usual pre-injury distance (usual_run_km): "keep
-- building until you approach your levels before the injury", so runs
-- reach it pain-free after recovery; 4 % of runs are spikes of 1.8-2.4x
-- capacity with next-morning pain; pace 0.95-1.05x the runner's own; pain
-- starts at 0.75-0.95x capacity.  Strength on days 1 and 4 (70 % kept),
-- 3 x 10-15 reps, 30 minutes, load rising 3 % a week; pain before in 15 %.
-- None in a rest gap, none after the last contact.
CREATE FUNCTION @extschema@.simulate_write_sessions(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s   constant bigint := seed;
  sim record;
  rc  bigint;
BEGIN
  SELECT * INTO sim FROM @extschema@.simulate_assumption();
  INSERT INTO @extschema@.load_session
         (clinic_id, episode_id, session_date, kind, distance_km, duration_min,
          sets, reps, load_kg, pain_before, pain_during, pain_next_morning, pain_onset_km,
          pain_onset_min, pain_free)
  SELECT x.clinic_id, x.episode_id, x.first_visit + x.day, x.kind,
         x.distance_km,
         CASE WHEN x.kind = 'run' THEN x.run_min ELSE 30 END,
         CASE WHEN x.kind = 'strength' THEN 3 END,
         CASE WHEN x.kind = 'strength' THEN 10 + (x.u1 * 5)::integer END,
         CASE WHEN x.kind = 'strength'
              THEN sim.load_step_kg * round(x.strength0_kg * power(1.03::float8, x.day / 7.0::float8) / sim.load_step_kg) END,
         CASE WHEN x.u2 < 0.15 THEN 1 ELSE 0 END,
         x.pain_during,
         @extschema@.simulate_nrs(0.5 * x.pain_during - 1.2 + 0.6 * x.z2 + CASE WHEN x.spike THEN 2 ELSE 0 END),
         CASE WHEN x.kind = 'run' AND x.pain_during > 0 THEN x.onset_km END,
         -- onset time: the onset distance at the run's pace, within its duration
         CASE WHEN x.kind = 'run' AND x.pain_during > 0
              THEN least(x.run_min, round((x.onset_km * x.pace_min_per_km)::numeric, 0)::float8) END,
         -- a pain-free run is recorded as such (issue 16)
         CASE WHEN x.kind = 'run' THEN x.pain_during = 0 END
    FROM (
      SELECT y.*,
             CASE WHEN y.kind = 'run'
                  THEN @extschema@.simulate_nrs(0.5 + 4 * (y.distance_km / y.capacity - 1) + 0.8 * y.z1
                                                - CASE WHEN y.recovered THEN 1 ELSE 0 END)
                  ELSE @extschema@.simulate_nrs(0.4 * y.pain0 * (1 - y.progress) + 0.6 * y.z1)
             END AS pain_during,
             -- a run's minutes, and the distance at which its pain would start
             CASE WHEN y.kind = 'run'
                  THEN round((y.distance_km * y.pace_min_per_km * (0.95 + 0.1 * y.u1))::numeric, 0)::float8 END AS run_min,
             CASE WHEN y.kind = 'run'
                  THEN least(y.distance_km, round((y.capacity * (0.75 + 0.2 * y.u2))::numeric, 1)::float8) END AS onset_km
        FROM (
          SELECT z.*,
                 CASE WHEN z.kind = 'run'
                      THEN greatest(0.5, round((z.capacity * CASE WHEN z.spike THEN 1.8 + 0.6 * z.u1
                                                                 ELSE exp(0.22 * z.z2) END)::numeric, 1)::float8)
                 END AS distance_km
            FROM (
              SELECT e.n, e.clinic_id, e.episode_id, e.first_visit, e.pain0, e.pace_min_per_km, e.strength0_kg,
                     d.day, k.kind,
                     @extschema@.simulate_recovered(d.day, e.t_recover) AS recovered,
                     @extschema@.simulate_progress(d.day, e.t_recover, e.median_days) AS progress,
                     CASE WHEN @extschema@.simulate_recovered(d.day, e.t_recover)
                          -- from T: up to 1.1x the usual distance over 10 days
                          THEN c.at_t + greatest(0.0, 1.1 * e.usual_run_km - c.at_t)
                                        * least(1.0, (d.day - e.t_recover) / 10.0)
                          ELSE @extschema@.simulate_capacity(e.capacity0, e.capacity_growth, d.day / 7.0)
                     END AS capacity,
                     k.kind = 'run' AND @extschema@.simulate_uniform(s, e.n, 200000 + d.day) < 0.04 AS spike,
                     @extschema@.simulate_uniform(s, e.n, 300000 + d.day) AS u1,
                     @extschema@.simulate_uniform(s, e.n, 400000 + d.day) AS u2,
                     @extschema@.simulate_normal(s, e.n, 500000 + d.day) AS z1,
                     @extschema@.simulate_normal(s, e.n, 600000 + d.day) AS z2
                FROM pg_temp.kr_sim_episode e
               CROSS JOIN LATERAL (SELECT @extschema@.simulate_capacity(e.capacity0, e.capacity_growth, e.t_recover / 7.0) AS at_t) c
               CROSS JOIN LATERAL pg_catalog.generate_series(0, e.end_day) AS d(day)
               CROSS JOIN LATERAL (SELECT CASE WHEN d.day % 7 IN (0, 2, 5) THEN 'run'
                                               WHEN d.day % 7 IN (1, 4) THEN 'strength'
                                          END::@extschema@.session_kind AS kind) k
               WHERE k.kind IS NOT NULL
                 AND @extschema@.simulate_uniform(s, e.n, 100000 + d.day)
                     < CASE WHEN k.kind = 'run' THEN 0.85 ELSE 0.70 END
                 AND NOT (e.gap_start IS NOT NULL AND d.day >= e.gap_start AND d.day < e.gap_start + e.gap_len)
                 -- run only after a small knee bend that was ready to run (the
                 -- latest visit's), but for 5 % exceptions
                 AND (k.kind <> 'run'
                      OR (SELECT v.bend_angle >= sim.bend_ready_deg AND v.bend_pain <= sim.pain_free_nrs
                            FROM pg_temp.kr_sim_visit AS v
                           WHERE v.n = e.n AND v.day <= d.day
                           ORDER BY v.day DESC LIMIT 1)
                      OR @extschema@.simulate_uniform(s, e.n, 700000 + d.day) < 0.05)
            ) z
        ) y
    ) x;
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_sessions(bigint) IS
  'Stage 6 of simulate_clinic (call that, not this): runs (3 slots a week, 85 % kept) only after a small knee bend that was ready to run (practitioner guidance; 5 % exceptions), distance around a growing capacity, pain during from the overload, 4 % spikes, reaching 1.1x the usual pre-injury distance pain-free after recovery; strength sessions (2 a week, 70 % kept, 3 x 10-15, load +3 % a week). Writes them and returns their number. Assumptions of the simulator; synthetic data only.';

-- Outcomes.  Assumptions: at the visits of weeks 0, 6 and 12 (when they
-- took place): NRS pain falling with progress to a quarter of the first
-- pain + 0.5; AKPS (whole 0-100; lower at baseline in slower recoverers)
-- rising with progress towards 95; KOOS-PF from 11 items 0-4 (100 - 25
-- mean) whose sum falls by 90 % with progress; the global rating of change
-- (1 completely recovered .. 7 worse than ever) at the same visits but the
-- first (it rates the change since then): once recovered 1 (45 %) or 2
-- (45 %), favourable, or 3 (10 %); else 3 past 60 % of the way to T, else 4.
CREATE FUNCTION @extschema@.simulate_write_outcomes(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s             constant bigint := seed;
  outcome_weeks constant integer[] := ARRAY[0, 6, 12];
  rc            bigint;
BEGIN
  INSERT INTO @extschema@.outcome_measure (clinic_id, episode_id, measured_on, instrument, score)
  SELECT v.clinic_id, v.episode_id, v.first_visit + v.day, i.instrument,
         CASE i.instrument
           WHEN 'nrs_pain' THEN @extschema@.simulate_nrs((v.pain0 + 0.5) * (1 - 0.75 * v.progress)
                                                         + 1.0 * @extschema@.simulate_normal(s, v.n, 7000 + v.w))
           WHEN 'akps' THEN greatest(0, least(100, round(v.akps0 + (95 - v.akps0) * v.progress
                                   + 4 * @extschema@.simulate_normal(s, v.n, 7100 + v.w))))
           WHEN 'koos_pf' THEN round((100 - 25 * greatest(0, least(44, round(v.koos_sum0 * (1 - 0.9 * v.progress)
                                   + 2 * @extschema@.simulate_normal(s, v.n, 7200 + v.w)))) / 11)::numeric, 2)::float8
           WHEN 'grc' THEN CASE WHEN v.recovered
                                THEN CASE WHEN g.u_grc < 0.45 THEN 1 WHEN g.u_grc < 0.90 THEN 2 ELSE 3 END
                                WHEN v.progress > 0.6 THEN 3 ELSE 4 END
         END
    FROM pg_temp.kr_sim_visit v
   CROSS JOIN LATERAL (SELECT @extschema@.simulate_uniform(s, v.n, 7300 + v.w) AS u_grc) g
   CROSS JOIN (VALUES ('nrs_pain'::@extschema@.outcome_instrument), ('akps'), ('koos_pf'), ('grc')) AS i(instrument)
   WHERE v.w = ANY (outcome_weeks) AND (i.instrument <> 'grc' OR v.w <> outcome_weeks[1]);
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_outcomes(bigint) IS
  'Stage 7 of simulate_clinic (call that, not this): NRS pain, AKPS (Kujala 1993) and KOOS-PF (Crossley 2018) at weeks 0, 6 and 12, and the global rating of change (Collins 2013) at weeks 6 and 12, favourable once recovered; improving with progress towards recovery. Writes them and returns their number. Assumptions of the simulator; synthetic data only.';

-- Home program (issue 16).  Assumptions: 85 % of episodes get the
-- practitioner circuit (3 sets of each exercise) at the first visit, to
-- the last contact: single-leg box sit 3 x 6 with a 3 s lowering and
-- Bulgarian split squat 3 x 10 on days 0, 2, 4 of each week, and one of
-- glute bridge 3 x 12 (40 %), straight-leg raise 3 x 15 (30 %) or
-- hamstring stretch 3 x 30 s (30 %) on days 1 and 5; no external load.
-- Partial adherence: each runner keeps a share p of the sessions, p
-- uniform 25-95 %; pain during as in the strength sessions.
CREATE FUNCTION @extschema@.simulate_write_home_program(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s              constant bigint := seed;
  home_sets      constant integer := 3;
  circuit_days   constant integer[] := ARRAY[0, 2, 4];
  accessory_days constant integer[] := ARRAY[1, 5];
  written        bigint := 0;
  rc             bigint;
BEGIN
  CREATE TEMP TABLE kr_sim_program ON COMMIT DROP AS
  SELECT e.n, e.clinic_id, e.episode_id, e.first_visit, e.end_day, e.discharged, e.t_recover, e.median_days, e.pain0,
         x.slot, x.exercise, x.sets,
         CASE x.exercise WHEN 'hamstring_stretch' THEN NULL WHEN 'glute_bridge' THEN 12
                         WHEN 'straight_leg_raise' THEN 15 ELSE x.reps END AS reps,
         CASE WHEN x.exercise = 'hamstring_stretch' THEN 30 END AS hold_s,
         CASE WHEN x.exercise <> 'hamstring_stretch' THEN 0 END AS load_kg,
         x.lowering_s, pg_catalog.cardinality(x.days)::float8 AS per_week, x.days,
         pg_catalog.nextval('@extschema@.home_exercise_exercise_id_seq') AS exercise_id,
         0.25 + 0.70 * @extschema@.simulate_uniform(s, e.n, 900011) AS adherence
    FROM pg_temp.kr_sim_episode e
   CROSS JOIN LATERAL (
     SELECT CASE WHEN a.u < 0.4 THEN 'glute_bridge' WHEN a.u < 0.7 THEN 'straight_leg_raise'
                 ELSE 'hamstring_stretch' END AS exercise
       FROM (SELECT @extschema@.simulate_uniform(s, e.n, 900012) AS u) a) acc
   CROSS JOIN LATERAL (
     VALUES (1, 'single_leg_box_sit', home_sets, 6, 3.0::float8, circuit_days),
            (2, 'bulgarian_split_squat', home_sets, 10, NULL, circuit_days),
            (3, acc.exercise, home_sets, NULL, NULL, accessory_days)) AS x(slot, exercise, sets, reps, lowering_s, days)
   WHERE @extschema@.simulate_uniform(s, e.n, 900010) < 0.85;

  INSERT INTO @extschema@.home_exercise
         (exercise_id, clinic_id, episode_id, exercise, side, sets, reps, hold_s, load_kg, lowering_s,
          sessions_per_week, start_date, end_date)
  SELECT p.exercise_id, p.clinic_id, p.episode_id, p.exercise, NULL, p.sets, p.reps, p.hold_s, p.load_kg,
         p.lowering_s, p.per_week, p.first_visit,
         CASE WHEN p.discharged THEN p.first_visit + p.end_day END
    FROM pg_temp.kr_sim_program p;
  GET DIAGNOSTICS rc = ROW_COUNT;
  written := written + rc;

  INSERT INTO @extschema@.home_exercise_log
         (clinic_id, episode_id, exercise_id, done_on, sets_done, reps_done, load_kg_done, pain_during)
  SELECT p.clinic_id, p.episode_id, p.exercise_id, p.first_visit + d.day, p.sets, p.reps, p.load_kg,
         @extschema@.simulate_nrs(0.4 * p.pain0 * (1 - @extschema@.simulate_progress(d.day, p.t_recover, p.median_days))
                                  + 0.6 * @extschema@.simulate_normal(s, p.n, 920000 + 1000 * p.slot + d.day))
    FROM pg_temp.kr_sim_program p
   CROSS JOIN LATERAL pg_catalog.generate_series(0, p.end_day) AS d(day)
   WHERE d.day % 7 = ANY (p.days)
     AND @extschema@.simulate_uniform(s, p.n, 910000 + 1000 * p.slot + d.day) < p.adherence;
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN written + rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_home_program(bigint) IS
  'Stage 8 of simulate_clinic (call that, not this): for 85 % of the synthetic episodes the practitioner guidance circuit (single-leg box sit 3 x 6, 3 s lowering, and Bulgarian split squat 3 x 10, 3 a week; glute bridge, straight-leg raise or hamstring stretch 2 a week) and its log at 25-95 % adherence. Writes both and returns the number of rows. Assumptions of the simulator; synthetic data only.';

-- Gait (issue 16).  Assumptions: 70 % assessed at the first visit, cadence
-- ~ N(162, 8) steps/min (130-200), hip drop in 40 % and knee valgus in
-- 30 % on the affected side, overstriding and heel strike in half at the
-- first assessment; 40 % of those retrained and reassessed at week 4
-- (when still seen) with cadence up 5-10 % (Heiderscheit 2011, Lenhart
-- 2014).
CREATE FUNCTION @extschema@.simulate_write_gait(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s          constant bigint := seed;
  retest_day constant integer := 28;
  rc         bigint;
BEGIN
  INSERT INTO @extschema@.gait_assessment
         (clinic_id, episode_id, assessed_on, cadence_spm, hip_drop, knee_valgus, overstriding, heel_strike)
  SELECT e.clinic_id, e.episode_id, e.first_visit + g.day,
         round(greatest(130, least(200, 162 + 8 * @extschema@.simulate_normal(s, e.n, 900021)))
               * CASE WHEN g.day = 0 THEN 1 ELSE 1.05 + 0.05 * @extschema@.simulate_uniform(s, e.n, 900022) END),
         CASE WHEN @extschema@.simulate_uniform(s, e.n, 900023 + g.day) < 0.4 THEN e.side_label ELSE 'none' END,
         CASE WHEN @extschema@.simulate_uniform(s, e.n, 900024 + g.day) < 0.3 THEN e.side_label ELSE 'none' END,
         CASE WHEN g.day = 0 AND @extschema@.simulate_uniform(s, e.n, 900025) < 0.5 THEN 'both' ELSE 'none' END,
         CASE WHEN g.day = 0 AND @extschema@.simulate_uniform(s, e.n, 900026) < 0.5 THEN 'both' ELSE 'none' END
    FROM pg_temp.kr_sim_episode e
   CROSS JOIN (VALUES (0), (retest_day)) AS g(day)
   WHERE @extschema@.simulate_uniform(s, e.n, 900020) < 0.70
     AND (g.day = 0 OR (e.end_day >= retest_day AND @extschema@.simulate_uniform(s, e.n, 900027) < 0.40));
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_gait(bigint) IS
  'Stage 9 of simulate_clinic (call that, not this): gait assessments of 70 % of the synthetic episodes at the first visit (cadence ~ N(162, 8) steps/min, hip drop, knee valgus, overstriding, heel strike) and of 40 % of those again at week 4 after retraining, cadence up 5-10 % (Heiderscheit 2011, Lenhart 2014). Writes them and returns their number. Assumptions of the simulator; synthetic data only.';

-- Equipment (issue 16).  Assumptions: 25 % change to lower-drop running
-- shoes in weeks 1-4, 5 % are taped at the first visit (when still seen
-- then).
CREATE FUNCTION @extschema@.simulate_write_equipment(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s  constant bigint := seed;
  rc bigint;
BEGIN
  INSERT INTO @extschema@.equipment_change (clinic_id, episode_id, changed_on, kind, description, side)
  SELECT e.clinic_id, e.episode_id, e.first_visit + c.day, c.kind, c.description, NULL
    FROM pg_temp.kr_sim_episode e
   CROSS JOIN LATERAL (
     SELECT 7 * (1 + floor(4 * @extschema@.simulate_uniform(s, e.n, 900031)))::integer AS day, 'shoes' AS kind,
            'new running shoes, lower heel-to-toe drop' AS description
      WHERE @extschema@.simulate_uniform(s, e.n, 900030) < 0.25
     UNION ALL
     SELECT 0, 'taping', 'patellar taping' WHERE @extschema@.simulate_uniform(s, e.n, 900032) < 0.05) AS c
   WHERE c.day <= e.end_day;
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_equipment(bigint) IS
  'Stage 10 of simulate_clinic (call that, not this): shoe changes (25 % of the synthetic episodes, weeks 1-4: practitioner guidance, change model after an injury in it) and patellar taping (5 %, first visit). Writes them and returns their number. Assumptions of the simulator; synthetic data only.';

-- Side-to-side measures (issue 16).  Assumptions: at the first visit where
-- the quadriceps deficit was measured: uninvolved ~ N(200, 30) N m
-- (100-320), involved = uninvolved x (1 - deficit), extension deficit 0-5
-- degrees.
CREATE FUNCTION @extschema@.simulate_write_side_measures(seed bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s  constant bigint := seed;
  rc bigint;
BEGIN
  INSERT INTO @extschema@.side_measure
         (clinic_id, episode_id, measured_on, knee_extension_deficit_deg, quad_strength_involved, quad_strength_uninvolved)
  SELECT e.clinic_id, e.episode_id, e.first_visit, floor(6 * @extschema@.simulate_uniform(s, e.n, 900041)),
         round((m.uninvolved * (1 - e.quad_deficit_pct / 100))::numeric, 1)::float8, m.uninvolved
    FROM pg_temp.kr_sim_episode e
   CROSS JOIN LATERAL (SELECT round(greatest(100, least(320, 200 + 30 * @extschema@.simulate_normal(s, e.n, 900040))))::float8
                                AS uninvolved) m
   WHERE e.quad_deficit_pct IS NOT NULL;
  GET DIAGNOSTICS rc = ROW_COUNT;
  RETURN rc;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_write_side_measures(bigint) IS
  'Stage 11 of simulate_clinic (call that, not this): where the quadriceps deficit was measured, uninvolved strength ~ N(200, 30) N m and involved = uninvolved x (1 - deficit) (limb symmetry index, Kyritsis 2016), knee extension deficit 0-5 degrees. Writes them and returns their number. Assumptions of the simulator; synthetic data only.';

-- ---- the entry point ------------------------------------------------------

CREATE FUNCTION @extschema@.simulate_clinic(patients integer, seed integer DEFAULT 1)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
  SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  -- the data cut-off: the calendar's last day (simulate_assumption)
  cutoff  constant date := (@extschema@.simulate_assumption()).cutoff;
  s       constant bigint := seed;
  other   text;
  written bigint := 0;
BEGIN
  IF patients < 1 OR patients > 1000000 THEN
    RAISE EXCEPTION 'patients must be between 1 and 1000000'
      USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = format('Got %s.', patients);
  END IF;
  IF current_date <= cutoff THEN
    RAISE EXCEPTION 'simulate_clinic needs a clock after its fixed calendar (data cut-off %)', cutoff
      USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = format('current_date is %s; the tables reject dates in the future.', current_date);
  END IF;

  -- Refuse to mix with real data: every child row belongs to a patient of
  -- its own clinic, so the patient table tells.  The lock keeps a real row
  -- from arriving between this check and the inserts.
  LOCK TABLE @extschema@.patient, @extschema@.episode, @extschema@.knee_test,
             @extschema@.load_session, @extschema@.outcome_measure
    IN SHARE ROW EXCLUSIVE MODE;
  SELECT p.clinic_id INTO other FROM @extschema@.patient p
   WHERE p.clinic_id <> ALL (@extschema@.simulate_clinic_ids()) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'simulate_clinic refuses to write where non-synthetic data exist'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = format('Table knee_rehab.patient has rows of clinic %L.', other),
            HINT = 'Run it in an empty database (CREATE DATABASE ...; CREATE EXTENSION knee_rehab).';
  END IF;
  -- A rerun replaces the previous synthetic clinic (the cascade removes
  -- episodes, tests, sessions and outcomes).
  DELETE FROM @extschema@.patient WHERE clinic_id = ANY (@extschema@.simulate_clinic_ids());

  -- The stages, in order (each depends on the temporary tables of the
  -- ones before it; the order also fixes the ids the rows get).
  PERFORM @extschema@.simulate_draw_patients(s, patients);
  PERFORM @extschema@.simulate_plan_episodes(s);
  written := written + @extschema@.simulate_write_patients();
  written := written + @extschema@.simulate_write_episodes(s);
  written := written + @extschema@.simulate_write_tests(s);
  written := written + @extschema@.simulate_write_sessions(s);
  written := written + @extschema@.simulate_write_outcomes(s);
  written := written + @extschema@.simulate_write_home_program(s);
  written := written + @extschema@.simulate_write_gait(s);
  written := written + @extschema@.simulate_write_equipment(s);
  written := written + @extschema@.simulate_write_side_measures(s);

  DROP TABLE pg_temp.kr_sim_draw, pg_temp.kr_sim_patient, pg_temp.kr_sim_episode, pg_temp.kr_sim_visit,
             pg_temp.kr_sim_program;
  RETURN written;
END;
$fn$;
COMMENT ON FUNCTION @extschema@.simulate_clinic(integer, integer) IS
  'Writes a deterministic synthetic runner''s-knee clinic (clinic ids synthetic-01..05, patients 1-1000000) and returns the number of rows written. Same seed, same rows; fixed calendar ending 2025-12-31. Risk mix from the clinical reference (Boling 2010 female RR 2.23, prior injury 1.7, quadriceps deficit 1.75 derived from Neal 2019 (weak), Neal 2014 foot 1.2, Nielsen 2014 distance 1.59); recovery slower with risk and symptom duration > 2 months (median 35 x RR^0.35 days: an assumption of the simulator, not a finding); runs only after a small knee bend that was ready to run (practitioner guidance; 5 % exceptions), reaching the usual pre-injury distance (usual_run_km) pain-free after recovery; outcomes AKPS (Kujala 1993), KOOS-PF (Crossley 2018), NRS, global rating of change at weeks 6 and 12 (Collins 2013). ERROR 55000 where non-synthetic patients exist; replaces earlier synthetic rows. Synthetic data: not a clinical model.';
