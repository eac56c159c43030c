import type { BreastFindings, ExamFindings, ModelInfo } from './examFindings';
import { ExamFindingsSchema } from './examFindings';
import type { BreastLaterality, ImageFindings } from './imageFindings';
import { examScore, screeningCategory, type OperatingPoints } from './operatingPoints';
import { pairLesions } from './pairLesions';

export interface Scores {
  readonly malignancyScore: number;
  readonly abnormalityScore: number;
}

// Right before left: the order radiology reports and hanging protocols use.
const LATERALITIES: readonly BreastLaterality[] = ['R', 'L'];

/**
 * Builds the exam's findings from its images' findings. Breast and exam scores are the MAX over
 * their images, not a mean: one suspicious view makes the breast suspicious (a lesion is often
 * visible on a single view), and averaging with a normal view would hide it. Category and exam
 * score read the malignancy score against the operating points (the abnormality score is
 * reported beside it but does not flag). Lesions pair the CC and MLO marks of each breast (see
 * pairLesions), and breasts count lesions, not marks. Images without laterality count only in
 * the exam's score. Throws (ZodError) on an image that breaks the schema, and (Error) on an
 * empty list or on two images of one name (lesions cite their views' images by name).
 */
export function aggregateExam(
  images: readonly ImageFindings[],
  model: ModelInfo,
  operatingPoints: OperatingPoints,
  now: Date = new Date(),
): ExamFindings {
  if (images.length === 0) throw new Error('aggregateExam: the exam has no analysed image');
  const names = images.map((image) => image.imageRef.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined)
    throw new Error(`aggregateExam: two images are named "${repeated}"; lesions could not say which`);

  const lesions = pairLesions(images);
  const reading = (scores: Scores) => ({
    ...scores,
    category: screeningCategory(scores.malignancyScore, operatingPoints),
    examScore: examScore(scores.malignancyScore, operatingPoints),
  });
  const breasts: BreastFindings[] = [];
  for (const laterality of LATERALITIES) {
    const own = images.filter((image) => image.laterality === laterality);
    if (own.length === 0) continue;
    breasts.push({
      laterality,
      ...reading(maxScores(own)),
      lesionCount: lesions.filter((lesion) => lesion.laterality === laterality).length,
    });
  }

  return ExamFindingsSchema.parse({
    model,
    operatingPoints,
    ...reading(maxScores(images)),
    breasts,
    images,
    lesions,
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
