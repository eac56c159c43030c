/**
 * Areas under the ROC curve and DeLong's test for two correlated AUCs (DeLong, DeLong &
 * Clarke-Pearson, Biometrics 1988), computed with midranks as Sun & Xu (IEEE SPL 2014) show:
 * O(N log N) per model rather than the pairwise O(m·n).
 *
 * "Correlated" is the point: candidate and current model score the same cases, so their AUCs
 * move together, and comparing their two separate intervals would waste that pairing.
 */
import { twoSidedP, Z_975 } from './normal';

/** An AUC with its DeLong standard error and 95% interval (AUC ± 1.96 SE, kept within [0, 1]). */
export interface AucEstimate {
  readonly auc: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
}

export interface PairedDelong {
  readonly a: AucEstimate;
  readonly b: AucEstimate;
  /** AUC of a minus AUC of b. */
  readonly difference: number;
  readonly differenceCi95: readonly [number, number];
  /** Correlation of the two AUC estimates over the cases. */
  readonly correlation: number;
  readonly z: number;
  /** Two-sided p-value of "the two AUCs are equal". */
  readonly p: number;
}

export class ComparisonInputError extends Error {
  override readonly name = 'ComparisonInputError';
}

/** 1-based midranks: tied values share the mean of the ranks they span. */
function midranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]![1]] = rank;
    i = j;
  }
  return ranks;
}

interface Components {
  readonly auc: number;
  /** V10: for each positive case, the share of negatives it outscores (ties count half). */
  readonly v10: readonly number[];
  /** V01: for each negative case, the share of positives that outscore it. */
  readonly v01: readonly number[];
}

function components(scores: readonly number[], truth: readonly boolean[]): Components {
  const positives = scores.filter((_, i) => truth[i]);
  const negatives = scores.filter((_, i) => !truth[i]);
  const m = positives.length;
  const n = negatives.length;
  const all = midranks([...positives, ...negatives]);
  const inPositives = midranks(positives);
  const inNegatives = midranks(negatives);
  const v10 = positives.map((_, i) => (all[i]! - inPositives[i]!) / n);
  const v01 = negatives.map((_, j) => 1 - (all[m + j]! - inNegatives[j]!) / m);
  const auc = v10.reduce((s, v) => s + v, 0) / m;
  return { auc, v10, v01 };
}

function covariance(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - mx) * (y[i]! - my);
  return sum / (x.length - 1);
}

function check(scores: readonly (readonly number[])[], truth: readonly boolean[]): void {
  for (const s of scores) {
    if (s.length !== truth.length)
      throw new ComparisonInputError(`${s.length} scores for ${truth.length} cases`);
    if (s.some((v) => !Number.isFinite(v))) throw new ComparisonInputError('a score is not a finite number');
  }
  const positives = truth.filter(Boolean).length;
  if (positives < 2 || truth.length - positives < 2)
    throw new ComparisonInputError(
      `DeLong's variance needs at least 2 positive and 2 negative cases (got ${positives} and ${truth.length - positives})`,
    );
}

const clip = (v: number) => Math.min(1, Math.max(0, v));

function estimate(c: Components, m: number, n: number): AucEstimate {
  const variance = covariance(c.v10, c.v10) / m + covariance(c.v01, c.v01) / n;
  const se = Math.sqrt(variance);
  return { auc: c.auc, se, ci95: [clip(c.auc - Z_975 * se), clip(c.auc + Z_975 * se)] };
}

/** One model's AUC with its DeLong standard error. `truth[i]`: case i is positive. */
export function delongAuc(scores: readonly number[], truth: readonly boolean[]): AucEstimate {
  check([scores], truth);
  const m = truth.filter(Boolean).length;
  return estimate(components(scores, truth), m, truth.length - m);
}

/** DeLong's paired test of two models' AUCs on the same cases. */
export function pairedDelong(
  scoresA: readonly number[],
  scoresB: readonly number[],
  truth: readonly boolean[],
): PairedDelong {
  check([scoresA, scoresB], truth);
  const m = truth.filter(Boolean).length;
  const n = truth.length - m;
  const ca = components(scoresA, truth);
  const cb = components(scoresB, truth);
  const a = estimate(ca, m, n);
  const b = estimate(cb, m, n);
  const cov = covariance(ca.v10, cb.v10) / m + covariance(ca.v01, cb.v01) / n;
  const variance = a.se ** 2 + b.se ** 2 - 2 * cov;
  const difference = a.auc - b.auc;
  const se = Math.sqrt(Math.max(0, variance));
  // Identical rankings: no difference and no variance of it; nothing to reject.
  const z = se > 0 ? difference / se : 0;
  return {
    a,
    b,
    difference,
    differenceCi95: [difference - Z_975 * se, difference + Z_975 * se],
    correlation: a.se > 0 && b.se > 0 ? cov / (a.se * b.se) : 1,
    z,
    p: se > 0 ? twoSidedP(z) : 1,
  };
}
