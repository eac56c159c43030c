/**
 * The contract between the bridge (producer) and the worker that writes training exports
 * (consumer): the queue's name, each job's data, each case's content and the job's progress. It
 * imports nothing but zod, so the worker can depend on it without the bridge's internals.
 */
import { z } from 'zod';

/** The BullMQ queue the bridge fills with export requests. */
export const TRAINING_EXPORT_QUEUE_NAME = 'sentinelle-training-export';

/** Name of every job in the queue. */
export const TRAINING_EXPORT_JOB_NAME = 'export-training-set';

export const TRAINING_EXPORT_STATES = [
  'queued',
  'running',
  /** Verified de-identified and moved to the release folder. */
  'released',
  /** Written but its verification found identifying data left: kept out of the release folder. */
  'failed-verification',
  /** Could not be written (Orthanc or the disk failed): nothing released. */
  'failed',
] as const;
export type TrainingExportState = (typeof TRAINING_EXPORT_STATES)[number];

/** The labels of the mini-MIAS layout that `prepare:training` reads. */
export const TRAINING_LABELS = ['normal', 'benign', 'malignant'] as const;
export type TrainingLabel = (typeof TRAINING_LABELS)[number];

/** mini-MIAS abnormality codes (CALC calcifications, CIRC circumscribed mass, SPIC spiculated, MISC other). */
export const TRAINING_ABNORMALITIES = ['CALC', 'CIRC', 'SPIC', 'MISC', 'ARCH', 'ASYM'] as const;

const point = z.object({ x: z.number(), y: z.number() });
const uid = z
  .string()
  .max(64)
  .regex(/^\d+(\.\d+)+$/);

/** One breast's final reading: its BI-RADS category and the training label it settles. */
export const trainingBreastSchema = z.object({
  laterality: z.enum(['L', 'R']),
  /** BI-RADS category of the signed report for this breast. */
  assessment: z.string().min(1).max(2),
  label: z.enum(TRAINING_LABELS),
});
export type TrainingBreast = z.infer<typeof trainingBreastSchema>;

/** Who or what placed a mark: a reader's own, or a model's lesion a reader kept. */
export const markOriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reader'), reader: z.string() }),
  z.object({
    kind: z.literal('model'),
    modelId: z.string(),
    modelVersion: z.string(),
    /** The reader who kept (validated or revised) the model's mark. */
    keptBy: z.string(),
  }),
]);
export type MarkOrigin = z.infer<typeof markOriginSchema>;

/** A lesion the readers marked, in the original image's pixels (origin top-left). */
export const trainingMarkSchema = z.object({
  sopInstanceUid: uid,
  abnormality: z.enum(TRAINING_ABNORMALITIES),
  /** The circle of the mini-MIAS layout: centre and radius (null radius for a point mark). */
  centre: point,
  radius: z.number().nonnegative().nullable(),
  /** The outline as marked (a polygon; an ellipse as 32 points); empty for a point mark. */
  outline: z.array(point).max(2000),
  origin: markOriginSchema,
});
export type TrainingMark = z.infer<typeof trainingMarkSchema>;

/** One case of an export: what the worker needs to fetch, label and outline its images. */
export const trainingCaseSchema = z.object({
  studyInstanceUid: uid,
  orthancStudyId: z.string().min(1),
  /** Orthanc ids of the study's mammography images. */
  instances: z.array(z.string().min(1)).min(1),
  /** The site of the patient (for the k-anonymity count on age, sex and site). */
  site: z.string().min(1),
  breasts: z.array(trainingBreastSchema).min(1).max(2),
  marks: z.array(trainingMarkSchema),
  /** ACR breast composition (a–d, BI-RADS 5th edition) of the final reading; null when it gives none. */
  composition: z.enum(['a', 'b', 'c', 'd']).nullable().default(null),
  /**
   * The final reading's FHIR R4 Bundle (the signed version the labels come from, without its PDF),
   * sealed with the keyring (caseReport.ts): it names the patient, so it is never stored in clear.
   * The worker opens it, de-identifies it and writes it beside the images.
   */
  reportBundle: z.string().startsWith('enc:v1:').optional(),
  reading: z.object({
    reportVersion: z.number().int().positive(),
    signedBy: z.string(),
    signedAt: z.string(),
    /** Where the marks come from: the reader's latest revision or validation, or none. */
    marksFrom: z.enum(['revision', 'validation', 'none']),
  }),
});
export type TrainingCase = z.infer<typeof trainingCaseSchema>;

/** What a job carries: the export's id; the worker reads its cases from the database. */
export const trainingExportJobDataSchema = z.object({ exportId: z.uuid() });
export type TrainingExportJobData = z.infer<typeof trainingExportJobDataSchema>;

/** The job's progress (BullMQ updateProgress): cases done out of all. */
export const trainingExportProgressSchema = z.object({
  casesDone: z.number().int().nonnegative(),
  cases: z.number().int().nonnegative(),
  /** De-identifying includes the verification of what the de-identifier wrote. */
  stage: z.enum(['fetching', 'de-identifying', 'writing']),
});
export type TrainingExportProgress = z.infer<typeof trainingExportProgressSchema>;
