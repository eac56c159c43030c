import type { ReportDocument } from '../report/index';
import { COLOR, contentWidth, ensureSpace, FONT, LINE_GAP, SIZE } from './layout';
import { toWinAnsi } from './winAnsi';

const LABEL_SHARE = 0.32;
const PAD_X = 6;
const PAD_Y = 4;

/**
 * Patient and exam identification as a two-column table, labels in bold on the left, every other
 * row banded. A row never splits across pages.
 */
export function drawIdentification(doc: PDFKit.PDFDocument, rows: ReportDocument['identification']): void {
  if (rows.length === 0) return;
  const width = contentWidth(doc);
  const labelWidth = Math.round(width * LABEL_SHARE);
  const valueWidth = width - labelWidth;
  doc.fontSize(SIZE.label);

  rows.forEach((row, index) => {
    const label = toWinAnsi(row.label);
    const value = toWinAnsi(row.value);
    const textOptions = (w: number) => ({ width: w - 2 * PAD_X, lineGap: LINE_GAP });
    const labelHeight = doc.font(FONT.bold).heightOfString(label, textOptions(labelWidth));
    const valueHeight = doc.font(FONT.regular).heightOfString(value, textOptions(valueWidth));
    const height = Math.max(labelHeight, valueHeight) + 2 * PAD_Y;
    ensureSpace(doc, height);

    const left = doc.page.margins.left;
    const top = doc.y;
    if (index % 2 === 0) doc.rect(left, top, width, height).fillColor(COLOR.band).fill();
    doc.fillColor(COLOR.muted).font(FONT.bold);
    doc.text(label, left + PAD_X, top + PAD_Y, textOptions(labelWidth));
    doc.fillColor(COLOR.text).font(FONT.regular);
    doc.text(value, left + labelWidth + PAD_X, top + PAD_Y, textOptions(valueWidth));
    doc.x = left;
    doc.y = top + height;
  });
  doc.moveDown(0.8);
}
