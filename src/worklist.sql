-- The daily worklist (issue 16): what a physiotherapist should look at
-- this morning, one row per flag (long format, for reporting tools).
--
-- worklist(as_of) reads the tables as the caller (row-level security
-- applies: a clinician sees the flags of the clinics it holds 'rows'
-- access to) and counts nothing dated after as_of: sessions, tests
-- (their UTC calendar day), measures and home-program log rows on or
-- before as_of only, and a session's next-morning pain only when that
-- morning (the day after the session) is on or before as_of.  Keys are
-- always (clinic_id, episode_id).  Active episodes: first_visit <= as_of
-- and not discharged before as_of.  "The last 7 days" = as_of - 6 .. as_of.
--
-- Flags (fixed codes; sources in the clinical reference):
--   rest_gap                  no session for more than 7 days (since the
--                             last session, or since the first visit when
--                             none); practitioner guidance: rest beyond
--                             5-7 days deconditions
--   ran_while_not_ready       a run in the last 7 days on a day whose
--                             latest small knee bend (that day or before)
--                             failed ready_to_run; practitioner guidance
--   onset_distance_shrinking  the pain limit (farthest distance reached
--                             before pain; a pain-free run counts as
--                             reaching its whole distance) of the last 7
--                             days is below that of days 14-20 before
--                             as_of, with pain recorded in the last 7
--                             days; practitioner guidance
--   pain_rising               highest pain during in the last 7 days above
--                             the 7 days before (Thomee 1997: pain should
--                             not rise week on week)
--   single_run_spike          a run in the last 7 days > 10 % longer than
--                             the longest run of its previous 30 days,
--                             graded (Frandsen 2025)
--   acwr_high                 EWMA acute:chronic ratio of run km on as_of
--                             >= 1.5 (Williams 2017, Gabbett 2016);
--                             descriptive only (Impellizzeri 2020)
--   morning_pain_not_settled  a session of the 7 days before as_of whose
--                             next-morning pain was above its baseline
--                             (Thomee 1997)
--   low_adherence             home-program sessions done / prescribed
--                             below 50 % over the last 14 days, when at
--                             least one session was prescribed there
--   outcome_overdue           no NRS pain or AKPS in the last 28 days
--
-- The existing weekly_pain(clinic_id, episode_id) is not used for
-- pain_rising: it groups calendar weeks and reads every session, so a
-- week containing as_of would count sessions after it.

-- The worklist of one clinic, or of every clinic the caller sees (clinic
-- NULL).  Every table is read through "clinic_id = $2 OR $2 IS NULL": for
-- one clinic, under Citus, the whole query is then a router query sent to
-- the clinic's shard, where the per-episode LATERAL ... OFFSET 0 reads
-- (history independence, issue 18; Citus refuses them in a multi-shard
-- plan) run as on one node; for every clinic the condition folds away.
-- EXECUTE ... USING: the values are planned as constants (a cached
-- generic plan would keep the OR, and Citus does not plan a SQL
-- function's parameters).  The session's levels are read here and passed:
-- under Citus the query runs on a worker, whose session does not see the
-- caller's SET.
CREATE FUNCTION @extschema@.worklist(as_of date, clinic text)
  RETURNS TABLE (clinic_id text, episode_id bigint, patient_id bigint, external_ref text, therapist text,
                 flag text, detail text, source text, event_date date, days_since integer)
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  AS $fn$
BEGIN
  IF as_of IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE $q$
WITH ep AS (
  SELECT e.clinic_id, e.episode_id, e.patient_id, p.external_ref, e.therapist, e.first_visit
    FROM (SELECT * FROM @extschema@.episode AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS e
    JOIN (SELECT * FROM @extschema@.patient AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS p ON p.clinic_id = e.clinic_id AND p.patient_id = e.patient_id
   WHERE e.first_visit <= $1
     AND (e.discharged_on IS NULL OR e.discharged_on >= $1)
), ses AS (
  -- Each active episode's sessions through load_session_episode_idx: the
  -- OFFSET 0 keeps the planner from flattening this into a hash join over
  -- every session ever recorded, so the cost follows the active runners,
  -- not the years of discharged history behind them (issue 18).
  SELECT s.* FROM ep
   CROSS JOIN LATERAL (SELECT ls.* FROM (SELECT * FROM @extschema@.load_session AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS ls
                        WHERE ls.clinic_id = ep.clinic_id AND ls.episode_id = ep.episode_id
                          AND ls.session_date <= $1 OFFSET 0) AS s
), flags AS (
  -- rest_gap
  SELECT ep.clinic_id, ep.episode_id, 'rest_gap' AS flag,
         CASE WHEN l.last_day IS NULL
              THEN format('no session recorded in the %s days since the first visit', $1 - ep.first_visit)
              ELSE format('no session for %s days (last on %s)', $1 - l.last_day, l.last_day) END AS detail,
         'practitioner guidance (clinical reference, load and pain): rest beyond 5-7 days deconditions' AS source,
         COALESCE(l.last_day, ep.first_visit) AS event_date
    FROM ep
    LEFT JOIN (SELECT s.clinic_id, s.episode_id, max(s.session_date) AS last_day FROM ses AS s
                GROUP BY s.clinic_id, s.episode_id) AS l
      ON l.clinic_id = ep.clinic_id AND l.episode_id = ep.episode_id
   WHERE $1 - COALESCE(l.last_day, ep.first_visit) > @extschema@.rest_gap_days()

  UNION ALL
  -- ran_while_not_ready: the latest such run of the last 7 days, and how many
  SELECT r.clinic_id, r.episode_id, 'ran_while_not_ready',
         format('%s run(s) in the last 7 days after a failed small knee bend; last on %s (bend of %s: %s degrees, pain %s)',
                r.runs, r.session_date, r.tested_day, r.angle_deg, r.pain_nrs),
         'practitioner guidance (clinical reference, provocation tests): do the small knee bend before every run; if it hurts or does not reach knee_rehab.knee_bend_target_deg, do not run that day (ready_to_run)',
         r.session_date
    FROM (SELECT s.clinic_id, s.episode_id, s.session_date, t.tested_day, t.angle_deg, t.pain_nrs,
                 count(*) OVER (PARTITION BY s.clinic_id, s.episode_id) AS runs,
                 row_number() OVER (PARTITION BY s.clinic_id, s.episode_id
                                    ORDER BY s.session_date DESC, s.session_id DESC) AS rn
            FROM ses AS s
            CROSS JOIN LATERAL (
              SELECT (k.tested_at AT TIME ZONE 'UTC')::date AS tested_day, k.angle_deg, k.pain_nrs
                FROM (SELECT * FROM @extschema@.knee_test AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS k
               WHERE k.clinic_id = s.clinic_id AND k.episode_id = s.episode_id
                 AND k.test = 'small_knee_bend'
                 AND (k.tested_at AT TIME ZONE 'UTC')::date <= s.session_date
               ORDER BY k.tested_at DESC, k.test_id DESC LIMIT 1) AS t
           WHERE s.kind = 'run' AND s.session_date > $1 - 7
             AND NOT @extschema@.ready_to_run(t.angle_deg, t.pain_nrs, $3, $4)) AS r
   WHERE r.rn = 1

  UNION ALL
  -- onset_distance_shrinking
  SELECT o.clinic_id, o.episode_id, 'onset_distance_shrinking',
         format('pain limit %s km in the last 7 days, %s km 14-20 days before %s',
                o.recent_km, o.early_km, $1),
         'practitioner guidance (clinical reference, load and pain): the distance at which pain starts should grow week on week; a shrinking pain-onset distance is the wrong direction (a pain-free run counts as reaching its whole distance)',
         o.recent_day
    FROM (SELECT s.clinic_id, s.episode_id,
                 max(COALESCE(s.pain_onset_km, s.distance_km)) FILTER (WHERE s.session_date > $1 - 7) AS recent_km,
                 max(COALESCE(s.pain_onset_km, s.distance_km)) FILTER (WHERE s.session_date <= $1 - 14) AS early_km,
                 max(s.session_date) FILTER (WHERE s.session_date > $1 - 7 AND s.pain_onset_km IS NOT NULL) AS recent_day
            FROM ses AS s
           WHERE s.kind = 'run' AND s.session_date > $1 - 21
             AND (s.pain_onset_km IS NOT NULL OR (s.pain_free AND s.distance_km IS NOT NULL))
           GROUP BY s.clinic_id, s.episode_id) AS o
   WHERE o.recent_day IS NOT NULL AND o.recent_km < o.early_km

  UNION ALL
  -- pain_rising
  SELECT p.clinic_id, p.episode_id, 'pain_rising',
         format('highest pain during %s in the last 7 days, %s in the 7 days before', p.recent_max, p.previous_max),
         'pain-monitoring model (Thomee 1997, Phys Ther 77:1690): pain should not rise week on week',
         p.recent_day
    FROM (SELECT s.clinic_id, s.episode_id,
                 max(s.pain_during) FILTER (WHERE s.session_date > $1 - 7) AS recent_max,
                 max(s.pain_during) FILTER (WHERE s.session_date <= $1 - 7) AS previous_max,
                 max(s.session_date) FILTER (WHERE s.session_date > $1 - 7) AS recent_day
            FROM ses AS s
           WHERE s.session_date > $1 - 14 AND s.pain_during IS NOT NULL
           GROUP BY s.clinic_id, s.episode_id) AS p
   WHERE p.recent_max > p.previous_max

  UNION ALL
  -- single_run_spike: the largest spike of the last 7 days
  SELECT x.clinic_id, x.episode_id, 'single_run_spike',
         format('run of %s km on %s: %s %% longer than the longest run of the previous 30 days (%s km); grade %s, hazard rate ratio %s',
                x.distance_km, x.session_date, round((100 * (x.distance_km / x.prev_km - 1))::numeric, 1),
                x.prev_km, x.grade, @extschema@.single_run_spike_hrr(x.distance_km, x.prev_km)),
         'Frandsen 2025 (BJSM 59:1203; 5,205 runners, observational, weak evidence): > 10-30 % longer HRR 1.64, > 30-100 % 1.52, > 100 % 2.28',
         x.session_date
    FROM (SELECT pr.clinic_id, pr.episode_id, pr.session_date, pr.distance_km, pr.prev_km,
                 @extschema@.single_run_spike_grade(pr.distance_km, pr.prev_km) AS grade,
                 row_number() OVER (PARTITION BY pr.clinic_id, pr.episode_id
                                    ORDER BY pr.distance_km / pr.prev_km DESC, pr.session_date DESC, pr.session_id DESC) AS rn
            FROM (-- the longest run of the 30 days before each run (days
                  -- d - 30 .. d - 1), one window pass over the runs of
                  -- the last 37 days (not a scan of every session per run)
                  SELECT s.clinic_id, s.episode_id, s.session_id, s.session_date, s.distance_km,
                         max(s.distance_km) OVER (PARTITION BY s.clinic_id, s.episode_id ORDER BY s.session_date
                                                  RANGE BETWEEN interval '30 days' PRECEDING
                                                            AND interval '1 day' PRECEDING) AS prev_km
                    FROM ses AS s
                   WHERE s.kind = 'run' AND s.session_date > $1 - 37) AS pr
           WHERE pr.distance_km IS NOT NULL AND pr.session_date > $1 - 7
             AND pr.prev_km > 0) AS x
   WHERE x.rn = 1 AND x.grade <> 'none'

  UNION ALL
  -- acwr_high
  SELECT a.clinic_id, a.episode_id, 'acwr_high',
         format('EWMA acute:chronic ratio of run km %s on %s (descriptive, not an injury probability)',
                round(a.acwr::numeric, 2), $1),
         'Williams 2017 (BJSM 51:209) EWMA; >= 1.5 "spike" after Gabbett 2016 (BJSM 50:273); descriptive only (Impellizzeri 2020); Frandsen 2025 found a negative dose-response',
         $1
    FROM (SELECT d.clinic_id, d.episode_id, @extschema@.ewma_acwr(d.day, d.km ORDER BY d.day) AS acwr
            FROM (SELECT s.clinic_id, s.episode_id, s.session_date AS day, s.distance_km AS km
                    FROM ses AS s WHERE s.kind = 'run' AND s.distance_km IS NOT NULL
                  UNION ALL
                  SELECT DISTINCT s.clinic_id, s.episode_id, $1, 0::float8
                    FROM ses AS s WHERE s.kind = 'run' AND s.distance_km IS NOT NULL) AS d
           GROUP BY d.clinic_id, d.episode_id) AS a
   WHERE a.acwr >= @extschema@.acwr_spike_threshold()

  UNION ALL
  -- morning_pain_not_settled: the latest such session of the 7 days before as_of
  SELECT m.clinic_id, m.episode_id, 'morning_pain_not_settled',
         format('next-morning pain %s above the baseline %s after the session of %s', m.pain_next_morning,
                COALESCE(m.pain_before, 0), m.session_date),
         'pain-monitoring model (Thomee 1997, Phys Ther 77:1690): pain should settle to baseline by the next morning',
         m.session_date
    FROM (SELECT s.*, row_number() OVER (PARTITION BY s.clinic_id, s.episode_id
                                         ORDER BY s.session_date DESC, s.session_id DESC) AS rn
            FROM ses AS s
           WHERE s.session_date BETWEEN $1 - 7 AND $1 - 1
             AND s.pain_next_morning > COALESCE(s.pain_before, 0)) AS m
   WHERE m.rn = 1

  UNION ALL
  -- low_adherence
  SELECT h.clinic_id, h.episode_id, 'low_adherence',
         format('home program %s of %s prescribed sessions done in the last 14 days (%s %%)',
                h.done, round(h.prescribed::numeric, 1), round((100 * h.done / h.prescribed)::numeric, 0)),
         'home-program adherence = sessions done / sessions prescribed (home_exercise.sessions_per_week); below 50 % over two weeks (issue 16)',
         h.last_done
    FROM (SELECT x.clinic_id, x.episode_id,
                 sum(x.prescribed) AS prescribed,
                 sum(x.done)::float8 AS done, max(x.last_done) AS last_done
            FROM (SELECT hx.clinic_id, hx.episode_id, hx.sessions_per_week,
                         @extschema@.home_sessions_prescribed(hx.sessions_per_week, hx.start_date, hx.end_date,
                                                              $1 - 13, $1) AS prescribed,
                         (SELECT count(*) FROM (SELECT * FROM @extschema@.home_exercise_log AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS g
                           WHERE g.clinic_id = hx.clinic_id AND g.episode_id = hx.episode_id
                             AND g.exercise_id = hx.exercise_id
                             AND g.done_on BETWEEN GREATEST(hx.start_date, $1 - 13)
                                               AND LEAST(COALESCE(hx.end_date, $1), $1)) AS done,
                         (SELECT max(g.done_on) FROM (SELECT * FROM @extschema@.home_exercise_log AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS g
                           WHERE g.clinic_id = hx.clinic_id AND g.episode_id = hx.episode_id
                             AND g.exercise_id = hx.exercise_id AND g.done_on <= $1) AS last_done
                    FROM (SELECT * FROM @extschema@.home_exercise AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS hx
                    JOIN ep ON ep.clinic_id = hx.clinic_id AND ep.episode_id = hx.episode_id
                   WHERE hx.start_date <= $1
                     AND COALESCE(hx.end_date, $1) >= $1 - 13) AS x
           GROUP BY x.clinic_id, x.episode_id) AS h
   WHERE h.prescribed >= 1 AND h.done / h.prescribed < 0.5

  UNION ALL
  -- outcome_overdue
  SELECT ep.clinic_id, ep.episode_id, 'outcome_overdue',
         CASE WHEN l.last_on IS NULL THEN 'no NRS pain or AKPS recorded in this episode'
              ELSE format('no NRS pain or AKPS for %s days (last on %s)', $1 - l.last_on, l.last_on) END,
         'outcome measures every 4 weeks: NRS pain (Farrar 2001) and AKPS (Kujala 1993; MCID 10, Crossley 2004)',
         l.last_on
    FROM ep
    LEFT JOIN LATERAL (SELECT max(o.measured_on) AS last_on FROM (SELECT * FROM @extschema@.outcome_measure AS x WHERE x.clinic_id = $2 OR $2 IS NULL) AS o
                        WHERE o.clinic_id = ep.clinic_id AND o.episode_id = ep.episode_id
                          AND o.instrument IN ('nrs_pain', 'akps') AND o.measured_on <= $1) AS l ON true
   WHERE l.last_on IS NULL OR l.last_on < $1 - 27
)
SELECT f.clinic_id, f.episode_id, ep.patient_id, ep.external_ref, ep.therapist,
       f.flag, f.detail, f.source, f.event_date, $1 - f.event_date
  FROM flags AS f
  JOIN ep ON ep.clinic_id = f.clinic_id AND ep.episode_id = f.episode_id
 ORDER BY f.clinic_id, f.episode_id, f.flag
$q$ USING as_of, clinic, @extschema@.pain_free_nrs(), @extschema@.knee_bend_target_deg();
END
$fn$;
COMMENT ON FUNCTION @extschema@.worklist(date, text) IS
  'The daily worklist of one clinic (clinic; NULL = every clinic the caller sees, as worklist(as_of)), read as the caller (row-level security applies). For one clinic every table is read for that clinic only, so under Citus it runs on the clinic''s shard. Flag definitions and sources in worklist(date): practitioner guidance (rest gap, small knee bend, pain-onset distance), Thomee 1997 (pain rising, next-morning pain), Frandsen 2025 (single-run spike), Williams 2017 and Gabbett 2016 (ACWR, descriptive only: Impellizzeri 2020), Kujala 1993 and Farrar 2001 (outcome measures). NULL as_of: no rows.';

-- Every clinic the caller sees: one query on a single node; under Citus
-- (the tables distributed) one router query per clinic with an active
-- episode, in clinic_id order, so the rows keep the same order.
CREATE FUNCTION @extschema@.worklist(as_of date DEFAULT CURRENT_DATE)
  RETURNS TABLE (clinic_id text, episode_id bigint, patient_id bigint, external_ref text, therapist text,
                 flag text, detail text, source text, event_date date, days_since integer)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  AS $fn$
DECLARE
  c text;
  distributed boolean := false;
BEGIN
  IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
    EXECUTE 'SELECT EXISTS (SELECT FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1)'
      INTO distributed USING '@extschema@.load_session'::regclass;
  END IF;
  IF NOT distributed THEN
    RETURN QUERY SELECT * FROM @extschema@.worklist(worklist.as_of, NULL::text);
    RETURN;
  END IF;
  FOR c IN SELECT DISTINCT e.clinic_id FROM @extschema@.episode AS e
            WHERE e.first_visit <= worklist.as_of
              AND (e.discharged_on IS NULL OR e.discharged_on >= worklist.as_of)
            ORDER BY 1
  LOOP
    RETURN QUERY SELECT * FROM @extschema@.worklist(worklist.as_of, c);
  END LOOP;
END
$fn$;
COMMENT ON FUNCTION @extschema@.worklist(date) IS
  'The daily worklist (issue 16): one row per flag and active episode (first_visit <= as_of, not discharged before as_of) that the caller may see (reads the tables as the caller: row-level security applies), keyed by (clinic_id, episode_id), with the patient''s external_ref, the therapist, the flag code, a detail, the flag''s source, the date of the event that raised it and days_since = as_of - event_date. Nothing dated after as_of counts (a session''s next-morning pain only when that morning is on or before as_of). Flags (the last 7 days = as_of - 6 .. as_of): rest_gap (no session for > 7 days; practitioner guidance), ran_while_not_ready (a run after a failed small knee bend, ready_to_run; practitioner guidance), onset_distance_shrinking (pain limit of the last 7 days below that of days 14-20 before, a pain-free run counting its whole distance; practitioner guidance), pain_rising (highest pain during of the last 7 days above the 7 before; Thomee 1997), single_run_spike (> 10 % longer than the longest run of the previous 30 days, graded; Frandsen 2025), acwr_high (EWMA ACWR of run km on as_of >= 1.5; Williams 2017, Gabbett 2016; descriptive only, Impellizzeri 2020), morning_pain_not_settled (next-morning pain above baseline after a session of the 7 days before as_of; Thomee 1997), low_adherence (home-program sessions done / prescribed < 50 % over the last 14 days, at least one session prescribed), outcome_overdue (no NRS pain or AKPS in the last 28 days). NULL as_of: no rows.';

CREATE VIEW @extschema@.worklist_today WITH (security_invoker = true) AS
SELECT w.clinic_id, w.episode_id, w.patient_id, w.external_ref, w.therapist,
       w.flag, w.detail, w.source, w.event_date, w.days_since
  FROM @extschema@.worklist(CURRENT_DATE) AS w;
COMMENT ON VIEW @extschema@.worklist_today IS
  'worklist(CURRENT_DATE): today''s flags, one row per flag and active episode the caller may see (security_invoker: row-level security applies). CURRENT_DATE is the session''s date (its TimeZone). Flag definitions in worklist(date); sources: practitioner guidance (rest gap, small knee bend, pain-onset distance), Thomee 1997 (pain rising, next-morning pain), Frandsen 2025 (single-run spike), Williams 2017 and Gabbett 2016 (ACWR, descriptive only: Impellizzeri 2020), Kujala 1993 and Farrar 2001 (outcome measures).';
COMMENT ON COLUMN @extschema@.worklist_today.clinic_id IS 'Clinic.';
COMMENT ON COLUMN @extschema@.worklist_today.episode_id IS 'Episode (unique within the clinic: join on clinic_id and episode_id).';
COMMENT ON COLUMN @extschema@.worklist_today.patient_id IS 'The episode''s patient.';
COMMENT ON COLUMN @extschema@.worklist_today.external_ref IS 'The clinic''s own patient reference.';
COMMENT ON COLUMN @extschema@.worklist_today.therapist IS 'The episode''s therapist (the clinic''s id); NULL = not recorded.';
COMMENT ON COLUMN @extschema@.worklist_today.flag IS 'Flag code: rest_gap, ran_while_not_ready, onset_distance_shrinking, pain_rising, single_run_spike, acwr_high, morning_pain_not_settled, low_adherence or outcome_overdue (definitions in worklist(date)).';
COMMENT ON COLUMN @extschema@.worklist_today.detail IS 'What raised the flag, in words with its numbers.';
COMMENT ON COLUMN @extschema@.worklist_today.source IS 'The flag''s clinical source (publication or practitioner guidance from the clinical reference).';
COMMENT ON COLUMN @extschema@.worklist_today.event_date IS 'Date of the event that raised the flag (the last session, the run, the session before the morning, the last measure); NULL when the flag is an absence with nothing recorded (outcome_overdue without any measure).';
COMMENT ON COLUMN @extschema@.worklist_today.days_since IS 'Days from event_date to today.';
GRANT SELECT ON @extschema@.worklist_today TO PUBLIC;
