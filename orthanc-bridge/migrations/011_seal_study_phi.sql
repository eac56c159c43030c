-- Sentinelle bridge: seals what still identified a patient in clear (issue 14, finding 14): the
-- study's accession number, date and description (src/db/studies.ts) and the model-view PNGs,
-- which are breast images (src/db/modelViews.ts, sealed files). As in migration 006, SQL holds no
-- key: rows written before this migration stay in plaintext until `npm run keys:rotate` seals them
-- (src/db/resealTables.ts lists the same columns); reading one meanwhile fails as "not sealed".

-- A sealed date is text. Nothing sorts or filters by it in SQL: the worklist orders by arrival
-- (created_at), which says nothing about the patient. to_char: the text must not depend on DateStyle.
ALTER TABLE study ALTER COLUMN study_date TYPE text USING to_char(study_date, 'YYYY-MM-DD');
ALTER TABLE study
  ADD COLUMN accession_number_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(accession_number)) STORED,
  ADD COLUMN study_date_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(study_date)) STORED,
  ADD COLUMN description_key_id text GENERATED ALWAYS AS (sentinelle_sealed_key_id(description)) STORED;
CREATE TRIGGER study_sealed BEFORE INSERT OR UPDATE OF accession_number, study_date, description ON study
  FOR EACH ROW EXECUTE FUNCTION sentinelle_require_sealed('accession_number', 'study_date', 'description');

COMMENT ON COLUMN study.accession_number IS 'sealed (src/crypto), context study.accession_number:<study_instance_uid>';
COMMENT ON COLUMN study.study_date IS 'sealed (src/crypto), ISO date, context study.study_date:<study_instance_uid>';
COMMENT ON COLUMN study.description IS 'sealed (src/crypto), context study.description:<study_instance_uid>';

-- Model views: an id, so that a key rotation walks them in batches as it walks the other tables,
-- and the master key of each sealed PNG (null for a plaintext one left from before).
ALTER TABLE analysis_model_view
  ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  ADD COLUMN png_key_id text GENERATED ALWAYS AS (sentinelle_sealed_file_key_id(png)) STORED;

-- No PNG is written in plaintext any more (a rotation sealing an old one writes a sealed file).
CREATE FUNCTION analysis_model_view_require_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF sentinelle_sealed_file_key_id(NEW.png) IS NULL THEN
    RAISE EXCEPTION 'analysis_model_view.png must be sealed by sealFile (src/crypto), not written in plaintext';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER analysis_model_view_sealed BEFORE INSERT OR UPDATE OF png ON analysis_model_view
  FOR EACH ROW EXECUTE FUNCTION analysis_model_view_require_sealed();

COMMENT ON COLUMN analysis_model_view.png IS
  'sealed file (src/crypto), context analysis_model_view.png:[analysis_id, revision, sop_instance_uid]';
