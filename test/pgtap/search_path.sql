-- Hostile search_path (CVE-2018-1058; contrib/seg and cube security tests):
-- a schema "evil" holds look-alikes of the pg_catalog functions, operators,
-- aggregates and types the extension uses, and of every knee_rehab function
-- and aggregate, all of which RAISE with SQLSTATE EVIL1; temp tables shadow
-- the extension's tables (pg_temp comes first for relations unless the path
-- names it).  With search_path = evil, knee_rehab, pg_catalog the extension
-- is created, simulate_clinic fills it, the risk-parameter trigger fires,
-- and every public function, aggregate and view is read.  Every answer must
-- equal the one from a clean search_path (same transaction, same data,
-- same ids: the extension is re-created fresh for each phase), the hand
-- values below must hold, and no evil object may run (one that did would
-- have aborted the statement with EVIL1).  The controls show that the
-- traps are live: unqualified calls in that session do hit them.
--
-- Also: the catalog check that no function of the extension (knee_rehab,
-- and knee_rehab_demo with simulate_clinic beside it) is SECURITY
-- DEFINER but the aggregate-only views' *_cells functions (bound bodies,
-- pinned search_path), that every function not in C and without a sql-standard body
-- pins search_path = pg_catalog, pg_temp (every SQL one has such a body),
-- and that every view is
-- security_invoker.
BEGIN;
SELECT plan(48);

-- ---------------------------------------------------------------- catalog

CREATE TEMP VIEW kr_member_proc AS
  SELECT p.oid, p.oid::regprocedure::text AS sig, p.prosecdef, p.prolang, p.prosqlbody,
         p.proconfig, l.lanname
    FROM pg_depend d
    JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
    JOIN pg_language l ON l.oid = p.prolang
   WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
     AND d.refobjid IN (SELECT oid FROM pg_extension WHERE extname IN ('knee_rehab', 'knee_rehab_demo'));

SELECT is_empty($$ SELECT sig FROM kr_member_proc WHERE prosecdef
   AND sig NOT IN ('knee_rehab.cohort_recovery_cells()', 'knee_rehab.clinic_benchmark_cells()',
                   'knee_rehab.clinic_activity_cells()', 'knee_rehab.visible_clinics(text)') $$,
  'no function of the extension is SECURITY DEFINER but the aggregate-only views'' three *_cells functions and visible_clinics');
SELECT is_empty($$ SELECT sig FROM kr_member_proc WHERE prosecdef
   AND NOT ((prosqlbody IS NOT NULL OR lanname = 'plpgsql') AND proconfig @> ARRAY['search_path=pg_catalog, pg_temp']) $$,
  'every SECURITY DEFINER function has a sql-standard body (bound at CREATE EXTENSION) or is PL/pgSQL (visible_clinics), and pins search_path = pg_catalog, pg_temp');
SELECT is((SELECT count(*)::int FROM kr_member_proc WHERE prosecdef), 4,
  'the check above saw the four SECURITY DEFINER functions');
SELECT is_empty($$
  SELECT sig FROM kr_member_proc
   WHERE lanname NOT IN ('c', 'internal') AND prosqlbody IS NULL
     AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false) $$,
  'every function neither in C nor with a sql-standard body pins search_path = pg_catalog, pg_temp');
SELECT cmp_ok((SELECT count(*)::int FROM kr_member_proc WHERE lanname = 'plpgsql'), '>=', 2,
  'the check above saw the plpgsql functions (risk_parameter_in_range, simulate_clinic)');
SELECT is_empty($$
  SELECT sig FROM kr_member_proc WHERE lanname = 'sql' AND prosqlbody IS NULL $$,
  'every SQL-language function has a sql-standard body (bound at CREATE EXTENSION; visible_clinics is PL/pgSQL with a pinned search_path, checked above)');
SELECT is_empty($$
  SELECT c.oid::regclass::text FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
   WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
     AND d.deptype = 'e' AND c.relkind = 'v'
     AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'knee_rehab')
     AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)
     AND NOT (c.relname IN ('cohort_recovery_state', 'cohort_recovery', 'cohort_recovery_curve', 'episode_outcome_all',
                            'cohort_comparison', 'clinic_benchmark_state', 'clinic_benchmark',
                            'clinic_activity_state', 'clinic_activity')
              AND c.reloptions @> ARRAY['security_barrier=true']) $$,
  'every view of the extension is security_invoker, but the aggregate-only ones (owner''s rights, security_barrier)');
DROP VIEW kr_member_proc;

-- ---------------------------------------------------------------- helpers
-- These run under whatever search_path the caller has: their bodies are
-- parsed at call time, use no operator, no unqualified function or type.

-- SQLSTATE of a statement ('ok' when it succeeds).
CREATE FUNCTION pg_temp.sqlstate_of(q pg_catalog.text) RETURNS pg_catalog.text
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- Every public function and aggregate on fixed inputs (name, result as text).
CREATE FUNCTION pg_temp.battery() RETURNS TABLE (f pg_catalog.text, v pg_catalog.text)
  LANGUAGE sql AS $$
  SELECT 'bmi', CAST(knee_rehab.bmi(70, 175) AS pg_catalog.text)
  UNION ALL SELECT 'limb_symmetry_index', CAST(knee_rehab.limb_symmetry_index(45, 50) AS pg_catalog.text)
  UNION ALL SELECT 'estimated_1rm', CAST(knee_rehab.estimated_1rm(100, 10) AS pg_catalog.text)
  UNION ALL SELECT 'akps_score', CAST(knee_rehab.akps_score('{5,5,3,8,3,6,7,6,6,8,6,3,3}') AS pg_catalog.text)
  UNION ALL SELECT 'koos_pf_score', CAST(knee_rehab.koos_pf_score('{0,1,2,3,4,0,1,2,3,4,NULL}') AS pg_catalog.text)
  UNION ALL SELECT 'akps_responder', CAST(knee_rehab.akps_responder(60, 70) AS pg_catalog.text)
  UNION ALL SELECT 'nrs_responder', CAST(knee_rehab.nrs_responder(6, 5) AS pg_catalog.text)
  UNION ALL SELECT 'pain_monitor', CAST(knee_rehab.pain_monitor(2.5, 0, 0) AS pg_catalog.text)
  UNION ALL SELECT 'ready_to_run', CAST(knee_rehab.ready_to_run(30, 0) AS pg_catalog.text)
  UNION ALL SELECT 'triage', CAST((knee_rehab.triage(pain_location => 'retropatellar', squat_pain => true)).likely_condition AS pg_catalog.text)
  UNION ALL SELECT 'triage_row', CAST(knee_rehab.triage('lateral', age_years => 60) AS pg_catalog.text)
  UNION ALL SELECT 'pfps_risk_score', CAST(knee_rehab.pfps_risk_score(sex => 'female', foot => 'flat') AS pg_catalog.text)
  UNION ALL SELECT 'pfps_risk', CAST(knee_rehab.pfps_risk('male', 80, 180, '{acl_tear}', 'neutral', 20, 40, 0) AS pg_catalog.text)
  UNION ALL SELECT 'injuries_valid', CAST(knee_rehab.injuries_valid('{acl_tear,acl_tear}') AS pg_catalog.text)
  UNION ALL SELECT 'simulate_uniform', CAST(knee_rehab.simulate_uniform(1, 2, 3) AS pg_catalog.text)
  UNION ALL SELECT 'simulate_normal', CAST(knee_rehab.simulate_normal(1, 2, 3) AS pg_catalog.text)
  UNION ALL SELECT 'settings', CAST(knee_rehab.pain_free_nrs() AS pg_catalog.text)
  UNION ALL SELECT 'settings', CAST(knee_rehab.knee_bend_target_deg() AS pg_catalog.text)
  UNION ALL SELECT 'settings', CAST(knee_rehab.min_cell_size() AS pg_catalog.text)
  UNION ALL SELECT 'load_pain_trend', CAST(knee_rehab.load_pain_trend(x, y) AS pg_catalog.text)
    FROM (VALUES (1, 1), (2, 3), (3, 2), (4, 5)) AS t (x, y)
  UNION ALL SELECT 'load_pain_trend_merge', CAST(knee_rehab.load_pain_trend_merge(s) AS pg_catalog.text)
    FROM (SELECT knee_rehab.load_pain_trend_state(x, y) AS s
            FROM (VALUES (1, 1, 1), (2, 3, 1), (3, 2, 2), (4, 5, 2)) AS t (x, y, g) GROUP BY g) AS u
  UNION ALL SELECT 'weekly_trend', CAST(knee_rehab.weekly_trend(CAST(t AS pg_catalog.timestamptz), y) AS pg_catalog.text)
    FROM (VALUES ('2026-01-05 09:00+00', 10), ('2026-01-12 09:00+00', 12), ('2026-01-19 09:00+00', 14)) AS t (t, y)
  UNION ALL SELECT 'weekly_trend_merge', CAST(knee_rehab.weekly_trend_merge(s) AS pg_catalog.text)
    FROM (SELECT knee_rehab.weekly_trend_state(CAST(t AS pg_catalog.timestamptz), y) AS s
            FROM (VALUES ('2026-01-05 09:00+00', 10, 1), ('2026-01-12 09:00+00', 12, 2),
                         ('2026-01-19 09:00+00', 14, 2)) AS t (t, y, g) GROUP BY g) AS u
  UNION ALL SELECT 'knee_bend_progress', CAST(knee_rehab.knee_bend_progress(CAST(t AS pg_catalog.timestamptz), a, p) AS pg_catalog.text)
    FROM (VALUES ('2026-01-05 09:00+00', 10, 5), ('2026-01-12 09:00+00', 20, 3),
                 ('2026-01-19 09:00+00', 30, 0), ('2026-01-26 09:00+00', 32, 0)) AS t (t, a, p)
  UNION ALL SELECT 'knee_bend_progress_merge', CAST(knee_rehab.knee_bend_progress_merge(s) AS pg_catalog.text)
    FROM (SELECT knee_rehab.knee_bend_progress_state(CAST(t AS pg_catalog.timestamptz), a, p) AS s
            FROM (VALUES ('2026-01-05 09:00+00', 10, 5, 1), ('2026-01-12 09:00+00', 20, 3, 1),
                         ('2026-01-19 09:00+00', 30, 0, 2), ('2026-01-26 09:00+00', 32, 0, 2)) AS t (t, a, p, g)
           GROUP BY g) AS u
  UNION ALL SELECT 'ewma_acwr', CAST(knee_rehab.ewma_acwr(CAST(d AS pg_catalog.date), l) AS pg_catalog.text)
    FROM (VALUES ('2026-01-05', 10), ('2026-01-06', 0)) AS t (d, l)
  UNION ALL SELECT 'ewma_loads', CAST(knee_rehab.ewma_loads(CAST(d AS pg_catalog.date), l) AS pg_catalog.text)
    FROM (VALUES ('2026-01-05', 10), ('2026-01-06', 0)) AS t (d, l)
  UNION ALL SELECT 'ewma_acute_chronic', CAST(knee_rehab.ewma_acute_chronic(CAST(d AS pg_catalog.date), l) AS pg_catalog.text)
    FROM (VALUES ('2026-01-05', 10), ('2026-01-06', 0)) AS t (d, l)
  UNION ALL SELECT 'triage_reasons', r.reason
    FROM knee_rehab.triage_reasons(knee_rehab.triage('lateral', age_years => 60)) AS r
  UNION ALL SELECT 'ewma_acwr_window', CAST(knee_rehab.ewma_acwr(CAST(d AS pg_catalog.date), l) OVER (ORDER BY d) AS pg_catalog.text)
    FROM (VALUES ('2026-01-05', 10), ('2026-01-06', 0), ('2026-01-09', 7)) AS t (d, l)
  UNION ALL SELECT 'recovery_km', CAST(knee_rehab.recovery_km(d, r) AS pg_catalog.text)
    FROM (VALUES (10, true), (20, true), (30, false), (40, true)) AS t (d, r)
  UNION ALL SELECT 'recovery_km_merge', CAST(knee_rehab.recovery_km_merge(s) AS pg_catalog.text)
    FROM (SELECT knee_rehab.recovery_km_state(d, r) AS s
            FROM (VALUES (10, true, 1), (20, true, 2), (30, false, 1), (40, true, 2)) AS t (d, r, g) GROUP BY g) AS u
  UNION ALL SELECT 'recovery_km_summary', CAST(knee_rehab.recovery_km_summary(s) AS pg_catalog.text)
    FROM (SELECT knee_rehab.recovery_km_state(d, r) AS s
            FROM (VALUES (10, true), (20, true), (30, false), (40, true)) AS t (d, r)) AS u
  UNION ALL SELECT 'recovery_curve', CAST(c AS pg_catalog.text)
    FROM (SELECT knee_rehab.recovery_km_state(d, r) AS s
            FROM (VALUES (10, true), (20, true), (30, false), (40, true)) AS t (d, r)) AS u,
         knee_rehab.recovery_curve(u.s) AS c
$$;

-- Results of one phase: the battery, every view, every table (as text, so
-- nothing here depends on the extension's types).
CREATE TEMP TABLE kr_snap (phase text, obj text, val text);
CREATE FUNCTION pg_temp.snapshot(phase pg_catalog.text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pg_temp.kr_snap SELECT phase, b.f, b.v FROM pg_temp.battery() AS b;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'episode_outcome', CAST(v AS pg_catalog.text) FROM knee_rehab.episode_outcome AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'cohort_recovery_state', CAST(v AS pg_catalog.text) FROM knee_rehab.cohort_recovery_state AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'cohort_recovery', CAST(v AS pg_catalog.text) FROM knee_rehab.cohort_recovery AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'cohort_recovery_curve', CAST(v AS pg_catalog.text) FROM knee_rehab.cohort_recovery_curve AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'episode_risk_factor', CAST(v AS pg_catalog.text) FROM knee_rehab.episode_risk_factor AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'cohort_comparison', CAST(v AS pg_catalog.text) FROM knee_rehab.cohort_comparison AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'clinic_benchmark', CAST(v AS pg_catalog.text) FROM knee_rehab.clinic_benchmark AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'load_monitoring', CAST(v AS pg_catalog.text) FROM knee_rehab.load_monitoring AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'risk_model', CAST(v AS pg_catalog.text) FROM knee_rehab.risk_model AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'patient', CAST(v AS pg_catalog.text) FROM knee_rehab.patient AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'episode', CAST(v AS pg_catalog.text) FROM knee_rehab.episode AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'knee_test', CAST(v AS pg_catalog.text) FROM knee_rehab.knee_test AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'load_session', CAST(v AS pg_catalog.text) FROM knee_rehab.load_session AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'outcome_measure', CAST(v AS pg_catalog.text) FROM knee_rehab.outcome_measure AS v;
  INSERT INTO pg_temp.kr_snap SELECT phase, 'risk_parameter', CAST(v AS pg_catalog.text) FROM knee_rehab.risk_parameter AS v;
END $$;

-- Statements whose SQLSTATE is recorded in each phase (the trigger's and a
-- C function's refusals).
CREATE TEMP TABLE kr_err (phase text, what text, state text);
CREATE FUNCTION pg_temp.errors(phase pg_catalog.text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pg_temp.kr_err SELECT phase, 'risk_parameter out of range',
    pg_temp.sqlstate_of('INSERT INTO knee_rehab.risk_parameter (parameter, value) VALUES (''female'', 1000)');
  INSERT INTO pg_temp.kr_err SELECT phase, 'unknown risk parameter',
    pg_temp.sqlstate_of('INSERT INTO knee_rehab.risk_parameter (parameter, value) VALUES (''q_angle'', 5)');
  INSERT INTO pg_temp.kr_err SELECT phase, 'bmi weight out of range',
    pg_temp.sqlstate_of('SELECT knee_rehab.bmi(5, 170)');
  INSERT INTO pg_temp.kr_err SELECT phase, 'patient CHECK',
    pg_temp.sqlstate_of('INSERT INTO knee_rehab.patient (clinic_id, injuries) VALUES (''synthetic-01'', ''{acl_tear,acl_tear}'')');
END $$;

CREATE TEMP TABLE kr_written (phase text, n bigint);

-- ---------------------------------------------------------------- clean phase

-- (knee_rehab_demo, which holds simulate_clinic, requires knee_rehab: it
-- goes first and comes back after it)
DROP EXTENSION knee_rehab_demo;
DROP EXTENSION knee_rehab;
CREATE EXTENSION knee_rehab;
CREATE EXTENSION knee_rehab_demo;
INSERT INTO kr_written SELECT 'clean', knee_rehab.simulate_clinic(40, 3);
INSERT INTO knee_rehab.risk_parameter (parameter, value, note) VALUES ('female', 2.5, 'test');
SELECT pg_temp.snapshot('clean');
SELECT pg_temp.errors('clean');

-- ---------------------------------------------------------------- evil phase

-- (the clean phase wrote patient rows: DROP EXTENSION needs the confirmation)
SET knee_rehab.allow_drop_with_data = on;
DROP EXTENSION knee_rehab_demo;
DROP EXTENSION knee_rehab;
RESET knee_rehab.allow_drop_with_data;
-- CREATE EXTENSION under the hostile path (it sets its own path: the
-- extension schema, pg_catalog implicitly first, pg_temp last).
SET search_path = evil, knee_rehab, pg_catalog;
CREATE EXTENSION knee_rehab;
CREATE EXTENSION knee_rehab_demo;
RESET search_path;

CREATE SCHEMA evil;
CREATE FUNCTION evil.boom_sql(what text) RETURNS text LANGUAGE sql
  RETURN format('BEGIN RAISE EXCEPTION %L USING ERRCODE = %L; END',
                replace('evil.' || what || ' was called', '%', '%%'), 'EVIL1');
CREATE FUNCTION evil.boom_check(anyelement) RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN RAISE EXCEPTION 'evil domain check was called' USING ERRCODE = 'EVIL1'; END$$;

DO $$
DECLARE
  f record;
  t text;
BEGIN
  -- Look-alikes of pg_catalog functions (name, arguments, result).
  FOR f IN SELECT * FROM (VALUES
      ('sqrt', 'float8', 'float8'), ('sqrt', 'numeric', 'numeric'),
      ('exp', 'float8', 'float8'), ('exp', 'numeric', 'numeric'),
      ('ln', 'float8', 'float8'), ('ln', 'numeric', 'numeric'),
      ('round', 'float8', 'float8'), ('round', 'numeric', 'numeric'), ('round', 'numeric, int4', 'numeric'),
      ('trunc', 'float8', 'float8'), ('floor', 'float8', 'float8'), ('ceil', 'float8', 'float8'),
      ('abs', 'float8', 'float8'), ('abs', 'int4', 'int4'), ('abs', 'numeric', 'numeric'),
      ('power', 'float8, float8', 'float8'), ('power', 'numeric, numeric', 'numeric'),
      ('cos', 'float8', 'float8'), ('pi', '', 'float8'), ('sign', 'float8', 'float8'),
      ('lower', 'text', 'text'), ('upper', 'text', 'text'), ('length', 'text', 'int4'),
      ('lpad', 'text, int4, text', 'text'), ('format', 'text', 'text'), ('concat_ws', 'text, text, text', 'text'),
      ('array_length', 'anyarray, int4', 'int4'), ('cardinality', 'anyarray', 'int4'),
      ('array_ndims', 'anyarray', 'int4'), ('array_position', 'anycompatiblearray, anycompatible', 'int4'),
      ('unnest', 'anyarray', 'SETOF anyelement'), ('generate_series', 'int4, int4', 'SETOF int4'),
      ('now', '', 'timestamptz'), ('date_part', 'text, timestamptz', 'float8'),
      ('hashint8extended', 'int8, int8', 'int8'), ('nextval', 'regclass', 'int8'),
      ('coalesce', 'float8, float8', 'float8'), ('nullif', 'float8, float8', 'float8'),
      ('greatest', 'float8, float8', 'float8'), ('least', 'float8, float8', 'float8'),
      ('float8_regr_accum', 'float8[], float8, float8', 'float8[]'),
      ('jsonb_build_object', 'text, text', 'jsonb'), ('to_jsonb', 'anyelement', 'jsonb'))
    AS v (name, args, ret)
  LOOP
    EXECUTE format('CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
                   f.name, f.args, f.ret, evil.boom_sql(f.name));
  END LOOP;

  -- Look-alikes of every knee_rehab function (same signature and result).
  FOR f IN SELECT p.proname, pg_get_function_arguments(p.oid) AS args,
                  pg_get_function_result(p.oid) AS ret
             FROM pg_proc p WHERE p.pronamespace = 'knee_rehab'::regnamespace AND p.prokind = 'f'
  LOOP
    EXECUTE format('CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
                   f.proname, f.args, f.ret, evil.boom_sql(f.proname));
  END LOOP;

  -- Look-alikes of every knee_rehab aggregate and of pg_catalog's.
  FOR f IN SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args,
                  format_type(a.aggtranstype, NULL) AS stype
             FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
            WHERE p.pronamespace = 'knee_rehab'::regnamespace
           UNION ALL
           SELECT * FROM (VALUES ('count', 'anyelement', 'int8'), ('sum', 'float8', 'float8'),
                                 ('sum', 'int4', 'int8'), ('sum', 'int8', 'numeric'), ('sum', 'numeric', 'numeric'),
                                 ('avg', 'float8', 'float8'), ('avg', 'numeric', 'numeric'), ('avg', 'int4', 'numeric'),
                                 ('max', 'float8', 'float8'), ('min', 'float8', 'float8'),
                                 ('max', 'date', 'date'), ('min', 'date', 'date'), ('max', 'int4', 'int4'),
                                 ('bool_and', 'boolean', 'boolean'), ('array_agg', 'float8', 'float8[]'),
                                 ('string_agg', 'text, text', 'text')) AS v
  LOOP
    EXECUTE format('CREATE FUNCTION evil.%I(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
                   'sf_' || f.name, f.stype, f.args, f.stype, evil.boom_sql(f.name));
    EXECUTE format('CREATE AGGREGATE evil.%I(%s) (SFUNC = evil.%I, STYPE = %s)',
                   f.name, f.args, 'sf_' || f.name, f.stype);
  END LOOP;
  CREATE FUNCTION evil.sf_count_star(int8) RETURNS int8 LANGUAGE plpgsql AS
    $b$BEGIN RAISE EXCEPTION 'evil.count(*) was called' USING ERRCODE = 'EVIL1'; END$b$;
  CREATE AGGREGATE evil.count(*) (SFUNC = evil.sf_count_star, STYPE = int8);

  -- Operators: comparisons and arithmetic on every type pair in use.
  FOR f IN
    SELECT o AS op, l, r, 'boolean' AS ret
      FROM unnest('{=,<>,<,<=,>,>=}'::text[]) AS o,
           (VALUES ('float8', 'float8'), ('int4', 'int4'), ('int8', 'int8'), ('numeric', 'numeric'),
                   ('date', 'date'), ('text', 'text'), ('timestamptz', 'timestamptz'), ('boolean', 'boolean'),
                   ('float8', 'int4'), ('int4', 'float8'), ('float8', 'numeric'), ('numeric', 'float8'),
                   ('int8', 'int4'), ('int4', 'int8'), ('numeric', 'int4'), ('int4', 'numeric'),
                   ('date', 'timestamptz'), ('timestamptz', 'date')) AS p (l, r)
    UNION ALL
    SELECT o, l, r, CASE WHEN l = 'float8' OR r = 'float8' THEN 'float8' ELSE l END
      FROM unnest('{+,-,*,/}'::text[]) AS o,
           (VALUES ('float8', 'float8'), ('int4', 'int4'), ('int8', 'int8'), ('numeric', 'numeric'),
                   ('float8', 'int4'), ('int4', 'float8'), ('float8', 'numeric'), ('numeric', 'float8'),
                   ('numeric', 'int4'), ('int4', 'numeric'), ('int8', 'int4'), ('int4', 'int8')) AS p (l, r)
    UNION ALL
    SELECT * FROM (VALUES ('+', 'date', 'int4', 'date'), ('-', 'date', 'int4', 'date'),
                          ('-', 'date', 'date', 'int4'), ('+', 'date', 'interval', 'timestamp'),
                          ('-', 'date', 'interval', 'timestamp'), ('+', 'timestamptz', 'interval', 'timestamptz'),
                          ('+', 'timestamp', 'interval', 'timestamp'), ('*', 'int4', 'interval', 'interval'),
                          ('*', 'float8', 'interval', 'interval'), ('||', 'text', 'text', 'text'),
                          ('~~', 'text', 'text', 'boolean'), ('!~~', 'text', 'text', 'boolean'),
                          ('^', 'float8', 'float8', 'float8'), ('^', 'numeric', 'numeric', 'numeric'),
                          ('%', 'int4', 'int4', 'int4'), ('%', 'int8', 'int8', 'int8'),
                          ('&', 'int8', 'int8', 'int8'), ('=', 'anyenum', 'anyenum', 'boolean'),
                          ('<>', 'anyenum', 'anyenum', 'boolean')) AS v
  LOOP
    t := 'op_' || md5(f.op || f.l || f.r);
    EXECUTE format('CREATE FUNCTION evil.%I(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
                   t, f.l, f.r, f.ret, evil.boom_sql('operator ' || f.op || '(' || f.l || ', ' || f.r || ')'));
    EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = evil.%I)',
                   f.op, f.l, f.r, t);
  END LOOP;
  CREATE FUNCTION evil.neg_float8(float8) RETURNS float8 LANGUAGE plpgsql AS
    $b$BEGIN RAISE EXCEPTION 'evil.operator -(float8) was called' USING ERRCODE = 'EVIL1'; END$b$;
  CREATE OPERATOR evil.- (RIGHTARG = float8, FUNCTION = evil.neg_float8);

  -- Types: domains with the names of the base types, whose check raises.
  FOREACH t IN ARRAY '{float8,float4,int4,int8,text,date,numeric,timestamptz,timestamp,bool,jsonb,interval}'::text[]
  LOOP
    EXECUTE format('CREATE DOMAIN evil.%I AS pg_catalog.%I CHECK (evil.boom_check(VALUE))', t, t);
  END LOOP;
END $$;

-- Temp tables shadowing the extension's tables: the hostile path below
-- does not name pg_temp, so pg_temp is searched first for relations.
CREATE TEMP TABLE patient (clinic_id text, patient_id bigint);
CREATE TEMP TABLE episode (clinic_id text, episode_id bigint);
CREATE TEMP TABLE knee_test (clinic_id text, episode_id bigint);
CREATE TEMP TABLE load_session (clinic_id text, episode_id bigint);
CREATE TEMP TABLE outcome_measure (clinic_id text, episode_id bigint);
CREATE TEMP TABLE risk_parameter (parameter text, value float8);
CREATE TEMP TABLE risk_parameter_default (parameter text, value float8);
INSERT INTO risk_parameter VALUES ('female', 99);
INSERT INTO risk_parameter_default SELECT parameter, 50 FROM knee_rehab.risk_parameter_default;

SET search_path = evil, knee_rehab, pg_catalog;
INSERT INTO pg_temp.kr_written SELECT 'evil', knee_rehab.simulate_clinic(40, 3);
INSERT INTO knee_rehab.risk_parameter (parameter, value, note) VALUES ('female', 2.5, 'test');
SELECT pg_temp.snapshot('evil');
SELECT pg_temp.errors('evil');
-- Controls: unqualified calls in this session do reach the traps.
CREATE TEMP TABLE kr_control AS
  SELECT 'sqrt(4.0)' AS what, pg_temp.sqlstate_of('SELECT sqrt(4.0)') AS state
  UNION ALL SELECT '1 + 1', pg_temp.sqlstate_of('SELECT 1 + 1')
  UNION ALL SELECT 'now()', pg_temp.sqlstate_of('SELECT now()')
  UNION ALL SELECT 'count(*)', pg_temp.sqlstate_of('SELECT count(*) FROM knee_rehab.episode')
  UNION ALL SELECT 'pain_free_nrs()', pg_temp.sqlstate_of('SELECT pain_free_nrs()')
  UNION ALL SELECT 'bmi(70, 175)', pg_temp.sqlstate_of('SELECT bmi(70, 175)')
  UNION ALL SELECT 'CAST(1 AS float8)', pg_temp.sqlstate_of('SELECT CAST(1 AS float8)')
  UNION ALL SELECT 'text =', pg_temp.sqlstate_of('SELECT 1 FROM knee_rehab.patient AS p WHERE p.clinic_id = ''x''');
CREATE TEMP TABLE kr_shadow AS SELECT pg_catalog.count(*) AS n FROM patient;
RESET search_path;

-- ---------------------------------------------------------------- results

SELECT cmp_ok((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'evil'::regnamespace), '>', 200,
  'the evil schema holds more than 200 look-alike functions, aggregates and operator functions');
SELECT cmp_ok((SELECT count(*)::int FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace), '>', 150,
  'and more than 150 look-alike operators');
SELECT is((SELECT string_agg(what, ', ' ORDER BY what) FROM kr_control WHERE state <> 'EVIL1'), NULL,
  'controls: unqualified sqrt, +, now(), count(*), pain_free_nrs(), bmi(), float8, text = reach evil under the hostile path');
SELECT is((SELECT n FROM kr_shadow), 0::bigint,
  'control: an unqualified "patient" is the empty temp table under the hostile path');

SELECT is((SELECT n FROM kr_written WHERE phase = 'evil'), (SELECT n FROM kr_written WHERE phase = 'clean'),
  'simulate_clinic writes as many rows under the hostile path');
SELECT cmp_ok((SELECT n FROM kr_written WHERE phase = 'clean'), '>', 1000::bigint,
  'simulate_clinic(40, 3) wrote more than 1000 rows');

-- Every object gives the same rows under the hostile path (bag equality of
-- the rows as text; the extension was created fresh in both phases, so the
-- generated ids agree too).
SELECT bag_eq(format('SELECT val FROM kr_snap WHERE phase = %L AND obj = %L', 'evil', o),
              format('SELECT val FROM kr_snap WHERE phase = %L AND obj = %L', 'clean', o),
              o || ': same rows under the hostile search_path')
  FROM unnest('{episode_outcome,cohort_recovery_state,cohort_recovery,cohort_recovery_curve,cohort_comparison,clinic_benchmark,episode_risk_factor,load_monitoring,risk_model,patient,episode,knee_test,load_session,outcome_measure,risk_parameter}'::text[]) AS o;
SELECT is_empty($$
  SELECT o FROM unnest('{episode_outcome,cohort_recovery,cohort_recovery_curve,cohort_comparison,clinic_benchmark,episode_risk_factor,load_monitoring,risk_model}'::text[]) AS o
   WHERE NOT EXISTS (SELECT 1 FROM kr_snap WHERE phase = 'evil' AND obj = o) $$,
  'every view had rows to compare');
SELECT bag_eq($$ SELECT obj, val FROM kr_snap WHERE phase = 'evil' AND obj NOT IN
                   ('episode_outcome','cohort_recovery_state','cohort_recovery','cohort_recovery_curve','cohort_comparison','clinic_benchmark','episode_risk_factor','load_monitoring',
                    'risk_model','patient','episode','knee_test','load_session','outcome_measure','risk_parameter') $$,
              $$ SELECT obj, val FROM kr_snap WHERE phase = 'clean' AND obj NOT IN
                   ('episode_outcome','cohort_recovery_state','cohort_recovery','cohort_recovery_curve','cohort_comparison','clinic_benchmark','episode_risk_factor','load_monitoring',
                    'risk_model','patient','episode','knee_test','load_session','outcome_measure','risk_parameter') $$,
  'every public function and aggregate (battery) gives the same result under the hostile search_path');
SELECT bag_eq($$ SELECT what, state FROM kr_err WHERE phase = 'evil' $$,
              $$ VALUES ('risk_parameter out of range', '22003'), ('unknown risk parameter', '23514'),
                        ('bmi weight out of range', '22003'), ('patient CHECK', '23514') $$,
  'under the hostile path the risk CHECK function, a C function and a CHECK refuse with their own SQLSTATEs (not EVIL1)');

-- Independent values (under the hostile path).
CREATE TEMP VIEW kr_evil AS SELECT obj, val FROM kr_snap WHERE phase = 'evil';
SELECT is((SELECT round(val::float8::numeric, 9) FROM kr_evil WHERE obj = 'bmi'), 22.857142857,
  'bmi(70, 175) = 70 / 1.75^2 = 22.857142857');
SELECT is((SELECT round(val::float8::numeric, 9) FROM kr_evil WHERE obj = 'estimated_1rm'), 133.333333333,
  'estimated_1rm(100, 10) = 100 x (1 + 10/30) (Epley)');
SELECT is((SELECT val FROM kr_evil WHERE obj = 'akps_score'), '69',
  'akps_score = 5+5+3+8+3+6+7+6+6+8+6+3+3 = 69');
SELECT is((SELECT val::float8 FROM kr_evil WHERE obj = 'koos_pf_score'), 50::float8,
  'koos_pf_score: 10 answered items summing to 20, 100 - 25 x 2 = 50');
SELECT is((SELECT val FROM kr_evil WHERE obj = 'pain_monitor'), 'acceptable', 'pain_monitor(2.5, 0, 0) = acceptable');
SELECT is((SELECT val FROM kr_evil WHERE obj = 'nrs_responder'), 'false',
  'nrs_responder(6, 5) = false (1 point, 17 %)');
SELECT is((SELECT val FROM kr_evil WHERE obj = 'triage'), 'patellofemoral_pain',
  'triage(retropatellar, squat pain) = patellofemoral_pain');
SELECT is((SELECT round(val::float8::numeric, 9) FROM kr_evil WHERE obj = 'pfps_risk_score'), 3.000000000,
  'pfps_risk_score(female, flat foot) = 2.5 (clinic override) x 1.2 = 3, the override read despite the shadowing temp tables');
SELECT is((SELECT round((val::knee_rehab.load_pain_trend_result).slope::numeric, 9) FROM kr_evil WHERE obj = 'load_pain_trend'),
          (SELECT round(regr_slope(y, x)::numeric, 9) FROM (VALUES (1, 1), (2, 3), (3, 2), (4, 5)) AS t (x, y)),
  'load_pain_trend slope = regr_slope on the same rows (1.1)');
SELECT is((SELECT round((val::knee_rehab.weekly_trend_result).slope_per_week::numeric, 9) FROM kr_evil WHERE obj = 'weekly_trend'),
          2.000000000, 'weekly_trend: 10, 12, 14 a week apart = 2 per week');
SELECT is((SELECT round(val::float8::numeric, 9) FROM kr_evil WHERE obj = 'ewma_acwr'), round(29 / 36.0, 9),
  'ewma_acwr: loads 10, 0 -> acute 7.5 / chronic 270/29 = 29/36');
SELECT is((SELECT (val::knee_rehab.recovery_km_result).events FROM kr_evil WHERE obj = 'recovery_km'), 3::bigint,
  'recovery_km: 3 recoveries of 4');
SELECT is((SELECT (val::knee_rehab.recovery_km_result).recovered_by_6wk FROM kr_evil WHERE obj = 'recovery_km'), 1::float8,
  'recovery_km: S(42) = 3/4 x 2/3 x 0 = 0, recovered by 6 weeks = 1');

-- Views against PostgreSQL's own aggregates on the tables (under the
-- hostile path's snapshot).
SELECT is((SELECT count(*) FROM kr_evil WHERE obj = 'episode_outcome'),
          (SELECT count(*) FROM knee_rehab.episode), 'episode_outcome: one row per episode');
SELECT is_empty($$
  SELECT e.clinic_id, e.episode_id
    FROM (SELECT (val::knee_rehab.episode_outcome).* FROM kr_evil WHERE obj = 'episode_outcome') AS e
    JOIN (SELECT clinic_id, episode_id, regr_slope(pain_during, distance_km) AS s, count(pain_during * distance_km) AS n
            FROM knee_rehab.load_session WHERE kind = 'run' GROUP BY clinic_id, episode_id) AS r USING (clinic_id, episode_id)
   WHERE e.runs_with_pain <> r.n OR round(e.load_pain_slope::numeric, 9) IS DISTINCT FROM round(r.s::numeric, 9) $$,
  'episode_outcome under the hostile path: load_pain_slope = regr_slope(pain_during, distance_km) per episode');
SELECT is((SELECT (val::knee_rehab.cohort_recovery).episodes FROM kr_evil
            WHERE obj = 'cohort_recovery' AND (val::knee_rehab.cohort_recovery).dimension = 'sex'
              AND (val::knee_rehab.cohort_recovery).all_clinics AND (val::knee_rehab.cohort_recovery).is_total
              AND (val::knee_rehab.cohort_recovery).definition = 'tests'),
          (SELECT count(*) FROM knee_rehab.episode), 'cohort_recovery all row: every episode');
SELECT is((SELECT round(sum((val::knee_rehab.load_monitoring).run_km)::numeric, 6) FROM kr_evil WHERE obj = 'load_monitoring'),
          (SELECT round(sum(distance_km)::numeric, 6) FROM knee_rehab.load_session WHERE kind = 'run'),
  'load_monitoring run_km adds up to the run distances in load_session');

SELECT * FROM finish();
ROLLBACK;
