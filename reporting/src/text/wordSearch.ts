/**
 * How Sentinelle compares what a physician types with a name or a description: case, accents and
 * separators (DICOM PN's ^, hyphens) ignored, each typed word beginning a word of the text. The
 * bridge's worklist search and the viewer's column filters answer the same way.
 */

/** Lower case, accents and separators gone: "Lefèvre^Anne-Marie" → "lefevre anne marie". */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The typed words, folded; empty when the text holds no letter or digit. */
export function searchWords(typed: string): string[] {
  const folded = foldText(typed);
  return folded === '' ? [] : folded.split(' ');
}

/**
 * Whether each typed word begins one of the text's words, in any order: "lef an" finds
 * "LEFEVRE^Anne", "anne" finds "Lefèvre^Anne-Marie", "fevre" finds nothing. No word: true.
 */
export function wordsBeginWords(text: string, words: readonly string[]): boolean {
  const textWords = foldText(text).split(' ');
  return words.every((word) => textWords.some((t) => t.startsWith(word)));
}
