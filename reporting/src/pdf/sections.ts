import type { ReportDocument } from '../report/index';
import { COLOR, contentWidth, ensureSpace, FONT, LINE_GAP, lineHeight, SIZE } from './layout';
import { drawRichText } from './richText';
import { toWinAnsi } from './winAnsi';

/** Lines of body text a heading keeps with it on its page, so that no heading ends a page alone. */
const KEEP_WITH_HEADING = 2;

export function drawSections(doc: PDFKit.PDFDocument, sections: ReportDocument['sections']): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  for (const section of sections) {
    const heading = toWinAnsi(section.heading);
    doc.font(FONT.bold).fontSize(SIZE.heading);
    const headingHeight = doc.heightOfString(heading, { width, lineGap: LINE_GAP });
    doc.font(FONT.regular).fontSize(SIZE.body);
    ensureSpace(doc, headingHeight + 4 + KEEP_WITH_HEADING * lineHeight(doc));

    doc.fillColor(COLOR.accent).font(FONT.bold).fontSize(SIZE.heading);
    doc.text(heading, left, doc.y, { width, lineGap: LINE_GAP });
    doc.y += 4;
    drawRichText(doc, section.body);
    doc.moveDown(0.4);
  }
}
