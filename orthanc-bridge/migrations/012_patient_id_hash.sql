-- Sentinelle bridge: the patient's DICOM PatientID is no longer stored in clear (issue 14, finding
-- 14). patient.patient_id holds the PatientID sealed by the bridge (src/crypto, context
-- patient.patient_id:<id>), for display; patient.patient_id_hash a keyed hash of (issuer,
-- PatientID), `<master key id>:<hex HMAC-SHA-256>` with a key derived from that master key
-- (src/crypto/purposeKeys.ts, purpose 'patient-id'), for lookups and uniqueness
-- (src/db/patients.ts). SQL holds no key: rows written before this migration keep their PatientID
-- in clear and no hash until the bridge, at start, seals and hashes them (`npm run keys:rotate`
-- does it too); meanwhile the bridge creates no patient (it could duplicate one).

ALTER TABLE patient
  ADD COLUMN patient_id_hash text
    CHECK (patient_id_hash ~ '^[A-Za-z0-9_-]{1,64}:[0-9a-f]{64}$'),
  ADD COLUMN patient_id_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(patient_id)) STORED,
  -- The master key whose purpose key made the hash: a rotation recomputes the hashes under the new one.
  ADD COLUMN patient_id_hash_key_id text
    GENERATED ALWAYS AS (substring(patient_id_hash FROM '^([A-Za-z0-9_-]{1,64}):')) STORED;

-- Sealed PatientIDs are random: the hash (which covers the issuer) is what makes a patient unique.
ALTER TABLE patient DROP CONSTRAINT patient_patient_id_issuer_key;
CREATE UNIQUE INDEX patient_id_hash_idx ON patient (patient_id_hash);
-- Which master keys the hashes are under (a bridge whose keyring lacks one creates no patient).
CREATE INDEX patient_id_hash_key_id_idx ON patient (patient_id_hash_key_id);

-- No PatientID, name or birth date is written in plaintext any more, and no patient without its
-- hash. The same rule as sentinelle_require_sealed (migration 006): only a value being written is
-- refused, so that rows left from before can still be updated (flagged urgent) until sealed.
CREATE FUNCTION patient_require_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text;
  value text;
BEGIN
  FOREACH col IN ARRAY ARRAY['patient_id', 'name', 'birth_date'] LOOP
    value := to_jsonb(NEW) ->> col;
    IF value NOT LIKE 'enc:v1:%' AND (TG_OP = 'INSERT' OR value IS DISTINCT FROM to_jsonb(OLD) ->> col) THEN
      RAISE EXCEPTION 'patient.% must be sealed by the bridge (src/crypto), not written in plaintext', col;
    END IF;
  END LOOP;
  IF NEW.patient_id_hash IS NULL THEN
    IF TG_OP = 'INSERT' THEN
      RAISE EXCEPTION 'patient.patient_id_hash must be set by the bridge (src/db/patients.ts)';
    ELSIF OLD.patient_id_hash IS NOT NULL THEN
      RAISE EXCEPTION 'patient.patient_id_hash must be set by the bridge (src/db/patients.ts)';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
DROP TRIGGER patient_sealed ON patient;
CREATE TRIGGER patient_sealed BEFORE INSERT OR UPDATE OF patient_id, patient_id_hash, name, birth_date ON patient
  FOR EACH ROW EXECUTE FUNCTION patient_require_sealed();

COMMENT ON COLUMN patient.patient_id IS 'sealed (src/crypto), context patient.patient_id:<id>';
COMMENT ON COLUMN patient.patient_id_hash IS
  '<master key id>:<hex HMAC-SHA-256 of JSON [issuer, PatientID]> under the purpose key patient-id (src/db/patients.ts)';
