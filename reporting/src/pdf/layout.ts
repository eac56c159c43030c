/** The page and type of every report: A4 portrait, Helvetica, sizes in points. */

export const PAGE_SIZE = 'A4';
/** A4's width in points, as pdfkit sizes it, for measuring before the first page exists. */
export const PAGE_WIDTH = 595.28;
export const MARGIN_X = 56.7; // 20 mm
/** Top margin of every page; the first page's letterhead starts higher, at LETTERHEAD_TOP. */
export const MARGIN_TOP = 70;
export const LETTERHEAD_TOP = 40;
/** Where the running header of pages after the first sits. */
export const RUNNING_HEADER_TOP = 32;
/** Distance from the bottom edge to the last footer line, and from the footer to the body. */
export const FOOTER_BOTTOM = 28;
export const FOOTER_GAP = 14;

export const FONT = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  boldItalic: 'Helvetica-BoldOblique',
} as const;

export const SIZE = {
  institution: 12,
  address: 9,
  title: 16,
  label: 9.5,
  heading: 11.5,
  body: 10,
  footer: 7.5,
  running: 8,
} as const;

export const COLOR = {
  text: '#111111',
  muted: '#555555',
  accent: '#1f3a5f',
  rule: '#b8c2cc',
  band: '#eef1f4',
} as const;

/** Line spacing added to the font's own, in points. */
export const LINE_GAP = 1.5;
export const LOGO_BOX = { width: 120, height: 50 } as const;

export function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/**
 * Starts a new page unless `height` points still fit above the bottom margin. The new page takes
 * the current one's options (its margins), as pdfkit's own overflow does.
 */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
    doc.continueOnNewPage();
    doc.x = doc.page.margins.left;
  }
}

/** Height of one line of text in the current font and size, with the report's line gap. */
export function lineHeight(doc: PDFKit.PDFDocument): number {
  return doc.currentLineHeight(true) + LINE_GAP;
}
