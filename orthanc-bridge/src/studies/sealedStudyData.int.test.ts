import { FieldCipher, Keyring, SealedDataError } from '../crypto';
import { useAuditDatabase } from '../audit/testing/auditDatabase';
import { listModelViews, saveModelViews, type ModelViewImage } from './modelViewStore';
import { findStudy, upsertStudy } from './studyStore';

const t = useAuditDatabase();
const cipher = new FieldCipher(Keyring.generate());
const STUDY = '1.2.826.0.1.3680043.2.1125.11';
const OTHER_STUDY = '1.2.826.0.1.3680043.2.1125.12';

/** The 8 bytes every PNG starts with, then a chunk name: what a dump of a plaintext view shows. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (label: string) => new Uint8Array(Buffer.concat([PNG_SIGNATURE, Buffer.from(`IHDR ${label}`)]));

const study = (uid: string, accessionNumber: string, description: string | null) => ({
  studyInstanceUid: uid,
  orthancId: `orthanc-${uid.slice(-2)}`,
  patientRef: null,
  accessionNumber,
  studyDate: '2026-11-24',
  description,
  modalities: ['MG'],
  views: ['LCC', 'LMLO'],
});

/** A done analysis of STUDY, as the worker leaves it before saving its model views. */
async function doneAnalysis(): Promise<string> {
  await upsertStudy(t.pool, cipher, study(STUDY, 'ACC-2026-0042', 'Mammographie de dépistage'));
  const { rows } = await t.pool.query<{ id: string }>(
    `INSERT INTO analysis (study_instance_uid, model_id, model_version, status, priority, requested_priority, job_id)
     VALUES ($1, 'mammo', '1.0', 'done', 'screening', 'screening', $2) RETURNING id::text`,
    [STUDY, `${STUDY}:1.0`],
  );
  return rows[0]!.id;
}

const view = (sopInstanceUid: string, label: string): ModelViewImage => ({
  sopInstanceUid,
  png: png(label),
  width: 64,
  height: 80,
  imageColumns: 640,
  imageRows: 800,
});

describe('sealed study data', () => {
  test('upsertStudy seals the accession number, date and description: the raw row shows none of them, findStudy opens them', async () => {
    await upsertStudy(t.pool, cipher, study(STUDY, 'ACC-2026-0042', 'Mammographie de dépistage'));
    await upsertStudy(t.pool, cipher, study(OTHER_STUDY, 'ACC-2026-0043', null));

    const { rows } = await t.pool.query<Record<string, string | null>>(
      `SELECT * FROM study ORDER BY study_instance_uid`,
    );
    const raw = JSON.stringify(rows);
    for (const plain of ['ACC-2026', '2026-11-24', '20261124', 'Mammographie', 'dépistage'])
      expect(raw).not.toContain(plain);
    expect(rows.map((r) => [r.accession_number_key_id, r.study_date_key_id, r.description_key_id])).toEqual([
      [cipher.activeKeyId, cipher.activeKeyId, cipher.activeKeyId],
      [cipher.activeKeyId, cipher.activeKeyId, null],
    ]);
    expect(await findStudy(t.pool, cipher, STUDY)).toEqual({
      studyInstanceUid: STUDY,
      orthancId: 'orthanc-11',
      accessionNumber: 'ACC-2026-0042',
      studyDate: '2026-11-24',
      description: 'Mammographie de dépistage',
      modalities: ['MG'],
      views: ['LCC', 'LMLO'],
    });
    expect(await findStudy(t.pool, cipher, OTHER_STUDY)).toMatchObject({
      accessionNumber: 'ACC-2026-0043',
      description: null,
    });

    // Another study's sealed accession number, copied over: it does not open as this study's.
    await t.pool.query(
      `UPDATE study SET accession_number = (SELECT accession_number FROM study WHERE study_instance_uid = $2)
       WHERE study_instance_uid = $1`,
      [STUDY, OTHER_STUDY],
    );
    await expect(findStudy(t.pool, cipher, STUDY)).rejects.toThrow(SealedDataError);
  });

  test('migration 011 refuses a study value or a model-view PNG written in plaintext', async () => {
    await expect(
      t.pool.query(
        `INSERT INTO study (study_instance_uid, orthanc_id, accession_number) VALUES ($1, 'o', 'ACC-1')`,
        [STUDY],
      ),
    ).rejects.toThrow(
      'study.accession_number must be sealed by the bridge (src/crypto), not written in plaintext',
    );
    const analysisId = await doneAnalysis();
    await expect(
      t.pool.query(`UPDATE study SET study_date = '2026-11-25' WHERE study_instance_uid = $1`, [STUDY]),
    ).rejects.toThrow('study.study_date must be sealed');
    await expect(
      t.pool.query(
        `INSERT INTO analysis_model_view (analysis_id, revision, sop_instance_uid, png, width, height, image_columns, image_rows)
         VALUES ($1, 1, '1.2.3', $2, 1, 1, 1, 1)`,
        [analysisId, Buffer.from(png('plain'))],
      ),
    ).rejects.toThrow(
      'analysis_model_view.png must be sealed by sealFile (src/crypto), not written in plaintext',
    );
  });

  test('saveModelViews seals each PNG: the raw table holds no PNG signature, listModelViews opens them for their image only', async () => {
    const analysisId = await doneAnalysis();
    const ref = { analysisId, revision: 1 };
    const views = [view('1.2.3.1', 'left cc'), view('1.2.3.2', 'left mlo')];
    await saveModelViews(t.pool, cipher.keyring, ref, views);

    const { rows } = await t.pool.query<{ png: Buffer; png_key_id: string | null; signature_at: number }>(
      `SELECT png, png_key_id, position($1::bytea IN png) AS signature_at FROM analysis_model_view ORDER BY sop_instance_uid`,
      [PNG_SIGNATURE],
    );
    expect(rows.map((r) => [r.signature_at, r.png_key_id])).toEqual([
      [0, cipher.activeKeyId],
      [0, cipher.activeKeyId],
    ]);
    for (const row of rows) expect(row.png.includes('IHDR')).toBe(false);
    expect(await listModelViews(t.pool, cipher.keyring, ref)).toEqual(views);

    // A view's sealed PNG moved to the other image, or read under another keyring: it does not open.
    await t.pool.query(
      `UPDATE analysis_model_view SET png = (SELECT png FROM analysis_model_view WHERE sop_instance_uid = '1.2.3.1')
       WHERE sop_instance_uid = '1.2.3.2'`,
    );
    await expect(listModelViews(t.pool, cipher.keyring, ref)).rejects.toThrow(SealedDataError);
    await t.pool.query(`DELETE FROM analysis_model_view WHERE sop_instance_uid = '1.2.3.2'`);
    await expect(listModelViews(t.pool, Keyring.generate(), ref)).rejects.toThrow(SealedDataError);
  });
});
