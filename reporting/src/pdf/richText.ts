import type { RichText, TextRun } from '../report/index';
import { COLOR, contentWidth, ensureSpace, FONT, LINE_GAP, lineHeight, SIZE } from './layout';
import { toWinAnsi } from './winAnsi';

const BULLET = '\u2022';
const BULLET_INDENT = 8;
const ITEM_INDENT = 20;

function fontOf(run: TextRun): string {
  if (run.bold && run.italic) return FONT.boldItalic;
  if (run.bold) return FONT.bold;
  if (run.italic) return FONT.italic;
  return FONT.regular;
}

/**
 * Writes runs as one flowing paragraph starting at (x, doc.y), each run in its own face; pdfkit's
 * `continued` keeps them on shared lines and wraps them together.
 */
function drawRuns(doc: PDFKit.PDFDocument, runs: readonly TextRun[], x: number, width: number): void {
  const shown = runs.filter((run) => run.text !== '');
  doc.fillColor(COLOR.text).fontSize(SIZE.body);
  if (shown.length === 0) {
    doc.moveDown(1); // an empty paragraph: the blank line the author left
    return;
  }
  shown.forEach((run, index) => {
    const options = { width, lineGap: LINE_GAP, continued: index < shown.length - 1 };
    doc.font(fontOf(run));
    if (index === 0) doc.text(toWinAnsi(run.text), x, doc.y, options);
    else doc.text(toWinAnsi(run.text), options);
  });
}

/** Paragraphs and bullet lists, in the body size; a bullet always stays with its item's first line. */
export function drawRichText(doc: PDFKit.PDFDocument, blocks: RichText): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  for (const block of blocks) {
    doc.fontSize(SIZE.body).font(FONT.regular);
    if (block.kind === 'paragraph') {
      ensureSpace(doc, lineHeight(doc));
      drawRuns(doc, block.runs, left, width);
    } else {
      for (const item of block.items) {
        doc.fontSize(SIZE.body).font(FONT.regular);
        ensureSpace(doc, lineHeight(doc));
        const top = doc.y;
        doc.fillColor(COLOR.text).text(BULLET, left + BULLET_INDENT, top, { lineBreak: false });
        doc.y = top;
        drawRuns(doc, item, left + ITEM_INDENT, width - ITEM_INDENT);
      }
    }
    doc.x = left;
    doc.moveDown(0.5);
  }
}

/**
 * The height drawRichText would take at the current font settings, measured without drawing (each
 * paragraph in the regular face: bold or italic runs wrap within a few points of it).
 */
export function richTextHeight(doc: PDFKit.PDFDocument, blocks: RichText, width: number): number {
  doc.fontSize(SIZE.body).font(FONT.regular);
  const paragraph = (runs: readonly TextRun[], w: number) => {
    const text = runs.map((run) => toWinAnsi(run.text)).join('');
    return text === '' ? lineHeight(doc) : doc.heightOfString(text, { width: w, lineGap: LINE_GAP });
  };
  return blocks.reduce((total, block) => {
    const body =
      block.kind === 'paragraph'
        ? paragraph(block.runs, width)
        : block.items.reduce((sum, item) => sum + paragraph(item, width - ITEM_INDENT), 0);
    return total + body + 0.5 * lineHeight(doc);
  }, 0);
}
