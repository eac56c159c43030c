/**
 * RLE Lossless (PS3.5 Annex G) frame -> native little-endian samples. Sentinelle's SEG is written
 * in RLE; the de-identified copy is written uncompressed so every reader can check it.
 */
export function decodeRleFrame(fragment: Uint8Array, pixels: number, bytesPerSample: 1 | 2): Uint8Array {
  if (fragment.length < 64) throw new Error('RLE frame shorter than its 64-byte header');
  const view = new DataView(fragment.buffer, fragment.byteOffset, fragment.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) {
    throw new Error(
      `RLE frame has ${segments} segments where ${bytesPerSample} are expected (one per byte of a sample)`,
    );
  }
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : fragment.length;
    // Segment 0 holds the most significant bytes; little-endian output puts them last.
    const byteIndex = bytesPerSample - 1 - s;
    unpackBits(fragment.subarray(start, end), pixels, (i, value) => {
      out[i * bytesPerSample + byteIndex] = value;
    });
  }
  return out;
}

/** PackBits: n >= 0 copies n + 1 literal bytes, -127..-1 repeats the next byte 1 - n times. */
function unpackBits(segment: Uint8Array, count: number, put: (index: number, value: number) => void): void {
  let i = 0;
  let written = 0;
  while (i < segment.length && written < count) {
    const n = (segment[i]! << 24) >> 24;
    i += 1;
    if (n >= 0) {
      for (let k = 0; k <= n && written < count; k++) put(written++, segment[i + k]!);
      i += n + 1;
    } else if (n !== -128) {
      const value = segment[i]!;
      for (let k = 0; k < 1 - n && written < count; k++) put(written++, value);
      i += 1;
    }
  }
  if (written < count) throw new Error(`RLE segment decodes to ${written} samples where ${count} are needed`);
}
