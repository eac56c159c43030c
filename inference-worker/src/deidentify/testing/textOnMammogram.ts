import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decode } from 'fast-png';
import * as PImage from 'pureimage';
import { FIXTURES } from '../../testing/sharedData';
import type { GrayImage } from '../burnedInText';

/** The four views of the real FFDM fixture exam (16-bit PNG, 12 bits used). */
export const FFDM_VIEWS = ['0_L-CC', '0_L-MLO', '0_R-CC', '0_R-MLO'] as const;
export type FfdmView = (typeof FFDM_VIEWS)[number];

/** Debian's fonts-dejavu-core and fonts-liberation: real TrueType outlines, as modalities use. */
export const FONTS = {
  sans: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  mono: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
} as const;
export type FontName = keyof typeof FONTS;

export function loadFfdmView(view: FfdmView): GrayImage {
  const png = decode(readFileSync(resolve(FIXTURES, 'ffdm-png', `${view}.png`)));
  if (png.channels !== 1 || png.depth !== 16) throw new Error(`${view}: expected a 16-bit grey PNG`);
  return { width: png.width, height: png.height, bitsStored: 16, data: Uint16Array.from(png.data) };
}

export type LabelStyle =
  /** Text at the top of the stored range straight on the image, as most mammography units burn it. */
  | 'white-on-black'
  /** An opaque mid-grey box with text at the bottom of the range, as on printed-film scans. */
  | 'black-on-grey';

export type LabelSpec = {
  readonly lines: readonly string[];
  /** Pixel size of the font (em height). */
  readonly size: number;
  readonly style: LabelStyle;
  readonly font: FontName;
  /** Which corner; by default the one over the least tissue (the label sits where the breast is not). */
  readonly corner?: Corner;
};

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export type Box = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export type LabelledImage = {
  readonly image: GrayImage;
  /** 1 where a glyph covers at least half the pixel. */
  readonly ink: Uint8Array;
  /** Everything the label changed (glyphs, and for black-on-grey its box). */
  readonly label: Box;
};

const loaded = new Set<FontName>();

function useFont(font: FontName): string {
  if (!loaded.has(font)) {
    PImage.registerFont(FONTS[font], font).loadSync();
    loaded.add(font);
  }
  return font;
}

/** Glyph coverage (0–1) of the lines, cropped to their ink, rendered by pureimage from the TTF outlines. */
function renderLines(
  lines: readonly string[],
  size: number,
  font: FontName,
): { coverage: Float32Array; width: number; height: number } {
  const lineHeight = Math.round(size * 1.5);
  const canvasWidth = Math.ceil(size * Math.max(...lines.map((l) => l.length)) + 2 * size);
  const canvasHeight = lineHeight * lines.length + size;
  const bitmap = PImage.make(canvasWidth, canvasHeight);
  const ctx = bitmap.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, canvasWidth, canvasHeight);
  ctx.fillStyle = '#ffffff';
  ctx.font = `${size}px '${useFont(font)}'`;
  lines.forEach((line, i) => ctx.fillText(line, size / 2, size + i * lineHeight));
  let [x0, y0, x1, y1] = [canvasWidth, canvasHeight, -1, -1];
  for (let y = 0; y < canvasHeight; y++) {
    for (let x = 0; x < canvasWidth; x++) {
      if (bitmap.data[(y * canvasWidth + x) * 4]! === 0) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) throw new Error('the font rendered no ink');
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const coverage = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      coverage[y * width + x] = bitmap.data[((y + y0) * canvasWidth + x + x0) * 4]! / 255;
  }
  return { coverage, width, height };
}

/** Mean stored value under a box: low where there is only background. */
function meanUnder(image: GrayImage, box: Box): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) sum += image.data[y * image.width + x]!;
  }
  return sum / (box.width * box.height);
}

function boxAt(corner: Corner, image: GrayImage, width: number, height: number, inset: number): Box {
  const x = corner.endsWith('left') ? inset : image.width - width - inset;
  const y = corner.startsWith('top') ? inset : image.height - height - inset;
  return { x, y, width, height };
}

/** A copy of the mammogram with the label burned into a corner, and where its ink lies. */
export function burnLabel(image: GrayImage, spec: LabelSpec): LabelledImage {
  const glyphs = renderLines(spec.lines, spec.size, spec.font);
  const pad = Math.round(spec.size / 2);
  const width = glyphs.width + 2 * pad;
  const height = glyphs.height + 2 * pad;
  if (width > image.width || height > image.height) throw new Error('label larger than the image');
  const corners: Corner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
  const inset = Math.round(spec.size / 2);
  const label =
    spec.corner !== undefined
      ? boxAt(spec.corner, image, width, height, inset)
      : corners
          .map((c) => boxAt(c, image, width, height, inset))
          .reduce((best, box) => (meanUnder(image, box) < meanUnder(image, best) ? box : best));
  const top = 2 ** image.bitsStored - 1;
  let storedMax = 0;
  for (const v of image.data) storedMax = Math.max(storedMax, v);
  // White is the top of the range the image uses (a 12-bit image in 16-bit samples burns 4095).
  const white = Math.min(top, storedMax);
  const [ink, paper] = spec.style === 'white-on-black' ? [white, undefined] : [0, Math.round(white / 2)];
  const data = image.data.slice();
  const inkMask = new Uint8Array(image.width * image.height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (label.y + y) * image.width + label.x + x;
      const gx = x - pad;
      const gy = y - pad;
      const a =
        gx >= 0 && gy >= 0 && gx < glyphs.width && gy < glyphs.height
          ? glyphs.coverage[gy * glyphs.width + gx]!
          : 0;
      const under = paper ?? data[i]!;
      data[i] = Math.round(under * (1 - a) + ink * a);
      if (a >= 0.5) inkMask[i] = 1;
    }
  }
  return { image: { ...image, data }, ink: inkMask, label };
}
