-- triage(findings): red flags refer; pain location and provocation give the
-- likely overuse condition (clinical reference, triage; Crossley 2016).
SET search_path = knee_rehab, public;
-- Around the kneecap with squat pain: patellofemoral pain, no referral.
SELECT * FROM triage('peripatellar', squat_pain => true);
-- Behind the kneecap, movie-goer's sign alone is enough (prolonged sitting).
SELECT * FROM triage('retropatellar', movie_goers_sign => true);
-- Around the kneecap, no loaded-flexion or sitting pain: criteria not met.
SELECT * FROM triage('peripatellar', squat_pain => false, stairs_pain => false);
-- Outer knee, below the kneecap, medial, nothing recorded.
SELECT likely_condition, refer, reasons FROM triage('lateral', running_pain => true);
SELECT likely_condition, refer, reasons FROM triage('inferior_patellar');
SELECT likely_condition, refer, reasons FROM triage('medial', stairs_pain => true);
SELECT likely_condition, refer, reasons FROM triage();
-- Every red flag and Ottawa criterion at once: refer, X-ray, one reason each.
SELECT * FROM triage('peripatellar', squat_pain => true, pop_at_injury => true,
                     swelling_within_4h => true, locking => true, giving_way => true,
                     age_years => 55, isolated_patellar_tenderness => true,
                     fibular_head_tenderness => true, cannot_flex_90 => true,
                     cannot_bear_weight_4_steps => true);
-- Age 54 is not an Ottawa criterion; 55 is.
SELECT (triage(age_years => 54)).refer AS refer_54, (triage(age_years => 55)).refer AS refer_55;
SELECT triage(age_years => 131);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT triage('kneecap');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
