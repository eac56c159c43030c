/** Why a report could not be signed, for the caller to turn into a message a user can act on. */
export type SigningErrorCode =
  | 'not-a-pdf'
  | 'already-signed'
  | 'certificate-unreadable'
  | 'certificate-not-valid'
  | 'bad-request';

export class SigningError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SigningError';
  }
}
