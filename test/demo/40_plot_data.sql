-- make demo: data for the two plots, written as CSV into :outdir.
-- km_<tier>.csv: the Kaplan-Meier curve as share recovered, 1 - S(t), with
-- its 95 % log-log band, doubled at each event time so it draws as steps
-- (INTERIM: from demo_km in 00_setup.sql until cohort_recovery_curve lands).
-- runner_runs.csv: the story's runs (distance, pain during, week).
\set QUIET on
\pset footer off
SELECT :'outdir' || '/km_low.csv' AS f_low, :'outdir' || '/km_moderate.csv' AS f_moderate,
       :'outdir' || '/km_high.csv' AS f_high, :'outdir' || '/runner_runs.csv' AS f_runs,
       :'outdir' || '/gp_vars.txt' AS f_vars \gset
CREATE TEMP VIEW demo_km_steps AS
WITH k AS (
  SELECT tier, days, 1 - surv AS rec, 1 - upper AS lo, 1 - lower AS hi,
         lag(1 - surv, 1, 0::float8) OVER w AS prev_rec,
         lag(1 - upper, 1, 0::float8) OVER w AS prev_lo,
         lag(1 - lower, 1, 0::float8) OVER w AS prev_hi
    FROM demo_km WINDOW w AS (PARTITION BY tier ORDER BY days)
)
SELECT tier, 0 AS days, 0 AS seq, 0::float8 AS rec, 0::float8 AS lo, 0::float8 AS hi
  FROM (SELECT DISTINCT tier FROM demo_episode) t
UNION ALL SELECT tier, days, 1, prev_rec, prev_lo, prev_hi FROM k
UNION ALL SELECT tier, days, 2, rec, lo, hi FROM k
UNION ALL                       -- carried to the last follow-up of the tier
SELECT e.tier, max(e.days), 3,
       (SELECT k2.rec FROM k k2 WHERE k2.tier = e.tier ORDER BY k2.days DESC LIMIT 1),
       (SELECT k2.lo FROM k k2 WHERE k2.tier = e.tier ORDER BY k2.days DESC LIMIT 1),
       (SELECT k2.hi FROM k k2 WHERE k2.tier = e.tier ORDER BY k2.days DESC LIMIT 1)
  FROM demo_episode e GROUP BY e.tier;
\o :f_low
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'low' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_moderate
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'moderate' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_high
COPY (SELECT days, rec, lo, hi FROM demo_km_steps WHERE tier = 'high' ORDER BY days, seq) TO STDOUT WITH (FORMAT csv);
\o :f_runs
COPY (SELECT l.distance_km, l.pain_during, (l.session_date - e.first_visit) / 7 + 1 AS week
        FROM knee_rehab.load_session l JOIN knee_rehab.episode e USING (clinic_id, episode_id)
       WHERE l.episode_id = :runner_episode AND l.kind = 'run' ORDER BY l.session_date)
  TO STDOUT WITH (FORMAT csv);
\o
-- Fitted lines for the first and the last two-week block with a fit, for
-- the plot's title and lines (gnuplot variables; zeros when there is none).
SELECT 'a1=' || coalesce(f.intercept, 0) || ';b1=' || coalesce(f.slope, 0)
       || ';c1=' || coalesce((knee_rehab.pain_free_nrs() - f.intercept) / f.slope, 0)
       || ';w1=' || coalesce(f.block * 2 + 1, 0) || ';'
       || 'a2=' || coalesce(l.intercept, 0) || ';b2=' || coalesce(l.slope, 0)
       || ';c2=' || coalesce((knee_rehab.pain_free_nrs() - l.intercept) / l.slope, 0)
       || ';w2=' || coalesce(l.block * 2 + 1, 0) || ';pf=' || knee_rehab.pain_free_nrs()
       || ';runner="' || :'runner_ref' || '"' AS gp_vars
  FROM (SELECT 1) AS one
  LEFT JOIN (SELECT * FROM demo_runner_blocks WHERE slope > 0 AND runs >= 4 ORDER BY block LIMIT 1) f ON true
  LEFT JOIN (SELECT * FROM demo_runner_blocks WHERE slope > 0 AND runs >= 4 ORDER BY block DESC LIMIT 1) l ON true \gset
\o :f_vars
\qecho :gp_vars
\o
