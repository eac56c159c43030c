import type { ImageTransform, Point } from '../preprocess/imageTransform';
import { toOriginal } from '../preprocess/imageTransform';
import { simplifyClosed } from './geometry';
import type { ContentExtent, LesionMaps } from './lesionMaps';
import { channelOffset } from './lesionMaps';
import type { LesionRegion } from './lesionRegion';

export interface TraceOutlineOptions {
  /** Douglas-Peucker tolerance in model input pixels; default 0.5 (the trace's own precision). */
  readonly simplifyTolerance?: number;
  readonly extent?: ContentExtent;
}

// Crack directions: 0 up, 1 right, 2 down, 3 left (image axes, y down).
const DX = [0, 1, 0, -1] as const;
const DY = [-1, 0, 1, 0] as const;

/**
 * The outline of a lesion region in ORIGINAL pixel coordinates, a closed polygon of >= 3 points.
 * The region's map is upsampled bilinearly to model input pixels inside the region's box (one
 * cell of margin), thresholded at the region level, and the outer boundary of the component
 * holding the peak is followed crack by crack; each crack (inside pixel, outside 4-neighbour)
 * gives one vertex, placed where the interpolated map crosses the level, which is what marching
 * squares would give, without its saddle bookkeeping. Holes are ignored: an outline is an outer
 * boundary.
 */
export function traceOutline(
  maps: LesionMaps,
  region: LesionRegion,
  transform: ImageTransform,
  options: TraceOutlineOptions = {},
): Point[] {
  const { data, width, height, stride: s } = maps;
  const base = channelOffset(maps, region.type);
  const level = region.level;

  // Cells of the box plus one margin cell; cells outside the region that still reach the level
  // belong to another lesion (or were capped at the peak) and are zeroed, a hard boundary.
  const r0 = Math.max(0, region.box.row0 - 1);
  const r1 = Math.min(height - 1, region.box.row1 + 1);
  const c0 = Math.max(0, region.box.col0 - 1);
  const c1 = Math.min(width - 1, region.box.col1 + 1);
  const cw = c1 - c0 + 1;
  const ch = r1 - r0 + 1;
  const cells = new Float32Array(cw * ch);
  const inRegion = new Uint8Array(cw * ch);
  for (const index of region.cells) {
    const i = Math.floor(index / width);
    inRegion[(i - r0) * cw + (index - i * width - c0)] = 1;
  }
  for (let i = 0; i < ch; i++) {
    for (let j = 0; j < cw; j++) {
      const p = data[base + (i + r0) * width + (j + c0)]!;
      const k = i * cw + j;
      cells[k] = inRegion[k] || p < level ? p : 0;
    }
  }

  // Model pixels between the margin cells' centres, inside the content and the map; where the
  // region touches the map's edge there is no margin cell, so the box runs on to the edge.
  const maxX = Math.min(width * s, options.extent?.width ?? Infinity);
  const maxY = Math.min(height * s, options.extent?.height ?? Infinity);
  const x0 = Math.max(0, Math.ceil((c0 + 0.5) * s - 0.5 - (c0 === region.box.col0 ? s : 0)));
  const x1 = Math.min(
    Math.floor(maxX - 0.5),
    Math.floor((c1 + 0.5) * s - 0.5 + (c1 === region.box.col1 ? s : 0)),
  );
  const y0 = Math.max(0, Math.ceil((r0 + 0.5) * s - 0.5 - (r0 === region.box.row0 ? s : 0)));
  const y1 = Math.min(
    Math.floor(maxY - 0.5),
    Math.floor((r1 + 0.5) * s - 0.5 + (r1 === region.box.row1 ? s : 0)),
  );
  const fw = Math.max(1, x1 - x0 + 1);
  const fh = Math.max(1, y1 - y0 + 1);

  const field = upsample(cells, cw, ch, c0, r0, s, x0, y0, fw, fh);

  // Start inside the peak cell's footprint, at its highest fine pixel.
  const pcx = (region.peakCol + 0.5) * s - 0.5 - x0;
  const pcy = (region.peakRow + 0.5) * s - 0.5 - y0;
  let start = -1;
  let startValue = -Infinity;
  for (let y = Math.max(0, Math.ceil(pcy - s / 2)); y <= Math.min(fh - 1, Math.floor(pcy + s / 2)); y++) {
    for (let x = Math.max(0, Math.ceil(pcx - s / 2)); x <= Math.min(fw - 1, Math.floor(pcx + s / 2)); x++) {
      const f = field[y * fw + x]!;
      if (f > startValue) {
        startValue = f;
        start = y * fw + x;
      }
    }
  }
  if (start < 0) start = 0;
  startValue = field[start]!;
  // A peak that sits exactly on the level interpolates just below it next to lower neighbours.
  const fineLevel = Math.min(level, startValue);

  const inside = component(field, fw, fh, start, fineLevel);
  const { xs, ys } = followCracks(field, inside, fw, fh, fineLevel);

  const kept = simplifyClosed(xs, ys, options.simplifyTolerance ?? 0.5);
  const indices = kept.length >= 3 ? kept : xs.map((_, k) => k);
  return indices.map((k) => toOriginal(transform, { x: xs[k]! + x0, y: ys[k]! + y0 }));
}

/** Bilinear upsampling of a cell block to model pixels x0..x0+fw-1, y0..y0+fh-1 (edges clamped). */
function upsample(
  cells: Float32Array,
  cw: number,
  ch: number,
  c0: number,
  r0: number,
  s: number,
  x0: number,
  y0: number,
  fw: number,
  fh: number,
): Float32Array {
  const j0 = new Int32Array(fw);
  const j1 = new Int32Array(fw);
  const wx = new Float32Array(fw);
  for (let x = 0; x < fw; x++) {
    const u = Math.min(cw - 1, Math.max(0, (x + x0 + 0.5) / s - 0.5 - c0));
    const a = Math.min(cw - 2, Math.floor(u));
    j0[x] = Math.max(0, a);
    j1[x] = Math.min(cw - 1, Math.max(0, a) + 1);
    wx[x] = cw > 1 ? u - Math.max(0, a) : 0;
  }
  const field = new Float32Array(fw * fh);
  for (let y = 0; y < fh; y++) {
    const v = Math.min(ch - 1, Math.max(0, (y + y0 + 0.5) / s - 0.5 - r0));
    const a = Math.max(0, Math.min(ch - 2, Math.floor(v)));
    const b = Math.min(ch - 1, a + 1);
    const wy = ch > 1 ? v - a : 0;
    const rowA = a * cw;
    const rowB = b * cw;
    for (let x = 0; x < fw; x++) {
      const l = j0[x]!;
      const r = j1[x]!;
      const t = wx[x]!;
      const top = cells[rowA + l]! + (cells[rowA + r]! - cells[rowA + l]!) * t;
      const bottom = cells[rowB + l]! + (cells[rowB + r]! - cells[rowB + l]!) * t;
      field[y * fw + x] = top + (bottom - top) * wy;
    }
  }
  return field;
}

/** 8-connected component of field >= level containing `start`, as a 0/1 mask. */
function component(field: Float32Array, fw: number, fh: number, start: number, level: number): Uint8Array {
  const inside = new Uint8Array(fw * fh);
  const stack = new Int32Array(fw * fh);
  let top = 0;
  stack[top++] = start;
  inside[start] = 1;
  while (top > 0) {
    const index = stack[--top]!;
    const y = Math.floor(index / fw);
    const x = index - y * fw;
    for (let dy = -1; dy <= 1; dy++) {
      const ny = y + dy;
      if (ny < 0 || ny >= fh) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        if (nx < 0 || nx >= fw) continue;
        const n = ny * fw + nx;
        if (inside[n] || !(field[n]! >= level)) continue;
        inside[n] = 1;
        stack[top++] = n;
      }
    }
  }
  return inside;
}

/**
 * Walks the outer boundary of an 8-connected mask, clockwise on screen, one crack at a time.
 * State: an inside pixel and the direction of its outside neighbour; at the end of each crack
 * the walk turns outwards (diagonal pixel inside: 8-connectivity), goes straight (pixel ahead
 * inside) or turns inwards. Each crack's vertex sits where the field crosses `level` between the
 * two pixels; outside the box the map is taken as below the level at the pixel itself.
 */
function followCracks(
  field: Float32Array,
  inside: Uint8Array,
  fw: number,
  fh: number,
  level: number,
): { xs: number[]; ys: number[] } {
  const isIn = (x: number, y: number) => x >= 0 && y >= 0 && x < fw && y < fh && inside[y * fw + x] === 1;
  let first = 0;
  while (inside[first] !== 1) first++;
  const sy = Math.floor(first / fw);
  const sx = first - sy * fw;

  const xs: number[] = [];
  const ys: number[] = [];
  let px = sx;
  let py = sy;
  let d = 0; // the pixel above the first inside pixel in raster order is outside
  const limit = 4 * fw * fh + 4;
  for (let step = 0; step < limit; step++) {
    const qx = px + DX[d]!;
    const qy = py + DY[d]!;
    const fp = field[py * fw + px]!;
    let t = 0;
    if (qx >= 0 && qy >= 0 && qx < fw && qy < fh) {
      const fq = field[qy * fw + qx]!;
      t = fp > fq ? Math.min(1, Math.max(0, (fp - level) / (fp - fq))) : 0.5;
    }
    xs.push(px + t * DX[d]!);
    ys.push(py + t * DY[d]!);

    const m = (d + 1) & 3;
    const ax = px + DX[m]!;
    const ay = py + DY[m]!;
    if (isIn(ax + DX[d]!, ay + DY[d]!)) {
      px = ax + DX[d]!;
      py = ay + DY[d]!;
      d = (d + 3) & 3;
    } else if (isIn(ax, ay)) {
      px = ax;
      py = ay;
    } else {
      d = m;
    }
    if (px === sx && py === sy && d === 0) break;
  }
  return { xs, ys };
}
