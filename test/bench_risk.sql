-- Benchmark: sum(pfps_risk_score(...)) over 1M patients against a plain-SQL
-- CASE expression computing the same product with the default weights.
-- Run: psql -X -f test/bench_risk.sql (in a database with knee_rehab).
-- Alternates the two queries 5 times; compare the median times (\timing).
-- Serial plans, so that the ratio measures the expression, not the workers.
\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE TEMP TABLE bench_patient AS
SELECT (ARRAY['female','male','other','unknown'])[1 + i % 4]::knee_rehab.sex AS sex,
       CASE WHEN i % 10 <> 0 THEN 50 + i % 60 END::float8 AS weight_kg,
       CASE WHEN i % 10 <> 0 THEN 150 + i % 45 END::float8 AS height_cm,
       CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN '{}' WHEN 2 THEN '{acl_tear}'
                  ELSE '{prior_pfps,meniscus_tear}' END::knee_rehab.knee_injury[] AS injuries,
       (ARRAY['neutral','flat','overpronation','high_arch','pttd'])[1 + i % 5]::knee_rehab.foot_type AS foot,
       CASE WHEN i % 3 <> 0 THEN (i % 40)::float8 END AS quad,
       CASE WHEN i % 7 <> 0 THEN (i % 80 - 20)::float8 END AS weekly,
       CASE WHEN i % 2 = 0 THEN (i % 4)::float8 END AS strength
  FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench_patient;
-- Same answer first (the CASE product uses the default weights; float8
-- constants, so neither side pays for numeric arithmetic).
SELECT abs(sum(knee_rehab.pfps_risk_score(sex, weight_kg, height_cm, injuries, foot, quad, weekly, strength))
         / sum(CASE WHEN sex = 'female' THEN float8 '2.23' ELSE float8 '1' END
             * CASE WHEN cardinality(injuries) > 0 THEN float8 '1.7' ELSE float8 '1' END
             * CASE WHEN foot IN ('flat', 'overpronation') THEN float8 '1.2' ELSE float8 '1' END
             * CASE WHEN quad >= 10 THEN float8 '2.0' ELSE float8 '1' END
             * CASE WHEN weekly >= 30 THEN float8 '1.59' ELSE float8 '1' END
             * CASE WHEN weight_kg * float8 '10000' / (height_cm * height_cm) >= 30 THEN float8 '1' ELSE float8 '1' END
             * CASE WHEN strength < 1 THEN float8 '1' ELSE float8 '1' END) - 1) < 1e-12 AS same_sum
  FROM bench_patient;
\timing on
\o /dev/null
\echo c_function
SELECT sum(knee_rehab.pfps_risk_score(sex, weight_kg, height_cm, injuries, foot, quad, weekly, strength)) FROM bench_patient;
\echo sql_case
SELECT sum(CASE WHEN sex = 'female' THEN float8 '2.23' ELSE float8 '1' END
         * CASE WHEN cardinality(injuries) > 0 THEN float8 '1.7' ELSE float8 '1' END
         * CASE WHEN foot IN ('flat', 'overpronation') THEN float8 '1.2' ELSE float8 '1' END
         * CASE WHEN quad >= 10 THEN float8 '2.0' ELSE float8 '1' END
         * CASE WHEN weekly >= 30 THEN float8 '1.59' ELSE float8 '1' END
         * CASE WHEN weight_kg * float8 '10000' / (height_cm * height_cm) >= 30 THEN float8 '1' ELSE float8 '1' END
         * CASE WHEN strength < 1 THEN float8 '1' ELSE float8 '1' END) FROM bench_patient;
\echo c_function
SELECT sum(knee_rehab.pfps_risk_score(sex, weight_kg, height_cm, injuries, foot, quad, weekly, strength)) FROM bench_patient;
\echo sql_case
SELECT sum(CASE WHEN sex = 'female' THEN float8 '2.23' ELSE float8 '1' END
         * CASE WHEN cardinality(injuries) > 0 THEN float8 '1.7' ELSE float8 '1' END
         * CASE WHEN foot IN ('flat', 'overpronation') THEN float8 '1.2' ELSE float8 '1' END
         * CASE WHEN quad >= 10 THEN float8 '2.0' ELSE float8 '1' END
         * CASE WHEN weekly >= 30 THEN float8 '1.59' ELSE float8 '1' END
         * CASE WHEN weight_kg * float8 '10000' / (height_cm * height_cm) >= 30 THEN float8 '1' ELSE float8 '1' END
         * CASE WHEN strength < 1 THEN float8 '1' ELSE float8 '1' END) FROM bench_patient;
\echo c_function
SELECT sum(knee_rehab.pfps_risk_score(sex, weight_kg, height_cm, injuries, foot, quad, weekly, strength)) FROM bench_patient;
\echo sql_case
SELECT sum(CASE WHEN sex = 'female' THEN float8 '2.23' ELSE float8 '1' END
         * CASE WHEN cardinality(injuries) > 0 THEN float8 '1.7' ELSE float8 '1' END
         * CASE WHEN foot IN ('flat', 'overpronation') THEN float8 '1.2' ELSE float8 '1' END
         * CASE WHEN quad >= 10 THEN float8 '2.0' ELSE float8 '1' END
         * CASE WHEN weekly >= 30 THEN float8 '1.59' ELSE float8 '1' END
         * CASE WHEN weight_kg * float8 '10000' / (height_cm * height_cm) >= 30 THEN float8 '1' ELSE float8 '1' END
         * CASE WHEN strength < 1 THEN float8 '1' ELSE float8 '1' END) FROM bench_patient;
\echo c_function
SELECT sum(knee_rehab.pfps_risk_score(sex, weight_kg, height_cm, injuries, foot, quad, weekly, strength)) FROM bench_patient;
\echo sql_case
SELECT sum(CASE WHEN sex = 'female' THEN float8 '2.23' ELSE float8 '1' END
         * CASE WHEN cardinality(injuries) > 0 THEN float8 '1.7' ELSE float8 '1' END
         * CASE WHEN foot IN ('flat', 'overpronation') THEN float8 '1.2' ELSE float8 '1' END
         * CASE WHEN quad >= 10 THEN float8 '2.0' ELSE float8 '1' END
         * CASE WHEN weekly >= 30 THEN float8 '1.59' ELSE float8 '1' END
         * CASE WHEN weight_kg * float8 '10000' / (height_cm * height_cm) >= 30 THEN float8 '1' ELSE float8 '1' END
         * CASE WHEN strength < 1 THEN float8 '1' ELSE float8 '1' END) FROM bench_patient;
\echo c_function
SELECT sum(knee_rehab.pfps_risk_score(sex, weight_kg, height_cm, injuries, foot, quad, weekly, strength)) FROM bench_patient;
\echo sql_case
SELECT sum(CASE WHEN sex = 'female' THEN float8 '2.23' ELSE float8 '1' END
         * CASE WHEN cardinality(injuries) > 0 THEN float8 '1.7' ELSE float8 '1' END
         * CASE WHEN foot IN ('flat', 'overpronation') THEN float8 '1.2' ELSE float8 '1' END
         * CASE WHEN quad >= 10 THEN float8 '2.0' ELSE float8 '1' END
         * CASE WHEN weekly >= 30 THEN float8 '1.59' ELSE float8 '1' END
         * CASE WHEN weight_kg * float8 '10000' / (height_cm * height_cm) >= 30 THEN float8 '1' ELSE float8 '1' END
         * CASE WHEN strength < 1 THEN float8 '1' ELSE float8 '1' END) FROM bench_patient;
\o
-- The floor both share: reading the eight columns and summing.
\echo scan_floor
\o /dev/null
SELECT count(sex), count(weight_kg), count(height_cm), count(injuries), count(foot), count(quad), count(weekly), count(strength) FROM bench_patient;
\o
