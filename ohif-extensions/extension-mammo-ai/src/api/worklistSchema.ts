/**
 * The bridge's worklist and live events as the viewer reads them (zod, checked before use). Apart
 * from bridgeApi.ts, which needs the browser, so that pure code and its tests can import them.
 */
import { ExamScoreSchema, ScreeningCategorySchema } from '@sentinelle/reporting/findings';
import { z } from 'zod';

export const AnalysisStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'skipped']);
export type AnalysisStatus = z.infer<typeof AnalysisStatusSchema>;

export const ReadStatusSchema = z.enum(['toRead', 'validated', 'reported', 'signed']);
export type ReadStatus = z.infer<typeof ReadStatusSchema>;

export const WorklistEntrySchema = z.object({
  studyInstanceUid: z.string(),
  patient: z.object({
    patientId: z.string(),
    issuer: z.string(),
    /** DICOM PN, e.g. "DUPONT^Marie". */
    name: z.string().nullable(),
    /** DICOM DA (YYYYMMDD). */
    birthDate: z.string().nullable(),
    sex: z.string().nullable(),
    age: z.number().int().nonnegative().nullable(),
  }),
  accessionNumber: z.string().nullable(),
  description: z.string().nullable(),
  /** ISO date (YYYY-MM-DD). */
  studyDate: z.string().nullable(),
  modalities: z.array(z.string()),
  views: z.array(z.string()),
  status: AnalysisStatusSchema.nullable(),
  /** The exam's calibrated probability of malignancy. */
  malignancyScore: z.number().min(0).max(1).nullable(),
  category: ScreeningCategorySchema.nullable(),
  /** 1–10: where the exam falls among no-cancer exams. */
  examScore: ExamScoreSchema.nullable(),
  priority: z.enum(['stat', 'diagnostic', 'screening']).nullable(),
  /** The patient is flagged urgent. */
  urgent: z.boolean(),
  readStatus: ReadStatusSchema,
  consultations: z.object({
    openForMe: z.number().int().nonnegative(),
    askedBy: z.array(z.string()),
    mineOpen: z.number().int().nonnegative(),
    mineAnswered: z.number().int().nonnegative(),
  }),
  openConsultationsForMe: z.number().int().nonnegative(),
});
export type WorklistEntry = z.infer<typeof WorklistEntrySchema>;

/** The worklist's searches, as GET /api/worklist takes them. */
export interface WorklistSearch {
  /** Name words, exact PatientID or exact accession number. */
  readonly q?: string | undefined;
  readonly name?: string | undefined;
  readonly patientId?: string | undefined;
  readonly accession?: string | undefined;
}

/** What GET /api/events sends: which study changed, never who the patient is. */
export const LiveEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('analysis'),
    studyInstanceUid: z.string(),
    status: AnalysisStatusSchema,
    priority: z.string(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('consultation'),
    studyInstanceUid: z.string(),
    consultationId: z.string(),
    change: z.enum(['asked', 'answered']),
    mine: z.boolean(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('urgency'),
    studyInstanceUid: z.string(),
    urgent: z.boolean(),
    at: z.string(),
  }),
]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;
