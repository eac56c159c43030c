import type { DecodedImage } from '../image/decodedImage';
import { decode } from 'fast-png';
import { toModel, toOriginal } from './imageTransform';
import { renderModelView } from './modelView';
import { preprocess } from './preprocess';

interface Phantom {
  width: number;
  height: number;
  chestWall: 'left' | 'right';
  blob: { x: number; y: number; sigma: number };
  photometric?: 'MONOCHROME1' | 'MONOCHROME2';
}

/**
 * A breast phantom: a half-ellipse of tissue against one edge (the chest wall), a Gaussian
 * "lesion", and a bright rectangular label marker in the opposite corner, on 12-bit pixels.
 */
function phantom(p: Phantom): DecodedImage {
  const pixels = new Uint16Array(p.width * p.height);
  const cx = p.chestWall === 'left' ? 0 : p.width - 1;
  const cy = p.height * 0.45;
  const rx = p.width * 0.7;
  const ry = p.height * 0.42;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      let v = 40 + ((x * 7 + y * 13) % 5);
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) v = 1400 + ((x * 31 + y * 17) % 7);
      const d2 = (x - p.blob.x) ** 2 + (y - p.blob.y) ** 2;
      v += 1800 * Math.exp(-d2 / (2 * p.blob.sigma ** 2));
      const labelX = p.chestWall === 'left' ? p.width - 60 : 20;
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

/** Sub-pixel location of the brightest spot: intensity-weighted centroid around the maximum. */
function brightestSpot(input: Float32Array, width: number, height: number): { x: number; y: number } {
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

const spec = { width: 128, height: 224, clip: 3 };

describe('preprocess', () => {
  it.each([
    ['left', 'MONOCHROME2'],
    ['right', 'MONOCHROME2'],
    ['right', 'MONOCHROME1'],
  ] as const)(
    'preprocess maps a synthetic blob back to its original pixel within 2 px (chest wall %s, %s)',
    (side, photometric) => {
      const blob = { x: side === 'left' ? 210 : 390, y: 380, sigma: 9 };
      const image = phantom({ width: 600, height: 900, chestWall: side, blob, photometric });
      // A wide clip keeps the blob's profile intact: this test is about geometry, not contrast.
      const { input, transform } = preprocess(image, { ...spec, clip: 1000 });

      expect(transform.flipped).toBe(side === 'right');
      expect(transform.scale).toBeLessThan(1);
      const found = toOriginal(transform, brightestSpot(input, spec.width, spec.height));
      expect(Math.hypot(found.x - blob.x, found.y - blob.y)).toBeLessThan(2);
    },
  );

  it('preprocess crops the label marker away and puts the chest wall on the left', () => {
    const image = phantom({
      width: 600,
      height: 900,
      chestWall: 'right',
      blob: { x: 400, y: 380, sigma: 9 },
    });
    const { input, breastMask, transform } = preprocess(image, spec);

    // The marker (original x 20..60, y 20..60) lies outside the crop.
    const marker = toModel(transform, { x: 40, y: 40 });
    expect(marker.x < 0 || marker.x >= spec.width || marker.y < 0 || marker.y >= spec.height).toBe(true);
    // Chest wall column (model x = 0) is breast over most rows; the far column is not.
    let wallRows = 0;
    for (let y = 0; y < spec.height; y++) wallRows += breastMask[y * spec.width]!;
    expect(wallRows).toBeGreaterThan(spec.height * 0.5);
    // Inside the breast the input is a clipped z-score; outside it is the background value.
    let inside = 0;
    let sum = 0;
    for (let i = 0; i < input.length; i++) {
      if (breastMask[i]) {
        inside++;
        sum += input[i]!;
      } else expect(input[i]).toBe(-3);
    }
    expect(Math.abs(sum / inside)).toBeLessThan(0.2);
  });

  it('toOriginal undoes toModel for a flipped, cropped and scaled transform', () => {
    const t = {
      originalWidth: 1000,
      originalHeight: 2000,
      flipped: true,
      crop: { x: 100, y: 50, width: 700, height: 1500 },
      scale: 0.29,
      modelWidth: 256,
      modelHeight: 448,
    };
    for (const p of [
      { x: 0, y: 0 },
      { x: 512.5, y: 1033.25 },
      { x: 999, y: 1999 },
    ]) {
      const back = toOriginal(t, toModel(t, p));
      expect(back.x).toBeCloseTo(p.x, 9);
      expect(back.y).toBeCloseTo(p.y, 9);
    }
  });

  it.each(['left', 'right'] as const)(
    'renderModelView lays the network input over the original image: same side, blob at its pixel, black outside the breast (chest wall %s)',
    (side) => {
      const blob = { x: side === 'left' ? 150 : 450, y: 380, sigma: 12 };
      const image = phantom({ width: 600, height: 900, chestWall: side, blob });
      const pre = preprocess(image, spec);
      const view = renderModelView(pre, spec.clip);

      expect(view).toMatchObject({ imageColumns: 600, imageRows: 900 });
      const png = decode(view.png);
      expect(png).toMatchObject({ width: view.width, height: view.height, channels: 1, depth: 8 });
      expect(view.width / view.height).toBeCloseTo(600 / 900, 1);
      const at = (x: number, y: number) => {
        const i = Math.floor(((x + 0.5) * view.width) / 600);
        const j = Math.floor(((y + 0.5) * view.height) / 900);
        return png.data[j * view.width + i]!;
      };
      // The blob is the brightest thing the network sees (clipped at +clip: white), where it is
      // on the mammogram, not mirrored; the background and the cropped-away marker are black.
      expect(at(blob.x, blob.y)).toBe(255);
      expect(at(600 - 1 - blob.x, blob.y)).toBeLessThan(255);
      expect(at(side === 'left' ? 590 : 10, 880)).toBe(0);
      expect(at(side === 'left' ? 560 : 40, 40)).toBe(0);
      // Breast tissue away from the blob sits mid-grey (a z-score near 0 maps to 128).
      const tissue = at(side === 'left' ? 40 : 560, 380);
      expect(tissue).toBeGreaterThan(64);
      expect(tissue).toBeLessThan(192);
    },
  );
});
