import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrthanc, type OrthancHandle } from '@sentinelle/config';
import { Queue } from 'bullmq';
import { initAppServices, shutdownApp, type AppServices } from '../app';
import { analysisKey, bullmqJobId, type AnalysisJobData } from '../queue/contract';
import {
  freshDatabase,
  orthancClient,
  startSharedServices,
  startTestOrthanc,
  storeStudy,
  testConfig,
  TEST_MODEL,
  uniqueName,
  waitUntil,
  writeTestRegistry,
  type SharedServices,
} from '../testing/harness';

let shared: SharedServices;
let registry: Awaited<ReturnType<typeof writeTestRegistry>>;
let orthanc: OrthancHandle;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let queue: Queue<AnalysisJobData>;

beforeAll(async () => {
  [shared, registry, orthanc] = await Promise.all([
    startSharedServices(),
    writeTestRegistry(),
    startTestOrthanc(),
  ]);
  db = await freshDatabase(shared.postgres);
});
afterAll(async () => {
  await shutdownApp();
  await queue?.obliterate({ force: true });
  await queue?.close();
  await db?.drop();
  await Promise.all([orthanc?.stop(), shared?.stop(), registry?.remove()]);
});

describe('ChangeFollower', () => {
  test('ChangeFollower loses and doubles nothing when the bridge restarts while 20 studies arrive', async () => {
    const queueName = uniqueName('analysis');
    queue = new Queue<AnalysisJobData>(queueName, { connection: { url: shared.redis.url } });
    const config = testConfig({
      orthanc,
      database: db,
      redisUrl: shared.redis.url,
      queueName,
      registryPath: registry.registryPath,
    });
    const client = orthancClient(orthanc);
    let app: AppServices = await initAppServices(config);
    const count = async () =>
      Number((await app.ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM analysis')).rows[0]!.n);

    const studies: string[] = [];
    for (let i = 0; i < 10; i++)
      studies.push(await storeStudy(client, { views: ['RCC', 'LCC'], patientId: `P${i}` }));
    // Restart once some of the first ten are recorded, others not yet stable.
    await waitUntil('a first analysis', async () => ((await count()) >= 1 ? true : undefined));
    await shutdownApp();
    for (let i = 10; i < 15; i++)
      studies.push(await storeStudy(client, { views: ['RCC', 'LCC'], patientId: `P${i}` }));
    app = await initAppServices(config);
    for (let i = 15; i < 20; i++)
      studies.push(await storeStudy(client, { views: ['RCC', 'LCC'], patientId: `P${i}` }));

    await waitUntil('20 analyses', async () => ((await count()) === 20 ? true : undefined), 60_000);
    const { rows } = await app.ctx.pool.query<{ job_id: string; status: string; revision: number }>(
      'SELECT job_id, status, revision FROM analysis ORDER BY job_id',
    );
    expect(rows.map((r) => r.job_id)).toEqual(
      studies.map((uid) => analysisKey(uid, TEST_MODEL.version)).sort(),
    );
    expect(rows.every((r) => r.status === 'queued' && r.revision === 1)).toBe(true);

    const jobs = await queue.getJobs(['prioritized', 'waiting']);
    expect(jobs).toHaveLength(20);
    expect(jobs.map((j) => j.id).sort()).toEqual(rows.map((r) => bullmqJobId(r.job_id)).sort());
    expect((await queue.getJobCounts()).completed ?? 0).toBe(0);

    // Orthanc reported each study stable once; nothing arrives later and the count stays 20.
    await app.follower.catchUp();
    expect(await count()).toBe(20);
    expect(await queue.count()).toBe(20);
  });

  test('ChangeFollower waits out an Orthanc restart and takes in what arrives after it', async () => {
    await shutdownApp();
    const dir = await mkdtemp(join(tmpdir(), 'sentinelle-bridge-orthanc-'));
    const options = { dir, username: 'bridge', password: 'bridge-test-pw', stableAgeSeconds: 1 };
    let persistent = await startOrthanc(options);
    const ownDb = await freshDatabase(shared.postgres);
    const queueName = uniqueName('analysis');
    const ownQueue = new Queue<AnalysisJobData>(queueName, { connection: { url: shared.redis.url } });
    try {
      const app = await initAppServices(
        testConfig({
          orthanc: persistent,
          database: ownDb,
          redisUrl: shared.redis.url,
          queueName,
          registryPath: registry.registryPath,
        }),
      );
      const before = await storeStudy(orthancClient(persistent), { views: ['LCC'] });
      await waitUntil('first job', async () => (await ownQueue.count()) === 1 || undefined);

      await persistent.stop();
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a few failed polls
      persistent = await startOrthanc({ ...options, httpPort: persistent.httpPort });
      const after = await storeStudy(orthancClient(persistent), { views: ['RCC'] });

      await waitUntil('second job', async () => (await ownQueue.count()) === 2 || undefined, 60_000);
      const ids = (await ownQueue.getJobs(['prioritized'])).map((j) => j.data.studyInstanceUid).sort();
      expect(ids).toEqual([before, after].sort());
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    } finally {
      await shutdownApp();
      await ownQueue.obliterate({ force: true });
      await ownQueue.close();
      await ownDb.drop();
      await persistent.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
