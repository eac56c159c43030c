import type { LesionType } from '@sentinelle/reporting';
import type { ContentExtent, LesionMaps } from './lesionMaps';
import { LESION_CHANNELS, channelOffset, checkLesionMaps, contentCells } from './lesionMaps';

export interface PeakCandidate {
  readonly type: LesionType;
  readonly row: number;
  readonly col: number;
  /** Map probability at the peak, as the model gave it (the lesion threshold is on this scale). */
  readonly score: number;
  readonly aboveThreshold: boolean;
}

export interface FindPeaksOptions {
  /** Operating point on the map probability (the registry's lesion threshold). */
  readonly lesionThreshold: number;
  /** Probability below which a peak is not even a candidate; default half the threshold. */
  readonly candidateFloor?: number;
  /** Default 10: more marks than that on one view help no reader. */
  readonly maxPeaks?: number;
  /** Peaks of one type closer than this (cells, Euclidean) to a stronger one are dropped; default 2. */
  readonly nmsRadiusCells?: number;
  /** Model input area holding image content (the rest is padding); peaks outside are ignored. */
  readonly extent?: ContentExtent;
}

/**
 * Local maxima of the mass and calcification channels (3x3 neighbourhood), at or above the
 * candidate floor, thinned by non-maximum suppression per channel (a mass and a calcification
 * cluster may share a place), strongest first, at most `maxPeaks` over both channels.
 */
export function findPeaks(maps: LesionMaps, options: FindPeaksOptions): PeakCandidate[] {
  checkLesionMaps(maps);
  const { lesionThreshold } = options;
  const floor = options.candidateFloor ?? lesionThreshold / 2;
  const maxPeaks = options.maxPeaks ?? 10;
  const radius2 = (options.nmsRadiusCells ?? 2) ** 2;
  const { data, width, height } = maps;
  // Peaks must sit on image content, but are compared with every neighbour: a blob whose summit
  // lies in the padding is the model answering to the padding's edge, not a lesion.
  const { rows, cols } = contentCells(maps, options.extent);

  const all: PeakCandidate[] = [];
  for (const type of LESION_CHANNELS) {
    const base = channelOffset(maps, type);
    const found: { row: number; col: number; p: number }[] = [];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const p = data[base + i * width + j]!;
        if (!(p >= floor) || !isLocalMax(data, base, width, height, i, j, p)) continue;
        found.push({ row: i, col: j, p });
      }
    }
    found.sort((u, v) => v.p - u.p || u.row - v.row || u.col - v.col);
    const kept: typeof found = [];
    for (const c of found) {
      if (kept.some((k) => (k.row - c.row) ** 2 + (k.col - c.col) ** 2 <= radius2)) continue;
      kept.push(c);
      all.push({ type, row: c.row, col: c.col, score: c.p, aboveThreshold: c.p >= lesionThreshold });
    }
  }
  all.sort((u, v) => v.score - u.score || u.row - v.row || u.col - v.col);
  return all.slice(0, maxPeaks);
}

// Strictly above the neighbours before it in raster order, at least equal to those after: a flat
// top yields one peak (its first cell), not one per cell.
function isLocalMax(
  data: Float32Array,
  base: number,
  width: number,
  height: number,
  i: number,
  j: number,
  p: number,
): boolean {
  for (let di = -1; di <= 1; di++) {
    const y = i + di;
    if (y < 0 || y >= height) continue;
    for (let dj = -1; dj <= 1; dj++) {
      const x = j + dj;
      if ((di === 0 && dj === 0) || x < 0 || x >= width) continue;
      const q = data[base + y * width + x]!;
      const before = di < 0 || (di === 0 && dj < 0);
      if (before ? q >= p : q > p) return false;
    }
  }
  return true;
}
