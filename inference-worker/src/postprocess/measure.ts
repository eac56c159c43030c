import type { MassShape } from '@sentinelle/reporting';
import type { PixelSpacing } from '../image/decodedImage';
import type { Point } from '../preprocess/imageTransform';
import { convexHull, polygonArea, polygonMoments } from './geometry';

export interface Diameter {
  /** Longest diameter (max Feret), original pixels. */
  readonly px: number;
  /** Longest diameter in mm; null without pixel spacing. */
  readonly mm: number | null;
}

/**
 * Max Feret diameter of an outline. The longest chord joins two hull vertices; in mm each axis is
 * scaled by its own spacing before measuring (columns for x, rows for y), so anisotropic pixels
 * give the true physical length, which may join a different pair of vertices than in pixels.
 */
export function longestDiameter(outline: readonly Point[], spacing: PixelSpacing | null): Diameter {
  const hull = convexHull(outline);
  const px = maxChord(hull, 1, 1);
  const mm = spacing === null ? null : maxChord(hull, spacing.columnMm, spacing.rowMm);
  return { px, mm };
}

function maxChord(points: readonly Point[], sx: number, sy: number): number {
  let best = 0;
  // Hulls of lesion outlines hold tens of vertices: all pairs is cheaper than rotating calipers' setup.
  for (let a = 0; a < points.length; a++) {
    const p = points[a]!;
    for (let b = a + 1; b < points.length; b++) {
      const q = points[b]!;
      const d = ((p.x - q.x) * sx) ** 2 + ((p.y - q.y) * sy) ** 2;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}

/**
 * Below this solidity (area / convex hull area) a mass is irregular. Any ellipse is convex
 * (solidity 1) and a traced, lightly simplified oval stays above ~0.95; the gentle 2-3
 * undulations BI-RADS still calls oval cost a few percent; angular, spiculated or multi-lobed
 * outlines lose more than 15% to their hull (a five-point star with inner radius half the outer
 * one has 0.62).
 */
export const IRREGULAR_MAX_SOLIDITY = 0.85;
/**
 * At or above this minor/major axis ratio (of the ellipse with the outline's second moments) a
 * regular mass is round: within ~18% elongation a reader sees a circle, beyond it an oval.
 */
export const ROUND_MIN_AXIS_RATIO = 0.85;

export interface ShapeMeasures {
  readonly shape: MassShape;
  /** Minor / major axis of the moment ellipse, 0..1. */
  readonly axisRatio: number;
  /** Area / convex hull area, 0..1. */
  readonly solidity: number;
}

/** BI-RADS mass shape from an outline, in physical units when the spacing is known. */
export function massShape(outline: readonly Point[], spacing: PixelSpacing | null): ShapeMeasures {
  const sx = spacing?.columnMm ?? 1;
  const sy = spacing?.rowMm ?? 1;
  const points = outline.map((p) => ({ x: p.x * sx, y: p.y * sy }));
  const hullArea = polygonArea(convexHull(points));
  const m = polygonMoments(points);
  const solidity = hullArea > 0 ? Math.min(1, m.area / hullArea) : 1;
  const half = (m.mu20 + m.mu02) / 2;
  const root = Math.sqrt(((m.mu20 - m.mu02) / 2) ** 2 + m.mu11 ** 2);
  const major = half + root;
  const minor = Math.max(0, half - root);
  const axisRatio = major > 0 ? Math.sqrt(minor / major) : 1;
  const shape: MassShape =
    solidity < IRREGULAR_MAX_SOLIDITY ? 'irregular' : axisRatio >= ROUND_MIN_AXIS_RATIO ? 'round' : 'oval';
  return { shape, axisRatio, solidity };
}
