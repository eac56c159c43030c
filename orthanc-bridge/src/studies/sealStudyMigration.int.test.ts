import type { Pool } from 'pg';
import { FieldCipher, Keyring } from '../crypto';
import { olderDatabase, type OlderDatabase } from '../testing/harness';
import { migrate } from '../db/migrate';
import { listModelViews, MODEL_VIEW_PNG_SEALED } from './modelViewStore';
import { resealFileColumn, resealTable } from '../db/sealedColumns';
import { findStudy, STUDY_SEALED } from './studyStore';

/** A database that held studies and model views in clear, upgraded to migration 011. */
let older: OlderDatabase;
let db: OlderDatabase['db'];
let owner: Pool;
let pool: Pool;
beforeAll(async () => {
  older = await olderDatabase('011');
  ({ db, owner, pool } = older);
});
afterAll(() => older?.stop());

const STUDY = '1.2.826.0.1.3680043.2.1125.21';
const PNG = Buffer.from('\x89PNG\r\n\x1a\nIHDR a model view stored before migration 011', 'latin1');

test('migration 011 keeps the study dates stored in clear whatever the DateStyle, and keys:rotate then seals the studies and model views', async () => {
  // A server whose dates read day first: the sealed date must still be ISO.
  await owner.query(`ALTER DATABASE ${db.name} SET datestyle = 'SQL, DMY'`);
  await owner.query(`SET datestyle = 'SQL, DMY'`); // the owner's one connection, which migrates
  await owner.query(
    `INSERT INTO study (study_instance_uid, orthanc_id, accession_number, study_date, description)
     VALUES ($1, 'orthanc-21', 'ACC-2025-0021', '2025-03-04', 'Mammographie bilatérale')`,
    [STUDY],
  );
  const { rows } = await owner.query<{ id: string }>(
    `INSERT INTO analysis (study_instance_uid, model_id, model_version, status, priority, requested_priority, job_id)
     VALUES ($1, 'mammo', '1.0', 'done', 'screening', 'screening', $2) RETURNING id::text`,
    [STUDY, `${STUDY}:1.0`],
  );
  const ref = { analysisId: rows[0]!.id, revision: 1 };
  await owner.query(
    `INSERT INTO analysis_model_view (analysis_id, revision, sop_instance_uid, png, width, height, image_columns, image_rows)
     VALUES ($1, 1, '1.2.3.4', $2, 64, 80, 640, 800)`,
    [ref.analysisId, PNG],
  );

  const upgraded = await migrate(owner);
  expect(upgraded.applied).toContain('011_seal_study_phi.sql');
  const raw = await pool.query<Record<string, unknown>>(
    `SELECT study_date, study_date_key_id, (SELECT png_key_id FROM analysis_model_view) AS png_key_id FROM study`,
  );
  expect(raw.rows).toEqual([{ study_date: '2025-03-04', study_date_key_id: null, png_key_id: null }]);
  const cipher = new FieldCipher(Keyring.generate());
  // Until keys:rotate has run, a value left in clear does not read (as after migration 006).
  await expect(findStudy(pool, cipher, STUDY)).rejects.toThrow(/^the value is not sealed/);
  await expect(listModelViews(pool, cipher.keyring, ref)).rejects.toThrow('not a sealed file');

  expect(await resealTable(pool, cipher, STUDY_SEALED)).toEqual({ table: 'study', rewrapped: 0, sealed: 3 });
  expect(await resealFileColumn(pool, cipher, MODEL_VIEW_PNG_SEALED)).toEqual({
    table: 'analysis_model_view.png',
    rewrapped: 0,
    sealed: 1,
  });
  const sealed = await pool.query<Record<string, unknown>>(
    `SELECT s.accession_number, s.study_date, s.description, v.png FROM study s, analysis_model_view v`,
  );
  const dump = JSON.stringify(sealed.rows);
  for (const plain of ['ACC-2025', '2025-03-04', '04/03/2025', 'bilatérale', 'IHDR'])
    expect(dump).not.toContain(plain);
  expect(await findStudy(pool, cipher, STUDY)).toMatchObject({
    accessionNumber: 'ACC-2025-0021',
    studyDate: '2025-03-04',
    description: 'Mammographie bilatérale',
  });
  expect((await listModelViews(pool, cipher.keyring, ref)).map((v) => Buffer.from(v.png))).toEqual([PNG]);
});
