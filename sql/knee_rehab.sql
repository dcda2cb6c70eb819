-- knee_rehab: the extension installs into schema knee_rehab with every
-- object of the public API, and its settings have the design's defaults.
CREATE EXTENSION knee_rehab;
-- The members of the extension as psql's \dx+ lists them on PostgreSQL 15,
-- that is without the types that come with another object (a table's or
-- view's row type, a type's array type), which PostgreSQL 17 and later also
-- record as members (and psql then lists): same output on every version.
\pset title 'Objects in extension "knee_rehab"'
SELECT pg_describe_object(d.classid, d.objid, 0) AS "Object description"
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'knee_rehab')
   AND NOT EXISTS (SELECT 1 FROM pg_type t
                    WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid
                      AND (t.oid = (SELECT e.typarray FROM pg_type e WHERE e.oid = t.typelem)
                           OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')))
 ORDER BY 1;
\pset title
SELECT extname, extversion, nspname, extrelocatable
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE extname = 'knee_rehab';
-- Settings and their typed accessors (defaults: 0, 30, 5).
SHOW knee_rehab.pain_free_nrs;
SHOW knee_rehab.knee_bend_target_deg;
SHOW knee_rehab.min_cell_size;
SELECT knee_rehab.pain_free_nrs(), knee_rehab.knee_bend_target_deg(), knee_rehab.min_cell_size();
SET knee_rehab.pain_free_nrs = 2;
SELECT knee_rehab.pain_free_nrs();
RESET knee_rehab.pain_free_nrs;
-- Out-of-range settings are refused (22023).
SET knee_rehab.pain_free_nrs = 11;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET knee_rehab.knee_bend_target_deg = -1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET knee_rehab.min_cell_size = 0;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- The prefix is reserved: a misspelt setting is an error, not a silent placeholder.
SET knee_rehab.pain_free = 1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
