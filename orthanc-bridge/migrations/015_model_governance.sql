-- Sentinelle bridge: model governance (issue 22 §3). A candidate model runs in shadow beside the
-- model in use; its results stay in these tables (never in Orthanc, the worklist or a report); a
-- physician-admin compares the two on the site's read cases and promotes the candidate, or rolls
-- back. The model in use is the last promotion's (or the registry default before any): read from
-- here by every bridge replica.

-- A candidate put in shadow by a physician-admin; at most one at a time.
CREATE TABLE shadow_candidate (
  id            bigserial PRIMARY KEY,
  model_id      text NOT NULL CHECK (model_id ~ '^[a-z0-9-]+$'),
  model_version text NOT NULL CHECK (model_version <> ''),
  started_by    bigint NOT NULL REFERENCES user_account (id),
  started_at    timestamptz NOT NULL DEFAULT now(),
  stopped_by    bigint REFERENCES user_account (id),
  stopped_at    timestamptz,
  CHECK ((stopped_by IS NULL) = (stopped_at IS NULL))
);
CREATE UNIQUE INDEX shadow_candidate_one_active_idx ON shadow_candidate ((true)) WHERE stopped_at IS NULL;

-- One shadow analysis per study and candidate model version: the candidate's exam-level score and
-- findings on the same MG images as the clinical analysis. A changed image set is a new revision.
CREATE TABLE shadow_analysis (
  id                 bigserial PRIMARY KEY,
  study_instance_uid text NOT NULL REFERENCES study (study_instance_uid) ON DELETE CASCADE,
  model_id           text NOT NULL,
  model_version      text NOT NULL,
  status             text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  instances          text[] NOT NULL CHECK (cardinality(instances) > 0),
  instances_digest   text NOT NULL,
  revision           integer NOT NULL DEFAULT 1,
  attempts           integer NOT NULL DEFAULT 0,
  reason             text,
  -- Exam-level calibrated probability of malignancy (0-1) and the worker's ExamFindings.
  malignancy_score   double precision CHECK (malignancy_score BETWEEN 0 AND 1),
  findings           jsonb,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz,
  UNIQUE (study_instance_uid, model_id, model_version),
  CHECK ((status = 'done') = (malignancy_score IS NOT NULL))
);
CREATE INDEX shadow_analysis_model_idx ON shadow_analysis (model_id, model_version, status);

-- A comparison as a physician-admin saw it: the snapshot a promotion is approved on.
CREATE TABLE model_comparison (
  id                      bigserial PRIMARY KEY,
  current_model_id        text NOT NULL,
  current_model_version   text NOT NULL,
  candidate_model_id      text NOT NULL,
  candidate_model_version text NOT NULL,
  cases                   integer NOT NULL CHECK (cases >= 0),
  positives               integer NOT NULL CHECK (positives >= 0),
  negatives               integer NOT NULL CHECK (negatives >= 0),
  -- The whole comparison (statistics, thresholds, truth rule, disagreeing study UIDs).
  snapshot                jsonb NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
  created_by              bigint NOT NULL REFERENCES user_account (id),
  created_at              timestamptz NOT NULL DEFAULT now()
);

-- Every change of the model in use, never edited: the last row is the model in use.
CREATE TABLE model_promotion (
  id                     bigserial PRIMARY KEY,
  action                 text NOT NULL CHECK (action IN ('promote', 'rollback')),
  model_id               text NOT NULL,
  model_version          text NOT NULL,
  previous_model_id      text NOT NULL,
  previous_model_version text NOT NULL,
  -- The comparison a promotion was approved on; none for a rollback.
  comparison_id          bigint REFERENCES model_comparison (id),
  decided_by             bigint NOT NULL REFERENCES user_account (id),
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK ((action = 'promote') = (comparison_id IS NOT NULL)),
  CHECK ((model_id, model_version) <> (previous_model_id, previous_model_version))
);
CREATE TRIGGER model_promotion_append_only BEFORE UPDATE OR DELETE ON model_promotion
  FOR EACH ROW EXECUTE FUNCTION sentinelle_append_only();
CREATE TRIGGER model_comparison_append_only BEFORE UPDATE OR DELETE ON model_comparison
  FOR EACH ROW EXECUTE FUNCTION sentinelle_append_only();
