/**
 * Size check on lesions with a known extent (mini-MIAS masses: a circle around each): the
 * predicted longest diameter over the true one (2 × radius), for the mark that matches the circle.
 */

export interface SizedMark {
  readonly type: 'mass' | 'calcifications';
  readonly x: number;
  readonly y: number;
  readonly score: number;
  /** Longest diameter of the traced outline, image pixels. */
  readonly diameterPx: number;
}

export interface TruthCircle {
  readonly x: number;
  readonly y: number;
  readonly radius: number;
}

/**
 * The mass mark matching a circle: the highest-scoring mass mark whose centre lies inside it
 * (the FROC's hit rule); null when the model marked nothing there.
 */
export function matchingMass(marks: readonly SizedMark[], circle: TruthCircle): SizedMark | null {
  let best: SizedMark | null = null;
  for (const m of marks) {
    if (m.type !== 'mass' || Math.hypot(m.x - circle.x, m.y - circle.y) > circle.radius) continue;
    if (!best || m.score > best.score) best = m;
  }
  return best;
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface DiameterRatioSummary {
  /** Median of predicted / true diameter over the matched masses; NaN when none matched. */
  readonly median: number;
  readonly matched: number;
  /** Masses with a truth circle. */
  readonly masses: number;
  readonly ratios: number[];
}

export function diameterRatios(
  images: readonly { readonly marks: readonly SizedMark[]; readonly masses: readonly TruthCircle[] }[],
): DiameterRatioSummary {
  const ratios: number[] = [];
  let masses = 0;
  for (const image of images) {
    for (const circle of image.masses) {
      masses++;
      const mark = matchingMass(image.marks, circle);
      if (mark && circle.radius > 0) ratios.push(mark.diameterPx / (2 * circle.radius));
    }
  }
  return { median: median(ratios), matched: ratios.length, masses, ratios };
}
