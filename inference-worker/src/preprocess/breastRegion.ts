/**
 * Breast-region detection on a small thumbnail: a threshold just above the background's peak, a
 * 3-step opening so that labels and
 * markers touching the breast come loose, the largest connected component, and its holes filled
 * (fatty tissue can fall below the threshold inside the breast). Markers and labels are separate,
 * smaller components and are dropped.
 */
export interface BreastRegion {
  /** Mask on the thumbnail grid (1 = breast). */
  readonly mask: Uint8Array;
  readonly thumbWidth: number;
  readonly thumbHeight: number;
  /** Original pixels per thumbnail pixel. */
  readonly factor: number;
  /** Bounding box of the breast in original (unflipped) pixels. */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Side of the image the chest wall touches, or null when the image does not say. */
  readonly chestWallSide: 'left' | 'right' | null;
  /** Breast/background threshold, in unit intensity. */
  readonly threshold: number;
  /** The thumbnail's intensities (box averages of `unit`), for measures that need no full resolution. */
  readonly thumb: Float32Array;
  /** False when nothing stood out from the background: the mask is then the whole image. */
  readonly found: boolean;
}

const THUMB_MAX_SIDE = 256;
const OPENING_STEPS = 3;

export function detectBreastRegion(unit: Float32Array, width: number, height: number): BreastRegion {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / THUMB_MAX_SIDE));
  const tw = Math.ceil(width / factor);
  const th = Math.ceil(height / factor);
  const thumb = boxDownsample(unit, width, height, factor, tw, th);
  return regionAbove(thumb, { width: tw, height: th, factor }, width, height, backgroundThreshold(thumb));
}

/**
 * The breast region of a thumbnail: pixels above `threshold` (and inside `within` when given),
 * opened, largest component, holes filled; its box in ORIGINAL pixels and its chest wall side.
 */
export function regionAbove(
  thumb: Float32Array,
  grid: { readonly width: number; readonly height: number; readonly factor: number },
  width: number,
  height: number,
  threshold: number,
  within?: Uint8Array,
): BreastRegion {
  const { width: tw, height: th, factor } = grid;
  let mask: Uint8Array = new Uint8Array(tw * th);
  for (let i = 0; i < mask.length; i++) mask[i] = thumb[i]! > threshold && (!within || within[i]) ? 1 : 0;
  // Opening before choosing the component: labels and markers hang on by thin bridges of film.
  for (let k = 0; k < OPENING_STEPS; k++) mask = erode(mask, tw, th);
  mask = largestComponent(mask, tw, th);
  for (let k = 0; k < OPENING_STEPS; k++) mask = dilate(mask, tw, th);
  mask = fillHoles(mask, tw, th);

  let x0 = tw;
  let y0 = th;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      if (!mask[y * tw + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  const found = x1 >= 0;
  if (!found) {
    // Nothing stands out from the background: keep the whole image rather than guess.
    mask.fill(1);
    x0 = 0;
    y0 = 0;
    x1 = tw - 1;
    y1 = th - 1;
  }
  // One thumbnail pixel of margin so the skin line is not cut.
  const bx = Math.max(0, (x0 - 1) * factor);
  const by = Math.max(0, (y0 - 1) * factor);
  const box = {
    x: bx,
    y: by,
    width: Math.min(width, (x1 + 2) * factor) - bx,
    height: Math.min(height, (y1 + 2) * factor) - by,
  };
  return {
    mask,
    thumbWidth: tw,
    thumbHeight: th,
    factor,
    box,
    chestWallSide: found ? chestWall(mask, tw, x0, x1, y0, y1) : null,
    threshold,
    thumb,
    found,
  };
}

/**
 * The chest wall is the straight side of the breast: the edge of the breast's bounding box that
 * the breast fills over more rows (the other side is the rounded skin line around the nipple).
 * Measured inside the box, so it also works on images padded around the breast (mini-MIAS).
 */
function chestWall(
  mask: Uint8Array,
  w: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): 'left' | 'right' | null {
  if (x1 < x0) return null;
  const band = Math.max(1, Math.round((x1 - x0 + 1) * 0.05));
  let left = 0;
  let right = 0;
  for (let y = y0; y <= y1; y++) {
    let l = 0;
    let r = 0;
    for (let k = 0; k < band; k++) {
      l |= mask[y * w + x0 + k]!;
      r |= mask[y * w + x1 - k]!;
    }
    left += l;
    right += r;
  }
  if (Math.abs(left - right) <= 0.05 * (y1 - y0 + 1)) return null;
  return left > right ? 'left' : 'right';
}

/**
 * Background in a mammogram is the darkest, largest mode of the histogram (air, or unexposed
 * film). The threshold sits where that peak has fallen to 5 % of its height, and never above
 * Otsu's threshold: Otsu alone splits fatty from dense tissue on processed digital images.
 */
export function backgroundThreshold(values: Float32Array): number {
  const bins = 256;
  const raw = new Float64Array(bins);
  for (const v of values) raw[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]! += 1;
  const hist = new Float64Array(bins);
  for (let i = 0; i < bins; i++) {
    for (let k = -2; k <= 2; k++) hist[i]! += raw[Math.min(bins - 1, Math.max(0, i + k))]! / 5;
  }
  let peak = 0;
  for (let i = 1; i < bins / 2; i++) if (hist[i]! > hist[peak]!) peak = i;
  let end = peak;
  while (end < bins - 1 && hist[end]! > 0.05 * hist[peak]!) end++;
  return Math.min((end + 1) / bins, otsuThreshold(values));
}

function boxDownsample(
  src: Float32Array,
  w: number,
  h: number,
  f: number,
  tw: number,
  th: number,
): Float32Array {
  const out = new Float32Array(tw * th);
  const count = new Float32Array(tw * th);
  for (let y = 0; y < h; y++) {
    const ty = Math.floor(y / f) * tw;
    for (let x = 0; x < w; x++) {
      const t = ty + Math.floor(x / f);
      out[t]! += src[y * w + x]!;
      count[t]! += 1;
    }
  }
  for (let i = 0; i < out.length; i++) out[i]! /= count[i]!;
  return out;
}

export function otsuThreshold(values: Float32Array): number {
  const bins = 256;
  const hist = new Float64Array(bins);
  for (const v of values) hist[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]! += 1;
  const total = values.length;
  let sumAll = 0;
  for (let i = 0; i < bins; i++) sumAll += i * hist[i]!;
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 0;
  let bestVar = -1;
  for (let i = 0; i < bins; i++) {
    weightBelow += hist[i]!;
    if (weightBelow === 0 || weightBelow === total) continue;
    sumBelow += i * hist[i]!;
    const mb = sumBelow / weightBelow;
    const ma = (sumAll - sumBelow) / (total - weightBelow);
    const between = weightBelow * (total - weightBelow) * (mb - ma) ** 2;
    if (between > bestVar) {
      bestVar = between;
      best = i;
    }
  }
  return (best + 1) / bins;
}

function erode(m: Uint8Array, w: number, h: number): Uint8Array {
  return morph(m, w, h, 1);
}

function dilate(m: Uint8Array, w: number, h: number): Uint8Array {
  return morph(m, w, h, 0);
}

/** 3×3 erosion (keep = 1: a pixel stays only if all neighbours are set) or dilation (keep = 0). */
function morph(m: Uint8Array, w: number, h: number, keep: 0 | 1): Uint8Array {
  const out = new Uint8Array(m.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v: number = keep;
      for (let dy = -1; dy <= 1 && v === keep; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          const n = yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : m[yy * w + xx]!;
          if (n !== keep) {
            v = n;
            break;
          }
        }
      }
      out[y * w + x] = v;
    }
  }
  return out;
}

/** Labels 4-connected components of `value` pixels; returns labels (0 = none) and sizes. */
function components(
  m: Uint8Array,
  w: number,
  h: number,
  value: 0 | 1,
): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(m.length);
  const sizes = [0];
  const stack: number[] = [];
  for (let start = 0; start < m.length; start++) {
    if (m[start] !== value || labels[start]) continue;
    const label = sizes.length;
    let size = 0;
    labels[start] = label;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const x = p % w;
      const y = (p - x) / w;
      const next = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1];
      for (const q of next) {
        if (q >= 0 && m[q] === value && !labels[q]) {
          labels[q] = label;
          stack.push(q);
        }
      }
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

function largestComponent(m: Uint8Array, w: number, h: number): Uint8Array {
  const { labels, sizes } = components(m, w, h, 1);
  let best = 0;
  for (let i = 1; i < sizes.length; i++) if (sizes[i]! > (sizes[best] ?? 0)) best = i;
  const out = new Uint8Array(m.length);
  if (best) for (let i = 0; i < m.length; i++) out[i] = labels[i] === best ? 1 : 0;
  return out;
}

/** Background components that do not reach the border are holes inside the breast. */
function fillHoles(m: Uint8Array, w: number, h: number): Uint8Array {
  const { labels } = components(m, w, h, 0);
  const outside = new Set<number>();
  for (let x = 0; x < w; x++) {
    outside.add(labels[x]!);
    outside.add(labels[(h - 1) * w + x]!);
  }
  for (let y = 0; y < h; y++) {
    outside.add(labels[y * w]!);
    outside.add(labels[y * w + w - 1]!);
  }
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = m[i] || !outside.has(labels[i]!) ? 1 : 0;
  return out;
}
