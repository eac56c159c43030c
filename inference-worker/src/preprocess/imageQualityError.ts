/**
 * Why an image was refused before the network: each code is one reason a person can act on
 * (re-send the processed image, check the acquisition), and none of them is fixed by a retry.
 */
export type ImageQualityCode =
  | 'for-processing'
  | 'too-small'
  | 'constant-image'
  | 'noise-image'
  | 'no-breast';

export interface ImageQualityReason {
  /** French first: what the radiologist and the technologist read. */
  readonly fr: string;
  readonly en: string;
}

/**
 * The image cannot be analysed: a failed analysis with a readable reason, never a score. The
 * worker reports it as the image's failure (and does not retry); the CLI prints it and goes on.
 */
export class ImageQualityError extends Error {
  override readonly name = 'ImageQualityError';

  constructor(
    /** File path or Orthanc instance id of the image. */
    readonly file: string,
    readonly code: ImageQualityCode,
    readonly reason: ImageQualityReason,
    /** The measures behind the decision, for the log and the audit (not for display). */
    readonly measures: Readonly<Record<string, number | string>> = {},
  ) {
    super(`${file}: ${reason.fr} / ${reason.en}`);
  }
}

export function isImageQualityError(err: unknown): err is ImageQualityError {
  return err instanceof ImageQualityError;
}
