import type { ImageFindings } from './imageFindings';
import type { ImagePoint } from './lesion';

/**
 * The two projections a screening exam pairs: craniocaudal (seen from above: tells medial from
 * lateral) and mediolateral (seen from the side: tells superior from inferior). A lesion seen on
 * one of each is placed in the breast by its distance from the nipple, as radiologists do.
 */
export type Projection = 'craniocaudal' | 'mediolateral';

const PROJECTIONS: Readonly<Record<string, Projection>> = {
  CC: 'craniocaudal',
  XCCL: 'craniocaudal',
  XCCM: 'craniocaudal',
  MLO: 'mediolateral',
  ML: 'mediolateral',
  LM: 'mediolateral',
};

/**
 * The projection of a view (DICOM View Position short names); null for the views we do not pair
 * (spot, caudocranial "from below", superolateral-inferomedial…), whose marks stay single-view.
 */
export function projectionOf(view: string | null): Projection | null {
  return view === null ? null : (PROJECTIONS[view.trim().toUpperCase()] ?? null);
}

/**
 * A point of one view placed on the breast axis: the line from the nipple to the chest wall
 * (horizontal, to the image edge on a CC view and on an MLO view without its pectoral edge; the
 * perpendicular from the nipple to the pectoral edge on an MLO view where it was found). Lengths
 * in mm when the image has a pixel spacing, else in pixels: only their ratio to
 * `nippleToChestWall` can then be compared across views.
 */
export interface AxisPlacement {
  readonly unit: 'mm' | 'px';
  /** From the nipple towards the chest wall, along the axis. */
  readonly fromNipple: number;
  /** Across the axis, positive towards the top of the image. */
  readonly towardsTop: number;
  /** The breast's depth along the axis on this view: nipple to chest wall. */
  readonly nippleToChestWall: number;
}

interface Vector {
  readonly x: number;
  readonly y: number;
}

const dot = (a: Vector, b: Vector): number => a.x * b.x + a.y * b.y;

/**
 * Where `point` lies on the breast axis of its view; null when the view cannot say (no nipple or
 * chest-wall side found, a view we do not pair, a nipple on the chest wall). We do not guess a
 * missing nipple: a wrong origin would pair marks of different lesions.
 */
export function placeOnBreastAxis(image: ImageFindings, point: ImagePoint): AxisPlacement | null {
  const { nipple, chestWallSide, pectoralEdge } = image.breast;
  const projection = projectionOf(image.view);
  if (nipple === null || chestWallSide === null || projection === null) return null;
  // Anisotropic pixels: measure in mm space, where the perpendicular to the pectoral edge is true.
  const spacing = image.pixelSpacing;
  const scale = (p: ImagePoint): Vector =>
    spacing ? { x: p.x * spacing.columnMm, y: p.y * spacing.rowMm } : { x: p.x, y: p.y };
  const origin = scale(nipple);
  const towardsWall =
    projection === 'mediolateral' && pectoralEdge
      ? pectoralAxis(origin, pectoralEdge.map(scale) as [Vector, Vector])
      : null;
  const axis = towardsWall ?? imageEdgeAxis(image, origin, chestWallSide, scale);
  if (axis === null || axis.length <= 0) return null;
  // Of the two normals to the axis, the one pointing up the image (y decreasing).
  const normal =
    axis.direction.x >= 0
      ? { x: axis.direction.y, y: -axis.direction.x }
      : { x: -axis.direction.y, y: axis.direction.x };
  const p = scale(point);
  const offset = { x: p.x - origin.x, y: p.y - origin.y };
  return {
    unit: spacing ? 'mm' : 'px',
    fromNipple: dot(offset, axis.direction),
    towardsTop: dot(offset, normal),
    nippleToChestWall: axis.length,
  };
}

interface Axis {
  /** Unit vector from the nipple towards the chest wall. */
  readonly direction: Vector;
  readonly length: number;
}

/** The perpendicular from the nipple to the pectoral edge (the MLO's chest wall). */
function pectoralAxis(nipple: Vector, [a, b]: [Vector, Vector]): Axis | null {
  const edge = { x: b.x - a.x, y: b.y - a.y };
  const edgeLength = Math.hypot(edge.x, edge.y);
  if (edgeLength === 0) return null;
  const along = dot({ x: nipple.x - a.x, y: nipple.y - a.y }, edge) / (edgeLength * edgeLength);
  const foot = { x: a.x + along * edge.x, y: a.y + along * edge.y };
  const length = Math.hypot(foot.x - nipple.x, foot.y - nipple.y);
  if (length === 0) return null;
  return { direction: { x: (foot.x - nipple.x) / length, y: (foot.y - nipple.y) / length }, length };
}

/** Horizontal, from the nipple to the image edge on the chest-wall side. */
function imageEdgeAxis(
  image: ImageFindings,
  nipple: Vector,
  chestWallSide: 'left' | 'right',
  scale: (p: ImagePoint) => Vector,
): Axis {
  const wall = scale({ x: chestWallSide === 'left' ? 0 : image.width - 1, y: 0 }).x;
  return { direction: { x: chestWallSide === 'left' ? -1 : 1, y: 0 }, length: Math.abs(wall - nipple.x) };
}
