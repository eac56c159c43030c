import type { ImagePoint } from '../findings/lesion';
import type { ScoordPoint } from './sr/contentItem';

/**
 * Findings points (pixel centres at integers) to SR image coordinates, where (0,0) is the
 * top-left corner of the top-left pixel: the centre of pixel (x, y) is (x + 0.5, y + 0.5).
 */
export function toScoordPoint(point: ImagePoint): ScoordPoint {
  return { column: point.x + 0.5, row: point.y + 0.5 };
}

/** A closed outline: the findings' polygon with its first point repeated at the end. */
export function closedOutline(outline: readonly ImagePoint[]): ScoordPoint[] {
  const points = outline.map(toScoordPoint);
  const first = points[0];
  const last = points[points.length - 1];
  if (first && last && (first.column !== last.column || first.row !== last.row)) points.push(first);
  return points;
}

/**
 * The two outline vertices farthest apart: the ends of the longest diameter (max Feret) that
 * the findings measure, so that a viewer can draw the axis the length belongs to.
 */
export function longestChord(outline: readonly ImagePoint[]): [ImagePoint, ImagePoint] | null {
  let best: [ImagePoint, ImagePoint] | null = null;
  let bestLength = -1;
  for (let i = 0; i < outline.length; i++) {
    for (let j = i + 1; j < outline.length; j++) {
      const a = outline[i]!;
      const b = outline[j]!;
      const length = (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
      if (length > bestLength) {
        bestLength = length;
        best = [a, b];
      }
    }
  }
  return best;
}
