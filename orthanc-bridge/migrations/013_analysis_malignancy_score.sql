-- Sentinelle bridge: the analysis's exam-level calibrated probability of malignancy (0–1) was
-- stored as exam_score, the name the findings now give to the exam score 1–10
-- (analysis.findings ->> 'examScore', @sentinelle/reporting examScore). The column takes the
-- name of what it holds; rows keep their value (a rename copies nothing).
ALTER TABLE analysis RENAME COLUMN exam_score TO malignancy_score;

COMMENT ON COLUMN analysis.malignancy_score IS
  'exam-level calibrated probability of malignancy (0-1) of a done analysis; the exam score 1-10 is in findings';
