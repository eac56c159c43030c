import {
  markAnalysisDone,
  markAnalysisFailed,
  markAnalysisRunning,
  publishAnalysisEvent,
  saveModelViews,
  withTransaction,
  type Analysis,
  type AnalysisJobData,
  type Keyring,
  type ModelViewImage,
  type Publisher,
} from '@sentinelle/orthanc-bridge';
import { studyContextFromDataset, type ExamFindings } from '@sentinelle/reporting';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { modelClip } from '../analyze/analyzeImages';
import { renderModelView } from '../preprocess/modelView';
import type { PreprocessedImage } from '../preprocess/preprocess';
import type { MammoModel } from '../session/mammoModel';
import type { ModelSessions } from '../session/modelSessions';
import { analyzeStudy } from './analyzeStudy';
import { classifyFailure, PermanentAnalysisError } from './failures';
import type { WorkerOrthancClient } from './orthancClient';
import { renderResults, resultFiles, resultUids, type SiteRenderOptions } from './renderResults';
import { decodeInstances, fetchInstances } from './sourceImages';
import { storeResults } from './storeResults';

/** What execAnalysisJob needs; built once per process (see startWorkerServices). */
export interface AnalysisJobDeps {
  readonly pool: Pool;
  /** Publishes analysis events (an ioredis client). */
  readonly redis: Publisher;
  readonly orthanc: WorkerOrthancClient;
  readonly model: MammoModel;
  /** Other registry models, loaded when a job asks for one (after a promotion); none: `model` only. */
  readonly models?: ModelSessions | undefined;
  /** Seals the model views (breast images) before they reach the database. */
  readonly keyring: Keyring;
  readonly logger: Logger;
  /** Redis channel of the events; the contract's ANALYSIS_EVENTS_CHANNEL by default. */
  readonly eventsChannel?: string | undefined;
  readonly site?: SiteRenderOptions;
}

/** The part of a BullMQ job execAnalysisJob reads, so tests can pass a plain object. */
export type AnalysisJob = Pick<Job<AnalysisJobData>, 'id' | 'data' | 'attemptsMade' | 'opts'>;

/** Milliseconds per stage, as recorded on the analysis (fetch, decode... render, store, total). */
export type StageTimings = Readonly<
  Record<
    'fetch' | 'decode' | 'preprocess' | 'inference' | 'postprocess' | 'render' | 'store' | 'total',
    number
  >
>;

/** What the worker stored, as recorded in the analysis's `result`. */
export interface AnalysisResult {
  readonly sr: { readonly seriesInstanceUid: string; readonly sopInstanceUid: string };
  readonly cadSr: { readonly seriesInstanceUid: string; readonly sopInstanceUid: string };
  /** Null when no lesion was to be masked. */
  readonly seg: {
    readonly seriesInstanceUid: string;
    readonly instances: readonly { sopInstanceUid: string; rows: number; columns: number }[];
  } | null;
  /** Objects an earlier attempt had already stored (kept as they were, not stored twice). */
  readonly alreadyStored: readonly string[];
  readonly images: number;
  /** Lesions of the exam (a lesion marked on CC and MLO counts once). */
  readonly lesions: number;
  readonly executionProvider: 'cpu' | 'cuda';
}

export type JobOutcome =
  | {
      readonly outcome: 'done';
      /** The exam's calibrated probability of malignancy (0–1), as recorded on the analysis. */
      readonly malignancyScore: number;
      readonly timings: StageTimings;
      readonly result: AnalysisResult;
    }
  /** This revision was already recorded as done, or is no longer wanted: nothing was done. */
  | { readonly outcome: 'already-done' | 'stale' }
  /** The study or an image was deleted from Orthanc; the reason is recorded on the analysis. */
  | { readonly outcome: 'gone'; readonly reason: string };

/**
 * Runs one analysis job: marks it running, fetches the study's mammograms with their pixels
 * decoded by Orthanc, runs the model, renders the AI results SR, the Mammography CAD SR and the
 * lesion SEG, stores them through STOW-RS, marks the analysis done with its timings and findings
 * and publishes each change.
 *
 * Failures: a deleted study ends the job quietly with the reason recorded; a permanent failure
 * (see classifyFailure), an image the quality gate refuses included (never a score then), is
 * recorded and thrown as BullMQ's UnrecoverableError, so the job is not
 * retried; anything else is rethrown for BullMQ to retry with backoff, and recorded when it was
 * the last attempt.
 */
export async function execAnalysisJob(job: AnalysisJob, deps: AnalysisJobDeps): Promise<JobOutcome> {
  const { data } = job;
  const ref = { analysisId: data.analysisId, revision: data.revision };
  const log = deps.logger.child({ job: job.id, key: data.key, revision: data.revision });
  const started = performance.now();

  const running = await markAnalysisRunning(deps.pool, ref);
  if (running.outcome !== 'started') {
    log.info({ outcome: running.outcome, status: running.analysis?.status }, 'nothing to do for this job');
    return { outcome: running.outcome };
  }
  await publish(deps, running.analysis, log);
  log.info({ images: data.instances.length, attempt: job.attemptsMade + 1 }, 'analysis started');

  try {
    return await analyse(job, deps, started, log);
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'transient') {
      const attempts = job.opts.attempts ?? 1;
      const last = job.attemptsMade + 1 >= attempts;
      log.warn({ err: error, attempt: job.attemptsMade + 1, attempts }, 'analysis failed; BullMQ retries it');
      if (last) {
        await fail(deps, ref, `gave up after ${attempts} attempt(s): ${failure.reason}`, log).catch(
          (recordError: unknown) =>
            log.warn({ err: recordError }, 'could not record the failure; the bridge sweep records it'),
        );
      }
      throw error;
    }
    await fail(deps, ref, failure.reason, log);
    if (failure.kind === 'gone') {
      log.info({ reason: failure.reason }, 'study gone; job ends');
      return { outcome: 'gone', reason: failure.reason };
    }
    log.warn({ reason: failure.reason }, 'analysis failed for good');
    throw new UnrecoverableError(failure.reason);
  }
}

async function analyse(
  job: AnalysisJob,
  deps: AnalysisJobDeps,
  started: number,
  log: Logger,
): Promise<JobOutcome> {
  const { data } = job;
  const model = await modelFor(data, deps);
  if (data.instances.length === 0)
    throw new PermanentAnalysisError('the analysis lists no mammography image');

  let t = performance.now();
  const fetched = await fetchInstances(deps.orthanc, data.instances);
  const fetch = since(t);

  t = performance.now();
  const instances = decodeInstances(fetched);
  const decode = since(t);

  // The network's inputs, kept as they are: they become PNGs in the render stage, not in the timed
  // inference.
  const inputs: { sopInstanceUid: string; pre: PreprocessedImage }[] = [];
  const exam = await analyzeStudy(
    instances.map((instance) => instance.image),
    model,
    log,
    (image, pre) => {
      const sopInstanceUid = image.source.sopInstanceUid;
      if (sopInstanceUid) inputs.push({ sopInstanceUid, pre });
    },
  );
  const stages = sumStages(exam);

  t = performance.now();
  const uids = resultUids(data.key, data.revision);
  const rendered = renderResults(
    exam,
    instances.map((instance) => instance.source),
    studyContextFromDataset(instances[0]!.dataset),
    uids,
    deps.site,
  );
  const modelViews: ModelViewImage[] = inputs.map(({ sopInstanceUid, pre }) => ({
    sopInstanceUid,
    ...renderModelView(pre, modelClip(model)),
  }));
  const render = since(t);

  t = performance.now();
  const stored = await storeResults(deps.orthanc, resultFiles(rendered));
  const store = since(t);

  const timings: StageTimings = { fetch, decode, ...stages, render, store, total: since(started) };
  const result: AnalysisResult = {
    sr: pick(rendered.aiResultsSr),
    cadSr: pick(rendered.mammoCadSr),
    seg: rendered.segs.length
      ? {
          seriesInstanceUid: uids.segSeriesInstanceUid,
          instances: rendered.segs.map(({ sopInstanceUid, rows, columns }) => ({
            sopInstanceUid,
            rows,
            columns,
          })),
        }
      : null,
    alreadyStored: stored.alreadyStored,
    images: exam.images.length,
    lesions: exam.lesions.length,
    executionProvider: model.executionProvider,
  };
  if (stored.alreadyStored.length) {
    log.info(
      { alreadyStored: stored.alreadyStored },
      'an earlier attempt had stored some results; kept as they were',
    );
  }

  const done = await withTransaction(deps.pool, async (client) => {
    const marked = await markAnalysisDone(client, {
      analysisId: data.analysisId,
      revision: data.revision,
      malignancyScore: exam.malignancyScore,
      timings,
      result,
      findings: exam,
    });
    if (marked)
      await saveModelViews(
        client,
        deps.keyring,
        { analysisId: data.analysisId, revision: data.revision },
        modelViews,
      );
    return marked;
  });
  if (done) {
    await publish(deps, done, log);
    log.info(
      { malignancyScore: exam.malignancyScore, category: exam.category, examScore: exam.examScore, timings },
      'analysis done',
    );
  } else {
    // A newer revision was queued while this one ran (the study's images changed).
    log.info('analysis done, but its revision is no longer current; not recorded');
  }
  return { outcome: 'done', malignancyScore: exam.malignancyScore, timings, result };
}

/**
 * The model the job asks for: the worker's own, else (a promotion changed the model in use) the
 * registry entry of that id and version, loaded once by `deps.models`.
 */
async function modelFor(data: AnalysisJobData, deps: AnalysisJobDeps): Promise<MammoModel> {
  const { model } = deps;
  if (data.modelId === model.entry.id && data.modelVersion === model.entry.version) return model;
  if (deps.models) return deps.models.get(data.modelId, data.modelVersion);
  throw new PermanentAnalysisError(
    `the analysis asks for model ${data.modelId} ${data.modelVersion}, this worker serves ` +
      `${model.entry.id} ${model.entry.version}; start a worker with that model, or analyse the study again`,
  );
}

async function fail(
  deps: AnalysisJobDeps,
  ref: { analysisId: string; revision: number },
  reason: string,
  log: Logger,
): Promise<void> {
  const failed = await markAnalysisFailed(deps.pool, { ...ref, reason });
  if (failed) await publish(deps, failed, log);
}

/** Events tell viewers to refresh; the database is the truth, so a lost event fails nothing. */
async function publish(deps: AnalysisJobDeps, analysis: Analysis, log: Logger): Promise<void> {
  try {
    await publishAnalysisEvent(deps.redis, analysis, deps.eventsChannel);
  } catch (error) {
    log.warn({ err: error, status: analysis.status }, 'could not publish the analysis event');
  }
}

function sumStages(exam: ExamFindings): Pick<StageTimings, 'preprocess' | 'inference' | 'postprocess'> {
  const total = (stage: string) =>
    round(exam.images.reduce((sum, image) => sum + (image.timingsMs?.[stage] ?? 0), 0));
  return {
    preprocess: total('preprocess'),
    inference: total('inference'),
    postprocess: total('postprocess'),
  };
}

function pick(object: { seriesInstanceUid: string; sopInstanceUid: string }) {
  return { seriesInstanceUid: object.seriesInstanceUid, sopInstanceUid: object.sopInstanceUid };
}

function since(start: number): number {
  return round(performance.now() - start);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
