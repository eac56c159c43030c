import type { BreastGeometry } from '@sentinelle/reporting';
import type { ImageTransform, Point } from '../preprocess/imageTransform';
import { toModel } from '../preprocess/imageTransform';
import type { PhysicalScale } from './physicalScale';
import { SkinLine } from './skinLine';

/**
 * Where a lesion mark is believable. Networks answer strongly to the skin line's edge, to the
 * nipple seen in profile and to the pectoral muscle's edge, and a reader who sees a mark on the
 * nipple of both CC views stops trusting the others: marks there are dropped, not down-weighted.
 */

/** A mark's centre must lie this far inside the skin line. */
export const MIN_SKIN_DISTANCE_MM = 3;
/** And this far from the nipple (its areola and the nipple itself make a round bright blob). */
export const MIN_NIPPLE_DISTANCE_MM = 10;

export type PlacementProblem = 'outside-breast' | 'skin-line' | 'nipple' | 'pectoral-muscle';

/** The breast as pre-processing found it, for judging where marks sit. */
export interface BreastContext {
  /** Model input grid, 1 inside the breast (PreprocessedImage.breastTissueMask): labels are outside. */
  readonly mask: Uint8Array;
  /** Nipple and pectoral edge in ORIGINAL pixels. */
  readonly geometry: BreastGeometry;
}

export class MarkPlacement {
  private readonly skin: SkinLine;

  constructor(
    private readonly breast: BreastContext,
    private readonly transform: ImageTransform,
    private readonly scale: PhysicalScale,
  ) {
    this.skin = new SkinLine(breast.mask, transform);
  }

  /** Whether a model input pixel lies in the breast (regions grow only there). */
  insideBreast(modelX: number, modelY: number): boolean {
    const { modelWidth: w, modelHeight: h } = this.transform;
    const x = Math.round(modelX);
    const y = Math.round(modelY);
    return x >= 0 && y >= 0 && x < w && y < h && this.breast.mask[y * w + x] === 1;
  }

  /** Why a mark centred at `centre` (ORIGINAL pixels) is not believable; null when it is. */
  problem(centre: Point): PlacementProblem | null {
    const m = toModel(this.transform, centre);
    if (!this.insideBreast(m.x, m.y)) return 'outside-breast';
    if (this.skin.distanceMm(m, this.transform, this.scale) < MIN_SKIN_DISTANCE_MM) return 'skin-line';
    const { nipple, pectoralEdge } = this.breast.geometry;
    if (nipple) {
      const dx = (centre.x - nipple.x) * this.scale.xMm;
      const dy = (centre.y - nipple.y) * this.scale.yMm;
      if (Math.hypot(dx, dy) < MIN_NIPPLE_DISTANCE_MM) return 'nipple';
    }
    if (pectoralEdge && onMuscleSide(pectoralEdge, centre)) return 'pectoral-muscle';
    return null;
  }
}

/**
 * The muscle is the corner cut off by its edge, [point on the breast's top row, point on the
 * chest wall]: the corner is at the chest wall's x and the top point's y, and a point is on the
 * muscle when it lies on the corner's side of the edge.
 */
export function onMuscleSide(edge: readonly [Point, Point], p: Point): boolean {
  const [top, wall] = edge;
  const side = (q: Point) => (top.x - wall.x) * (q.y - wall.y) - (top.y - wall.y) * (q.x - wall.x);
  const corner = side({ x: wall.x, y: top.y });
  return corner !== 0 && Math.sign(side(p)) === Math.sign(corner);
}
