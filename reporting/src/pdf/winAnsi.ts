/**
 * The standard 14 fonts (Helvetica) are not embedded: pdfkit writes their text in WinAnsiEncoding,
 * one byte a character. Latin-1 and a few typographic characters (œ, €, –, …, ’, « ») fit; any
 * other character would be written as garbage bytes, so it is replaced first by its nearest WinAnsi
 * spelling, or "?" when it has none.
 */

/** WinAnsi's characters in 0x80–0x9F, beyond Latin-1 (CP1252). */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Spellings for characters French text and formatted numbers produce that WinAnsi lacks. */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u202f': '\u00a0', // narrow no-break space (Intl's French thousands separator, before « : ; ! ?)
  '\u2007': '\u00a0', // figure space
  '\u2009': ' ', // thin space
  '\u200a': ' ', // hair space
  '\u2002': ' ', // en space
  '\u2003': ' ', // em space
  '\u200b': '', // zero-width space
  '\u00ad': '', // soft hyphen: pdfkit would print it
  '\u2010': '-',
  '\u2011': '-', // non-breaking hyphen
  '\u2212': '-', // minus sign
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2248': '~',
  '\u2032': "'",
  '\u2033': '"',
  '\t': ' ',
};

function encodable(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    CP1252_EXTRAS.has(char)
  );
}

export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const substitute = SUBSTITUTES[char];
    if (substitute !== undefined) out += substitute;
    else if (char === '\r')
      continue; // "\r\n" from a form: the "\n" breaks the line
    else out += encodable(char) ? char : '?';
  }
  return out;
}
