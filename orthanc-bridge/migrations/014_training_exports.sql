-- Sentinelle bridge: training exports (issue 22 §2). A physician-admin selects read cases (signed
-- report, reader's marks) and the inference worker writes them, de-identified, as a training set
-- under its data folder. The bridge records what was asked and which studies were taken; the
-- worker records how it went: its verification report and provenance hold pseudonyms only.

CREATE TABLE training_export (
  id           uuid PRIMARY KEY,
  -- The de-identification project: UIDs and patient IDs map to the same pseudonyms in every export
  -- of one project (a keyed hash with the project's key, kept by the worker), never across projects.
  project      text NOT NULL CHECK (project ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  state        text NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'running', 'released', 'failed-verification', 'failed')),
  -- What the physician-admin asked: { from, to, assessments, project, retainDeviceIdentity }.
  criteria     jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'object'),
  requested_by bigint NOT NULL REFERENCES user_account (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  -- Why the export was not released (failed verification) or failed, for a person to read.
  reasons      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reasons) = 'array'),
  -- The de-identifier's verification report and the export's provenance (pseudonyms only).
  verification jsonb,
  provenance   jsonb,
  -- Images written, and the export's folder relative to the worker's exports folder once released.
  images       integer CHECK (images >= 0),
  location     text,
  CHECK ((state = 'released') = (location IS NOT NULL)),
  CHECK ((state IN ('queued', 'running')) = (finished_at IS NULL))
);
CREATE INDEX training_export_created_idx ON training_export (created_at DESC);

-- The studies an export takes, with what the worker needs of each (labels per breast from the
-- final reading, the readers' marks): fixed when the export is asked for, so that a later
-- addendum changes the next export, not this one.
CREATE TABLE training_export_case (
  export_id          uuid NOT NULL REFERENCES training_export (id) ON DELETE CASCADE,
  position           integer NOT NULL CHECK (position > 0),
  study_instance_uid text NOT NULL REFERENCES study (study_instance_uid),
  -- A TrainingCase (src/trainingExports/queueContract.ts).
  spec               jsonb NOT NULL CHECK (jsonb_typeof(spec) = 'object'),
  PRIMARY KEY (export_id, position),
  UNIQUE (export_id, study_instance_uid)
);
CREATE INDEX training_export_case_study_idx ON training_export_case (study_instance_uid);
