import { clockPosition, depthThird } from './clockFace';

describe('clockPosition', () => {
  it('clockPosition puts lateral at 9 o’clock on the right breast and at 3 on the left, superior at 12', () => {
    expect(clockPosition('R', 20, 0, 5)).toBe(9);
    expect(clockPosition('L', 20, 0, 5)).toBe(3);
    expect(clockPosition('R', 0, 20, 5)).toBe(12);
    expect(clockPosition('L', 0, -20, 5)).toBe(6);
    expect(clockPosition('R', -20, 0, 5)).toBe(3);
  });

  it('clockPosition reads the upper-outer quadrant as 9–12 on the right and 12–3 on the left', () => {
    expect(clockPosition('R', 15, 20, 5)).toBe(11);
    expect(clockPosition('L', 15, 20, 5)).toBe(1);
    expect(clockPosition('L', 20, -10, 5)).toBe(4);
  });

  it('clockPosition gives no hour to a lesion on the nipple axis', () => {
    expect(clockPosition('R', 3, -4, 5)).toBeNull();
  });
});

describe('depthThird', () => {
  it('depthThird splits the nipple-to-chest-wall distance in thirds', () => {
    expect([0, 0.2, 0.34, 0.6, 0.67, 1.1].map(depthThird)).toEqual([
      'anterior',
      'anterior',
      'middle',
      'middle',
      'posterior',
      'posterior',
    ]);
  });
});
