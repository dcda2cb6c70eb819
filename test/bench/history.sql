-- make bench, dashboard part (psql variable :years): copy the simulated
-- network's episodes :years - 1 more times behind the same runners, each
-- copy shifted back 364 days a year (whole weeks, so weekdays stay) and
-- discharged, so the active runners on the data's last day are the same as
-- without the history and only the discharged history grows.  Every table
-- with episode rows is copied; ids get k * 1e9 added (exercise ids too, so
-- the log still points at its prescription), dates and times move back.
-- SPDX-License-Identifier: GPL-3.0-or-later
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SELECT set_config('knee_rehab_bench.copies', ((:years)::integer - 1)::text, false) AS copies \gset
DO $do$
DECLARE
  copies constant integer := current_setting('knee_rehab_bench.copies')::integer;
  t      text;
  cols   text;
  exprs  text;
BEGIN
  FOR k IN 1 .. copies LOOP
    FOREACH t IN ARRAY ARRAY['episode', 'knee_test', 'load_session', 'outcome_measure', 'home_exercise',
                             'home_exercise_log', 'gait_assessment', 'equipment_change', 'side_measure'] LOOP
      SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
             string_agg(CASE
                          WHEN t = 'episode' AND a.attname = 'discharged_on'
                            THEN format('coalesce(discharged_on, date %L) - %s', '2025-12-31', 364 * k)
                          WHEN t = 'episode' AND a.attname = 'discharge_reason'
                            THEN 'coalesce(discharge_reason, ''self_discharged'')'
                          WHEN a.attname IN ('clinic_id', 'patient_id') THEN quote_ident(a.attname)
                          WHEN a.atttypid = 'bigint'::regtype AND a.attname LIKE '%\_id'
                            THEN format('%I + %s::bigint * 1000000000', a.attname, k)
                          WHEN a.atttypid = 'date'::regtype
                            THEN format('%I - %s', a.attname, 364 * k)
                          WHEN a.atttypid = 'timestamptz'::regtype
                            THEN format('%I - interval ''%s days''', a.attname, 364 * k)
                          ELSE quote_ident(a.attname) END, ', ' ORDER BY a.attnum)
        INTO cols, exprs
        FROM pg_attribute AS a
       WHERE a.attrelid = format('knee_rehab.%I', t)::regclass AND a.attnum > 0 AND NOT a.attisdropped
         AND a.attgenerated = '';
      EXECUTE format('INSERT INTO knee_rehab.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM knee_rehab.%I'
                     ' WHERE episode_id < 1000000000', t, cols, exprs, t);
    END LOOP;
  END LOOP;
END
$do$;
VACUUM ANALYZE;
