import type { ReportDocument } from '../report/index';
import { COLOR, contentWidth, FONT, LETTERHEAD_TOP, LINE_GAP, LOGO_BOX, SIZE } from './layout';
import { toWinAnsi } from './winAnsi';

/**
 * The first page's letterhead: the logo on the left when there is one, the institution's name and
 * address beside it, a rule, then the report's title.
 */
export function drawLetterhead(doc: PDFKit.PDFDocument, document: ReportDocument): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const { institutionName, addressLines, logoPng } = document.header;

  let textLeft = left;
  let logoBottom = LETTERHEAD_TOP;
  if (logoPng !== null) {
    doc.image(Buffer.from(logoPng), left, LETTERHEAD_TOP, { fit: [LOGO_BOX.width, LOGO_BOX.height] });
    textLeft = left + LOGO_BOX.width + 14;
    logoBottom = LETTERHEAD_TOP + LOGO_BOX.height;
  }
  const textWidth = left + width - textLeft;

  doc.fillColor(COLOR.accent).font(FONT.bold).fontSize(SIZE.institution);
  doc.text(toWinAnsi(institutionName), textLeft, LETTERHEAD_TOP, { width: textWidth, lineGap: LINE_GAP });
  doc.fillColor(COLOR.muted).font(FONT.regular).fontSize(SIZE.address);
  for (const line of addressLines) doc.text(toWinAnsi(line), { width: textWidth, lineGap: LINE_GAP });

  const ruleY = Math.max(doc.y, logoBottom) + 8;
  doc
    .moveTo(left, ruleY)
    .lineTo(left + width, ruleY)
    .lineWidth(0.75)
    .strokeColor(COLOR.rule)
    .stroke();

  doc.fillColor(COLOR.text).font(FONT.bold).fontSize(SIZE.title);
  doc.text(toWinAnsi(document.title), left, ruleY + 14, { width, align: 'center', lineGap: LINE_GAP });
  doc.moveDown(0.8);
}

/**
 * The small header of the pages after the first: the institution on the left, the title on the
 * right, so that a loose page still says what it belongs to.
 */
export function drawRunningHeader(doc: PDFKit.PDFDocument, document: ReportDocument, top: number): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const half = width / 2 - 6;
  doc.fillColor(COLOR.muted).font(FONT.regular).fontSize(SIZE.running);
  // One line each, cut with an ellipsis: a long institution name must not run into the title.
  const options = { width: half, height: doc.currentLineHeight(), ellipsis: true } as const;
  doc.text(toWinAnsi(document.header.institutionName), left, top, options);
  doc.text(toWinAnsi(document.title), left + width - half, top, { ...options, align: 'right' });
  const ruleY = top + doc.currentLineHeight() + 4;
  doc
    .moveTo(left, ruleY)
    .lineTo(left + width, ruleY)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
}
