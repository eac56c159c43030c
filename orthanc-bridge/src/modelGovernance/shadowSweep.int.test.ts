/**
 * The producer side of shadow evaluation through the real bridge (Orthanc, PostgreSQL, Redis):
 * putting a registry model in shadow queues a shadow job per analysed study on the shadow queue,
 * a changed image set gets a new revision, a stopped candidate queues nothing more, and a
 * registry entry whose file is not there is refused. The worker's side is in
 * inference-worker/src/worker/modelPromotion.int.test.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_REGISTRY_PATH } from '@sentinelle/models';
import { storeStudy, waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { sweepShadowAnalyses } from './shadowQueue';

// The real registry's entries (their files where they are), and one whose file is missing.
let registryDir: string;
const registryPath = () => join(registryDir, 'registry.json');
beforeAll(async () => {
  registryDir = await mkdtemp(join(tmpdir(), 'sentinelle-governance-registry-'));
  const registry = JSON.parse(await readFile(DEFAULT_REGISTRY_PATH, 'utf8'));
  const models = registry.models.map((m: { file: string; card: string }) => ({
    ...m,
    file: resolve(dirname(DEFAULT_REGISTRY_PATH), m.file),
    card: resolve(dirname(DEFAULT_REGISTRY_PATH), m.card),
  }));
  const missing = {
    ...models[1],
    id: 'mammo-missing-cnn',
    version: '9.0.0',
    file: join(registryDir, 'gone.onnx'),
  };
  await writeFile(registryPath(), JSON.stringify({ ...registry, models: [...models, missing] }));
});
afterAll(() => rm(registryDir, { recursive: true, force: true }));

const t = useReadingApp({
  configure: (config) => ({
    ...config,
    model: { registryPath: registryPath() },
    modelGovernance: { shadowSweepIntervalMs: 200 },
  }),
});

const shadowJobs = async () =>
  (await t.app.ctx.shadowQueue.getJobs(['waiting', 'prioritized', 'delayed'])).map((job) => job.data);

test('sweepShadowAnalyses queues every analysed study for the candidate, again when its images change, and nothing once stopped', async () => {
  const uid = await storeStudy(t.client, { views: ['LCC'] });
  await t.analysisOf(uid, 'queued');

  const missing = await t.api('/api/models/shadow', {
    method: 'POST',
    as: 'dr.lefevre',
    body: { modelId: 'mammo-missing-cnn' },
  });
  expect(missing).toMatchObject({ status: 409, body: { error: { code: 'model-file-unusable' } } });
  expect((await t.app.ctx.pool.query('SELECT 1 FROM shadow_candidate')).rowCount).toBe(0);

  const started = await t.api('/api/models/shadow', {
    method: 'POST',
    as: 'dr.lefevre',
    body: { modelId: 'mammo-ffdm-mil-cnn' },
  });
  expect(started.status).toBe(201);
  const [first] = await waitUntil('the shadow job', async () => {
    const jobs = await shadowJobs();
    return jobs.length ? jobs : undefined;
  });
  expect(first).toMatchObject({
    studyInstanceUid: uid,
    modelId: 'mammo-ffdm-mil-cnn',
    modelVersion: '2.0.0',
    revision: 1,
  });
  expect(first!.instances).toHaveLength(1);
  expect((await t.api('/api/models', { as: 'dr.lefevre' })).body.candidate.progress).toEqual({
    queued: 1,
    running: 0,
    done: 0,
    failed: 0,
  });

  // Another image in the study: the clinical analysis is queued again, and so is the shadow one.
  await storeStudy(t.client, { studyInstanceUid: uid, views: ['RCC'] });
  await t.analysisOf(uid, 'queued', 2);
  const second = await waitUntil('the shadow job of the new image set', async () =>
    (await shadowJobs()).find((job) => job.revision === 2),
  );
  expect(second.instances).toHaveLength(2);

  // Stopped: a new study gets no shadow analysis.
  expect((await t.api('/api/models/shadow', { method: 'DELETE', as: 'dr.lefevre' })).status).toBe(200);
  const later = await storeStudy(t.client, { views: ['LMLO'] });
  await t.analysisOf(later, 'queued');
  expect(await sweepShadowAnalyses(t.app.ctx)).toEqual({ recorded: 0, enqueued: 0, failed: 0 });
  const { rows } = await t.app.ctx.pool.query('SELECT study_instance_uid, revision FROM shadow_analysis');
  expect(rows).toEqual([{ study_instance_uid: uid, revision: 2 }]);
});
