-- Sentinelle bridge: change-feed cursor, patients, studies and their AI analyses.

-- Where the follower stands in Orthanc's change feed (one row per followed source).
CREATE TABLE change_cursor (
  source     text PRIMARY KEY,
  last_seq   bigint NOT NULL CHECK (last_seq >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Protected health information: read and written only through src/db/patients.ts, so that the
-- encryption of these columns (a later issue) changes one module. Text columns on purpose: DICOM
-- dates are not always valid dates, and encrypted values will not be either.
CREATE TABLE patient (
  id         bigserial PRIMARY KEY,
  patient_id text NOT NULL,
  issuer     text NOT NULL DEFAULT '',
  name       text,
  birth_date text,
  sex        text,
  -- Set through the API: every study of this patient is analysed first (priority stat).
  urgent     boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (patient_id, issuer)
);

CREATE TABLE study (
  id                 bigserial PRIMARY KEY,
  study_instance_uid text NOT NULL UNIQUE,
  orthanc_id         text NOT NULL,
  -- Null for studies without mammography: Sentinelle keeps no patient data for them.
  patient_ref        bigint REFERENCES patient (id),
  accession_number   text,
  study_date         date,
  description        text,
  modalities         text[] NOT NULL DEFAULT '{}',
  -- Mammography views present, laterality + view code: RCC, LCC, RMLO, LMLO, ...
  views              text[] NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX study_patient_idx ON study (patient_ref);

CREATE TABLE analysis (
  id                 bigserial PRIMARY KEY,
  study_instance_uid text NOT NULL REFERENCES study (study_instance_uid) ON DELETE CASCADE,
  model_id           text NOT NULL,
  model_version      text NOT NULL,
  status             text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'skipped')),
  -- Current priority (aging raises it); requested_priority and requested_at are what triage or a
  -- user asked, from which aging counts.
  priority           text NOT NULL CHECK (priority IN ('stat', 'diagnostic', 'screening')),
  requested_priority text NOT NULL CHECK (requested_priority IN ('stat', 'diagnostic', 'screening')),
  requested_at       timestamptz NOT NULL DEFAULT now(),
  -- Why it failed or was skipped, for a person to read.
  reason             text,
  -- `<StudyInstanceUID>:<modelVersion>`: one analysis per study and model version.
  job_id             text NOT NULL UNIQUE,
  -- The image set analysed: Orthanc ids of the MG images, and a digest of their SOP Instance UIDs.
  -- The revision grows each time the set changes and the study is analysed again.
  instances          text[] NOT NULL DEFAULT '{}',
  instances_digest   text,
  revision           integer NOT NULL DEFAULT 1,
  enqueued_at        timestamptz,
  started_at         timestamptz,
  finished_at        timestamptz,
  attempts           integer NOT NULL DEFAULT 0,
  timings            jsonb,
  exam_score         double precision,
  -- What the worker produced: SOP Instance and Series UIDs of the SR and SEG objects.
  result             jsonb,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analysis_status_idx ON analysis (status, priority);
