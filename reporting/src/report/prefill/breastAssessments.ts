import type { BreastLaterality } from '../../findings/imageFindings';
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
 */
export function defaultBreastAssessments(
  imaged: readonly BreastLaterality[],
  findings: readonly ReportFinding[],
): BreastAssessment[] {
  return RIGHT_THEN_LEFT.filter((laterality) => imaged.includes(laterality)).map((laterality) => ({
    laterality,
    assessment: findings.some((finding) => finding.laterality === laterality) ? '0' : '1',
  }));
}
