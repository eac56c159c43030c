import type { BreastFindings, ExamFindings, ModelInfo, Thresholds } from './examFindings';
import { ExamFindingsSchema } from './examFindings';
import type { BreastLaterality, ImageFindings } from './imageFindings';

export interface Scores {
  readonly malignancyScore: number;
  readonly abnormalityScore: number;
}

/**
 * The one rule for flagging an image, a breast or an exam: the calibrated malignancy score at or
 * above the model's operating point (chosen for sensitivity >= 0.90 on cross-validated
 * predictions). The abnormality score is reported beside it but does not flag: at the same
 * sensitivity its specificity is too low to keep a worklist meaningful.
 */
export function isAboveThreshold(scores: Scores, thresholds: Thresholds): boolean {
  return scores.malignancyScore >= thresholds.malignancy;
}

// Right before left: the order radiology reports and hanging protocols use.
const LATERALITIES: readonly BreastLaterality[] = ['R', 'L'];

/**
 * Builds the exam's findings from its images' findings. Breast and exam scores are the MAX over
 * their images, not a mean: one suspicious view makes the breast suspicious (a lesion is often
 * visible on a single view), and averaging with a normal view would hide it. Images without
 * laterality count only at exam level. Throws (ZodError) on an image that breaks the schema and
 * (Error) on an empty list: an exam without an analysable image has no findings.
 */
export function aggregateExam(
  images: readonly ImageFindings[],
  model: ModelInfo,
  thresholds: Thresholds,
  now: Date = new Date(),
): ExamFindings {
  if (images.length === 0) throw new Error('aggregateExam: the exam has no analysed image');

  const breasts: BreastFindings[] = [];
  for (const laterality of LATERALITIES) {
    const own = images.filter((image) => image.laterality === laterality);
    if (own.length === 0) continue;
    const scores = maxScores(own);
    breasts.push({
      laterality,
      ...scores,
      aboveThreshold: isAboveThreshold(scores, thresholds),
      lesionCount: own.reduce(
        (count, image) => count + image.lesions.filter((lesion) => lesion.aboveThreshold).length,
        0,
      ),
    });
  }

  const scores = maxScores(images);
  return ExamFindingsSchema.parse({
    model,
    thresholds,
    ...scores,
    aboveThreshold: isAboveThreshold(scores, thresholds),
    breasts,
    images,
    createdAt: now.toISOString(),
  });
}

function maxScores(images: readonly ImageFindings[]): Scores {
  let malignancyScore = 0;
  let abnormalityScore = 0;
  for (const image of images) {
    malignancyScore = Math.max(malignancyScore, image.malignancyScore);
    abnormalityScore = Math.max(abnormalityScore, image.abnormalityScore);
  }
  return { malignancyScore, abnormalityScore };
}
