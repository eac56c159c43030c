import type { BreastLaterality } from '../../findings/imageFindings';
import type { BiradsCategory } from '../../findings/readerReview';
import type { BreastAssessment, ReportFinding } from '../model';
import { RIGHT_THEN_LEFT } from '../text/breastOrder';

/**
 * The assessment each imaged breast starts with, before the physician decides (right first):
 * - no reported finding: BI-RADS 1 (negative);
 * - at least one finding: BI-RADS 0 (incomplete). At screening this is the recall; in a
 *   diagnostic exam it is a placeholder the physician replaces with a final category.
 * Software that cannot judge a finding never proposes a final category for it: 2 or 3 would
 * understate a suspicious lesion, 4 would overstate a benign one, and 0 is the one choice that
 * asks for the physician's decision without stating one.
 * When the reader gave a category on validating the AI's reading (`readerCategory`), that is the
 * physician's word: it goes to each breast with a finding, or to every imaged breast when no
 * finding was kept (the reader then spoke of the exam as a whole).
 */
export function defaultBreastAssessments(
  imaged: readonly BreastLaterality[],
  findings: readonly ReportFinding[],
  readerCategory: BiradsCategory | null = null,
): BreastAssessment[] {
  const breasts = RIGHT_THEN_LEFT.filter((laterality) => imaged.includes(laterality));
  const withFindings = new Set(findings.map((finding) => finding.laterality));
  const concerned = (laterality: BreastLaterality) => withFindings.size === 0 || withFindings.has(laterality);
  return breasts.map((laterality) => ({
    laterality,
    assessment:
      readerCategory !== null && concerned(laterality)
        ? readerCategory
        : withFindings.has(laterality)
          ? '0'
          : '1',
  }));
}
