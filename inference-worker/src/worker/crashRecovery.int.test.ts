import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, type OrthancHandle } from '@sentinelle/config';
import { DEFAULT_REGISTRY_PATH } from '@sentinelle/models';
import {
  ANALYSIS_QUEUE_NAME,
  initAppServices,
  keyringFile,
  shutdownApp,
  type AppServices,
} from '@sentinelle/orthanc-bridge';
import {
  freshDatabase,
  startSharedServices,
  startTestOrthanc,
  testConfig,
  testKeyringPath,
  waitUntil,
  type SharedServices,
} from '@sentinelle/orthanc-bridge/testing';
import pg from 'pg';
import type { AnalysisResult } from './execAnalysisJob';
import { resultUids } from './renderResults';
import { orthancRest, storescu, wrapFfdmStudy } from './testing/pipelineHarness';

/**
 * The worker as `npm run worker` runs it, in a child process of its own (node with tsx's loader,
 * so that SIGKILL reaches the worker itself), configured through the environment like any
 * deployment. Its own PostgreSQL, Redis and Orthanc; the queue has its production name.
 */
let shared: SharedServices;
let orthanc: OrthancHandle;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: AppServices;
let work: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [shared, orthanc, work] = await Promise.all([
    startSharedServices(),
    startTestOrthanc(),
    mkdtemp(join(tmpdir(), 'sentinelle-crash-')),
  ]);
  db = await freshDatabase(shared.postgres);
  // The bridge's keyring in the worker's data directory, as a deployment shares it.
  await mkdir(dirname(keyringFile(work)), { mode: 0o700 });
  await copyFile(testKeyringPath(), keyringFile(work));
  await chmod(keyringFile(work), 0o600);
  app = await initAppServices({
    ...testConfig({
      orthanc,
      database: db,
      redisUrl: shared.redis.url,
      queueName: ANALYSIS_QUEUE_NAME,
      registryPath: DEFAULT_REGISTRY_PATH,
    }),
    model: { registryPath: DEFAULT_REGISTRY_PATH },
  });
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await app?.ctx.queue.obliterate({ force: true });
  await shutdownApp();
  await db?.drop();
  await Promise.all([orthanc?.stop(), shared?.stop(), rm(work, { recursive: true, force: true })]);
});

/** Starts `npm run worker`'s process and resolves once it takes jobs. */
async function startWorkerProcess(): Promise<ChildProcess & { output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'inference-worker/src/worker/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SENTINELLE_DATA_DIR: work,
      ORTHANC_URL: orthanc.url,
      ORTHANC_USERNAME: orthanc.username,
      ORTHANC_PASSWORD: orthanc.password,
      DATABASE_URL: db.url,
      REDIS_URL: shared.redis.url,
      WORKER_CONCURRENCY: '1',
      WORKER_THREADS: '1',
      // A killed worker's job runs again after about 2 s instead of 30.
      WORKER_LOCK_MS: '2000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntil(
    'the worker process to start',
    async () => {
      if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}:\n${output}`);
      return output.includes('inference worker started') ? true : undefined;
    },
    60_000,
  );
  return Object.assign(child, { output: () => output });
}

async function analysisRow(client: pg.ClientBase | pg.Pool, studyUid: string) {
  const { rows } = await client.query<{
    id: string;
    key: string;
    status: string;
    attempts: number;
    result: AnalysisResult | null;
    reason: string | null;
  }>(
    'SELECT id, job_id AS key, status, attempts, result, reason FROM analysis WHERE study_instance_uid = $1',
    [studyUid],
  );
  return rows[0];
}

test('a worker killed with SIGKILL after storing its results, before recording them, completes the job after a restart with exactly one result set in Orthanc', async () => {
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const rest = orthancRest(orthanc);
  try {
    const first = await startWorkerProcess();
    const study = await wrapFfdmStudy(work);
    await storescu(orthanc, study.files);
    const analysis = await waitUntil(
      'the analysis running',
      async () => {
        const row = await analysisRow(pool, study.studyInstanceUid);
        return row?.status === 'running' ? row : undefined;
      },
      60_000,
      20,
    );

    // Hold the analysis row: the worker stores its results in Orthanc, then waits on this lock
    // in markAnalysisDone. That is the moment to kill it.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM analysis WHERE id = $1 FOR UPDATE', [analysis.id]);
      // The result UIDs follow from the analysis key and revision alone.
      const expected = resultUids(analysis.key, 1);
      await waitUntil('the results in Orthanc', async () =>
        (await rest.instancesWithUid(expected.mammoCadSr.sopInstanceUid)).length ? true : undefined,
      );
      await waitUntil('the worker waiting to record the results', async () => {
        const { rows } = await pool.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0]!.waiting > 0 ? true : undefined;
      });
      first.kill('SIGKILL');
      await once(first, 'exit');
      // PostgreSQL would still run the dead worker's waiting UPDATE once the lock goes: end its
      // session too, so that nothing of markAnalysisDone happened, as when the kill comes first.
      await pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    expect((await analysisRow(pool, study.studyInstanceUid))!.status).toBe('running');
    const before = await rest.json<{ CountInstances: number }>('/statistics');

    // After the restart, BullMQ gives the stalled job back; the retry finds its results in Orthanc.
    const second = await startWorkerProcess();
    const done = await waitUntil(
      'the analysis done after the restart',
      async () => {
        const row = await analysisRow(pool, study.studyInstanceUid);
        if (row?.status === 'failed') throw new Error(`failed: ${row.reason}`);
        return row?.status === 'done' ? row : undefined;
      },
      60_000,
    );
    const result = done.result!;
    expect(done.attempts).toBe(2);
    const produced = [
      result.sr.sopInstanceUid,
      result.cadSr.sopInstanceUid,
      ...(result.seg?.instances ?? []).map((i) => i.sopInstanceUid),
    ];
    expect([...result.alreadyStored].sort()).toEqual([...produced].sort());

    // Exactly one result set: the 4 images, 2 SRs and the SEGs, each stored once.
    const after = await rest.json<{ CountInstances: number }>('/statistics');
    expect(after.CountInstances).toBe(before.CountInstances);
    expect(after.CountInstances).toBe(4 + produced.length);
    const [studyRef] = await rest.json<{ ID: string }[]>('/tools/lookup', {
      method: 'POST',
      body: study.studyInstanceUid,
    });
    const series = await rest.json<{ MainDicomTags: Record<string, string>; Instances: string[] }[]>(
      `/studies/${studyRef!.ID}/series?expand`,
    );
    expect(series.filter((s) => s.MainDicomTags.Modality === 'SR').map((s) => s.Instances.length)).toEqual([
      1, 1,
    ]);
    for (const uid of produced) expect(await rest.instancesWithUid(uid)).toHaveLength(1);

    // SIGTERM stops the worker cleanly.
    second.kill('SIGTERM');
    const [code] = (await once(second, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(second.output()).toMatch(/"msg":"stopped"/);
  } finally {
    await pool.end();
  }
});
