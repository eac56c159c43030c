/**
 * The truth a comparison measures against: the final reading of each case, recall or no recall.
 * Pathology outcomes are not recorded by Sentinelle yet, so "positive" means recalled, not cancer:
 * a model that finds what readers miss is counted wrong. Said on the comparison page too.
 */
import { isRecall, type BiradsCategory } from '@sentinelle/reporting';

export type FinalReadingSource = 'signed-report' | 'validation';

export interface FinalReading {
  readonly category: BiradsCategory;
  readonly recall: boolean;
  /** The last signed report (an addendum wins over what it amends), else the last validation. */
  readonly source: FinalReadingSource;
}

export function finalReading(
  signedReport: BiradsCategory | null,
  lastValidation: BiradsCategory | null,
): FinalReading | undefined {
  if (signedReport !== null)
    return { category: signedReport, recall: isRecall(signedReport), source: 'signed-report' };
  if (lastValidation !== null)
    return { category: lastValidation, recall: isRecall(lastValidation), source: 'validation' };
  return undefined;
}
