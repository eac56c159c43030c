/**
 * An image Sentinelle cannot read: not DICOM or PNG, truncated, colour, compressed in a way we do
 * not decode... Retrying cannot help (BullMQ's UnrecoverableError is the right wrapper in a job);
 * the message names the file and says what to change.
 */
export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';

  constructor(
    /** File path or Orthanc instance id, as given to the decoder. */
    readonly file: string,
    /** What is wrong, without the file name. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/**
 * Thrown by decoding steps, which do not know the file name; `readingImage` turns it into an
 * UnreadableImageError that names the file.
 */
export class ImageProblem extends Error {
  override readonly name = 'ImageProblem';
}

/**
 * Runs a decoder so that every failure leaves as an UnreadableImageError naming the file. Errors
 * from the parsing libraries on malformed input (RangeError, TypeError...) keep `what` as context
 * and the original error as cause.
 */
export function readingImage<T>(file: string, what: string, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    if (err instanceof UnreadableImageError) throw err;
    if (err instanceof ImageProblem) throw new UnreadableImageError(file, err.message);
    const detail = err instanceof Error ? err.message : String(err);
    throw new UnreadableImageError(file, `${what} (${detail})`, { cause: err });
  }
}
