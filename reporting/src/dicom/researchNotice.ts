import type { ExamFindings } from '../findings/examFindings';
import { softwareVersions } from './sentinelleMarker';

/**
 * The notice every Sentinelle report carries: who produced the findings, and for a research
 * model, that it is not for clinical decisions.
 */
export function researchNotice(exam: ExamFindings): string {
  const producer = `Findings produced by Sentinelle AI, model ${softwareVersions(exam.model)}.`;
  const status = exam.model.researchOnly
    ? ' RESEARCH USE ONLY: the model was trained on research-licensed data and is not a medical' +
      ' device; its findings must not be used for diagnosis and must be confirmed by a radiologist.'
    : ' Findings must be confirmed by a radiologist.';
  return producer + status;
}

/**
 * Algorithm parameters as TID 4019 writes them: the operating points the categories, the exam
 * score and the lesions were read at.
 */
export function algorithmParameters(exam: ExamFindings): string[] {
  const { recall, likelyNormal, examScoreCuts, lesion } = exam.operatingPoints;
  return [
    `recall threshold ${recall}`,
    `likely-normal threshold ${likelyNormal}`,
    `exam score cuts ${examScoreCuts.join(' ')}`,
    `lesion threshold ${lesion}`,
  ];
}
