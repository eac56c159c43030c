import type { ReportDocument } from '../report/index';
import { COLOR, contentWidth, ensureSpace, FONT, LINE_GAP, SIZE } from './layout';
import { toWinAnsi } from './winAnsi';

const PAD = 8;
const ACCENT_WIDTH = 3;

/** The height the signature block takes with the space above it; 0 for a draft. */
export function signatureBlockHeight(doc: PDFKit.PDFDocument, lines: ReportDocument['signature']): number {
  if (lines === null || lines.length === 0) return 0;
  const textWidth = contentWidth(doc) - 2 * PAD - ACCENT_WIDTH;
  doc.font(FONT.regular).fontSize(SIZE.body);
  const text = lines.map(toWinAnsi).join('\n');
  return (
    doc.heightOfString(text, { width: textWidth, lineGap: LINE_GAP }) +
    2 * PAD +
    0.6 * doc.currentLineHeight(true)
  );
}

/**
 * The signature lines in a framed box with an accent bar, kept whole on one page. A draft has no
 * block: the document says so by its null signature, and nothing is drawn in its place.
 */
export function drawSignatureBlock(doc: PDFKit.PDFDocument, lines: ReportDocument['signature']): void {
  if (lines === null || lines.length === 0) return;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const textWidth = width - 2 * PAD - ACCENT_WIDTH;
  const text = lines.map(toWinAnsi).join('\n');
  doc.font(FONT.regular).fontSize(SIZE.body);
  const height = doc.heightOfString(text, { width: textWidth, lineGap: LINE_GAP }) + 2 * PAD;
  doc.moveDown(0.6);
  ensureSpace(doc, height);

  const top = doc.y;
  doc.rect(left, top, width, height).lineWidth(0.75).strokeColor(COLOR.rule).stroke();
  doc.rect(left, top, ACCENT_WIDTH, height).fillColor(COLOR.accent).fill();
  doc.fillColor(COLOR.text).font(FONT.regular).fontSize(SIZE.body);
  doc.text(text, left + ACCENT_WIDTH + PAD, top + PAD, { width: textWidth, lineGap: LINE_GAP });
  doc.x = left;
  doc.y = top + height;
}
