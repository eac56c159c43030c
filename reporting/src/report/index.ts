export * from './model';
export type { ReportDocument } from './document';
export { biradsLexicon, type BiradsLexicon } from './text/lexicon/index';
export { aiSummaryTextFor, type AiSummaryText } from './text/aiSummaryText';
export { aiModelNotice } from './text/aiModelNotice';
export { depthText, examScoreText, screeningCategoryText } from './text/screeningCategoryText';
export { findingsTextFor } from './text/findingsText';
export { impressionTextFor, assessmentWithName } from './text/impressionText';
export { techniqueTextFor } from './text/techniqueText';
export { aiSummaryFromExam } from './prefill/aiSummaryFromExam';
export { defaultBreastAssessments } from './prefill/breastAssessments';
export { ReportPrefillError } from './prefill/reportFindings';
export { prefillReport, type PrefillInput } from './prefill/prefillReport';
export {
  REPORT_SECTIONS,
  ReportSectionSchema,
  ReportTemplateSchema,
  type ReportSection,
  type ReportTemplate,
} from './templates/templateSchema';
export { DEFAULT_TEMPLATES } from './templates/defaultTemplates';
export { layoutReport } from './templates/layoutReport';
export { reviseDraft, regenerateText, reviseFinding, type DraftChange } from './revise/reviseDraft';
export { reportLabels, type ReportLabels } from './text/labels';
export {
  REPORT_PROBLEM_CODES,
  ReportInconsistentError,
  reportProblems,
  signableContent,
  type ReportProblem,
  type ReportProblemCode,
} from './reportConsistency';
export { DEFAULT_REPORT_TIME_ZONE, isTimeZone, localDateAndTime, timeZoneOffset } from './text/dates';
