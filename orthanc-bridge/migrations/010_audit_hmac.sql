-- Sentinelle bridge: an audit chain that whoever can write the table cannot rewrite (issue 14,
-- finding 6), and search details sealed like the other PHI (finding 14).
--
-- 1. Keyed entries. Each new entry's hash is HMAC-SHA-256 under the audit-chain key derived from a
--    master key of the keyring (src/crypto/purposeKeys.ts); chain_key_id names that master key, so
--    that entries made before a key rotation still verify (the keyring keeps retired keys).
-- 2. Legacy entries. SQL holds no key, so the entries written before this migration cannot be
--    re-chained here, and re-chaining them later would erase the evidence they are. They stay as
--    they are, unkeyed (sha256), up to the id marked in audit_chain_legacy; the first keyed entry's
--    prev_hash, under its HMAC, pins the last legacy hash, so a legacy entry re-hashed afterwards
--    breaks the chain there. After the mark, an unkeyed entry is a break.
-- 3. Signed checkpoints (audit_checkpoint): the head of the chain signed with the institution's
--    certificate (the report-signing one), on a schedule and at each `npm run audit:verify`.
--    Someone holding the keyring could re-HMAC an edited chain; not without the signing key, the
--    checkpointed heads no longer match.
-- 4. detail_sealed: the patient-identifying part of an entry's detail (the query of a search, which
--    may hold a name) sealed like the other PHI columns (src/crypto, context audit_event.detail:<id>);
--    `detail` keeps the rest. The chain covers the whole detail in clear, so a key rotation may
--    re-wrap detail_sealed (and only that) without touching the chain.

ALTER TABLE audit_event
  ADD COLUMN chain_key_id text CHECK (chain_key_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  ADD COLUMN detail_sealed text CHECK (detail_sealed LIKE 'enc:v1:%'),
  ADD COLUMN detail_sealed_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(detail_sealed)) STORED;

COMMENT ON COLUMN audit_event.chain_key_id IS
  'master key whose audit-chain key (HMAC-SHA-256) made hash; null: a legacy sha256 entry (id <= audit_chain_legacy.last_legacy_id)';
COMMENT ON COLUMN audit_event.detail_sealed IS
  'sealed (src/crypto), context audit_event.detail:<id>: canonical JSON of the detail keys that identify a patient';

-- Where the legacy entries end (0: none). One row, written here, never changed.
CREATE TABLE audit_chain_legacy (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_legacy_id bigint NOT NULL CHECK (last_legacy_id >= 0),
  marked_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_chain_legacy (last_legacy_id) SELECT COALESCE(max(id), 0) FROM audit_event;
CREATE TRIGGER audit_chain_legacy_append_only BEFORE UPDATE OR DELETE ON audit_chain_legacy
  FOR EACH ROW EXECUTE FUNCTION sentinelle_append_only();
CREATE TRIGGER audit_chain_legacy_no_truncate BEFORE TRUNCATE ON audit_chain_legacy
  FOR EACH STATEMENT EXECUTE FUNCTION sentinelle_append_only();

-- Every entry from now on is keyed: a bridge of an older version cannot go on appending unkeyed ones.
CREATE FUNCTION audit_event_require_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.chain_key_id IS NULL THEN
    RAISE EXCEPTION 'audit_event entries are keyed (chain_key_id) since migration 010: upgrade the writer';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_event_keyed BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_require_key();

-- Still append-only, except a key rotation's re-wrap of detail_sealed: everything else, and the
-- sealed payload after the wrapped data key (IV, tag, ciphertext), stays the same.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
    AND (to_jsonb(NEW) - 'detail_sealed' - 'detail_sealed_key_id')
      = (to_jsonb(OLD) - 'detail_sealed' - 'detail_sealed_key_id')
    AND split_part(NEW.detail_sealed, ':', 5) = split_part(OLD.detail_sealed, ':', 5)
    AND split_part(NEW.detail_sealed, ':', 5) <> '' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: record a new row instead', TG_TABLE_NAME;
END
$$;
DROP TRIGGER audit_event_append_only ON audit_event;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

-- The head of the chain (the entry head_id and its hash) as signed at signed_at by the holder of
-- `certificate` (DER): RSA PKCS#1 v1.5 over SHA-256 of the canonical JSON that
-- src/audit/auditCheckpoint.ts builds from these columns and the legacy mark.
CREATE TABLE audit_checkpoint (
  id          bigserial PRIMARY KEY,
  head_id     bigint NOT NULL CHECK (head_id > 0),
  head_hash   text NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
  signed_at   timestamptz NOT NULL,
  signature   bytea NOT NULL,
  certificate bytea NOT NULL,
  -- Who wrote it: the bridge's schedule, or audit:verify.
  written_by  text NOT NULL CHECK (written_by IN ('schedule', 'audit:verify'))
);
CREATE INDEX audit_checkpoint_head_idx ON audit_checkpoint (head_id);
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION sentinelle_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION sentinelle_append_only();
