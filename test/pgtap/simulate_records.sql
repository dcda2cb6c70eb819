-- simulate_clinic fills issue 16's records plausibly (1,000 patients,
-- seed 1): every episode's new columns, pain-free runs recorded as such,
-- the practitioner circuit with partial adherence, cadence retraining for
-- some, shoe changes, side-to-side measures; and the worklist of the
-- data's last day.
BEGIN;
SET search_path = knee_rehab, public;
SELECT plan(11);
SELECT cmp_ok(simulate_clinic(1000, 1), '>', 0::bigint, 'simulate_clinic(1000, 1) writes');

SELECT is((SELECT count(*) FROM episode WHERE working_diagnosis IS NULL OR therapist IS NULL OR usual_run_km IS NULL
                                           OR usual_runs_per_week IS NULL), 0::bigint,
  'every simulated episode has a working diagnosis, a therapist and the usual running');
SELECT is((SELECT count(*) FROM episode WHERE (discharged_on IS NULL) <> (discharge_reason IS NULL)), 0::bigint,
  'a discharge reason exactly for the discharged episodes');
SELECT is((SELECT count(*) FROM load_session WHERE kind = 'run' AND (pain_free IS NULL
             OR pain_free <> (pain_during = 0) OR (NOT pain_free AND (pain_onset_km IS NULL OR pain_onset_min IS NULL)))), 0::bigint,
  'every simulated run records pain_free; a painful run records onset distance and time');
SELECT cmp_ok((SELECT avg((pain_free)::int)::float8 FROM load_session WHERE kind = 'run'), '>', 0.2::float8,
  'pain-free runs are common (more than 20 % of runs)');
SELECT ok((SELECT count(DISTINCT (clinic_id, episode_id))::float8 / (SELECT count(*) FROM episode) FROM home_exercise) BETWEEN 0.80 AND 0.90,
  'about 85 % of episodes have a home program');
SELECT ok((SELECT bool_and(exercise IN ('single_leg_box_sit', 'bulgarian_split_squat', 'glute_bridge', 'straight_leg_raise',
                                         'hamstring_stretch')) FROM home_exercise),
  'prescriptions come from the practitioner circuit');
-- adherence per episode: log rows / (sessions_per_week x days / 7) over the prescription
SELECT ok((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) BETWEEN 0.45 AND 0.75
             FROM (SELECT sum(l.n)::float8 / sum(h.sessions_per_week * (COALESCE(h.end_date, date '2025-12-31') - h.start_date + 1) / 7.0) AS a
                     FROM home_exercise h
                     CROSS JOIN LATERAL (SELECT count(*) AS n FROM home_exercise_log g
                                          WHERE g.clinic_id = h.clinic_id AND g.exercise_id = h.exercise_id) l
                    WHERE COALESCE(h.end_date, date '2025-12-31') - h.start_date >= 27
                    GROUP BY h.clinic_id, h.episode_id) x),
  'partial adherence: the median episode does 45-75 % of its prescribed sessions (uniform 25-95 %)');
SELECT ok((SELECT count(*) FILTER (WHERE n = 2)::float8 / count(*) BETWEEN 0.2 AND 0.45
             FROM (SELECT count(*) AS n FROM gait_assessment GROUP BY clinic_id, episode_id) x)
          AND (SELECT bool_and(g2.cadence_spm BETWEEN 1.04 * g1.cadence_spm AND 1.11 * g1.cadence_spm)
                 FROM gait_assessment g1 JOIN gait_assessment g2 USING (clinic_id, episode_id)
                WHERE g2.assessed_on = g1.assessed_on + 28),
  'a cadence change for some runners: reassessed at week 4 with cadence up 5-10 %');
SELECT ok((SELECT count(*) FILTER (WHERE kind = 'shoes')::float8 / (SELECT count(*) FROM episode) FROM equipment_change) BETWEEN 0.15 AND 0.3,
  'shoe changes in about a quarter of the episodes');
SELECT is((SELECT count(*) FROM side_measure m JOIN episode e USING (clinic_id, episode_id)
            WHERE abs(m.limb_symmetry_index - (100 - e.quad_deficit_pct)) > 0.1), 0::bigint,
  'limb symmetry index = 100 - the intake quadriceps deficit');
SELECT * FROM finish();
ROLLBACK;
