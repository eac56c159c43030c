export { renderReportPdf } from './renderReportPdf';
export type { RenderPdfOptions } from './renderReportPdf';
export { pageLabel } from './footer';
export { toWinAnsi } from './winAnsi';
