-- Clinic access as the extension enforces it (issue 13, design notes §6):
-- grant_clinic_access / revoke_clinic_access, what a 'rows' role (a
-- clinician) sees and writes whatever its session SETs, SET ROLE within its
-- memberships and leaky functions in WHERE, and what an 'aggregates' role
-- (an analyst) and a registry role (clinic_id NULL) can read: no row, and no
-- cohort cell under min_cell_size, directly or by differencing any rows it
-- can read (every line, and every linear combination of lines).
--
-- Fixture: four clinics of 3, 4, 7 and 12 episodes (min_cell_size 5, so the
-- suppression of the small clinics cascades across cohorts and clinics),
-- every clinic numbering its patients, episodes, tests, sessions and
-- measures from 1: the ids collide in every table.
--
-- What a role sees is collected while the role is in effect (pg_temp
-- helpers granted to it, results in temp tables), and asserted afterwards
-- as the test's superuser (pgTAP's bookkeeping belongs to it).
BEGIN;
SET search_path = knee_rehab, public;
SET LOCAL client_min_messages = warning;
SET LOCAL knee_rehab.min_cell_size = 5;
SELECT plan(82);

-- ---------------------------------------------------------------- fixture

CREATE TEMP TABLE kr_ca_clinic (clinic_id text, n integer);
INSERT INTO kr_ca_clinic VALUES ('c3', 3), ('c4', 4), ('c7', 7), ('c12', 12);

-- Patient i of each clinic: male when i % 3 = 0; foot flat / neutral /
-- neutral / not recorded by i % 4; prior injury yes (i % 5 = 0), no (1, 2),
-- not recorded (3, 4); symptoms 13 i days before the first visit (up to 2
-- months for i <= 4).  Even i recover on day 5 i (all three tests pain-free,
-- knee bend 40 degrees); odd i have one painful test on day 3 and a run on
-- day i + 1 (censored).
INSERT INTO patient (patient_id, clinic_id, sex, foot, injuries, weight_kg, height_cm)
SELECT i, c.clinic_id, CASE WHEN i % 3 = 0 THEN 'male' ELSE 'female' END::sex,
       (ARRAY['flat', 'neutral', 'neutral', NULL])[i % 4 + 1]::foot_type,
       CASE WHEN i % 5 = 0 THEN '{prior_pfps}' WHEN i % 5 IN (1, 2) THEN '{}' END::knee_injury[],
       60 + i, 170
  FROM kr_ca_clinic c, generate_series(1, c.n) i;
-- Usual pre-injury run of 5 km for i % 3 <> 0 (the return_to_run
-- definition counts only those: its cells are smaller).
INSERT INTO episode (episode_id, clinic_id, patient_id, symptom_onset, first_visit, usual_run_km)
SELECT i, c.clinic_id, i, date '2026-01-01' - 13 * i, date '2026-01-01', CASE WHEN i % 3 <> 0 THEN 5 END
  FROM kr_ca_clinic c, generate_series(1, c.n) i;
INSERT INTO knee_test (test_id, clinic_id, episode_id, tested_at, test, angle_deg, pain_nrs)
SELECT row_number() OVER (PARTITION BY c.clinic_id ORDER BY i, t), c.clinic_id, i,
       timestamptz '2026-01-01 12:00+00' + CASE WHEN i % 2 = 0 THEN 5 * i ELSE 3 END * interval '1 day',
       t, CASE WHEN t = 'small_knee_bend' THEN 40 END, CASE WHEN i % 2 = 0 THEN 0 ELSE 5 END
  FROM kr_ca_clinic c, generate_series(1, c.n) i, unnest(enum_range(NULL::provocation_test)) t;
INSERT INTO load_session (session_id, clinic_id, episode_id, session_date, kind, distance_km, pain_during)
SELECT i, c.clinic_id, i, date '2026-01-01' + i + 1, 'run', 3 + i, i % 4
  FROM kr_ca_clinic c, generate_series(1, c.n) i;
INSERT INTO outcome_measure (measure_id, clinic_id, episode_id, measured_on, instrument, score)
SELECT 2 * i - 1 + w, c.clinic_id, i, date '2026-01-01' + 20 * w, 'nrs_pain', CASE WHEN w = 0 THEN 6 ELSE 6 - i % 5 END
  FROM kr_ca_clinic c, generate_series(1, c.n) i, generate_series(0, 1) w;

-- Rows written without ids take them from the identity sequences, which
-- number across the database: start them beyond the clinics' own ids.
SELECT setval(clinic_table_sequence(t), 1000) FROM unnest(ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure']) t;

SELECT results_eq($$ SELECT clinic_id, count(*) FROM episode GROUP BY 1 ORDER BY 1 $$,
                  $$ VALUES ('c12', 12::bigint), ('c3', 3), ('c4', 4), ('c7', 7) $$,
                  'fixture: four clinics of 12, 3, 4 and 7 episodes');
SELECT is((SELECT count(DISTINCT x) FROM (SELECT test_id FROM knee_test UNION ALL SELECT session_id FROM load_session
                                            UNION ALL SELECT measure_id FROM outcome_measure UNION ALL SELECT patient_id FROM patient) s(x)
            WHERE x = 1), 1::bigint,
          'fixture: id 1 exists in every clinic of every table (ids collide)');

-- ---------------------------------------------------------------- roles

CREATE ROLE kr_ca_rows_c7;                        -- clinician role of clinic c7
CREATE ROLE kr_ca_rows_c12;                       -- clinician role of clinic c12
CREATE ROLE kr_ca_login LOGIN IN ROLE kr_ca_rows_c7;              -- a person, INHERIT (default)
CREATE ROLE kr_ca_noinh LOGIN NOINHERIT IN ROLE kr_ca_rows_c7;    -- a person, NOINHERIT
CREATE ROLE kr_ca_agg;                            -- analyst of the four clinics
CREATE ROLE kr_ca_agg_c7;                         -- analyst of clinic c7 only
CREATE ROLE kr_ca_reg;                            -- registry analyst (every clinic)
CREATE ROLE kr_ca_reg_member IN ROLE kr_ca_reg;   -- inherits the registry's access
CREATE ROLE kr_ca_nobody;                         -- no access at all
CREATE ROLE kr_ca_plain LOGIN;                    -- for grant/revoke checks

SELECT grant_clinic_access('kr_ca_rows_c7', 'c7', 'rows');
SELECT grant_clinic_access('kr_ca_rows_c12', 'c12', 'rows');
SELECT grant_clinic_access('kr_ca_agg', c, 'aggregates') FROM unnest(ARRAY['c3', 'c4', 'c7', 'c12']) c;
SELECT grant_clinic_access('kr_ca_agg_c7', 'c7', 'aggregates');
SELECT grant_clinic_access('kr_ca_reg', NULL, 'aggregates');

SELECT results_eq($$ SELECT role_name::text COLLATE "default", coalesce(clinic_id, '(every)'), level FROM clinic_access
                      WHERE role_name::text LIKE 'kr_ca_%' ORDER BY 1, 2 $$,
  $$ VALUES ('kr_ca_agg', 'c12', 'aggregates'), ('kr_ca_agg', 'c3', 'aggregates'), ('kr_ca_agg', 'c4', 'aggregates'),
            ('kr_ca_agg', 'c7', 'aggregates'), ('kr_ca_agg_c7', 'c7', 'aggregates'), ('kr_ca_reg', '(every)', 'aggregates'),
            ('kr_ca_rows_c12', 'c12', 'rows'), ('kr_ca_rows_c7', 'c7', 'rows') $$,
  'clinic_access lists who may see what (SELECT * FROM knee_rehab.clinic_access)');

-- ---------------------------------------------------------------- helpers (run as the role in effect)

-- What the current role sees in every table and row-level view: per object
-- the clinics, the row count and an md5 of the rows (ordered by their text),
-- or 'denied'.
CREATE TEMP TABLE kr_ca_seen (label text, obj text, clinics text, n bigint, md5 text);
CREATE TEMP TABLE kr_ca_did (label text, result text);
GRANT INSERT, SELECT ON kr_ca_seen, kr_ca_did TO PUBLIC;
CREATE FUNCTION pg_temp.kr_ca_snap(label text, only_clinic text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  o text;
BEGIN
  FOREACH o IN ARRAY ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure',
                           'episode_outcome', 'load_monitoring'] LOOP
    BEGIN
      EXECUTE format($q$INSERT INTO pg_temp.kr_ca_seen
        SELECT %L, %L, coalesce(string_agg(DISTINCT x.clinic_id, ','), '-'), count(*),
               coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-')
          FROM knee_rehab.%I x WHERE %L IS NULL OR x.clinic_id = %L$q$, label, o, o, only_clinic, only_clinic);
    EXCEPTION WHEN insufficient_privilege THEN
      INSERT INTO pg_temp.kr_ca_seen VALUES (label, o, 'denied', NULL, NULL);
    END;
  END LOOP;
END $$;
-- Run one statement as the role in effect: 'ok <rows>' or its SQLSTATE.
CREATE FUNCTION pg_temp.kr_ca_try(label text, stmt text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
  r text;
BEGIN
  BEGIN
    EXECUTE stmt;
    GET DIAGNOSTICS n = ROW_COUNT;
    r := 'ok ' || n;
  EXCEPTION WHEN OTHERS THEN
    r := SQLSTATE;
  END;
  INSERT INTO pg_temp.kr_ca_did VALUES (label, r);
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.kr_ca_snap(text, text), pg_temp.kr_ca_try(text, text) TO PUBLIC;
CREATE FUNCTION pg_temp.kr_ca_did(l text) RETURNS text LANGUAGE sql AS
  $$ SELECT string_agg(result, ',') FROM pg_temp.kr_ca_did WHERE label = l $$;

-- The truth for clinic c7, as the superuser (who sees every row).
SELECT pg_temp.kr_ca_snap('truth c7', 'c7');

-- A schema where the clinician may create functions, and a call log any
-- role may write: the leaky function records every value it is shown.
CREATE SCHEMA kr_ca_leaky;
GRANT USAGE, CREATE ON SCHEMA kr_ca_leaky TO kr_ca_login, kr_ca_agg;
CREATE TABLE kr_ca_leaky.calls (who text, clinic_id text, val text);
GRANT INSERT ON kr_ca_leaky.calls TO PUBLIC;

-- ---------------------------------------------------------------- the clinician ('rows', clinic c7)

SET SESSION AUTHORIZATION kr_ca_login;
-- Settings: 0.2.0's recipe key, look-alike extension keys, row security off.
SELECT pg_temp.kr_ca_try('set app', $$SET app.clinic_id = 'c12'$$);
SELECT pg_temp.kr_ca_try('set app', $$SELECT set_config('app.clinic_id', 'c12', false)$$);
SELECT pg_temp.kr_ca_try('set kr', $$SET knee_rehab.clinic_id = 'c12'$$);
SELECT pg_temp.kr_ca_try('set kr', $$SET knee_rehab.min_cell_size = 1$$);
SELECT pg_temp.kr_ca_try('set kr', $$SET knee_rehab.allow_drop_with_data = on$$);
SELECT pg_temp.kr_ca_snap('login after SETs');
-- Role tricks: a role it is not a member of, through SET ROLE and set_config.
SELECT pg_temp.kr_ca_try('set role', $$SET ROLE kr_ca_rows_c12$$);
SELECT pg_temp.kr_ca_try('set role', $$SELECT set_config('role', 'kr_ca_rows_c12', false)$$);
SELECT pg_temp.kr_ca_try('set role', $$SET ROLE kr_ca_reg$$);
SELECT pg_temp.kr_ca_try('set role', $$SET ROLE postgres$$);
SELECT pg_temp.kr_ca_snap('login after SET ROLE tricks');
-- SET ROLE within its memberships: the clinic role itself.
SELECT pg_temp.kr_ca_try('set own role', $$SET ROLE kr_ca_rows_c7$$);
SELECT pg_temp.kr_ca_snap('login as kr_ca_rows_c7');
SELECT pg_temp.kr_ca_try('set own role', $$SET ROLE NONE$$);
-- Row security off: PostgreSQL refuses the query instead of showing more.
SELECT pg_temp.kr_ca_try('row_security off', $$SET row_security = off$$);
SELECT pg_temp.kr_ca_try('row_security off', $$SELECT count(*) FROM knee_rehab.patient$$);
SELECT pg_temp.kr_ca_try('row_security off', $$SELECT count(*) FROM knee_rehab.episode_outcome$$);
SELECT pg_temp.kr_ca_try('row_security off', $$RESET row_security$$);

-- A leaky function owned by the clinician (SECURITY INVOKER, very cheap so
-- the planner would like to run it early): it logs and NOTICEs every value
-- it sees.  PostgreSQL runs it only on rows the policies let through.
CREATE FUNCTION kr_ca_leaky.peek(clinic text, val text) RETURNS boolean
  LANGUAGE plpgsql COST 0.0000001 SECURITY INVOKER AS $$
BEGIN
  INSERT INTO kr_ca_leaky.calls VALUES (current_user, clinic, val);
  RAISE NOTICE 'peek: % %', clinic, val;
  RETURN true;
END $$;
SELECT count(*) FROM knee_rehab.patient WHERE kr_ca_leaky.peek(clinic_id, weight_kg::text);
SELECT count(*) FROM knee_rehab.patient WHERE clinic_id = 'c12' AND kr_ca_leaky.peek(clinic_id, weight_kg::text);
SELECT count(*) FROM knee_rehab.patient WHERE patient_id = 1 AND kr_ca_leaky.peek(clinic_id, sex::text);
SELECT count(*) FROM knee_rehab.episode WHERE kr_ca_leaky.peek(clinic_id, symptom_onset::text);
SELECT count(*) FROM knee_rehab.knee_test WHERE kr_ca_leaky.peek(clinic_id, pain_nrs::text);
SELECT count(*) FROM knee_rehab.load_session WHERE kr_ca_leaky.peek(clinic_id, distance_km::text);
SELECT count(*) FROM knee_rehab.outcome_measure WHERE kr_ca_leaky.peek(clinic_id, score::text);
SELECT count(*) FROM knee_rehab.episode_outcome WHERE kr_ca_leaky.peek(clinic_id, days_to_event::text);
SELECT count(*) FROM knee_rehab.episode_outcome WHERE clinic_id = 'c12' AND kr_ca_leaky.peek(clinic_id, recovered::text);
SELECT count(*) FROM knee_rehab.load_monitoring WHERE kr_ca_leaky.peek(clinic_id, day::text);
SELECT count(*) FROM knee_rehab.cohort_recovery WHERE kr_ca_leaky.peek(coalesce(clinic_id, 'ALL'), episodes::text);

-- Writing: its own clinic yes; another clinic's rows are out of reach, and
-- a row moved or written into another clinic fails WITH CHECK (42501).
SELECT pg_temp.kr_ca_try('insert own', $$INSERT INTO knee_rehab.patient (patient_id, clinic_id, sex) VALUES (100, 'c7', 'female')$$);
SELECT pg_temp.kr_ca_try('insert own', $$INSERT INTO knee_rehab.episode (episode_id, clinic_id, patient_id, first_visit) VALUES (100, 'c7', 100, '2026-02-01')$$);
SELECT pg_temp.kr_ca_try('insert own', $$INSERT INTO knee_rehab.knee_test (clinic_id, episode_id, tested_at, test, pain_nrs) VALUES ('c7', 100, '2026-02-01 10:00+00', 'heel_on_squat', 2) RETURNING 1$$);
SELECT pg_temp.kr_ca_try('insert own', $$INSERT INTO knee_rehab.load_session (clinic_id, episode_id, session_date, kind, distance_km) VALUES ('c7', 100, '2026-02-02', 'run', 5)$$);
SELECT pg_temp.kr_ca_try('insert own', $$INSERT INTO knee_rehab.outcome_measure (clinic_id, episode_id, measured_on, instrument, score) VALUES ('c7', 100, '2026-02-01', 'nrs_pain', 4)$$);
SELECT pg_temp.kr_ca_try('update own', $$UPDATE knee_rehab.patient SET weight_kg = 71 WHERE patient_id = 100$$);
SELECT pg_temp.kr_ca_try('insert other', $$INSERT INTO knee_rehab.patient (patient_id, clinic_id) VALUES (100, 'c12')$$);
SELECT pg_temp.kr_ca_try('insert other', $$INSERT INTO knee_rehab.episode (episode_id, clinic_id, patient_id, first_visit) VALUES (100, 'c12', 1, '2026-02-01')$$);
SELECT pg_temp.kr_ca_try('insert other', $$INSERT INTO knee_rehab.knee_test (test_id, clinic_id, episode_id, tested_at, test, pain_nrs) VALUES (100, 'c12', 1, '2026-02-01 10:00+00', 'heel_on_squat', 2)$$);
SELECT pg_temp.kr_ca_try('insert other', $$INSERT INTO knee_rehab.load_session (session_id, clinic_id, episode_id, session_date, kind, distance_km) VALUES (100, 'c12', 1, '2026-02-02', 'run', 5)$$);
SELECT pg_temp.kr_ca_try('insert other', $$INSERT INTO knee_rehab.outcome_measure (measure_id, clinic_id, episode_id, measured_on, instrument, score) VALUES (100, 'c12', 1, '2026-02-01', 'nrs_pain', 4)$$);
SELECT pg_temp.kr_ca_try('move to other', $$UPDATE knee_rehab.patient SET clinic_id = 'c12' WHERE patient_id = 100$$);
SELECT pg_temp.kr_ca_try('touch other', $$UPDATE knee_rehab.patient SET weight_kg = 99 WHERE clinic_id = 'c12'$$);
SELECT pg_temp.kr_ca_try('touch other', $$UPDATE knee_rehab.knee_test SET pain_nrs = 9 WHERE clinic_id <> 'c7'$$);
SELECT pg_temp.kr_ca_try('touch other', $$DELETE FROM knee_rehab.patient WHERE clinic_id = 'c12'$$);
SELECT pg_temp.kr_ca_try('touch other', $$DELETE FROM knee_rehab.outcome_measure WHERE clinic_id <> 'c7'$$);
SELECT pg_temp.kr_ca_try('own access only', $$SELECT 1 FROM knee_rehab.clinic_access$$);
SELECT pg_temp.kr_ca_try('grant', $$SELECT knee_rehab.grant_clinic_access('kr_ca_login', 'c12', 'rows')$$);
SELECT pg_temp.kr_ca_try('grant', $$SELECT knee_rehab.revoke_clinic_access('kr_ca_rows_c7', 'c7')$$);
SELECT pg_temp.kr_ca_try('grant', $$INSERT INTO knee_rehab.clinic_access (role_name, clinic_id, level) VALUES ('kr_ca_login', 'c12', 'rows')$$);
SELECT pg_temp.kr_ca_try('grant', $$UPDATE knee_rehab.clinic_access SET clinic_id = 'c12'$$);
RESET SESSION AUTHORIZATION;

SELECT is(pg_temp.kr_ca_did('set app'), 'ok 0,ok 1', 'the clinician may SET app.clinic_id (a plain setting) ...');
SELECT is(pg_temp.kr_ca_did('set kr'), '42602,42501,42501',
          '... but no knee_rehab.* setting: unknown ones are reserved (42602), min_cell_size and allow_drop_with_data are superuser-only (42501)');
SELECT results_eq($$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'login after SETs' ORDER BY obj $$,
                  $$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'truth c7' ORDER BY obj $$,
                  'after SET app.clinic_id = c12: the clinician sees exactly clinic c7''s rows in every table, episode_outcome and load_monitoring');
SELECT is((SELECT min(n) FROM kr_ca_seen WHERE label = 'truth c7'), 7::bigint,
          'clinic c7''s rows in each table and view number at least 7 (the comparison is not of empty sets)');
SELECT is(pg_temp.kr_ca_did('set role'), '42501,42501,42501,42501',
          'SET ROLE / set_config(''role'') to a role it is not a member of (another clinic, the registry, the superuser) is refused (42501)');
SELECT results_eq($$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'login after SET ROLE tricks' ORDER BY obj $$,
                  $$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'truth c7' ORDER BY obj $$,
                  'after the refused SET ROLEs: still exactly clinic c7');
SELECT is(pg_temp.kr_ca_did('set own role'), 'ok 0,ok 0', 'SET ROLE to its own clinic role (a membership) works, and back');
SELECT results_eq($$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'login as kr_ca_rows_c7' ORDER BY obj $$,
                  $$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'truth c7' ORDER BY obj $$,
                  'as kr_ca_rows_c7 through SET ROLE: exactly clinic c7');
SELECT is(pg_temp.kr_ca_did('row_security off'), 'ok 0,42501,42501,ok 0',
          'SET row_security = off: a query the policies would filter is refused (42501), never unfiltered');

SELECT ok((SELECT count(*) FROM kr_ca_leaky.calls) >= 7 * 8,
          'the leaky function was called (on every table and view: ' || (SELECT count(*) FROM kr_ca_leaky.calls) || ' calls)');
SELECT is((SELECT string_agg(DISTINCT clinic_id, ',') FROM kr_ca_leaky.calls), 'ALL,c7',
          'the leaky function (SECURITY INVOKER, cost 1e-7, owned by the clinician) never saw a row of another clinic, even with WHERE clinic_id = ''c12''');
SELECT is((SELECT string_agg(DISTINCT who, ',') FROM kr_ca_leaky.calls), 'kr_ca_login', 'it ran as the clinician');
SELECT is((SELECT proowner::regrole::text || ' ' || prosecdef FROM pg_proc WHERE oid = 'kr_ca_leaky.peek(text, text)'::regprocedure),
          'kr_ca_login false', 'the leaky function is the clinician''s own, SECURITY INVOKER');

SELECT is(pg_temp.kr_ca_did('insert own'), 'ok 1,ok 1,ok 1,ok 1,ok 1',
          'the clinician inserts into every table of its own clinic (ids from the identity sequences where none given)');
SELECT is(pg_temp.kr_ca_did('update own'), 'ok 1', 'and updates its own rows');
SELECT is(pg_temp.kr_ca_did('insert other'), '42501,42501,42501,42501,42501',
          'an INSERT into another clinic fails WITH CHECK in every table (42501)');
SELECT is(pg_temp.kr_ca_did('move to other'), '42501', 'moving its row to another clinic fails WITH CHECK (42501)');
SELECT is(pg_temp.kr_ca_did('touch other'), 'ok 0,ok 0,ok 0,ok 0',
          'UPDATE / DELETE of another clinic''s rows finds no row');
SELECT results_eq($$ SELECT 'patient', clinic_id FROM patient WHERE patient_id = 100
                     UNION ALL SELECT 'episode', clinic_id FROM episode WHERE episode_id = 100
                     UNION ALL SELECT 'knee_test', clinic_id FROM knee_test WHERE test_id > 1000
                     UNION ALL SELECT 'load_session', clinic_id FROM load_session WHERE session_id > 1000
                     UNION ALL SELECT 'outcome_measure', clinic_id FROM outcome_measure WHERE measure_id > 1000 $$,
                  $$ VALUES ('patient', 'c7'), ('episode', 'c7'), ('knee_test', 'c7'), ('load_session', 'c7'), ('outcome_measure', 'c7') $$,
                  'the clinician''s writes landed in clinic c7 only, one row per table');
SELECT results_eq($$ SELECT clinic_id, count(*), sum(weight_kg) FROM patient WHERE clinic_id <> 'c7' GROUP BY 1 ORDER BY 1 $$,
                  $$ VALUES ('c12', 12::bigint, 12 * 60 + 78::float8), ('c3', 3, 3 * 60 + 6), ('c4', 4, 4 * 60 + 10) $$,
                  'the other clinics'' patients are unchanged (count and weights)');
SELECT is((SELECT count(*) FROM knee_test WHERE clinic_id <> 'c7' AND pain_nrs = 9), 0::bigint, 'no other clinic''s test was touched');
SELECT is(pg_temp.kr_ca_did('own access only'), 'ok 1', 'the clinician reads only its own access row(s) in clinic_access (1 row, inherited from kr_ca_rows_c7)');
SELECT is(pg_temp.kr_ca_did('grant'), '42501,42501,42501,42501',
          'a non-superuser cannot call grant_clinic_access / revoke_clinic_access, nor write clinic_access (42501)');
DELETE FROM episode WHERE episode_id = 100;
DELETE FROM patient WHERE patient_id = 100;

-- NOINHERIT: the membership gives nothing until SET ROLE.
SET SESSION AUTHORIZATION kr_ca_noinh;
SELECT pg_temp.kr_ca_snap('noinherit');
SELECT pg_temp.kr_ca_try('noinherit set role', $$SET ROLE kr_ca_rows_c7$$);
SELECT pg_temp.kr_ca_snap('noinherit as kr_ca_rows_c7');
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT string_agg(DISTINCT clinics, ',') FROM kr_ca_seen WHERE label = 'noinherit'), 'denied',
          'a NOINHERIT member of the clinic role holds neither its table privileges nor its clinic (every table and view refused)');
SELECT results_eq($$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'noinherit as kr_ca_rows_c7' ORDER BY obj $$,
                  $$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'truth c7' ORDER BY obj $$,
                  'after SET ROLE kr_ca_rows_c7 it sees exactly clinic c7');

-- ---------------------------------------------------------------- analysts ('aggregates') and the registry

-- kr_ca_cr: the tests definition's rows (the checks below); kr_ca_cr_all:
-- every definition's (suppression per definition, at the end).
CREATE TEMP TABLE kr_ca_cr AS SELECT ''::text AS who, * FROM cohort_recovery WHERE false;
CREATE TEMP TABLE kr_ca_cr_all AS SELECT ''::text AS who, * FROM cohort_recovery WHERE false;
CREATE TEMP TABLE kr_ca_curve AS SELECT ''::text AS who, * FROM cohort_recovery_curve WHERE false;
CREATE TEMP TABLE kr_ca_vis (who text, clinics text[]);
GRANT INSERT ON kr_ca_cr, kr_ca_cr_all, kr_ca_curve, kr_ca_vis TO PUBLIC;
CREATE FUNCTION pg_temp.kr_ca_analyst(who text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_temp.kr_ca_snap(who);
  PERFORM pg_temp.kr_ca_try(who || ' internal', 'SELECT 1 FROM knee_rehab.cohort_recovery_state');
  PERFORM pg_temp.kr_ca_try(who || ' internal', 'SELECT 1 FROM knee_rehab.episode_outcome_all');
  INSERT INTO pg_temp.kr_ca_cr_all SELECT who, * FROM knee_rehab.cohort_recovery;
  INSERT INTO pg_temp.kr_ca_cr SELECT who, * FROM knee_rehab.cohort_recovery WHERE definition = 'tests';
  INSERT INTO pg_temp.kr_ca_curve SELECT who, * FROM knee_rehab.cohort_recovery_curve WHERE definition = 'tests';
  INSERT INTO pg_temp.kr_ca_vis VALUES (who, knee_rehab.visible_clinics());
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.kr_ca_analyst(text) TO PUBLIC;

SET LOCAL ROLE kr_ca_agg;
SELECT pg_temp.kr_ca_analyst('kr_ca_agg');
-- Its own leaky function on the cohort views (security_barrier): it sees
-- only what the view shows.
CREATE FUNCTION kr_ca_leaky.peek_agg(clinic text, val text) RETURNS boolean
  LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
  INSERT INTO kr_ca_leaky.calls VALUES (current_user, clinic, val);
  RETURN true;
END $$;
SELECT count(*) FROM knee_rehab.cohort_recovery WHERE kr_ca_leaky.peek_agg(coalesce(clinic_id, 'ALL'), coalesce(episodes::text, 'NULL'));
SELECT count(*) FROM knee_rehab.cohort_recovery_curve WHERE kr_ca_leaky.peek_agg(coalesce(clinic_id, 'ALL'), at_risk::text);
RESET ROLE;
SET LOCAL ROLE kr_ca_agg_c7;
SELECT pg_temp.kr_ca_analyst('kr_ca_agg_c7');
RESET ROLE;
SET LOCAL ROLE kr_ca_reg;
SELECT pg_temp.kr_ca_analyst('kr_ca_reg');
RESET ROLE;
SET LOCAL ROLE kr_ca_reg_member;
SELECT pg_temp.kr_ca_analyst('kr_ca_reg_member');
RESET ROLE;
SET LOCAL ROLE kr_ca_nobody;
SELECT pg_temp.kr_ca_analyst('kr_ca_nobody');
RESET ROLE;

SELECT is((SELECT string_agg(DISTINCT coalesce(clinics, 'EMPTY:' || n), ',') FROM kr_ca_seen
            WHERE label IN ('kr_ca_agg', 'kr_ca_agg_c7', 'kr_ca_reg', 'kr_ca_reg_member', 'kr_ca_nobody')), 'denied',
          'analysts, registry and a role without access: every table, episode_outcome and load_monitoring refused (42501)');
SELECT is((SELECT string_agg(result, ',') FROM kr_ca_did WHERE label LIKE '% internal'), repeat('42501,', 9) || '42501',
          'cohort_recovery_state and episode_outcome_all (owner''s rights, unsuppressed) are refused to every analyst');
SELECT results_eq($$ SELECT who, clinics FROM kr_ca_vis ORDER BY who $$,
  $$ VALUES ('kr_ca_agg', ARRAY['c12', 'c3', 'c4', 'c7']), ('kr_ca_agg_c7', ARRAY['c7']), ('kr_ca_nobody', '{}'::text[]),
            ('kr_ca_reg', ARRAY[NULL::text]), ('kr_ca_reg_member', ARRAY[NULL::text]) $$,
  'visible_clinics(): the analyst''s clinics, the registry''s (and its member''s) every clinic (NULL), nothing for others');
SELECT is((SELECT count(*) FROM kr_ca_cr WHERE who = 'kr_ca_nobody') + (SELECT count(*) FROM kr_ca_curve WHERE who = 'kr_ca_nobody'),
          0::bigint, 'a role without access gets no cohort row and no curve');
SELECT results_eq($$ SELECT DISTINCT coalesce(clinic_id, 'ALL') FROM kr_ca_cr WHERE who = 'kr_ca_agg_c7' ORDER BY 1 $$,
                  $$ VALUES ('ALL'), ('c7') $$, 'the analyst of clinic c7 sees clinic c7 and its cross-clinic rows only');
SELECT is_empty($$ SELECT dimension, cohort, episodes FROM kr_ca_cr WHERE who = 'kr_ca_agg_c7' AND all_clinics
                   EXCEPT SELECT dimension, cohort, episodes FROM kr_ca_cr WHERE who = 'kr_ca_agg_c7' AND NOT all_clinics $$,
                'its cross-clinic rows are clinic c7''s (nothing of another clinic leaks into them)');
SELECT results_eq($$ SELECT DISTINCT coalesce(clinic_id, 'ALL') FROM kr_ca_cr WHERE who = 'kr_ca_agg' ORDER BY 1 $$,
                  $$ VALUES ('ALL'), ('c12'), ('c3'), ('c4'), ('c7') $$, 'the analyst of the four clinics sees each of them and the cross-clinic rows');
SELECT is_empty($$ (SELECT clinic_id, all_clinics, dimension, cohort, is_total, suppressed, episodes, recovered, median_days
                      FROM kr_ca_cr WHERE who = 'kr_ca_agg' EXCEPT
                    SELECT clinic_id, all_clinics, dimension, cohort, is_total, suppressed, episodes, recovered, median_days
                      FROM kr_ca_cr WHERE who IN ('kr_ca_reg', 'kr_ca_reg_member'))
                   UNION ALL
                   (SELECT clinic_id, all_clinics, dimension, cohort, is_total, suppressed, episodes, recovered, median_days
                      FROM kr_ca_cr WHERE who IN ('kr_ca_reg', 'kr_ca_reg_member') EXCEPT
                    SELECT clinic_id, all_clinics, dimension, cohort, is_total, suppressed, episodes, recovered, median_days
                      FROM kr_ca_cr WHERE who = 'kr_ca_agg') $$,
                'the registry role (clinic NULL) and its member see the same rows as the analyst granted the four clinics one by one');

-- The truth, from episode_outcome as the superuser: every cell (clinic or
-- all clinics x dimension x cohort, and the totals) with its episode count.
CREATE TEMP TABLE kr_ca_truth AS
WITH eo AS (
  SELECT clinic_id, risk_tier::text AS risk_tier, sex::text AS sex, foot::text AS foot_type,
         CASE prior_injury WHEN true THEN 'yes' WHEN false THEN 'no' END AS prior_injury, symptom_duration
    FROM episode_outcome),
long AS (
  SELECT clinic_id, d, coalesce(v, 'not recorded') AS cohort
    FROM eo CROSS JOIN LATERAL (VALUES ('risk_tier', risk_tier), ('sex', sex), ('foot_type', foot_type),
                                        ('prior_injury', prior_injury), ('symptom_duration', symptom_duration)) x(d, v))
SELECT false AS all_clinics, clinic_id, d AS dimension, cohort, false AS is_total, count(*) AS episodes FROM long GROUP BY 2, 3, 4
UNION ALL SELECT true, NULL, d, cohort, false, count(*) FROM long GROUP BY 3, 4
UNION ALL SELECT false, clinic_id, d, 'all', true, count(*) FROM long GROUP BY 2, 3
UNION ALL SELECT true, NULL, d, 'all', true, count(*) FROM long GROUP BY 3;

SELECT is_empty($$ (SELECT all_clinics, clinic_id, dimension, cohort, is_total FROM kr_ca_cr WHERE who = 'kr_ca_agg'
                    EXCEPT SELECT all_clinics, clinic_id, dimension, cohort, is_total FROM kr_ca_truth)
                   UNION ALL
                   (SELECT all_clinics, clinic_id, dimension, cohort, is_total FROM kr_ca_truth
                    EXCEPT SELECT all_clinics, clinic_id, dimension, cohort, is_total FROM kr_ca_cr WHERE who = 'kr_ca_agg') $$,
                'the analyst gets one row per cell of the truth (every clinic, dimension and cohort, totals, cross-clinic)');
SELECT is_empty($$ SELECT c.clinic_id, c.dimension, c.cohort, c.episodes, t.episodes FROM kr_ca_cr c
                     JOIN kr_ca_truth t USING (all_clinics, dimension, cohort, is_total)
                    WHERE c.who = 'kr_ca_agg' AND c.clinic_id IS NOT DISTINCT FROM t.clinic_id
                      AND NOT c.suppressed AND c.episodes <> t.episodes $$,
                'every shown cell''s episode count equals the count from episode_outcome');
SELECT is_empty($$ SELECT * FROM kr_ca_cr WHERE who <> 'kr_ca_nobody'
                    AND (NOT suppressed AND episodes < 5
                         OR suppressed AND num_nulls(episodes, recovered, median_days, median_ci_low, median_ci_high,
                                                     recovered_by_6wk, recovered_by_12wk, akps_responder_share, mean_nrs_change) < 9
                         OR NOT suppressed AND episodes IS NULL) $$,
                'no cell any analyst can see has fewer than min_cell_size (5) episodes; suppressed cells show only NULL figures');
SELECT is((SELECT count(*) FROM kr_ca_cr c JOIN kr_ca_truth t USING (all_clinics, dimension, cohort, is_total)
            WHERE c.who = 'kr_ca_agg' AND c.clinic_id IS NOT DISTINCT FROM t.clinic_id AND c.suppressed AND t.episodes >= 5) > 0
          AND (SELECT count(*) FROM kr_ca_cr WHERE who = 'kr_ca_agg' AND suppressed) > 0
          AND (SELECT count(*) FROM kr_ca_cr WHERE who = 'kr_ca_agg' AND NOT suppressed) > 0, true,
          'the fixture exercises complementary suppression (cells of 5 or more suppressed to protect smaller ones; some cells shown)');
SELECT results_eq($$ SELECT clinic_id, suppressed FROM kr_ca_cr WHERE who = 'kr_ca_agg' AND is_total AND dimension = 'sex' ORDER BY all_clinics, clinic_id $$,
                  $$ VALUES ('c12', false), ('c3', true), ('c4', true), ('c7', false), (NULL, false) $$,
                  'clinic totals: c3 (3) and c4 (4) suppressed, c7 and c12 and the cross-clinic total (26) shown (3 + 4 = 7 >= 5 hidden)');

-- Differencing, line by line, for every role's rows: a line is a set of
-- shown-or-suppressed cells adding up to a total - a clinic's cohorts of one
-- dimension to the clinic's total; a cohort's per-clinic cells to its
-- cross-clinic cell; the clinic totals to the cross-clinic total.  Where the
-- total is shown, total - sum(shown parts) must be 0 or >= 5, and the line
-- must not hold exactly one suppressed part; where it is suppressed, a part
-- must be suppressed too (else the parts add up to it).
CREATE TEMP VIEW kr_ca_lines AS
SELECT who, 'row ' || coalesce(clinic_id, 'ALL') || ' ' || dimension AS line,
       max(episodes) FILTER (WHERE is_total) AS total, bool_or(suppressed AND is_total) AS total_suppressed,
       coalesce(sum(episodes) FILTER (WHERE NOT is_total), 0) AS shown_parts,
       count(*) FILTER (WHERE suppressed AND NOT is_total) AS suppressed_parts
  FROM kr_ca_cr GROUP BY who, clinic_id, dimension
UNION ALL
SELECT who, 'column ' || dimension || ' ' || cohort,
       max(episodes) FILTER (WHERE all_clinics), bool_or(suppressed AND all_clinics),
       coalesce(sum(episodes) FILTER (WHERE NOT all_clinics), 0), count(*) FILTER (WHERE suppressed AND NOT all_clinics)
  FROM kr_ca_cr WHERE NOT is_total GROUP BY who, dimension, cohort
UNION ALL
SELECT who, 'column totals ' || dimension,
       max(episodes) FILTER (WHERE all_clinics), bool_or(suppressed AND all_clinics),
       coalesce(sum(episodes) FILTER (WHERE NOT all_clinics), 0), count(*) FILTER (WHERE suppressed AND NOT all_clinics)
  FROM kr_ca_cr WHERE is_total GROUP BY who, dimension;
SELECT ok((SELECT count(*) FROM kr_ca_lines WHERE who = 'kr_ca_agg') >= 40,
          'differencing: ' || (SELECT count(*) FROM kr_ca_lines WHERE who = 'kr_ca_agg') || ' lines for the four-clinic analyst');
SELECT is_empty($$ SELECT who, line, total, shown_parts FROM kr_ca_lines
                    WHERE NOT total_suppressed AND total - shown_parts BETWEEN 1 AND 4 $$,
                'no line''s shown total minus its shown parts is between 1 and 4 (it is 0 or >= min_cell_size)');
SELECT is_empty($$ SELECT who, line FROM kr_ca_lines WHERE NOT total_suppressed AND suppressed_parts = 1 $$,
                'no line with a shown total has exactly one suppressed part');
SELECT is_empty($$ SELECT who, line FROM kr_ca_lines WHERE total_suppressed AND suppressed_parts = 0 AND shown_parts > 0 $$,
                'no suppressed total is the sum of its shown parts');

-- Every combination of lines: a suppressed cell is revealed when its unit
-- vector lies in the row space of the lines' equations restricted to the
-- suppressed cells (the shown cells are constants).  Gaussian elimination
-- to reduced row echelon form: a cell is determined iff some row of the
-- reduced form has a single non-zero entry, at that cell.
CREATE FUNCTION pg_temp.kr_ca_determined(w text, known text DEFAULT NULL) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
  vars text[];
  lines text[];
  nv integer;
  nl integer;
  m float8[];
  r integer := 1;
  c integer;
  i integer;
  j integer;
  p integer;
  f float8;
  tmp float8;
  out text[] := '{}';
  nz integer;
  last integer;
BEGIN
  CREATE TEMP TABLE kr_ca_mem ON COMMIT DROP AS
  WITH cell AS (
    SELECT DISTINCT CASE WHEN is_total THEN coalesce(clinic_id, 'ALL') || ' total'
                         ELSE coalesce(clinic_id, 'ALL') || ' ' || dimension || '=' || cohort END AS cell,
           clinic_id, all_clinics, dimension, cohort, is_total,
           -- a cell of a clinic whose rows the reader can read is known to it
           suppressed AND (known IS NULL OR clinic_id IS DISTINCT FROM known) AS suppressed
      FROM pg_temp.kr_ca_cr WHERE who = w)
  SELECT 'row ' || coalesce(c.clinic_id, 'ALL') || ' ' || c.dimension AS line, c.cell,
         CASE WHEN c.is_total THEN -1 ELSE 1 END AS coef, c.suppressed
    FROM (SELECT * FROM cell WHERE NOT is_total) c
  UNION ALL
  SELECT 'row ' || coalesce(t.clinic_id, 'ALL') || ' ' || d.dimension, t.cell, -1, t.suppressed
    FROM cell t JOIN (SELECT DISTINCT dimension FROM cell WHERE NOT is_total) d ON t.is_total
  UNION ALL
  SELECT 'column ' || c.dimension || ' ' || c.cohort, c.cell, CASE WHEN c.all_clinics THEN -1 ELSE 1 END, c.suppressed
    FROM cell c WHERE NOT c.is_total
  UNION ALL
  SELECT 'column totals', t.cell, CASE WHEN t.all_clinics THEN -1 ELSE 1 END, t.suppressed
    FROM cell t WHERE t.is_total;
  SELECT array_agg(DISTINCT cell ORDER BY cell) INTO vars FROM kr_ca_mem WHERE suppressed;
  SELECT array_agg(DISTINCT line ORDER BY line) INTO lines FROM kr_ca_mem;
  nv := coalesce(cardinality(vars), 0);
  nl := coalesce(cardinality(lines), 0);
  IF nv = 0 THEN
    DROP TABLE kr_ca_mem;
    RETURN out;
  END IF;
  m := array_fill(0::float8, ARRAY[nl * nv]);
  FOR i, j, f IN SELECT array_position(lines, line), array_position(vars, cell), coef
                   FROM kr_ca_mem WHERE suppressed LOOP
    m[(i - 1) * nv + j] := m[(i - 1) * nv + j] + f;
  END LOOP;
  DROP TABLE kr_ca_mem;
  FOR c IN 1 .. nv LOOP
    EXIT WHEN r > nl;
    p := NULL;
    FOR i IN r .. nl LOOP
      IF abs(m[(i - 1) * nv + c]) > 1e-9 THEN p := i; EXIT; END IF;
    END LOOP;
    CONTINUE WHEN p IS NULL;
    FOR j IN 1 .. nv LOOP
      tmp := m[(r - 1) * nv + j]; m[(r - 1) * nv + j] := m[(p - 1) * nv + j]; m[(p - 1) * nv + j] := tmp;
    END LOOP;
    f := m[(r - 1) * nv + c];
    FOR j IN 1 .. nv LOOP m[(r - 1) * nv + j] := m[(r - 1) * nv + j] / f; END LOOP;
    FOR i IN 1 .. nl LOOP
      IF i <> r AND abs(m[(i - 1) * nv + c]) > 1e-12 THEN
        f := m[(i - 1) * nv + c];
        FOR j IN 1 .. nv LOOP m[(i - 1) * nv + j] := m[(i - 1) * nv + j] - f * m[(r - 1) * nv + j]; END LOOP;
      END IF;
    END LOOP;
    r := r + 1;
  END LOOP;
  FOR i IN 1 .. nl LOOP
    nz := 0;
    FOR j IN 1 .. nv LOOP
      IF abs(m[(i - 1) * nv + j]) > 1e-9 THEN nz := nz + 1; last := j; END IF;
    END LOOP;
    IF nz = 1 THEN out := out || vars[last]; END IF;
  END LOOP;
  -- With a known clinic, a cross-clinic cell is the known clinic's cell
  -- plus the other clinics' cells of its column: determining it reveals
  -- something only when such a cell exists (an absent cell is 0).
  IF known IS NOT NULL THEN
    SELECT coalesce(array_agg(o ORDER BY o), '{}') INTO out FROM unnest(out) o
     WHERE o NOT LIKE 'ALL %'
        OR EXISTS (SELECT FROM pg_temp.kr_ca_cr c
                    WHERE c.who = w AND NOT c.all_clinics AND c.clinic_id <> known
                      AND CASE WHEN c.is_total THEN 'ALL total' ELSE 'ALL ' || c.dimension || '=' || c.cohort END = o);
  END IF;
  RETURN out;
END $$;
SELECT ok((SELECT count(DISTINCT coalesce(clinic_id, 'ALL') || dimension || cohort) FROM kr_ca_cr WHERE who = 'kr_ca_agg' AND suppressed) >= 10,
          'the four-clinic analyst''s table has ' || (SELECT count(*) FROM kr_ca_cr WHERE who = 'kr_ca_agg' AND suppressed) || ' suppressed rows to protect');
SELECT is(pg_temp.kr_ca_determined('kr_ca_agg'), '{}'::text[],
          'no suppressed cell of the four-clinic analyst is determined by any linear combination of the rows it can read');
SELECT is(pg_temp.kr_ca_determined('kr_ca_reg'), '{}'::text[], 'nor of the registry analyst');
SELECT is(pg_temp.kr_ca_determined('kr_ca_agg_c7'), '{}'::text[], 'nor of the clinic-c7 analyst');
-- The checker itself finds a revealed cell: unsuppress one of two
-- suppressed parts of a line with a shown total.
CREATE TEMP TABLE kr_ca_cr_saved AS SELECT * FROM kr_ca_cr WHERE who = 'kr_ca_agg';
UPDATE kr_ca_cr SET who = 'broken' WHERE who = 'kr_ca_agg';
UPDATE kr_ca_cr SET suppressed = false
 WHERE who = 'broken' AND NOT all_clinics AND clinic_id = 'c12' AND dimension = 'sex' AND cohort = 'male';
SELECT ok(cardinality(pg_temp.kr_ca_determined('broken')) > 0
          OR NOT EXISTS (SELECT FROM kr_ca_cr WHERE who = 'broken' AND suppressed AND clinic_id = 'c12' AND dimension = 'sex'),
          'the linear check is able to fail: showing one more cell of a protected line reveals a suppressed one (' ||
          coalesce(array_to_string(pg_temp.kr_ca_determined('broken'), ', '), '') || ')');
DELETE FROM kr_ca_cr WHERE who = 'broken';
INSERT INTO kr_ca_cr SELECT * FROM kr_ca_cr_saved;

-- A reader holding 'rows' access to one clinic and 'aggregates' to another
-- knows the first clinic's cells from its rows: suppression must not rely
-- on them (else the cross-clinic cell minus the known clinic's count gives
-- the small one).
CREATE ROLE kr_ca_mixed;
SELECT grant_clinic_access('kr_ca_mixed', 'c7', 'rows');
SELECT grant_clinic_access('kr_ca_mixed', 'c4', 'aggregates');
SET LOCAL ROLE kr_ca_mixed;
SELECT pg_temp.kr_ca_analyst('kr_ca_mixed');
RESET ROLE;
SELECT results_eq($$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'kr_ca_mixed' ORDER BY obj $$,
                  $$ SELECT obj, clinics, n, md5 FROM kr_ca_seen WHERE label = 'truth c7' ORDER BY obj $$,
                  'a reader with ''rows'' on c7 and ''aggregates'' on c4 reads exactly clinic c7''s rows');
SELECT results_eq($$ SELECT DISTINCT coalesce(clinic_id, 'ALL') FROM kr_ca_cr WHERE who = 'kr_ca_mixed' ORDER BY 1 $$,
                  $$ VALUES ('ALL'), ('c4'), ('c7') $$, 'and the cohort views of c4, c7 and across the two');
SELECT is(pg_temp.kr_ca_determined('kr_ca_mixed', 'c7'), '{}'::text[],
          'no suppressed cell of c4 or of the cross-clinic rows is determined by its rows, with clinic c7''s cells known to it');
SELECT is_empty($$ SELECT a.dimension, a.cohort, a.episodes - coalesce(k.episodes, 0) AS c4_cell
                     FROM kr_ca_cr a
                     LEFT JOIN kr_ca_truth k ON NOT k.all_clinics AND k.clinic_id = 'c7' AND k.dimension = a.dimension
                                            AND k.cohort = a.cohort AND k.is_total = a.is_total
                    WHERE a.who = 'kr_ca_mixed' AND a.all_clinics AND NOT a.suppressed
                      AND a.episodes - coalesce(k.episodes, 0) BETWEEN 1 AND 4 $$,
                'no shown cross-clinic cell minus clinic c7''s count (which it can count from rows) leaves 1 to 4 episodes of c4');

-- Curves: only for shown cells, and starting at the cell's episodes.
SELECT is_empty($$ SELECT who, clinic_id, dimension, cohort FROM kr_ca_curve
                   EXCEPT SELECT who, clinic_id, dimension, cohort FROM kr_ca_cr WHERE NOT suppressed $$,
                'cohort_recovery_curve has no curve for a suppressed cell, for any analyst');
SELECT is_empty($$ SELECT c.who, c.clinic_id, c.dimension, c.cohort FROM kr_ca_cr c
                    JOIN (SELECT who, clinic_id, dimension, cohort, max(at_risk) AS n FROM kr_ca_curve GROUP BY 1, 2, 3, 4) k
                      ON k.who = c.who AND k.clinic_id IS NOT DISTINCT FROM c.clinic_id AND k.dimension = c.dimension AND k.cohort = c.cohort
                   WHERE k.n <> c.episodes $$,
                'each curve starts at its cell''s episodes (max at_risk = episodes)');
SELECT is((SELECT count(*) FROM (SELECT DISTINCT clinic_id, dimension, cohort FROM kr_ca_curve WHERE who = 'kr_ca_agg') s),
          (SELECT count(*) FROM kr_ca_cr WHERE who = 'kr_ca_agg' AND NOT suppressed),
          'and every shown cell has its curve');
SELECT is((SELECT string_agg(DISTINCT clinic_id || ':' || val, ',' ORDER BY clinic_id || ':' || val) FROM kr_ca_leaky.calls
            WHERE who = 'kr_ca_agg' AND val = 'NULL' AND clinic_id = 'c3'), 'c3:NULL',
          'the analyst''s leaky function on the cohort views saw clinic c3''s suppressed cells as NULL only');
SELECT is_empty($$ SELECT l.clinic_id, l.val FROM kr_ca_leaky.calls l WHERE l.who = 'kr_ca_agg' AND l.val <> 'NULL'
                   AND l.val::bigint < 5 AND NOT EXISTS (SELECT FROM kr_ca_curve k WHERE k.who = 'kr_ca_agg' AND k.at_risk::text = l.val) $$,
                'it saw no count under 5 but the tail of a shown curve''s at_risk');

-- ---------------------------------------------------------------- grant / revoke

SELECT grant_clinic_access('kr_ca_plain', 'c3', 'rows');
SELECT is((SELECT count(*) FROM unnest(ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure']) t
            WHERE has_table_privilege('kr_ca_plain', 'knee_rehab.' || t, 'SELECT, INSERT, UPDATE, DELETE')
              AND has_table_privilege('kr_ca_plain', 'knee_rehab.' || t, 'SELECT')
              AND has_table_privilege('kr_ca_plain', 'knee_rehab.' || t, 'INSERT')
              AND has_table_privilege('kr_ca_plain', 'knee_rehab.' || t, 'UPDATE')
              AND has_table_privilege('kr_ca_plain', 'knee_rehab.' || t, 'DELETE')
              AND has_sequence_privilege('kr_ca_plain', clinic_table_sequence(t), 'USAGE')), 5::bigint,
          'grant ''rows'': SELECT, INSERT, UPDATE, DELETE on the five tables and USAGE on their identity sequences');
SELECT grant_clinic_access('kr_ca_plain', 'c4', 'rows');
SELECT revoke_clinic_access('kr_ca_plain', 'c3');
SELECT ok(has_table_privilege('kr_ca_plain', 'knee_rehab.episode', 'SELECT'),
          'revoking one of two ''rows'' clinics keeps the table privileges');
SELECT grant_clinic_access('kr_ca_plain', 'c4', 'aggregates');
SELECT is((SELECT level FROM clinic_access WHERE role_name = 'kr_ca_plain' AND clinic_id = 'c4'), 'aggregates',
          'a second grant for the same role and clinic replaces the level');
SELECT is((SELECT count(*) FROM unnest(ARRAY['patient', 'episode', 'knee_test', 'load_session', 'outcome_measure']) t
            WHERE has_table_privilege('kr_ca_plain', 'knee_rehab.' || t, 'SELECT, INSERT, UPDATE, DELETE')
               OR has_sequence_privilege('kr_ca_plain', clinic_table_sequence(t), 'USAGE')), 0::bigint,
          'down to ''aggregates'': every table and sequence privilege revoked');
SELECT grant_clinic_access('kr_ca_plain', NULL, 'rows');
SELECT revoke_clinic_access('kr_ca_plain', NULL);
SELECT revoke_clinic_access('kr_ca_plain', 'c4');
SELECT is((SELECT count(*) FROM clinic_access WHERE role_name = 'kr_ca_plain'), 0::bigint,
          'revoke_clinic_access removes the every-clinic row (NULL) and the clinic row');
SELECT ok(NOT has_table_privilege('kr_ca_plain', 'knee_rehab.patient', 'SELECT')
          AND NOT has_table_privilege('kr_ca_plain', 'knee_rehab.knee_test', 'DELETE'),
          'after the last revoke no table privilege is left');
SELECT throws_ok($$ SELECT grant_clinic_access(NULL, 'c3', 'rows') $$, '22004', NULL, 'grant: NULL role is refused (22004)');
SELECT throws_ok($$ SELECT revoke_clinic_access(NULL, 'c3') $$, '22004', NULL, 'revoke: NULL role is refused (22004)');
SELECT throws_ok($$ SELECT grant_clinic_access('kr_ca_plain', 'c3', 'all') $$, '22023', NULL, 'grant: level ''all'' is refused (22023)');
SELECT throws_ok($$ SELECT grant_clinic_access('kr_ca_plain', 'c3', NULL) $$, '22023', NULL, 'grant: NULL level is refused (22023)');
SELECT throws_ok(format('SELECT knee_rehab.grant_clinic_access(%L, %L, %L)', 'kr_ca_plain', repeat('x', 65), 'rows'), '22023', NULL,
                 'grant: a 65-character clinic_id is refused (22023)');
SELECT throws_ok($$ SELECT grant_clinic_access('kr_ca_plain', '', 'rows') $$, '22023', NULL, 'grant: an empty clinic_id is refused (22023)');
SELECT lives_ok(format('SELECT knee_rehab.grant_clinic_access(%L, %L, %L)', 'kr_ca_plain', repeat('x', 64), 'aggregates'),
                'grant: a 64-character clinic_id is accepted');
SELECT throws_ok($$ SELECT grant_clinic_access('kr_ca_no_such_role', 'c3', 'rows') $$, '42704', NULL, 'grant: an unknown role is refused (42704)');
SET LOCAL ROLE kr_ca_plain;
SELECT throws_ok($$ SELECT knee_rehab.grant_clinic_access('kr_ca_plain', 'c12', 'rows') $$, '42501', NULL,
                 'a non-superuser cannot call grant_clinic_access (42501)');
RESET ROLE;

-- ---------------------------------------------------------------- suppression per recovery definition
-- Every definition's cells are suppressed on their own lines (a line never
-- mixes definitions): the same line checks as above, grouped by definition,
-- for every role's rows (the mixed reader's included).  return_to_run counts only the episodes with
-- usual_run_km (i % 3 <> 0: c3 2, c4 3, c7 5, c12 8), so its cells differ.
CREATE TEMP VIEW kr_ca_lines_def AS
SELECT who, definition, 'row ' || coalesce(clinic_id, 'ALL') || ' ' || dimension AS line,
       max(episodes) FILTER (WHERE is_total) AS total, bool_or(suppressed AND is_total) AS total_suppressed,
       coalesce(sum(episodes) FILTER (WHERE NOT is_total), 0) AS shown_parts,
       count(*) FILTER (WHERE suppressed AND NOT is_total) AS suppressed_parts
  FROM kr_ca_cr_all
 -- the mixed reader holds rows of c7: c7's cells are known to it and left
 -- out of its lines (it counts them itself)
 WHERE NOT (who = 'kr_ca_mixed' AND clinic_id = 'c7')
 GROUP BY who, definition, clinic_id, dimension
UNION ALL
SELECT who, definition, 'column ' || dimension || ' ' || cohort,
       max(episodes) FILTER (WHERE all_clinics), bool_or(suppressed AND all_clinics),
       coalesce(sum(episodes) FILTER (WHERE NOT all_clinics), 0), count(*) FILTER (WHERE suppressed AND NOT all_clinics)
  FROM kr_ca_cr_all WHERE NOT is_total GROUP BY who, definition, dimension, cohort
UNION ALL
SELECT who, definition, 'column totals ' || dimension,
       max(episodes) FILTER (WHERE all_clinics), bool_or(suppressed AND all_clinics),
       coalesce(sum(episodes) FILTER (WHERE NOT all_clinics), 0), count(*) FILTER (WHERE suppressed AND NOT all_clinics)
  FROM kr_ca_cr_all WHERE is_total GROUP BY who, definition, dimension;
SELECT results_eq($$ SELECT definition, coalesce(clinic_id, 'ALL'), suppressed, episodes FROM kr_ca_cr_all
                      WHERE who = 'kr_ca_agg' AND is_total AND dimension = 'sex' ORDER BY definition, all_clinics, clinic_id $$,
                  $$ VALUES ('groc', 'c12', false, 12::bigint), ('groc', 'c3', true, NULL), ('groc', 'c4', true, NULL),
                            ('groc', 'c7', false, 7), ('groc', 'ALL', false, 26),
                            ('return_to_run', 'c12', false, 8), ('return_to_run', 'c3', true, NULL), ('return_to_run', 'c4', true, NULL),
                            ('return_to_run', 'c7', false, 5), ('return_to_run', 'ALL', false, 18),
                            ('tests', 'c12', false, 12), ('tests', 'c3', true, NULL), ('tests', 'c4', true, NULL),
                            ('tests', 'c7', false, 7), ('tests', 'ALL', false, 26) $$,
                  'every definition has its rows; clinic totals per definition: return_to_run counts 8, 2, 3, 5 episodes (18), c3 and c4 suppressed (2 + 3 = 5 hidden)');
SELECT is_empty($$ SELECT who, definition, line, total, shown_parts FROM kr_ca_lines_def
                    WHERE NOT total_suppressed AND total - shown_parts BETWEEN 1 AND 4 $$,
                'every definition: no line''s shown total minus its shown parts is between 1 and 4');
SELECT is_empty($$ SELECT who, definition, line FROM kr_ca_lines_def WHERE NOT total_suppressed AND suppressed_parts = 1 $$,
                'every definition: no line with a shown total has exactly one suppressed part');
SELECT is_empty($$ SELECT who, definition, coalesce(clinic_id, 'ALL'), dimension, cohort FROM kr_ca_cr_all
                    WHERE (NOT suppressed AND episodes < 5) OR (suppressed AND episodes IS NOT NULL) $$,
                'every definition: no shown cell under min_cell_size, no count on a suppressed cell');

-- ---------------------------------------------------------------- the *_cells functions (SECURITY DEFINER)
-- The aggregate-only views compute their cells in SECURITY DEFINER
-- functions (under Citus the shard queries then run as the owner); those
-- apply the access of the session's role (session_role), which a SECURITY
-- DEFINER function does not change, and show nothing of a suppressed cell.
CREATE TEMP TABLE kr_ca_cells (who text, fn text, clinic_id text, suppressed boolean, figures boolean);
GRANT ALL ON kr_ca_cells TO PUBLIC;
CREATE FUNCTION pg_temp.kr_ca_cells_of(who text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pg_temp.kr_ca_cells
  SELECT who, 'cohort_recovery_cells', clinic_id, suppressed,
         episodes IS NOT NULL OR km_state IS NOT NULL OR recovered IS NOT NULL OR cmp_state IS NOT NULL
    FROM knee_rehab.cohort_recovery_cells() WHERE NOT all_clinics
  UNION ALL
  SELECT who, 'clinic_benchmark_cells', clinic_id, suppressed, episodes IS NOT NULL OR rate IS NOT NULL OR expected IS NOT NULL
    FROM knee_rehab.clinic_benchmark_cells()
  UNION ALL
  SELECT who, 'clinic_activity_cells', clinic_id, suppressed, episodes IS NOT NULL OR visits IS NOT NULL
    FROM knee_rehab.clinic_activity_cells();
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.kr_ca_cells_of(text) TO PUBLIC;
SET LOCAL ROLE kr_ca_agg_c7;
SELECT pg_temp.kr_ca_cells_of('kr_ca_agg_c7');
RESET ROLE;
SET LOCAL ROLE kr_ca_agg;
SELECT pg_temp.kr_ca_cells_of('kr_ca_agg');
RESET ROLE;
SET LOCAL ROLE kr_ca_nobody;
SELECT pg_temp.kr_ca_cells_of('kr_ca_nobody');
RESET ROLE;
SELECT results_eq($$ SELECT who, fn, string_agg(DISTINCT clinic_id, ',' ORDER BY clinic_id) FROM kr_ca_cells
                     GROUP BY who, fn ORDER BY who, fn $$,
  $$ VALUES ('kr_ca_agg', 'clinic_activity_cells', 'c12,c3,c4,c7'), ('kr_ca_agg', 'clinic_benchmark_cells', 'c12,c3,c4,c7'),
            ('kr_ca_agg', 'cohort_recovery_cells', 'c12,c3,c4,c7'),
            ('kr_ca_agg_c7', 'clinic_activity_cells', 'c7'), ('kr_ca_agg_c7', 'clinic_benchmark_cells', 'c7'),
            ('kr_ca_agg_c7', 'cohort_recovery_cells', 'c7') $$,
  'the three *_cells functions (SECURITY DEFINER) give each analyst its own clinics only, and a role without access nothing');
SELECT is_empty($$ SELECT who, fn, clinic_id FROM kr_ca_cells WHERE suppressed AND figures $$,
  'no *_cells function shows a figure of a suppressed cell (counts, Kaplan-Meier or comparison state)');
SELECT ok((SELECT count(*) FILTER (WHERE suppressed) > 0 AND count(*) FILTER (WHERE figures) > 0 FROM kr_ca_cells),
  'and the check above saw suppressed cells and cells with figures');
-- A SECURITY DEFINER function of the registry's, called by the analyst of
-- c7: the session's role is still the analyst, so the analyst's access
-- applies (c7), not the registry's (every clinic) - and not the superuser's
-- inside the *_cells functions.
CREATE SCHEMA kr_ca_def;
GRANT USAGE ON SCHEMA kr_ca_def TO PUBLIC;
CREATE FUNCTION kr_ca_def.who() RETURNS text LANGUAGE sql SECURITY DEFINER
  AS $$ SELECT current_user || ' ' || knee_rehab.session_role()::regrole::text || ' '
               || array_to_string(knee_rehab.visible_clinics(), ',', 'ALL') || ' '
               || (SELECT string_agg(DISTINCT clinic_id, ',' ORDER BY clinic_id) FROM knee_rehab.cohort_recovery) $$;
ALTER FUNCTION kr_ca_def.who() OWNER TO kr_ca_reg;
SET LOCAL ROLE kr_ca_agg_c7;
SELECT is(kr_ca_def.who(), 'kr_ca_reg kr_ca_agg_c7 c7 c7',
  'inside a SECURITY DEFINER function owned by the registry, the c7 analyst''s session still sees c7 only (session_role)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
