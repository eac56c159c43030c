import type { ExamFindings } from '../../findings/examFindings';
import type { BiradsCategory, ReaderRevision } from '../../findings/readerReview';
import {
  overallOfDraft,
  recommendationsForBreasts,
  ReportDraftContentSchema,
  type ExamType,
  type ImagedViews,
  type ReportDraftContent,
  type ReportLocale,
} from '../model';
import { RIGHT_THEN_LEFT } from '../text/breastOrder';
import { findingsTextFor } from '../text/findingsText';
import { impressionTextFor } from '../text/impressionText';
import { aiSummaryFromExam } from './aiSummaryFromExam';
import { defaultBreastAssessments } from './breastAssessments';
import { ReportPrefillError, reportFindingsFrom } from './reportFindings';

export interface PrefillInput {
  readonly locale: ReportLocale;
  readonly examType: ExamType;
  readonly indication: string;
  /** The AI's findings on the exam: images (laterality, view), lesions, scores. */
  readonly exam: ExamFindings;
  /** The reader's validated findings. */
  readonly revision: ReaderRevision;
  /** The BI-RADS category the reader gave when validating, if any. */
  readonly readerCategory?: BiradsCategory | null;
}

/** The views of each imaged breast, right first, CC before MLO. */
function imagedViewsOf(exam: ExamFindings): ImagedViews {
  const rank = (view: string) => (['CC', 'MLO'].includes(view) ? ['CC', 'MLO'].indexOf(view) : 2);
  return RIGHT_THEN_LEFT.flatMap((side) => {
    const views = [
      ...new Set(
        exam.images.flatMap((image) => (image.laterality === side && image.view ? [image.view] : [])),
      ),
    ].sort((a, b) => rank(a) - rank(b));
    return views.length ? [{ laterality: side, views }] : [];
  });
}

/**
 * The report as it opens for the physician: the reader's findings (one per lesion), each imaged
 * breast unassessed unless the reader gave a category (see defaultBreastAssessments), so no
 * overall category and no recommendation until she assesses; the views imaged, the AI summary,
 * and the findings and impression paragraphs written from them. Comparison, composition and notes
 * are left for the physician. Throws
 * ReportPrefillError when the revision does not fit the exam, ZodError for input the report
 * cannot hold (an indication over 2,000 characters).
 */
export function prefillReport(input: PrefillInput): ReportDraftContent {
  const { locale, exam } = input;
  const findings = reportFindingsFrom(input.revision, exam);
  const imaged = exam.breasts.map((breast) => breast.laterality);
  if (imaged.length === 0)
    throw new ReportPrefillError('no image of the exam has a laterality: no breast can be assessed');
  const breastAssessments = defaultBreastAssessments(imaged, findings, input.readerCategory ?? null);
  const overallAssessment = overallOfDraft(breastAssessments);
  const structured = { locale, findings, breastAssessments, overallAssessment };
  return ReportDraftContentSchema.parse({
    ...structured,
    examType: input.examType,
    indication: input.indication,
    comparison: '',
    composition: null,
    recommendations: recommendationsForBreasts(breastAssessments),
    findingsText: findingsTextFor(structured),
    impressionText: impressionTextFor(structured),
    notes: [],
    aiSummary: aiSummaryFromExam(exam),
    imagedViews: imagedViewsOf(exam),
  });
}
