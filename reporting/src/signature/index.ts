export { PADES_SUBFILTER, SIGNATURE_SPACE, signReportPdf } from './signReportPdf';
export type { SignReportOptions } from './signReportPdf';
export { SigningError } from './errors';
export type { SigningErrorCode } from './errors';
