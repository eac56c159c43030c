import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';

/** Row-major, one sample per pixel, MONOCHROME2 (the caller has already handled MONOCHROME1). */
export type GrayImage = {
  width: number;
  height: number;
  bitsStored: number;
  data: Uint16Array | Uint8Array;
};

/** A box in the image's own pixel coordinates and what was read there. */
export type TextRegion = {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  source: 'ocr' | 'manufacturer';
};

export type BurnedInTextOptions = {
  /** Tesseract word confidence (0–100) a word needs to count on its own. */
  readonly minConfidence?: number;
  /** Also read the inverted rendering (dark text on a light label). */
  readonly inverted?: boolean;
  /** Per tesseract run; a hung OCR must not hold an export forever. */
  readonly timeoutMs?: number;
};

/**
 * Chosen on the four-view FFDM fixture with text drawn by burnedInText.test.ts: at 80, the
 * labels' words read at 88–97 and no word of breast tissue alone passes (with ≥ 3 letters or
 * digits); below 80 tissue starts to read as short words ("oe", "Sat", "aS").
 */
const DEFAULT_MIN_CONFIDENCE = 80;
const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * Units burn text at the top of the stored range. Over dense tissue the full-range rendering
 * loses it (white on light grey); a second rendering of only the top tenth of the range keeps the
 * glyphs and drops the tissue. Measured with a 24 px label put in each corner of the four fixture
 * views (16 placements, some straddling the skin line): blanked completely in 9 with the full
 * range alone, 12 with this window as well (11 with the window from 0.8), 15 once boxes also grow
 * along the ink (REACH 8; 13 with 4), and the re-check then read nothing in all 16.
 */
const TOP_OF_RANGE = 0.9;
/** How far, in character heights, a box may grow along ink on each side. */
const REACH = 8;
// Sparse text (--psm 11): labels are scattered lines in corners, not a page. Measured against
// --psm 3 (automatic layout), which reads less tissue noise but missed a grey label box.
const PAGE_SEGMENTATION = '11';

type OcrWord = {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly confidence: number;
  readonly text: string;
};

export class BurnedInTextError extends Error {
  readonly code = 'ocr_failed';
}

/**
 * Words burned into the pixels, as boxes in the image's coordinates. Runs Debian's tesseract
 * (French and English data) on two 8-bit renderings: the full stored range (text on background
 * or on a label box) and its top tenth (bright text over tissue). An inverted rendering is
 * optional: tesseract 5 already reads light-on-dark lines; on the fixture it found no word more
 * and costs a third tesseract run per image.
 */
export async function findBurnedInText(
  image: GrayImage,
  options: BurnedInTextOptions = {},
): Promise<TextRegion[]> {
  checkImage(image);
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(minConfidence >= 0 && minConfidence <= 100)) {
    throw new RangeError(`OCR confidence threshold must be between 0 and 100, got ${minConfidence}`);
  }
  if (!(timeoutMs > 0)) throw new RangeError(`OCR timeout must be positive, got ${timeoutMs} ms`);
  const fullRange = windowTo8Bit(image, 0);
  const topOfRange = windowTo8Bit(image, TOP_OF_RANGE);
  const renderings = options.inverted ? [fullRange, topOfRange, invert(fullRange)] : [fullRange, topOfRange];
  const words: OcrWord[] = [];
  // A private directory (mode 0700) so no other user reads the pixels; removed whatever happens.
  const dir = await mkdtemp(join(tmpdir(), 'sentinelle-ocr-'));
  try {
    for (const [index, pixels] of renderings.entries()) {
      const file = join(dir, `rendering-${index}.png`);
      await writeFile(
        file,
        encode({ width: image.width, height: image.height, data: pixels, channels: 1, depth: 8 }),
      );
      words.push(...parseTsv(await runTesseract(file, timeoutMs)));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return selectText(words, minConfidence).map((word) => ({
    ...grownAlongInk(word, fullRange, topOfRange, image.width, image.height),
    text: word.text,
    source: 'ocr' as const,
  }));
}

/**
 * A copy of the image with every region (plus a margin, clipped to the image) set to the
 * background, the image's minimum. Without a margin, each region gets a fifth of its height (at
 * least 2 pixels): OCR boxes hug the binarised glyphs and leave their anti-aliased edges outside.
 */
export function blankRegions(image: GrayImage, regions: readonly TextRegion[], margin?: number): GrayImage {
  checkImage(image);
  if (margin !== undefined && (!Number.isFinite(margin) || margin < 0)) {
    throw new RangeError(`blank margin must be a non-negative number of pixels, got ${margin}`);
  }
  const data = image.data.slice();
  const background = minimum(image.data);
  for (const region of regions) {
    const m = margin ?? Math.max(2, Math.ceil(region.height / 5));
    const x0 = clamp(Math.floor(region.x - m), 0, image.width);
    const y0 = clamp(Math.floor(region.y - m), 0, image.height);
    const x1 = clamp(Math.ceil(region.x + region.width + m), 0, image.width);
    const y1 = clamp(Math.ceil(region.y + region.height + m), 0, image.height);
    for (let y = y0; y < y1; y++) data.fill(background, y * image.width + x0, y * image.width + x1);
  }
  return { ...image, data };
}

function checkImage(image: GrayImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(`image has ${data.length} samples for ${width}×${height} pixels`);
  }
}

/** Linear window from a fraction of the way up the range actually used to its top (→ 255). */
function windowTo8Bit(image: GrayImage, fromFraction: number): Uint8Array {
  const min = minimum(image.data);
  let high = min;
  for (const v of image.data) if (v > high) high = v;
  const low = min + (high - min) * fromFraction;
  const out = new Uint8Array(image.data.length);
  if (high === low) return out;
  const scale = 255 / (high - low);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(clamp((image.data[i]! - low) * scale, 0, 255));
  return out;
}

function invert(pixels: Uint8Array): Uint8Array {
  return pixels.map((v) => 255 - v);
}

function runTesseract(file: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'tesseract',
      [file, 'stdout', '-l', 'fra+eng', '--psm', PAGE_SEGMENTATION, 'tsv'],
      // One thread: tesseract's OpenMP threads slow it down on small pages and crowd the worker.
      { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new BurnedInTextError(
            missing
              ? 'tesseract is not installed (Debian packages tesseract-ocr, tesseract-ocr-fra, tesseract-ocr-eng)'
              : `tesseract failed: ${stderr.trim() || error.message}`,
            { cause: error },
          ),
        );
      },
    );
  });
}

/** Word rows (level 5) of tesseract's TSV output. */
function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    const cells = line.split('\t');
    if (cells.length < 12 || cells[0] !== '5') continue;
    const text = cells.slice(11).join('\t').trim();
    if (text === '') continue;
    const [x, y, width, height, confidence] = cells.slice(6, 11).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    words.push({ x, y, width, height, confidence, text });
  }
  return words;
}

const alphanumerics = (text: string): number => text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;

/**
 * Words that stand on their own (confident, at least 3 letters or digits), and the words with at
 * least 2 that lie in the same label block as one of them: similar height, at most two lines
 * above or below and three character heights aside. A name read poorly ("DUPONT^MARIE" reads
 * at confidence 10–40) sits beside a date read well. Only confident words vouch for others, so
 * tissue read as letters near a label does not chain on into the breast; a single letter beside
 * a word on its line is taken in when the box grows along the ink.
 */
function selectText(words: readonly OcrWord[], minConfidence: number): OcrWord[] {
  const confident = words.filter((w) => w.confidence >= minConfidence && alphanumerics(w.text) >= 3);
  const beside = words.filter(
    (w) => !confident.includes(w) && alphanumerics(w.text) >= 2 && confident.some((c) => sameBlock(c, w)),
  );
  return dropOverlaps([...confident, ...beside]);
}

function sameBlock(a: OcrWord, b: OcrWord): boolean {
  const ratio = b.height / a.height;
  if (ratio < 2 / 3 || ratio > 3 / 2) return false;
  const h = Math.max(a.height, b.height);
  const verticalGap = Math.max(a.y - (b.y + b.height), b.y - (a.y + a.height), 0);
  const horizontalGap = Math.max(a.x - (b.x + b.width), b.x - (a.x + a.width), 0);
  return verticalGap <= 2 * h && horizontalGap <= 3 * h;
}

/** The inverted pass reads the same words again: keep one box per place. */
function dropOverlaps(words: readonly OcrWord[]): OcrWord[] {
  const kept: OcrWord[] = [];
  for (const w of [...words].sort((a, b) => b.confidence - a.confidence)) {
    if (!kept.some((k) => overlapShare(k, w) > 0.5)) kept.push(w);
  }
  return kept.sort((a, b) => a.y - b.y || a.x - b.x);
}

function overlapShare(a: OcrWord, b: OcrWord): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

/**
 * Tesseract sometimes boxes only part of a word it misreads (an unknown glyph such as "^", or
 * letters over tissue). The box is widened while the columns beside it, over the word's rows,
 * still hold ink, across gaps narrower than a character, up to REACH character heights. Ink is
 * what burned-in text is made of: a sample in the top tenth of the range, or one in the bottom
 * tenth beside a lighter one (dark text on a label); breast tissue is neither, so the box does
 * not run on into the breast.
 */
function grownAlongInk(
  word: OcrWord,
  fullRange: Uint8Array,
  topOfRange: Uint8Array,
  width: number,
  height: number,
): Pick<TextRegion, 'x' | 'y' | 'width' | 'height'> {
  const y0 = clamp(word.y, 0, height);
  const y1 = clamp(word.y + word.height, 0, height);
  const inked = (x: number): boolean => {
    let dark = false;
    let light = false;
    for (let y = y0; y < y1; y++) {
      const i = y * width + x;
      if (topOfRange[i]! > 0) return true;
      if (fullRange[i]! <= 25) dark = true;
      else if (fullRange[i]! >= 76) light = true;
    }
    return dark && light;
  };
  const maxGap = Math.max(2, Math.round(word.height * 0.6));
  const reach = REACH * word.height;
  let right = word.x + word.width;
  for (let x = right, gap = 0; x < Math.min(width, word.x + word.width + reach) && gap <= maxGap; x++) {
    if (inked(x)) {
      right = x + 1;
      gap = 0;
    } else gap++;
  }
  let left = word.x;
  for (let x = left - 1, gap = 0; x >= Math.max(0, word.x - reach) && gap <= maxGap; x--) {
    if (inked(x)) {
      left = x;
      gap = 0;
    } else gap++;
  }
  return { x: left, y: word.y, width: right - left, height: word.height };
}

function minimum(data: Uint16Array | Uint8Array): number {
  let low = Infinity;
  for (const v of data) if (v < low) low = v;
  return low;
}

function clamp(v: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, v));
}
