-- Benchmark data (psql variables :rows, :episodes): plain unlogged tables,
-- deterministic (setseed), shaped like a clinic's load log.
SELECT setseed(0.42) \gset

-- :rows load/pain pairs over :episodes episodes, about 100 per episode, one
-- a day, interleaved across episodes as a clinic's log would be.
CREATE UNLOGGED TABLE bench_load AS
SELECT (g % :episodes) + 1 AS episode_id,
       date '2025-01-01' + (g / :episodes)::int AS day,
       (date '2025-01-01' + (g / :episodes)::int)::timestamptz AS at,
       l AS load,
       least(10, greatest(0, 0.4 * l - 1 + 2 * random())) AS pain,
       -- time-to-event pairs for recovery_km: whole days 1-180, 70 % events
       1 + floor(180 * random()) AS days,
       random() < 0.7 AS recovered
  FROM (SELECT g, 1 + 15 * random() AS l FROM generate_series(0, :rows - 1) AS g) AS s;
ANALYZE bench_load;

-- A tenth of the episodes (about 1M rows at SCALE=1) for the window aggregate.
CREATE UNLOGGED TABLE bench_acwr AS
SELECT episode_id, day, load FROM bench_load WHERE episode_id <= :episodes / 10;
ANALYZE bench_acwr;

-- :episodes * 10 patients (1M at SCALE=1) for the risk score.
CREATE UNLOGGED TABLE bench_patient AS
SELECT (ARRAY['female', 'male', 'other', 'unknown'])[1 + floor(random() * 4)::int]::knee_rehab.sex AS sex,
       45 + 50 * random() AS weight_kg,
       150 + 45 * random() AS height_cm,
       CASE WHEN random() < 0.25 THEN '{prior_pfps}'::knee_rehab.knee_injury[] ELSE '{}' END AS injuries,
       (enum_range(NULL::knee_rehab.foot_type))[1 + floor(random() * 5)::int] AS foot,
       CASE WHEN random() < 0.7 THEN floor(40 * random()) END AS quad,
       CASE WHEN random() < 0.8 THEN floor(80 * random()) - 20 END AS weekly,
       CASE WHEN random() < 0.5 THEN floor(4 * random()) END AS strength
  FROM generate_series(1, :episodes * 10);
ANALYZE bench_patient;

-- The comparisons below are only fair if both sides compute the same thing.
\echo same answers on both sides (all true):
SELECT abs(sum(knee_rehab.pfps_risk_score(sex, weight_kg, height_cm, injuries, foot, quad, weekly, strength))
           / sum(CASE WHEN sex = 'female' THEN float8 '2.23' ELSE float8 '1' END
                 * CASE WHEN cardinality(injuries) > 0 THEN float8 '1.7' ELSE float8 '1' END
                 * CASE WHEN foot IN ('flat', 'overpronation') THEN float8 '1.2' ELSE float8 '1' END
                 * CASE WHEN quad >= 10 THEN float8 '1.75' ELSE float8 '1' END
                 * CASE WHEN weekly >= 30 THEN float8 '1.59' ELSE float8 '1' END) - 1) < 1e-12 AS risk_same_sum
  FROM bench_patient;
SELECT (knee_rehab.load_pain_trend(load, pain)).slope = regr_slope(pain, load) AS trend_same_slope
  FROM bench_load;
