import type { BreastGeometry } from '@sentinelle/reporting';
import type { DecodedImage } from '../image/decodedImage';
import { findBreastGeometry } from './breastGeometry';
import type { BreastRegion } from './breastRegion';
import { detectBreastRegion } from './breastRegion';
import { separateBreastFromFilm } from './filmFrame';
import type { ImageTransform } from './imageTransform';
import { toOriginal } from './imageTransform';
import { looksInverted } from './photometry';
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
  /** Same grid, 1 inside the detected breast: the network's mask, as in training. */
  readonly breastMask: Uint8Array;
  /**
   * Same grid, 1 inside the breast without a digitised film's unexposed frame: where the skin
   * line is, for judging lesion marks. The same array as breastMask on digital images.
   */
  readonly breastTissueMask: Uint8Array;
  readonly transform: ImageTransform;
  readonly chestWallSide: 'left' | 'right' | null;
  /** The breast as detected on the thumbnail, for the quality gate. */
  readonly region: BreastRegion;
  /** Chest wall side (found, else from the laterality), nipple and pectoral edge, ORIGINAL pixels. */
  readonly breast: BreastGeometry;
  /** The stored pixels were dark-on-bright (an export of MONOCHROME1 written without its inversion). */
  readonly invertedDetected: boolean;
}

/**
 * The one pre-processing path, shared by training-data preparation, evaluation and the production
 * worker: intensities to [0, 1] with bright = dense (inverted exports detected and put right),
 * breast detection and landmarks (nipple, pectoral edge), canonical orientation (chest wall on
 * the left), crop, resize keeping the aspect ratio, z-score inside the breast. It refuses nothing:
 * the quality gate (qualityGate.ts) is the caller's, so that preparing training data can decide
 * for itself what to skip.
 */
export function preprocess(image: DecodedImage, spec: ModelInputSpec): PreprocessedImage {
  const { width, height } = image;
  const unit = toUnitIntensity(image);
  const invertedDetected = looksInverted(unit, width, height);
  if (invertedDetected) for (let i = 0; i < unit.length; i++) unit[i] = 1 - unit[i]!;
  const region = detectBreastRegion(unit, width, height);

  // The image content decides; laterality only breaks a tie. A right breast is conventionally
  // displayed with its chest wall on the right.
  const chestWallRight = region.chestWallSide ? region.chestWallSide === 'right' : image.laterality === 'R';
  // The network's crop and mask stay the region's (what training saw); landmarks and the skin
  // line need the breast itself, which on a digitised film lies inside the film's frame.
  const tissue = separateBreastFromFilm(region, width, height);
  const breast = findBreastGeometry(
    tissue,
    unit,
    image,
    tissue.chestWallSide ?? lateralitySide(image.laterality),
  );
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
  const breastTissueMask = tissue === region ? breastMask : maskOnModelGrid(tissue, transform);
  const input = normaliseInsideBreast(resized, breastMask, spec.clip);
  return {
    input,
    breastMask,
    breastTissueMask,
    transform,
    chestWallSide: region.chestWallSide,
    region,
    breast,
    invertedDetected,
  };
}

function lateralitySide(laterality: DecodedImage['laterality']): 'left' | 'right' | null {
  return laterality === 'R' ? 'right' : laterality === 'L' ? 'left' : null;
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
