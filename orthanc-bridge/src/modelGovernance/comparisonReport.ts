/**
 * A comparison as the physician-admin sees it and as a promotion keeps it: both models with the
 * operating threshold each is judged at, the truth rule, the statistics of @sentinelle/models and
 * the cases where the two models decide differently.
 */
import { compareModels, type ModelComparison } from '@sentinelle/models';
import { RECALL_CATEGORIES } from '@sentinelle/reporting';
import type { ModelRef } from '../context';
import type { ComparisonCase } from './comparisonCases';
import type { FinalReadingSource } from './finalReading';

/**
 * The fewest recalled and not-recalled cases a promotion may rest on. With 30 recalled cases a
 * sensitivity of 0.8 is known only to 0.63–0.90 (Wilson 95%), and DeLong's normal approximation
 * of an AUC difference needs groups of about that size; fewer, and the decision would rest on noise.
 */
export const DEFAULT_MINIMUM_CASES = { positives: 30, negatives: 30 } as const;

export interface MinimumCases {
  readonly positives: number;
  readonly negatives: number;
}

export interface ComparedModel extends ModelRef {
  /** The calibrated malignancy score at or above which the model flags an exam (its "recall" operating point). */
  readonly threshold: number;
}

export interface ComparisonReport {
  readonly current: ComparedModel;
  readonly candidate: ComparedModel;
  readonly truth: {
    readonly rule: 'recall-vs-no-recall';
    readonly recallCategories: readonly string[];
    readonly pathology: 'not-recorded';
    readonly sources: Readonly<Record<FinalReadingSource, number>>;
  };
  readonly cases: number;
  readonly positives: number;
  readonly negatives: number;
  readonly minimum: MinimumCases;
  /** Enough recalled and not-recalled cases for a promotion. */
  readonly enough: boolean;
  /** Null with fewer than 2 cases of a class (no variance to estimate). */
  readonly statistics: Omit<ModelComparison, 'disagreements'> | null;
  readonly disagreements: readonly {
    readonly studyInstanceUid: string;
    readonly flaggedBy: 'candidate' | 'current';
    readonly recall: boolean;
    readonly current: number;
    readonly candidate: number;
  }[];
  readonly computedAt: string;
}

export function comparisonReport(
  cases: readonly ComparisonCase[],
  models: { readonly current: ComparedModel; readonly candidate: ComparedModel },
  minimum: MinimumCases,
  now: Date = new Date(),
): ComparisonReport {
  const positives = cases.filter((c) => c.reading.recall).length;
  const negatives = cases.length - positives;
  const compared = cases.map((c) => ({
    id: c.studyInstanceUid,
    positive: c.reading.recall,
    current: c.current,
    candidate: c.candidate,
  }));
  const statistics =
    positives >= 2 && negatives >= 2
      ? compareModels(compared, { current: models.current.threshold, candidate: models.candidate.threshold })
      : null;
  const flags = (score: number, m: ComparedModel) => score >= m.threshold;
  return {
    ...models,
    truth: {
      rule: 'recall-vs-no-recall',
      recallCategories: RECALL_CATEGORIES,
      pathology: 'not-recorded',
      sources: {
        'signed-report': cases.filter((c) => c.reading.source === 'signed-report').length,
        validation: cases.filter((c) => c.reading.source === 'validation').length,
      },
    },
    cases: cases.length,
    positives,
    negatives,
    minimum,
    // Never without statistics, whatever minimum is configured.
    enough: statistics !== null && positives >= minimum.positives && negatives >= minimum.negatives,
    statistics: statistics && (({ disagreements: _, ...rest }) => rest)(statistics),
    disagreements: cases
      .filter((c) => flags(c.candidate, models.candidate) !== flags(c.current, models.current))
      .map((c) => ({
        studyInstanceUid: c.studyInstanceUid,
        flaggedBy: flags(c.candidate, models.candidate) ? ('candidate' as const) : ('current' as const),
        recall: c.reading.recall,
        current: c.current,
        candidate: c.candidate,
      })),
    computedAt: now.toISOString(),
  };
}
