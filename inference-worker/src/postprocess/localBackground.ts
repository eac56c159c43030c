import type { LesionType } from '@sentinelle/reporting';
import type { LesionMaps } from './lesionMaps';
import { channelOffset } from './lesionMaps';

/** Inner radius of the ring the background is read from, mm: beyond most screening lesions' radius. */
export const BACKGROUND_RING_MM = 15;

/**
 * The map's level around a peak, where no lesion is: the lower quartile of the channel over the
 * ring between r and 2r cells (Chebyshev) around it, breast cells only. A lesion map over dense
 * tissue does not fall to zero around a mass; half the peak above this level, rather than half
 * the peak, follows the lesion's own edge instead of the tissue's plateau (the quartile, not the
 * median, so that a lesion filling up to three quarters of the ring does not raise it).
 * 0 when the ring holds no breast cell.
 */
export function localBackground(
  maps: LesionMaps,
  type: LesionType,
  row: number,
  col: number,
  ringCells: number,
  allowed: Uint8Array | undefined,
  rows: number,
  cols: number,
): number {
  const base = channelOffset(maps, type);
  const r = Math.max(1, Math.round(ringCells));
  const values: number[] = [];
  for (let i = Math.max(0, row - 2 * r); i <= Math.min(rows - 1, row + 2 * r); i++) {
    for (let j = Math.max(0, col - 2 * r); j <= Math.min(cols - 1, col + 2 * r); j++) {
      if (Math.max(Math.abs(i - row), Math.abs(j - col)) < r) continue;
      const index = i * maps.width + j;
      if (allowed && !allowed[index]) continue;
      values.push(maps.data[base + index]!);
    }
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  return values[Math.floor((values.length - 1) / 4)]!;
}
