import type { LesionType } from '@sentinelle/reporting';
import type { Point } from '../preprocess/imageTransform';

/**
 * The model's dense lesion maps for one image: probabilities in 0..1, shape [3, height, width],
 * channels in MAP_CHANNELS order. Cell (i, j) looks at model input pixels around its centre
 * ((j + 0.5) * stride - 0.5, (i + 0.5) * stride - 0.5).
 */
export interface LesionMaps {
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
  /** Model input pixels per map cell (8 for the current model). */
  readonly stride: number;
}

export const MAP_CHANNELS = { mass: 0, calcifications: 1, malignant: 2 } as const;
export const LESION_CHANNELS: readonly LesionType[] = ['mass', 'calcifications'];

/** Throws on maps whose size does not match their declared shape (a model/input mismatch). */
export function checkLesionMaps(maps: LesionMaps): void {
  const { data, height, width, stride } = maps;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new Error(`lesion maps: bad size ${width}x${height}`);
  }
  if (!(stride > 0)) throw new Error(`lesion maps: stride must be positive, got ${stride}`);
  if (data.length !== 3 * height * width) {
    throw new Error(
      `lesion maps: expected 3x${height}x${width} = ${3 * height * width} values, got ${data.length}`,
    );
  }
}

/** Offset of a channel's plane in `data`. */
export function channelOffset(maps: LesionMaps, type: LesionType): number {
  return MAP_CHANNELS[type] * maps.height * maps.width;
}

/** Model input pixel coordinates of a cell's centre. */
export function cellCentre(stride: number, row: number, col: number): Point {
  return { x: (col + 0.5) * stride - 0.5, y: (row + 0.5) * stride - 0.5 };
}

/**
 * The part of the model input that holds image content: model pixels whose centres lie in
 * [-0.5, width - 0.5] x [-0.5, height - 0.5]; beyond is padding.
 */
export interface ContentExtent {
  readonly width: number;
  readonly height: number;
}

/** Number of leading rows and columns of cells whose centre lies in the content. */
export function contentCells(
  maps: LesionMaps,
  extent: ContentExtent | undefined,
): { rows: number; cols: number } {
  if (extent === undefined) return { rows: maps.height, cols: maps.width };
  // Cell j's centre (j + 0.5) * stride - 0.5 <= width - 0.5  <=>  j <= width / stride - 0.5.
  const count = (size: number, cells: number) =>
    Math.min(cells, Math.max(0, Math.floor(size / maps.stride - 0.5) + 1));
  return { rows: count(extent.height, maps.height), cols: count(extent.width, maps.width) };
}
