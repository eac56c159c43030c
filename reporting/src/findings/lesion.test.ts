import { LesionSchema } from './lesion';

const mass = {
  id: 'L1',
  type: 'mass',
  score: 0.8,
  aboveThreshold: true,
  centre: { x: 10, y: 10 },
  outline: [
    { x: 5, y: 5 },
    { x: 15, y: 5 },
    { x: 10, y: 15 },
  ],
  diameterPx: 11.2,
  diameterMm: 2.2,
  shape: 'irregular',
  calcificationCount: null,
};

describe('LesionSchema', () => {
  it('LesionSchema accepts a mass with a shape and no calcification count', () => {
    expect(LesionSchema.parse(mass)).toEqual(mass);
  });

  it('LesionSchema rejects descriptors of the other lesion type and an outline of two points', () => {
    expect(LesionSchema.safeParse({ ...mass, calcificationCount: 3 }).success).toBe(false);
    expect(LesionSchema.safeParse({ ...mass, type: 'calcifications', calcificationCount: 3 }).success).toBe(
      false,
    );
    expect(
      LesionSchema.safeParse({ ...mass, type: 'calcifications', shape: null, calcificationCount: 3 }).success,
    ).toBe(true);
    expect(LesionSchema.safeParse({ ...mass, outline: mass.outline.slice(0, 2) }).success).toBe(false);
    expect(LesionSchema.safeParse({ ...mass, shape: 'lobulated' }).success).toBe(false);
  });
});
