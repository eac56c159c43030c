import { z } from 'zod';
import { LesionSchema } from './lesion';

/** DICOM UID: dotted digits, at most 64 characters. */
const DicomUidSchema = z
  .string()
  .max(64)
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'not a DICOM UID');

export const ImageRefSchema = z.object({
  /** File path or Orthanc instance id, for messages and for PNG input without UIDs. */
  name: z.string().min(1),
  sopInstanceUid: DicomUidSchema.optional(),
  seriesInstanceUid: DicomUidSchema.optional(),
  studyInstanceUid: DicomUidSchema.optional(),
});
export type ImageRef = z.infer<typeof ImageRefSchema>;

export const LateralitySchema = z.enum(['L', 'R']);
export type BreastLaterality = z.infer<typeof LateralitySchema>;

export const PixelSpacingSchema = z.object({
  /** Distance between rows (vertical), mm. */
  rowMm: z.number().positive(),
  /** Distance between columns (horizontal), mm. */
  columnMm: z.number().positive(),
  source: z.enum(['PixelSpacing', 'ImagerPixelSpacing', 'user']),
});
export type PixelSpacingInfo = z.infer<typeof PixelSpacingSchema>;

const Probability = z.number().min(0).max(1);

export const ImageFindingsSchema = z.object({
  imageRef: ImageRefSchema,
  laterality: LateralitySchema.nullable(),
  view: z.string().min(1).nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  pixelSpacing: PixelSpacingSchema.nullable(),
  /** Calibrated probability of malignancy for this image. */
  malignancyScore: Probability,
  /** Calibrated probability that this image shows any abnormality (benign or malignant). */
  abnormalityScore: Probability,
  aboveThreshold: z.boolean(),
  lesions: z.array(LesionSchema),
  /** Stage name (decode, preprocess, inference, postprocess…) -> milliseconds. */
  timingsMs: z.record(z.string(), z.number().nonnegative()).optional(),
});
export type ImageFindings = z.infer<typeof ImageFindingsSchema>;
