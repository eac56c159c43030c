import type { Point } from './imageTransform';
import type { BreastRegion } from './breastRegion';

/**
 * The breast thumbnail seen with the chest wall on the left, as the model sees the image: the
 * landmark finders are written once for that orientation, and their answers are mapped back to
 * ORIGINAL pixels here, so a right breast (chest wall on the right) gets the mirror of the same
 * search rather than a second, subtly different one.
 */
export interface CanonicalThumbnail {
  readonly width: number;
  readonly height: number;
  /** Unit intensities, chest wall at x = 0. */
  readonly values: Float32Array;
  /** 1 = breast, same grid. */
  readonly mask: Uint8Array;
  /** Original pixels per thumbnail pixel. */
  readonly factor: number;
  readonly flipped: boolean;
  readonly originalWidth: number;
  readonly originalHeight: number;
}

export function canonicalThumbnail(
  region: BreastRegion,
  flipped: boolean,
  originalWidth: number,
  originalHeight: number,
): CanonicalThumbnail {
  const { thumbWidth: w, thumbHeight: h } = region;
  const values = new Float32Array(w * h);
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = y * w + (flipped ? w - 1 - x : x);
      values[y * w + x] = region.thumb[from]!;
      mask[y * w + x] = region.mask[from]!;
    }
  }
  return { width: w, height: h, values, mask, factor: region.factor, flipped, originalWidth, originalHeight };
}

/**
 * Canonical thumbnail coordinates (pixel centres at integers) -> ORIGINAL pixels. A thumbnail
 * pixel averages `factor` original pixels a side, its centre lies (factor - 1) / 2 into them (the
 * last, possibly partial, column is placed as if whole: off by less than half a thumbnail pixel).
 */
export function thumbToOriginal(t: CanonicalThumbnail, p: Point): Point {
  const half = (t.factor - 1) / 2;
  const x = p.x * t.factor + half;
  return { x: t.flipped ? t.originalWidth - 1 - x : x, y: p.y * t.factor + half };
}
