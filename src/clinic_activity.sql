-- Clinic activity (issue 16): what a clinic did, for its director, per
-- clinic and month and per clinic and therapist, aggregate-only and
-- suppressed like the cohort views.
--
-- Runs with its owner's rights (no table privilege needed), applies the
-- caller's clinic access itself (visible_clinics('aggregates')) and is
-- security_barrier, like cohort_recovery_state.  One row ("cell") per
-- clinic (unit 'clinic', every month), per clinic and month (unit
-- 'month', period = the month's first day) and per clinic and therapist
-- (unit 'therapist'; 'not recorded' for episodes without one).
--
-- What a cell counts:
--   episodes      the episodes the cell is about: for a month, those with
--                 a first visit, a visit or a discharge in the month; for
--                 a therapist, the therapist's episodes; for the clinic,
--                 all.  The suppression count.
--   new_episodes  first visits in the cell.
--   visits        distinct (episode, day) with a provocation test (UTC day
--                 of tested_at), an outcome measure or a gait assessment,
--                 on or after the episode's first visit.
--   discharges    discharged_on in the cell, by discharge_reason (one
--                 column per reason, and reason not recorded).
--   prom_*        of those discharges (the eligible episodes), the ones
--                 with a baseline and a follow-up of both required PROMs,
--                 NRS pain and AKPS (episode_outcome latest_nrs and
--                 latest_akps not NULL: at least two scores of each).
--   median_*      over the cell's discharges: days first visit ->
--                 discharge, and episode_outcome.adherence_pct (those with
--                 a home program).
-- Suppression: a cell with fewer than min_cell_size episodes is
-- suppressed, and suppress_cells adds complementary suppression within
-- each line: the months of a clinic, and the therapists of a clinic with
-- the clinic's cell as their total (each episode has one therapist).  A
-- clinic whose rows the caller reads ('rows' access) is in no line: it
-- counts those cells itself (primary suppression still applies).
-- Plain GROUP BY and UNION ALL (no GROUPING SETS: Citus, issue 14).

CREATE VIEW @extschema@.clinic_activity_state WITH (security_barrier = true) AS
WITH vis AS (
  SELECT @extschema@.visible_clinics('aggregates') AS clinics,
         pg_catalog.array_remove(@extschema@.visible_clinics('rows'), NULL) AS row_clinics
),
ep AS (
  SELECT o.clinic_id, o.episode_id, o.first_visit, o.discharged_on, o.discharge_reason,
         COALESCE(o.therapist, 'not recorded') AS therapist, o.adherence_pct,
         o.latest_nrs IS NOT NULL AND o.latest_akps IS NOT NULL AS prom_complete
    FROM @extschema@.episode_outcome_all AS o, vis
   WHERE o.clinic_id = ANY (vis.clinics) OR pg_catalog.array_position(vis.clinics, NULL) IS NOT NULL
),
visit_days AS (
  SELECT v.clinic_id, v.episode_id, v.day
    FROM (SELECT kt.clinic_id, kt.episode_id, (kt.tested_at AT TIME ZONE 'UTC')::date AS day
            FROM @extschema@.knee_test AS kt
          UNION
          SELECT om.clinic_id, om.episode_id, om.measured_on
            FROM @extschema@.outcome_measure AS om
          UNION
          SELECT ga.clinic_id, ga.episode_id, ga.assessed_on
            FROM @extschema@.gait_assessment AS ga) AS v
),
events AS (
  -- One row per event: a first visit, a visit day, a discharge.  One pass
  -- over the episodes, their visit days joined as an array and unnested
  -- with the first visit and the discharge (a function in the lateral
  -- join, which Citus pushes down with the join on clinic_id), so each
  -- source is read once and, under Citus, the grouping by clinic below
  -- runs on the shards.
  SELECT ep.clinic_id, ep.episode_id, ep.therapist, x.kind,
         pg_catalog.date_trunc('month', x.day::timestamp)::date AS period,
         CASE WHEN x.kind = 'discharge' THEN COALESCE(ep.discharge_reason, 'not recorded') END AS discharge_reason,
         CASE WHEN x.kind = 'discharge' THEN ep.prom_complete END AS prom_complete,
         CASE WHEN x.kind = 'discharge' THEN (ep.discharged_on - ep.first_visit)::float8 END AS episode_days,
         CASE WHEN x.kind = 'discharge' THEN ep.adherence_pct END AS adherence_pct
    FROM ep
    LEFT JOIN (SELECT vd.clinic_id, vd.episode_id, pg_catalog.array_agg(vd.day) AS days
                 FROM visit_days AS vd
                GROUP BY vd.clinic_id, vd.episode_id) AS v
      ON v.clinic_id = ep.clinic_id AND v.episode_id = ep.episode_id
   CROSS JOIN LATERAL ROWS FROM (
           pg_catalog.unnest(ARRAY['new', 'discharge']::text[]
             || pg_catalog.array_fill('visit'::text, ARRAY[COALESCE(pg_catalog.cardinality(v.days), 0)])),
           pg_catalog.unnest(ARRAY[ep.first_visit, ep.discharged_on] || v.days)) AS x (kind, day)
   WHERE x.day IS NOT NULL
     AND (x.kind <> 'visit' OR x.day >= ep.first_visit)
),
cells AS (
  -- Every event counts in its clinic's cell, its month's and its
  -- therapist's: one GROUP BY (no GROUPING SETS: Citus, issue 14).
  SELECT ev.clinic_id, u.unit, u.period, u.therapist,
         pg_catalog.count(DISTINCT ev.episode_id) AS episodes,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'new') AS new_episodes,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'visit') AS visits,
         pg_catalog.count(*) FILTER (WHERE ev.kind = 'discharge') AS discharges,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'recovered') AS discharged_recovered,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'self_discharged') AS discharged_self_discharged,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'referred') AS discharged_referred,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'lost_to_follow_up') AS discharged_lost_to_follow_up,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'other') AS discharged_other,
         pg_catalog.count(*) FILTER (WHERE ev.discharge_reason = 'not recorded') AS discharged_reason_not_recorded,
         pg_catalog.count(*) FILTER (WHERE ev.prom_complete) AS prom_complete,
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.episode_days) AS median_episode_days,
         pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.adherence_pct) AS median_adherence_pct
    FROM events AS ev
   CROSS JOIN LATERAL (VALUES ('clinic'::text, NULL::date, NULL::text),
                              ('month', ev.period, NULL),
                              ('therapist', NULL, ev.therapist)) AS u (unit, period, therapist)
   GROUP BY ev.clinic_id, u.unit, u.period, u.therapist
),
numbered AS (
  SELECT c.*,
         pg_catalog.row_number() OVER (ORDER BY c.clinic_id, c.unit, c.period, c.therapist)::integer AS cell,
         c.clinic_id = ANY (vis.row_clinics) AS known
    FROM cells AS c, vis
),
members AS (
  -- Lines: the months of a clinic (no total: an episode spans months);
  -- the therapists of a clinic, whose total is the clinic's cell.
  SELECT 'm|' || n.clinic_id AS line, n.cell, false AS is_total
    FROM numbered AS n WHERE n.unit = 'month' AND NOT n.known
  UNION ALL
  SELECT 't|' || n.clinic_id, n.cell, n.unit = 'clinic'
    FROM numbered AS n WHERE n.unit IN ('therapist', 'clinic') AND NOT n.known
),
flags AS (
  SELECT f.cell, f.suppressed
    FROM (SELECT pg_catalog.array_agg(m.line) AS line, pg_catalog.array_agg(m.cell) AS cell,
                 pg_catalog.array_agg(m.is_total) AS is_total
            FROM members AS m) AS l
   CROSS JOIN LATERAL @extschema@.suppressed_cells(
           (SELECT pg_catalog.array_agg(n.episodes ORDER BY n.cell) FROM numbered AS n),
           l.line, l.cell, l.is_total) AS f
)
SELECT n.clinic_id, n.unit, n.period, n.therapist, f.suppressed,
       CASE WHEN NOT f.suppressed THEN n.episodes END AS episodes,
       CASE WHEN NOT f.suppressed THEN n.new_episodes END AS new_episodes,
       CASE WHEN NOT f.suppressed THEN n.visits END AS visits,
       CASE WHEN NOT f.suppressed THEN n.discharges END AS discharges,
       CASE WHEN NOT f.suppressed THEN n.discharged_recovered END AS discharged_recovered,
       CASE WHEN NOT f.suppressed THEN n.discharged_self_discharged END AS discharged_self_discharged,
       CASE WHEN NOT f.suppressed THEN n.discharged_referred END AS discharged_referred,
       CASE WHEN NOT f.suppressed THEN n.discharged_lost_to_follow_up END AS discharged_lost_to_follow_up,
       CASE WHEN NOT f.suppressed THEN n.discharged_other END AS discharged_other,
       CASE WHEN NOT f.suppressed THEN n.discharged_reason_not_recorded END AS discharged_reason_not_recorded,
       CASE WHEN NOT f.suppressed THEN n.prom_complete END AS prom_complete,
       -- Figures over the cell's discharges only when there are at least
       -- min_cell_size of them: a median of one discharge is that
       -- episode's own length or adherence.
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN 100 * n.prom_complete::float8 / n.discharges END AS prom_completion_pct,
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN n.median_episode_days END AS median_episode_days,
       CASE WHEN NOT f.suppressed AND n.discharges >= @extschema@.min_cell_size()
            THEN n.median_adherence_pct END AS median_adherence_pct
  FROM numbered AS n
  JOIN flags AS f ON f.cell = n.cell;
COMMENT ON VIEW @extschema@.clinic_activity_state IS
  'Building block of clinic_activity (owner''s rights, not granted to PUBLIC; read through clinic_activity_cells): the same rows, computed for the caller''s clinics (visible_clinics, the session''s role) and suppressed. Its columns mean what clinic_activity''s do. No clinical source: bookkeeping.';

-- The rows for the session's role, with the owner's rights (SECURITY
-- DEFINER, as cohort_recovery_cells: under Citus the shard queries run as
-- the current user).
CREATE FUNCTION @extschema@.clinic_activity_cells()
  RETURNS SETOF @extschema@.clinic_activity_state
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
  SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT * FROM @extschema@.clinic_activity_state;
END;
COMMENT ON FUNCTION @extschema@.clinic_activity_cells() IS
  'The rows of clinic_activity_state for the session''s role (session_role; its clinics from clinic_access), computed with the owner''s rights (SECURITY DEFINER: under Citus the shard queries run as the owner, not as an aggregate-only caller who may read no row); already suppressed. Read by clinic_activity. No clinical source: bookkeeping.';

CREATE VIEW @extschema@.clinic_activity WITH (security_barrier = true) AS
SELECT * FROM @extschema@.clinic_activity_cells();
COMMENT ON VIEW @extschema@.clinic_activity IS
  'Clinic activity for clinic directors (issue 16; aggregate-only like cohort_recovery: runs with its owner''s rights, shows only the clinics the caller holds access to in clinic_access, no table privilege needed). One row per clinic (unit clinic), per clinic and month (unit month, period = first day of the month) and per clinic and therapist (unit therapist): episodes (those with a first visit, visit or discharge in the month; the therapist''s; all), new episodes (first visits), visits (distinct days per episode with a provocation test, an outcome measure or a gait assessment, from the first visit on), discharges by reason, PROM completion (discharged episodes with a baseline and a follow-up of both NRS pain, Farrar 2001, and AKPS, Kujala 1993), median episode length (discharged, days) and median home-program adherence (episode_outcome.adherence_pct). Months and discharge figures are by calendar month of the event. A cell with fewer than knee_rehab.min_cell_size episodes, and the cells that would let one be worked out by subtraction within its line (the months of a clinic; the therapists of a clinic and its total), show suppressed = true and NULL figures (suppress_cells; Hundepool 2012).';
COMMENT ON COLUMN @extschema@.clinic_activity.clinic_id IS 'The clinic. No clinical source: bookkeeping.';
COMMENT ON COLUMN @extschema@.clinic_activity.unit IS 'clinic (every month), month (one calendar month, period) or therapist (one therapist, therapist). No clinical source: layout.';
COMMENT ON COLUMN @extschema@.clinic_activity.period IS 'First day of the calendar month on unit month rows; NULL otherwise. Events are dated by first_visit, the visit day (UTC day of a test) and discharged_on.';
COMMENT ON COLUMN @extschema@.clinic_activity.therapist IS 'The therapist (episode.therapist, the clinic''s own id; ''not recorded'' for episodes without one) on unit therapist rows; NULL otherwise.';
COMMENT ON COLUMN @extschema@.clinic_activity.suppressed IS 'True when the cell has fewer than knee_rehab.min_cell_size episodes or would let such a cell be worked out from the others of its line (suppress_cells; statistical disclosure control, Hundepool 2012): every figure NULL.';
COMMENT ON COLUMN @extschema@.clinic_activity.episodes IS 'Episodes the cell is about (the suppression count): month = episodes with a first visit, a visit or a discharge in the month; therapist = the therapist''s episodes; clinic = every episode. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.new_episodes IS 'Episodes whose first visit falls in the cell. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.visits IS 'Visits: distinct (episode, day) with a provocation test (knee_test, UTC day), an outcome measure or a gait assessment, on or after the first visit. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharges IS 'Episodes discharged in the cell (discharged_on). NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_recovered IS 'Discharges with discharge_reason recovered. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_self_discharged IS 'Discharges with discharge_reason self_discharged. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_referred IS 'Discharges with discharge_reason referred. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_lost_to_follow_up IS 'Discharges with discharge_reason lost_to_follow_up. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_other IS 'Discharges with discharge_reason other. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.discharged_reason_not_recorded IS 'Discharges without a discharge_reason. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.prom_complete IS 'Of the discharges (the eligible episodes), those with a baseline and a follow-up of both required PROMs: NRS pain (Farrar 2001) and AKPS (Kujala 1993), i.e. episode_outcome latest_nrs and latest_akps not NULL. NULL when suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.prom_completion_pct IS 'PROM completion, percent: 100 x prom_complete / discharges (NRS pain, Farrar 2001, and AKPS, Kujala 1993, at baseline and follow-up); NULL when the cell has fewer than knee_rehab.min_cell_size discharges or is suppressed.';
COMMENT ON COLUMN @extschema@.clinic_activity.median_episode_days IS 'Median days from first visit to discharge of the cell''s discharges (percentile_cont 0.5); NULL when the cell has fewer than knee_rehab.min_cell_size discharges (a median of one discharge would be that episode''s own figure) or is suppressed. No clinical source: service statistics.';
COMMENT ON COLUMN @extschema@.clinic_activity.median_adherence_pct IS 'Median home-program adherence, percent (episode_outcome.adherence_pct: sessions done / prescribed over the episode), of the cell''s discharges with a home program (percentile_cont 0.5); NULL when the cell has fewer than knee_rehab.min_cell_size discharges or is suppressed. Practitioner guidance (strength circuit 2-3 times a week).';
-- The building block's columns carry the same comments.
DO $do$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT a.attname, pg_catalog.col_description(a.attrelid, a.attnum) AS d
             FROM pg_catalog.pg_attribute AS a
            WHERE a.attrelid = '@extschema@.clinic_activity'::regclass AND a.attnum > 0
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.clinic_activity_state.%I IS %L', c.attname, c.d);
  END LOOP;
END
$do$;
GRANT SELECT ON @extschema@.clinic_activity TO PUBLIC;
