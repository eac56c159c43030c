import type { ExamFindings } from '../../findings/examFindings';
import type { BiradsCategory, ReaderRevision } from '../../findings/readerReview';
import {
  mostAbnormalAssessment,
  recommendationsFor,
  ReportContentSchema,
  type ExamType,
  type ReportContent,
  type ReportLocale,
} from '../model';
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

/**
 * The report as it opens for the physician: the reader's findings, a default assessment per
 * imaged breast (see defaultBreastAssessments) and the most abnormal overall, the recommendations
 * that category calls for, the AI summary, and the findings and impression paragraphs written
 * from them. Comparison, composition and notes are left for the physician. Throws
 * ReportPrefillError when the revision does not fit the exam, ZodError for input the report
 * cannot hold (an indication over 2,000 characters).
 */
export function prefillReport(input: PrefillInput): ReportContent {
  const { locale, exam } = input;
  const findings = reportFindingsFrom(input.revision, exam);
  const imaged = exam.breasts.map((breast) => breast.laterality);
  if (imaged.length === 0)
    throw new ReportPrefillError('no image of the exam has a laterality: no breast can be assessed');
  const breastAssessments = defaultBreastAssessments(imaged, findings, input.readerCategory ?? null);
  const overallAssessment = mostAbnormalAssessment(breastAssessments.map((breast) => breast.assessment));
  const structured = { locale, findings, breastAssessments, overallAssessment };
  return ReportContentSchema.parse({
    ...structured,
    examType: input.examType,
    indication: input.indication,
    comparison: '',
    composition: null,
    recommendations: recommendationsFor(overallAssessment),
    findingsText: findingsTextFor(structured),
    impressionText: impressionTextFor(structured),
    notes: [],
    aiSummary: aiSummaryFromExam(exam),
  });
}
