import { saveModelViews } from './modelViewStore';
import { useReadingApp } from '../testing/readingApp';

const t = useReadingApp();

/** A PNG's signature and first chunk name: what a dump of a plaintext model view shows. */
const PNG = Buffer.from('\x89PNG\r\n\x1a\nIHDR the left CC as the model saw it', 'latin1');

describe('sealed study data through the API', () => {
  test('the reading API shows the sealed accession number, study date, description and model views in clear to a reader in scope only', async () => {
    const { study, uid, analysis } = await t.analysedStudy({
      views: ['LCC', 'LMLO'],
      description: 'Mammographie de dépistage bilatérale',
    });
    const cc = study.sources[0]!;
    const ref = { analysisId: analysis.id, revision: analysis.revision };
    await saveModelViews(t.app.ctx.pool, t.app.ctx.cipher.keyring, ref, [
      {
        sopInstanceUid: cc.sopInstanceUid,
        png: PNG,
        width: 64,
        height: 80,
        imageColumns: 640,
        imageRows: 800,
      },
    ]);

    // The database holds none of them in clear.
    const { rows } = await t.app.ctx.pool.query<Record<string, unknown>>(
      `SELECT s.accession_number, s.study_date, s.description, v.png, position('\\x89504e47'::bytea IN v.png) AS signature_at
       FROM study s JOIN analysis a ON a.study_instance_uid = s.study_instance_uid
         JOIN analysis_model_view v ON v.analysis_id = a.id
       WHERE s.study_instance_uid = $1`,
      [uid],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.signature_at).toBe(0);
    const raw = JSON.stringify(rows);
    for (const plain of ['ACC-READ-1', '2025-03-04', 'dépistage', 'IHDR']) expect(raw).not.toContain(plain);

    // A reader of the patient's site reads them in clear.
    const found = await t.api(`/api/studies/${uid}/findings`);
    expect(found.status).toBe(200);
    expect(found.body.study).toMatchObject({
      accessionNumber: 'ACC-READ-1',
      studyDate: '2025-03-04',
      description: 'Mammographie de dépistage bilatérale',
    });
    const worklist = await t.api('/api/worklist');
    expect(worklist.status).toBe(200);
    expect(worklist.body.studies).toEqual([
      expect.objectContaining({ studyInstanceUid: uid, studyDate: '2025-03-04' }),
    ]);
    const views = await t.api(`/api/studies/${uid}/model-views`);
    expect(views.status).toBe(200);
    expect(views.body.images).toEqual([
      {
        sopInstanceUid: cc.sopInstanceUid,
        url: `data:image/png;base64,${PNG.toString('base64')}`,
        width: 64,
        height: 80,
        imageColumns: 640,
        imageRows: 800,
      },
    ]);

    // Another site's radiologist reads none of them.
    expect((await t.api(`/api/studies/${uid}/model-views`, { as: 'dr.roux' })).status).toBe(403);
    expect((await t.api(`/api/studies/${uid}/findings`, { as: 'dr.roux' })).status).toBe(403);
    expect((await t.api('/api/worklist', { as: 'dr.roux' })).body.studies).toEqual([]);
  });
});
