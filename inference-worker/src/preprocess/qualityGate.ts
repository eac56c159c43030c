import type { DecodedImage } from '../image/decodedImage';
import type { BreastRegion } from './breastRegion';
import { ImageQualityError } from './imageQualityError';

/**
 * The input quality gate: images the network would score without meaning are refused with a
 * reason instead. A score on a black frame or on noise is a number a reader might believe.
 */

/**
 * Smallest side of an image that can hold a compressed breast, when the spacing is known. The
 * smallest screening paddles are 18 × 24 cm and a small breast still spans several centimetres.
 */
export const MIN_IMAGE_SIDE_MM = 50;
/**
 * Smallest side in pixels, whatever the spacing: below it the model's lesion maps (one cell per
 * 8 input pixels) hold too few cells to say anything, and no mammography export is that small.
 */
export const MIN_IMAGE_SIDE_PX = 128;
/** Stored values spanning less than this share of their bit depth carry no image (a blank frame). */
const MIN_DYNAMIC_SHARE = 0.01;
/** A unit-intensity thumbnail flatter than this (a window that clips everything) is blank too. */
const MIN_THUMB_STD = 0.01;
/**
 * Above this, neighbouring thumbnail pixels differ as much as any two pixels of the image: no
 * structure, only noise. Neighbour differences on a mammogram are tiny beside its global
 * contrast (large smooth background, smooth breast): measured 0.006 median and 0.02 at most on
 * 240 mini-MIAS films, 0.03 median and 0.11 at most on 304 RSNA digital images; white noise gives 1.
 */
export const MAX_ROUGHNESS = 0.5;
/** The breast must cover this share of the image: a burned-in label alone covers far less. */
const MIN_BREAST_SHARE = 0.03;
/** And, with a known spacing, this area (10 cm²): smaller "breasts" are labels or markers. */
const MIN_BREAST_AREA_MM2 = 1000;

/** What the header and the size say, before any pixel is looked at. */
export function checkAcquisition(image: DecodedImage): void {
  const name = image.source.name;
  if (image.presentationIntent === 'FOR PROCESSING') {
    throw new ImageQualityError(
      name,
      'for-processing',
      {
        fr:
          'image « FOR PROCESSING » (signal brut du détecteur, avant le traitement du constructeur) : ' +
          'envoyer l’image « FOR PRESENTATION »',
        en: 'FOR PROCESSING image (raw detector signal, before the manufacturer’s processing): send the FOR PRESENTATION image',
      },
      { presentationIntent: 'FOR PROCESSING' },
    );
  }
  const { width, height, pixelSpacing } = image;
  if (Math.min(width, height) < MIN_IMAGE_SIDE_PX) {
    throw tooSmall(name, `${width} × ${height} pixels`, `${MIN_IMAGE_SIDE_PX} pixels`, {
      width,
      height,
      minSidePx: MIN_IMAGE_SIDE_PX,
    });
  }
  if (pixelSpacing) {
    const widthMm = width * pixelSpacing.columnMm;
    const heightMm = height * pixelSpacing.rowMm;
    if (Math.min(widthMm, heightMm) < MIN_IMAGE_SIDE_MM) {
      throw tooSmall(name, `${mm(widthMm)} × ${mm(heightMm)} mm`, `${MIN_IMAGE_SIDE_MM} mm`, {
        widthMm,
        heightMm,
        minSideMm: MIN_IMAGE_SIDE_MM,
      });
    }
  }
}

/** What the pixels say: a blank frame, noise, or no breast at all. */
export function checkImageContent(image: DecodedImage, region: BreastRegion): void {
  const name = image.source.name;
  const dynamic = storedDynamicShare(image);
  const thumbStd = standardDeviation(region.thumb);
  if (dynamic < MIN_DYNAMIC_SHARE || thumbStd < MIN_THUMB_STD) {
    throw new ImageQualityError(
      name,
      'constant-image',
      {
        fr: 'image uniforme (noire, blanche ou sans contraste) : aucun sein visible',
        en: 'uniform image (black, white or without contrast): no breast visible',
      },
      { dynamicShare: dynamic, thumbnailStd: thumbStd },
    );
  }
  const roughness = neighbourRoughness(region.thumb, region.thumbWidth, region.thumbHeight);
  if (roughness > MAX_ROUGHNESS) {
    throw new ImageQualityError(
      name,
      'noise-image',
      {
        fr: 'image sans structure (bruit) : ce n’est pas une mammographie exploitable',
        en: 'image without structure (noise): not a usable mammogram',
      },
      { roughness, maxRoughness: MAX_ROUGHNESS },
    );
  }
  const share = breastShare(region);
  const areaMm2 = image.pixelSpacing
    ? share * image.width * image.height * image.pixelSpacing.rowMm * image.pixelSpacing.columnMm
    : null;
  if (!region.found || share < MIN_BREAST_SHARE || (areaMm2 !== null && areaMm2 < MIN_BREAST_AREA_MM2)) {
    throw new ImageQualityError(
      name,
      'no-breast',
      { fr: 'aucun sein trouvé dans l’image', en: 'no breast found in the image' },
      { breastShare: share, ...(areaMm2 !== null && { breastAreaMm2: areaMm2 }) },
    );
  }
}

function tooSmall(
  name: string,
  size: string,
  minimum: string,
  measures: Record<string, number>,
): ImageQualityError {
  return new ImageQualityError(
    name,
    'too-small',
    {
      fr: `image trop petite pour contenir un sein : ${size}, il faut au moins ${minimum} de côté`,
      en: `image too small to hold a breast: ${size}, at least ${minimum} a side is needed`,
    },
    measures,
  );
}

function mm(value: number): string {
  return value.toFixed(1);
}

/** Range of the stored values as a share of what their bits can hold. */
function storedDynamicShare(image: DecodedImage): number {
  const { pixels } = image;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Float pixels have no integer depth: any span at all counts, the thumbnail's spread decides.
  if (pixels instanceof Float32Array) return hi > lo ? 1 : 0;
  // Stored values, not rescaled ones: the modality rescale is linear and changes no share.
  return (hi - lo) / 2 ** Math.min(Math.max(image.bitsStored, 1), 16);
}

function standardDeviation(values: Float32Array): number {
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / values.length;
  return Math.sqrt(Math.max(0, sumSq / values.length - mean * mean));
}

/**
 * Half the mean squared difference between 4-neighbours over the variance of the image: 1 for
 * white noise (neighbours are as unrelated as any two pixels), near 0 for images made of smooth
 * regions, whose contrast lies between regions rather than between neighbours.
 */
export function neighbourRoughness(values: Float32Array, width: number, height: number): number {
  let sumSq = 0;
  let pairs = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x]!;
      if (x + 1 < width) {
        sumSq += (values[y * width + x + 1]! - v) ** 2;
        pairs++;
      }
      if (y + 1 < height) {
        sumSq += (values[(y + 1) * width + x]! - v) ** 2;
        pairs++;
      }
    }
  }
  const variance = standardDeviation(values) ** 2;
  return pairs > 0 && variance > 0 ? sumSq / (2 * pairs) / variance : 0;
}

function breastShare(region: BreastRegion): number {
  let inside = 0;
  for (const m of region.mask) inside += m;
  return inside / region.mask.length;
}
