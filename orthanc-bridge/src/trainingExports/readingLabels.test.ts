import { BIRADS_CATEGORIES } from '@sentinelle/reporting';
import { abnormalityOf, LABELLED_ASSESSMENTS, labelOfAssessment, markGeometry } from './readingLabels';

describe('readingLabels', () => {
  test('labelOfAssessment labels only the categories that settle the truth without a pathology outcome', () => {
    const labelled = Object.fromEntries(BIRADS_CATEGORIES.map((c) => [c, labelOfAssessment(c) ?? null]));
    expect(labelled).toEqual({
      '0': null,
      '1': 'normal',
      '2': 'benign',
      '3': null,
      '4': null,
      '4A': null,
      '4B': null,
      '4C': null,
      '5': null,
      '6': 'malignant',
    });
    expect(LABELLED_ASSESSMENTS.filter((c) => labelOfAssessment(c) === undefined)).toEqual([]);
  });

  test('markGeometry gives a polygon its centroid and farthest point, an ellipse its centre, half major axis and 32 points, a point no radius', () => {
    const square = markGeometry({
      kind: 'polygon',
      points: [
        { x: 0, y: 0 },
        { x: 20, y: 0 },
        { x: 20, y: 20 },
        { x: 0, y: 20 },
      ],
    });
    expect(square.centre).toEqual({ x: 10, y: 10 });
    expect(square.radius).toBeCloseTo(Math.hypot(10, 10));
    expect(square.outline).toHaveLength(4);

    const ellipse = markGeometry({
      kind: 'ellipse',
      axes: [
        { x: 10, y: 50 },
        { x: 50, y: 50 },
        { x: 30, y: 40 },
        { x: 30, y: 60 },
      ],
    });
    expect(ellipse.centre).toEqual({ x: 30, y: 50 });
    expect(ellipse.radius).toBeCloseTo(20);
    expect(ellipse.outline).toHaveLength(32);
    // Every outline point lies on the ellipse (semi-axes 20 along x, 10 along y).
    for (const p of ellipse.outline) expect(((p.x - 30) / 20) ** 2 + ((p.y - 50) / 10) ** 2).toBeCloseTo(1);

    expect(markGeometry({ kind: 'point', point: { x: 3, y: 4 } })).toEqual({
      centre: { x: 3, y: 4 },
      radius: null,
      outline: [],
    });
  });

  test('abnormalityOf names calcifications CALC and masses by the margin the report gives', () => {
    expect(abnormalityOf({ type: 'calcifications' }, null)).toBe('CALC');
    expect(abnormalityOf({ type: 'mass' }, 'circumscribed')).toBe('CIRC');
    expect(abnormalityOf({ type: 'mass' }, 'spiculated')).toBe('SPIC');
    expect(abnormalityOf({ type: 'mass' }, 'indistinct')).toBe('MISC');
    expect(abnormalityOf({ type: 'mass' }, null)).toBe('MISC');
  });
});
