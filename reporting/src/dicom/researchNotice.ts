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

/** Algorithm parameters as TID 4019 writes them: the operating points used to flag findings. */
export function algorithmParameters(exam: ExamFindings): string[] {
  const { malignancy, abnormality, lesion } = exam.thresholds;
  return [
    `malignancy threshold ${malignancy}`,
    `abnormality threshold ${abnormality}`,
    `lesion threshold ${lesion}`,
  ];
}
