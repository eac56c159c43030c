import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { CadesSigner } from './cadesSigner';
import { SigningError } from './errors';
import { replaceMarkers, stringMarker } from './pdfStrings';
import { openSigningIdentity } from './signingIdentity';

/** PAdES: the signature is a CAdES detached CMS (ETSI EN 319 142-1 §5.1). */
export const PADES_SUBFILTER = 'ETSI.CAdES.detached';

/**
 * Bytes reserved for the CMS in /Contents. Ours is about 3 KB with the demo chain; a real chain of
 * three 4096-bit certificates, and a timestamp token if B-T comes later, still fit.
 */
export const SIGNATURE_SPACE = 16_384;

export interface SignReportOptions {
  /** PKCS#12 holding the signing key, its certificate and its issuers. */
  readonly p12: Uint8Array;
  readonly passphrase: string;
  /** Who signs, as readers show it in the signature panel (/Name). */
  readonly signerName: string;
  /** E.g. "Compte rendu signé par Dr Claire Martin" (/Reason). */
  readonly reason: string;
  /** Where, e.g. the institution and town (/Location). */
  readonly location: string;
  /** The signing time (/M); also the time the certificate must be valid at. */
  readonly signedAt: Date;
}

function checkInput(pdf: Buffer, options: SignReportOptions): void {
  if (!pdf.subarray(0, 1024).includes('%PDF-'))
    throw new SigningError('not-a-pdf', 'the document to sign is not a PDF');
  if (pdf.includes('/ByteRange')) {
    throw new SigningError('already-signed', 'the PDF is already signed; an addendum is signed as a new PDF');
  }
  if (Number.isNaN(options.signedAt.getTime()))
    throw new SigningError('bad-request', 'the signing time is not a date');
  if (options.signerName.trim() === '') throw new SigningError('bad-request', 'the signer has no name');
}

/**
 * Signs a report PDF for PAdES baseline B-B: an incremental update adds an invisible signature
 * field whose CAdES signature covers the whole file except its own /Contents.
 */
export async function signReportPdf(pdf: Buffer, options: SignReportOptions): Promise<Buffer> {
  checkInput(pdf, options);
  const identity = openSigningIdentity(options.p12, options.passphrase);
  if (options.signedAt < identity.notBefore || options.signedAt > identity.notAfter) {
    throw new SigningError(
      'certificate-not-valid',
      `the signing certificate is valid from ${identity.notBefore.toISOString()} to ${identity.notAfter.toISOString()}, not at ${options.signedAt.toISOString()}`,
    );
  }

  const name = stringMarker(options.signerName);
  const reason = stringMarker(options.reason);
  const location = options.location === '' ? null : stringMarker(options.location);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    name: name.marker,
    reason: reason.marker,
    location: location?.marker ?? '',
    contactInfo: '',
    signingTime: options.signedAt,
    signatureLength: SIGNATURE_SPACE,
    subFilter: PADES_SUBFILTER,
    appName: 'Sentinelle',
  });
  // The placeholder drops the file's final newline, then appends.
  replaceMarkers(
    withPlaceholder,
    Math.max(0, pdf.length - 2),
    location === null ? [name, reason] : [name, reason, location],
  );
  return new SignPdf().sign(withPlaceholder, new CadesSigner(identity), options.signedAt);
}
