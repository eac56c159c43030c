import type { ReportDocument } from '../report/index';
import { COLOR, contentWidth, ensureSpace, FONT, LINE_GAP, lineHeight, SIZE } from './layout';
import { drawRichText, richTextHeight } from './richText';
import { toWinAnsi } from './winAnsi';

/** Lines of body text a heading keeps with it on its page, so that no heading ends a page alone. */
const KEEP_WITH_HEADING = 2;

/**
 * The sections, each heading kept with its first lines. `keepWithLast` is the height of what follows
 * the last section (the signature block): the last section moves to the next page with it rather
 * than leave it alone there, when the two fit on one page together.
 */
export function drawSections(
  doc: PDFKit.PDFDocument,
  sections: ReportDocument['sections'],
  keepWithLast = 0,
): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  sections.forEach((section, index) => {
    const heading = toWinAnsi(section.heading);
    doc.font(FONT.bold).fontSize(SIZE.heading);
    const headingHeight = doc.heightOfString(heading, { width, lineGap: LINE_GAP });
    doc.font(FONT.regular).fontSize(SIZE.body);
    ensureSpace(doc, headingHeight + 4 + KEEP_WITH_HEADING * lineHeight(doc));
    if (index === sections.length - 1 && keepWithLast > 0) {
      const whole = headingHeight + 4 + richTextHeight(doc, section.body, width) + 0.4 * lineHeight(doc);
      const page = doc.page.height - doc.page.margins.bottom - doc.page.margins.top;
      if (whole + keepWithLast <= page) ensureSpace(doc, whole + keepWithLast);
    }

    doc.fillColor(COLOR.accent).font(FONT.bold).fontSize(SIZE.heading);
    doc.text(heading, left, doc.y, { width, lineGap: LINE_GAP });
    doc.y += 4;
    drawRichText(doc, section.body);
    doc.moveDown(0.4);
  });
}
