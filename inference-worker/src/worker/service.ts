import { join } from 'node:path';
import { resolveModel } from '@sentinelle/models';
import {
  ANALYSIS_EVENTS_CHANNEL,
  ANALYSIS_QUEUE_NAME,
  bridgeConfigFrom,
  createPool,
  loadKeyring,
  shadowQueueName,
  type AnalysisJobData,
  type ShadowJobData,
} from '@sentinelle/orthanc-bridge';
import type { OrthancConnection, SentinelleConfig } from '@sentinelle/config';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { MammoModel, type ExecutionProviderChoice } from '../session/mammoModel';
import { execAnalysisJob, type AnalysisJobDeps, type JobOutcome } from './execAnalysisJob';
import { execShadowJob, type ShadowOutcome } from './execShadowJob';
import { ModelSessions } from '../session/modelSessions';
import { WorkerOrthancClient } from './orthancClient';
import type { SiteRenderOptions } from './renderResults';
import { startTrainingExportConsumer, type TrainingExportWorker } from '../trainingExport/consumer';

/** Everything the worker process needs, with every URL resolved (see workerSettingsFrom). */
export interface WorkerSettings {
  readonly orthanc: OrthancConnection;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** The bridge's keyring (it creates it at its first start): the model views are sealed with it. */
  readonly keyringPath: string;
  /** Jobs run at once. */
  readonly concurrency: number;
  /** ONNX Runtime intra-op threads. */
  readonly threads: number;
  /** BullMQ lock and stalled-check interval: a dead worker's job runs again after about this long. */
  readonly lockMs?: number;
  readonly queueName?: string;
  readonly eventsChannel?: string;
  /** The model to serve: a loaded one (tests share one between workers), or one from the registry. */
  readonly model?: MammoModel | { readonly id?: string | undefined; readonly registryPath?: string };
  readonly provider?: ExecutionProviderChoice;
  readonly site?: SiteRenderOptions;
  /**
   * Training exports (issue 22): where they are written and where the de-identification projects'
   * keys are kept; undefined: this worker takes no export job.
   */
  readonly trainingExports?: { readonly exportsDir: string; readonly dataDir: string };
  readonly logger?: Logger;
  readonly logLevel?: string;
}

export interface WorkerServices {
  readonly worker: Worker<AnalysisJobData, JobOutcome>;
  /** Candidate models' shadow analyses, from the analysis queue's shadow queue, one at a time. */
  readonly shadowWorker: Worker<ShadowJobData, ShadowOutcome>;
  /** The training-export consumer, when the settings ask for one. */
  readonly trainingExports: TrainingExportWorker | undefined;
  readonly model: MammoModel;
  readonly logger: Logger;
  /** Stops taking jobs, waits for the running ones, then closes connections and the model. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The worker's settings from Sentinelle's configuration: the same services as the bridge,
 * resolved the same way (private instances on their ports unless URLs are set; the Orthanc
 * password from ORTHANC_PASSWORD or the stack's credentials file).
 */
export function workerSettingsFrom(config: SentinelleConfig): WorkerSettings {
  const services = bridgeConfigFrom(config);
  return {
    orthanc: services.orthanc,
    databaseUrl: services.databaseUrl,
    redisUrl: services.redisUrl,
    keyringPath: services.keyringPath,
    concurrency: config.worker.concurrency,
    threads: config.worker.threads,
    lockMs: config.worker.lockMs,
    model: { id: config.model.id },
    trainingExports: { exportsDir: join(config.dataDir, 'training-exports'), dataDir: config.dataDir },
    logLevel: config.logLevel,
  };
}

async function loadModel(
  settings: WorkerSettings,
  logger: Logger,
): Promise<{ model: MammoModel; owned: boolean }> {
  if (settings.model instanceof MammoModel) return { model: settings.model, owned: false };
  const t0 = performance.now();
  const resolved = await resolveModel({ id: settings.model?.id, registryPath: settings.model?.registryPath });
  const model = await MammoModel.load(resolved, {
    threads: settings.threads,
    provider: settings.provider ?? 'auto',
    onFallback: (reason) =>
      logger.info({ reason: reason.split('\n')[0] }, 'CUDA not available; running on CPU'),
  });
  await model.warmUp();
  logger.info(
    {
      model: `${model.entry.id} ${model.entry.version}`,
      provider: model.executionProvider,
      threads: settings.threads,
      ms: Math.round(performance.now() - t0),
    },
    'model loaded and warmed up',
  );
  return { model, owned: true };
}

/**
 * Starts the inference worker: loads the model once (with a warm-up run), connects to PostgreSQL,
 * Redis and Orthanc, and consumes the analysis queue with BullMQ, `concurrency` jobs at a time,
 * the highest priority first. Mirrored by `stop()`.
 */
export async function startWorkerServices(settings: WorkerSettings): Promise<WorkerServices> {
  const logger = settings.logger ?? pino({ name: 'inference-worker', level: settings.logLevel ?? 'info' });
  const undo: (() => Promise<unknown>)[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const step of undo.reverse()) {
        await step().catch((error: unknown) => logger.warn({ err: error }, 'stop step failed'));
      }
    })());

  try {
    // Before the model: a worker that could not seal its results fails at start, not per job.
    const keyring = await loadKeyring(settings.keyringPath);
    const { model, owned } = await loadModel(settings, logger);
    if (owned) undo.push(() => model.release());
    // Other registry models, loaded when a job asks for one: a promoted model, a candidate in shadow.
    const models = new ModelSessions(
      {
        threads: settings.threads,
        provider: settings.provider ?? 'auto',
        registryPath: settings.model instanceof MammoModel ? undefined : settings.model?.registryPath,
      },
      [model],
    );
    undo.push(() => models.release());

    const pool = createPool(settings.databaseUrl, { max: Math.max(2, settings.concurrency + 1) });
    undo.push(() => pool.end());

    const redis = new Redis(settings.redisUrl, {
      connectionName: 'sentinelle-worker-events',
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    redis.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
    undo.push(() => redis.quit().catch(() => redis.disconnect()));

    const deps: AnalysisJobDeps = {
      pool,
      redis,
      orthanc: new WorkerOrthancClient(settings.orthanc),
      model,
      models,
      keyring,
      logger,
      eventsChannel: settings.eventsChannel ?? ANALYSIS_EVENTS_CHANNEL,
      ...(settings.site ? { site: settings.site } : {}),
    };
    const lockMs = settings.lockMs ?? 30_000;
    const worker = new Worker<AnalysisJobData, JobOutcome>(
      settings.queueName ?? ANALYSIS_QUEUE_NAME,
      (job) => execAnalysisJob(job, deps),
      {
        // BullMQ's blocking connection must retry forever; a Worker owns the client it creates.
        connection: {
          url: settings.redisUrl,
          maxRetriesPerRequest: null,
          connectionName: 'sentinelle-worker',
        },
        concurrency: settings.concurrency,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        autorun: false,
      },
    );
    worker.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));
    worker.on('failed', (job, error) =>
      logger.debug({ job: job?.id, err: error, attemptsMade: job?.attemptsMade }, 'job attempt failed'),
    );
    worker.on('stalled', (jobId) =>
      logger.warn({ job: jobId }, 'job stalled (its worker stopped answering); it runs again'),
    );
    undo.push(() => worker.close());
    void worker.run().catch((error: unknown) => logger.error({ err: error }, 'the worker stopped'));
    await worker.waitUntilReady();

    const shadowWorker = new Worker<ShadowJobData, ShadowOutcome>(
      shadowQueueName(worker.name),
      (job) => execShadowJob(job, { pool, orthanc: deps.orthanc, models, logger }),
      {
        connection: {
          url: settings.redisUrl,
          maxRetriesPerRequest: null,
          connectionName: 'sentinelle-worker-shadow',
        },
        // One at a time: shadow work takes what clinical analyses leave of the CPU or GPU.
        concurrency: 1,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        autorun: false,
      },
    );
    shadowWorker.on('error', (error) => logger.warn({ err: error }, 'shadow queue connection error'));
    undo.push(() => shadowWorker.close());
    void shadowWorker
      .run()
      .catch((error: unknown) => logger.error({ err: error }, 'the shadow worker stopped'));
    await shadowWorker.waitUntilReady();
    const trainingExports =
      settings.trainingExports &&
      (await startTrainingExportConsumer(
        { redisUrl: settings.redisUrl },
        { pool, orthanc: deps.orthanc, keyring, logger, ...settings.trainingExports },
      ));
    if (trainingExports) undo.push(() => trainingExports.close());

    logger.info(
      {
        queue: worker.name,
        concurrency: settings.concurrency,
        model: `${model.entry.id} ${model.entry.version}`,
        orthanc: settings.orthanc.url,
      },
      'inference worker started',
    );
    return { worker, shadowWorker, trainingExports, model, logger, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
