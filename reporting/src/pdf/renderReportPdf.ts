import PDFDocument from 'pdfkit';
import type { ReportDocument } from '../report/index';
import { drawFooter, footerHeight, pageLabel } from './footer';
import { drawLetterhead, drawRunningHeader } from './header';
import { drawIdentification } from './identification';
import {
  FOOTER_BOTTOM,
  FOOTER_GAP,
  MARGIN_TOP,
  MARGIN_X,
  PAGE_SIZE,
  PAGE_WIDTH,
  RUNNING_HEADER_TOP,
} from './layout';
import { drawSections } from './sections';
import { drawSignatureBlock, signatureBlockHeight } from './signatureBlock';

export interface RenderPdfOptions {
  /**
   * The document's CreationDate and ModDate; also the seed of pdfkit's file ID, so that the same
   * report and date give the same bytes. Defaults to now.
   */
  readonly createdAt?: Date;
  /** The document's Author; defaults to the institution's name. */
  readonly author?: string;
}

/** BCP 47 tags for the catalog's /Lang, read aloud by screen readers. */
const LANG = { fr: 'fr-FR', en: 'en-GB' } as const;

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * The report as a PDF: letterhead, title, identification, sections, signature block, and on
 * every page the footer with "Page i/n". Standard fonts, no object or cross-reference streams: a
 * classic cross-reference table, which the PAdES signer appends its incremental update to.
 */
export async function renderReportPdf(
  document: ReportDocument,
  options: RenderPdfOptions = {},
): Promise<Buffer> {
  const createdAt = options.createdAt ?? new Date();
  const doc = new PDFDocument({
    size: PAGE_SIZE,
    pdfVersion: '1.7',
    autoFirstPage: false,
    bufferPages: true, // footers are written last, once the number of pages is known
    lang: LANG[document.locale],
    displayTitle: true,
    info: {
      Title: document.title,
      Author: options.author ?? document.header.institutionName,
      Creator: 'Sentinelle',
      Producer: 'Sentinelle (PDFKit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const output = collect(doc);

  const footer = footerHeight(doc, document.footer, PAGE_WIDTH, MARGIN_X);
  doc.addPage({
    size: PAGE_SIZE,
    margins: {
      top: MARGIN_TOP,
      left: MARGIN_X,
      right: MARGIN_X,
      bottom: FOOTER_BOTTOM + footer + FOOTER_GAP,
    },
  });
  drawLetterhead(doc, document);
  drawIdentification(doc, document.identification);
  // The signature never stands alone on a page: the last section goes with it.
  drawSections(doc, document.sections, signatureBlockHeight(doc, document.signature));
  drawSignatureBlock(doc, document.signature);

  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    if (index > start) drawRunningHeader(doc, document, RUNNING_HEADER_TOP);
    drawFooter(doc, document.footer, pageLabel(document.locale, index - start + 1, count), footer);
  }
  doc.end();
  return output;
}
