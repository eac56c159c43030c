import { analysisKey, bullmqJobId } from './queueContract';
import { storeStudy, TEST_MODEL, waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';

const t = useReadingApp({ restartableOrthanc: true });

describe('ChangeFollower', () => {
  test('ChangeFollower loses and doubles nothing when the bridge restarts while 20 studies arrive', async () => {
    const count = async () =>
      Number((await t.app.ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM analysis')).rows[0]!.n);

    const studies: string[] = [];
    for (let i = 0; i < 10; i++)
      studies.push(await storeStudy(t.client, { views: ['RCC', 'LCC'], patientId: `P${i}` }));
    // Restart once some of the first ten are recorded, others not yet stable.
    await waitUntil('a first analysis', async () => ((await count()) >= 1 ? true : undefined));
    await t.stop();
    for (let i = 10; i < 15; i++)
      studies.push(await storeStudy(t.client, { views: ['RCC', 'LCC'], patientId: `P${i}` }));
    await t.start();
    for (let i = 15; i < 20; i++)
      studies.push(await storeStudy(t.client, { views: ['RCC', 'LCC'], patientId: `P${i}` }));

    await waitUntil('20 analyses', async () => ((await count()) === 20 ? true : undefined), 60_000);
    const { rows } = await t.app.ctx.pool.query<{ job_id: string; status: string; revision: number }>(
      'SELECT job_id, status, revision FROM analysis ORDER BY job_id',
    );
    expect(rows.map((r) => r.job_id)).toEqual(
      studies.map((uid) => analysisKey(uid, TEST_MODEL.version)).sort(),
    );
    expect(rows.every((r) => r.status === 'queued' && r.revision === 1)).toBe(true);

    const jobs = await t.queue.getJobs(['prioritized', 'waiting']);
    expect(jobs).toHaveLength(20);
    expect(jobs.map((j) => j.id).sort()).toEqual(rows.map((r) => bullmqJobId(r.job_id)).sort());
    expect((await t.queue.getJobCounts()).completed ?? 0).toBe(0);

    // Orthanc reported each study stable once; nothing arrives later and the count stays 20.
    await t.app.follower.catchUp();
    expect(await count()).toBe(20);
    expect(await t.queue.count()).toBe(20);
  });

  test('ChangeFollower waits out an Orthanc restart and takes in what arrives after it', async () => {
    const before = await storeStudy(t.client, { views: ['LCC'] });
    await waitUntil('first job', async () => (await t.queue.count()) === 1 || undefined);

    await t.restartOrthanc(() => new Promise((resolve) => setTimeout(resolve, 1_500))); // a few failed polls
    const after = await storeStudy(t.client, { views: ['RCC'] });

    await waitUntil('second job', async () => (await t.queue.count()) === 2 || undefined, 60_000);
    const ids = (await t.queue.getJobs(['prioritized'])).map((j) => j.data.studyInstanceUid).sort();
    expect(ids).toEqual([before, after].sort());
    expect((await fetch(`${t.app.url}/api/health`)).status).toBe(200);
  });
});
