-- make demo: data for the two plots, written as CSV into :outdir.
-- km_<tier>.csv: knee_rehab.cohort_recovery_curve (dimension risk_tier) as
-- share recovered, 1 - S(t), with its 95 % log-log band (1 - ci_high,
-- 1 - ci_low; where the band is undefined, at S = 1 or 0, it closes on the
-- curve), doubled at each step so it draws as steps, and carried to the
-- tier's last follow-up (the curve's last row, an event or a censoring).
-- km_def_<definition>.csv: the same for every episode (all risk tiers,
-- across the clinics) under each recovery definition (tests, groc,
-- return_to_run), for the plot of the three definitions.
-- runner_runs.csv: the story's runs (distance, pain during, week).
\set QUIET on
\pset footer off
SELECT :'outdir' || '/km_low.csv' AS f_low, :'outdir' || '/km_moderate.csv' AS f_moderate,
       :'outdir' || '/km_high.csv' AS f_high, :'outdir' || '/runner_runs.csv' AS f_runs,
       :'outdir' || '/gp_vars.txt' AS f_vars, :'outdir' || '/km_def_tests.csv' AS f_def_tests,
       :'outdir' || '/km_def_groc.csv' AS f_def_groc, :'outdir' || '/km_def_return_to_run.csv' AS f_def_rtr \gset
CREATE TEMP TABLE demo_km_steps AS
WITH k AS (
  -- tier: the risk tier (definition tests), or def:<definition> for the
  -- total curve of each definition
  SELECT CASE WHEN c.is_total THEN 'def:' || c.definition ELSE c.cohort END AS tier, c.day AS days, c.recovered_share AS rec,
         coalesce(1 - c.ci_high, c.recovered_share) AS lo,
         coalesce(1 - c.ci_low, c.recovered_share) AS hi
    FROM knee_rehab.cohort_recovery_curve AS c
   WHERE c.all_clinics AND c.dimension = 'risk_tier' AND (c.is_total OR c.definition = 'tests')
), s AS (
  SELECT k.*, lag(rec, 1, 0::float8) OVER w AS prev_rec,
         lag(lo, 1, 0::float8) OVER w AS prev_lo, lag(hi, 1, 0::float8) OVER w AS prev_hi
    FROM k WINDOW w AS (PARTITION BY tier ORDER BY days)
)
SELECT tier, 0::float8 AS days, 0 AS seq, 0::float8 AS rec, 0::float8 AS lo, 0::float8 AS hi
  FROM (SELECT DISTINCT tier FROM k) AS t
UNION ALL SELECT tier, days, 1, prev_rec, prev_lo, prev_hi FROM s
UNION ALL SELECT tier, days, 2, rec, lo, hi FROM s;
\o :f_low
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'low' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_moderate
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'moderate' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_high
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'high' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_def_tests
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'def:tests' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_def_groc
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'def:groc' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_def_rtr
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'def:return_to_run' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_runs
COPY (SELECT l.distance_km, l.pain_during, (l.session_date - e.first_visit) / 7 + 1 AS week
        FROM knee_rehab.load_session AS l JOIN knee_rehab.episode AS e USING (clinic_id, episode_id)
       WHERE l.clinic_id = :'runner_clinic' AND l.episode_id = :runner_episode AND l.kind = 'run' ORDER BY l.session_date)
  TO STDOUT WITH (FORMAT csv);
\o
-- Fitted lines (load_pain_trend) for the first and the last two-week block
-- with a rising fit, for the plot's title and lines (gnuplot variables;
-- zeros when there is none).
SELECT 'a1=' || coalesce(f.intercept, 0) || ';b1=' || coalesce(f.slope, 0)
       || ';c1=' || coalesce(f.pain_free_capacity, 0)
       || ';w1=' || coalesce(f.block * 2 + 1, 0) || ';'
       || 'a2=' || coalesce(l.intercept, 0) || ';b2=' || coalesce(l.slope, 0)
       || ';c2=' || coalesce(l.pain_free_capacity, 0)
       || ';w2=' || coalesce(l.block * 2 + 1, 0) || ';pf=' || knee_rehab.pain_free_nrs()
       || ';runner="' || :'runner_ref' || '"' AS gp_vars
  FROM (SELECT 1) AS one
  LEFT JOIN (SELECT * FROM demo_runner_blocks WHERE slope > 0 AND n >= 4 ORDER BY block LIMIT 1) AS f ON true
  LEFT JOIN (SELECT * FROM demo_runner_blocks WHERE slope > 0 AND n >= 4 ORDER BY block DESC LIMIT 1) AS l ON true \gset
\o :f_vars
\qecho :gp_vars
\o
