import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrthancRequestError, type OrthancHandle } from '@sentinelle/config';
import { createPool, loadKeyring, migrate, type AnalysisJobData } from '@sentinelle/orthanc-bridge';
import {
  freshDatabase,
  startSharedServices,
  startTestOrthanc,
  testKeyringPath,
  uniqueName,
  type SharedServices,
} from '@sentinelle/orthanc-bridge/testing';
import { readPart10, writePart10 } from '@sentinelle/reporting';
import { UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { pino } from 'pino';
import type { MammoModel } from '../session/mammoModel';
import { execAnalysisJob, type AnalysisJob, type AnalysisJobDeps } from './execAnalysisJob';
import { WorkerOrthancClient } from './orthancClient';
import { loadTestModel, newUid, orthancRest, wrapFfdmStudy } from './testing/pipelineHarness';

/** execAnalysisJob called directly with plain job objects, as BullMQ would call it, without a Worker. */
let shared: SharedServices;
let orthanc: OrthancHandle;
let model: MammoModel;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let pool: Pool;
let redis: Redis;
let deps: AnalysisJobDeps;
let work: string;

beforeAll(async () => {
  [shared, orthanc, model, work] = await Promise.all([
    startSharedServices(),
    startTestOrthanc(),
    loadTestModel(),
    mkdtemp(join(tmpdir(), 'sentinelle-exec-job-')),
  ]);
  db = await freshDatabase(shared.postgres);
  // The owner role migrates; the worker works with the app role, as on the private stack.
  const owner = createPool(db.ownerUrl, { max: 1 });
  await migrate(owner).finally(() => owner.end());
  pool = createPool(db.url);
  redis = new Redis(shared.redis.url);
  deps = {
    pool,
    redis,
    orthanc: new WorkerOrthancClient({
      url: orthanc.url,
      username: orthanc.username,
      password: orthanc.password,
    }),
    model,
    keyring: await loadKeyring(testKeyringPath()),
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    eventsChannel: uniqueName('events'),
  };
});

afterAll(async () => {
  await redis?.quit();
  await pool?.end();
  await db?.drop();
  await Promise.all([orthanc?.stop(), shared?.stop(), model?.release()]);
  if (work) await rm(work, { recursive: true, force: true });
});

/** A queued analysis row for a study, as the bridge records it, and the job the bridge would queue. */
async function queuedJob(
  instances: readonly string[],
  overrides: Partial<AnalysisJobData> = {},
  attempt = { attemptsMade: 0, attempts: 5 },
): Promise<AnalysisJob> {
  const studyUid = newUid();
  const key = `${studyUid}:${model.entry.version}`;
  await pool.query('INSERT INTO study (study_instance_uid, orthanc_id) VALUES ($1, $2)', [
    studyUid,
    'orthanc-id',
  ]);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO analysis (job_id, study_instance_uid, model_id, model_version, status, priority, requested_priority, instances)
     VALUES ($1, $2, $3, $4, 'queued', 'screening', 'screening', $5) RETURNING id`,
    [key, studyUid, model.entry.id, model.entry.version, instances],
  );
  return {
    id: encodeURIComponent(key),
    attemptsMade: attempt.attemptsMade,
    opts: { attempts: attempt.attempts },
    data: {
      analysisId: rows[0]!.id,
      key,
      revision: 1,
      studyInstanceUid: studyUid,
      orthancStudyId: 'orthanc-id',
      modelId: model.entry.id,
      modelVersion: model.entry.version,
      priority: 'screening',
      instances,
      ...overrides,
    },
  };
}

async function row(job: AnalysisJob) {
  const { rows } = await pool.query<{ status: string; reason: string | null; attempts: number }>(
    'SELECT status, reason, attempts FROM analysis WHERE id = $1',
    [job.data.analysisId],
  );
  return rows[0]!;
}

const MISSING_INSTANCE = '00000000-00000000-00000000-00000000-00000000';

test('execAnalysisJob ends quietly, without work, for an analysis row that is gone or of another revision', async () => {
  const job = await queuedJob([MISSING_INSTANCE]);
  expect(await execAnalysisJob({ ...job, data: { ...job.data, revision: 2 } }, deps)).toEqual({
    outcome: 'stale',
  });
  expect(await execAnalysisJob({ ...job, data: { ...job.data, analysisId: '999999' } }, deps)).toEqual({
    outcome: 'stale',
  });
  expect(await row(job)).toMatchObject({ status: 'queued', attempts: 0 });
});

test('execAnalysisJob records a study deleted from Orthanc with its reason and ends the job without an error', async () => {
  const job = await queuedJob([MISSING_INSTANCE]);
  const outcome = await execAnalysisJob(job, deps);
  expect(outcome).toEqual({ outcome: 'gone', reason: expect.stringMatching(/was deleted from Orthanc/) });
  expect(await row(job)).toMatchObject({
    status: 'failed',
    reason: expect.stringMatching(/^image 1 of 1 .* was deleted/),
  });
  // Run again (a duplicate delivery): the failed row is not worked on again.
  expect(await execAnalysisJob(job, deps)).toEqual({ outcome: 'stale' });
});

test('execAnalysisJob refuses a job for another model version as unrecoverable, with the reason recorded', async () => {
  const job = await queuedJob([MISSING_INSTANCE], { modelVersion: '0.0.0-other' });
  const run = execAnalysisJob(job, deps);
  await expect(run).rejects.toBeInstanceOf(UnrecoverableError);
  await expect(run).rejects.toThrow(
    /asks for model mammo-mias-cnn 0\.0\.0-other, this worker serves mammo-mias-cnn/,
  );
  expect(await row(job)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/0\.0\.0-other/) });
});

test('execAnalysisJob rethrows Orthanc out of reach for BullMQ to retry, and records it on the last attempt', async () => {
  const unreachable: AnalysisJobDeps = {
    ...deps,
    // A port nothing listens on: a connection refused, as while Orthanc restarts.
    orthanc: new WorkerOrthancClient({
      url: 'http://127.0.0.1:9',
      username: 'x',
      password: 'y',
      timeoutMs: 2_000,
    }),
  };
  const job = await queuedJob([MISSING_INSTANCE]);
  await expect(execAnalysisJob(job, unreachable)).rejects.toBeInstanceOf(OrthancRequestError);
  expect(await row(job)).toMatchObject({ status: 'running', reason: null, attempts: 1 });

  const last = { ...job, attemptsMade: 4 };
  const error = await execAnalysisJob(last, unreachable).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OrthancRequestError);
  expect(error).not.toBeInstanceOf(UnrecoverableError);
  expect(await row(job)).toMatchObject({
    status: 'failed',
    reason: expect.stringMatching(/^gave up after 5 attempt\(s\): Orthanc GET \/instances\/.* failed/),
  });
});

test("execAnalysisJob fails an exam with a blank image for good, with the quality gate's reason and no score", async () => {
  // A real right CC view whose pixels were all replaced by one value: a mammogram header on nothing.
  const study = await wrapFfdmStudy(work, { views: ['CC'], lateralities: ['R'] });
  const dataset = readPart10(await readFile(study.files[0]!));
  const pixels = new Uint16Array(Number(dataset.Rows) * Number(dataset.Columns)).fill(1000);
  const stored = await orthancRest(orthanc).store(writePart10({ ...dataset, PixelData: [pixels.buffer] }));
  const job = await queuedJob([stored.ID]);

  const run = execAnalysisJob(job, deps);
  await expect(run).rejects.toBeInstanceOf(UnrecoverableError);
  expect(await row(job)).toMatchObject({
    status: 'failed',
    reason: expect.stringMatching(/^image not analysable: image 1 of 1 .*: .+ \/ .+/),
  });
  const { rows } = await pool.query('SELECT malignancy_score, findings FROM analysis WHERE id = $1', [
    job.data.analysisId,
  ]);
  expect(rows[0]).toEqual({ malignancy_score: null, findings: null });
});
