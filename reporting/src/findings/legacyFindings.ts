import { z } from 'zod';
import { ExamFindingsSchema, ModelInfoSchema, type ExamFindings } from './examFindings';
import type { ExamLesion } from './examLesion';
import { ImageRefSchema, LateralitySchema, PixelSpacingSchema } from './imageFindings';
import { LesionSchema } from './lesion';
import { examScore, screeningCategory, type OperatingPoints } from './operatingPoints';

/**
 * Findings as analyses stored them before the screening operating points (issue 15): one
 * "above threshold" flag instead of a category and an exam score, per-view marks and no lesions,
 * no breast geometry, no inversion flag. Kept in the database as they were written.
 */
const Probability = z.number().min(0).max(1);

const LegacyImageFindingsSchema = z.object({
  imageRef: ImageRefSchema,
  laterality: LateralitySchema.nullable(),
  view: z.string().min(1).nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  pixelSpacing: PixelSpacingSchema.nullable(),
  malignancyScore: Probability,
  abnormalityScore: Probability,
  aboveThreshold: z.boolean(),
  lesions: z.array(z.intersection(LesionSchema, z.object({ aboveThreshold: z.boolean() }))),
  timingsMs: z.record(z.string(), z.number().nonnegative()).optional(),
});

export const LegacyExamFindingsSchema = z.object({
  model: ModelInfoSchema,
  thresholds: z.object({ malignancy: Probability, abnormality: Probability, lesion: Probability }),
  malignancyScore: Probability,
  abnormalityScore: Probability,
  aboveThreshold: z.boolean(),
  images: z.array(LegacyImageFindingsSchema).min(1),
  createdAt: z.iso.datetime(),
});
export type LegacyExamFindings = z.infer<typeof LegacyExamFindingsSchema>;

/** The registry's screening operating points of a model (the lesion threshold is in the findings). */
export type ScreeningOperatingPoints = Pick<OperatingPoints, 'recall' | 'likelyNormal' | 'examScoreCuts'>;

/** True for findings stored in the older format (a threshold set, no operating points). */
export function isLegacyFindings(stored: unknown): boolean {
  return (
    typeof stored === 'object' && stored !== null && 'thresholds' in stored && !('operatingPoints' in stored)
  );
}

/**
 * Older findings as the current ExamFindings, given the operating points of the model that
 * produced them: categories and exam scores recomputed from the stored calibrated scores, each
 * mark that was above threshold becoming a single-view lesion (nothing paired them then), no
 * breast geometry known, no inversion detected (the older pipeline did not look). Marks on an
 * image without laterality were never counted per breast and do not become lesions. Pure; throws
 * (ZodError) on findings that fit neither format.
 */
export function upgradeLegacyFindings(stored: unknown, points: ScreeningOperatingPoints): ExamFindings {
  const old = LegacyExamFindingsSchema.parse(stored);
  const operatingPoints: OperatingPoints = {
    recall: points.recall,
    likelyNormal: points.likelyNormal,
    examScoreCuts: points.examScoreCuts,
    lesion: old.thresholds.lesion,
  };
  const reading = (malignancyScore: number) => ({
    category: screeningCategory(malignancyScore, operatingPoints),
    examScore: examScore(malignancyScore, operatingPoints),
  });
  const lesions = singleViewLesions(old);

  return ExamFindingsSchema.parse({
    model: old.model,
    operatingPoints,
    malignancyScore: old.malignancyScore,
    abnormalityScore: old.abnormalityScore,
    ...reading(old.malignancyScore),
    breasts: (['R', 'L'] as const).flatMap((laterality) => {
      const own = old.images.filter((image) => image.laterality === laterality);
      if (own.length === 0) return [];
      const malignancyScore = Math.max(...own.map((image) => image.malignancyScore));
      return [
        {
          laterality,
          malignancyScore,
          abnormalityScore: Math.max(...own.map((image) => image.abnormalityScore)),
          ...reading(malignancyScore),
          lesionCount: lesions.filter((lesion) => lesion.laterality === laterality).length,
        },
      ];
    }),
    images: old.images.map(({ aboveThreshold: _flag, ...image }) => ({
      ...image,
      category: screeningCategory(image.malignancyScore, operatingPoints),
      breast: { chestWallSide: null, nipple: null, pectoralEdge: null },
      invertedDetected: false,
    })),
    lesions,
    createdAt: old.createdAt,
  });
}

function singleViewLesions(old: LegacyExamFindings): ExamLesion[] {
  const marks = old.images.flatMap((image) =>
    image.laterality === null
      ? []
      : image.lesions
          .filter((mark) => mark.aboveThreshold)
          .map((mark) => ({ image, laterality: image.laterality!, mark })),
  );
  marks.sort((a, b) => b.mark.score - a.mark.score);
  return marks.map(({ image, laterality, mark }, index) => ({
    id: `L${index + 1}`,
    laterality,
    type: mark.type,
    score: mark.score,
    views: [{ image: image.imageRef.name, view: image.view, mark: mark.id }],
    diameterMm: mark.diameterMm,
    shape: mark.shape,
    calcificationCount: mark.calcificationCount,
    nippleDistanceMm: null,
    clockPosition: null,
    depth: null,
  }));
}

/**
 * Findings as stored on an analysis, in either format, as the current ExamFindings. `pointsOf`
 * gives the registry's operating points of a model by id (undefined: the registry no longer has
 * it, and older findings of that model cannot be read).
 */
export function readStoredFindings(
  stored: unknown,
  pointsOf: (modelId: string) => ScreeningOperatingPoints | undefined,
): ExamFindings {
  if (!isLegacyFindings(stored)) return ExamFindingsSchema.parse(stored);
  const modelId = ModelInfoSchema.shape.id.safeParse((stored as { model?: { id?: unknown } }).model?.id);
  const points = modelId.success ? pointsOf(modelId.data) : undefined;
  if (!points) {
    throw new Error(
      `these findings were stored by model ${modelId.data ?? '(unnamed)'} in an older format, and the ` +
        'model registry no longer gives its operating points: analyse the study again',
    );
  }
  return upgradeLegacyFindings(stored, points);
}
