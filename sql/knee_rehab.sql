-- knee_rehab: the extension installs into schema knee_rehab with every
-- object of the public API, and its settings have the design's defaults.
CREATE EXTENSION knee_rehab;
\dx+ knee_rehab
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
