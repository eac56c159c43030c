import type { Pool } from 'pg';
import { analysisJson } from './json';
import { olderDatabase, type OlderDatabase } from '../testing/harness';
import { findAnalysisByKey, requeueAnalysis } from './analysisStore';
import { migrate } from '../db/migrate';

/** A database whose analyses held their calibrated probability in exam_score, upgraded to migration 013. */
let older: OlderDatabase;
let owner: Pool;
let pool: Pool;
beforeAll(async () => {
  older = await olderDatabase('013');
  ({ owner, pool } = older);
});
afterAll(() => older?.stop());

const STUDY = '1.2.826.0.1.3680043.2.1125.31';

test('migration 013 renames analysis.exam_score to malignancy_score and the analyses done before keep their probability', async () => {
  await owner.query(`INSERT INTO study (study_instance_uid, orthanc_id) VALUES ($1, 'orthanc-31')`, [STUDY]);
  // As the bridge recorded a done analysis, and a queued one of another model, before migration 013.
  await owner.query(
    `INSERT INTO analysis (study_instance_uid, model_id, model_version, status, priority, requested_priority,
       job_id, exam_score)
     VALUES ($1, 'mammo', '1.0', 'done', 'screening', 'screening', $2, 0.82),
            ($1, 'mammo', '2.0', 'queued', 'screening', 'screening', $3, NULL)`,
    [STUDY, `${STUDY}:1.0`, `${STUDY}:2.0`],
  );

  const upgraded = await migrate(owner);
  expect(upgraded.applied).toContain('013_analysis_malignancy_score.sql');
  const columns = await pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_name = 'analysis' AND column_name IN ('exam_score', 'malignancy_score')`,
  );
  expect(columns.rows).toEqual([{ column_name: 'malignancy_score' }]);

  const done = await findAnalysisByKey(pool, `${STUDY}:1.0`);
  expect(done).toMatchObject({ status: 'done', malignancyScore: 0.82 });
  expect(analysisJson(done!)).toMatchObject({ malignancyScore: 0.82 });
  expect(analysisJson(done!)).not.toHaveProperty('examScore');
  expect(await findAnalysisByKey(pool, `${STUDY}:2.0`)).toMatchObject({
    status: 'queued',
    malignancyScore: null,
  });
  // Queued again, the analysis loses its probability until the worker records a new one.
  const requeued = await requeueAnalysis(pool, done!.id, {
    priority: 'diagnostic',
    instances: ['i1'],
    instancesDigest: 'digest-1',
  });
  expect(requeued).toMatchObject({ status: 'queued', revision: 2, malignancyScore: null });
});
