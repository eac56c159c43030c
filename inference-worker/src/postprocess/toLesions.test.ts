import { LesionSchema } from '@sentinelle/reporting';
import type { Point } from '../preprocess/imageTransform';
import { toOriginal } from '../preprocess/imageTransform';
import { breastMask, gaussian, image, maps, noLandmarks, transform } from './testing/syntheticMaps';
import { toLesions } from './toLesions';

const options = { lesionThreshold: 0.5, breast: { mask: breastMask(), geometry: noLandmarks } };

describe('toLesions', () => {
  it('toLesions maps a synthetic blob back to its original centre within 2 px', () => {
    const modelCentre = { x: 181.3, y: 262.7 };
    const lesions = toLesions(maps({ mass: gaussian(modelCentre, 14, 14) }), transform, image(), options);
    expect(lesions).toHaveLength(1);
    const [lesion] = lesions;
    const expected = toOriginal(transform, modelCentre);
    expect(Math.hypot(lesion!.centre.x - expected.x, lesion!.centre.y - expected.y)).toBeLessThan(2);
    // The outline sits where the blob falls to half its peak: 1.177 sigma = 33 original px.
    const radius = 1.1774 * 14 * 2;
    for (const p of lesion!.outline) {
      expect(Math.abs(Math.hypot(p.x - expected.x, p.y - expected.y) - radius)).toBeLessThan(3);
    }
    expect(lesion!.diameterPx).toBeGreaterThan(2 * radius - 4);
    expect(lesion!.diameterPx).toBeLessThan(2 * radius + 4);
    expect(lesion!.diameterMm).toBeCloseTo(lesion!.diameterPx * 0.1, 6);
    expect(lesion).toMatchObject({
      id: 'L1',
      type: 'mass',
      shape: 'round',
      calcificationCount: null,
      aboveThreshold: true,
    });
    // The score is the map at the peak cell, whose centre (179.5, 259.5) is off the blob's.
    expect(lesion!.score).toBeCloseTo(gaussian(modelCentre, 14, 14)(179.5, 259.5), 6);
    expect(() => LesionSchema.parse(lesion)).not.toThrow();
  });

  it('toLesions calls an elongated blob oval and a five-point star irregular', () => {
    const star = starPolygon({ x: 300, y: 200 }, 90, 36);
    const lesions = toLesions(
      maps({
        mass: (x, y) =>
          gaussian({ x: 120, y: 120 }, 30, 11)(x, y) +
          (insidePolygon(star, x, y) ? 0.8 - 0.1 * (Math.hypot(x - 300, y - 200) / 90) : 0),
      }),
      transform,
      image(null),
      options,
    );
    expect(lesions.map((l) => [l.id, l.shape, l.diameterMm])).toEqual([
      ['L1', 'oval', null],
      ['L2', 'irregular', null],
    ]);
  });

  it('toLesions keeps a peak below the threshold out unless asked, and orders lesions by score', () => {
    const twoLesions = maps({
      mass: gaussian({ x: 100, y: 100 }, 12, 12, 0.3),
      calcifications: gaussian({ x: 300, y: 350 }, 10, 10, 0.7),
    });
    expect(toLesions(twoLesions, transform, image(), options).map((l) => [l.id, l.type])).toEqual([
      ['L1', 'calcifications'],
    ]);
    const all = toLesions(twoLesions, transform, image(), { ...options, includeBelowThreshold: true });
    expect(all.map((l) => [l.id, l.type, l.aboveThreshold])).toEqual([
      ['L1', 'calcifications', true],
      ['L2', 'mass', false],
    ]);
    expect(all[0]).toMatchObject({ shape: null, calcificationCount: 0 });
  });

  it('toLesions traces one lesion for a blob with two summits and none in the padding', () => {
    const lesions = toLesions(
      maps({
        mass: (x, y) =>
          gaussian({ x: 200, y: 200 }, 16, 16)(x, y) +
          gaussian({ x: 240, y: 200 }, 16, 16, 0.8)(x, y) +
          gaussian({ x: 505, y: 100 }, 12, 12)(x, y),
      }),
      transform,
      image(),
      { ...options, nmsRadiusCells: 1 },
    );
    expect(lesions).toHaveLength(1);
    expect(lesions[0]!.shape).toBe('oval');
  });

  it('toLesions refuses maps that do not fit their declared shape or an image the transform does not describe', () => {
    const good = maps({});
    expect(() => toLesions({ ...good, data: good.data.subarray(1) }, transform, image(), options)).toThrow(
      /expected 3x64x64/,
    );
    expect(() => toLesions(good, { ...transform, originalWidth: 1000 }, image(), options)).toThrow(
      /transform/,
    );
  });
});

function starPolygon(c: Point, outer: number, inner: number): Point[] {
  return Array.from({ length: 10 }, (_, k) => {
    const r = k % 2 ? inner : outer;
    const a = (k * Math.PI) / 5 - Math.PI / 2;
    return { x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) };
  });
}

function insidePolygon(poly: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let a = 0, b = poly.length - 1; a < poly.length; b = a++) {
    const p = poly[a]!;
    const q = poly[b]!;
    if (p.y > y !== q.y > y && x < ((q.x - p.x) * (y - p.y)) / (q.y - p.y) + p.x) inside = !inside;
  }
  return inside;
}
