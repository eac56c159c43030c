import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { DEMO_DIR, FFDM_DEMO_BUILDER, FFDM_PNG_DIR, REPO_ROOT } from './paths';
import {
  OrthancHttp,
  OrthancRequestError,
  type OrthancConnection,
  type OrthancRequest,
} from './orthanc/http';

/** The manifest the demo builders (`npm run demo:build`, `demo:ffdm`) write beside the demo studies. */
export const DEMO_MANIFEST = 'studies.json';

const demoStudySchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]+$/),
  studyInstanceUid: z.string().regex(/^[0-9.]{1,64}$/),
  patientId: z.string(),
  patientName: z.string(),
  studyDescription: z.string(),
  /** What the study shows (the dataset's ground truth or lesion masks) and the triage it should get. */
  truth: z.enum(['malignant', 'benign', 'normal']),
  expectedPriority: z.enum(['stat', 'diagnostic', 'screening']),
  images: z.array(
    z.strictObject({
      file: z.string().regex(/^[A-Za-z0-9_./-]+\.dcm$/),
      source: z.string(),
      laterality: z.enum(['L', 'R']),
      view: z.string(),
      sopInstanceUid: z.string(),
    }),
  ),
});
export const demoManifestSchema = z.strictObject({
  attribution: z.string(),
  studies: z.array(demoStudySchema).min(1),
});
export type DemoStudy = z.output<typeof demoStudySchema>;
export type DemoManifest = z.output<typeof demoManifestSchema>;

/** The demo manifest in `dir`, or undefined when the demo studies were never built there. */
export async function readDemoManifest(dir: string = DEMO_DIR): Promise<DemoManifest | undefined> {
  let raw: string;
  try {
    raw = await readFile(join(dir, DEMO_MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = demoManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(`${join(dir, DEMO_MANIFEST)} is not a demo manifest: ${parsed.error.message}`);
  }
  return parsed.data;
}

export interface DemoLoadResult {
  /** Studies uploaded now. */
  readonly loaded: readonly DemoStudy[];
  /** Studies Orthanc already held (by StudyInstanceUID): left as they are. */
  readonly present: readonly DemoStudy[];
}

/** POST to Orthanc and its JSON answer; 404 (no such route: not Orthanc's root URL) throws too. */
async function post<T>(http: OrthancHttp, path: string, request: OrthancRequest): Promise<T> {
  const answer = await http.json<T>('POST', path, request);
  if (answer === undefined) {
    throw new OrthancRequestError(`Orthanc POST ${path} answered 404 (${http.url})`, 404, false, undefined);
  }
  return answer;
}

/**
 * Uploads the demo studies of `dir` into Orthanc (POST /instances, as a modality's C-STORE would
 * store them), except those Orthanc already holds by StudyInstanceUID, so a second start adds
 * nothing. The bridge then sees them in the change feed like any other study.
 */
export async function loadDemoStudies(
  orthanc: OrthancConnection,
  options: { readonly dir?: string; readonly log?: (line: string) => void } = {},
): Promise<DemoLoadResult> {
  const dir = options.dir ?? DEMO_DIR;
  const manifest = await readDemoManifest(dir);
  if (!manifest) throw new Error(`no demo studies in ${dir} (run npm run demo:build)`);
  const http = new OrthancHttp(orthanc, { defaultTimeoutMs: 30_000 });
  const loaded: DemoStudy[] = [];
  const present: DemoStudy[] = [];
  for (const study of manifest.studies) {
    const found = await post<unknown[]>(http, '/tools/find', {
      body: JSON.stringify({ Level: 'Study', Query: { StudyInstanceUID: study.studyInstanceUid } }),
      contentType: 'application/json',
    });
    if (found.length) {
      present.push(study);
      continue;
    }
    for (const image of study.images) {
      await post(http, '/instances', {
        body: await readFile(join(dir, image.file)),
        contentType: 'application/dicom',
      });
    }
    options.log?.(`demo study ${study.patientName} (${study.studyDescription}) loaded`);
    loaded.push(study);
  }
  return { loaded, present };
}

/**
 * The studies of the FFDM demo manifest: the four-view exam and the same woman's prior a year
 * earlier. A manifest without one of them (written before the prior existed) is built again.
 */
export const FFDM_DEMO_KEYS = ['ffdm', 'ffdm-prior'] as const;

/** Where `npm start` builds the four-view FFDM demo study: under the data dir, never committed. */
export function ffdmDemoDir(dataDir: string): string {
  return join(dataDir, 'demo-ffdm');
}

const runFile = promisify(execFile);

/**
 * The folder of the four-view FFDM demo study (DEMO^Quatre-incidences) and its prior exam, built on first use from
 * the shared fixture exam (`pngDir`, default FFDM_PNG_DIR) into `ffdmDemoDir(dataDir)` by the
 * worker's CLI (FFDM_DEMO_BUILDER, run as a subprocess: config does not import the worker), and
 * left as it is once its manifest holds every study of FFDM_DEMO_KEYS. Undefined, with a log line,
 * when `pngDir` is absent.
 */
export async function prepareFfdmDemo(options: {
  readonly dataDir: string;
  readonly pngDir?: string;
  readonly log?: (line: string) => void;
}): Promise<{ readonly dir: string; readonly built: boolean } | undefined> {
  const pngDir = options.pngDir ?? FFDM_PNG_DIR;
  const dir = ffdmDemoDir(options.dataDir);
  if (!existsSync(pngDir)) {
    options.log?.(`no ${pngDir}: the four-view FFDM demo study is skipped`);
    return undefined;
  }
  const complete = (manifest: DemoManifest | undefined) =>
    FFDM_DEMO_KEYS.every((key) => manifest?.studies.some((study) => study.key === key));
  if (complete(await readDemoManifest(dir))) return { dir, built: false };
  options.log?.(`building the four-view FFDM demo study from ${pngDir} into ${dir}`);
  try {
    await runFile(process.execPath, ['--import', 'tsx', FFDM_DEMO_BUILDER, '--ffdm', pngDir, '--out', dir], {
      cwd: REPO_ROOT,
      timeout: 300_000,
      maxBuffer: 1 << 24,
    });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`the four-view FFDM demo study could not be built: ${stderr?.trim() || message}`);
  }
  if (!complete(await readDemoManifest(dir))) {
    throw new Error(`${FFDM_DEMO_BUILDER} wrote no complete manifest in ${dir}`);
  }
  return { dir, built: true };
}
