import type { CanonicalThumbnail } from './canonicalThumbnail';
import type { Point } from './imageTransform';

/**
 * The pectoral muscle's edge on an MLO view, in canonical thumbnail coordinates (chest wall on
 * the left): the muscle is the bright triangle in the breast's upper chest-wall corner, bounded by
 * a nearly straight edge from the top of the breast down to the chest wall. `top` is where the
 * edge leaves the breast's top row, `chestWall` where it meets the chest wall column.
 */
export interface PectoralEdge {
  readonly top: Point;
  readonly chestWall: Point;
}

/** Samples each side of the edge, thumbnail pixels: a band wide enough to average texture out. */
const BAND = 3;
/** Step of the first search over the edge's ends, thumbnail pixels; the second is every pixel around the best. */
const COARSE = 3;
/** Step between the points sampled along an edge, thumbnail pixels. */
const ALONG = 2;
/** The edge must have breast on both sides over this share of its length. */
const MIN_COVERAGE = 0.6;
/** And be brighter on the muscle side at this share of its points (one edge, not a few spots). */
const MIN_CONSISTENCY = 0.85;
/**
 * Contrast across the edge, and between the triangle and the rest of the breast, in standard
 * deviations of the breast's intensities. The muscle is the densest large structure of an MLO
 * view, but its edge is often soft (on mini-MIAS films a quarter of a deviation across 3 mm):
 * the triangle's overall brightness is the stronger evidence.
 */
const MIN_EDGE_CONTRAST = 0.2;
const MIN_TRIANGLE_CONTRAST = 0.5;

/**
 * Fits the edge as the straight line from (x0 + a, y0) to (x0, y0 + b) (x0, y0: the breast's
 * chest wall column and top row) with the highest mean contrast across it, searched over the
 * extents a muscle takes (a from 8 to 80 % of the breast's depth, b from 12 % of its height to its
 * bottom), first every third pixel and then around the best. Null when no line separates a
 * bright triangle clearly enough: no edge is better than a wrong one, which would hide lesions.
 */
export function findPectoralEdge(t: CanonicalThumbnail): PectoralEdge | null {
  const box = breastBox(t);
  if (!box) return null;
  const { x0, y0, depth, height } = box;
  const stats = breastStats(t);
  if (!(stats.std > 0)) return null;

  const aMin = Math.max(3, Math.round(0.08 * depth));
  const aMax = Math.round(0.8 * depth);
  const bMin = Math.max(3, Math.round(0.12 * height));
  const bMax = height - 1;
  if (aMax < aMin || bMax < bMin) return null;

  let best = { a: 0, b: 0, score: -Infinity };
  const consider = (a: number, b: number) => {
    if (a < aMin || a > aMax || b < bMin || b > bMax) return;
    const edge = edgeContrast(t, x0, y0, a, b);
    if (edge.coverage >= MIN_COVERAGE && edge.contrast > best.score) best = { a, b, score: edge.contrast };
  };
  for (let a = aMin; a <= aMax; a += COARSE) for (let b = bMin; b <= bMax; b += COARSE) consider(a, b);
  if (best.score === -Infinity) return null;
  const coarse = best;
  for (let a = coarse.a - COARSE + 1; a < coarse.a + COARSE; a++) {
    for (let b = coarse.b - COARSE + 1; b < coarse.b + COARSE; b++) consider(a, b);
  }

  const edge = edgeContrast(t, x0, y0, best.a, best.b);
  if (edge.contrast < MIN_EDGE_CONTRAST * stats.std || edge.consistency < MIN_CONSISTENCY) return null;
  const triangle = triangleContrast(t, x0, y0, best.a, best.b);
  if (triangle < MIN_TRIANGLE_CONTRAST * stats.std) return null;
  return { top: { x: x0 + best.a, y: y0 }, chestWall: { x: x0, y: y0 + best.b } };
}

interface BreastBox {
  /** Chest wall column and top row of the breast. */
  readonly x0: number;
  readonly y0: number;
  /** Columns from the chest wall to the farthest breast pixel; rows from the top to the bottom. */
  readonly depth: number;
  readonly height: number;
}

function breastBox(t: CanonicalThumbnail): BreastBox | null {
  let x0 = t.width;
  let x1 = -1;
  let y0 = t.height;
  let y1 = -1;
  for (let y = 0; y < t.height; y++) {
    for (let x = 0; x < t.width; x++) {
      if (!t.mask[y * t.width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, depth: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function breastStats(t: CanonicalThumbnail): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < t.mask.length; i++) {
    if (!t.mask[i]) continue;
    const v = t.values[i]!;
    n++;
    sum += v;
    sumSq += v * v;
  }
  const mean = n ? sum / n : 0;
  return { mean, std: n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0 };
}

/**
 * Mean of (muscle-side band - breast-side band) along the line x/a + y/b = 1 (relative to x0,
 * y0), over the points where both bands lie in the breast; coverage is that share of the points,
 * consistency the share of them where the muscle side is the brighter.
 */
function edgeContrast(
  t: CanonicalThumbnail,
  x0: number,
  y0: number,
  a: number,
  b: number,
): { contrast: number; coverage: number; consistency: number } {
  const length = Math.hypot(a, b);
  // Unit normal pointing away from the corner, into the breast.
  const nx = b / length;
  const ny = a / length;
  const steps = Math.max(2, Math.round(length / ALONG));
  let valid = 0;
  let brighter = 0;
  let sum = 0;
  for (let k = 0; k <= steps; k++) {
    const s = k / steps;
    const px = x0 + a * (1 - s);
    const py = y0 + b * s;
    let inside = 0;
    let outside = 0;
    let ok = true;
    for (let d = 1; d <= BAND && ok; d++) {
      const vin = sample(t, px - d * nx, py - d * ny);
      const vout = sample(t, px + d * nx, py + d * ny);
      if (vin === null || vout === null) ok = false;
      else {
        inside += vin;
        outside += vout;
      }
    }
    if (!ok) continue;
    valid++;
    const diff = (inside - outside) / BAND;
    sum += diff;
    if (diff > 0) brighter++;
  }
  return {
    contrast: valid ? sum / valid : -Infinity,
    coverage: valid / (steps + 1),
    consistency: valid ? brighter / valid : 0,
  };
}

/** Mean breast intensity inside the triangle minus the mean over the rest of the breast. */
function triangleContrast(t: CanonicalThumbnail, x0: number, y0: number, a: number, b: number): number {
  let nIn = 0;
  let sIn = 0;
  let nOut = 0;
  let sOut = 0;
  for (let y = 0; y < t.height; y++) {
    for (let x = 0; x < t.width; x++) {
      const i = y * t.width + x;
      if (!t.mask[i]) continue;
      const inTriangle = y >= y0 && x >= x0 && (x - x0) / a + (y - y0) / b < 1;
      if (inTriangle) {
        nIn++;
        sIn += t.values[i]!;
      } else {
        nOut++;
        sOut += t.values[i]!;
      }
    }
  }
  return nIn && nOut ? sIn / nIn - sOut / nOut : -Infinity;
}

/** Nearest thumbnail value at (x, y), null outside the image or the breast. */
function sample(t: CanonicalThumbnail, x: number, y: number): number | null {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= t.width || yi >= t.height) return null;
  const i = yi * t.width + xi;
  return t.mask[i] ? t.values[i]! : null;
}
