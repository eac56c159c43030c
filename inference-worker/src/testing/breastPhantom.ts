import type { DecodedImage } from '../image/decodedImage';

export interface BreastPhantomSpec {
  readonly width: number;
  readonly height: number;
  readonly chestWall: 'left' | 'right';
  /** A Gaussian "lesion", original pixels. */
  readonly blob: { readonly x: number; readonly y: number; readonly sigma: number };
  readonly photometric?: 'MONOCHROME1' | 'MONOCHROME2';
}

/**
 * A synthetic mammogram on 12-bit pixels: a half-ellipse of tissue against the chest wall, a
 * Gaussian blob, and a bright rectangular label marker in the opposite upper corner. Where the
 * blob lands after pre-processing tells whether coordinates survive the crop, flip and scale.
 */
export function breastPhantom(p: BreastPhantomSpec): DecodedImage {
  const pixels = new Uint16Array(p.width * p.height);
  const cx = p.chestWall === 'left' ? 0 : p.width - 1;
  const cy = p.height * 0.45;
  const rx = p.width * 0.7;
  const ry = p.height * 0.42;
  const labelX = p.chestWall === 'left' ? p.width - 60 : 20;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      let v = 40 + ((x * 7 + y * 13) % 5);
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) v = 1400 + ((x * 31 + y * 17) % 7);
      v += 1800 * Math.exp(-((x - p.blob.x) ** 2 + (y - p.blob.y) ** 2) / (2 * p.blob.sigma ** 2));
      if (x >= labelX && x < labelX + 40 && y >= 20 && y < 60) v = 4000;
      pixels[y * p.width + x] = p.photometric === 'MONOCHROME1' ? 4095 - Math.round(v) : Math.round(v);
    }
  }
  return {
    width: p.width,
    height: p.height,
    pixels,
    bitsStored: 12,
    photometric: p.photometric ?? 'MONOCHROME2',
    pixelSpacing: { rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' },
    laterality: p.chestWall === 'right' ? 'R' : 'L',
    view: 'CC',
    source: { kind: 'dicom', name: 'phantom' },
  };
}

/** Sub-pixel location of the brightest spot of a model input: weighted centroid around the maximum. */
export function brightestSpot(input: Float32Array, width: number, height: number): { x: number; y: number } {
  let best = 0;
  for (let i = 1; i < input.length; i++) if (input[i]! > input[best]!) best = i;
  const bx = best % width;
  const by = Math.floor(best / width);
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let y = Math.max(0, by - 4); y <= Math.min(height - 1, by + 4); y++) {
    for (let x = Math.max(0, bx - 4); x <= Math.min(width - 1, bx + 4); x++) {
      const w = Math.max(0, input[y * width + x]! - input[best]! * 0.5);
      sw += w;
      sx += w * x;
      sy += w * y;
    }
  }
  return { x: sx / sw, y: sy / sw };
}
