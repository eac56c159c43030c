-- A key rotation re-wraps the signed PDFs' data keys too (src/db/resealTables.ts, resealFileColumn).
-- The immutability trigger lets that one change through: the PDF's sealed payload (IV, tag and
-- ciphertext, after the key id and the wrapped data key) stays byte for byte the same.

-- The payload of a sealed file (src/crypto/fileCipher.ts): everything after its wrapped data key.
CREATE FUNCTION sentinelle_sealed_file_payload(value bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT CASE WHEN sentinelle_sealed_file_key_id(value) IS NOT NULL
      THEN substring(value FROM 10 + get_byte(value, 8) + 60) END
  $$;

CREATE OR REPLACE FUNCTION report_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    IF TG_OP = 'UPDATE'
      AND (to_jsonb(NEW) - 'content' - 'content_key_id' - 'pdf' - 'pdf_key_id')
        = (to_jsonb(OLD) - 'content' - 'content_key_id' - 'pdf' - 'pdf_key_id')
      AND split_part(NEW.content, ':', 5) = split_part(OLD.content, ':', 5)
      AND split_part(NEW.content, ':', 5) <> ''
      AND sentinelle_sealed_file_payload(NEW.pdf) = sentinelle_sealed_file_payload(OLD.pdf) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'report version % of study % is signed: it cannot be changed or deleted (write an addendum)',
      OLD.version, OLD.study_instance_uid;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
