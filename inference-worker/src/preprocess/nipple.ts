import type { CanonicalThumbnail } from './canonicalThumbnail';
import type { Point } from './imageTransform';

/**
 * The nipple on the thumbnail, canonical coordinates (chest wall on the left): the point of the
 * breast outline farthest from the chest wall column, on CC and MLO views alike. On MLO views the
 * point farthest from the pectoral edge was tried and rejected: the edge is oblique, so that point
 * slides down the inferior skin line (on the FFDM fixture's L-MLO, 340 pixels below the skin
 * marker on the nipple, which the chest-wall distance finds). Rows whose outline reaches within one thumbnail pixel of the
 * farthest make a plateau (a nipple seen flat, or the staircase of a coarse thumbnail); its middle
 * row is taken. Null when there is no breast.
 */
export function findNippleOnThumbnail(t: CanonicalThumbnail): Point | null {
  const chestWallX = firstBreastColumn(t);
  if (chestWallX === null) return null;
  const distance = (x: number) => x - chestWallX;

  const far: { x: number; y: number; d: number }[] = [];
  let best = -Infinity;
  for (let y = 0; y < t.height; y++) {
    let x = -1;
    for (let k = t.width - 1; k >= 0; k--) {
      if (t.mask[y * t.width + k]) {
        x = k;
        break;
      }
    }
    if (x < 0) continue;
    const d = distance(x);
    far.push({ x, y, d });
    if (d > best) best = d;
  }
  if (far.length === 0) return null;
  const plateau = far.filter((p) => p.d >= best - 1);
  const middle = plateau[Math.floor((plateau.length - 1) / 2)]!;
  return { x: middle.x, y: middle.y };
}

/**
 * Moves the nipple found on the thumbnail onto the skin line at full resolution: along its row
 * (averaged over the rows the thumbnail pixel covered, so that noise does not decide), the last
 * pixel outwards still above the breast threshold, searched two thumbnail pixels either side.
 * `unit` is the whole image's intensity; x values are canonical (distance from the chest wall edge).
 */
export function refineOnSkinLine(
  t: CanonicalThumbnail,
  unit: Float32Array,
  threshold: number,
  nipple: { x: number; y: number },
): Point {
  const { factor: f, originalWidth: w, originalHeight: h } = t;
  const yc = Math.min(h - 1, Math.round(nipple.y * f + (f - 1) / 2));
  const half = Math.floor(f / 2);
  const y0 = Math.max(0, yc - half);
  const y1 = Math.min(h - 1, yc + half);
  const xFrom = Math.max(0, (nipple.x - 2) * f);
  const xTo = Math.min(w - 1, (nipple.x + 3) * f - 1);
  let skin = -1;
  for (let x = xFrom; x <= xTo; x++) {
    const column = t.flipped ? w - 1 - x : x;
    let sum = 0;
    for (let y = y0; y <= y1; y++) sum += unit[y * w + column]!;
    if (sum / (y1 - y0 + 1) > threshold) skin = x;
  }
  const x = skin >= 0 ? skin : nipple.x * f + (f - 1) / 2;
  return { x: t.flipped ? w - 1 - x : x, y: yc };
}

function firstBreastColumn(t: CanonicalThumbnail): number | null {
  for (let x = 0; x < t.width; x++) for (let y = 0; y < t.height; y++) if (t.mask[y * t.width + x]) return x;
  return null;
}
