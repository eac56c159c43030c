/**
 * The producer's side of the training-export queue: the bridge adds one job per export and reads
 * a running job's progress. It knows the contract, never the consumer.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { BridgeContext } from '../context';
import {
  TRAINING_EXPORT_JOB_NAME,
  TRAINING_EXPORT_QUEUE_NAME,
  trainingExportProgressSchema,
  type TrainingExportJobData,
  type TrainingExportProgress,
} from './queueContract';
import type { TrainingExport } from './trainingExportStore';

export type TrainingExportQueue = Queue<TrainingExportJobData>;

/**
 * Transient failures (Orthanc or the disk briefly away) are retried with backoff; the consumer
 * throws UnrecoverableError for the rest. Finished jobs go soon: the database keeps the outcome.
 */
export const TRAINING_EXPORT_JOB_OPTIONS: Readonly<JobsOptions> = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * On the bridge's Redis connection (shared: BullMQ leaves it open, the bridge closes it at stop), so
 * the queue needs no closing of its own.
 */
export function createTrainingExportQueue(ctx: BridgeContext): TrainingExportQueue {
  const queue = new Queue<TrainingExportJobData>(TRAINING_EXPORT_QUEUE_NAME, {
    connection: ctx.redis,
    defaultJobOptions: { ...TRAINING_EXPORT_JOB_OPTIONS },
  });
  queue.on('error', (error) => ctx.logger.warn({ err: error }, 'training export queue error'));
  return queue;
}

/** The job id is the export's id (a UUID: never an integer, no ':'), so a repeated add is a no-op. */
export async function enqueueTrainingExport(queue: TrainingExportQueue, exportId: string): Promise<void> {
  await queue.add(TRAINING_EXPORT_JOB_NAME, { exportId }, { jobId: exportId });
}

/** A queued or running export's progress as its job reports it; null once finished or without a job. */
export async function exportProgress(
  queue: TrainingExportQueue,
  e: Pick<TrainingExport, 'id' | 'state'>,
): Promise<TrainingExportProgress | null> {
  if (e.state !== 'queued' && e.state !== 'running') return null;
  const job = await queue.getJob(e.id);
  const parsed = trainingExportProgressSchema.safeParse(job?.progress);
  return parsed.success ? parsed.data : null;
}
