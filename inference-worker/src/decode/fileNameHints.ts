import type { Laterality, MammoView } from '../image/decodedImage';

export interface FileNameHints {
  readonly laterality: Laterality | null;
  readonly view: MammoView | null;
}

const LATERALITY_WORDS: Readonly<Record<string, Laterality>> = { l: 'L', left: 'L', r: 'R', right: 'R' };
const VIEW_WORDS: Readonly<Record<string, MammoView>> = {
  cc: 'CC',
  mlo: 'MLO',
  ml: 'ML',
  lm: 'LM',
  xccl: 'XCCL',
};
/** "lcc", "rmlo"...: side and view run together, a common export naming. */
const JOINED = /^([lr])(cc|mlo|ml|lm|xccl)$/;

/**
 * Laterality and view stated by a file name such as `0_L-CC.png`, `R_MLO.png`, `left_cc.png` or
 * `RMLO.png`. Only whole words separated by punctuation count, and a name stating two sides (or
 * two views) states none: a wrong side would put findings on the wrong breast.
 */
export function hintsFromFileName(path: string): FileNameHints {
  const base = path.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '').toLowerCase();
  const sides = new Set<Laterality>();
  const views = new Set<MammoView>();
  for (const word of stem.split(/[^a-z0-9]+/)) {
    const joined = JOINED.exec(word);
    const side = joined ? LATERALITY_WORDS[joined[1]!] : LATERALITY_WORDS[word];
    const view = joined ? VIEW_WORDS[joined[2]!] : VIEW_WORDS[word];
    if (side) sides.add(side);
    if (view) views.add(view);
  }
  return { laterality: only(sides), view: only(views) };
}

function only<T>(values: Set<T>): T | null {
  return values.size === 1 ? values.values().next().value! : null;
}
