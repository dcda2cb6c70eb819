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
-- Every red flag and Ottawa criterion at once, injury 2 days ago (acute):
-- refer, X-ray, one reason each.
SELECT * FROM triage('peripatellar', squat_pain => true, pop_at_injury => true,
                     swelling_within_4h => true, locking => true, giving_way => true,
                     age_years => 55, isolated_patellar_tenderness => true,
                     fibular_head_tenderness => true, cannot_flex_90 => true,
                     cannot_bear_weight_4_steps => true, days_since_injury => 2);
-- In acute trauma, age 54 is not an Ottawa criterion; 55 is.
SELECT (triage(age_years => 54, days_since_injury => 1)).refer AS refer_54,
       (triage(age_years => 55, days_since_injury => 1)).refer AS refer_55;
-- Without acute trauma the Ottawa knee rule does not apply (Stiell 1996):
-- the issue's case is PFPS, and a reason says the rule was not applied.
SELECT * FROM triage('peripatellar', squat_pain => true, movie_goers_sign => true, age_years => 56);
SELECT likely_condition, refer, xray_indicated, reasons FROM triage(isolated_patellar_tenderness => true, days_since_injury => 8);
-- Giving way: a red flag only after a specific injury or with effusion.
SELECT likely_condition, refer, reasons FROM triage('medial', small_knee_bend_pain => true, giving_way => true);
SELECT likely_condition, refer, reasons FROM triage('medial', small_knee_bend_pain => true, giving_way => true, effusion => true);
SELECT triage(age_years => 131);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT triage('kneecap');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
