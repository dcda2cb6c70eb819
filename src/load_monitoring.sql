-- Load monitoring (src/load_monitoring.c): the pain-monitoring model, the
-- EWMA acute:chronic workload ratio, and the load_monitoring view (daily
-- load, EWMA/rolling/uncoupled ACWR, spikes, rest gaps, pain response).

-- ---------------------------------------------------------------- pain_monitor

CREATE FUNCTION @extschema@.pain_monitor(pain_during float8, pain_next_morning float8,
                                         baseline float8 DEFAULT 0) RETURNS text
  AS 'MODULE_PATHNAME', 'kr_pain_monitor'
  LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_monitor(float8, float8, float8) IS
  'Pain-monitoring model (Thomee 1997; Silbernagel 2007, AJSM 35:897): ''excessive'' when pain_during > 5 or pain_next_morning is above baseline (not settled by the next morning); else ''acceptable'' when pain_during > 2 (so 2.5 is acceptable), else ''safe''. NULL pain_next_morning (not recorded): judged on pain_during alone; NULL baseline: 0; NULL pain_during: ''excessive'' if the next morning is above baseline, else NULL. Each NRS 0-10, else ERROR 22003.';

-- ---------------------------------------------------------------- ewma_acwr

CREATE FUNCTION @extschema@.ewma_acwr_accum(state float8[], day date, load float8) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_ewma_acwr_accum'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ewma_acwr_accum(float8[], date, float8) IS
  'Transition function of ewma_acwr and ewma_loads: adds one (day, load) row to the float8[8] state {rows, first day, last day, first-day load, acute weight, chronic weight, acute tail, chronic tail}. Days must not go backwards (ERROR 22023); load >= 0 and finite (ERROR 22003). EWMA after Williams 2017 (BJSM 51:209). A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

CREATE FUNCTION @extschema@.ewma_acwr_combine(state1 float8[], state2 float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_ewma_acwr_combine'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ewma_acwr_combine(float8[], float8[]) IS
  'Combine function of ewma_acwr and ewma_loads: merges two partial states over disjoint day ranges exactly (EWMA is linear in the loads; the earlier state decays to the later one''s last day). Overlapping day ranges: ERROR 22023. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

CREATE FUNCTION @extschema@.ewma_acwr_final(state float8[]) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_ewma_acwr_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ewma_acwr_final(float8[]) IS
  'Final function of ewma_acwr: acute EWMA / chronic EWMA at the last day accumulated; NULL for no rows or a chronic EWMA of 0. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

CREATE FUNCTION @extschema@.ewma_loads_final(state float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_ewma_loads_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ewma_loads_final(float8[]) IS
  'Final function of ewma_loads: {acute EWMA, chronic EWMA} at the last day accumulated; NULL for no rows. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element.';

CREATE AGGREGATE @extschema@.ewma_acwr(day date, load float8) (
  SFUNC = @extschema@.ewma_acwr_accum,
  STYPE = float8[],
  FINALFUNC = @extschema@.ewma_acwr_final,
  COMBINEFUNC = @extschema@.ewma_acwr_combine,
  INITCOND = '{0,0,0,0,0,0,0,0}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ewma_acwr(date, float8) IS
  'Exponentially weighted acute:chronic workload ratio (Williams 2017, BJSM 51:209): EWMA_t = lambda*L_t + (1-lambda)*EWMA_(t-1), lambda = 2/(N+1), N = 7 acute and 28 chronic calendar days; days without a row are zero load, several rows on one day add up, both averages start at the first day''s load (as the R package ACWR); NULL while the chronic EWMA is 0. Use as a window aggregate OVER (PARTITION BY episode_id ORDER BY day) or as ewma_acwr(day, load ORDER BY day); rows out of day order: ERROR 22023. Descriptive only, not an injury probability (Impellizzeri 2020).';

CREATE AGGREGATE @extschema@.ewma_loads(day date, load float8) (
  SFUNC = @extschema@.ewma_acwr_accum,
  STYPE = float8[],
  FINALFUNC = @extschema@.ewma_loads_final,
  COMBINEFUNC = @extschema@.ewma_acwr_combine,
  INITCOND = '{0,0,0,0,0,0,0,0}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ewma_loads(date, float8) IS
  'The two averages behind ewma_acwr: {acute EWMA (N = 7), chronic EWMA (N = 28)} in the load''s unit per day (Williams 2017, BJSM 51:209); same rules and ordering as ewma_acwr.';

-- ---------------------------------------------------------------- load_monitoring

-- One row per episode and calendar day with a session or a test.  The
-- ACWRs are computed on run distance (km/day).  Days without a row count
-- as zero load: ewma_acwr decays over gaps in closed form, and the rolling
-- sums use RANGE frames over dates, which cover calendar days whether or
-- not each day has a row, so no calendar series is needed.
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
       r.longest_run_km > 1.1 * r.longest_run_prev_30d_km AS single_run_spike,
       r.day - r.previous_session_day AS days_since_previous_session,
       r.day - r.previous_session_day > 7 AS rest_gap,
       r.pain_during_max,
       CASE r.pain_rank WHEN 1 THEN 'safe' WHEN 2 THEN 'acceptable' WHEN 3 THEN 'excessive' END
         AS pain_response,
       r.knee_bend_angle_deg, r.knee_bend_pain_free
  FROM ratios AS r;
COMMENT ON VIEW @extschema@.load_monitoring IS
  'One row per episode and calendar day with a session or a test: daily load (run km, run minutes, strength sets x reps x kg), EWMA ACWR (Williams 2017) and rolling 7/28-day ACWR (Gabbett 2016, BJSM 50:273) and uncoupled ACWR (chronic t-27..t-7, Lolli 2019, BJSM 53:921) on run km, spike flag (>= 1.5, Gabbett 2016), single-run spike (> 10 % longer than the longest run of the previous 30 days, HR 1.64, weak evidence), rest gap (> 7 days since the previous session; practitioner guidance: rest beyond 5-7 days deconditions), the pain-monitoring response of the day''s worst session (Thomee 1997; Silbernagel 2007) and whether the small knee bend was pain-free. ACWR is descriptive, not an injury probability (Impellizzeri 2020). security_invoker: row-level security on the tables applies.';
COMMENT ON COLUMN @extschema@.load_monitoring.clinic_id IS 'Clinic.';
COMMENT ON COLUMN @extschema@.load_monitoring.episode_id IS 'Episode.';
COMMENT ON COLUMN @extschema@.load_monitoring.day IS 'Calendar day with at least one session or test (a test''s tested_at taken as a date in the session''s TimeZone).';
COMMENT ON COLUMN @extschema@.load_monitoring.sessions IS 'Sessions that day (0 on a test-only day).';
COMMENT ON COLUMN @extschema@.load_monitoring.run_km IS 'Run distance that day, km (0 when no run recorded a distance); the load measure of every ACWR column.';
COMMENT ON COLUMN @extschema@.load_monitoring.run_min IS 'Run time that day, minutes, of the runs that recorded a duration (0 when none); runs with a time but no distance do not count in the ACWRs.';
COMMENT ON COLUMN @extschema@.load_monitoring.strength_volume_kg IS 'Strength volume that day: sum of sets x reps x load_kg, kg (0 when none; sessions without load_kg add nothing).';
COMMENT ON COLUMN @extschema@.load_monitoring.ewma_acute_km IS 'Acute EWMA of run km/day (N = 7, lambda = 0.25; Williams 2017), from the first day with a run.';
COMMENT ON COLUMN @extschema@.load_monitoring.ewma_chronic_km IS 'Chronic EWMA of run km/day (N = 28, lambda = 2/29; Williams 2017), from the first day with a run.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_ewma IS 'ewma_acute_km / ewma_chronic_km (Williams 2017); NULL before the first run. Descriptive, not an injury probability (Impellizzeri 2020).';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_rolling IS 'Rolling ACWR: mean run km/day over days t-6..t / mean over t-27..t (Gabbett 2016), days without runs counting 0; NULL until 27 days after the first run (a full chronic window) or when the chronic mean is 0.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_uncoupled IS 'Uncoupled ACWR: mean run km/day over t-6..t / mean over t-27..t-7 (21 days; Lolli 2019); NULL until 27 days after the first run or when the chronic mean is 0.';
COMMENT ON COLUMN @extschema@.load_monitoring.acwr_spike IS 'acwr_ewma or acwr_rolling >= 1.5 (Gabbett 2016 "danger zone"); NULL when both are NULL. Descriptive only.';
COMMENT ON COLUMN @extschema@.load_monitoring.longest_run_km IS 'Longest single run that day, km.';
COMMENT ON COLUMN @extschema@.load_monitoring.longest_run_prev_30d_km IS 'Longest single run in the previous 30 days (t-30..t-1), km; NULL when none.';
COMMENT ON COLUMN @extschema@.load_monitoring.single_run_spike IS 'A run > 10 % longer than the longest run of the previous 30 days (HR 1.64; weak evidence); NULL when no run that day or none in the previous 30 days.';
COMMENT ON COLUMN @extschema@.load_monitoring.days_since_previous_session IS 'Days since the previous day with a session (any kind); NULL before the first.';
COMMENT ON COLUMN @extschema@.load_monitoring.rest_gap IS 'days_since_previous_session > 7 (practitioner guidance: rest beyond 5-7 days deconditions).';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_during_max IS 'Highest pain during any session that day, NRS 0-10.';
COMMENT ON COLUMN @extschema@.load_monitoring.pain_response IS 'Worst pain_monitor verdict of the day''s sessions (pain_during, pain_next_morning, baseline pain_before): safe < acceptable < excessive (Thomee 1997; Silbernagel 2007); NULL when no session recorded pain.';
COMMENT ON COLUMN @extschema@.load_monitoring.knee_bend_angle_deg IS 'Largest small-knee-bend angle tested that day, degrees.';
COMMENT ON COLUMN @extschema@.load_monitoring.knee_bend_pain_free IS 'Every small knee bend that day had pain <= pain_free_nrs(); NULL when none was tested.';
