import type { BreastGeometry } from '@sentinelle/reporting';
import type { MammoView } from '../image/decodedImage';
import type { BreastRegion } from './breastRegion';
import { canonicalThumbnail, thumbToOriginal } from './canonicalThumbnail';
import type { Point } from './imageTransform';
import { findNippleOnThumbnail, refineOnSkinLine } from './nipple';
import { findPectoralEdge } from './pectoralMuscle';

/** Views that show the pectoral muscle: the oblique and the straight lateral. */
const VIEWS_WITH_PECTORAL: ReadonlySet<MammoView> = new Set(['MLO', 'ML', 'LM']);

/**
 * The breast's landmarks in ORIGINAL pixels: the side of the chest wall, the nipple, and on
 * MLO-type views the pectoral muscle's edge as [point on the breast's top row, point on the chest
 * wall] (the muscle is the corner between them). Pairing marks across views, clock positions and
 * the lesion exclusion zones are measured from these.
 */
export function findBreastGeometry(
  region: BreastRegion,
  unit: Float32Array,
  image: { readonly width: number; readonly height: number; readonly view: MammoView | null },
  chestWallSide: 'left' | 'right' | null,
): BreastGeometry {
  if (!region.found || chestWallSide === null) return { chestWallSide, nipple: null, pectoralEdge: null };
  const t = canonicalThumbnail(region, chestWallSide === 'right', image.width, image.height);
  // Searching for a muscle on a CC view would turn dense tissue by the chest wall into one.
  const pectoral = image.view && VIEWS_WITH_PECTORAL.has(image.view) ? findPectoralEdge(t) : null;
  const onThumb = findNippleOnThumbnail(t);
  const nipple: Point | null = onThumb ? refineOnSkinLine(t, unit, region.threshold, onThumb) : null;
  return {
    chestWallSide,
    nipple,
    pectoralEdge: pectoral
      ? [thumbToOriginal(t, pectoral.top), thumbToOriginal(t, pectoral.chestWall)]
      : null,
  };
}
