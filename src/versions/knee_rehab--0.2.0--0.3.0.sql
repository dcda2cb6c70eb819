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

-- ---- citus: risk model tables that Citus can make reference tables (issue 14)
-- risk_parameter loses its trigger and its foreign key to
-- risk_parameter_default (Citus refuses tables with triggers, and the key
-- made create_reference_table convert the tables and the risk_model view);
-- a CHECK through risk_parameter_in_range() keeps the parameter names and
-- ranges (same SQLSTATEs); the tier order is checked when the model is read.
-- A clinic's value must lie within its parameter's range.  A CHECK
-- constraint through an IMMUTABLE function that knows the ranges (the
-- extension's own constants, the same as risk_parameter_default.min_value
-- and max_value, which test/pgtap/risk.sql compares), not a trigger or a
-- foreign key reading risk_parameter_default: Citus refuses to distribute
-- a table with triggers, and a foreign key between the two tables makes
-- create_reference_table convert them and the extension's risk_model view.
-- The order of the tier cut-offs involves two rows: pfps_risk and
-- pfps_risk_score check it when they read the model (22023).
CREATE FUNCTION @extschema@.risk_parameter_in_range(parameter text, value float8)
  RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  lo float8;
  hi float8;
BEGIN
  SELECT r.lo, r.hi INTO lo, hi
    FROM (VALUES ('female', 0.01, 100), ('sex_other', 0.01, 100), ('bmi_high', 0.01, 100),
                 ('prior_knee_injury', 0.01, 100), ('flat_foot', 0.01, 100),
                 ('overpronation', 0.01, 100), ('high_arch', 0.01, 100), ('pttd', 0.01, 100),
                 ('quad_deficit', 0.01, 100), ('weekly_distance_increase', 0.01, 100),
                 ('low_strength_training', 0.01, 100), ('bmi_threshold', 10, 100),
                 ('quad_deficit_threshold_pct', 0.1, 100), ('weekly_distance_threshold_pct', 0.1, 1000),
                 ('strength_sessions_threshold', 0.1, 21), ('tier_moderate_from', 0.01, 1000),
                 ('tier_high_from', 0.01, 1000)) AS r (name, lo, hi)
   WHERE r.name OPERATOR(pg_catalog.=) parameter;
  IF NOT FOUND THEN
    RETURN parameter IS NULL;   -- unknown: the CHECK fails (23514); NULL: NOT NULL reports it
  END IF;
  IF value < lo OR value > hi THEN
    RAISE EXCEPTION 'risk parameter % must be between % and %', parameter, lo, hi
      USING ERRCODE = '22003', DETAIL = format('Got %s.', value),
            HINT = 'Delete the row from knee_rehab.risk_parameter to use the default.';
  END IF;
  RETURN true;
END
$$;
COMMENT ON FUNCTION @extschema@.risk_parameter_in_range(text, float8) IS
  'CHECK of risk_parameter: false for a parameter the PFPS risk model does not have (Boling 2010; Neal 2014/2019; Nielsen 2014; van Poppel 2018 - see risk_parameter_default), 22003 naming the range for a value outside the parameter''s min_value..max_value (NaN and Infinity included), else true. Immutable: the ranges are the extension''s constants.';

DROP TRIGGER risk_parameter_check ON @extschema@.risk_parameter;
DROP FUNCTION @extschema@.risk_parameter_check();
ALTER TABLE @extschema@.risk_parameter
  DROP CONSTRAINT risk_parameter_parameter_fkey,
  ADD CONSTRAINT risk_parameter_known_and_in_range
    CHECK (@extschema@.risk_parameter_in_range(parameter, value));
COMMENT ON CONSTRAINT risk_parameter_known_and_in_range ON @extschema@.risk_parameter IS
  'parameter must be one of the model''s parameters (risk_parameter_default) and value within its min_value..max_value (risk_parameter_in_range: 22003 naming the range).';
COMMENT ON TABLE @extschema@.risk_parameter IS
  'The clinic''s overrides of the PFPS risk model''s defaults (risk_parameter_default): a row replaces the default, deleting it restores the default. Values must be finite, > 0 and within the parameter''s min_value..max_value (CHECK); pfps_risk refuses (22023) a model whose tier_moderate_from is not below tier_high_from. Kept by pg_dump. Read by pfps_risk/pfps_risk_score once per statement (under Citus: a reference table, read from the local copy).';

-- ---- citus: load_monitoring reads its settings once, on the coordinator (issue 14)
-- pain_free_nrs() and the session TimeZone come from a MATERIALIZED CTE:
-- under Citus a coordinator subplan, so workers use the caller's values.
CREATE OR REPLACE VIEW @extschema@.load_monitoring WITH (security_invoker = true) AS
WITH setting AS MATERIALIZED (
  -- The session's settings, read once where the query starts.  Under Citus
  -- this is a subplan run on the coordinator (the reference to a catalog
  -- table keeps even a one-clinic query from being sent whole to a worker,
  -- whose session has its own settings); the shards receive the values.
  SELECT @extschema@.pain_free_nrs() AS pain_free_nrs,
         pg_catalog.current_setting('TimeZone') AS time_zone
    FROM pg_catalog.pg_extension AS x
   WHERE x.extname = 'knee_rehab'
), session_day AS (
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
  SELECT t.clinic_id, t.episode_id, CAST(t.tested_at AT TIME ZONE st.time_zone AS date) AS day,
         pg_catalog.max(t.angle_deg) FILTER (WHERE t.test = 'small_knee_bend') AS knee_bend_angle_deg,
         pg_catalog.bool_and(t.pain_nrs <= st.pain_free_nrs)
           FILTER (WHERE t.test = 'small_knee_bend') AS knee_bend_pain_free
    FROM @extschema@.knee_test AS t
   CROSS JOIN setting AS st
   GROUP BY t.clinic_id, t.episode_id, CAST(t.tested_at AT TIME ZONE st.time_zone AS date)
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
