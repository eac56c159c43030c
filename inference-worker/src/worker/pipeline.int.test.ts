import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrthancHandle } from '@sentinelle/config';
import { DEFAULT_REGISTRY_PATH } from '@sentinelle/models';
import {
  analysisEventSchema,
  analysisKey,
  bullmqJobId,
  initAppServices,
  shutdownApp,
  type AnalysisEvent,
  type AppServices,
} from '@sentinelle/orthanc-bridge';
import {
  freshDatabase,
  sessionHeaders,
  sessionOf,
  startSharedServices,
  startTestOrthanc,
  testConfig,
  uniqueName,
  waitUntil,
  type SharedServices,
} from '@sentinelle/orthanc-bridge/testing';
import { readPart10, writePart10 } from '@sentinelle/reporting';
import type { NaturalizedDataset } from 'dcmjs';
import { decode as decodePng } from 'fast-png';
import { Redis } from 'ioredis';
import type { MammoModel } from '../session/mammoModel';
import type { AnalysisResult } from './execAnalysisJob';
import type { WorkerServices } from './service';
import {
  dciodvfyErrors,
  dsrdump,
  orthancRest,
  SIEMENS_JPEG_LOSSLESS,
  storescu,
  wrapFfdmStudy,
  loadTestModel,
  startTestWorker,
} from './testing/pipelineHarness';

let shared: SharedServices;
let model: MammoModel;
let work: string;

beforeAll(async () => {
  [shared, model, work] = await Promise.all([
    startSharedServices(),
    loadTestModel(),
    mkdtemp(join(tmpdir(), 'sentinelle-worker-')),
  ]);
});
// Orthanc takes ~3 s to stop: each test's instance stops in the background while the next one runs.
const stoppingOrthancs: Promise<void>[] = [];
afterAll(async () => {
  await Promise.all([
    ...stoppingOrthancs,
    shared?.stop(),
    model?.release(),
    rm(work, { recursive: true, force: true }),
  ]);
});

let orthanc: OrthancHandle;
let rest: ReturnType<typeof orthancRest>;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let queueName: string;
let app: AppServices;
let worker: WorkerServices | undefined;
let subscriber: Redis;
let events: AnalysisEvent[];

beforeEach(async () => {
  [orthanc, db] = await Promise.all([startTestOrthanc(), freshDatabase(shared.postgres)]);
  rest = orthancRest(orthanc);
  queueName = uniqueName('analysis');
  app = await initAppServices({
    ...testConfig({
      orthanc,
      database: db,
      redisUrl: shared.redis.url,
      queueName,
      registryPath: DEFAULT_REGISTRY_PATH,
    }),
    // The real model: the bridge names analyses after the version the worker serves.
    model: { registryPath: DEFAULT_REGISTRY_PATH },
  });
  events = [];
  subscriber = new Redis(shared.redis.url);
  subscriber.on('message', (_channel, message: string) =>
    events.push(analysisEventSchema.parse(JSON.parse(message))),
  );
  await subscriber.subscribe(app.ctx.eventsChannel);
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await subscriber?.quit();
  await app?.ctx.queue.obliterate({ force: true });
  await shutdownApp();
  if (orthanc) stoppingOrthancs.push(orthanc.stop());
  await db?.drop();
});

async function startWorker(): Promise<WorkerServices> {
  worker = await startTestWorker(model, {
    orthanc,
    databaseUrl: db.url,
    redisUrl: shared.redis.url,
    queueName,
    eventsChannel: app.ctx.eventsChannel,
  });
  return worker;
}

interface AnalysisJson {
  id: string;
  jobId: string;
  status: string;
  reason: string | null;
  attempts: number;
  malignancyScore: number | null;
  timings: Record<string, number> | null;
  result: AnalysisResult | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** GET of the bridge's API as the test radiologist. */
async function asRadiologist(path: string): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers: sessionHeaders(await sessionOf(app.url, 'dr.martin')) });
}

/** The study's analysis once it is in `status`, through the bridge's API. */
async function analysisOf(studyUid: string, status: string, timeoutMs = 90_000): Promise<AnalysisJson> {
  return waitUntil(
    `analysis of ${studyUid} ${status}`,
    async () => {
      const response = await asRadiologist(`/api/studies/${studyUid}/analysis`);
      if (response.status !== 200) return undefined;
      const { analysis } = (await response.json()) as { analysis: AnalysisJson };
      if (analysis.status === 'failed' && status !== 'failed')
        throw new Error(`analysis failed: ${analysis.reason}`);
      return analysis.status === status ? analysis : undefined;
    },
    timeoutMs,
  );
}

/** Reads a stored object back from Orthanc into a file, checks it with dciodvfy (and dsrdump for SR). */
async function checkStoredObject(sopInstanceUid: string, kind: 'SR' | 'SEG'): Promise<NaturalizedDataset> {
  const ids = await rest.instancesWithUid(sopInstanceUid);
  expect(ids).toHaveLength(1);
  const bytes = await rest.bytes(`/instances/${ids[0]}/file`);
  const file = join(work, `${sopInstanceUid}.dcm`);
  await writeFile(file, bytes);
  expect(await dciodvfyErrors(file)).toEqual([]);
  if (kind === 'SR') {
    const dump = await dsrdump(file);
    expect(dump.exitCode).toBe(0);
  }
  return readPart10(bytes);
}

function evidenceUids(sr: NaturalizedDataset): string[] {
  const studies = sr.CurrentRequestedProcedureEvidenceSequence as NaturalizedDataset[];
  return studies.flatMap((study) =>
    (study.ReferencedSeriesSequence as NaturalizedDataset[]).flatMap((series) =>
      (series.ReferencedSOPSequence as NaturalizedDataset[]).map((ref) =>
        String(ref.ReferencedSOPInstanceUID),
      ),
    ),
  );
}

function segSourceUids(seg: NaturalizedDataset): string[] {
  return (seg.ReferencedSeriesSequence as NaturalizedDataset[]).flatMap((series) =>
    (series.ReferencedInstanceSequence as NaturalizedDataset[]).map((ref) =>
      String(ref.ReferencedSOPInstanceUID),
    ),
  );
}

/** Series of the study in Orthanc: UID, modality and instance count. */
async function seriesOf(studyUid: string) {
  const [study] = await rest.json<{ ID: string; Type: string }[]>('/tools/lookup', {
    method: 'POST',
    body: studyUid,
  });
  const series = await rest.json<{ MainDicomTags: Record<string, string>; Instances: string[] }[]>(
    `/studies/${study!.ID}/series?expand`,
  );
  return series.map((s) => ({
    uid: s.MainDicomTags.SeriesInstanceUID!,
    modality: s.MainDicomTags.Modality!,
    instances: s.Instances.length,
  }));
}

describe('inference worker', () => {
  test('the worker turns a 4-view MG study sent with storescu into an AI results SR, a Mammography CAD SR and lesion SEGs in Orthanc, each in its own series, referencing the images and valid', async () => {
    await startWorker();
    const study = await wrapFfdmStudy(work);
    await storescu(orthanc, study.files);

    const analysis = await analysisOf(study.studyInstanceUid, 'done');
    const result = analysis.result!;
    expect(analysis.attempts).toBe(1);
    expect(analysis.malignancyScore).toBeGreaterThanOrEqual(0);
    expect(analysis.malignancyScore).toBeLessThanOrEqual(1);
    expect(Object.keys(analysis.timings!).sort()).toEqual(
      ['decode', 'fetch', 'inference', 'postprocess', 'preprocess', 'render', 'store', 'total'].sort(),
    );
    expect(result).toMatchObject({ images: 4, alreadyStored: [], executionProvider: 'cpu' });

    const sr = await checkStoredObject(result.sr.sopInstanceUid, 'SR');
    const cadSr = await checkStoredObject(result.cadSr.sopInstanceUid, 'SR');
    expect(sr.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    expect(cadSr.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.50');
    expect(new Set(evidenceUids(sr))).toEqual(new Set(study.sopInstanceUids));
    expect(new Set(evidenceUids(cadSr))).toEqual(new Set(study.sopInstanceUids));

    // The model marks lesions on this exam; the four views have four pixel grids, so one SEG
    // instance per grid with a lesion, all in the one SEG series.
    expect(result.lesions).toBeGreaterThan(0);
    expect(result.seg).not.toBeNull();
    for (const instance of result.seg!.instances) {
      const seg = await checkStoredObject(instance.sopInstanceUid, 'SEG');
      expect(seg.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.66.4');
      expect(seg.SeriesInstanceUID).toBe(result.seg!.seriesInstanceUid);
      expect(seg.Rows).toBe(instance.rows);
      for (const uid of segSourceUids(seg)) expect(study.sopInstanceUids).toContain(uid);
    }

    const series = await seriesOf(study.studyInstanceUid);
    expect(series).toHaveLength(4);
    expect(series).toEqual(
      expect.arrayContaining([
        { uid: study.seriesInstanceUid, modality: 'MG', instances: 4 },
        { uid: result.sr.seriesInstanceUid, modality: 'SR', instances: 1 },
        { uid: result.cadSr.seriesInstanceUid, modality: 'SR', instances: 1 },
        { uid: result.seg!.seriesInstanceUid, modality: 'SEG', instances: result.seg!.instances.length },
      ]),
    );

    // The findings are kept on the analysis: the reading API serves them with the AI SR.
    const reading = (await (
      await asRadiologist(`/api/studies/${study.studyInstanceUid}/findings`)
    ).json()) as {
      findings: { malignancyScore: number; images: unknown[] };
      aiSr: unknown;
    };
    expect(reading.findings.images).toHaveLength(4);
    expect(reading.findings.malignancyScore).toBe(analysis.malignancyScore);
    expect(reading.aiSr).toEqual({
      studyInstanceUid: study.studyInstanceUid,
      ...result.sr,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.88.34',
    });

    // Each image as the model saw it: a grayscale PNG over the whole image, breast region lit.
    const views = (await (
      await asRadiologist(`/api/studies/${study.studyInstanceUid}/model-views`)
    ).json()) as {
      images: { sopInstanceUid: string; width: number; height: number; imageColumns: number; url: string }[];
    };
    expect(views.images.map((v) => v.sopInstanceUid).sort()).toEqual([...study.sopInstanceUids].sort());
    for (const view of views.images) {
      const png = decodePng(Buffer.from(view.url.replace(/^data:image\/png;base64,/, ''), 'base64'));
      expect(png).toMatchObject({ width: view.width, height: view.height, channels: 1 });
      expect(view.width).toBeLessThan(view.imageColumns);
      const lit = png.data.filter((v) => v > 0).length / png.data.length;
      expect(lit).toBeGreaterThan(0.1);
      expect(lit).toBeLessThan(0.95);
    }
    // Stored sealed under the bridge's master key (they are breast images): no PNG in the table.
    const stored = await app.ctx.pool.query<{ png_key_id: string | null; signature_at: number }>(
      `SELECT png_key_id, position('\\x89504e47'::bytea IN png) AS signature_at FROM analysis_model_view`,
    );
    expect(stored.rows).toEqual(Array(4).fill({ png_key_id: app.ctx.cipher.activeKeyId, signature_at: 0 }));

    // Viewers heard it start and finish; the bridge did not queue the study again for its results.
    await waitUntil('done event', async () => (events.some((e) => e.status === 'done') ? true : undefined));
    const statuses = events.filter((e) => e.analysisId === analysis.id).map((e) => e.status);
    expect(statuses).toEqual(expect.arrayContaining(['queued', 'running', 'done']));
    expect(statuses.indexOf('running')).toBeLessThan(statuses.indexOf('done'));
  });

  test('the worker analyses the Siemens JPEG Lossless mammogram with pixels Orthanc decodes', async () => {
    await startWorker();
    await storescu(orthanc, [SIEMENS_JPEG_LOSSLESS], { lossless: true });
    const [instance] = await rest.json<string[]>('/instances');
    expect(
      (await rest.json<Record<string, string>>(`/instances/${instance}/metadata?expand`)).TransferSyntax,
    ).toBe('1.2.840.10008.1.2.4.70');
    const studyUid = (await rest.json<Record<string, string>>(`/instances/${instance}/simplified-tags`))
      .StudyInstanceUID!;

    const analysis = await analysisOf(studyUid, 'done');
    const sr = await checkStoredObject(analysis.result!.sr.sopInstanceUid, 'SR');
    await checkStoredObject(analysis.result!.cadSr.sopInstanceUid, 'SR');
    expect(evidenceUids(sr)).toEqual(['1.3.12.2.1107.4']);
    expect(analysis.result!.images).toBe(1);
  });

  test('the worker records a permanent failure with a readable reason, does not retry it, and keeps analysing', async () => {
    await startWorker();
    const rgb = await rgbMammogram();
    const corrupt = await corruptJpegLossless();
    await storescu(orthanc, [rgb.file]);
    await storescu(orthanc, [corrupt.file], { lossless: true });

    const rgbAnalysis = await analysisOf(rgb.studyInstanceUid, 'failed');
    expect(rgbAnalysis.reason).toMatch(
      /^unreadable image: image 1 of 1 \(Orthanc instance [0-9a-f-]+\): colour image \(PhotometricInterpretation RGB/,
    );
    const corruptAnalysis = await analysisOf(corrupt.studyInstanceUid, 'failed');
    expect(corruptAnalysis.reason).toMatch(
      /Orthanc cannot decode the pixel data of image 1 of 1 .*1\.2\.840\.10008\.1\.2\.4\.70.*corrupt/,
    );

    for (const analysis of [rgbAnalysis, corruptAnalysis]) {
      expect(analysis.attempts).toBe(1);
      const job = await app.ctx.queue.getJob(bullmqJobId(analysis.jobId));
      expect(await job!.getState()).toBe('failed');
      expect(job!.attemptsMade).toBe(1);
    }
    expect(events.filter((e) => e.status === 'failed').map((e) => e.reason)).toEqual(
      expect.arrayContaining([rgbAnalysis.reason, corruptAnalysis.reason]),
    );

    // The same worker goes on with the next study.
    const next = await wrapFfdmStudy(work, { views: ['CC'], lateralities: ['R'] });
    await storescu(orthanc, next.files);
    expect((await analysisOf(next.studyInstanceUid, 'done')).result!.images).toBe(1);
  });

  test('the worker takes a stat study queued after five screening studies first', async () => {
    const screening = [];
    for (let i = 0; i < 5; i++)
      screening.push(await wrapFfdmStudy(work, { views: ['CC'], lateralities: ['R'] }));
    const stat = await wrapFfdmStudy(work, {
      views: ['CC'],
      lateralities: ['R'],
      description: 'Mammographie URGENT',
    });
    for (const study of screening) await storescu(orthanc, study.files);
    await storescu(orthanc, stat.files);

    // All six wait in the queue before the worker starts.
    const all = [...screening, stat];
    await waitUntil(
      'six analyses queued',
      async () => ((await app.ctx.queue.getJobCounts('prioritized')).prioritized === 6 ? true : undefined),
      60_000,
    );
    const job = await app.ctx.queue.getJob(
      bullmqJobId(analysisKey(stat.studyInstanceUid, model.entry.version)),
    );
    expect(job!.data.priority).toBe('stat');

    await startWorker();
    const done = [];
    for (const study of all) done.push(await analysisOf(study.studyInstanceUid, 'done'));
    const statDone = done.at(-1)!;
    for (const analysis of done.slice(0, 5)) {
      expect(Date.parse(statDone.finishedAt!)).toBeLessThan(Date.parse(analysis.finishedAt!));
      expect(Date.parse(statDone.startedAt!)).toBeLessThan(Date.parse(analysis.startedAt!));
    }
  });
});

/** An MG image whose pixels are RGB: stored by Orthanc, refused by the decoder. */
async function rgbMammogram(): Promise<{ file: string; studyInstanceUid: string }> {
  const source = await wrapFfdmStudy(work, { views: ['CC'], lateralities: ['L'] });
  const dataset = readPart10(await readFile(source.files[0]!));
  const [rows, columns] = [64, 48];
  Object.assign(dataset, {
    Rows: rows,
    Columns: columns,
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelData: [new Uint8Array(rows * columns * 3).fill(90).buffer],
    _vrMap: { PixelData: 'OB' },
  });
  delete dataset.WindowCenter;
  delete dataset.WindowWidth;
  const file = join(work, 'rgb.dcm');
  await writeFile(file, writePart10(dataset));
  return { file, studyInstanceUid: source.studyInstanceUid };
}

/** The Siemens JPEG Lossless mammogram with its compressed pixel stream scrambled. */
async function corruptJpegLossless(): Promise<{ file: string; studyInstanceUid: string }> {
  const bytes = new Uint8Array(await readFile(SIEMENS_JPEG_LOSSLESS));
  const pixelData = Buffer.from(bytes).lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  for (let i = pixelData + 2_000; i < pixelData + 400_000; i += 7) bytes[i] = (bytes[i]! * 31 + 7) & 0xff;
  const file = join(work, 'corrupt-jpeg-lossless.dcm');
  await writeFile(file, bytes);
  return { file, studyInstanceUid: String(readPart10(bytes).StudyInstanceUID) };
}
