import { z } from 'zod';
import { ImageFindingsSchema, LateralitySchema } from './imageFindings';

const Probability = z.number().min(0).max(1);

export const ModelInfoSchema = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  /** True for a model trained on research-licensed data: every rendering must say so. */
  researchOnly: z.boolean(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/** How a model is named wherever its results appear: "<id> <version>". */
export function modelName(model: ModelInfo): string {
  return `${model.id} ${model.version}`;
}

/** Operating points on the calibrated scores. */
export const ThresholdsSchema = z.object({
  malignancy: Probability,
  abnormality: Probability,
  lesion: Probability,
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const BreastFindingsSchema = z.object({
  laterality: LateralitySchema,
  malignancyScore: Probability,
  abnormalityScore: Probability,
  aboveThreshold: z.boolean(),
  /** Lesion marks at or above the lesion threshold over this breast's images (one per view). */
  lesionCount: z.number().int().nonnegative(),
});
export type BreastFindings = z.infer<typeof BreastFindingsSchema>;

export const ExamFindingsSchema = z.object({
  model: ModelInfoSchema,
  thresholds: ThresholdsSchema,
  malignancyScore: Probability,
  abnormalityScore: Probability,
  aboveThreshold: z.boolean(),
  /** Right breast first, then left (the order radiology reports use); only breasts imaged. */
  breasts: z.array(BreastFindingsSchema),
  images: z.array(ImageFindingsSchema).min(1),
  createdAt: z.iso.datetime(),
});
export type ExamFindings = z.infer<typeof ExamFindingsSchema>;
