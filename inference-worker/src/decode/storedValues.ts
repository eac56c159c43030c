/** Where the stored value sits in each sample (PS3.5 8.1.1). */
export interface StoredLayout {
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  readonly highBit: number;
  /** PixelRepresentation 1: two's complement in BitsStored bits. */
  readonly signed: boolean;
}

export type StoredPixels = Uint8Array | Uint16Array | Int16Array;

/**
 * Raw samples -> stored values: keeps only the BitsStored bits ending at HighBit, so overlay
 * planes and junk in the unused high bits never reach the pixels, then sign-extends signed
 * values. Unsigned 8-bit stays Uint8Array, unsigned 16-bit Uint16Array, signed Int16Array.
 */
export function toStoredValues(
  samples: ArrayLike<number>,
  count: number,
  layout: StoredLayout,
): StoredPixels {
  const shift = layout.highBit + 1 - layout.bitsStored;
  const mask = 2 ** layout.bitsStored - 1;
  if (layout.signed) {
    const out = new Int16Array(count);
    const signBit = 2 ** (layout.bitsStored - 1);
    for (let i = 0; i < count; i++) {
      const v = (samples[i]! >> shift) & mask;
      out[i] = (v ^ signBit) - signBit;
    }
    return out;
  }
  const out = layout.bitsAllocated === 8 ? new Uint8Array(count) : new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = (samples[i]! >> shift) & mask;
  return out;
}
