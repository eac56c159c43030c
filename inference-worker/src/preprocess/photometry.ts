/**
 * Exports of MONOCHROME1 images often write the stored values without their inversion, so the
 * breast is dark on a white background. The tag cannot be trusted then; the image can: a
 * mammogram's background is the large uniform region touching the border, and it is dark.
 */
const BINS = 64;
/** Border ring width, as a share of the image's height and width. */
const RING = 0.03;
/** The background mode must cover at least this share of the image to count as background. */
const MIN_BACKGROUND_SHARE = 0.2;
/** Sampling step: the decision needs the histogram's shape, not every pixel. */
const MAX_SAMPLES_PER_SIDE = 256;

/**
 * True when the commonest value on the image's border is bright and covers a large uniform part
 * of the image: the background of an image written inverted. `unit` is [0, 1], 1 = brightest.
 */
export function looksInverted(unit: Float32Array, width: number, height: number): boolean {
  const step = Math.max(1, Math.floor(Math.max(width, height) / MAX_SAMPLES_PER_SIDE));
  const ringX = Math.max(1, Math.round(width * RING));
  const ringY = Math.max(1, Math.round(height * RING));
  const ring = new Float64Array(BINS);
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      if (x >= ringX && x < width - ringX && y >= ringY && y < height - ringY) continue;
      ring[bin(unit[y * width + x]!)]!++;
    }
  }
  let mode = 0;
  for (let b = 1; b < BINS; b++) if (ring[b]! > ring[mode]!) mode = b;
  if ((mode + 0.5) / BINS <= 0.5) return false;

  let near = 0;
  let total = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      total++;
      if (Math.abs(bin(unit[y * width + x]!) - mode) <= 1) near++;
    }
  }
  return near >= MIN_BACKGROUND_SHARE * total;
}

function bin(v: number): number {
  const b = Math.floor(v * BINS);
  return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
}
