-- Sentinelle bridge: a patient's identity is kept, not overwritten (issue 14, findings 2 and 4).
--
-- A patient row is created by intake only, in the site of the institution that sent the images.
-- Rows that a flag created before (no study of theirs was ever taken in) lose the site the flagging
-- user gave them: intake places them in the sending institution's site when their images arrive.
UPDATE patient p SET site = NULL
  WHERE NOT EXISTS (SELECT 1 FROM study s WHERE s.patient_ref = p.id);

-- Images whose demographics disagree with the patient's recorded ones (same PatientID and issuer,
-- another name, birth date or sex) leave the patient as it is and are recorded here, until a
-- physician decides: accept the new identity, or keep the current one. The demographics the images
-- carry are PHI: sealed by the bridge like patient.name (src/crypto), context
-- patient_identity_conflict.<column>:<id>.
CREATE TABLE patient_identity_conflict (
  id bigserial PRIMARY KEY,
  patient_ref bigint NOT NULL REFERENCES patient (id),
  study_instance_uid text NOT NULL REFERENCES study (study_instance_uid),
  name text,
  name_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(name)) STORED,
  birth_date text,
  birth_date_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(birth_date)) STORED,
  sex text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'kept')),
  decided_by bigint REFERENCES user_account (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- One per study: taking the same study in again (a replay, more images) records nothing new.
  UNIQUE (patient_ref, study_instance_uid),
  CHECK ((status = 'open') = (decided_by IS NULL AND decided_at IS NULL))
);
CREATE INDEX patient_identity_conflict_open_idx ON patient_identity_conflict (patient_ref) WHERE status = 'open';
CREATE TRIGGER patient_identity_conflict_sealed BEFORE INSERT OR UPDATE OF name, birth_date
  ON patient_identity_conflict
  FOR EACH ROW EXECUTE FUNCTION sentinelle_require_sealed('name', 'birth_date');

-- A decision is final: only an open conflict changes (to its decision), and none is deleted; a
-- key rotation's re-wrap passes (the sealed data after the wrapped key stays the same).
CREATE FUNCTION patient_identity_conflict_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'open' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
    AND (to_jsonb(NEW) - 'name' - 'name_key_id' - 'birth_date' - 'birth_date_key_id')
      = (to_jsonb(OLD) - 'name' - 'name_key_id' - 'birth_date' - 'birth_date_key_id')
    AND split_part(NEW.name, ':', 5) IS NOT DISTINCT FROM split_part(OLD.name, ':', 5)
    AND split_part(NEW.birth_date, ':', 5) IS NOT DISTINCT FROM split_part(OLD.birth_date, ':', 5) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'identity conflict % was decided: it cannot be changed or deleted', OLD.id;
END
$$;
CREATE TRIGGER patient_identity_conflict_decided_once BEFORE UPDATE OR DELETE ON patient_identity_conflict
  FOR EACH ROW EXECUTE FUNCTION patient_identity_conflict_decided_once();

-- What a signed report is about, frozen at signing: the patient (name, id, birth date, sex) and the
-- study (accession number, date, description, institution) as the signed PDF shows them. The FHIR
-- exports are built from it, never from the patient's current record. Sealed JSON, context
-- report_subject.subject:<report id>; written once with the signature, never changed (a key
-- rotation's re-wrap passes).
CREATE TABLE report_subject (
  id bigserial PRIMARY KEY,
  report_id bigint NOT NULL UNIQUE REFERENCES report (id),
  subject text NOT NULL,
  subject_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(subject)) STORED,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER report_subject_sealed BEFORE INSERT OR UPDATE OF subject ON report_subject
  FOR EACH ROW EXECUTE FUNCTION sentinelle_require_sealed('subject');

CREATE FUNCTION report_subject_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
    AND (to_jsonb(NEW) - 'subject' - 'subject_key_id') = (to_jsonb(OLD) - 'subject' - 'subject_key_id')
    AND split_part(NEW.subject, ':', 5) = split_part(OLD.subject, ':', 5)
    AND split_part(NEW.subject, ':', 5) <> '' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the subject of signed report % is frozen: it cannot be changed or deleted', OLD.report_id;
END
$$;
CREATE TRIGGER report_subject_frozen BEFORE UPDATE OR DELETE ON report_subject
  FOR EACH ROW EXECUTE FUNCTION report_subject_frozen();

COMMENT ON COLUMN patient_identity_conflict.name IS 'sealed (src/crypto), context patient_identity_conflict.name:<id>';
COMMENT ON COLUMN patient_identity_conflict.birth_date IS 'sealed (src/crypto), context patient_identity_conflict.birth_date:<id>';
COMMENT ON COLUMN report_subject.subject IS 'sealed (src/crypto), context report_subject.subject:<report id>';
