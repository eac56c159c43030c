/**
 * Test support for the worker's integration tests: MG studies made from the shared PNG exam,
 * storescu into Orthanc's DICOM port and REST access to read results back. The DICOM checkers
 * come from @sentinelle/reporting/testing, the services from the bridge's harness
 * (@sentinelle/orthanc-bridge/testing).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OrthancHandle } from '@sentinelle/config';
import { resolveModel } from '@sentinelle/models';
import { TEST_DICOM_MODALITY, testKeyringPath } from '@sentinelle/orthanc-bridge/testing';
import { pino } from 'pino';
import { createUidGenerator } from '@sentinelle/reporting';
import { dciodvfy, dsrdump, linesWith } from '@sentinelle/reporting/testing';
import { wrapPngViews, type WrappableView, type WrapStudy } from '../../dicomWrap/index';
import type { Laterality } from '../../image/decodedImage';
import { MammoModel } from '../../session/mammoModel';
import { FFDM_PIXEL_SPACING_MM, FFDM_PNG, FFDM_VIEWS } from '../../demo/ffdmExam';
import { FIXTURES } from '../../testing/sharedData';
import { startWorkerServices, type WorkerServices, type WorkerSettings } from '../service';
import { firstZipEntry } from '../zipEntry';

const run = promisify(execFile);

export const SIEMENS_JPEG_LOSSLESS = join(FIXTURES, 'dicom', 'siemens-mammomat-lcc-stereo-jpeg-lossless.dcm');

export const newUid = createUidGenerator();

/**
 * A worker for an integration test: one job at a time on one thread, the test's shared model, on
 * the bridge's Orthanc, database, Redis, queue and events channel; logs silent unless
 * TEST_LOG_LEVEL says otherwise.
 */
export function startTestWorker(
  model: MammoModel,
  bridge: Pick<WorkerSettings, 'orthanc' | 'databaseUrl' | 'redisUrl' | 'queueName' | 'eventsChannel'> &
    Pick<WorkerSettings, 'trainingExports'>,
): Promise<WorkerServices> {
  return startWorkerServices({
    orthanc: {
      url: bridge.orthanc.url,
      username: bridge.orthanc.username,
      password: bridge.orthanc.password,
    },
    databaseUrl: bridge.databaseUrl,
    redisUrl: bridge.redisUrl,
    // The bridge's test keyring: the bridge opens the model views the worker seals.
    keyringPath: testKeyringPath(),
    queueName: bridge.queueName,
    eventsChannel: bridge.eventsChannel,
    concurrency: 1,
    threads: 1,
    model,
    trainingExports: bridge.trainingExports,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
}

/** The shipped model on one CPU thread, as the integration tests share it. */
export async function loadTestModel(): Promise<MammoModel> {
  return MammoModel.load(await resolveModel(), { threads: 1, provider: 'cpu' });
}

export interface WrappedStudy {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly patientId: string;
  readonly sopInstanceUids: readonly string[];
  readonly files: readonly string[];
}

/**
 * The shared real 4-view exam (or some of its views) as one MG study with fresh UIDs, written as
 * Part 10 files into `dir`: 16 bits allocated, 12 stored, Imager Pixel Spacing 0.1 mm.
 */
export async function wrapFfdmStudy(
  dir: string,
  options: {
    views?: readonly WrappableView[];
    lateralities?: readonly Laterality[];
    description?: string;
    /** The same patient for a prior exam (a new one by default), and the exam's date. */
    patientId?: string;
    studyDate?: string;
  } = {},
): Promise<WrappedStudy> {
  const study: WrapStudy = {
    studyInstanceUid: newUid(),
    seriesInstanceUid: newUid(),
    patientId: options.patientId ?? `SENT-${Math.floor(Math.random() * 1e6)}`,
    patientName: 'Dépistage^Camille',
    patientBirthDate: '19680214',
    patientSex: 'F',
    studyDate: options.studyDate ?? '20250317',
    studyTime: '093000',
    studyId: '1',
    accessionNumber: 'ACC-FFDM-1',
    studyDescription: options.description ?? 'Mammographie de dépistage',
    seriesNumber: 1,
    seriesDescription: 'Mammographie 4 incidences',
    manufacturer: 'NYU sample data, wrapped by Sentinelle tests',
  };
  const views = FFDM_VIEWS.filter(
    (v) =>
      (!options.views || options.views.includes(v.view)) &&
      (!options.lateralities || options.lateralities.includes(v.laterality)),
  );
  const wrapped = await wrapPngViews(FFDM_PNG, views, { study, pixelSpacingMm: FFDM_PIXEL_SPACING_MM });
  const files: string[] = [];
  for (const w of wrapped) {
    const file = join(dir, `${study.studyInstanceUid}-${w.laterality}${w.view}.dcm`);
    await writeFile(file, w.dicom);
    files.push(file);
  }
  return {
    studyInstanceUid: study.studyInstanceUid,
    seriesInstanceUid: study.seriesInstanceUid,
    patientId: study.patientId,
    sopInstanceUids: wrapped.map((w) => w.sopInstanceUid),
    files,
  };
}

/** Sends files to Orthanc's DICOM port with dcmtk's storescu (`lossless`: propose JPEG Lossless). */
export async function storescu(
  orthanc: OrthancHandle,
  files: readonly string[],
  options: { lossless?: boolean } = {},
): Promise<void> {
  await run(
    'storescu',
    [
      '-aet',
      TEST_DICOM_MODALITY.aet,
      '-aec',
      orthanc.aet,
      ...(options.lossless ? ['--propose-lossless'] : []),
      '127.0.0.1',
      String(orthanc.dicomPort),
      ...files,
    ],
    { timeout: 60_000 },
  );
}

/** Minimal REST access for checks: JSON and files with the test Orthanc's credentials. */
export function orthancRest(orthanc: OrthancHandle) {
  const headers = {
    authorization: `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString('base64')}`,
  };
  const get = async (path: string, init: { method?: string; body?: string | Uint8Array } = {}) => {
    const response = await fetch(`${orthanc.url}${path}`, { headers, ...init });
    if (!response.ok) throw new Error(`Orthanc ${init.method ?? 'GET'} ${path} answered ${response.status}`);
    return response;
  };
  return {
    json: async <T>(path: string, init?: { method?: string; body?: string | Uint8Array }) =>
      (await (await get(path, init)).json()) as T,
    bytes: async (path: string, init?: { method?: string; body?: string | Uint8Array }) =>
      new Uint8Array(await (await get(path, init)).arrayBuffer()),
    /** Orthanc ids of the instances with this SOP Instance UID (0 or 1). */
    instancesWithUid: async (sopInstanceUid: string) =>
      (
        (await (await get('/tools/lookup', { method: 'POST', body: sopInstanceUid })).json()) as {
          ID: string;
          Type: string;
        }[]
      )
        .filter((r) => r.Type === 'Instance')
        .map((r) => r.ID),
    /** Stores one file through the REST API. */
    store: async (bytes: Uint8Array) =>
      (await (await get('/instances', { method: 'POST', body: bytes })).json()) as {
        ID: string;
        ParentStudy: string;
        Status: string;
      },
  };
}

/** dciodvfy's error lines for one file (the design asks for none). */
export async function dciodvfyErrors(file: string): Promise<string[]> {
  return linesWith((await dciodvfy(file)).output, 'Error');
}

export { dsrdump };

/**
 * A copy of a stored instance in another transfer syntax, made by an Orthanc archive job (job
 * threads can run GDCM's JPEG 2000 codec; see WorkerOrthancClient). Tests use it to make JPEG 2000,
 * RLE and JPEG Lossless inputs from an uncompressed image.
 */
export async function transcodedCopy(
  orthanc: OrthancHandle,
  id: string,
  transferSyntax: string,
): Promise<Uint8Array> {
  const rest = orthancRest(orthanc);
  const job = await rest.json<{ ID: string }>('/tools/create-archive', {
    method: 'POST',
    body: JSON.stringify({ Resources: [id], Transcode: transferSyntax, Asynchronous: true }),
  });
  for (;;) {
    const { State } = await rest.json<{ State: string }>(`/jobs/${job.ID}`);
    if (State === 'Success') break;
    if (State === 'Failure') throw new Error(`Orthanc could not transcode ${id} to ${transferSyntax}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return firstZipEntry(await rest.bytes(`/jobs/${job.ID}/archive`)).data;
}
