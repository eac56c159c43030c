import type { BreastLaterality } from '../../findings/imageFindings';
import type { BiradsCategory } from '../../findings/readerReview';
import type { DraftBreastAssessment, DraftFinding } from '../model';
import { RIGHT_THEN_LEFT } from '../text/breastOrder';

/**
 * The assessment each imaged breast starts with, before the physician decides (right first):
 * none (null). Software never proposes a category: 1 would call negative an exam the AI scores
 * high, 0 or 4 would state a decision no physician took. The one exception is the physician's own
 * word: when the reader gave a category on validating the AI's reading (`readerCategory`), it goes
 * to each breast with a finding, or to every imaged breast when no finding was kept (the reader
 * then spoke of the exam as a whole); the other breasts stay unassessed.
 */
export function defaultBreastAssessments(
  imaged: readonly BreastLaterality[],
  findings: readonly DraftFinding[],
  readerCategory: BiradsCategory | null = null,
): DraftBreastAssessment[] {
  const breasts = RIGHT_THEN_LEFT.filter((laterality) => imaged.includes(laterality));
  const withFindings = new Set(findings.map((finding) => finding.laterality));
  const concerned = (laterality: BreastLaterality) => withFindings.size === 0 || withFindings.has(laterality);
  return breasts.map((laterality) => ({
    laterality,
    assessment: readerCategory !== null && concerned(laterality) ? readerCategory : null,
  }));
}
