import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrthanc, type OrthancHandle, type OrthancOptions } from '@sentinelle/config';
import { DEFAULT_REGISTRY_PATH } from '@sentinelle/models';
import {
  initAppServices,
  shutdownApp,
  type AppServices,
  type BridgeConfig,
} from '@sentinelle/orthanc-bridge';
import {
  freshDatabase,
  startSharedServices,
  startTestOrthanc,
  testConfig,
  uniqueName,
  waitUntil,
  TEST_DICOM_MODALITY,
  type SharedServices,
  type TestDatabase,
} from '@sentinelle/orthanc-bridge/testing';
import { wrapMammogram, type WrapStudy } from '../dicomWrap/index';
import type { MammoModel } from '../session/mammoModel';
import type { AnalysisResult } from './execAnalysisJob';
import type { WorkerServices } from './service';
import { newUid, orthancRest, storescu, loadTestModel, startTestWorker } from './testing/pipelineHarness';

/**
 * The pipeline (Orthanc → bridge → queue → worker → Orthanc) when a part of it restarts: the
 * bridge while studies arrive, Orthanc while analyses wait in the queue. Small synthetic
 * one-image MG studies keep it quick; the model is the real one, loaded once.
 */
let shared: SharedServices;
let model: MammoModel;
let work: string;

beforeAll(async () => {
  [shared, model, work] = await Promise.all([
    startSharedServices(),
    loadTestModel(),
    mkdtemp(join(tmpdir(), 'sentinelle-resilience-')),
  ]);
});

afterAll(async () => {
  await Promise.all([shared?.stop(), model?.release(), rm(work, { recursive: true, force: true })]);
});

// What a test started, stopped in afterEach whatever happened.
let worker: WorkerServices | undefined;
let app: AppServices | undefined;
let orthanc: OrthancHandle | undefined;
let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await app?.ctx.queue.obliterate({ force: true }).catch(() => undefined);
  await shutdownApp();
  app = undefined;
  await orthanc?.stop();
  orthanc = undefined;
  await db?.drop();
  db = undefined;
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The bridge's configuration for this test's Orthanc, database and queue (the real model's version). */
function bridgeConfig(target: OrthancHandle, database: TestDatabase): BridgeConfig {
  return {
    ...testConfig({
      orthanc: target,
      database,
      redisUrl: shared.redis.url,
      queueName: uniqueName('analysis'),
      registryPath: DEFAULT_REGISTRY_PATH,
    }),
    model: { registryPath: DEFAULT_REGISTRY_PATH },
  };
}

async function startWorker(config: BridgeConfig): Promise<WorkerServices> {
  worker = await startTestWorker(model, config);
  return worker;
}

/** A 256×320 12-bit synthetic mammogram: a half-ellipse breast with texture and a dense spot. */
function syntheticFrame(seed: number) {
  const [width, height] = [256, 320];
  const pixels = new Uint16Array(width * height);
  let state = seed * 2654435761;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) & 0xffff) / 0xffff;
  const [spotX, spotY] = [60 + (seed % 5) * 15, 120 + (seed % 7) * 12];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const e = (x / 200) ** 2 + ((y - height / 2) / 150) ** 2;
      if (e >= 1) continue;
      const spot = Math.exp(-((x - spotX) ** 2 + (y - spotY) ** 2) / 120);
      pixels[y * width + x] = Math.round(1200 + 1400 * (1 - e) + 1200 * spot + 300 * random());
    }
  }
  return { width, height, pixels, bitsStored: 12 };
}

interface SmallStudy {
  readonly studyInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly file: string;
}

/** One left CC image as its own MG study, written into `work`. */
async function smallStudy(index: number): Promise<SmallStudy> {
  const study: WrapStudy = {
    studyInstanceUid: newUid(),
    seriesInstanceUid: newUid(),
    patientId: `RES-${index}-${Math.floor(Math.random() * 1e6)}`,
    patientName: 'Résilience^Test',
    patientSex: 'F',
    studyDate: '20250317',
    studyTime: '093000',
    accessionNumber: `ACC-RES-${index}`,
    studyDescription: 'Mammographie de dépistage',
    seriesNumber: 1,
    manufacturer: 'Sentinelle tests (synthetic)',
  };
  const sopInstanceUid = newUid();
  const file = join(work, `${study.studyInstanceUid}.dcm`);
  await writeFile(
    file,
    wrapMammogram(syntheticFrame(index + 1), {
      study,
      laterality: 'L',
      view: 'CC',
      pixelSpacingMm: 0.2,
      sopInstanceUid,
      instanceNumber: 1,
    }),
  );
  return { studyInstanceUid: study.studyInstanceUid, sopInstanceUid, file };
}

interface AnalysisRow {
  study: string;
  status: string;
  attempts: number;
  revision: number;
  result: AnalysisResult | null;
  reason: string | null;
}

async function analyses(target: AppServices): Promise<AnalysisRow[]> {
  const { rows } = await target.ctx.pool.query<AnalysisRow>(
    `SELECT study_instance_uid AS study, status, attempts, revision, result, reason FROM analysis
     ORDER BY study_instance_uid`,
  );
  return rows;
}

/** Resolves once every analysis of `studies` is done (fails at once on a failed one). */
function allDone(target: () => AppServices, studies: readonly SmallStudy[], timeoutMs: number) {
  return waitUntil(
    `${studies.length} analyses done`,
    async () => {
      const rows = await analyses(target());
      const failed = rows.find((r) => r.status === 'failed');
      if (failed) throw new Error(`the analysis of ${failed.study} failed: ${failed.reason}`);
      return rows.length === studies.length && rows.every((r) => r.status === 'done') ? rows : undefined;
    },
    timeoutMs,
    200,
  );
}

/**
 * Exactly one result set per study in Orthanc: its MG series (one image), one AI results SR and
 * one CAD SR series of one instance each, and the SEG series only when the model marked lesions,
 * with the instances the analysis recorded; no SOP Instance UID twice in the whole Orthanc.
 */
async function expectOneResultSetEach(
  target: OrthancHandle,
  studies: readonly SmallStudy[],
  rows: readonly AnalysisRow[],
): Promise<void> {
  const rest = orthancRest(target);
  const produced: string[] = [];
  for (const study of studies) {
    const row = rows.find((r) => r.study === study.studyInstanceUid)!;
    const result = row.result!;
    expect(result.images).toBe(1);
    if (result.lesions === 0) expect(result.seg).toBeNull();
    const [ref] = await rest.json<{ ID: string }[]>('/tools/lookup', {
      method: 'POST',
      body: study.studyInstanceUid,
    });
    const series = await rest.json<{ MainDicomTags: Record<string, string>; Instances: string[] }[]>(
      `/studies/${ref!.ID}/series?expand`,
    );
    const found = series
      .map((s) => ({
        uid: s.MainDicomTags.SeriesInstanceUID,
        modality: s.MainDicomTags.Modality,
        instances: s.Instances.length,
      }))
      .sort((a, b) => `${a.modality}${a.uid}`.localeCompare(`${b.modality}${b.uid}`));
    const expected = [
      { modality: 'MG', instances: 1 },
      { uid: result.sr.seriesInstanceUid, modality: 'SR', instances: 1 },
      { uid: result.cadSr.seriesInstanceUid, modality: 'SR', instances: 1 },
      ...(result.seg
        ? [{ uid: result.seg.seriesInstanceUid, modality: 'SEG', instances: result.seg.instances.length }]
        : []),
    ];
    expect(found).toHaveLength(expected.length);
    expect(found).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
    produced.push(
      result.sr.sopInstanceUid,
      result.cadSr.sopInstanceUid,
      ...(result.seg?.instances ?? []).map((i) => i.sopInstanceUid),
    );
  }
  expect(new Set(produced).size).toBe(produced.length);
  for (const uid of produced) expect(await rest.instancesWithUid(uid)).toHaveLength(1);

  const instances = await rest.json<{ MainDicomTags: Record<string, string> }[]>('/instances?expand');
  expect(instances).toHaveLength(studies.length + produced.length);
  const sopUids = instances.map((i) => i.MainDicomTags.SOPInstanceUID);
  expect(new Set(sopUids).size).toBe(sopUids.length);
}

describe('pipeline resilience', () => {
  test('the pipeline gives exactly one result set per study when the bridge restarts while 20 studies arrive', async () => {
    const started = Date.now();
    [orthanc, db] = await Promise.all([startTestOrthanc(), freshDatabase(shared.postgres)]);
    const config = bridgeConfig(orthanc, db);
    app = await initAppServices(config);
    await startWorker(config);
    const studies = await Promise.all(Array.from({ length: 20 }, (_, i) => smallStudy(i)));

    for (const study of studies.slice(0, 10)) await storescu(orthanc, [study.file]);
    // Restart once some of the first ten are analysed or queued, others not yet stable.
    await waitUntil('a first analysis', async () => ((await analyses(app!)).length ? true : undefined));
    await shutdownApp();
    app = undefined;
    for (const study of studies.slice(10, 15)) await storescu(orthanc, [study.file]);
    app = await initAppServices(config);
    for (const study of studies.slice(15)) await storescu(orthanc, [study.file]);

    await allDone(() => app!, studies, 90_000);
    // The results' own changes come in and go by; nothing is analysed twice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await app.follower.catchUp();
    const rows = await analyses(app);
    expect(rows.map((r) => r.study)).toEqual(studies.map((s) => s.studyInstanceUid).sort());
    expect(rows.every((r) => r.status === 'done' && r.revision === 1)).toBe(true);
    const counts = await app.ctx.queue.getJobCounts();
    expect(counts.completed).toBe(20);
    expect((counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0)).toBe(0);

    await expectOneResultSetEach(orthanc, studies, rows);
    console.info(`bridge restart test: ${Date.now() - started} ms`);
  });

  test('the pipeline completes every queued analysis when Orthanc restarts while jobs are queued', async () => {
    const started = Date.now();
    // Orthanc with its data in a folder of its own, so that it can start again on it.
    const dir = await mkdtemp(join(tmpdir(), 'sentinelle-resilience-orthanc-'));
    dirs.push(dir);
    const options: OrthancOptions = {
      dir,
      username: 'bridge',
      password: 'bridge-test-pw',
      stableAgeSeconds: 1,
      modalities: [TEST_DICOM_MODALITY],
    };
    [orthanc, db] = await Promise.all([startOrthanc(options), freshDatabase(shared.postgres)]);
    const config = bridgeConfig(orthanc, db);
    app = await initAppServices(config);
    const studies = await Promise.all(Array.from({ length: 4 }, (_, i) => smallStudy(100 + i)));
    for (const study of studies) await storescu(orthanc, [study.file]);
    await waitUntil(
      'four analyses queued',
      async () => ((await app!.ctx.queue.getJobCounts('prioritized')).prioritized === 4 ? true : undefined),
      30_000,
    );

    const { httpPort, dicomPort } = orthanc;
    await orthanc.stop();
    const down = Date.now();
    // Every first attempt meets a refused connection: a transient failure, retried after 5 s.
    await startWorker(config);
    await waitUntil(
      'four first attempts failed',
      async () => ((await app!.ctx.queue.getJobCounts('delayed')).delayed === 4 ? true : undefined),
      20_000,
      50,
    );
    // A few seconds down, still within the first 5 s backoff.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    orthanc = await startOrthanc({ ...options, httpPort, dicomPort });
    console.info(`Orthanc was down for ${Date.now() - down} ms`);

    const rows = await allDone(() => app!, studies, 60_000);
    expect(rows.every((r) => r.revision === 1)).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    for (const study of studies) {
      const row = rows.find((r) => r.study === study.studyInstanceUid)!;
      expect(row.result!.alreadyStored).toEqual([]);
    }
    await expectOneResultSetEach(orthanc, studies, rows);
    console.info(`Orthanc restart test: ${Date.now() - started} ms`);
  });
});
