import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BridgeContext } from '../context';
import {
  findActiveCandidate,
  listPendingShadowAnalyses,
  markShadowFailed,
  recordShadowAnalyses,
} from './shadowStore';
import { SHADOW_JOB_NAME, shadowJobId, shadowQueueName, type ShadowJobData } from './shadowContract';

export type ShadowQueue = Queue<ShadowJobData>;

/** Fewer attempts than a clinical analysis: nobody waits on a shadow result. */
const SHADOW_JOB_OPTIONS: Readonly<JobsOptions> = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createShadowQueue(analysisQueueName: string, connection: Redis): ShadowQueue {
  return new Queue<ShadowJobData>(shadowQueueName(analysisQueueName), {
    connection,
    defaultJobOptions: { ...SHADOW_JOB_OPTIONS },
  });
}

export interface ShadowSweep {
  /** Shadow analyses recorded (new studies, changed image sets). */
  readonly recorded: number;
  /** Jobs added for them. */
  readonly enqueued: number;
  /** Analyses the worker gave up on without recording it, marked failed. */
  readonly failed: number;
}

/**
 * While a candidate is in shadow: records a shadow analysis for every study the bridge analyses
 * (new ones as they come, and every earlier one, the read cases first) and makes sure each
 * pending one has its job. Runs when a candidate is put in shadow and periodically after, from
 * any bridge replica: rows are upserted in one statement and job ids derive from the row.
 */
export async function sweepShadowAnalyses(ctx: BridgeContext): Promise<ShadowSweep> {
  const candidate = await findActiveCandidate(ctx.pool);
  if (!candidate) return { recorded: 0, enqueued: 0, failed: 0 };
  const recorded = await recordShadowAnalyses(ctx.pool, candidate.model);
  let enqueued = 0;
  let failed = 0;
  for (const { shadow, orthancStudyId } of await listPendingShadowAnalyses(ctx.pool, candidate.model)) {
    const data: ShadowJobData = {
      shadowAnalysisId: shadow.id,
      revision: shadow.revision,
      studyInstanceUid: shadow.studyInstanceUid,
      orthancStudyId,
      modelId: shadow.model.id,
      modelVersion: shadow.model.version,
      instances: [...shadow.instances],
    };
    const jobId = shadowJobId(data);
    const existing = await ctx.shadowQueue.getJob(jobId);
    if (existing) {
      if ((await existing.getState()) === 'failed') {
        const reason = `the worker gave up after ${existing.attemptsMade} attempt(s): ${existing.failedReason || 'no reason given'}`;
        if (await markShadowFailed(ctx.pool, data, reason)) failed++;
      }
      continue;
    }
    await ctx.shadowQueue.add(SHADOW_JOB_NAME, data, { jobId });
    enqueued++;
  }
  if (recorded || enqueued || failed)
    ctx.logger.info({ candidate: candidate.model, recorded, enqueued, failed }, 'shadow analyses swept');
  return { recorded, enqueued, failed };
}
