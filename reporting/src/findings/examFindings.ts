import { z } from 'zod';
import { ExamLesionSchema } from './examLesion';
import { ImageFindingsSchema, LateralitySchema } from './imageFindings';
import { ExamScoreSchema, OperatingPointsSchema, ScreeningCategorySchema } from './operatingPoints';

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

export const BreastFindingsSchema = z.object({
  laterality: LateralitySchema,
  malignancyScore: Probability,
  abnormalityScore: Probability,
  category: ScreeningCategorySchema,
  examScore: ExamScoreSchema,
  /** Lesions of this breast (a lesion seen on CC and MLO counts once). */
  lesionCount: z.number().int().nonnegative(),
});
export type BreastFindings = z.infer<typeof BreastFindingsSchema>;

export const ExamFindingsSchema = z
  .object({
    model: ModelInfoSchema,
    operatingPoints: OperatingPointsSchema,
    malignancyScore: Probability,
    abnormalityScore: Probability,
    category: ScreeningCategorySchema,
    examScore: ExamScoreSchema,
    /** Right breast first, then left (the order radiology reports use); only breasts imaged. */
    breasts: z.array(BreastFindingsSchema),
    images: z.array(ImageFindingsSchema).min(1),
    /** Lesions of the exam, CC and MLO marks paired: what reports list and count. */
    lesions: z.array(ExamLesionSchema),
    createdAt: z.iso.datetime(),
  })
  .superRefine(lesionsAgreeWithImages);
export type ExamFindings = z.infer<typeof ExamFindingsSchema>;

type ExamFindingsInput = Pick<ExamFindings, 'images' | 'lesions' | 'breasts'>;

/**
 * The exam's lesions must stand on its images: every view a lesion cites is a mark of an image of
 * the exam, on the lesion's breast, each mark in one lesion at most, and each breast counts its
 * lesions. A lesion that points nowhere would become an SR item or a report line without an image.
 */
function lesionsAgreeWithImages(exam: ExamFindingsInput, ctx: z.RefinementCtx): void {
  const images = new Map(exam.images.map((image) => [image.imageRef.name, image]));
  const cited = new Set<string>();
  const ids = new Set<string>();
  exam.lesions.forEach((lesion, index) => {
    if (ids.has(lesion.id))
      ctx.addIssue({
        code: 'custom',
        path: ['lesions', index, 'id'],
        message: `lesion id ${lesion.id} is repeated`,
      });
    ids.add(lesion.id);
    lesion.views.forEach((view, viewIndex) => {
      const path = ['lesions', index, 'views', viewIndex];
      const image = images.get(view.image);
      if (!image) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `lesion ${lesion.id} cites image "${view.image}", which the exam does not hold`,
        });
      } else if (!image.lesions.some((mark) => mark.id === view.mark)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `lesion ${lesion.id} cites mark ${view.mark}, which image "${view.image}" does not hold`,
        });
      } else if (image.laterality !== lesion.laterality) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `lesion ${lesion.id} (${lesion.laterality}) cites image "${view.image}" of another breast`,
        });
      }
      const key = `${view.image}\u0000${view.mark}`;
      if (cited.has(key))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `mark ${view.mark} of image "${view.image}" is in two lesions`,
        });
      cited.add(key);
    });
  });
  exam.breasts.forEach((breast, index) => {
    const count = exam.lesions.filter((lesion) => lesion.laterality === breast.laterality).length;
    if (breast.lesionCount !== count)
      ctx.addIssue({
        code: 'custom',
        path: ['breasts', index, 'lesionCount'],
        message: `breast ${breast.laterality} counts ${breast.lesionCount} lesions, the exam lists ${count}`,
      });
  });
}
