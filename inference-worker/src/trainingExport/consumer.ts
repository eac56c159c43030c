/**
 * The worker's consumer of the training-export queue: one export at a time (an export holds a
 * whole set of mammograms in memory while it is de-identified), on its own BullMQ Worker beside
 * the analysis one.
 */
import { TRAINING_EXPORT_QUEUE_NAME, type TrainingExportJobData } from '@sentinelle/orthanc-bridge';
import { Worker } from 'bullmq';
import {
  execTrainingExportJob,
  type TrainingExportDeps,
  type TrainingExportOutcomeState,
} from './execTrainingExportJob';

export interface TrainingExportConsumerSettings {
  readonly redisUrl: string;
  /** BullMQ lock: an export takes minutes; the lock is renewed while it runs. */
  readonly lockMs?: number;
}

export type TrainingExportWorker = Worker<TrainingExportJobData, { state: TrainingExportOutcomeState }>;

/** Starts consuming; close the returned Worker to stop (it waits for the running export). */
export async function startTrainingExportConsumer(
  settings: TrainingExportConsumerSettings,
  deps: TrainingExportDeps,
): Promise<TrainingExportWorker> {
  const lockMs = settings.lockMs ?? 60_000;
  const worker: TrainingExportWorker = new Worker(
    TRAINING_EXPORT_QUEUE_NAME,
    (job) => execTrainingExportJob(job, deps),
    {
      connection: {
        url: settings.redisUrl,
        maxRetriesPerRequest: null,
        connectionName: 'sentinelle-worker-training-export',
      },
      concurrency: 1,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      autorun: false,
    },
  );
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'training export queue connection error'));
  worker.on('failed', (job, error) =>
    deps.logger.warn({ job: job?.id, err: error }, 'training export attempt failed'),
  );
  void worker
    .run()
    .catch((error: unknown) => deps.logger.error({ err: error }, 'the export consumer stopped'));
  await worker.waitUntilReady();
  return worker;
}
