import { wilson } from '@sentinelle/models';
import type { ScoredCase } from './metrics';

/**
 * Screening reads exams, not images: a woman's exam score is the maximum calibrated probability
 * over her images (a cancer often shows on one view only), and her exam has cancer when any of
 * her images does. The worker aggregates the same way.
 */
export function examCases(images: readonly ScoredCase[]): ScoredCase[] {
  const exams = new Map<string, { score: number; positive: boolean }>();
  for (const image of images) {
    const exam = exams.get(image.group);
    exams.set(image.group, {
      score: Math.max(exam?.score ?? Number.NEGATIVE_INFINITY, image.score),
      positive: (exam?.positive ?? false) || image.positive,
    });
  }
  return [...exams].map(([group, e]) => ({ group, ...e }));
}

/** Wilson score interval (95 %) of a proportion, as the model comparison gives it; NaNs without trials. */
export function wilsonInterval(successes: number, trials: number): [number, number] {
  const { ci95 } = wilson(successes, trials);
  return ci95 ? [ci95[0], ci95[1]] : [Number.NaN, Number.NaN];
}

export interface OperatingPointResult {
  readonly threshold: number;
  readonly sensitivity: number;
  readonly sensitivityCi95: [number, number];
  readonly specificity: number;
  readonly specificityCi95: [number, number];
  /** Share of exams without cancer at or above the threshold. */
  readonly flaggedNormal: number;
  /** Share of all exams at or above the threshold. */
  readonly flagged: number;
  readonly exams: number;
  readonly examsWithCancer: number;
}

/** How exams split at a threshold: flagged when the score is at or above it. */
export function atThreshold(exams: readonly ScoredCase[], threshold: number): OperatingPointResult {
  let tp = 0;
  let fn = 0;
  let tn = 0;
  let fp = 0;
  for (const e of exams) {
    const flagged = e.score >= threshold;
    if (e.positive && flagged) tp++;
    else if (e.positive) fn++;
    else if (flagged) fp++;
    else tn++;
  }
  return {
    threshold,
    sensitivity: tp / (tp + fn),
    sensitivityCi95: wilsonInterval(tp, tp + fn),
    specificity: tn / (tn + fp),
    specificityCi95: wilsonInterval(tn, tn + fp),
    flaggedNormal: fp / (tn + fp),
    flagged: (tp + fp) / exams.length,
    exams: exams.length,
    examsWithCancer: tp + fn,
  };
}

/**
 * How many exams got each exam score 1–10, without and with cancer. `toExamScore` is the
 * reporting package's rule, so the histogram counts what the worklist shows.
 */
export function examScoreHistogram(
  exams: readonly ScoredCase[],
  toExamScore: (score: number) => number,
): { normal: number[]; cancer: number[] } {
  const normal = new Array<number>(10).fill(0);
  const cancer = new Array<number>(10).fill(0);
  for (const e of exams) (e.positive ? cancer : normal)[toExamScore(e.score) - 1]!++;
  return { normal, cancer };
}
