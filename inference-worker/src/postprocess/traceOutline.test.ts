import type { ImageTransform } from '../preprocess/imageTransform';
import { polygonArea } from './geometry';
import type { LesionMaps } from './lesionMaps';
import { growRegion } from './lesionRegion';
import { traceOutline } from './traceOutline';

const SIZE = 32;
const STRIDE = 8;
// Identity geometry (scale 1, no flip, no crop) so outline and map coordinates coincide.
const identity: ImageTransform = {
  originalWidth: SIZE * STRIDE,
  originalHeight: SIZE * STRIDE,
  flipped: false,
  crop: { x: 0, y: 0, width: SIZE * STRIDE, height: SIZE * STRIDE },
  scale: 1,
  modelWidth: SIZE * STRIDE,
  modelHeight: SIZE * STRIDE,
};

function mass(f: (x: number, y: number) => number): LesionMaps {
  const data = new Float32Array(3 * SIZE * SIZE);
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE; j++) data[i * SIZE + j] = f((j + 0.5) * STRIDE - 0.5, (i + 0.5) * STRIDE - 0.5);
  }
  return { data, height: SIZE, width: SIZE, stride: STRIDE };
}

describe('traceOutline', () => {
  it('traceOutline encloses the area where the map stays above the region level', () => {
    // A cone p = 0.9 - r / 200 sampled on cells: above the level inside r = 200 (0.9 - level).
    const maps = mass((x, y) => Math.max(0, 0.9 - Math.hypot(x - 127.5, y - 127.5) / 200));
    const region = growRegion(maps, 'mass', 15, 15, { floor: 0.25 });
    const outline = traceOutline(maps, region, identity);
    const expected = Math.PI * (200 * (0.9 - region.level)) ** 2;
    expect(polygonArea(outline) / expected).toBeGreaterThan(0.98);
    expect(polygonArea(outline) / expected).toBeLessThan(1.01);
  });

  it('traceOutline keeps a lesion cut by the edge of the content inside the content', () => {
    const maps = mass((x, y) => 0.9 * Math.exp(-((x - 100) ** 2 + (y - 60) ** 2) / (2 * 20 * 20)));
    const extent = { width: 110, height: SIZE * STRIDE };
    const region = growRegion(maps, 'mass', 7, 12, { floor: 0.25, extent });
    const outline = traceOutline(maps, region, identity, { extent });
    const xs = outline.map((p) => p.x);
    expect(Math.max(...xs)).toBeLessThanOrEqual(109);
    expect(Math.max(...xs)).toBeGreaterThan(105);
    expect(Math.min(...xs)).toBeLessThan(80);
  });
});
