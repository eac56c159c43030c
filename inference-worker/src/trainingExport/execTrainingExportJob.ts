/**
 * One training export: fetch each case's mammograms from Orthanc, de-identify them all with the
 * project's key, write them with labels.csv, the verification report and provenance.json, then
 * release the export, or keep it out of the release folder when its verification failed.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  findTrainingExportForWorker,
  finishTrainingExport,
  listTrainingExportCases,
  markTrainingExportRunning,
  openCaseReport,
  trainingExportJobDataSchema,
  type Keyring,
  type TrainingCase,
  type TrainingExport,
  type TrainingExportJobData,
  type TrainingExportProgress,
} from '@sentinelle/orthanc-bridge';
import { readPart10 } from '@sentinelle/reporting';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { classifyFailure, PermanentAnalysisError, StudyGoneError, type Failure } from '../worker/failures';
import type { WorkerOrthancClient } from '../worker/orthancClient';
import { fetchInstances } from '../worker/sourceImages';
import {
  DeidentificationError,
  deidentifyInstances,
  loadProjectKey,
  reportMarkdown,
  verificationReasons,
  type VerificationReport,
} from './deidentifier';
import { exportFolders } from './exportFolders';
import { caseRecord, FhirDeidentificationError, withFhirFiles, type CaseRecord } from './caseRecord';
import { labelsCsv, type ExportedImage } from './labelsCsv';
import {
  LABEL_RULE,
  OUTCOME_NOTE,
  provenanceCase,
  TAGS_NOTE,
  type Provenance,
  type ProvenanceCase,
} from './provenance';

export interface TrainingExportDeps {
  readonly pool: Pool;
  readonly orthanc: WorkerOrthancClient;
  /** The bridge's keyring: each case's report Bundle comes sealed with it (bridge trainingExports/caseReport.ts). */
  readonly keyring: Keyring;
  /** The worker's data folder: the de-identification projects' keys are kept there (src/deidentify/keyStore). */
  readonly dataDir: string;
  /** The exports folder (staging/, released/, failed-verification/ inside). */
  readonly exportsDir: string;
  readonly logger: Logger;
}

/** The part of a BullMQ job the export reads and reports to, so tests can pass a plain object. */
export type TrainingExportJob = Pick<Job<TrainingExportJobData>, 'id' | 'data' | 'attemptsMade' | 'opts'> & {
  updateProgress(progress: TrainingExportProgress): Promise<unknown>;
};

export type TrainingExportOutcomeState = 'released' | 'failed-verification' | 'failed' | 'skipped';

/**
 * A source's name for the de-identifier: its place in the export, never its UID (the verification
 * report names sources, and the report is part of the export).
 */
const sourceName = (caseIndex: number, imageIndex: number) => `case-${caseIndex + 1}/image-${imageIndex + 1}`;

/** ImageLaterality (per image), else the series' Laterality. */
function lateralityOf(bytes: Uint8Array): string | undefined {
  const dataset = readPart10(bytes) as { ImageLaterality?: unknown; Laterality?: unknown };
  const value = dataset.ImageLaterality ?? dataset.Laterality;
  return typeof value === 'string' ? value : undefined;
}

interface FetchedCase {
  readonly index: number;
  readonly spec: TrainingCase;
  /** By source name: the image's original SOP Instance UID and the breast it shows (labelled breasts only). */
  readonly images: Map<string, { sopInstanceUid: string; breast: TrainingCase['breasts'][number] }>;
  readonly sources: { name: string; bytes: Uint8Array; site: string }[];
}

async function fetchCase(
  deps: Pick<TrainingExportDeps, 'orthanc'>,
  spec: TrainingCase,
  index: number,
): Promise<FetchedCase> {
  const fetched = await fetchInstances(deps.orthanc, spec.instances).catch((error: unknown) => {
    if (error instanceof StudyGoneError)
      throw new PermanentAnalysisError(
        `case ${index + 1}: an image was deleted from Orthanc after the export was asked for; ask for a new export`,
        { cause: error },
      );
    throw error;
  });
  const images: FetchedCase['images'] = new Map();
  const sources: FetchedCase['sources'] = [];
  for (const { info, bytes } of fetched) {
    // Only images of a breast whose label the reading settled are exported.
    const breast = spec.breasts.find((b) => b.laterality === lateralityOf(bytes));
    if (!breast) continue;
    const name = sourceName(index, sources.length);
    images.set(name, { sopInstanceUid: info.sopInstanceUid, breast });
    sources.push({ name, bytes, site: spec.site });
  }
  return { index, spec, images, sources };
}

/** The case's signed report Bundle, opened with the keyring the bridge sealed it with. */
function openReport(keyring: Keyring, c: FetchedCase): unknown {
  try {
    return openCaseReport(keyring, c.spec);
  } catch (error) {
    throw new PermanentAnalysisError(
      `case ${c.index + 1}: its signed report does not open with the worker's keyring (another keyring, or a key since removed); ask for a new export`,
      { cause: error },
    );
  }
}

async function writeExport(
  deps: TrainingExportDeps,
  e: TrainingExport,
  cases: readonly TrainingCase[],
  folder: string,
  progress: (p: TrainingExportProgress) => Promise<void>,
): Promise<{ report: VerificationReport; images: number; provenance: Provenance }> {
  const fetched: FetchedCase[] = [];
  for (const [index, spec] of cases.entries()) {
    await progress({ casesDone: index, cases: cases.length, stage: 'fetching' });
    fetched.push(await fetchCase(deps, spec, index));
  }
  if (fetched.every((c) => c.sources.length === 0))
    throw new PermanentAnalysisError(
      'no image shows a breast the reading labelled (their ImageLaterality and Laterality are missing or name the other breast)',
    );
  await progress({ casesDone: cases.length, cases: cases.length, stage: 'de-identifying' });
  // The project's key, as `npm run anonymize --project` uses it: one project, one set of pseudonyms.
  const key = loadProjectKey(e.project, { dataDir: deps.dataDir });
  const project = {
    name: e.project,
    key: key.key,
    retainDeviceIdentity: e.criteria.retainDeviceIdentity,
    keepAttributes: e.criteria.keepAttributes,
  };
  // One call for the whole set: the verification's k-anonymity count is over the set.
  const { instances, report: imagesReport } = await deidentifyInstances(
    fetched.flatMap((c) => c.sources),
    project,
  );
  await progress({ casesDone: cases.length, cases: cases.length, stage: 'writing' });
  const images: ExportedImage[] = [];
  const provenanceCases: ProvenanceCase[] = [];
  const records: CaseRecord[] = [];
  for (const c of fetched) {
    const own = instances.filter((i) => c.images.has(i.sourceName));
    // The signed report, de-identified with the images' pseudonyms and date shift, and verified.
    const source = own[0] && c.sources.find((s) => s.name === own[0]!.sourceName);
    const record =
      own[0] && source
        ? await caseRecord(folder, openReport(deps.keyring, c), project, {
            source: source.bytes,
            output: own[0],
          })
        : undefined;
    if (record) records.push(record);
    for (const instance of own) {
      const { sopInstanceUid: original, breast } = c.images.get(instance.sourceName)!;
      const path = `images/${instance.patientPseudonym}/${instance.sopInstanceUid}.dcm`;
      await mkdir(dirname(join(folder, path)), { recursive: true });
      await writeFile(join(folder, path), instance.bytes);
      images.push({
        path,
        patientPseudonym: instance.patientPseudonym,
        originalSopInstanceUid: original,
        breast,
        composition: c.spec.composition,
      });
    }
    const first = own[0];
    if (first)
      provenanceCases.push(
        provenanceCase(
          c.spec,
          { patient: first.patientPseudonym, study: first.studyInstanceUid },
          own.length,
          record?.path ?? null,
        ),
      );
  }
  // The FHIR files are verified with the images: one failing fails the set.
  const report = withFhirFiles(
    imagesReport,
    records.map((r, i) => ({ ...r.verification, sourceIndex: imagesReport.files.length + i })),
  );
  const labels = labelsCsv(
    images,
    cases.flatMap((c) => c.marks),
  );
  await writeFile(join(folder, 'labels.csv'), labels.text);
  await writeFile(join(folder, 'verification-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(folder, 'verification-report.md'), reportMarkdown(report));
  const provenance: Provenance = {
    exportId: e.id,
    project: e.project,
    requestedBy: e.requestedBy,
    requestedAt: e.createdAt.toISOString(),
    writtenAt: new Date().toISOString(),
    criteria: e.criteria,
    deidentification: { ...report.profile, keySource: key.source },
    labels: { rule: LABEL_RULE, outcome: OUTCOME_NOTE, tags: TAGS_NOTE, marksLeftOut: labels.marksLeftOut },
    format: {
      images: 'de-identified DICOM (Part 10), images/<patient pseudonym>/<SOP Instance UID>.dcm',
      fhir: 'the signed report the labels come from, de-identified FHIR R4 Bundle (JSON), fhir/<patient pseudonym>/<Study Instance UID>.json',
      labels:
        'labels.csv, mini-MIAS layout read by npm run prepare:training (plus birads, outline, origin, density); ' +
        'tissue from the ACR composition: a F, b G, c and d D; density: the ACR letter',
    },
    cases: provenanceCases,
  };
  await writeFile(join(folder, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  return { report, images: images.length, provenance };
}

/** A source the de-identifier cannot process (unreadable, unsupported pixels, no key) fails the same way again. */
function exportFailure(error: unknown): Failure {
  if (error instanceof DeidentificationError || error instanceof FhirDeidentificationError)
    return { kind: 'permanent', reason: `de-identification: ${error.message}` };
  return classifyFailure(error);
}

/**
 * Runs one export job. An export that is gone or already finished ends quietly; a transient
 * failure (Orthanc, the disk) is retried, and the last attempt, or a permanent failure, records
 * the export as failed with its reason.
 */
export async function execTrainingExportJob(
  job: TrainingExportJob,
  deps: TrainingExportDeps,
): Promise<{ state: TrainingExportOutcomeState }> {
  const { exportId } = trainingExportJobDataSchema.parse(job.data);
  const e = await findTrainingExportForWorker(deps.pool, exportId);
  if (!e || !(await markTrainingExportRunning(deps.pool, exportId))) return { state: 'skipped' };
  const folders = exportFolders(deps.exportsDir, exportId);
  // A retry starts the folder afresh: nothing half-written from an earlier attempt is kept.
  await rm(folders.staging, { recursive: true, force: true });
  await mkdir(folders.staging, { recursive: true });
  try {
    const cases = await listTrainingExportCases(deps.pool, exportId);
    const written = await writeExport(deps, e, cases, folders.staging, (p) =>
      job.updateProgress(p).then(() => undefined),
    );
    const passed = written.report.passed;
    const target = passed ? folders.released : folders.failed;
    // A failed set may still hold identifying data: its images never leave staging but to be deleted.
    if (!passed)
      for (const data of ['images', 'fhir'])
        await rm(join(folders.staging, data), { recursive: true, force: true });
    await mkdir(dirname(target), { recursive: true });
    await rm(target, { recursive: true, force: true });
    await rename(folders.staging, target);
    await finishTrainingExport(deps.pool, {
      id: exportId,
      state: passed ? 'released' : 'failed-verification',
      reasons: passed ? [] : verificationReasons(written.report),
      verification: written.report,
      provenance: written.provenance,
      images: written.images,
      location: passed ? folders.releasedLocation : null,
    });
    deps.logger.info(
      { exportId, state: passed ? 'released' : 'failed-verification', images: written.images },
      'training export written',
    );
    return { state: passed ? 'released' : 'failed-verification' };
  } catch (error) {
    const failure = exportFailure(error);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (failure.kind === 'transient' && !lastAttempt) throw error;
    await rm(folders.staging, { recursive: true, force: true });
    await finishTrainingExport(deps.pool, {
      id: exportId,
      state: 'failed',
      reasons: [failure.reason],
      verification: undefined,
      provenance: undefined,
      images: null,
      location: null,
    });
    throw new UnrecoverableError(failure.reason);
  }
}
