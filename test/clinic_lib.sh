# Shared by the dump/restore and upgrade tests (test/shell): fill every
# knee_rehab table, and fingerprint tables, sequences, views and aggregates
# so two databases can be compared line by line.  Source after tap_lib.sh.
# SPDX-License-Identifier: GPL-3.0-or-later

# Every table the clinic writes, in foreign-key order.
KR_TABLES="patient episode knee_test load_session outcome_measure home_exercise home_exercise_log gait_assessment equipment_change side_measure risk_parameter"

# clinic_fill <db>: a simulated clinic (300 patients, seed 7) in every table,
# hand-written rows of a second clinic with edge values (NULLs, empty and
# full injury arrays, a strength session, item answers), and two clinic
# overrides of the risk model.  From 0.3.0 simulate_clinic comes with the
# extension knee_rehab_demo (installed here when it is missing); before, it
# was a member of knee_rehab itself.
clinic_fill() {
	if [ "$(q -d "$1" -c "SELECT to_regprocedure('knee_rehab.simulate_clinic(integer, integer)') IS NULL")" = t ]; then
		q -d "$1" -c "CREATE EXTENSION knee_rehab_demo" >/dev/null || return 1
	fi
	q -d "$1" >/dev/null <<'SQL'
SELECT knee_rehab.simulate_clinic(300, 7);
SET search_path = knee_rehab, pg_catalog;
INSERT INTO patient (clinic_id, external_ref, sex, birth_year, height_cm, weight_kg, foot, injuries)
VALUES ('c-hand', 'h1', 'female', 1990, 165, 58, 'flat', '{prior_pfps,acl_tear}'),
       ('c-hand', 'h2', NULL, NULL, NULL, NULL, NULL, '{}'),
       ('c-hand', NULL, 'unknown', 1960, 190, 95, 'pttd', NULL);
INSERT INTO episode (clinic_id, patient_id, side, symptom_onset, first_visit, quad_deficit_pct)
SELECT clinic_id, patient_id, 'left', date '2025-01-01' + (patient_id::int % 20), date '2025-03-01',
       CASE WHEN external_ref = 'h1' THEN 15 END
  FROM patient WHERE clinic_id = 'c-hand';
INSERT INTO knee_test (clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT e.clinic_id, e.episode_id, timestamptz '2025-03-01 09:00+00' + w * interval '7 days', t,
       CASE WHEN t = 'small_knee_bend' OR w % 2 = 0 THEN 10 + 4 * w END, greatest(0, 6 - w)
  FROM episode e, generate_series(0, 6) w, unnest(enum_range(NULL::provocation_test)) t
 WHERE e.clinic_id = 'c-hand';
INSERT INTO load_session (clinic_id, episode_id, session_date, kind, distance_km, sets, reps, load_kg, pain_during, pain_next_morning)
SELECT e.clinic_id, e.episode_id, date '2025-03-02' + d, CASE WHEN d % 3 = 0 THEN 'strength' ELSE 'run' END::session_kind,
       CASE WHEN d % 3 <> 0 THEN 2 + d * 0.25 END, CASE WHEN d % 3 = 0 THEN 3 END, CASE WHEN d % 3 = 0 THEN 12 END,
       CASE WHEN d % 3 = 0 THEN 20 END, d % 6, CASE WHEN d % 5 <> 0 THEN d % 4 END
  FROM episode e, generate_series(0, 20) d
 WHERE e.clinic_id = 'c-hand';
INSERT INTO outcome_measure (clinic_id, episode_id, measured_on, instrument, score, items)
SELECT e.clinic_id, e.episode_id, date '2025-03-01', 'akps', 60 + e.episode_id % 30, '{5,5,3,8,3,6,7,6,6,8,6,3,3}'
  FROM episode e WHERE e.clinic_id = 'c-hand';
INSERT INTO risk_parameter (parameter, value, note)
VALUES ('bmi_high', 1.3, 'clinic policy: weight BMI >= 30'),
       ('female', 2.0, 'clinic policy');
SQL
	# The records of 0.3.0 (issue 16), where the version has them.
	[ "$(q -d "$1" -c "SELECT to_regclass('knee_rehab.home_exercise') IS NOT NULL")" = t ] || return 0
	q -d "$1" >/dev/null <<'SQL'
SET search_path = knee_rehab, pg_catalog;
UPDATE episode SET working_diagnosis = 'patellofemoral_pain', therapist = 'th-1', usual_run_km = 8, usual_runs_per_week = 3
 WHERE clinic_id = 'c-hand';
INSERT INTO home_exercise (clinic_id, episode_id, exercise, exercise_name, side, sets, reps, hold_s, load_kg, lowering_s,
                           sessions_per_week, start_date, end_date)
SELECT e.clinic_id, e.episode_id, x.exercise, x.exercise_name, 'left', 3, x.reps, x.hold_s, x.load_kg, x.lowering_s, 3,
       date '2025-03-01', CASE WHEN x.exercise = 'other' THEN date '2025-04-01' END
  FROM episode e,
       (VALUES ('single_leg_box_sit', NULL, 6, NULL::float8, 0::float8, 3::float8),
               ('hamstring_stretch', NULL, NULL, 30, NULL, NULL),
               ('other', 'step-downs', 10, NULL, 5, NULL)) AS x(exercise, exercise_name, reps, hold_s, load_kg, lowering_s)
 WHERE e.clinic_id = 'c-hand';
INSERT INTO home_exercise_log (clinic_id, episode_id, exercise_id, done_on, sets_done, reps_done, load_kg_done, pain_during)
SELECT h.clinic_id, h.episode_id, h.exercise_id, h.start_date + 2 * d, 3, h.reps, h.load_kg, d % 3
  FROM home_exercise h, generate_series(0, 6) d WHERE h.clinic_id = 'c-hand';
INSERT INTO gait_assessment (clinic_id, episode_id, assessed_on, cadence_spm, hip_drop, knee_valgus, overstriding, heel_strike)
SELECT clinic_id, episode_id, date '2025-03-01', 160, 'right', 'left', 'both', NULL FROM episode WHERE clinic_id = 'c-hand'
UNION ALL
SELECT clinic_id, episode_id, date '2025-03-22', 171.5, 'none', 'none', 'none', 'none' FROM episode WHERE clinic_id = 'c-hand';
INSERT INTO equipment_change (clinic_id, episode_id, changed_on, kind, description, side)
SELECT clinic_id, episode_id, date '2025-03-08', 'shoes', 'lower heel drop', NULL FROM episode WHERE clinic_id = 'c-hand';
INSERT INTO side_measure (clinic_id, episode_id, measured_on, knee_extension_deficit_deg, quad_strength_involved, quad_strength_uninvolved)
SELECT clinic_id, episode_id, date '2025-03-01', 5, 170, 200 FROM episode WHERE clinic_id = 'c-hand';
UPDATE load_session SET pain_free = (pain_during = 0), duration_min = 30
 WHERE clinic_id = 'c-hand' AND kind = 'run';
UPDATE load_session SET pain_onset_min = 20 WHERE clinic_id = 'c-hand' AND kind = 'run' AND pain_during > 0;
SQL
}

# table_sigs <db>: per table "name count md5-of-rows" and per sequence
# "name last_value" (unused: never called), one line each.
table_sigs() {
	local t
	for t in $KR_TABLES risk_parameter_default; do
		# A table an older version does not have yet reads as empty.
		if [ "$(q -d "$1" -c "SELECT to_regclass('knee_rehab.$t') IS NULL")" = t ]; then
			echo "$t 0 -"
			continue
		fi
		# Trailing NULL columns are left out of a row's text: a column an
		# update appends (NULL in every old row) leaves the signature alone.
		q -d "$1" -c "SELECT '$t ' || count(*) || ' ' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '-')
		                FROM knee_rehab.$t x, LATERAL (SELECT pg_catalog.regexp_replace(x::text, ',+\)\$', ')') AS r) l"
	done
	# Sequences never called are left out (an older version may not have them yet).
	q -d "$1" -c "SELECT string_agg(sequencename || ' ' || last_value::text, E'\\n' ORDER BY sequencename)
	               FROM pg_catalog.pg_sequences WHERE schemaname = 'knee_rehab' AND last_value IS NOT NULL"
}

# view_names <db>: every view in schema knee_rehab.
view_names() {
	q -d "$1" -c "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class
	               WHERE relnamespace = 'knee_rehab'::regnamespace AND relkind IN ('v', 'm')"
}

# view_sig <db> <view>: row count and md5 of the rows ordered by all columns
# (the text form of a row orders it by its columns' text).
# Serial plans: a parallel aggregate adds floats in an order that varies
# from run to run, so the last bits of a least-squares column could differ
# between two databases holding the same rows.
view_sig() {
	PGOPTIONS="${PGOPTIONS:-} -c max_parallel_workers_per_gather=0" q -d "$1" -c "SELECT count(*) || ' ' || coalesce(md5(string_agg(v::text, '|' ORDER BY v::text)), '-')
	               FROM knee_rehab.$2 v"
}

# aggregate_sigs <db>: Kaplan-Meier over the cohort (recovery_km and
# recovery_km_summary of the state), load_pain_trend and knee_bend_progress
# per episode, as text.
aggregate_sigs() {
	PGOPTIONS="${PGOPTIONS:-} -c max_parallel_workers_per_gather=0" q -d "$1" <<'SQL'
SELECT 'recovery_km ' || knee_rehab.recovery_km(days_to_event, recovered)::text FROM knee_rehab.episode_outcome;
SELECT 'recovery_km_summary ' || knee_rehab.recovery_km_summary(knee_rehab.recovery_km_state(days_to_event, recovered))::text
  FROM knee_rehab.episode_outcome;
SELECT 'load_pain_trend ' || count(*) || ' ' || md5(string_agg(episode_id || ':' || t::text, '|' ORDER BY episode_id))
  FROM (SELECT episode_id, knee_rehab.load_pain_trend(distance_km, pain_during) AS t
          FROM knee_rehab.load_session WHERE kind = 'run' GROUP BY episode_id) s;
SELECT 'knee_bend_progress ' || count(*) || ' ' || md5(string_agg(episode_id || ':' || k::text, '|' ORDER BY episode_id))
  FROM (SELECT episode_id, knee_rehab.knee_bend_progress(tested_at, angle_deg, pain_nrs) AS k
          FROM knee_rehab.knee_test WHERE test = 'small_knee_bend' GROUP BY episode_id) s;
SQL
}
