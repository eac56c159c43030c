import { calibrateProbability, logit, plattInverse, plattScore } from './calibrate';

describe('calibrate', () => {
  it('plattScore applies sigmoid(a * logit + b) and plattInverse undoes it', () => {
    expect(plattScore(0, { a: 1, b: 0 })).toBe(0.5);
    expect(plattScore(1, { a: 2, b: -1 })).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(plattScore(-3, { a: 0.5, b: 0.2 })).toBeCloseTo(1 / (1 + Math.exp(1.3)), 12);
    expect(plattInverse(plattScore(0.7, { a: 1.7, b: -0.4 }), { a: 1.7, b: -0.4 })).toBeCloseTo(0.7, 9);
  });

  it('calibrateProbability keeps saturated map values finite and leaves them alone without parameters', () => {
    expect(Number.isFinite(logit(1))).toBe(true);
    expect(Number.isFinite(logit(0))).toBe(true);
    expect(calibrateProbability(1, { a: 1, b: -1 })).toBeLessThan(1);
    expect(calibrateProbability(0.42, undefined)).toBe(0.42);
    expect(calibrateProbability(0.42, { a: 1, b: 0 })).toBeCloseTo(0.42, 9);
  });
});
