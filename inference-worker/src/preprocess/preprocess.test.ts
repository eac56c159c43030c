import type { DecodedImage } from '../image/decodedImage';
import { decode } from 'fast-png';
import { toModel, toOriginal } from './imageTransform';
import { renderModelView } from './modelView';
import { preprocess } from './preprocess';
import { syntheticMammogram } from './testing/syntheticMammogram';
import { brightestSpot } from '../testing/breastPhantom';

interface Phantom {
  width: number;
  height: number;
  chestWall: 'left' | 'right';
  blob: { x: number; y: number; sigma: number };
  photometric?: 'MONOCHROME1' | 'MONOCHROME2';
}

/**
 * A breast phantom: the synthetic mammogram with a Gaussian "lesion" and a bright rectangular
 * label marker in the corner opposite the chest wall.
 */
function phantom(p: Phantom): DecodedImage {
  const label = { x: p.chestWall === 'left' ? p.width - 60 : 20, y: 20, width: 40, height: 40 };
  return syntheticMammogram({ ...p, label });
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
