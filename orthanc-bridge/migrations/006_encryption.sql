-- Sentinelle bridge: encryption at rest (src/crypto). The bridge seals patient.name,
-- patient.birth_date, consultation.note, consultation.answer (PHI) and user_account.totp_secret
-- before writing them, as `enc:v1:<key id>:<wrapped data key>:<data>` (src/crypto/fieldCipher.ts).
-- SQL holds no key: rows written before this migration stay in plaintext until `npm run
-- keys:rotate` seals them (src/db/resealTables.ts lists the same columns).

-- The master key id of a sealed value; null for null or plaintext.
CREATE FUNCTION sentinelle_sealed_key_id(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT substring(value FROM '^enc:v1:([A-Za-z0-9_-]{1,64}):') $$;

-- Each sealed column has its key id beside it, generated from the value so that the two never
-- disagree: `<column>_key_id` names the master key a rotation must keep until it re-wrapped the
-- value, and a value without key id is plaintext left from before.
ALTER TABLE patient
  ADD COLUMN name_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(name)) STORED,
  ADD COLUMN birth_date_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(birth_date)) STORED;
ALTER TABLE consultation
  ADD COLUMN note_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(note)) STORED,
  ADD COLUMN answer_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(answer)) STORED;
ALTER TABLE user_account
  ADD COLUMN totp_secret_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(totp_secret)) STORED;

-- No value is written in plaintext any more. A trigger rather than a CHECK: a CHECK, even NOT
-- VALID, refuses any update of a plaintext row left from before (flagging a patient urgent);
-- this refuses only a plaintext value being written.
CREATE FUNCTION sentinelle_require_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text;
  value text;
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    value := to_jsonb(NEW) ->> col;
    IF value NOT LIKE 'enc:v1:%' AND (TG_OP = 'INSERT' OR value IS DISTINCT FROM to_jsonb(OLD) ->> col) THEN
      RAISE EXCEPTION '%.% must be sealed by the bridge (src/crypto), not written in plaintext', TG_TABLE_NAME, col;
    END IF;
  END LOOP;
  RETURN NEW;
END
$$;
CREATE TRIGGER patient_sealed BEFORE INSERT OR UPDATE OF name, birth_date ON patient
  FOR EACH ROW EXECUTE FUNCTION sentinelle_require_sealed('name', 'birth_date');
CREATE TRIGGER consultation_sealed BEFORE INSERT OR UPDATE OF note, answer ON consultation
  FOR EACH ROW EXECUTE FUNCTION sentinelle_require_sealed('note', 'answer');
CREATE TRIGGER user_account_sealed BEFORE INSERT OR UPDATE OF totp_secret ON user_account
  FOR EACH ROW EXECUTE FUNCTION sentinelle_require_sealed('totp_secret');

COMMENT ON COLUMN patient.name IS 'sealed (src/crypto), context patient.name:[issuer, patient_id]';
COMMENT ON COLUMN patient.birth_date IS 'sealed (src/crypto), context patient.birth_date:[issuer, patient_id]';
COMMENT ON COLUMN consultation.note IS 'sealed (src/crypto), context consultation.note:<id>';
COMMENT ON COLUMN consultation.answer IS 'sealed (src/crypto), context consultation.answer:<id>';
COMMENT ON COLUMN user_account.totp_secret IS 'sealed (src/crypto), context user_account.totp_secret:<id>';
