/**
 * The comparison's statistics against published worked examples and against values computed
 * independently (referenceValues.py: DeLong's pairwise definition with numpy, scipy's tests).
 */
import { compareModels } from './compareModels';
import { ComparisonInputError, delongAuc, pairedDelong } from './delong';
import { mcnemar, mcnemarOf } from './mcnemar';
import { normalCdf } from './normal';
import { wilson } from './proportion';

// Hanley & McNeil (Radiology 1982), table 1: CT ratings 1–5 of 51 abnormal and 58 normal cases.
const ratings = (counts: number[]) => counts.flatMap((n, r) => Array<number>(n).fill(r + 1));
const HM_SCORES = [...ratings([3, 2, 2, 11, 33]), ...ratings([33, 6, 6, 11, 2])];
const HM_TRUTH = HM_SCORES.map((_, i) => i < 51);

// referenceValues.py's paired set (seed 22, scores rounded to 2 decimals: ties included).
// prettier-ignore
const T = [true,true,true,false,false,false,false,false,true,false,false,true,false,true,true,false,false,true,true,false,true,true,true,false,false,false,false,false,false,false,false,false,true,false,false,false,false,true,true,false];
// prettier-ignore
const A = [0.62,0.63,0.42,0.53,0.57,0.63,0.48,0.64,0.93,0.43,0.46,0.65,0.4,0.71,0.24,0.24,0.39,0.17,0.29,0.59,0.36,0.47,0.62,0.21,0.15,0.21,0.22,0.2,0.33,0.59,0.36,0.59,0.68,0.45,0.41,0.25,0.38,0.6,0.35,0.43];
// prettier-ignore
const B = [0.59,0.54,0.36,0.0,0.64,0.34,0.0,0.48,0.33,0.49,0.33,0.7,0.4,0.53,0.5,0.6,0.09,0.71,0.61,0.24,0.47,0.38,0.48,0.54,0.21,0.5,0.54,0.48,0.66,0.34,0.49,0.85,0.48,0.32,0.35,0.47,0.23,0.42,0.12,0.14];

describe('model comparison statistics', () => {
  test('delongAuc gives Hanley and McNeil’s published AUC (0.893) and the DeLong standard error computed pairwise', () => {
    const { auc, se, ci95 } = delongAuc(HM_SCORES, HM_TRUTH);
    expect(auc).toBeCloseTo(0.893, 3);
    expect(auc).toBeCloseTo(0.8931710615280595, 12);
    expect(se).toBeCloseTo(0.030724408379381136, 12);
    expect(ci95[0]).toBeCloseTo(auc - 1.959963984540054 * se, 12);
  });

  test('pairedDelong matches the pairwise computation of DeLong’s test on correlated scores with ties', () => {
    const paired = pairedDelong(A, B, T);
    expect(paired.a.auc).toBeCloseTo(0.6733333333333333, 12);
    expect(paired.a.se).toBeCloseTo(0.09821421356418707, 12);
    expect(paired.b.auc).toBeCloseTo(0.6413333333333333, 12);
    expect(paired.b.se).toBeCloseTo(0.08929802666429738, 12);
    expect(paired.z).toBeCloseTo(0.2306177426871583, 10);
    expect(paired.p).toBeCloseTo(0.8176117824611537, 6);
    // Swapping the models changes the sign only.
    expect(pairedDelong(B, A, T).z).toBeCloseTo(-paired.z, 12);
  });

  test('pairedDelong finds no difference between a model and itself, and refuses too few cases of a class', () => {
    expect(pairedDelong(A, A, T)).toMatchObject({ difference: 0, z: 0, p: 1 });
    expect(() => delongAuc([0.1, 0.2, 0.3], [true, false, false])).toThrow(ComparisonInputError);
    expect(() => delongAuc([0.1, Number.NaN, 0.3, 0.4], [true, true, false, false])).toThrow(/finite/);
  });

  test('mcnemar matches Agresti’s presidential approval example and scipy’s exact binomial test', () => {
    const approval = mcnemar(150, 86);
    expect(approval.chiSquare).toBeCloseTo(16.81779661016949, 10);
    expect(approval.pChiSquare).toBeCloseTo(4.114562281345944e-5, 8);
    expect(approval.pExact).toBeCloseTo(3.715936139571387e-5, 10);
    expect(mcnemar(7, 1)).toMatchObject({ chiSquare: 3.125 });
    expect(mcnemar(7, 1).pChiSquare).toBeCloseTo(0.07709987174354202, 6);
    expect(mcnemar(7, 1).pExact).toBeCloseTo(0.0703125, 12);
    expect(mcnemar(3, 3)).toMatchObject({ chiSquare: 0, pExact: 1 });
    expect(mcnemar(0, 0)).toEqual({ onlyA: 0, onlyB: 0, chiSquare: null, pChiSquare: 1, pExact: 1 });
    expect(mcnemarOf([true, true, false, true], [false, true, true, false])).toMatchObject({
      onlyA: 2,
      onlyB: 1,
    });
  });

  test('normalCdf and wilson give the textbook values', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 6);
    // Newcombe (Stat Med 1998), method 3: 81/263 → 0.2553 to 0.3662.
    const { ci95 } = wilson(81, 263);
    expect(ci95![0]).toBeCloseTo(0.2553, 4);
    expect(ci95![1]).toBeCloseTo(0.3662, 4);
    expect(wilson(0, 0)).toEqual({ value: null, successes: 0, total: 0, ci95: null });
  });

  test('compareModels counts sensitivity, specificity, share flagged and disagreements at each model’s own threshold', () => {
    const cases = T.map((positive, i) => ({ id: `c${i}`, positive, candidate: A[i]!, current: B[i]! }));
    const result = compareModels(cases, { candidate: 0.5, current: 0.45 });
    expect(result).toMatchObject({ cases: 40, positives: 15, negatives: 25 });
    expect(result.auc.delong.z).toBeCloseTo(0.2306177426871583, 10);
    const flagged = (scores: number[], t: number) => scores.filter((s) => s >= t).length;
    expect(result.atOperatingPoint.candidate.flagged.successes).toBe(flagged(A, 0.5));
    expect(result.atOperatingPoint.current.flagged.successes).toBe(flagged(B, 0.45));
    const tp = (scores: number[], t: number) => scores.filter((s, i) => T[i] && s >= t).length;
    expect(result.atOperatingPoint.candidate.sensitivity.successes).toBe(tp(A, 0.5));
    expect(result.atOperatingPoint.current.sensitivity.successes).toBe(tp(B, 0.45));
    const differ = cases.filter((c) => c.candidate >= 0.5 !== c.current >= 0.45);
    expect(result.disagreements.map((d) => d.id)).toEqual(differ.map((c) => c.id));
    const { sensitivityMcNemar: s, specificityMcNemar: p } = result.atOperatingPoint;
    // Every disagreement is discordant in exactly one of the two tests.
    expect(s.onlyA + s.onlyB + p.onlyA + p.onlyB).toBe(differ.length);
    expect(() => compareModels([...cases, cases[0]!], { candidate: 0.5, current: 0.5 })).toThrow(/twice/);
  });
});
