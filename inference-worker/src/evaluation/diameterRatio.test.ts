import { diameterRatios, matchingMass, median } from './diameterRatio';

const mark = (
  x: number,
  y: number,
  score: number,
  diameterPx: number,
  type: 'mass' | 'calcifications' = 'mass',
) => ({
  type,
  x,
  y,
  score,
  diameterPx,
});

describe('diameterRatio', () => {
  it('matchingMass takes the strongest mass mark whose centre lies in the circle and ignores calcifications', () => {
    const circle = { x: 100, y: 100, radius: 20 };
    const marks = [
      mark(105, 100, 0.4, 30),
      mark(110, 110, 0.6, 50),
      mark(100, 100, 0.9, 10, 'calcifications'),
      mark(200, 200, 0.99, 40),
    ];
    expect(matchingMass(marks, circle)?.diameterPx).toBe(50);
    expect(matchingMass([mark(130, 100, 0.9, 10)], circle)).toBeNull();
  });

  it('median handles odd and even counts and an empty list', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('diameterRatios divides the matched mark diameter by twice the radius and counts unmatched masses', () => {
    const summary = diameterRatios([
      { marks: [mark(10, 10, 0.5, 40)], masses: [{ x: 10, y: 10, radius: 10 }] },
      { marks: [], masses: [{ x: 50, y: 50, radius: 5 }] },
      { marks: [mark(60, 60, 0.5, 10)], masses: [{ x: 60, y: 60, radius: 10 }] },
    ]);
    expect(summary.ratios).toEqual([2, 0.5]);
    expect(summary.median).toBe(1.25);
    expect(summary).toMatchObject({ matched: 2, masses: 3 });
  });
});
