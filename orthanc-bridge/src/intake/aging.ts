import { ANALYSIS_PRIORITIES, type AnalysisPriority } from './queueContract';

/** One level more urgent: screening → diagnostic → stat (stat stays stat). */
export function promote(priority: AnalysisPriority): AnalysisPriority {
  return ANALYSIS_PRIORITIES[Math.max(0, ANALYSIS_PRIORITIES.indexOf(priority) - 1)]!;
}

/**
 * The priority a job deserves after waiting `waitedMs` since its priority was requested: one
 * level up per full `agingMs` waited, up to stat. Stateless: however often (or late) the aging
 * task runs, a job moves one level per period and never further.
 */
export function agedPriority(
  requested: AnalysisPriority,
  waitedMs: number,
  agingMs: number,
): AnalysisPriority {
  if (!(agingMs > 0)) throw new RangeError(`the aging delay must be positive, got ${agingMs} ms`);
  const levels = Math.floor(Math.max(0, waitedMs) / agingMs);
  let priority = requested;
  for (let i = 0; i < levels && priority !== 'stat'; i++) priority = promote(priority);
  return priority;
}
