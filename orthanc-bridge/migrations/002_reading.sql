-- Sentinelle bridge: the radiologist's reading of a study. The AI findings kept on the analysis,
-- the readers, and every decision a reader records: validations, revisions (reader SRs stored in
-- Orthanc) and consultations of a colleague. Each row says who (reader) and when (created_at).

-- The worker's ExamFindings (@sentinelle/reporting ExamFindingsSchema) of a done analysis; reset
-- when the analysis is queued again.
ALTER TABLE analysis ADD COLUMN findings jsonb;

-- The people who read studies. Until accounts and sessions exist, a request names its reader with
-- the X-Sentinelle-Reader header (see src/api/readers/identity.ts), which must match a login here.
CREATE TABLE reader (
  id           bigserial PRIMARY KEY,
  login        text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
  -- DICOM PN, e.g. Martin^Claire: the Person Observer Name of the reader's SRs.
  person_name  text NOT NULL CHECK (length(person_name) BETWEEN 1 AND 64),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 128),
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Rows of these two tables are never changed nor deleted: a later decision is a new row.
CREATE FUNCTION sentinelle_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: record a new row instead', TG_TABLE_NAME;
END
$$;

-- A reader agrees or disagrees with the AI results, overall and lesion by lesion.
CREATE TABLE reading_validation (
  id                 bigserial PRIMARY KEY,
  study_instance_uid text NOT NULL REFERENCES study (study_instance_uid),
  analysis_id        bigint NOT NULL REFERENCES analysis (id),
  -- The analysis revision whose findings were validated (a changed image set makes a new one).
  analysis_revision  integer NOT NULL,
  reader_id          bigint NOT NULL REFERENCES reader (id),
  overall            text NOT NULL CHECK (overall IN ('agree', 'disagree')),
  -- @sentinelle/reporting BIRADS_CATEGORIES.
  birads             text CHECK (birads IN ('0', '1', '2', '3', '4', '4A', '4B', '4C', '5', '6')),
  -- [{ "lesionKey": "<SOP Instance UID>:<lesion id>", "agree": true }]
  lesions            jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(lesions) = 'array'),
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reading_validation_study_idx ON reading_validation (study_instance_uid, created_at);
CREATE TRIGGER reading_validation_append_only BEFORE UPDATE OR DELETE ON reading_validation
  FOR EACH ROW EXECUTE FUNCTION sentinelle_append_only();

-- A reader's revision of the AI results: a new SR in Orthanc (the AI SR is its predecessor and
-- stays as it is), numbered 1, 2, 3... per study.
CREATE TABLE reading_revision (
  id                     bigserial PRIMARY KEY,
  study_instance_uid     text NOT NULL REFERENCES study (study_instance_uid),
  analysis_id            bigint NOT NULL REFERENCES analysis (id),
  analysis_revision      integer NOT NULL,
  reader_id              bigint NOT NULL REFERENCES reader (id),
  revision_number        integer NOT NULL CHECK (revision_number > 0),
  sr_series_instance_uid text NOT NULL,
  sr_sop_instance_uid    text NOT NULL UNIQUE,
  -- ReaderFinding[] (@sentinelle/reporting ReaderFindingSchema).
  findings               jsonb NOT NULL CHECK (jsonb_typeof(findings) = 'array'),
  created_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_instance_uid, revision_number)
);
CREATE TRIGGER reading_revision_append_only BEFORE UPDATE OR DELETE ON reading_revision
  FOR EACH ROW EXECUTE FUNCTION sentinelle_append_only();

-- A reader asks a colleague about a study; the colleague answers once. The note and the answer are
-- free text about a patient: read and written only through src/db/consultations.ts (a later issue
-- encrypts them, hence no length check here: the API checks lengths before encryption).
CREATE TABLE consultation (
  id                 bigserial PRIMARY KEY,
  study_instance_uid text NOT NULL REFERENCES study (study_instance_uid),
  requester_id       bigint NOT NULL REFERENCES reader (id),
  colleague_id       bigint NOT NULL REFERENCES reader (id),
  note               text NOT NULL,
  answer             text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  answered_at        timestamptz,
  CHECK (requester_id <> colleague_id),
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX consultation_study_idx ON consultation (study_instance_uid);
CREATE INDEX consultation_colleague_idx ON consultation (colleague_id, answered_at);
CREATE INDEX consultation_requester_idx ON consultation (requester_id);
