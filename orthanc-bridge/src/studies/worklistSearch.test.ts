import { searchWords } from '@sentinelle/reporting/text';
import { accessionMatches, ageOn, nameMatches } from './worklistSearch';

describe('worklistSearch', () => {
  test('nameMatches wants each search word to begin a word of the name, in any order', () => {
    const name = 'LEFÈVRE^Anne-Marie';
    expect(nameMatches(name, searchWords('lefevre'))).toBe(true);
    expect(nameMatches(name, searchWords('anne lef'))).toBe(true);
    expect(nameMatches(name, searchWords('MARIE'))).toBe(true);
    expect(nameMatches(name, searchWords('fevre'))).toBe(false);
    expect(nameMatches(name, searchWords('lefevre paul'))).toBe(false);
    expect(nameMatches(null, searchWords('anne'))).toBe(false);
    expect(nameMatches(name, [])).toBe(false);
  });

  test('accessionMatches compares the whole number, whatever the case', () => {
    expect(accessionMatches('ACC-12', ' acc-12 ')).toBe(true);
    expect(accessionMatches('ACC-12', 'ACC-1')).toBe(false);
    expect(accessionMatches(null, 'ACC-1')).toBe(false);
  });

  test('ageOn counts whole years on the exam date, and gives up on what is not a date', () => {
    expect(ageOn('19700615', '2025-01-02')).toBe(54);
    expect(ageOn('19700615', '2025-06-15')).toBe(55);
    expect(ageOn('19700615', '2025-06-14')).toBe(54);
    expect(ageOn('1970', '2025-06-14')).toBeNull();
    expect(ageOn('19701315', '2025-06-14')).toBeNull();
    expect(ageOn('20300101', '2025-06-14')).toBeNull();
    expect(ageOn(null, '2025-06-14')).toBeNull();
    expect(ageOn('19700615', null)).toBeNull();
  });
});
