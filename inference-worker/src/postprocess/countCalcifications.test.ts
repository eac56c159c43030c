import type { DecodedImage, PixelSpacing } from '../image/decodedImage';
import type { Point } from '../preprocess/imageTransform';
import { countCalcifications } from './countCalcifications';

const W = 300;
const H = 260;
const centre = { x: 150, y: 130 };
const outline: Point[] = Array.from({ length: 48 }, (_, k) => ({
  x: centre.x + 60 * Math.cos((2 * Math.PI * k) / 48),
  y: centre.y + 60 * Math.sin((2 * Math.PI * k) / 48),
}));
// Seven 3x3 dots inside the circle; two in the corners of its bounding box, outside the circle.
const inside = [
  [120, 100],
  [150, 95],
  [180, 110],
  [125, 140],
  [160, 130],
  [140, 170],
  [185, 160],
];
const outsideCircle = [
  [96, 76],
  [204, 184],
];

/**
 * Tissue at 1000 with bounded noise (±15), dots +300 and, inside the circle, a 20x20 bright blob
 * (a mass, wider than the window) and a 2x60 px bright line (a vessel, thin but over 1 mm²).
 */
function cluster(): Uint16Array {
  const pixels = new Uint16Array(W * H);
  let seed = 12345;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = 1000 + ((seed >>> 16) % 31) - 15;
  }
  for (const [x, y] of [...inside, ...outsideCircle]) {
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) pixels[(y! + dy) * W + x! + dx]! += 300;
  }
  for (let y = 120; y < 140; y++) for (let x = 92; x < 112; x++) pixels[y * W + x]! += 300;
  for (let y = 120; y < 122; y++) for (let x = 140; x < 200; x++) pixels[y * W + x]! += 300;
  return pixels;
}

function image(
  pixels: Uint16Array,
  photometric: DecodedImage['photometric'],
  pixelSpacing: PixelSpacing | null,
): DecodedImage {
  return {
    width: W,
    height: H,
    pixels,
    bitsStored: 12,
    photometric,
    pixelSpacing,
    laterality: 'R',
    view: 'MLO',
    source: { kind: 'png', name: 'synthetic cluster' },
  };
}

describe('countCalcifications', () => {
  it('countCalcifications counts the 7 small bright dots inside the outline, not those outside, a mass or a vessel', () => {
    // 0.1 mm pixels: 11 px window, spots up to 100 px; the blob covers 400 px.
    const spacing: PixelSpacing = { rowMm: 0.1, columnMm: 0.1, source: 'PixelSpacing' };
    expect(countCalcifications(image(cluster(), 'MONOCHROME2', spacing), outline)).toBe(7);
    // The line (1.2 mm²) is left out by its area alone.
    expect(
      countCalcifications(image(cluster(), 'MONOCHROME2', spacing), outline, { maxSpotAreaMm2: 1.3 }),
    ).toBe(8);
  });

  it('countCalcifications reads dense spots as low values in MONOCHROME1', () => {
    const inverted = cluster().map((v) => 4095 - v);
    // No spacing: 5 px window, spots up to 25 px.
    expect(countCalcifications(image(inverted, 'MONOCHROME1', null), outline)).toBe(7);
    expect(countCalcifications(image(inverted, 'MONOCHROME2', null), outline)).toBe(0);
  });
});
