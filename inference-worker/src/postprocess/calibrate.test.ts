import { plattScore } from './calibrate';

describe('calibrate', () => {
  it('plattScore applies sigmoid(a * logit + b)', () => {
    expect(plattScore(0, { a: 1, b: 0 })).toBe(0.5);
    expect(plattScore(1, { a: 2, b: -1 })).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(plattScore(-3, { a: 0.5, b: 0.2 })).toBeCloseTo(1 / (1 + Math.exp(1.3)), 12);
  });
});
