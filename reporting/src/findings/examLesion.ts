import { z } from 'zod';
import { LateralitySchema } from './imageFindings';
import { LesionTypeSchema, MassShapeSchema } from './lesion';

/** One view's mark of a lesion: which image, which of its marks. */
export const LesionViewSchema = z.object({
  /** imageRef.name of the image in this exam's findings. */
  image: z.string().min(1),
  view: z.string().min(1).nullable(),
  /** The mark's id within that image's lesions. */
  mark: z.string().min(1),
});
export type LesionView = z.infer<typeof LesionViewSchema>;

/** Depth in the breast: thirds of the nipple-to-chest-wall distance. */
export const LesionDepthSchema = z.enum(['anterior', 'middle', 'posterior']);
export type LesionDepth = z.infer<typeof LesionDepthSchema>;

/**
 * One lesion of the exam: the CC and MLO marks of one breast that show the same lesion, paired
 * as radiologists do (same distance from the nipple along the breast axis), or a single view's
 * mark left unpaired. Reports, SR and counts are per lesion, never per mark.
 */
export const ExamLesionSchema = z
  .object({
    /** L1, L2…: ordered by score, highest first, across both breasts. */
    id: z.string().min(1),
    laterality: LateralitySchema,
    type: LesionTypeSchema,
    /** The pair's score: the higher of its marks' calibrated map probabilities. */
    score: z.number().min(0).max(1),
    /** One or two views (two only when paired across CC and MLO). */
    views: z.array(LesionViewSchema).min(1).max(2),
    /** From the better view (the mark with the higher score); null without pixel spacing. */
    diameterMm: z.number().nonnegative().nullable(),
    shape: MassShapeSchema.nullable(),
    calcificationCount: z.number().int().nonnegative().nullable(),
    /** Distance from the nipple, mm (mean of the views); null when no nipple or spacing is known. */
    nippleDistanceMm: z.number().nonnegative().nullable(),
    /** Clock-face position on the breast (viewer facing the patient); only when both views exist. */
    clockPosition: z.number().int().min(1).max(12).nullable(),
    depth: LesionDepthSchema.nullable(),
  })
  .superRefine((lesion, ctx) => {
    if (lesion.views.length === 1 && lesion.clockPosition !== null)
      ctx.addIssue({ code: 'custom', path: ['clockPosition'], message: 'a clock position needs both views' });
    const [first, second] = lesion.views;
    if (first && second && first.image === second.image)
      ctx.addIssue({ code: 'custom', path: ['views'], message: 'the two views of a lesion are two images' });
  });
export type ExamLesion = z.infer<typeof ExamLesionSchema>;
