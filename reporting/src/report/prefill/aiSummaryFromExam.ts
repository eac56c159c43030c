import type { ExamFindings } from '../../findings/examFindings';
import type { AiSummary } from '../model';

/**
 * What the AI said about the exam, for the report: its model, the exam's malignancy score with
 * its screening category and exam score, and the exam's lesions as aggregateExam paired them,
 * highest score first. The summary lists exactly the exam's lesions, so its count is the count
 * of the lesion list, the breasts' lesion counts and the SR's lesion groups alike.
 */
export function aiSummaryFromExam(exam: ExamFindings): AiSummary {
  return {
    model: { id: exam.model.id, version: exam.model.version, researchOnly: exam.model.researchOnly },
    malignancyScore: exam.malignancyScore,
    category: exam.category,
    examScore: exam.examScore,
    lesions: exam.lesions.map((lesion) => ({
      laterality: lesion.laterality,
      type: lesion.type,
      diameterMm: lesion.diameterMm,
      shape: lesion.shape,
      views: lesion.views.flatMap((view) => (view.view === null ? [] : [view.view])),
      clockPosition: lesion.clockPosition,
      depth: lesion.depth,
    })),
  };
}
