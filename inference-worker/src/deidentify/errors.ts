/** A source the de-identification cannot process: names the file and says what to do. */
export class DeidentificationError extends Error {
  constructor(
    readonly code: 'unreadable_dicom' | 'unsupported_pixels' | 'no_sources' | 'key_unavailable',
    readonly file: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(file ? `${file}: ${message}` : message, options);
    this.name = 'DeidentificationError';
  }
}
