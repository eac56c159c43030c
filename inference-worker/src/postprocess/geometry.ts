import type { Point } from '../preprocess/imageTransform';

/** Convex hull (Andrew's monotone chain), counter-clockwise in a y-up frame, no repeated point. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((p, q) => p.x - q.x || p.y - q.y);
  if (sorted.length < 3) return sorted;
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let k = sorted.length - 1; k >= 0; k--) {
    const p = sorted[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

export interface PolygonMoments {
  /** Unsigned area. */
  readonly area: number;
  readonly cx: number;
  readonly cy: number;
  /** Central second moments of the filled polygon, divided by its area. */
  readonly mu20: number;
  readonly mu02: number;
  readonly mu11: number;
}

/**
 * Area, centroid and second moments of the filled polygon (Green's theorem), independent of how
 * densely the outline is sampled, unlike moments of the vertices.
 */
export function polygonMoments(points: readonly Point[]): PolygonMoments {
  const n = points.length;
  // Relative to the first vertex: mammogram coordinates reach thousands, their squares cancel badly.
  const ox = points[0]?.x ?? 0;
  const oy = points[0]?.y ?? 0;
  let a2 = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let k = 0; k < n; k++) {
    const p = points[k]!;
    const q = points[(k + 1) % n]!;
    const x0 = p.x - ox;
    const y0 = p.y - oy;
    const x1 = q.x - ox;
    const y1 = q.y - oy;
    const c = x0 * y1 - x1 * y0;
    a2 += c;
    sx += (x0 + x1) * c;
    sy += (y0 + y1) * c;
    sxx += (x0 * x0 + x0 * x1 + x1 * x1) * c;
    syy += (y0 * y0 + y0 * y1 + y1 * y1) * c;
    sxy += (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * c;
  }
  const area = a2 / 2;
  if (area === 0) return { area: 0, cx: ox, cy: oy, mu20: 0, mu02: 0, mu11: 0 };
  const cx = sx / (6 * area);
  const cy = sy / (6 * area);
  return {
    area: Math.abs(area),
    cx: cx + ox,
    cy: cy + oy,
    mu20: sxx / (12 * area) - cx * cx,
    mu02: syy / (12 * area) - cy * cy,
    mu11: sxy / (24 * area) - cx * cy,
  };
}

export function polygonArea(points: readonly Point[]): number {
  let a2 = 0;
  const n = points.length;
  for (let k = 0; k < n; k++) {
    const p = points[k]!;
    const q = points[(k + 1) % n]!;
    a2 += p.x * q.y - q.x * p.y;
  }
  return Math.abs(a2) / 2;
}

/**
 * Douglas-Peucker on a closed polygon given as coordinate arrays: split at the first vertex and
 * the vertex farthest from it, simplify both chains. Returns the kept vertex indices in order.
 */
export function simplifyClosed(xs: ArrayLike<number>, ys: ArrayLike<number>, tolerance: number): number[] {
  const n = xs.length;
  if (n <= 3 || !(tolerance > 0)) return Array.from({ length: n }, (_, k) => k);
  let far = 0;
  let best = -1;
  for (let k = 1; k < n; k++) {
    const d = (xs[k]! - xs[0]!) ** 2 + (ys[k]! - ys[0]!) ** 2;
    if (d > best) {
      best = d;
      far = k;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  const tol2 = tolerance * tolerance;
  // Explicit stack of [first, last] chains (last may be n, meaning vertex 0 again).
  const stack: number[] = [0, far, far, n];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const ax = xs[first]!;
    const ay = ys[first]!;
    const bx = xs[last % n]!;
    const by = ys[last % n]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = tol2;
    for (let k = first + 1; k < last; k++) {
      const px = xs[k]! - ax;
      const py = ys[k]! - ay;
      const d = len2 > 0 ? (px * dy - py * dx) ** 2 / len2 : px * px + py * py;
      if (d > worstD) {
        worstD = d;
        worst = k;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(first, worst, worst, last);
    }
  }
  const kept: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) kept.push(k);
  return kept;
}
