import { toWinAnsi } from './winAnsi';

describe('toWinAnsi', () => {
  test('toWinAnsi keeps French letters, guillemets, œ, apostrophes, dashes, ellipsis and euro', () => {
    const text = 'Élève « sœur » l’Œuvre – ça coûte 10 € … naïve ÿ';
    expect(toWinAnsi(text)).toBe(text);
  });

  test('toWinAnsi composes decomposed accents instead of losing them', () => {
    expect(toWinAnsi('he\u0301te\u0301roge\u0300ne')).toBe('hétérogène');
  });

  test('toWinAnsi spells characters WinAnsi lacks with ones it has', () => {
    expect(toWinAnsi('1\u202f234\u00a0mm, lésion ≥ 10 mm, x ≤ 2, −3, a→b, co\u00adop')).toBe(
      '1\u00a0234\u00a0mm, lésion >= 10 mm, x <= 2, -3, a->b, coop',
    );
  });

  test('toWinAnsi replaces what it cannot spell with one "?" a character, and keeps line breaks', () => {
    expect(toWinAnsi('α 😀 漢\r\nfin\tici')).toBe('? ? ?\nfin ici');
  });
});
