import { readdir } from 'node:fs/promises';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { getCursor, resetCursor } from './intake/cursorStore';
import {
  findAnalysisByKey,
  markAnalysisDone,
  markAnalysisFailed,
  markAnalysisRunning,
} from './studies/analysisStore';
import { migrate, MIGRATIONS_DIR } from './db/migrate';
import { createPool } from './db/pool';
import { sweepAnalyses } from './intake/queueMaintenance';
import {
  analysisEventSchema,
  analysisKey,
  bullmqJobId,
  type AnalysisEvent,
  type AnalysisJobData,
} from './intake/queueContract';
import { testExamFindings } from './testing/mammography';
import { storeFixture, storeStudy, TEST_MODEL, waitUntil } from './testing/harness';
import { useReadingApp, type ApiRequest } from './testing/readingApp';

const t = useReadingApp();
const { api, analysisOf, followerPassedStableStudy } = t;

const jobOf = (studyUid: string) => t.queue.getJob(bullmqJobId(analysisKey(studyUid, TEST_MODEL.version)));

describe('orthanc-bridge', () => {
  test('the bridge queues a stable MG study once: analysis row, BullMQ job <uid>:<version> at its triaged priority, event', async () => {
    const subscriber = new Redis(t.redisUrl);
    const events: AnalysisEvent[] = [];
    subscriber.on('message', (_channel, message: string) =>
      events.push(analysisEventSchema.parse(JSON.parse(message))),
    );
    await subscriber.subscribe(t.app.ctx.eventsChannel);
    try {
      const urgent = await storeStudy(t.client, { description: 'Mammographie URGENT' });
      const routine = await storeStudy(t.client, { description: 'Dépistage', patientId: 'OTHER' });

      const body = await analysisOf(urgent, 'queued');
      expect(body.analysis).toMatchObject({
        jobId: `${urgent}:${TEST_MODEL.version}`,
        model: { id: TEST_MODEL.id, version: TEST_MODEL.version },
        priority: 'stat',
        images: 4,
        attempts: 0,
        reason: null,
      });
      expect(body.study).toMatchObject({
        studyInstanceUid: urgent,
        accessionNumber: 'ACC1',
        studyDate: '2025-01-02',
        description: 'Mammographie URGENT',
        modalities: ['MG'],
        views: ['RCC', 'LCC', 'RMLO', 'LMLO'],
      });
      expect((await analysisOf(routine, 'queued')).analysis.priority).toBe('screening');

      const job = await jobOf(urgent);
      expect(job?.id).toBe(`${urgent}%3A${TEST_MODEL.version}`);
      expect(job?.priority).toBe(1);
      expect(job?.data).toMatchObject({
        studyInstanceUid: urgent,
        orthancStudyId: await t.client.findStudy(urgent),
        modelId: TEST_MODEL.id,
        modelVersion: TEST_MODEL.version,
        priority: 'stat',
        revision: 1,
      });
      expect(job?.data.instances).toHaveLength(4);
      expect((await jobOf(routine))?.priority).toBe(3);
      expect(await t.queue.count()).toBe(2);

      await waitUntil('two queued events', async () => (events.length >= 2 ? true : undefined));
      expect(events.map((e) => [e.studyInstanceUid, e.status]).sort()).toEqual(
        [
          [urgent, 'queued'],
          [routine, 'queued'],
        ].sort(),
      );
    } finally {
      subscriber.disconnect();
    }
  });

  test('the bridge skips a CT study with a reason the API shows, and enqueues nothing', async () => {
    const ct = await storeStudy(t.client, { modality: 'CT' });
    const body = await analysisOf(ct, 'skipped');
    expect(body.analysis.reason).toBe('no mammography image (modalities: CT)');
    expect(body.study.modalities).toEqual(['CT']);
    expect(await jobOf(ct)).toBeUndefined();

    const listed = await api('/api/analyses?status=skipped');
    expect(listed.status).toBe(200);
    expect(listed.body.analyses.map((a: { studyInstanceUid: string }) => a.studyInstanceUid)).toEqual([ct]);

    const again = await api(`/api/studies/${ct}/analyse`, { method: 'POST', body: { priority: 'stat' } });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toMatch(/not analysed: no mammography image \(modalities: CT\)/);
  });

  test('the bridge queues the synthetic MG and the Siemens JPEG Lossless fixtures with their views', async () => {
    const synthetic = await storeFixture(t.client, 'mg-synthetic-explicit-little.dcm');
    const siemens = await storeFixture(t.client, 'siemens-mammomat-lcc-stereo-jpeg-lossless.dcm');
    for (const orthancId of [synthetic, siemens]) {
      const uid = (await t.client.study(orthancId))!.MainDicomTags.StudyInstanceUID!;
      const body = await analysisOf(uid, 'queued');
      expect(body.analysis.images).toBe(1);
      expect(body.study.modalities).toEqual(['MG']);
      expect((await jobOf(uid))?.data.orthancStudyId).toBe(orthancId);
      if (orthancId === siemens) expect(body.study.views).toEqual(['LCC']);
    }
  });

  test("the bridge ignores Sentinelle's own results and feed replays, and analyses again only a changed image set", async () => {
    const uid = await storeStudy(t.client, { views: ['RCC', 'LCC'] });
    await analysisOf(uid, 'queued');
    const first = await followerPassedStableStudy(uid, 0);

    // Sentinelle's SR lands in the study: the study becomes stable again, the image set is the same.
    await storeStudy(t.client, { studyInstanceUid: uid, sentinelle: true, views: ['RCC'] });
    const second = await followerPassedStableStudy(uid, first);
    const afterResults = (await analysisOf(uid, 'queued')).analysis;
    expect(afterResults.revision).toBe(1);
    expect(afterResults.images).toBe(2);
    expect(await t.queue.count()).toBe(1);

    // Replaying the whole feed from 0 changes nothing and enqueues nothing.
    await resetCursor(t.app.ctx.pool, 0);
    await waitUntil('replay', async () => ((await getCursor(t.app.ctx.pool)) >= second ? true : undefined));
    const afterReplay = (await analysisOf(uid, 'queued')).analysis;
    expect(afterReplay.updatedAt).toBe(afterResults.updatedAt);
    expect(await t.queue.count()).toBe(1);

    // Two more images: a new revision with the four images replaces the waiting job.
    await storeStudy(t.client, { studyInstanceUid: uid, views: ['RMLO', 'LMLO'] });
    const revised = await analysisOf(uid, 'queued', 2);
    expect(revised.analysis.images).toBe(4);
    expect(revised.study.views).toEqual(['RCC', 'LCC', 'RMLO', 'LMLO']);
    const job = await jobOf(uid);
    expect(job?.data.revision).toBe(2);
    expect(job?.data.instances).toHaveLength(4);
    expect(await t.queue.count()).toBe(1);
  });

  test('the bridge enqueues again at start a queued analysis whose job was lost (crash between commit and enqueue)', async () => {
    const uid = await storeStudy(t.client, { views: ['LCC'] });
    await analysisOf(uid, 'queued');
    await (await jobOf(uid))!.remove();
    await t.stop();
    expect(await jobOf(uid)).toBeUndefined();

    await t.start();
    const job = await waitUntil('job re-enqueued', () => jobOf(uid));
    expect(job.data.studyInstanceUid).toBe(uid);
    expect(await t.queue.count()).toBe(1);
  });

  test('POST /api/studies/:uid/analyse re-prioritises, refuses finished work, retries failures and 404s unknown studies', async () => {
    const unknown = await api('/api/studies/1.2.3.999/analyse', {
      method: 'POST',
      body: { priority: 'stat' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Orthanc holds no study 1.2.3.999');

    const uid = await storeStudy(t.client, { views: ['RCC'] });
    await analysisOf(uid, 'queued');
    const raised = await api(`/api/studies/${uid}/analyse`, { method: 'POST', body: { priority: 'stat' } });
    expect(raised.status).toBe(202);
    expect(raised.body.analysis).toMatchObject({ priority: 'stat', requestedPriority: 'stat', revision: 1 });
    expect((await jobOf(uid))?.priority).toBe(1);

    // The worker's side, through the exported repository functions.
    const findings = testExamFindings([
      {
        sopInstanceUid: '1.2.3.1',
        seriesInstanceUid: '1.2.3.2',
        studyInstanceUid: uid,
        laterality: 'R',
        rows: 8,
        columns: 8,
      },
    ]);
    const row = (await findAnalysisByKey(t.app.ctx.pool, analysisKey(uid, TEST_MODEL.version)))!;
    const ref = { analysisId: row.id, revision: row.revision };
    expect((await markAnalysisRunning(t.app.ctx.pool, ref)).outcome).toBe('started');
    expect(
      (await api(`/api/studies/${uid}/analyse`, { method: 'POST', body: { priority: 'stat' } })).status,
    ).toBe(409);
    const failed = await markAnalysisFailed(t.app.ctx.pool, {
      ...ref,
      reason: 'unsupported photometric interpretation',
    });
    expect(failed?.status).toBe('failed');
    expect((await api(`/api/studies/${uid}/analysis`)).body.analysis.reason).toBe(
      'unsupported photometric interpretation',
    );

    const retried = await api(`/api/studies/${uid}/analyse`, {
      method: 'POST',
      body: { priority: 'diagnostic' },
    });
    expect(retried.status).toBe(202);
    expect(retried.body.analysis).toMatchObject({
      status: 'queued',
      priority: 'diagnostic',
      revision: 2,
      attempts: 0,
    });
    const job = await jobOf(uid);
    expect(job?.data.revision).toBe(2);
    expect(job?.priority).toBe(2);
    // A late report from the old revision is ignored.
    expect(
      await markAnalysisDone(t.app.ctx.pool, {
        ...ref,
        malignancyScore: 0.1,
        timings: {},
        result: {},
        findings,
      }),
    ).toBeUndefined();
    expect((await markAnalysisRunning(t.app.ctx.pool, ref)).outcome).toBe('stale');

    const ref2 = { analysisId: row.id, revision: 2 };
    expect((await markAnalysisRunning(t.app.ctx.pool, ref2)).outcome).toBe('started');
    const done = await markAnalysisDone(t.app.ctx.pool, {
      ...ref2,
      malignancyScore: 0.82,
      timings: { fetch: 10, inference: 20, total: 40 },
      result: { sr: { sopInstanceUid: '1.2.3' } },
      findings,
    });
    expect(done).toMatchObject({ status: 'done', malignancyScore: 0.82, attempts: 1, findings });
    expect((await markAnalysisRunning(t.app.ctx.pool, ref2)).outcome).toBe('already-done');
    const conflict = await api(`/api/studies/${uid}/analyse`, { method: 'POST', body: { priority: 'stat' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toMatch(/already analysed by model test-model 0\.0\.1-test/);
    const shown = (await api(`/api/studies/${uid}/analysis`)).body.analysis;
    expect(shown).toMatchObject({
      status: 'done',
      malignancyScore: 0.82,
      result: { sr: { sopInstanceUid: '1.2.3' } },
    });
  });

  test('sweepAnalyses records the reason when the worker gave up on a job without recording it', async () => {
    const uid = await storeStudy(t.client, { views: ['RCC'] });
    await analysisOf(uid, 'queued');
    const worker = new Worker<AnalysisJobData>(
      t.queue.name,
      async () => {
        throw new UnrecoverableError('pixel data unreadable');
      },
      { connection: { url: t.redisUrl, maxRetriesPerRequest: null } },
    );
    try {
      await waitUntil('job failed', async () =>
        (await (await jobOf(uid))?.getState()) === 'failed' ? true : undefined,
      );
    } finally {
      await worker.close();
    }
    expect(await sweepAnalyses(t.app.ctx)).toEqual({ enqueued: 0, failed: 1 });
    const shown = await api(`/api/studies/${uid}/analysis`);
    expect(shown.body.analysis).toMatchObject({
      status: 'failed',
      reason: 'the worker gave up after 1 attempt(s): pixel data unreadable',
    });
    expect(await sweepAnalyses(t.app.ctx)).toEqual({ enqueued: 0, failed: 0 });
  });

  test('the API answers bad input with a 400 that names the problem, and unknown routes with a JSON 404', async () => {
    const cases: [string, ApiRequest, RegExp][] = [
      ['/api/analyses?status=finished', {}, /query parameter "status": Invalid option: expected one of/],
      ['/api/analyses?priority=urgent', {}, /query parameter "priority"/],
      ['/api/analyses?limit=0', {}, /query parameter "limit"/],
      ['/api/analyses?stauts=done', {}, /unknown query parameter\(s\): stauts/],
      ['/api/studies/not-a-uid/analysis', {}, /path parameter "studyUid": must be a DICOM UID/],
      ['/api/studies/1.2.3/analyse', { method: 'POST', body: { priority: 'asap' } }, /body field "priority"/],
      ['/api/studies/1.2.3/analyse', { method: 'POST', body: {} }, /body field "priority"/],
      ['/api/studies/1.2.3/analyse', { method: 'POST', raw: '{"priority":' }, /not valid JSON/],
      ['/api/patients/P1/urgent', { method: 'PUT', body: { urgent: 'yes' } }, /body field "urgent"/],
    ];
    for (const [path, init, message] of cases) {
      const { status, body } = await api(path, init);
      expect([path, status]).toEqual([path, 400]);
      expect(body.error.message).toMatch(message);
    }
    const missing = await api('/api/nothing-here');
    expect(missing).toEqual({
      status: 404,
      body: { error: { status: 404, message: 'no route GET /api/nothing-here' } },
    });
    expect((await api('/api/studies/1.2.3/analysis')).status).toBe(404);
  });

  test('GET /api/analyses filters, GET /api/queue counts by priority and GET /api/health checks every service', async () => {
    const stat = await storeStudy(t.client, { description: 'urgent', views: ['RCC'] });
    const diag = await storeStudy(t.client, { description: 'diag', views: ['RCC'] });
    const screening = await storeStudy(t.client, { views: ['RCC'] });
    const ct = await storeStudy(t.client, { modality: 'CT' });
    await Promise.all([
      analysisOf(stat, 'queued'),
      analysisOf(diag, 'queued'),
      analysisOf(screening, 'queued'),
    ]);
    await analysisOf(ct, 'skipped');

    const all = (await api('/api/analyses')).body.analyses.map(
      (a: { studyInstanceUid: string }) => a.studyInstanceUid,
    );
    expect(all.slice(0, 3)).toEqual([stat, diag, screening]);
    expect(all).toHaveLength(4);
    const queued = await api('/api/analyses?status=queued&priority=diagnostic');
    expect(queued.body.analyses.map((a: { studyInstanceUid: string }) => a.studyInstanceUid)).toEqual([diag]);

    const { status, body } = await api('/api/queue');
    expect(status).toBe(200);
    expect(body).toMatchObject({ queue: t.queue.name, depth: 3, active: 0, paused: false });
    for (const level of ['stat', 'diagnostic', 'screening']) {
      expect(body.byPriority[level].depth).toBe(1);
      expect(body.byPriority[level].oldestWaitSeconds).toBeGreaterThanOrEqual(0);
    }

    const health = await api('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.checks.orthanc.detail).toMatch(/^Orthanc 1\./);
    expect(health.body.checks.postgres.ok).toBe(true);
    expect(health.body.checks.redis.detail).toBe('Redis PONG');
    expect(health.body.checks.model.detail).toBe(`${TEST_MODEL.id} ${TEST_MODEL.version} (research only)`);

    void t.orthanc.stop(); // afterEach waits for it
    const down = await waitUntil('health 503', async () => {
      const answer = await api('/api/health');
      return answer.status === 503 ? answer : undefined;
    });
    expect(down.body.checks.orthanc.ok).toBe(false);
    expect(down.body.checks.postgres.ok).toBe(true);
  });

  test('PUT /api/patients/:id/urgent moves waiting analyses to stat and triages the next studies stat', async () => {
    const first = await storeStudy(t.client, { patientId: 'URG-1', views: ['LCC'] });
    await analysisOf(first, 'queued');
    const flagged = await api('/api/patients/URG-1/urgent', { method: 'PUT', body: { urgent: true } });
    expect(flagged.status).toBe(200);
    expect(flagged.body.promoted.map((a: { studyInstanceUid: string }) => a.studyInstanceUid)).toEqual([
      first,
    ]);
    expect((await jobOf(first))?.priority).toBe(1);

    const next = await storeStudy(t.client, { patientId: 'URG-1', views: ['RCC'] });
    expect((await analysisOf(next, 'queued')).analysis.priority).toBe('stat');
  });

  test('analysisQueue promotes a screening job after the aging delay, one level per delay, up to stat', async () => {
    const agingMs = 2_500;
    await t.restart({ agingMs, agingIntervalMs: 200 });
    const uid = await storeStudy(t.client, { views: ['RMLO'] });
    const queued = (await analysisOf(uid, 'queued')).analysis;
    expect(queued.priority).toBe('screening');
    expect((await jobOf(uid))?.priority).toBe(3);

    const priorityIs = (priority: string) =>
      waitUntil(priority, async () => {
        const { body } = await api(`/api/studies/${uid}/analysis`);
        return body.analysis?.priority === priority ? body.analysis : undefined;
      });
    const diagnostic = await priorityIs('diagnostic');
    expect(diagnostic.requestedPriority).toBe('screening');
    expect((await jobOf(uid))?.priority).toBe(2);

    await priorityIs('stat');
    const job = await jobOf(uid);
    expect(job?.priority).toBe(1);
    expect(await job?.getState()).toBe('prioritized');
    // No promotion came early: two levels take at least two aging delays from the request.
    expect(Date.now() - new Date(queued.requestedAt).getTime()).toBeGreaterThanOrEqual(2 * agingMs);
  });

  test('initAppServices migrates as the owner role and serves as the app role, which owns nothing', async () => {
    const { rows } = await t.app.ctx.pool.query<{ me: string; superuser: string; owners: string[] }>(
      `SELECT current_user AS me, current_setting('is_superuser') AS superuser,
              array_agg(DISTINCT tableowner::text) AS owners FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(rows).toEqual([{ me: 'sentinelle_app', superuser: 'off', owners: ['sentinelle_owner'] }]);
  });

  test('migrate applies each migration once', async () => {
    // As the bridge does: the owner role migrates, the app role (t.app.ctx.pool) only serves.
    const owner = createPool(t.database.ownerUrl, { max: 1 });
    const again = await migrate(owner).finally(() => owner.end());
    expect(again.applied).toEqual([]);
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    expect(files.slice(0, 3)).toEqual(['001_initial.sql', '002_reading.sql', '003_model_view.sql']);
    expect(again.alreadyApplied).toEqual(files);
  });
});
