export { PADES_SUBFILTER, SIGNATURE_SPACE, signReportPdf } from './signReportPdf';
export type { SignReportOptions } from './signReportPdf';
export { SigningError } from './errors';
export type { SigningErrorCode } from './errors';
export { openSigningIdentity } from './signingIdentity';
export type { SigningIdentity } from './signingIdentity';
