import type { Lesion, LesionType } from '@sentinelle/reporting';
import type { DecodedImage } from '../image/decodedImage';
import type { ImageTransform } from '../preprocess/imageTransform';
import { toOriginal } from '../preprocess/imageTransform';
import type { CountCalcificationsOptions } from './countCalcifications';
import { countCalcifications } from './countCalcifications';
import { findPeaks } from './findPeaks';
import type { ContentExtent, LesionMaps } from './lesionMaps';
import { checkLesionMaps } from './lesionMaps';
import { growRegion } from './lesionRegion';
import { longestDiameter, massShape } from './measure';
import { traceOutline } from './traceOutline';

export interface ToLesionsOptions {
  /** Operating point on the map probability (ExamFindings.thresholds.lesion). */
  readonly lesionThreshold: number;
  /** Calibrated score below which a peak is ignored; default half the threshold. */
  readonly candidateFloor?: number;
  /** Default 10. */
  readonly maxLesions?: number;
  /** Also return candidates between the floor and the threshold (aboveThreshold false). */
  readonly includeBelowThreshold?: boolean;
  readonly nmsRadiusCells?: number;
  /** Outline simplification tolerance, model input pixels. */
  readonly simplifyTolerance?: number;
  readonly calcifications?: CountCalcificationsOptions;
}

/**
 * Turns one image's lesion maps into lesions in ORIGINAL pixel coordinates, strongest first,
 * with ids L1, L2… Throws when maps, transform and image do not belong together (a model/input
 * mismatch, not something a retry fixes).
 */
export function toLesions(
  maps: LesionMaps,
  transform: ImageTransform,
  image: DecodedImage,
  options: ToLesionsOptions,
): Lesion[] {
  checkLesionMaps(maps);
  if (image.width !== transform.originalWidth || image.height !== transform.originalHeight) {
    throw new Error(
      `toLesions: image is ${image.width}x${image.height} but the transform expects ` +
        `${transform.originalWidth}x${transform.originalHeight}`,
    );
  }
  const floor = options.candidateFloor ?? options.lesionThreshold / 2;
  // Only the resized crop holds the image; the rest of the model input is padding.
  const extent: ContentExtent = {
    width: Math.min(transform.modelWidth, transform.crop.width * transform.scale),
    height: Math.min(transform.modelHeight, transform.crop.height * transform.scale),
  };
  const candidates = findPeaks(maps, {
    lesionThreshold: options.lesionThreshold,
    candidateFloor: floor,
    maxPeaks: options.maxLesions ?? 10,
    nmsRadiusCells: options.nmsRadiusCells,
    extent,
  }).filter((c) => c.aboveThreshold || options.includeBelowThreshold === true);

  const claimed: Record<LesionType, Uint8Array> = {
    mass: new Uint8Array(maps.height * maps.width),
    calcifications: new Uint8Array(maps.height * maps.width),
  };
  const lesions: Lesion[] = [];
  for (const candidate of candidates) {
    const taken = claimed[candidate.type];
    // A weaker peak on the slope of a lesion already traced is that lesion, not another one.
    if (taken[candidate.row * maps.width + candidate.col]) continue;
    const region = growRegion(maps, candidate.type, candidate.row, candidate.col, {
      floor,
      claimed: taken,
      extent,
    });
    for (const index of region.cells) taken[index] = 1;

    const outline = traceOutline(maps, region, transform, {
      simplifyTolerance: options.simplifyTolerance,
      extent,
    });
    const diameter = longestDiameter(outline, image.pixelSpacing);
    const isMass = candidate.type === 'mass';
    lesions.push({
      id: `L${lesions.length + 1}`,
      type: candidate.type,
      score: candidate.score,
      aboveThreshold: candidate.aboveThreshold,
      centre: toOriginal(transform, region.centroid),
      outline,
      diameterPx: diameter.px,
      diameterMm: diameter.mm,
      shape: isMass ? massShape(outline, image.pixelSpacing).shape : null,
      calcificationCount: isMass ? null : countCalcifications(image, outline, options.calcifications),
    });
  }
  return lesions;
}
