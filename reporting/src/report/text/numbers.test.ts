import { decimal, millimetres } from './numbers';

describe('report numbers', () => {
  it('decimal writes a decimal comma in French and a point in English, without grouping', () => {
    expect(decimal('fr', 0.87, 2)).toBe('0,87');
    expect(decimal('en', 0.87, 2)).toBe('0.87');
    expect(decimal('fr', 0.5, 2)).toBe('0,50');
    expect(decimal('fr', 12345.678, 1)).toBe('12345,7');
  });

  it('millimetres rounds to the whole millimetre and says "< 1 mm" below half of one', () => {
    expect(millimetres(8.2)).toBe('8\u00A0mm');
    expect(millimetres(7.6)).toBe('8\u00A0mm');
    expect(millimetres(0.3)).toBe('<\u00A01\u00A0mm');
  });
});
