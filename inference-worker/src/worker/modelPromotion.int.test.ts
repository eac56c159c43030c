/**
 * Shadow evaluation and promotion through the real stack, with the registry's two real models:
 * the bridge (real Orthanc, PostgreSQL, Redis) and the inference worker serving the default model
 * (mammo-mias-cnn). A physician-admin puts mammo-ffdm-mil-cnn in shadow: the worker runs it on
 * every study, earlier and new, and readers see none of it; the comparison on the read cases is
 * refused for promotion until enough are read; the promotion switches the model new analyses use
 * (the worker loads it without a restart) and what readers see; a rollback switches back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrthancHandle } from '@sentinelle/config';
import { DEFAULT_REGISTRY_PATH, resolveModel } from '@sentinelle/models';
import {
  analysisEventSchema,
  initAppServices,
  shutdownApp,
  type AnalysisEvent,
  type AppServices,
} from '@sentinelle/orthanc-bridge';
import {
  ensureTestPki,
  freshDatabase,
  sessionHeaders,
  sessionOf,
  startSharedServices,
  startTestOrthanc,
  TEST_PASSWORD,
  testConfig,
  uniqueName,
  waitUntil,
  type SharedServices,
} from '@sentinelle/orthanc-bridge/testing';
import { readPart10 } from '@sentinelle/reporting';
import { assessedDraft } from '@sentinelle/reporting/testing/report';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import type { MammoModel } from '../session/mammoModel';
import type { WorkerServices } from './service';
import {
  loadTestModel,
  orthancRest,
  startTestWorker,
  storescu,
  wrapFfdmStudy,
} from './testing/pipelineHarness';

jest.setTimeout(600_000);

const DEFAULT_MODEL = { id: 'mammo-mias-cnn', version: '1.0.0' };
const CANDIDATE = { id: 'mammo-ffdm-mil-cnn', version: '2.0.0' };

let shared: SharedServices;
let model: MammoModel;
let work: string;
let orthanc: OrthancHandle;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: AppServices;
let worker: WorkerServices;
let subscriber: Redis;
const events: AnalysisEvent[] = [];

beforeAll(async () => {
  [shared, model, work] = await Promise.all([
    startSharedServices(),
    loadTestModel(),
    mkdtemp(join(tmpdir(), 'sentinelle-promotion-')),
    ensureTestPki(),
  ]);
  [orthanc, db] = await Promise.all([startTestOrthanc(), freshDatabase(shared.postgres)]);
  app = await initAppServices({
    ...testConfig({
      orthanc,
      database: db,
      redisUrl: shared.redis.url,
      queueName: uniqueName('analysis'),
      registryPath: DEFAULT_REGISTRY_PATH,
    }),
    // The real registry: its default model is in use at start, its second entry is the candidate.
    model: { registryPath: DEFAULT_REGISTRY_PATH },
    // A handful of cases here; the default (30 and 30) is what a site needs.
    modelGovernance: { minimumCases: { positives: 2, negatives: 2 }, shadowSweepIntervalMs: 500 },
  });
  subscriber = new Redis(shared.redis.url);
  subscriber.on('message', (_channel, message: string) =>
    events.push(analysisEventSchema.parse(JSON.parse(message))),
  );
  await subscriber.subscribe(app.ctx.eventsChannel);
  worker = await startTestWorker(model, {
    orthanc,
    databaseUrl: db.url,
    redisUrl: shared.redis.url,
    queueName: app.ctx.queue.name,
    eventsChannel: app.ctx.eventsChannel,
  });
});

afterAll(async () => {
  await worker?.stop();
  await subscriber?.quit();
  await app?.ctx.queue.obliterate({ force: true });
  await app?.ctx.shadowQueue.obliterate({ force: true });
  await shutdownApp();
  await Promise.all([orthanc?.stop(), model?.release()]);
  await db?.drop();
  await Promise.all([shared?.stop(), rm(work, { recursive: true, force: true })]);
});

interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

async function api(
  path: string,
  init: { method?: string; body?: unknown; as?: string } = {},
): Promise<Answer> {
  const response = await fetch(`${app.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...sessionHeaders(await sessionOf(app.url, init.as ?? 'dr.lefevre')),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** One study of some views of the real FFDM exam, sent with storescu; its analysis once done. */
async function sendStudy(views: Parameters<typeof wrapFfdmStudy>[1]) {
  const study = await wrapFfdmStudy(work, views);
  await storescu(orthanc, study.files);
  const analysis = await waitUntil(
    `analysis of ${study.studyInstanceUid} done`,
    async () => {
      const { status, body } = await api(`/api/studies/${study.studyInstanceUid}/analysis`, {
        as: 'dr.martin',
      });
      if (status === 200 && body.analysis.status === 'failed') throw new Error(body.analysis.reason);
      return status === 200 && body.analysis.status === 'done' ? body.analysis : undefined;
    },
    240_000,
  );
  return { uid: study.studyInstanceUid, analysis };
}

/** Shadow analyses of the candidate, done, once there are `n`. */
function shadowDone(n: number) {
  return waitUntil(
    `${n} shadow analyses done`,
    async () => {
      const { body } = await api('/api/models');
      if (body.candidate?.progress.failed) throw new Error('a shadow analysis failed');
      return body.candidate?.progress.done === n ? body.candidate : undefined;
    },
    240_000,
  );
}

/** What the governance tables hold: a refused request must leave them as they were. */
async function governanceRows(): Promise<string> {
  const rows: unknown[] = [];
  for (const table of ['shadow_candidate', 'shadow_analysis', 'model_comparison', 'model_promotion'])
    rows.push(
      (
        await app.ctx.pool.query(
          `SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY to_jsonb(x)::text), '[]') AS rows FROM ${table} x`,
        )
      ).rows[0].rows,
    );
  return JSON.stringify(rows);
}

/** Every reader-facing answer about a study, and its series in Orthanc and through DICOMweb. */
async function whatReadersSee(uid: string): Promise<string> {
  const answers = [];
  for (const path of [
    `/api/studies/${uid}/analysis`,
    `/api/studies/${uid}/findings`,
    `/api/studies/${uid}/reading`,
    `/api/studies/${uid}/model-views`,
    '/api/worklist',
    '/api/analyses',
  ])
    answers.push(await api(path, { as: 'dr.martin' }));
  const qido = await fetch(`${app.url}/dicom-web/studies/${uid}/series`, {
    headers: { ...sessionHeaders(await sessionOf(app.url, 'dr.martin')), accept: 'application/dicom+json' },
  });
  answers.push({ status: qido.status, body: await qido.json() });
  return JSON.stringify(answers);
}

async function validate(uid: string, birads: string) {
  const answer = await api(`/api/studies/${uid}/validation`, {
    method: 'POST',
    as: 'dr.martin',
    body: { overall: 'agree', birads, lesions: [] },
  });
  expect(answer.status).toBe(201);
}

/** Signs the study's report with every breast assessed BI-RADS 2 (no recall). */
async function signNoRecall(uid: string) {
  const report = `/api/studies/${uid}/report`;
  const draft = (await api(report, { as: 'dr.lefevre' })).body.draft.content;
  const content = assessedDraft({
    ...draft,
    breastAssessments: draft.breastAssessments.map((b: { laterality: string }) => ({
      laterality: b.laterality,
      assessment: '2',
    })),
  });
  expect((await api(`${report}/draft`, { method: 'PUT', body: content })).status).toBe(200);
  const signed = await api(`${report}/sign`, { method: 'POST', body: { password: TEST_PASSWORD } });
  expect(signed.status).toBe(200);
}

describe('model promotion', () => {
  test('a candidate runs in shadow unseen by readers, is compared on the read cases, promoted with an approval and rolled back in one action', async () => {
    // The registry's real entries, files checked.
    expect((await resolveModel()).entry).toMatchObject(DEFAULT_MODEL);
    expect((await resolveModel({ id: CANDIDATE.id })).entry).toMatchObject(CANDIDATE);

    // Studies read before the candidate exists.
    const views = [['CC'], ['MLO'], ['CC', 'MLO']] as const;
    const studies = [];
    for (const [i, lateralities] of [['R'], ['L'], ['R'], ['L'], ['R']].entries())
      studies.push(
        await sendStudy({ views: [...views[i % 3]!], lateralities: lateralities as ['R'] | ['L'] }),
      );
    for (const s of studies) expect(s.analysis.model).toEqual(DEFAULT_MODEL);

    // Refusals before anything is in shadow: clear codes, nothing stored changes.
    const before = await governanceRows();
    const refusals: [string, string, unknown, number, string | undefined][] = [
      ['POST', '/api/models/comparisons', {}, 409, 'no-shadow-candidate'],
      ['POST', '/api/models/promotions', {}, 409, 'comparison-needed'],
      ['POST', '/api/models/promotions', { comparisonId: '42' }, 404, 'comparison-not-found'],
      ['POST', '/api/models/promotions', { comparisonId: 'one' }, 400, undefined],
      ['POST', '/api/models/rollback', {}, 409, 'nothing-to-roll-back'],
      ['DELETE', '/api/models/shadow', undefined, 409, 'no-shadow-candidate'],
      ['POST', '/api/models/shadow', { modelId: DEFAULT_MODEL.id }, 409, 'candidate-in-use'],
      ['POST', '/api/models/shadow', { modelId: 'no-such-model' }, 400, 'model-not-in-registry'],
      ['POST', '/api/models/shadow', { modelId: 'Not An Id' }, 400, undefined],
      ['POST', '/api/models/shadow', { modelId: CANDIDATE.id, extra: 1 }, 400, undefined],
    ];
    for (const [method, path, body, status, code] of refusals) {
      const answer = await api(path, { method, body });
      expect({ path, body, status: answer.status, code: answer.body.error.code }).toEqual({
        path,
        body,
        status,
        code,
      });
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    // Only physician-admins govern the model.
    expect(
      (await api('/api/models/shadow', { method: 'POST', body: { modelId: CANDIDATE.id }, as: 'dr.martin' }))
        .status,
    ).toBe(403);
    expect(await governanceRows()).toBe(before);

    // What readers see before the candidate runs.
    const seenBefore = await Promise.all(studies.map((s) => whatReadersSee(s.uid)));

    // In shadow: the worker runs the candidate on every study already analysed.
    const started = await api('/api/models/shadow', { method: 'POST', body: { modelId: CANDIDATE.id } });
    expect(started).toMatchObject({ status: 201, body: { candidate: CANDIDATE } });
    expect(
      (await api('/api/models/shadow', { method: 'POST', body: { modelId: CANDIDATE.id } })).body.error.code,
    ).toBe('shadow-already-running');
    await shadowDone(studies.length);

    // Readers see nothing of the shadow results: the same answers, the same series in Orthanc
    // (no SR or SEG of the candidate), no event of it, no analysis row of it.
    expect(await Promise.all(studies.map((s) => whatReadersSee(s.uid)))).toEqual(seenBefore);

    // A new study is analysed by both; readers get the model in use's only.
    const during = await sendStudy({ views: ['CC'], lateralities: ['L'] });
    expect(during.analysis.model).toEqual(DEFAULT_MODEL);
    await shadowDone(studies.length + 1);
    const { rows: shadows } = await app.ctx.pool.query<{
      model_id: string;
      malignancy_score: number;
      status: string;
    }>('SELECT model_id, malignancy_score, status FROM shadow_analysis');
    expect(shadows).toHaveLength(studies.length + 1);
    for (const row of shadows) {
      expect(row).toMatchObject({ model_id: CANDIDATE.id, status: 'done' });
      expect(row.malignancy_score).toBeGreaterThanOrEqual(0);
    }

    expect(await whatReadersSee(during.uid)).not.toContain(CANDIDATE.id);
    expect(events.filter((e) => e.modelId === CANDIDATE.id)).toEqual([]);
    expect(
      (await app.ctx.pool.query('SELECT 1 FROM analysis WHERE model_id = $1', [CANDIDATE.id])).rowCount,
    ).toBe(0);

    // No read case yet: a comparison is made, but a promotion on it is refused.
    const empty = await api('/api/models/comparisons', { method: 'POST', body: {} });
    expect(empty).toMatchObject({
      status: 201,
      body: { comparison: { cases: 0, enough: false, statistics: null, disagreements: [] } },
    });
    const beforeTooFew = await governanceRows();
    const tooFew = await api('/api/models/promotions', {
      method: 'POST',
      body: { comparisonId: empty.body.id },
    });
    expect(tooFew).toMatchObject({
      status: 409,
      body: { error: { code: 'too-few-cases', params: { positives: '0', minimumPositives: '2' } } },
    });
    expect(await governanceRows()).toBe(beforeTooFew);

    // The readers' final readings: 3 recalls, 2 not (one by a signed report over a recall validation).
    await validate(studies[0]!.uid, '4A');
    await validate(studies[1]!.uid, '0');
    await validate(studies[2]!.uid, '5');
    await validate(studies[3]!.uid, '1');
    await validate(studies[4]!.uid, '4B');
    await signNoRecall(studies[4]!.uid);

    const compared = await api('/api/models/comparisons', { method: 'POST', body: {} });
    expect(compared.status).toBe(201);
    const c = compared.body.comparison;
    expect(c).toMatchObject({
      current: DEFAULT_MODEL,
      candidate: CANDIDATE,
      cases: 5,
      positives: 3,
      negatives: 2,
      enough: true,
      truth: {
        rule: 'recall-vs-no-recall',
        pathology: 'not-recorded',
        sources: { 'signed-report': 1, validation: 4 },
      },
    });
    expect(c.current.threshold).toBeCloseTo(0.49992003673010943, 12);
    expect(c.candidate.threshold).toBeCloseTo(0.5900225631221307, 12);
    expect(c.statistics.auc.current.ci95).toHaveLength(2);
    expect(c.statistics.auc.delong.p).toBeGreaterThan(0);
    expect(c.statistics.atOperatingPoint.current.sensitivity.total).toBe(3);
    expect(c.statistics.atOperatingPoint.candidate.specificity.total).toBe(2);
    // The disagreements are the cases one model flags at its threshold and the other does not.
    const scores = new Map<string, { current: number; candidate: number }>();
    for (const s of [...studies, during]) {
      const { rows } = await app.ctx.pool.query<{ score: number }>(
        'SELECT malignancy_score AS score FROM shadow_analysis WHERE study_instance_uid = $1',
        [s.uid],
      );
      scores.set(s.uid, { current: s.analysis.malignancyScore, candidate: rows[0]!.score });
    }
    const expected = studies
      .map((s) => s.uid)
      .filter((uid) => {
        const v = scores.get(uid)!;
        return v.current >= c.current.threshold !== v.candidate >= c.candidate.threshold;
      })
      .sort();
    expect(c.disagreements.map((d: { studyInstanceUid: string }) => d.studyInstanceUid).sort()).toEqual(
      expected,
    );
    for (const d of c.disagreements)
      expect(d.viewerUrl).toBe(`/mammo?StudyInstanceUIDs=${d.studyInstanceUid}`);
    expect(c.disagreementsElsewhere).toBe(0);
    // Kept as it was computed.
    expect((await api(`/api/models/comparisons/${compared.body.id}`)).body.comparison).toEqual(c);

    // Promotion, approved on that comparison.
    const promoted = await api('/api/models/promotions', {
      method: 'POST',
      body: { comparisonId: compared.body.id },
    });
    expect(promoted).toMatchObject({
      status: 201,
      body: { promotion: { model: CANDIDATE, previous: DEFAULT_MODEL, comparisonId: compared.body.id } },
    });
    // The same comparison cannot promote twice: the model in use changed.
    expect(
      (await api('/api/models/promotions', { method: 'POST', body: { comparisonId: compared.body.id } })).body
        .error.code,
    ).toBe('comparison-outdated');
    expect((await api('/api/models')).body).toMatchObject({
      inUse: CANDIDATE,
      configured: DEFAULT_MODEL,
      candidate: null,
      promotions: [
        { action: 'promote', model: CANDIDATE, previous: DEFAULT_MODEL, comparisonId: compared.body.id },
      ],
    });

    // New analyses use the promoted model, loaded by the running worker; readers see it, in the
    // findings and in the AI SR stored in Orthanc.
    const after = await sendStudy({ views: ['MLO'], lateralities: ['R'] });
    expect(after.analysis.model).toEqual(CANDIDATE);
    const findings = await api(`/api/studies/${after.uid}/findings`, { as: 'dr.martin' });
    expect(findings.body.model).toMatchObject(CANDIDATE);
    const rest = orthancRest(orthanc);
    const [srId] = await rest.instancesWithUid(after.analysis.result.sr.sopInstanceUid);
    const sr = JSON.stringify(readPart10(await rest.bytes(`/instances/${srId}/file`)));
    expect(sr).toContain(CANDIDATE.version);
    expect(sr).toContain(CANDIDATE.id);
    // The report drafted from these findings names the model too (its AI summary and footnote).
    const draft = await api(`/api/studies/${after.uid}/report`, { as: 'dr.martin' });
    expect(draft.body.draft.content.aiSummary.model).toMatchObject(CANDIDATE);
    // Earlier studies keep the analysis their readers read.
    expect(
      (await api(`/api/studies/${studies[0]!.uid}/analysis`, { as: 'dr.martin' })).body.analysis.model,
    ).toEqual(DEFAULT_MODEL);

    // The next candidate (here the previous model) is compared on the same read cases: the model in
    // use's scores come from its shadow analyses of the studies read before it was promoted.
    expect(
      (await api('/api/models/shadow', { method: 'POST', body: { modelId: DEFAULT_MODEL.id } })).status,
    ).toBe(201);
    await shadowDone(studies.length + 2);
    const next = (await api('/api/models/comparisons', { method: 'POST', body: {} })).body.comparison;
    expect(next).toMatchObject({ current: CANDIDATE, candidate: DEFAULT_MODEL, cases: 5, positives: 3 });
    expect(next.statistics.auc.current.auc).toBeCloseTo(c.statistics.auc.candidate.auc, 12);
    // The shadow pipeline scores as the clinical one does: same images, same model, same numbers.
    expect(next.statistics.auc.candidate.auc).toBeCloseTo(c.statistics.auc.current.auc, 12);
    const { rows: same } = await app.ctx.pool.query<{ clinical: number; shadow: number }>(
      `SELECT a.malignancy_score AS clinical, sa.malignancy_score AS shadow FROM analysis a
       JOIN shadow_analysis sa ON sa.study_instance_uid = a.study_instance_uid AND sa.model_id = a.model_id
       WHERE a.model_id = $1`,
      [DEFAULT_MODEL.id],
    );
    expect(same.length).toBeGreaterThanOrEqual(studies.length);
    for (const { clinical, shadow } of same) expect(shadow).toBeCloseTo(clinical, 6);

    // Rollback: one action, back to the previous model; a second has nothing to undo.
    const rolledBack = await api('/api/models/rollback', { method: 'POST', body: {} });
    expect(rolledBack).toMatchObject({
      status: 201,
      body: { rollback: { model: DEFAULT_MODEL, previous: CANDIDATE } },
    });
    expect((await api('/api/models/rollback', { method: 'POST', body: {} })).body.error.code).toBe(
      'nothing-to-roll-back',
    );
    // The model restored was the candidate in shadow: no longer one.
    expect((await api('/api/models')).body).toMatchObject({ inUse: DEFAULT_MODEL, candidate: null });
    const afterRollback = await sendStudy({ views: ['CC'], lateralities: ['R'] });
    expect(afterRollback.analysis.model).toEqual(DEFAULT_MODEL);

    // Each decision is in the audit trail, the promotion with the comparison it rests on.
    const audit = await waitUntil('the model audit entries', async () => {
      const { body } = await api('/api/audit?actor=dr.lefevre&limit=1000');
      const entries = body.entries.filter((e: { resourceType: string }) => e.resourceType === 'model');
      return entries.some((e: { detail: { action?: string } }) => e.detail.action === 'rollback')
        ? entries
        : undefined;
    });
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resourceId: 'shadow',
          outcome: 'success',
          detail: expect.objectContaining({ action: 'shadow-start', modelId: CANDIDATE.id }),
        }),
        expect.objectContaining({
          resourceId: 'promotion',
          outcome: 'success',
          detail: expect.objectContaining({
            action: 'promote',
            comparisonId: compared.body.id,
            model: `${CANDIDATE.id} ${CANDIDATE.version}`,
            previous: `${DEFAULT_MODEL.id} ${DEFAULT_MODEL.version}`,
            cases: 5,
          }),
        }),
        expect.objectContaining({
          resourceId: 'promotion',
          detail: expect.objectContaining({ action: 'promote', comparisonId: empty.body.id }),
          outcome: expect.not.stringMatching(/^success$/),
        }),
        expect.objectContaining({
          resourceId: 'promotion',
          outcome: 'success',
          detail: expect.objectContaining({
            action: 'rollback',
            model: `${DEFAULT_MODEL.id} ${DEFAULT_MODEL.version}`,
          }),
        }),
      ]),
    );
  });
});
