import { OrthancRequestError } from '@sentinelle/config';
import { DicomRenderError } from '@sentinelle/reporting';
import { UnreadableImageError } from '../decode/index';
import { ImageQualityError } from '../preprocess/imageQualityError';
import { ModelUnavailableError } from '../session/modelSessions';

/**
 * The analysis cannot succeed, however often it is tried: not a mammogram, pixels Orthanc or the
 * decoder cannot read, a model that does not fit the job... `message` is the reason recorded on
 * the analysis and shown to people.
 */
export class PermanentAnalysisError extends Error {
  override readonly name = 'PermanentAnalysisError';
}

/** The study, or one of its images, was deleted from Orthanc: nothing is left to analyse. */
export class StudyGoneError extends Error {
  override readonly name = 'StudyGoneError';
}

export type FailureKind =
  /** Retry later with backoff: a service was briefly out of reach, busy or timed out. */
  | 'transient'
  /** Record the reason and stop: retrying gives the same answer. */
  | 'permanent'
  /** Record the reason and end the job quietly. */
  | 'gone';

export interface Failure {
  readonly kind: FailureKind;
  /** For a person to read. */
  readonly reason: string;
}

/**
 * What an error raised while analysing a study means for its job. Everything not known to be
 * permanent (network and database errors included) is transient: a retry costs little, and the
 * last attempt still records the reason.
 */
export function classifyFailure(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StudyGoneError) return { kind: 'gone', reason: message };
  if (error instanceof PermanentAnalysisError) return { kind: 'permanent', reason: message };
  // The registry has no such model (or another version of it): no retry brings it back.
  if (error instanceof ModelUnavailableError) return { kind: 'permanent', reason: message };
  if (error instanceof UnreadableImageError)
    return { kind: 'permanent', reason: `unreadable image: ${message}` };
  // The quality gate refused an image (blank, noise, no breast, FOR PROCESSING...): no score at all.
  if (error instanceof ImageQualityError)
    return { kind: 'permanent', reason: `image not analysable: ${message}` };
  if (error instanceof DicomRenderError) {
    return { kind: 'permanent', reason: `the results could not be written as DICOM: ${message}` };
  }
  if (error instanceof OrthancRequestError && !error.transient) {
    return { kind: 'permanent', reason: message };
  }
  return { kind: 'transient', reason: message };
}
