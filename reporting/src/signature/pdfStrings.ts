import { randomBytes } from 'node:crypto';

/**
 * The signature dictionary's text (/Reason, /Name, /Location) as UTF-16BE hex strings.
 *
 * @signpdf/placeholder-plain writes PDF strings through `Buffer.from(string)`, which UTF-8-encodes
 * the UTF-16 bytes it has just made: "signé" comes out garbled (vbuch/node-signpdf#174, closed
 * as wontfix). So the placeholder is given ASCII markers exactly as long as the hex strings, and
 * the markers are then overwritten in place: same length, so no offset in the cross-reference
 * table moves, and all of it before the signature is computed.
 */

/** A PDF text string in hex: FEFF then UTF-16BE, ASCII bytes only. */
export function pdfHexString(text: string): string {
  return `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

export interface StringMarker {
  /** What to give the placeholder: it writes it as "(marker)". */
  readonly marker: string;
  /** What "(marker)" becomes. */
  readonly replacement: string;
}

/** A marker whose literal "(marker)" is as long as the hex string of `text` (4 hex digits a UTF-16 unit). */
export function stringMarker(text: string): StringMarker {
  const replacement = pdfHexString(text);
  const length = replacement.length - 2;
  const marker = randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)
    .replace(/^./, 'M'); // never empty of letters, never taken for a number
  return { marker, replacement };
}

/** Overwrites each "(marker)" found once after `from` with its hex string; throws when one is not found once. */
export function replaceMarkers(pdf: Buffer, from: number, markers: readonly StringMarker[]): void {
  for (const { marker, replacement } of markers) {
    const literal = `(${marker})`;
    const at = pdf.indexOf(literal, from, 'latin1');
    if (at < 0 || pdf.indexOf(literal, at + 1, 'latin1') >= 0) {
      throw new Error('the signature placeholder did not write its text where expected');
    }
    pdf.write(replacement, at, 'latin1');
  }
}
