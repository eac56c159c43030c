/**
 * McNemar's test for paired proportions: two models classify the same cases at their operating
 * points, and only the discordant cases (one right, the other wrong) carry information. Applied
 * separately to the recalled cases (sensitivity) and to the others (specificity).
 */
import { erfc } from './normal';

export interface McNemar {
  /** Cases where only the first model is right. */
  readonly onlyA: number;
  /** Cases where only the second model is right. */
  readonly onlyB: number;
  /** Chi-square with Edwards' continuity correction, (|b − c| − 1)² / (b + c); null without discordant cases. */
  readonly chiSquare: number | null;
  /** Its p-value (1 degree of freedom); 1 without discordant cases. */
  readonly pChiSquare: number;
  /**
   * Exact two-sided p-value: twice the smaller binomial tail of Bin(b + c, 1/2), at most 1. The
   * one to decide on with few discordant cases, where the chi-square approximation is poor.
   */
  readonly pExact: number;
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(X ≤ k) for X ~ Bin(n, 1/2). */
function binomialHalfCdf(k: number, n: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, sum);
}

export function mcnemar(onlyA: number, onlyB: number): McNemar {
  for (const v of [onlyA, onlyB])
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError('discordant counts must be non-negative integers');
  const n = onlyA + onlyB;
  if (n === 0) return { onlyA, onlyB, chiSquare: null, pChiSquare: 1, pExact: 1 };
  const chiSquare = Math.max(0, Math.abs(onlyA - onlyB) - 1) ** 2 / n;
  // Chi-square with 1 degree of freedom: P(χ² > x) = erfc(√(x/2)).
  const pChiSquare = erfc(Math.sqrt(chiSquare / 2));
  const pExact = Math.min(1, 2 * binomialHalfCdf(Math.min(onlyA, onlyB), n));
  return { onlyA, onlyB, chiSquare, pChiSquare, pExact };
}

/**
 * McNemar on paired binary decisions: `correctA[i]`, `correctB[i]` say whether each model got
 * case i right.
 */
export function mcnemarOf(correctA: readonly boolean[], correctB: readonly boolean[]): McNemar {
  if (correctA.length !== correctB.length) throw new RangeError('both models must classify the same cases');
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < correctA.length; i++) {
    if (correctA[i] && !correctB[i]) onlyA++;
    else if (!correctA[i] && correctB[i]) onlyB++;
  }
  return mcnemar(onlyA, onlyB);
}
