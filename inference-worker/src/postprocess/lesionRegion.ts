import type { LesionType } from '@sentinelle/reporting';
import type { Point } from '../preprocess/imageTransform';
import type { ContentExtent, LesionMaps } from './lesionMaps';
import { cellCentre, channelOffset, contentCells } from './lesionMaps';

/** A lesion's cells on its channel's map. */
export interface LesionRegion {
  readonly type: LesionType;
  readonly peakRow: number;
  readonly peakCol: number;
  /** Raw map probability at the peak. */
  readonly peak: number;
  /** Raw map probability bounding the region from below. */
  readonly level: number;
  /** Flat indices (row * width + col) into the channel's plane. */
  readonly cells: Int32Array;
  /** Inclusive cell bounding box. */
  readonly box: {
    readonly row0: number;
    readonly row1: number;
    readonly col0: number;
    readonly col1: number;
  };
  /** Probability-weighted centroid, model input pixels. */
  readonly centroid: Point;
}

export interface GrowRegionOptions {
  /** Lower bound on the region level (raw probability). */
  readonly floor: number;
  /** The map's level around the lesion (localBackground); 0 when unknown. */
  readonly background?: number;
  /** Cells a region may take (1 = inside the breast); all when absent. */
  readonly allowed?: Uint8Array;
  /** Cells already given to a stronger lesion of the same type (1 = taken); left untouched. */
  readonly claimed?: Uint8Array;
  readonly extent?: ContentExtent;
}

/** Bounds of the outline level, as shares of the peak. */
const MIN_LEVEL_SHARE = 0.5;
const MAX_LEVEL_SHARE = 0.8;

/**
 * The level at which a lesion's outline is traced: half-way from the local background up to the
 * peak. The mass and calcification maps were trained on filled lesion discs, so a well-fitted
 * map steps from the background to the peak at the lesion's edge and its half-way level lies on
 * that edge. Half the peak alone ignored the background: over dense tissue the outline ran out
 * across the map's plateau (a 22 mm mass measured 63 mm). Bounded to 50-80 % of the peak, so that
 * a lesion on a bright plateau does not shrink to its tip, and never below the candidate floor.
 */
export function outlineLevel(peak: number, background: number, floor: number): number {
  const halfway = background + 0.5 * (peak - background);
  const bounded = Math.min(MAX_LEVEL_SHARE * peak, Math.max(MIN_LEVEL_SHARE * peak, halfway));
  return Math.max(bounded, floor);
}

/**
 * The cells 8-connected to the peak with level <= p <= peak (outlineLevel), inside the allowed
 * cells. The level follows the lesion's own contrast (a faint lesion is not cut to its tip, a
 * strong one does not swallow the tissue around it); capping at the peak stops a weaker lesion's
 * region from climbing into a stronger neighbour, and `claimed` keeps regions of one type disjoint.
 */
export function growRegion(
  maps: LesionMaps,
  type: LesionType,
  peakRow: number,
  peakCol: number,
  options: GrowRegionOptions,
): LesionRegion {
  const { data, width, stride } = maps;
  const { rows, cols } = contentCells(maps, options.extent);
  const base = channelOffset(maps, type);
  const peak = data[base + peakRow * width + peakCol]!;
  const level = outlineLevel(peak, options.background ?? 0, options.floor);
  const { claimed, allowed } = options;

  const seen = new Uint8Array(maps.height * width);
  const queue = new Int32Array(maps.height * width);
  let head = 0;
  let tail = 0;
  const start = peakRow * width + peakCol;
  queue[tail++] = start;
  seen[start] = 1;
  let row0 = peakRow;
  let row1 = peakRow;
  let col0 = peakCol;
  let col1 = peakCol;
  // Weights p - level fall to zero at the region's edge, so where the level cuts an off-grid
  // blob unevenly the centroid is barely pulled (plain p weights would be).
  let sw = 0;
  let sx = 0;
  let sy = 0;
  while (head < tail) {
    const index = queue[head++]!;
    const i = Math.floor(index / width);
    const j = index - i * width;
    const w = data[base + index]! - level;
    sw += w;
    sx += w * j;
    sy += w * i;
    if (i < row0) row0 = i;
    if (i > row1) row1 = i;
    if (j < col0) col0 = j;
    if (j > col1) col1 = j;
    for (let di = -1; di <= 1; di++) {
      const y = i + di;
      if (y < 0 || y >= rows) continue;
      for (let dj = -1; dj <= 1; dj++) {
        const x = j + dj;
        if (x < 0 || x >= cols) continue;
        const n = y * width + x;
        if (seen[n] || claimed?.[n] || (allowed && !allowed[n])) continue;
        const p = data[base + n]!;
        if (p < level || p > peak) continue;
        seen[n] = 1;
        queue[tail++] = n;
      }
    }
  }
  // A region whose cells all sit at the level has no weight: its peak cell stands for it.
  const cr = sw > 0 ? sy / sw : peakRow;
  const cc = sw > 0 ? sx / sw : peakCol;
  return {
    type,
    peakRow,
    peakCol,
    peak,
    level,
    cells: queue.slice(0, tail),
    box: { row0, row1, col0, col1 },
    centroid: cellCentre(stride, cr, cc),
  };
}
