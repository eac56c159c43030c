import type { ExamFindings } from '../../findings/examFindings';
import type { BreastLaterality, ImageFindings } from '../../findings/imageFindings';
import { LesionTypeSchema, type Lesion } from '../../findings/lesion';
import type { AiSummary } from '../model';
import { RIGHT_THEN_LEFT } from '../text/breastOrder';

interface Region {
  readonly laterality: BreastLaterality;
  /** The region's best view of it: its highest-scoring lesion mark. */
  readonly lesion: Lesion;
}

/**
 * Suspicious regions of one breast, counted across its views. aggregateExam's lesionCount sums
 * the marks of every view, so a mass seen on CC and MLO counts twice; a summary that says "2
 * suspicious regions" for one mass would mislead. The model does not match lesions between
 * views, so the rule here pairs them by rank: within a breast and a lesion type, each view's
 * marks at or above the lesion threshold are ranked by score, and the k-th marks of all views
 * are taken for one region. The count is then the largest number of marks any one view has: a
 * lesion seen on two views counts once, one seen on a single view still counts, and two lesions
 * each seen on one view only may merge (the reader's review, not this summary, is the record).
 */
function suspiciousRegions(images: readonly ImageFindings[], laterality: BreastLaterality): Region[] {
  const regions: Region[] = [];
  for (const type of LesionTypeSchema.options) {
    const perView = images
      .filter((image) => image.laterality === laterality)
      .map((image) =>
        image.lesions
          .filter((lesion) => lesion.aboveThreshold && lesion.type === type)
          .sort((a, b) => b.score - a.score),
      );
    const count = Math.max(0, ...perView.map((marks) => marks.length));
    for (let rank = 0; rank < count; rank++) {
      const marks = perView.flatMap((view) => view.slice(rank, rank + 1));
      const best = marks.reduce((top, mark) => (mark.score > top.score ? mark : top));
      regions.push({ laterality, lesion: best });
    }
  }
  return regions;
}

/**
 * What the AI said about the exam, for the report: its model, the exam's malignancy score against
 * its operating point, and the suspicious regions, highest score first (right breast first on a
 * tie). Images without laterality weigh in the exam's score but cannot be placed in a breast, so
 * their lesions are not listed.
 */
export function aiSummaryFromExam(exam: ExamFindings): AiSummary {
  const regions = RIGHT_THEN_LEFT.flatMap((laterality) => suspiciousRegions(exam.images, laterality)).sort(
    (a, b) => b.lesion.score - a.lesion.score,
  );
  return {
    model: { id: exam.model.id, version: exam.model.version, researchOnly: exam.model.researchOnly },
    malignancyScore: exam.malignancyScore,
    threshold: exam.thresholds.malignancy,
    lesions: regions.map(({ laterality, lesion }) => ({
      laterality,
      type: lesion.type,
      diameterMm: lesion.diameterMm,
      shape: lesion.shape,
    })),
  };
}
