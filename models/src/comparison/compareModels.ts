/**
 * Candidate against current model on the same cases with a known truth: AUC with 95% intervals
 * and DeLong's paired test; sensitivity, specificity and share flagged at each model's own
 * operating threshold, with McNemar's test; the cases where their decisions differ.
 */
import { ComparisonInputError, pairedDelong, type AucEstimate, type PairedDelong } from './delong';
import { mcnemarOf, type McNemar } from './mcnemar';
import { wilson, type Proportion } from './proportion';

export interface ComparedCase {
  /** What identifies the case to the caller (a study UID). */
  readonly id: string;
  /** The truth: true when the case is positive (recalled, or later, cancer). */
  readonly positive: boolean;
  /** Each model's calibrated probability of malignancy (0–1). */
  readonly current: number;
  readonly candidate: number;
}

export interface OperatingResult {
  /** The score at or above which the model flags a case. */
  readonly threshold: number;
  readonly sensitivity: Proportion;
  readonly specificity: Proportion;
  readonly flagged: Proportion;
}

export interface ModelComparison {
  readonly cases: number;
  readonly positives: number;
  readonly negatives: number;
  readonly auc: {
    readonly current: AucEstimate;
    readonly candidate: AucEstimate;
    /** Candidate minus current, DeLong's paired test. */
    readonly delong: Omit<PairedDelong, 'a' | 'b'>;
  };
  readonly atOperatingPoint: {
    readonly current: OperatingResult;
    readonly candidate: OperatingResult;
    /** On the positive cases: `onlyA` the candidate finds, `onlyB` the current model finds. */
    readonly sensitivityMcNemar: McNemar;
    /** On the negative cases: `onlyA` the candidate spares, `onlyB` the current model spares. */
    readonly specificityMcNemar: McNemar;
  };
  /** Cases one model flags and the other does not. */
  readonly disagreements: readonly (ComparedCase & {
    readonly flaggedBy: 'candidate' | 'current';
  })[];
}

function atThreshold(
  scores: readonly number[],
  truth: readonly boolean[],
  threshold: number,
): OperatingResult {
  let tp = 0;
  let tn = 0;
  let flagged = 0;
  scores.forEach((s, i) => {
    const flag = s >= threshold;
    if (flag) flagged++;
    if (flag && truth[i]) tp++;
    if (!flag && !truth[i]) tn++;
  });
  const positives = truth.filter(Boolean).length;
  return {
    threshold,
    sensitivity: wilson(tp, positives),
    specificity: wilson(tn, truth.length - positives),
    flagged: wilson(flagged, truth.length),
  };
}

export function compareModels(
  cases: readonly ComparedCase[],
  thresholds: { readonly current: number; readonly candidate: number },
): ModelComparison {
  if (new Set(cases.map((c) => c.id)).size !== cases.length)
    throw new ComparisonInputError('a case appears twice');
  const truth = cases.map((c) => c.positive);
  const current = cases.map((c) => c.current);
  const candidate = cases.map((c) => c.candidate);
  const { a, b, ...delong } = pairedDelong(candidate, current, truth);
  const flags = (scores: number[], t: number) => scores.map((s) => s >= t);
  const flaggedCurrent = flags(current, thresholds.current);
  const flaggedCandidate = flags(candidate, thresholds.candidate);
  const right = (flagged: boolean[], i: number) => flagged[i] === truth[i];
  const among = (positive: boolean) => cases.map((_, i) => i).filter((i) => truth[i] === positive);
  const mcnemarAmong = (positive: boolean) => {
    const idx = among(positive);
    return mcnemarOf(
      idx.map((i) => right(flaggedCandidate, i)),
      idx.map((i) => right(flaggedCurrent, i)),
    );
  };
  const positives = truth.filter(Boolean).length;
  return {
    cases: cases.length,
    positives,
    negatives: cases.length - positives,
    auc: { current: b, candidate: a, delong },
    atOperatingPoint: {
      current: atThreshold(current, truth, thresholds.current),
      candidate: atThreshold(candidate, truth, thresholds.candidate),
      sensitivityMcNemar: mcnemarAmong(true),
      specificityMcNemar: mcnemarAmong(false),
    },
    disagreements: cases.flatMap((c, i) =>
      flaggedCandidate[i] === flaggedCurrent[i]
        ? []
        : [{ ...c, flaggedBy: flaggedCandidate[i] ? ('candidate' as const) : ('current' as const) }],
    ),
  };
}
