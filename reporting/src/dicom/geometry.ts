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
 * An ellipse given by the ends of its two axes, as a SCOORD ELLIPSE: four points in SR image
 * coordinates, the major axis ends first, then the minor axis ends. Axes given the other way
 * round (a viewer's handles moved until the "minor" one is the longer) are swapped.
 */
export function ellipseAxes(
  axes: readonly [ImagePoint, ImagePoint, ImagePoint, ImagePoint],
): [ScoordPoint, ScoordPoint, ScoordPoint, ScoordPoint] {
  const [a1, a2, b1, b2] = axes;
  const squaredLength = (p: ImagePoint, q: ImagePoint): number => (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
  const [major1, major2, minor1, minor2] =
    squaredLength(a1, a2) >= squaredLength(b1, b2) ? [a1, a2, b1, b2] : [b1, b2, a1, a2];
  return [toScoordPoint(major1), toScoordPoint(major2), toScoordPoint(minor1), toScoordPoint(minor2)];
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
