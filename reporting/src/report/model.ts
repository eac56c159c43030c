import { z } from 'zod';
import { LateralitySchema } from '../findings/imageFindings';
import { LesionDepthSchema } from '../findings/examLesion';
import { LesionTypeSchema, MassShapeSchema } from '../findings/lesion';
import { ExamScoreSchema, ScreeningCategorySchema } from '../findings/operatingPoints';
import { BiradsCategorySchema, type BiradsCategory } from '../findings/readerReview';

/**
 * The structured breast-imaging report: what the physician reviews, edits and signs. Every
 * rendering (text, PDF, DICOM SR TID 4200, FHIR DiagnosticReport) reads this one model.
 */

export const REPORT_LOCALES = ['fr', 'en'] as const;
export const ReportLocaleSchema = z.enum(REPORT_LOCALES);
export type ReportLocale = z.infer<typeof ReportLocaleSchema>;

const UidSchema = z
  .string()
  .max(64)
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'not a DICOM UID');

export const ExamTypeSchema = z.enum(['screening', 'diagnostic']);
export type ExamType = z.infer<typeof ExamTypeSchema>;

/** BI-RADS breast composition (5th edition): a fatty … d extremely dense. */
export const BreastCompositionSchema = z.enum(['a', 'b', 'c', 'd']);
export type BreastComposition = z.infer<typeof BreastCompositionSchema>;

/** BI-RADS mass margin descriptors (5th edition). */
export const MassMarginSchema = z.enum([
  'circumscribed',
  'obscured',
  'microlobulated',
  'indistinct',
  'spiculated',
]);
export type MassMargin = z.infer<typeof MassMarginSchema>;

/** Where in the breast, as reports say it: quadrant (or central, retroareolar, axillary tail). */
export const BreastLocationSchema = z.enum([
  'upper-outer',
  'upper-inner',
  'lower-outer',
  'lower-inner',
  'central',
  'retroareolar',
  'axillary-tail',
]);
export type BreastLocation = z.infer<typeof BreastLocationSchema>;

/**
 * Where a reported finding comes from: an AI finding the reader validated as is, one the reader
 * modified, or one the reader marked.
 */
export const FindingOriginSchema = z.enum(['ai-validated', 'ai-modified', 'reader']);
export type FindingOrigin = z.infer<typeof FindingOriginSchema>;

const reportFindingFields = {
  /** Stable within the report, e.g. "R1"; the SR and FHIR renderings reuse it. */
  id: z.string().min(1).max(32),
  origin: FindingOriginSchema,
  laterality: LateralitySchema,
  type: LesionTypeSchema,
  /** Longest diameter in mm; null when not measured. */
  diameterMm: z.number().positive().max(500).nullable(),
  /** Masses only. */
  shape: MassShapeSchema.nullable(),
  /** Masses only. */
  margin: MassMarginSchema.nullable(),
  location: BreastLocationSchema.nullable(),
  /** Clock-face position 1–12 as seen facing the patient; null when not given. */
  clockPosition: z.number().int().min(1).max(12).nullable(),
  /** Views the finding is seen on, as DICOM View Position short names ("CC", "MLO"…). */
  views: z.array(z.string().min(1).max(16)).max(8),
  /** The image it was marked on, for references from the SR; null when not known. */
  sopInstanceUid: UidSchema.nullable(),
  /** Calibrated AI lesion score when the finding comes from the AI. */
  aiScore: z.number().min(0).max(1).nullable(),
};

function findingRules(
  finding: { type: string; shape: unknown; margin: unknown; origin: string; aiScore: number | null },
  ctx: z.RefinementCtx,
): void {
  if (finding.type === 'calcifications' && (finding.shape !== null || finding.margin !== null)) {
    ctx.addIssue({
      code: 'custom',
      path: ['shape'],
      message: 'calcifications have no mass shape or margin',
    });
  }
  if (finding.origin === 'reader' && finding.aiScore !== null) {
    ctx.addIssue({ code: 'custom', path: ['aiScore'], message: "a reader's own finding has no AI score" });
  }
}

export const ReportFindingSchema = z.object(reportFindingFields).superRefine(findingRules);
export type ReportFinding = z.infer<typeof ReportFindingSchema>;

/**
 * A finding as a draft may hold it: its breast may be unknown (marked on an image without
 * laterality); such a draft cannot be signed (see reportConsistency).
 */
export const DraftFindingSchema = z
  .object({ ...reportFindingFields, laterality: LateralitySchema.nullable() })
  .superRefine(findingRules);
export type DraftFinding = z.infer<typeof DraftFindingSchema>;

export const BreastAssessmentSchema = z.object({
  laterality: LateralitySchema,
  assessment: BiradsCategorySchema,
});
export type BreastAssessment = z.infer<typeof BreastAssessmentSchema>;

/** A breast's assessment in a draft: null until the physician gives it. */
export const DraftBreastAssessmentSchema = z.object({
  laterality: LateralitySchema,
  assessment: BiradsCategorySchema.nullable(),
});
export type DraftBreastAssessment = z.infer<typeof DraftBreastAssessmentSchema>;

/** Recommendations, as the BI-RADS categories call for them. */
export const RecommendationSchema = z.enum([
  'additional-imaging',
  'prior-comparison',
  'routine-screening',
  'short-interval-follow-up',
  'biopsy',
  'surgical-consultation',
  'clinical-correlation',
]);
export type Recommendation = z.infer<typeof RecommendationSchema>;

/** The clinician's notes: a small rich-text document (no HTML), safe to render anywhere. */
export const TextRunSchema = z.object({
  text: z.string().max(20_000),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
});
export type TextRun = z.infer<typeof TextRunSchema>;

export const RichTextBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraph'), runs: z.array(TextRunSchema).max(500) }),
  z.object({ kind: z.literal('list'), items: z.array(z.array(TextRunSchema).max(500)).max(200) }),
]);
export type RichTextBlock = z.infer<typeof RichTextBlockSchema>;
export const RichTextSchema = z.array(RichTextBlockSchema).max(500);
export type RichText = z.infer<typeof RichTextSchema>;

/** One lesion of the AI's findings as the report lists it (a lesion seen on CC and MLO is one). */
export const AiSummaryLesionSchema = z
  .object({
    laterality: LateralitySchema,
    type: LesionTypeSchema,
    diameterMm: z.number().nonnegative().nullable(),
    shape: MassShapeSchema.nullable(),
    /** The views it is seen on ("CC", "MLO"): two when the AI paired its marks. */
    views: z.array(z.string().min(1).max(16)).max(2),
    /** Clock-face position, facing the patient; only for a lesion seen on both views. */
    clockPosition: z.number().int().min(1).max(12).nullable(),
    depth: LesionDepthSchema.nullable(),
  })
  .superRefine((lesion, ctx) => {
    if (lesion.clockPosition !== null && lesion.views.length < 2)
      ctx.addIssue({ code: 'custom', path: ['clockPosition'], message: 'a clock position needs both views' });
  });
export type AiSummaryLesion = z.infer<typeof AiSummaryLesionSchema>;

/** What the AI said about the exam, as the report summarises it. */
export const AiSummarySchema = z.object({
  model: z.object({ id: z.string().min(1), version: z.string().min(1), researchOnly: z.boolean() }),
  malignancyScore: z.number().min(0).max(1),
  /** The exam's screening category at the model's operating points. */
  category: ScreeningCategorySchema,
  /** 1–10: where the exam falls among no-cancer exams. */
  examScore: ExamScoreSchema,
  /** The exam's lesions (marks of both views paired), highest score first: what the count counts. */
  lesions: z.array(AiSummaryLesionSchema).max(50),
});
export type AiSummary = z.infer<typeof AiSummarySchema>;

export const ReportPatientSchema = z.object({
  /** DICOM person name, e.g. "DUPONT^Marie". */
  name: z.string().min(1).max(64),
  id: z.string().min(1).max(64),
  /** YYYY-MM-DD, or null when unknown. */
  birthDate: z.iso.date().nullable(),
  sex: z.enum(['F', 'M', 'O']).nullable(),
});
export type ReportPatient = z.infer<typeof ReportPatientSchema>;

export const ReportStudySchema = z.object({
  studyInstanceUid: UidSchema,
  accessionNumber: z.string().max(16).nullable(),
  /** YYYY-MM-DD. */
  studyDate: z.iso.date(),
  description: z.string().max(64).nullable(),
  institutionName: z.string().max(64).nullable(),
});
export type ReportStudy = z.infer<typeof ReportStudySchema>;

/** DICOM View Position short names of the images the exam holds, per breast ("CC", "MLO"…). */
export const ImagedViewsSchema = z
  .array(z.object({ laterality: LateralitySchema, views: z.array(z.string().min(1).max(16)).max(8) }))
  .max(2);
export type ImagedViews = z.infer<typeof ImagedViewsSchema>;

/** The report's content as it is signed and rendered: every breast assessed. */
export const ReportContentSchema = z.object({
  locale: ReportLocaleSchema,
  examType: ExamTypeSchema,
  indication: z.string().max(2000),
  /** Prior exams compared with, free text; empty when none. */
  comparison: z.string().max(2000),
  composition: BreastCompositionSchema.nullable(),
  /** Right breast first, then left, as reports read. */
  findings: z.array(ReportFindingSchema).max(100),
  /** One per breast imaged, right first. */
  breastAssessments: z.array(BreastAssessmentSchema).min(1).max(2),
  overallAssessment: BiradsCategorySchema,
  recommendations: z.array(RecommendationSchema).max(7),
  /** The findings and impression paragraphs: generated, then edited by the physician. */
  findingsText: z.string().max(20_000),
  impressionText: z.string().max(20_000),
  notes: RichTextSchema,
  aiSummary: AiSummarySchema.nullable(),
  /** The views imaged, for the technique; absent in reports drafted before they were kept. */
  imagedViews: ImagedViewsSchema.optional(),
});
export type ReportContent = z.infer<typeof ReportContentSchema>;

/**
 * The report's content while the physician drafts it: breasts start unassessed (null), the
 * overall assessment is null until every breast is assessed, and a finding's breast may be
 * unknown. What is saved and edited; signing needs it consistent (reportProblems).
 */
export const ReportDraftContentSchema = ReportContentSchema.extend({
  findings: z.array(DraftFindingSchema).max(100),
  breastAssessments: z.array(DraftBreastAssessmentSchema).min(1).max(2),
  overallAssessment: BiradsCategorySchema.nullable(),
});
export type ReportDraftContent = z.infer<typeof ReportDraftContentSchema>;

/** A report as it renders: its content with the patient and study it is about. */
export const ReportSchema = z.object({
  patient: ReportPatientSchema,
  study: ReportStudySchema,
  content: ReportContentSchema,
});
export type Report = z.infer<typeof ReportSchema>;

/** Who signed, when, and which version this is (an addendum has version > 1). */
export const ReportSignatureSchema = z.object({
  signer: z.object({
    /** DICOM person name of the signer. */
    personName: z.string().min(1).max(64),
    login: z.string().min(1).max(64),
  }),
  signedAt: z.iso.datetime(),
  version: z.number().int().positive(),
  /** The report this one amends (an addendum); null for the first version. */
  amends: z.object({ version: z.number().int().positive(), signedAt: z.iso.datetime() }).nullable(),
});
export type ReportSignature = z.infer<typeof ReportSignatureSchema>;

/**
 * The ACR order for combining assessments: the overall assessment is the most abnormal one,
 * from least to most: 1, 2, 3, 6, 0, 4 (A < B < C), 5.
 */
const SEVERITY_ORDER: readonly BiradsCategory[] = ['1', '2', '3', '6', '0', '4', '4A', '4B', '4C', '5'];

export function mostAbnormalAssessment(categories: readonly BiradsCategory[]): BiradsCategory {
  if (categories.length === 0) throw new Error('no assessment to combine');
  return categories.reduce((worst, next) =>
    SEVERITY_ORDER.indexOf(next) > SEVERITY_ORDER.indexOf(worst) ? next : worst,
  );
}

/** The overall assessment of a draft: the most abnormal breast's, or null while a breast is unassessed. */
export function overallOfDraft(breasts: readonly DraftBreastAssessment[]): BiradsCategory | null {
  const categories = breasts.map((breast) => breast.assessment);
  if (categories.length === 0 || categories.some((category) => category === null)) return null;
  return mostAbnormalAssessment(categories as BiradsCategory[]);
}

/** What each category calls for (BI-RADS 5th edition management). */
export function recommendationsFor(category: BiradsCategory): Recommendation[] {
  switch (category) {
    case '0':
      return ['additional-imaging'];
    case '1':
    case '2':
      return ['routine-screening'];
    case '3':
      return ['short-interval-follow-up'];
    case '4':
    case '4A':
    case '4B':
    case '4C':
    case '5':
      return ['biopsy'];
    case '6':
      return ['surgical-consultation'];
  }
}

const RECOMMENDATION_ORDER = RecommendationSchema.options;

/**
 * What the breasts' categories call for together: each category's management (a breast ACR 3 and
 * the other ACR 4: follow-up and biopsy), routine screening only when no breast calls for more;
 * nothing while a breast is unassessed.
 */
export function recommendationsForBreasts(breasts: readonly DraftBreastAssessment[]): Recommendation[] {
  if (breasts.length === 0 || breasts.some((breast) => breast.assessment === null)) return [];
  const called = new Set<Recommendation>(
    breasts
      .flatMap((breast) => recommendationsFor(breast.assessment!))
      .filter((r) => r !== 'routine-screening'),
  );
  if (called.size === 0) return ['routine-screening'];
  return RECOMMENDATION_ORDER.filter((r) => called.has(r));
}

/** Age in whole years on the study date; null without a birth date. */
export function ageAtStudy(birthDate: string | null, studyDate: string): number | null {
  if (birthDate === null) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [sy, sm, sd] = studyDate.split('-').map(Number) as [number, number, number];
  const beforeBirthday = sm < bm || (sm === bm && sd < bd);
  return sy - by - (beforeBirthday ? 1 : 0);
}
