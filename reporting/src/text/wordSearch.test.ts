import { foldText, searchWords, wordsBeginWords } from './wordSearch';

test('foldText drops case, accents and DICOM PN separators', () => {
  expect(foldText('LEFÈVRE^Anne-Marie')).toBe('lefevre anne marie');
  expect(foldText('  Ñúñez^Zoé  ')).toBe('nunez zoe');
});

test('searchWords gives the folded words typed, none for punctuation only', () => {
  expect(searchWords(' Anne  LEF ')).toEqual(['anne', 'lef']);
  expect(searchWords('---')).toEqual([]);
});

test('wordsBeginWords wants each typed word to begin a word of the text, in any order', () => {
  const name = 'Lefèvre^Anne-Marie';
  expect(wordsBeginWords(name, searchWords('anne lef'))).toBe(true);
  expect(wordsBeginWords(name, searchWords('MARIE'))).toBe(true);
  expect(wordsBeginWords(name, searchWords('fevre'))).toBe(false);
  expect(wordsBeginWords(name, searchWords('lefevre paul'))).toBe(false);
  expect(wordsBeginWords(name, [])).toBe(true);
});
