import {
  markShadowDone,
  markShadowFailed,
  markShadowRunning,
  type ShadowJobData,
} from '@sentinelle/orthanc-bridge';
import type { ExamFindings } from '@sentinelle/reporting';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ModelSessions } from '../session/modelSessions';
import { analyzeStudy } from './analyzeStudy';
import { classifyFailure, PermanentAnalysisError } from './failures';
import type { WorkerOrthancClient } from './orthancClient';
import { decodeInstances, fetchInstances } from './sourceImages';

export interface ShadowJobDeps {
  readonly pool: Pool;
  readonly orthanc: WorkerOrthancClient;
  readonly models: ModelSessions;
  readonly logger: Logger;
}

export type ShadowJob = Pick<Job<ShadowJobData>, 'id' | 'data' | 'attemptsMade' | 'opts'>;

export type ShadowOutcome =
  | { readonly outcome: 'done'; readonly malignancyScore: number }
  | { readonly outcome: 'stale' }
  | { readonly outcome: 'gone'; readonly reason: string };

/**
 * Runs a candidate model on a study in shadow: the same images, pre-processing and model code as
 * a clinical analysis, but the score and findings go to shadow_analysis only. No SR, no SEG, no
 * model views, no event: readers never see a shadow result. Failures are handled as for clinical
 * jobs (see execAnalysisJob), recorded on the shadow analysis.
 */
export async function execShadowJob(job: ShadowJob, deps: ShadowJobDeps): Promise<ShadowOutcome> {
  const { data } = job;
  const ref = { shadowAnalysisId: data.shadowAnalysisId, revision: data.revision };
  const log = deps.logger.child({ job: job.id, study: data.studyInstanceUid, shadow: data.modelId });

  const running = await markShadowRunning(deps.pool, ref);
  if (running.outcome !== 'started') {
    log.info('shadow analysis no longer wanted; nothing to do');
    return { outcome: 'stale' };
  }
  try {
    const findings = await analyse(data, deps, log);
    const recorded = await markShadowDone(deps.pool, {
      ...ref,
      malignancyScore: findings.malignancyScore,
      findings,
    });
    log.info({ malignancyScore: findings.malignancyScore, recorded }, 'shadow analysis done');
    return { outcome: 'done', malignancyScore: findings.malignancyScore };
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'transient') {
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts)
        await markShadowFailed(
          deps.pool,
          ref,
          `gave up after ${attempts} attempt(s): ${failure.reason}`,
        ).catch((recordError: unknown) =>
          log.warn({ err: recordError }, 'could not record the shadow failure'),
        );
      throw error;
    }
    await markShadowFailed(deps.pool, ref, failure.reason);
    if (failure.kind === 'gone') return { outcome: 'gone', reason: failure.reason };
    log.warn({ reason: failure.reason }, 'shadow analysis failed for good');
    throw new UnrecoverableError(failure.reason);
  }
}

async function analyse(data: ShadowJobData, deps: ShadowJobDeps, log: Logger): Promise<ExamFindings> {
  if (data.instances.length === 0) throw new PermanentAnalysisError('the shadow analysis lists no image');
  const model = await deps.models.get(data.modelId, data.modelVersion);
  const instances = decodeInstances(await fetchInstances(deps.orthanc, data.instances));
  return analyzeStudy(
    instances.map((instance) => instance.image),
    model,
    log,
  );
}
