import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Analysis } from '../studies/analysisStore';
import {
  ANALYSIS_JOB_NAME,
  ANALYSIS_PRIORITIES,
  BULLMQ_PRIORITY,
  bullmqJobId,
  priorityFromBullmq,
  type AnalysisJobData,
  type AnalysisPriority,
} from './queueContract';

export type AnalysisQueue = Queue<AnalysisJobData>;

/**
 * Options of every analysis job. Transient failures (Orthanc or Redis briefly away) are retried
 * with exponential backoff; the worker throws BullMQ's UnrecoverableError for permanent ones.
 * Finished jobs are kept a while for inspection: the database, not BullMQ, is what prevents a
 * second analysis of the same image set.
 */
export const ANALYSIS_JOB_OPTIONS: Readonly<JobsOptions> = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createAnalysisQueue(name: string, connection: Redis): AnalysisQueue {
  return new Queue<AnalysisJobData>(name, { connection, defaultJobOptions: { ...ANALYSIS_JOB_OPTIONS } });
}

export function jobDataOf(analysis: Analysis, orthancStudyId: string): AnalysisJobData {
  return {
    analysisId: analysis.id,
    key: analysis.key,
    revision: analysis.revision,
    studyInstanceUid: analysis.studyInstanceUid,
    orthancStudyId,
    modelId: analysis.modelId,
    modelVersion: analysis.modelVersion,
    priority: analysis.priority,
    instances: [...analysis.instances],
  };
}

const WAITING_STATES = ['waiting', 'prioritized', 'delayed'];

export type EnqueueOutcome =
  /** A new job. */
  | { readonly outcome: 'added' }
  /** The job of this revision is already waiting or being processed: nothing done. */
  | { readonly outcome: 'present' }
  /** A finished job, or one of an older revision, was removed and this revision's job added. */
  | { readonly outcome: 'replaced' }
  /** A job of an older revision is being processed; a later sweep adds this one. */
  | { readonly outcome: 'busy' }
  /** The worker gave up on this revision's job (its retries are spent) without recording it. */
  | { readonly outcome: 'gave-up'; readonly reason: string };

/**
 * Makes sure the queue holds the job of a queued (or running) analysis's current revision. Safe
 * to call any number of times, from any process: the job id is derived from the analysis key.
 */
export async function ensureEnqueued(
  queue: AnalysisQueue,
  analysis: Analysis,
  orthancStudyId: string,
): Promise<EnqueueOutcome> {
  const jobId = bullmqJobId(analysis.key);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (existing.data.revision === analysis.revision) {
      if (state === 'failed') {
        return {
          outcome: 'gave-up',
          reason: `the worker gave up after ${existing.attemptsMade} attempt(s): ${existing.failedReason || 'no reason given'}`,
        };
      }
      if (state !== 'completed') return { outcome: 'present' };
    } else if (state === 'active') {
      return { outcome: 'busy' };
    }
    try {
      await existing.remove();
    } catch {
      return { outcome: 'busy' }; // a worker took it between getState and remove
    }
  }
  await queue.add(ANALYSIS_JOB_NAME, jobDataOf(analysis, orthancStudyId), {
    jobId,
    priority: BULLMQ_PRIORITY[analysis.priority],
  });
  return { outcome: existing ? 'replaced' : 'added' };
}

/**
 * Changes the priority of a waiting job of this analysis revision. False when there is no such
 * job waiting (it is being processed, finished, or of another revision).
 */
export async function changeJobPriority(
  queue: AnalysisQueue,
  analysis: Pick<Analysis, 'key' | 'revision'>,
  priority: AnalysisPriority,
): Promise<boolean> {
  const job = await queue.getJob(bullmqJobId(analysis.key));
  if (!job || job.data.revision !== analysis.revision) return false;
  if (!WAITING_STATES.includes(await job.getState())) return false;
  try {
    await job.changePriority({ priority: BULLMQ_PRIORITY[priority] });
    return true;
  } catch {
    return false; // taken by a worker meanwhile
  }
}

export interface QueueLevelStats {
  /** Jobs waiting at this priority. */
  readonly depth: number;
  /** Seconds the longest-waiting of them has waited; null when none waits. */
  readonly oldestWaitSeconds: number | null;
}

export interface QueueStats {
  readonly byPriority: Readonly<Record<AnalysisPriority, QueueLevelStats>>;
  /** All waiting jobs. */
  readonly depth: number;
  readonly oldestWaitSeconds: number | null;
  /** Being analysed now. */
  readonly active: number;
  /** Waiting for a retry after a transient failure. */
  readonly delayed: number;
  readonly failed: number;
  readonly paused: boolean;
}

/** Depth and oldest wait per priority (from the jobs' BullMQ priority, aging included). */
export async function queueStats(queue: AnalysisQueue, now: number = Date.now()): Promise<QueueStats> {
  const [jobs, counts, paused] = await Promise.all([
    queue.getJobs(['waiting', 'prioritized']),
    queue.getJobCounts('active', 'delayed', 'failed'),
    queue.isPaused(),
  ]);
  const waitSeconds = (timestamps: number[]) =>
    timestamps.length ? Math.max(0, Math.round((now - Math.min(...timestamps)) / 1000)) : null;
  const byPriority = Object.fromEntries(
    ANALYSIS_PRIORITIES.map((p) => {
      const level = jobs.filter((j) => j && priorityFromBullmq(j.priority) === p);
      return [p, { depth: level.length, oldestWaitSeconds: waitSeconds(level.map((j) => j.timestamp)) }];
    }),
  ) as Record<AnalysisPriority, QueueLevelStats>;
  const present = jobs.filter(Boolean);
  return {
    byPriority,
    depth: present.length,
    oldestWaitSeconds: waitSeconds(present.map((j) => j.timestamp)),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    paused,
  };
}
