import {
  overallOfDraft,
  recommendationsForBreasts,
  type DraftFinding,
  type Recommendation,
  type ReportDraftContent,
} from '../model';
import { findingsTextFor } from '../text/findingsText';
import { impressionTextFor } from '../text/impressionText';

/** What the physician may change in one step of editing a draft. */
export type DraftChange = Partial<Omit<ReportDraftContent, 'overallAssessment' | 'aiSummary'>>;

const sameRecommendations = (a: readonly Recommendation[], b: readonly Recommendation[]) =>
  a.length === b.length && a.every((recommendation) => b.includes(recommendation));

/**
 * A draft after one change, keeping what follows from the structured fields in step with them:
 * - the overall assessment is the most abnormal of the breasts' (ACR order), none while a breast
 *   is unassessed;
 * - the recommendations follow the breasts' categories while they are still the ones they call for;
 *   once the physician chose others, they stay;
 * - the findings and impression paragraphs are written again while they are still the generated
 *   ones; once the physician edited one, it stays as written (regenerateText writes it again).
 */
export function reviseDraft<C extends ReportDraftContent>(before: C, change: DraftChange): C {
  const after = { ...before, ...change } as C;
  after.overallAssessment = overallOfDraft(after.breastAssessments);
  if (
    change.recommendations === undefined &&
    sameRecommendations(before.recommendations, recommendationsForBreasts(before.breastAssessments))
  )
    after.recommendations = recommendationsForBreasts(after.breastAssessments);
  if (change.findingsText === undefined && before.findingsText === findingsTextFor(before))
    after.findingsText = findingsTextFor(after);
  if (change.impressionText === undefined && before.impressionText === impressionTextFor(before))
    after.impressionText = impressionTextFor(after);
  return after;
}

/** The draft with its findings and impression paragraphs written afresh from the structured fields. */
export function regenerateText<C extends ReportDraftContent>(content: C): C {
  return { ...content, findingsText: findingsTextFor(content), impressionText: impressionTextFor(content) };
}

/** The draft with one finding's description changed (location, clock position, margin). */
export function reviseFinding<C extends ReportDraftContent>(
  content: C,
  id: string,
  change: Partial<Pick<DraftFinding, 'location' | 'clockPosition' | 'margin'>>,
): C {
  return reviseDraft(content, {
    findings: content.findings.map((finding) => (finding.id === id ? { ...finding, ...change } : finding)),
  });
}
