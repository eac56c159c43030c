import { Z_975 } from './normal';

/** A proportion with its Wilson 95% interval (sound near 0 and 1, unlike the Wald interval). */
export interface Proportion {
  readonly value: number | null;
  readonly successes: number;
  readonly total: number;
  readonly ci95: readonly [number, number] | null;
}

export function wilson(successes: number, total: number): Proportion {
  if (total === 0) return { value: null, successes, total, ci95: null };
  const p = successes / total;
  const z2 = Z_975 ** 2;
  const centre = (p + z2 / (2 * total)) / (1 + z2 / total);
  const half = (Z_975 * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / (1 + z2 / total);
  return { value: p, successes, total, ci95: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}
