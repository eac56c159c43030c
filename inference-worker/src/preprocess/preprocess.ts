import type { DecodedImage } from '../image/decodedImage';
import { detectBreastRegion } from './breastRegion';
import type { ImageTransform } from './imageTransform';
import { toOriginal } from './imageTransform';
import { resampleCrop } from './resample';
import { toUnitIntensity } from './unitIntensity';

export interface ModelInputSpec {
  readonly width: number;
  readonly height: number;
  /** z-scores inside the breast are clipped to ±clip; background and padding take -clip. */
  readonly clip: number;
}

export interface PreprocessedImage {
  /** modelHeight × modelWidth, row-major: what the network sees. */
  readonly input: Float32Array;
  /** Same grid, 1 inside the detected breast. */
  readonly breastMask: Uint8Array;
  readonly transform: ImageTransform;
  readonly chestWallSide: 'left' | 'right' | null;
}

/**
 * The one pre-processing path, shared by training-data preparation, evaluation and the production
 * worker: intensities to [0, 1] with bright = dense, breast detection, canonical orientation
 * (chest wall on the left), crop, resize keeping the aspect ratio, z-score inside the breast.
 */
export function preprocess(image: DecodedImage, spec: ModelInputSpec): PreprocessedImage {
  const { width, height } = image;
  const unit = toUnitIntensity(image);
  const region = detectBreastRegion(unit, width, height);

  // The image content decides; laterality only breaks a tie. A right breast is conventionally
  // displayed with its chest wall on the right.
  const chestWallRight = region.chestWallSide ? region.chestWallSide === 'right' : image.laterality === 'R';
  const { box } = region;
  const crop = chestWallRight ? { ...box, x: width - box.x - box.width } : box;
  const scale = Math.min(spec.width / crop.width, spec.height / crop.height);
  const transform: ImageTransform = {
    originalWidth: width,
    originalHeight: height,
    flipped: chestWallRight,
    crop,
    scale,
    modelWidth: spec.width,
    modelHeight: spec.height,
  };

  const resized = resampleCrop(unit, transform, 0);
  const breastMask = maskOnModelGrid(region, transform);
  const input = normaliseInsideBreast(resized, breastMask, spec.clip);
  return { input, breastMask, transform, chestWallSide: region.chestWallSide };
}

function maskOnModelGrid(region: ReturnType<typeof detectBreastRegion>, t: ImageTransform): Uint8Array {
  const { mask, thumbWidth, thumbHeight, factor } = region;
  const out = new Uint8Array(t.modelWidth * t.modelHeight);
  const usedW = Math.min(t.modelWidth, Math.round(t.crop.width * t.scale));
  const usedH = Math.min(t.modelHeight, Math.round(t.crop.height * t.scale));
  for (let v = 0; v < usedH; v++) {
    for (let u = 0; u < usedW; u++) {
      const p = toOriginal(t, { x: u, y: v });
      const tx = Math.min(thumbWidth - 1, Math.max(0, Math.floor(p.x / factor)));
      const ty = Math.min(thumbHeight - 1, Math.max(0, Math.floor(p.y / factor)));
      out[v * t.modelWidth + u] = mask[ty * thumbWidth + tx]!;
    }
  }
  return out;
}

/** Contrast normalisation: z-score over breast pixels, so exposure and film density cancel out. */
function normaliseInsideBreast(values: Float32Array, mask: Uint8Array, clip: number): Float32Array {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    if (!mask[i]) continue;
    const v = values[i]!;
    n++;
    sum += v;
    sumSq += v * v;
  }
  const mean = n ? sum / n : 0;
  const std = n ? Math.sqrt(Math.max(sumSq / n - mean * mean, 0)) : 1;
  const inv = std > 1e-6 ? 1 / std : 1;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (!mask[i]) {
      out[i] = -clip;
      continue;
    }
    const z = (values[i]! - mean) * inv;
    out[i] = z < -clip ? -clip : z > clip ? clip : z;
  }
  return out;
}
