import { z } from 'zod';

/** A point in ORIGINAL image pixel coordinates (pixel centres at integers, origin top-left). */
export const ImagePointSchema = z.object({ x: z.number(), y: z.number() });
export type ImagePoint = z.infer<typeof ImagePointSchema>;

export const LesionTypeSchema = z.enum(['mass', 'calcifications']);
export type LesionType = z.infer<typeof LesionTypeSchema>;

/** BI-RADS mass shape descriptors (5th edition: round, oval, irregular). */
export const MassShapeSchema = z.enum(['round', 'oval', 'irregular']);
export type MassShape = z.infer<typeof MassShapeSchema>;

export const LesionSchema = z
  .object({
    /** Stable within one image's findings: L1 is the highest-scoring lesion. */
    id: z.string().min(1),
    type: LesionTypeSchema,
    /** Probability on the lesion map at the lesion's peak (calibrated when calibration is known). */
    score: z.number().min(0).max(1),
    aboveThreshold: z.boolean(),
    centre: ImagePointSchema,
    /** Closed polygon (the last point joins the first), original pixels. */
    outline: z.array(ImagePointSchema).min(3),
    /** Longest diameter of the outline (max Feret), original pixels. */
    diameterPx: z.number().nonnegative(),
    /** Longest diameter in mm; null when the image has no pixel spacing. */
    diameterMm: z.number().nonnegative().nullable(),
    /** Masses only. */
    shape: MassShapeSchema.nullable(),
    /** Calcifications only: bright spots counted inside the cluster outline. */
    calcificationCount: z.number().int().nonnegative().nullable(),
  })
  .superRefine((lesion, ctx) => {
    // The descriptors belong to one lesion type each; a value on the other type is a producer bug
    // that would end up as a wrong SR content item.
    if (lesion.type === 'calcifications' && lesion.shape !== null) {
      ctx.addIssue({ code: 'custom', path: ['shape'], message: 'calcifications have no mass shape' });
    }
    if (lesion.type === 'mass' && lesion.calcificationCount !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['calcificationCount'],
        message: 'a mass has no calcification count',
      });
    }
  });
export type Lesion = z.infer<typeof LesionSchema>;
