-- Sentinelle bridge: structured reports (issue 6). A study's report has versions: 1, then addenda
-- 2, 3… each amending the signed version before it. A version is a draft until it is signed; a
-- signed version is immutable (trigger below). Its content (the ReportContent JSON, every word of
-- the report) is PHI: sealed by the bridge like consultation notes (migration 006, src/crypto),
-- and the signed PDF is a sealed file (sealFile). Templates are per site and language, versioned.

CREATE TABLE report_template (
  id bigserial PRIMARY KEY,
  site text NOT NULL CHECK (site <> ''),
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  version integer NOT NULL CHECK (version > 0),
  -- A ReportTemplate (@sentinelle/reporting), checked by the bridge before it is written.
  template jsonb NOT NULL,
  created_by bigint NOT NULL REFERENCES user_account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site, locale, version)
);

-- Templates are versioned: a change is a new row, and a signed report names the version it used.
CREATE FUNCTION report_template_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report templates are versioned: add a version instead of changing or deleting one';
END
$$;
CREATE TRIGGER report_template_append_only BEFORE UPDATE OR DELETE ON report_template
  FOR EACH ROW EXECUTE FUNCTION report_template_append_only();

-- The master key id of a file sealed with sealFile ("SNTLENC" | version | key id length | key id …);
-- null for anything else.
CREATE FUNCTION sentinelle_sealed_file_key_id(value bytea) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT CASE WHEN length(value) > 9 AND substring(value FROM 1 FOR 7) = '\x534e544c454e43'::bytea
      THEN encode(substring(value FROM 10 FOR get_byte(value, 8)), 'escape') END
  $$;

CREATE TABLE report (
  id bigserial PRIMARY KEY,
  study_instance_uid text NOT NULL REFERENCES study (study_instance_uid),
  version integer NOT NULL CHECK (version > 0),
  -- The signed version an addendum amends (the version before it); null for version 1.
  amends_id bigint REFERENCES report (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  -- Sealed ReportContent JSON, context report.content:<id>.
  content text NOT NULL,
  content_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(content)) STORED,
  author_id bigint NOT NULL REFERENCES user_account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Set when signed, together.
  signer_id bigint REFERENCES user_account (id),
  signed_at timestamptz,
  -- The PAdES-signed PDF, sealed with sealFile (context report.pdf:<id>).
  pdf bytea,
  pdf_key_id text GENERATED ALWAYS AS (sentinelle_sealed_file_key_id(pdf)) STORED,
  -- The Breast Imaging Report SR (TID 4200) stored in Orthanc.
  sr_series_instance_uid text,
  sr_sop_instance_uid text UNIQUE,
  -- The template that laid the signed PDF out.
  template_site text,
  template_version integer,
  UNIQUE (study_instance_uid, version),
  CHECK ((version = 1) = (amends_id IS NULL)),
  CHECK (
    (status = 'draft' AND signer_id IS NULL AND signed_at IS NULL AND pdf IS NULL AND sr_sop_instance_uid IS NULL)
    OR (status = 'signed' AND signer_id IS NOT NULL AND signed_at IS NOT NULL AND pdf IS NOT NULL
        AND sr_series_instance_uid IS NOT NULL AND sr_sop_instance_uid IS NOT NULL
        AND template_site IS NOT NULL AND template_version IS NOT NULL)
  )
);
-- At most one draft per study: the version being written.
CREATE UNIQUE INDEX report_one_draft ON report (study_instance_uid) WHERE status = 'draft';

CREATE TRIGGER report_sealed BEFORE INSERT OR UPDATE OF content ON report
  FOR EACH ROW EXECUTE FUNCTION sentinelle_require_sealed('content');

-- A signed report is never changed nor deleted: a correction is an addendum. The one update let
-- through is a key rotation's (src/db/resealTables.ts): it re-wraps the content's data key, so
-- every other column and the sealed data itself (the last field of enc:v1:…) stay as they were.
CREATE FUNCTION report_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    IF TG_OP = 'UPDATE'
      AND (to_jsonb(NEW) - 'content' - 'content_key_id' - 'pdf_key_id')
        = (to_jsonb(OLD) - 'content' - 'content_key_id' - 'pdf_key_id')
      AND split_part(NEW.content, ':', 5) = split_part(OLD.content, ':', 5)
      AND split_part(NEW.content, ':', 5) <> '' THEN
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
CREATE TRIGGER report_signed_immutable BEFORE UPDATE OR DELETE ON report
  FOR EACH ROW EXECUTE FUNCTION report_signed_immutable();

COMMENT ON COLUMN report.content IS 'sealed (src/crypto), context report.content:<id>';
COMMENT ON COLUMN report.pdf IS 'sealed file (src/crypto/fileCipher.ts), context report.pdf:<id>';
