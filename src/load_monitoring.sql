-- Load monitoring (src/load_monitoring.c): the pain-monitoring model, the
-- EWMA acute:chronic workload ratio, and the load_monitoring view (daily
-- load, EWMA/rolling/uncoupled ACWR, spikes, rest gaps, pain response).

-- ---------------------------------------------------------------- pain_monitor

CREATE FUNCTION @extschema@.pain_monitor(pain_during float8, pain_next_morning float8,
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

-- ---------------------------------------------------------------- single-run spike

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
  'Combine function of ewma_acwr and ewma_loads: merges two partial states over disjoint day ranges exactly (EWMA is linear in the loads; the earlier state decays to the later one''s last day). Overlapping day ranges: ERROR 22023. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element. No clinical source: combine function (the method and its sources are in ewma_acwr''s comment).';

CREATE FUNCTION @extschema@.ewma_acwr_final(state float8[]) RETURNS float8
  AS 'MODULE_PATHNAME', 'kr_ewma_acwr_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ewma_acwr_final(float8[]) IS
  'Final function of ewma_acwr: acute EWMA / chronic EWMA at the last day accumulated; NULL for no rows or a chronic EWMA of 0. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element. No clinical source: final function (the method and its sources are in ewma_acwr''s comment).';

CREATE FUNCTION @extschema@.ewma_loads_final(state float8[]) RETURNS float8[]
  AS 'MODULE_PATHNAME', 'kr_ewma_loads_final'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ewma_loads_final(float8[]) IS
  'Final function of ewma_loads: {acute EWMA, chronic EWMA} at the last day accumulated; NULL for no rows. Reads the state only. A caller''s state is checked (elements finite, all 0 for no rows, whole days first <= last, weights (1 - lambda)^(last - first) within 1e-9, loads and tails >= 0, acute tail <= 3.625 x chronic tail, so the ratio stays finite); else ERROR 2202E naming the element. No clinical source: final function (the method and its sources are in ewma_loads''s comment).';

CREATE AGGREGATE @extschema@.ewma_acwr(day date, load float8) (
  SFUNC = @extschema@.ewma_acwr_accum,
  STYPE = float8[],
  FINALFUNC = @extschema@.ewma_acwr_final,
  COMBINEFUNC = @extschema@.ewma_acwr_combine,
  INITCOND = '{0,0,0,0,0,0,0,0}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ewma_acwr(date, float8) IS
  'Exponentially weighted acute:chronic workload ratio (Williams 2017, BJSM 51:209): EWMA_t = lambda*L_t + (1-lambda)*EWMA_(t-1), lambda = 2/(N+1), N = 7 acute and 28 chronic calendar days; days without a row are zero load, several rows on one day add up, both averages start at the first day''s load (as the R package ACWR); NULL while the chronic EWMA is 0. Use as a window aggregate OVER (PARTITION BY episode_id ORDER BY day) or as ewma_acwr(day, load ORDER BY day); rows out of day order: ERROR 22023. Descriptive only, not an injury probability (Impellizzeri 2020); in 5,205 runners the ACWR showed a negative dose-response (Frandsen 2025, BJSM 59:1203).';

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

-- ---------------------------------------------------------------- thresholds

-- The load flags' thresholds, defined once for load_monitoring and the
-- worklist.  Immutable SQL functions: the planner folds them into a
-- constant, so a view costs nothing more than with the literal.
CREATE FUNCTION @extschema@.acwr_spike_threshold()
  RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN 1.5;
COMMENT ON FUNCTION @extschema@.acwr_spike_threshold() IS
  'The acute:chronic workload ratio at or above which load_monitoring.acwr_spike and the worklist''s acwr_high flag a spike: 1.5 (Gabbett 2016, BJSM 50:273, the "danger zone"). Descriptive, not an injury probability (Impellizzeri 2020).';

CREATE FUNCTION @extschema@.rest_gap_days()
  RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN 7;
COMMENT ON FUNCTION @extschema@.rest_gap_days() IS
  'Days without a session beyond which load_monitoring.rest_gap and the worklist''s rest_gap flag a gap: more than 7 (practitioner guidance: rest beyond 5-7 days deconditions; clinical reference, load and pain).';

-- ---------------------------------------------------------------- load_monitoring

-- One row per episode and calendar day with a session or a test.  The
-- ACWRs are computed on run distance (km/day).  Days without a row count
-- as zero load: ewma_acwr decays over gaps in closed form, and the rolling
-- sums use RANGE frames over dates, which cover calendar days whether or
-- not each day has a row, so no calendar series is needed.
CREATE VIEW @extschema@.load_monitoring WITH (security_invoker = true) AS
WITH setting AS MATERIALIZED (
  -- The session's settings, read once where the query starts.  Under Citus
  -- this is a subplan run on the coordinator (the reference to a catalog
  -- table keeps even a one-clinic query from being sent whole to a worker,
  -- whose session has its own settings); the shards receive the values.
  SELECT @extschema@.pain_free_nrs() AS pain_free_nrs
    FROM pg_catalog.pg_extension AS x
   WHERE x.extname = 'knee_rehab'
), day_source AS (
  -- The day's sessions and tests in one stream, grouped once below: a
  -- FULL JOIN of the two per-day tables would merge their clinic_id, which
  -- Citus does not recognise as the distribution column in the windows'
  -- PARTITION BY, and would pull every day row to the coordinator.
  SELECT s.clinic_id, s.episode_id, s.session_date AS day, true AS is_session,
         s.kind, s.distance_km, s.duration_min, s.sets * s.reps * s.load_kg AS strength_kg,
         s.pain_during,
         CASE @extschema@.pain_monitor(s.pain_during, s.pain_next_morning, s.pain_before)
           WHEN 'safe' THEN 1 WHEN 'acceptable' THEN 2 WHEN 'excessive' THEN 3 END AS pain_rank,
         NULL::@extschema@.provocation_test AS test, NULL::float8 AS angle_deg, NULL::boolean AS pain_free
    FROM @extschema@.load_session AS s
  UNION ALL
  -- tested_at is a timestamptz: its calendar day is taken in UTC, so the
  -- rows never depend on the session's TimeZone.
  SELECT t.clinic_id, t.episode_id, (t.tested_at AT TIME ZONE 'UTC')::date, false,
         NULL, NULL, NULL, NULL, NULL, NULL,
         t.test, t.angle_deg, t.pain_nrs <= st.pain_free_nrs
    FROM @extschema@.knee_test AS t
   CROSS JOIN setting AS st
), day_row AS (
  SELECT g.*,
         pg_catalog.min(g.day) FILTER (WHERE g.run_km > 0)
           OVER (PARTITION BY g.clinic_id, g.episode_id) AS first_run_day
    FROM (SELECT u.clinic_id, u.episode_id, u.day,
                 pg_catalog.count(*) FILTER (WHERE u.is_session) AS sessions,
                 COALESCE(pg_catalog.sum(u.distance_km) FILTER (WHERE u.kind = 'run'), 0) AS run_km,
                 COALESCE(pg_catalog.sum(u.duration_min) FILTER (WHERE u.kind = 'run'), 0) AS run_min,
                 COALESCE(pg_catalog.sum(u.strength_kg) FILTER (WHERE u.kind = 'strength'), 0)
                   AS strength_volume_kg,
                 pg_catalog.max(u.distance_km) FILTER (WHERE u.kind = 'run') AS longest_run_km,
                 pg_catalog.max(u.pain_during) AS pain_during_max,
                 pg_catalog.max(u.pain_rank) AS pain_rank,
                 pg_catalog.max(u.angle_deg) FILTER (WHERE u.test = 'small_knee_bend') AS knee_bend_angle_deg,
                 pg_catalog.bool_and(u.pain_free) FILTER (WHERE u.test = 'small_knee_bend')
                   AS knee_bend_pain_free
            FROM day_source AS u
           GROUP BY u.clinic_id, u.episode_id, u.day) AS g
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
       GREATEST(r.acwr_ewma, r.acwr_rolling) >= @extschema@.acwr_spike_threshold() AS acwr_spike,
       r.longest_run_km, r.longest_run_prev_30d_km,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km) <> 'none'
         AS single_run_spike,
       @extschema@.single_run_spike_grade(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_grade,
       @extschema@.single_run_spike_hrr(r.longest_run_km, r.longest_run_prev_30d_km)
         AS single_run_spike_hrr,
       r.day - r.previous_session_day AS days_since_previous_session,
       r.day - r.previous_session_day > @extschema@.rest_gap_days() AS rest_gap,
       r.pain_during_max,
       CASE r.pain_rank WHEN 1 THEN 'safe' WHEN 2 THEN 'acceptable' WHEN 3 THEN 'excessive' END
         AS pain_response,
       CASE WHEN r.pain_rank IS NOT NULL THEN @extschema@.pain_monitor_model() END AS pain_model,
       r.knee_bend_angle_deg, r.knee_bend_pain_free,
       r.pain_rank::integer AS pain_response_rank
  FROM ratios AS r;
COMMENT ON VIEW @extschema@.load_monitoring IS
  'One row per episode and calendar day with a session or a test: daily load (run km, run minutes, strength sets x reps x kg), EWMA ACWR (Williams 2017) and rolling 7/28-day ACWR (Gabbett 2016, BJSM 50:273) and uncoupled ACWR (chronic t-27..t-7, Lolli 2019, BJSM 53:921) on run km, spike flag (>= 1.5, Gabbett 2016), single-run spike graded as in Frandsen 2025 (BJSM 59:1203: > 10-30 % longer than the longest run of the previous 30 days HRR 1.64, > 30-100 % 1.52, > 100 % 2.28; observational, weak evidence), rest gap (> 7 days since the previous session; practitioner guidance: rest beyond 5-7 days deconditions), the pain-monitoring response of the day''s worst session and the model that judged it (Thomee 1997) and whether the small knee bend was pain-free. ACWR is descriptive, not an injury probability (Impellizzeri 2020); in Frandsen 2025''s cohort the ACWR even showed a negative dose-response and the week-to-week ratio none. security_invoker: row-level security on the tables applies.';
COMMENT ON COLUMN @extschema@.load_monitoring.clinic_id IS 'Clinic.';
COMMENT ON COLUMN @extschema@.load_monitoring.episode_id IS 'Episode.';
COMMENT ON COLUMN @extschema@.load_monitoring.day IS 'Calendar day with at least one session or test (a test''s tested_at taken as its UTC date).';
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
COMMENT ON COLUMN @extschema@.load_monitoring.pain_response_rank IS 'Order of pain_response for sorting and charts: 1 safe, 2 acceptable, 3 excessive (pain-monitoring model, Thomee 1997); NULL when pain_response is NULL.';
GRANT SELECT ON @extschema@.load_monitoring TO PUBLIC;
