import type { ReportDocument, ReportLocale } from '../report/index';
import { COLOR, FONT, FOOTER_BOTTOM, LINE_GAP, SIZE } from './layout';
import { toWinAnsi } from './winAnsi';

/** Room on the right of the footer for the page number. */
const PAGE_LABEL_WIDTH = 70;

export function pageLabel(locale: ReportLocale, page: number, pages: number): string {
  return locale === 'fr' ? `Page ${page}/${pages}` : `Page ${page} of ${pages}`;
}

function footerText(lines: ReportDocument['footer']): string {
  return lines.map(toWinAnsi).join('\n');
}

/** Height of the footer block for a page of `pageWidth` and `marginX`, to reserve it as the bottom margin. */
export function footerHeight(
  doc: PDFKit.PDFDocument,
  lines: ReportDocument['footer'],
  pageWidth: number,
  marginX: number,
): number {
  doc.font(FONT.regular).fontSize(SIZE.footer);
  const oneLine = doc.currentLineHeight(true) + LINE_GAP;
  if (lines.length === 0) return oneLine;
  const width = pageWidth - 2 * marginX - PAGE_LABEL_WIDTH;
  return Math.max(oneLine, doc.heightOfString(footerText(lines), { width, lineGap: LINE_GAP }));
}

/**
 * The small print and "Page i/n" at the foot of the current page, under a rule, inside the bottom
 * margin reserved for it. pdfkit starts a new page for text below the bottom margin, so the margin
 * is lifted while the footer is written.
 */
export function drawFooter(
  doc: PDFKit.PDFDocument,
  lines: ReportDocument['footer'],
  label: string,
  height: number,
): void {
  const { page } = doc;
  const margins = { ...page.margins };
  const left = margins.left;
  const width = page.width - margins.left - margins.right;
  const top = page.height - FOOTER_BOTTOM - height;
  page.margins.bottom = 0;
  try {
    doc
      .moveTo(left, top - 5)
      .lineTo(left + width, top - 5)
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .stroke();
    doc.fillColor(COLOR.muted).font(FONT.regular).fontSize(SIZE.footer);
    if (lines.length > 0) {
      doc.text(footerText(lines), left, top, { width: width - PAGE_LABEL_WIDTH, lineGap: LINE_GAP });
    }
    doc.text(label, left + width - PAGE_LABEL_WIDTH, top, { width: PAGE_LABEL_WIDTH, align: 'right' });
  } finally {
    page.margins.bottom = margins.bottom;
  }
}
