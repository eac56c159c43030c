import {
  mostAbnormalAssessment,
  recommendationsFor,
  type Recommendation,
  type ReportContent,
  type ReportFinding,
} from '../model';
import { findingsTextFor } from '../text/findingsText';
import { impressionTextFor } from '../text/impressionText';

/** What the physician may change in one step of editing a draft. */
export type DraftChange = Partial<Omit<ReportContent, 'overallAssessment' | 'aiSummary'>>;

const sameRecommendations = (a: readonly Recommendation[], b: readonly Recommendation[]) =>
  a.length === b.length && a.every((recommendation) => b.includes(recommendation));

/**
 * A draft after one change, keeping what follows from the structured fields in step with them:
 * - the overall assessment is the most abnormal of the breasts' (ACR order);
 * - the recommendations follow the overall category while they are still the ones it calls for;
 *   once the physician chose others, they stay;
 * - the findings and impression paragraphs are written again while they are still the generated
 *   ones; once the physician edited one, it stays as written (regenerateText writes it again).
 */
export function reviseDraft(before: ReportContent, change: DraftChange): ReportContent {
  const after: ReportContent = { ...before, ...change };
  after.overallAssessment = mostAbnormalAssessment(
    after.breastAssessments.map((breast) => breast.assessment),
  );
  if (
    change.recommendations === undefined &&
    sameRecommendations(before.recommendations, recommendationsFor(before.overallAssessment))
  )
    after.recommendations = recommendationsFor(after.overallAssessment);
  if (change.findingsText === undefined && before.findingsText === findingsTextFor(before))
    after.findingsText = findingsTextFor(after);
  if (change.impressionText === undefined && before.impressionText === impressionTextFor(before))
    after.impressionText = impressionTextFor(after);
  return after;
}

/** The draft with its findings and impression paragraphs written afresh from the structured fields. */
export function regenerateText(content: ReportContent): ReportContent {
  return { ...content, findingsText: findingsTextFor(content), impressionText: impressionTextFor(content) };
}

/** The draft with one finding's description changed (location, clock position, margin). */
export function reviseFinding(
  content: ReportContent,
  id: string,
  change: Partial<Pick<ReportFinding, 'location' | 'clockPosition' | 'margin'>>,
): ReportContent {
  return reviseDraft(content, {
    findings: content.findings.map((finding) => (finding.id === id ? { ...finding, ...change } : finding)),
  });
}
