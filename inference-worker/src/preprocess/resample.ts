import type { ImageTransform } from './imageTransform';

/**
 * Resamples the transform's crop of `src` into a modelWidth × modelHeight canvas (top-left aligned,
 * the rest filled with `fill`), with a separable triangle filter whose support widens when
 * shrinking, so that downscaling averages (no aliasing of microcalcification-sized noise).
 */
export function resampleCrop(src: Float32Array, t: ImageTransform, fill: number): Float32Array {
  const outW = Math.min(t.modelWidth, Math.round(t.crop.width * t.scale));
  const outH = Math.min(t.modelHeight, Math.round(t.crop.height * t.scale));
  const cols = filterTaps(outW, t.scale, t.crop.x, t.originalWidth, t.flipped);
  const rows = filterTaps(outH, t.scale, t.crop.y, t.originalHeight, false);

  // Horizontal pass over only the source rows that the vertical pass will read.
  const rowLo = rows.minIndex;
  const rowCount = rows.maxIndex - rowLo + 1;
  const tmp = new Float32Array(rowCount * outW);
  for (let r = 0; r < rowCount; r++) {
    const srcRow = (rowLo + r) * t.originalWidth;
    for (let u = 0; u < outW; u++) {
      let acc = 0;
      for (let k = cols.start[u]!; k < cols.start[u + 1]!; k++)
        acc += src[srcRow + cols.index[k]!]! * cols.weight[k]!;
      tmp[r * outW + u] = acc;
    }
  }

  const out = new Float32Array(t.modelWidth * t.modelHeight).fill(fill);
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      let acc = 0;
      for (let k = rows.start[v]!; k < rows.start[v + 1]!; k++)
        acc += tmp[(rows.index[k]! - rowLo) * outW + u]! * rows.weight[k]!;
      out[v * t.modelWidth + u] = acc;
    }
  }
  return out;
}

interface Taps {
  /** Taps of output i are start[i] .. start[i+1]-1. */
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float32Array;
  readonly minIndex: number;
  readonly maxIndex: number;
}

function filterTaps(outSize: number, scale: number, offset: number, srcSize: number, flipped: boolean): Taps {
  const support = Math.max(1, 1 / scale);
  const start = new Int32Array(outSize + 1);
  const index: number[] = [];
  const weight: number[] = [];
  let minIndex = srcSize;
  let maxIndex = 0;
  for (let o = 0; o < outSize; o++) {
    start[o] = index.length;
    const centre = (o + 0.5) / scale - 0.5 + offset;
    const lo = Math.ceil(centre - support);
    const hi = Math.floor(centre + support);
    let sum = 0;
    const first = index.length;
    for (let s = lo; s <= hi; s++) {
      const wgt = 1 - Math.abs(s - centre) / support;
      if (wgt <= 0) continue;
      const clamped = s < 0 ? 0 : s >= srcSize ? srcSize - 1 : s;
      const i = flipped ? srcSize - 1 - clamped : clamped;
      index.push(i);
      weight.push(wgt);
      sum += wgt;
      if (i < minIndex) minIndex = i;
      if (i > maxIndex) maxIndex = i;
    }
    for (let k = first; k < weight.length; k++) weight[k]! /= sum;
  }
  start[outSize] = index.length;
  return { start, index: Int32Array.from(index), weight: Float32Array.from(weight), minIndex, maxIndex };
}
