import { agedPriority, promote } from './aging';

const minute = 60_000;

describe('aging', () => {
  it('promote moves screening to diagnostic to stat and keeps stat', () => {
    expect(promote('screening')).toBe('diagnostic');
    expect(promote('diagnostic')).toBe('stat');
    expect(promote('stat')).toBe('stat');
  });

  it('agedPriority keeps the requested priority before the aging delay', () => {
    expect(agedPriority('screening', 0, 15 * minute)).toBe('screening');
    expect(agedPriority('screening', 15 * minute - 1, 15 * minute)).toBe('screening');
    expect(agedPriority('screening', -5 * minute, 15 * minute)).toBe('screening');
  });

  it('agedPriority moves a job up one level per full delay waited, up to stat', () => {
    expect(agedPriority('screening', 15 * minute, 15 * minute)).toBe('diagnostic');
    expect(agedPriority('screening', 30 * minute - 1, 15 * minute)).toBe('diagnostic');
    expect(agedPriority('screening', 30 * minute, 15 * minute)).toBe('stat');
    expect(agedPriority('screening', 10 * 60 * minute, 15 * minute)).toBe('stat');
    expect(agedPriority('diagnostic', 15 * minute, 15 * minute)).toBe('stat');
    expect(agedPriority('stat', 60 * minute, 15 * minute)).toBe('stat');
  });

  it('agedPriority refuses a delay that is not positive', () => {
    expect(() => agedPriority('screening', 1, 0)).toThrow(/positive/);
  });
});
