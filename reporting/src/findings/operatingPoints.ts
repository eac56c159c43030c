import { z } from 'zod';

const Probability = z.number().min(0).max(1);

/**
 * Where a screening service acts on the calibrated malignancy score, all chosen on the model's
 * validation women (exam score = max over the exam's images) and stored in the model registry.
 */
export const OperatingPointsSchema = z
  .object({
    /** Elevated at or above: specificity 0.90 on no-cancer exams (about a 10 % recall rate). */
    recall: Probability,
    /** Likely normal below: sensitivity 0.97 on exams with cancer. */
    likelyNormal: Probability,
    /**
     * Nine ascending cuts on the no-cancer exam scores (their deciles); exam score = 1 + the number
     * of cuts at or below the probability. The last cut is the recall threshold: 10 = elevated.
     */
    examScoreCuts: z.array(Probability).length(9),
    /** Lesion-map probability from which a mark is reported. */
    lesion: Probability,
  })
  .superRefine((p, ctx) => {
    if (p.likelyNormal > p.recall)
      ctx.addIssue({
        code: 'custom',
        path: ['likelyNormal'],
        message: 'likelyNormal must not exceed recall',
      });
    if (p.examScoreCuts.some((c, i) => i > 0 && c < p.examScoreCuts[i - 1]!))
      ctx.addIssue({ code: 'custom', path: ['examScoreCuts'], message: 'cuts must be ascending' });
  });
export type OperatingPoints = z.infer<typeof OperatingPointsSchema>;

/** The screening reading of a score: what the worklist, the panel, the SR and the report say. */
export const ScreeningCategorySchema = z.enum(['elevated', 'intermediate', 'likelyNormal']);
export type ScreeningCategory = z.infer<typeof ScreeningCategorySchema>;

export const ExamScoreSchema = z.number().int().min(1).max(10);

/** The one rule for the category of an image, a breast or an exam from its calibrated score. */
export function screeningCategory(malignancyScore: number, points: OperatingPoints): ScreeningCategory {
  if (malignancyScore >= points.recall) return 'elevated';
  if (malignancyScore < points.likelyNormal) return 'likelyNormal';
  return 'intermediate';
}

/** 1–10: where the score falls among no-cancer exams (10 = their top 10 % and above). */
export function examScore(malignancyScore: number, points: OperatingPoints): number {
  return 1 + points.examScoreCuts.filter((cut) => cut <= malignancyScore).length;
}
