import { z } from 'zod';
import { ImagePointSchema, LesionSchema } from './lesion';
import { ScreeningCategorySchema } from './operatingPoints';

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

/**
 * Where the breast lies in the image, as the post-processing found it (original pixels): what
 * pairing CC and MLO marks, clock positions and depths are measured from.
 */
export const BreastGeometrySchema = z.object({
  chestWallSide: z.enum(['left', 'right']).nullable(),
  /** The nipple (the breast's most distant point from the chest wall, checked on the skin line). */
  nipple: ImagePointSchema.nullable(),
  /** MLO views: the pectoral muscle's edge as two points; null on CC views or when not found. */
  pectoralEdge: z.tuple([ImagePointSchema, ImagePointSchema]).nullable(),
});
export type BreastGeometry = z.infer<typeof BreastGeometrySchema>;

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
  category: ScreeningCategorySchema,
  /** Marks on this view (one lesion seen on two views has a mark on each). */
  lesions: z.array(LesionSchema),
  breast: BreastGeometrySchema,
  /** The stored pixels were dark-on-bright and were inverted before analysis. */
  invertedDetected: z.boolean(),
  /** Stage name (decode, preprocess, inference, postprocess…) -> milliseconds. */
  timingsMs: z.record(z.string(), z.number().nonnegative()).optional(),
});
export type ImageFindings = z.infer<typeof ImageFindingsSchema>;
