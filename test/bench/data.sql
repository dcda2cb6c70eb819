-- Benchmark data (psql variables :rows, :episodes): plain unlogged tables,
-- deterministic (setseed), shaped like a clinic's load log.
SELECT setseed(0.42);

-- :rows load/pain pairs over :episodes episodes, about 100 per episode, one
-- a day, interleaved across episodes as a clinic's log would be.
CREATE UNLOGGED TABLE bench_load AS
SELECT (g % :episodes) + 1 AS episode_id,
       date '2025-01-01' + (g / :episodes)::int AS day,
       (date '2025-01-01' + (g / :episodes)::int)::timestamptz AS at,
       l AS load,
       least(10, greatest(0, 0.4 * l - 1 + 2 * random())) AS pain
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
       (enum_range(NULL::knee_rehab.foot_type))[1 + floor(random() * 5)::int] AS foot
  FROM generate_series(1, :episodes * 10);
ANALYZE bench_patient;
