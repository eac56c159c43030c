import type { Lesion, LesionType } from '@sentinelle/reporting';
import type { DecodedImage } from '../image/decodedImage';
import type { ImageTransform, Point } from '../preprocess/imageTransform';
import { toOriginal } from '../preprocess/imageTransform';
import { calcificationsStandApart } from './calcificationsOnMass';
import type { CountCalcificationsOptions } from './countCalcifications';
import { countCalcifications } from './countCalcifications';
import type { PeakCandidate } from './findPeaks';
import { findPeaks } from './findPeaks';
import { BACKGROUND_RING_MM, localBackground } from './localBackground';
import type { ContentExtent, LesionMaps } from './lesionMaps';
import { cellCentre, checkLesionMaps, contentCells } from './lesionMaps';
import type { LesionRegion } from './lesionRegion';
import { growRegion } from './lesionRegion';
import type { BreastContext } from './markPlacement';
import { MarkPlacement } from './markPlacement';
import { longestDiameter, massShape } from './measure';
import { physicalScale } from './physicalScale';
import { traceOutline } from './traceOutline';

export interface ToLesionsOptions {
  /** Operating point on the map probability (the registry's thresholds.lesion). */
  readonly lesionThreshold: number;
  /** The breast as pre-processing found it: marks are kept only where a reader can believe them. */
  readonly breast: BreastContext;
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

/** Peaks looked at per mark wanted: marks on the nipple or the skin line take places in the list. */
const CANDIDATES_PER_MARK = 4;

interface Traced {
  readonly candidate: PeakCandidate;
  readonly region: LesionRegion;
  readonly centre: Point;
}

/**
 * Turns one image's lesion maps into per-view marks in ORIGINAL pixel coordinates, strongest
 * first, with ids L1, L2…: each peak's region traced at its calibrated level inside the breast,
 * then kept only where a reader can believe a mark (markPlacement.ts) and, for a calcification
 * cluster on a mass, only when both channels say so (calcificationsOnMass.ts). Throws when maps,
 * transform and image do not belong together (a model/input mismatch, not something a retry fixes).
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
  const { lesionThreshold } = options;
  const floor = options.candidateFloor ?? lesionThreshold / 2;
  const maxLesions = options.maxLesions ?? 10;
  // Only the resized crop holds the image; the rest of the model input is padding.
  const extent: ContentExtent = {
    width: Math.min(transform.modelWidth, transform.crop.width * transform.scale),
    height: Math.min(transform.modelHeight, transform.crop.height * transform.scale),
  };
  const scale = physicalScale(image.pixelSpacing);
  const placement = new MarkPlacement(options.breast, transform, scale);
  const allowed = breastCells(maps, placement, extent);
  const { rows, cols } = contentCells(maps, extent);
  const mmPerCell = ((maps.stride / transform.scale) * (scale.xMm + scale.yMm)) / 2;
  const ringCells = Math.min(16, Math.max(2, BACKGROUND_RING_MM / mmPerCell));

  const candidates = findPeaks(maps, {
    lesionThreshold,
    candidateFloor: floor,
    maxPeaks: maxLesions * CANDIDATES_PER_MARK,
    nmsRadiusCells: options.nmsRadiusCells,
    extent,
  }).filter(
    (c) =>
      (c.aboveThreshold || options.includeBelowThreshold === true) && allowed[c.row * maps.width + c.col],
  );

  const claimed: Record<LesionType, Uint8Array> = {
    mass: new Uint8Array(maps.height * maps.width),
    calcifications: new Uint8Array(maps.height * maps.width),
  };
  const believable: Traced[] = [];
  for (const candidate of candidates) {
    const taken = claimed[candidate.type];
    // A weaker peak on the slope of a region already traced is that region, not another lesion,
    // even when the region itself was not believable (the nipple's blob has slopes too).
    if (taken[candidate.row * maps.width + candidate.col]) continue;
    const background = localBackground(
      maps,
      candidate.type,
      candidate.row,
      candidate.col,
      ringCells,
      allowed,
      rows,
      cols,
    );
    const region = growRegion(maps, candidate.type, candidate.row, candidate.col, {
      floor,
      background,
      allowed,
      claimed: taken,
      extent,
    });
    for (const index of region.cells) taken[index] = 1;
    const centre = toOriginal(transform, region.centroid);
    if (placement.problem(centre) === null) believable.push({ candidate, region, centre });
  }

  const masses = believable.filter((t) => t.candidate.type === 'mass').map((t) => t.region);
  const kept = believable
    .filter(
      (t) => t.candidate.type === 'mass' || calcificationsStandApart(maps, t.region, masses, lesionThreshold),
    )
    .slice(0, maxLesions);

  return kept.map(({ candidate, region, centre }, k) => {
    const outline = traceOutline(maps, region, transform, {
      simplifyTolerance: options.simplifyTolerance,
      extent,
    });
    const diameter = longestDiameter(outline, image.pixelSpacing);
    const isMass = candidate.type === 'mass';
    return {
      id: `L${k + 1}`,
      type: candidate.type,
      score: candidate.score,
      aboveThreshold: candidate.aboveThreshold,
      centre,
      outline,
      diameterPx: diameter.px,
      diameterMm: diameter.mm,
      shape: isMass ? massShape(outline, image.pixelSpacing).shape : null,
      calcificationCount: isMass ? null : countCalcifications(image, outline, options.calcifications),
    };
  });
}

/** Map cells whose centre lies in the breast: where peaks count and regions may grow. */
function breastCells(maps: LesionMaps, placement: MarkPlacement, extent: ContentExtent): Uint8Array {
  const { rows, cols } = contentCells(maps, extent);
  const allowed = new Uint8Array(maps.height * maps.width);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const c = cellCentre(maps.stride, i, j);
      allowed[i * maps.width + j] = placement.insideBreast(c.x, c.y) ? 1 : 0;
    }
  }
  return allowed;
}
