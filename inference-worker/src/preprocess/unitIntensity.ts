import type { DecodedImage } from '../image/decodedImage';

/**
 * Stored pixel values -> intensities in [0, 1] where 1 is the densest tissue, through the DICOM
 * chain: modality LUT (rescale), then VOI (LUT table, else window, else the image's own range),
 * then MONOCHROME1 inversion. The model was trained on this same chain.
 */
export function toUnitIntensity(image: DecodedImage): Float32Array {
  const { pixels } = image;
  const n = pixels.length;
  const out = new Float32Array(n);
  const slope = image.rescale?.slope ?? 1;
  const intercept = image.rescale?.intercept ?? 0;

  if (image.voiLut && image.voiLut.data.length > 1) {
    const { firstMapped, data } = image.voiLut;
    let lutMax = 0;
    for (const v of data) lutMax = Math.max(lutMax, v);
    const last = data.length - 1;
    const scale = lutMax > 0 ? 1 / lutMax : 0;
    for (let i = 0; i < n; i++) {
      const k = Math.round(pixels[i]! * slope + intercept) - firstMapped;
      out[i] = data[k < 0 ? 0 : k > last ? last : k]! * scale;
    }
  } else if (image.window && image.window.width > 0) {
    const { center, width, fn } = image.window;
    for (let i = 0; i < n; i++) out[i] = applyWindow(pixels[i]! * slope + intercept, center, width, fn);
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = pixels[i]! * slope + intercept;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi > lo ? hi - lo : 1;
    for (let i = 0; i < n; i++) out[i] = (pixels[i]! * slope + intercept - lo) / range;
  }

  if (image.photometric === 'MONOCHROME1') for (let i = 0; i < n; i++) out[i] = 1 - out[i]!;
  return out;
}

/** DICOM PS3.3 C.11.2.1.2 window functions, mapped to [0, 1]. */
function applyWindow(x: number, c: number, w: number, fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID'): number {
  if (fn === 'SIGMOID') return 1 / (1 + Math.exp((-4 * (x - c)) / w));
  if (fn === 'LINEAR_EXACT') {
    const y = (x - (c - w / 2)) / w;
    return y < 0 ? 0 : y > 1 ? 1 : y;
  }
  if (w <= 1) return x <= c - 0.5 ? 0 : 1;
  const y = (x - (c - 0.5)) / (w - 1) + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}
