import type { Point } from '../preprocess/imageTransform';
import { longestDiameter, massShape } from './measure';

const ellipse = (rx: number, ry: number, n = 64): Point[] =>
  Array.from({ length: n }, (_, k) => ({
    x: 500 + rx * Math.cos((2 * Math.PI * k) / n),
    y: 700 + ry * Math.sin((2 * Math.PI * k) / n),
  }));

describe('measure', () => {
  it('longestDiameter scales each axis by its own spacing, so the longest chord in mm may not be the one in pixels', () => {
    // Rhombus: 100 px across, 120 px down. With columns 0.3 mm apart and rows 0.1 mm apart the
    // horizontal diagonal (30 mm) outgrows the vertical one (12 mm).
    const rhombus = [
      { x: 0, y: 60 },
      { x: 50, y: 0 },
      { x: 100, y: 60 },
      { x: 50, y: 120 },
    ];
    const d = longestDiameter(rhombus, { rowMm: 0.1, columnMm: 0.3, source: 'ImagerPixelSpacing' });
    expect(d.px).toBeCloseTo(120, 9);
    expect(d.mm).toBeCloseTo(30, 9);
    expect(longestDiameter(rhombus, null)).toEqual({ px: 120, mm: null });
  });

  it('massShape calls a disc round, an ellipse oval and a five-point star irregular', () => {
    expect(massShape(ellipse(40, 40), null)).toMatchObject({ shape: 'round' });
    const oval = massShape(ellipse(40, 25), null);
    expect(oval.shape).toBe('oval');
    expect(oval.axisRatio).toBeCloseTo(25 / 40, 2);
    const star = Array.from({ length: 10 }, (_, k) => {
      const r = k % 2 ? 20 : 40;
      return { x: r * Math.cos((k * Math.PI) / 5), y: r * Math.sin((k * Math.PI) / 5) };
    });
    const irregular = massShape(star, null);
    expect(irregular.shape).toBe('irregular');
    expect(irregular.solidity).toBeCloseTo(0.618, 2);
  });

  it('massShape judges the shape in mm: a pixel circle on 2:1 pixels is an oval', () => {
    expect(massShape(ellipse(40, 40), { rowMm: 0.1, columnMm: 0.2, source: 'user' }).shape).toBe('oval');
    expect(massShape(ellipse(20, 40), { rowMm: 0.1, columnMm: 0.2, source: 'user' }).shape).toBe('round');
  });
});
