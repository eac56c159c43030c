import {
  listAnalysesWithStudy,
  markAnalysisFailed,
  setAnalysisPriority,
  type Analysis,
} from '../studies/analysisStore';
import type { BridgeContext } from '../context';
import { publishAnalysisEvent } from './publishAnalysisEvent';
import { agedPriority } from './aging';
import { urgency } from './execTriage';
import { changeJobPriority, ensureEnqueued } from './analysisQueue';
import type { AnalysisPriority } from './queueContract';

export interface SweepResult {
  /** Jobs (re)added for queued analyses that had none: a crash between commit and enqueue, Redis lost. */
  readonly enqueued: number;
  /** Analyses marked failed because the worker gave up on their job without recording it. */
  readonly failed: number;
}

async function publish(ctx: BridgeContext, analysis: Analysis) {
  await publishAnalysisEvent(ctx.redis, analysis, ctx.eventsChannel).catch((error: unknown) =>
    ctx.logger.warn({ key: analysis.key, err: error }, 'could not publish the analysis event'),
  );
}

/**
 * Makes the queue agree with the database: every `queued` or `running` analysis has its job. Run
 * at start and periodically. Safe at any time, in any number of processes: job ids are derived
 * from the analysis key, and the worker's markAnalysisRunning refuses a revision already done.
 */
export async function sweepAnalyses(ctx: BridgeContext): Promise<SweepResult> {
  let enqueued = 0;
  let failed = 0;
  for (const { analysis, orthancStudyId } of await listAnalysesWithStudy(ctx.pool, ['queued', 'running'])) {
    const result = await ensureEnqueued(ctx.queue, analysis, orthancStudyId);
    if (result.outcome === 'added' || result.outcome === 'replaced') {
      enqueued++;
      ctx.logger.info(
        { key: analysis.key, status: analysis.status, outcome: result.outcome },
        'analysis job re-enqueued',
      );
    } else if (result.outcome === 'gave-up') {
      const marked = await markAnalysisFailed(ctx.pool, {
        analysisId: analysis.id,
        revision: analysis.revision,
        reason: result.reason,
      });
      if (marked) {
        failed++;
        ctx.logger.warn({ key: analysis.key, reason: result.reason }, 'analysis failed');
        await publish(ctx, marked);
      }
    }
  }
  return { enqueued, failed };
}

export interface Promotion {
  readonly key: string;
  readonly from: AnalysisPriority;
  readonly to: AnalysisPriority;
}

/**
 * Aging: a queued analysis moves up one priority level per `agingMs` waited since its priority
 * was requested (screening → diagnostic → stat), so routine work never starves. Changes the
 * waiting job's BullMQ priority (job.changePriority) and records the new priority on the row.
 */
export async function ageWaitingJobs(ctx: BridgeContext, now: number = Date.now()): Promise<Promotion[]> {
  const promotions: Promotion[] = [];
  for (const { analysis } of await listAnalysesWithStudy(ctx.pool, ['queued'])) {
    const target = agedPriority(
      analysis.requestedPriority,
      now - analysis.requestedAt.getTime(),
      ctx.triage.agingMs,
    );
    if (urgency(target) >= urgency(analysis.priority)) continue;
    if (!(await changeJobPriority(ctx.queue, analysis, target))) continue; // taken by a worker, or not enqueued yet
    const updated = await setAnalysisPriority(ctx.pool, analysis.id, target, { requested: false });
    if (!updated) continue;
    promotions.push({ key: analysis.key, from: analysis.priority, to: target });
    ctx.logger.info({ key: analysis.key, from: analysis.priority, to: target }, 'waiting analysis promoted');
    await publish(ctx, updated);
  }
  return promotions;
}

/** Runs `task` every `intervalMs`, never two at once; failures are logged and the next run comes. */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
    private readonly ctx: Pick<BridgeContext, 'logger'>,
  ) {}

  /** Runs the task now, then every interval. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  runOnce(): Promise<void> {
    this.current ??= this.task()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.ctx.logger.warn({ err: error, task: this.name }, 'periodic task failed'),
      )
      .finally(() => {
        this.current = undefined;
      });
    return this.current;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.current;
  }
}
