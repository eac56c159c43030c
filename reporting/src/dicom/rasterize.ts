import type { ImagePoint } from '../findings/lesion';

/**
 * Fills a closed polygon into a row-major mask of `columns` × `rows` (1 = inside), with pixel
 * centres at integer coordinates as in the findings model: a pixel is set when its centre lies
 * inside the polygon (even-odd rule) or on its outline, since an outline traced through boundary
 * pixel centres belongs to the lesion. Parts outside the grid are clipped. Returns the number of
 * pixels it set.
 */
export function fillPolygon(
  mask: Uint8Array,
  columns: number,
  rows: number,
  polygon: readonly ImagePoint[],
): number {
  if (polygon.length < 3) return 0;
  let set = 0;
  const mark = (x: number, y: number): void => {
    if (x < 0 || x >= columns || y < 0 || y >= rows) return;
    const index = y * columns + x;
    if (mask[index] === 0) set++;
    mask[index] = 1;
  };
  const ys = polygon.map((point) => point.y);
  const top = Math.max(0, Math.ceil(Math.min(...ys)));
  const bottom = Math.min(rows - 1, Math.floor(Math.max(...ys)));
  const crossings: number[] = [];
  for (let y = top; y <= bottom; y++) {
    crossings.length = 0;
    for (let i = 0; i < polygon.length; i++) {
      const a = polygon[i]!;
      const b = polygon[(i + 1) % polygon.length]!;
      // Half-open in y, so a vertex shared by two edges is counted once.
      if ((a.y <= y && b.y > y) || (b.y <= y && a.y > y)) {
        crossings.push(a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y));
      }
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const to = Math.min(columns - 1, Math.floor(crossings[k + 1]!));
      for (let x = Math.max(0, Math.ceil(crossings[k]!)); x <= to; x++) mark(x, y);
    }
  }
  // Centres lying exactly on an edge (the half-open rule leaves out bottom edges and vertices).
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    if (a.y === b.y) {
      if (!Number.isInteger(a.y)) continue;
      const to = Math.floor(Math.max(a.x, b.x));
      for (let x = Math.ceil(Math.min(a.x, b.x)); x <= to; x++) mark(x, a.y);
      continue;
    }
    const last = Math.floor(Math.max(a.y, b.y));
    for (let y = Math.ceil(Math.min(a.y, b.y)); y <= last; y++) {
      const x = a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y);
      if (Number.isInteger(x)) mark(x, y);
    }
  }
  return set;
}

/**
 * Marks a lesion: its outline filled, or, for an outline too thin to cover a pixel centre, the
 * pixel under its centre, so that every lesion shows in the mask.
 */
export function markLesion(
  mask: Uint8Array,
  columns: number,
  rows: number,
  outline: readonly ImagePoint[],
  centre: ImagePoint,
): void {
  if (fillPolygon(mask, columns, rows, outline) > 0) return;
  const x = Math.round(centre.x);
  const y = Math.round(centre.y);
  if (x >= 0 && x < columns && y >= 0 && y < rows) mask[y * columns + x] = 1;
}

/** Bytes of Pixel Data for `frames` binary frames of `pixels` each: bits rounded up, even length. */
export function packedLength(frames: number, pixels: number): number {
  const bytes = Math.ceil((frames * pixels) / 8);
  return bytes + (bytes % 2);
}

/**
 * Writes one binary frame into BINARY segmentation Pixel Data: one bit per pixel, frames back to
 * back without padding between them, least significant bit first (PS3.5 8.1.1).
 */
export function packFrameInto(packed: Uint8Array, index: number, frame: Uint8Array): void {
  let bit = index * frame.length;
  for (let i = 0; i < frame.length; i++, bit++) {
    if (frame[i]) packed[bit >> 3] = (packed[bit >> 3] ?? 0) | (1 << (bit & 7));
  }
}

/** Packs whole frames of equal size (see packFrameInto). */
export function packBits(frames: readonly Uint8Array[]): Uint8Array {
  const pixels = frames[0]?.length ?? 0;
  const packed = new Uint8Array(packedLength(frames.length, pixels));
  frames.forEach((frame, index) => packFrameInto(packed, index, frame));
  return packed;
}

/** The inverse of packBits for one frame: `pixels` values starting at frame `index`. */
export function unpackFrame(packed: Uint8Array, index: number, pixels: number): Uint8Array {
  const frame = new Uint8Array(pixels);
  const start = index * pixels;
  for (let i = 0; i < pixels; i++) {
    const bit = start + i;
    frame[i] = ((packed[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  }
  return frame;
}

/** Transfer Syntax UID of RLE Lossless (PS3.5 Annex G). */
export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

/**
 * Encodes one 8-bit frame (`columns` × `rows`, row-major) as an RLE Lossless fragment (PS3.5
 * Annex G): a 64-byte header naming one segment, then that segment's PackBits runs, each row
 * encoded on its own (G.3.1), padded to an even length. Masks are long runs of 0 and of the
 * maximum, so a frame of 13.6 million pixels shrinks to a few hundred kilobytes.
 */
export function encodeRleFrame(frame: Uint8Array, columns: number, rows: number): Uint8Array {
  if (frame.length !== columns * rows) {
    throw new RangeError(`encodeRleFrame: ${frame.length} pixels for a ${columns} × ${rows} frame`);
  }
  // Worst case: one header byte per 128 literal bytes, on every row.
  const out = new Uint8Array(64 + frame.length + rows * Math.ceil(columns / 128) + 1);
  const view = new DataView(out.buffer);
  view.setUint32(0, 1, true); // one segment
  view.setUint32(4, 64, true); // starting right after the header
  let length = 64;
  for (let row = 0; row < rows; row++) {
    const end = (row + 1) * columns;
    let i = row * columns;
    while (i < end) {
      let run = 1;
      while (i + run < end && run < 128 && frame[i + run] === frame[i]) run++;
      if (run >= 3 || (run === 2 && i + run === end)) {
        out[length++] = 257 - run; // -(run - 1) as a signed byte: repeat the next byte `run` times
        out[length++] = frame[i]!;
        i += run;
        continue;
      }
      // A literal stretch up to the next run of three (or 128 bytes, or the row's end).
      let literal = 0;
      while (
        i + literal < end &&
        literal < 128 &&
        !(
          i + literal + 2 < end &&
          frame[i + literal] === frame[i + literal + 1] &&
          frame[i + literal] === frame[i + literal + 2]
        )
      ) {
        literal++;
      }
      if (literal === 0) continue; // a run of three starts here: the next turn takes it
      out[length++] = literal - 1;
      out.set(frame.subarray(i, i + literal), length);
      length += literal;
      i += literal;
    }
  }
  if (length % 2 === 1) out[length++] = 0;
  return out.slice(0, length);
}

/** Decodes one RLE Lossless fragment of a single 8-bit segment into `pixels` bytes (see encodeRleFrame). */
export function decodeRleFrame(fragment: Uint8Array, pixels: number): Uint8Array {
  const view = new DataView(fragment.buffer, fragment.byteOffset, fragment.byteLength);
  if (view.getUint32(0, true) !== 1) {
    throw new RangeError(
      `decodeRleFrame: ${view.getUint32(0, true)} segments, expected 1 (8 bits, one sample)`,
    );
  }
  const frame = new Uint8Array(pixels);
  let out = 0;
  let i = view.getUint32(4, true);
  while (out < pixels && i < fragment.length) {
    const header = fragment[i++]!;
    if (header < 128) {
      const count = Math.min(header + 1, pixels - out);
      frame.set(fragment.subarray(i, i + count), out);
      out += count;
      i += header + 1;
    } else if (header > 128) {
      const count = Math.min(257 - header, pixels - out);
      frame.fill(fragment[i++]!, out, out + count);
      out += count;
    }
  }
  if (out !== pixels) throw new RangeError(`decodeRleFrame: ${out} of ${pixels} pixels in the fragment`);
  return frame;
}
