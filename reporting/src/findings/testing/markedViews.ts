import type { BreastGeometry, ImageFindings } from '../imageFindings';
import type { ImagePoint, Lesion, LesionType } from '../lesion';

/**
 * Views built from their geometry, for the tests of pairing and aggregation: 1000 × 1200 pixels
 * of 0.1 mm (unless told otherwise), marks as points with a small square outline.
 */
export const WIDTH = 1000;
export const HEIGHT = 1200;

export interface MarkFields {
  readonly id: string;
  readonly type: LesionType;
  readonly score: number;
  readonly centre: ImagePoint;
  readonly diameterMm?: number | null;
  readonly aboveThreshold?: boolean;
}

export function mark({ id, type, score, centre, diameterMm = 5, aboveThreshold = true }: MarkFields): Lesion {
  const { x, y } = centre;
  return {
    id,
    type,
    score,
    aboveThreshold,
    centre,
    outline: [
      { x: x - 10, y: y - 10 },
      { x: x + 10, y: y - 10 },
      { x: x + 10, y: y + 10 },
      { x: x - 10, y: y + 10 },
    ],
    diameterPx: 28.3,
    diameterMm,
    shape: type === 'mass' ? 'irregular' : null,
    calcificationCount: type === 'calcifications' ? 6 : null,
  };
}

export interface ViewFields {
  readonly name: string;
  readonly laterality: 'L' | 'R' | null;
  readonly view: string | null;
  readonly breast: BreastGeometry;
  readonly marks?: Lesion[];
  readonly malignancyScore?: number;
  readonly spacingMm?: number | null;
}

export function markedView(fields: ViewFields): ImageFindings {
  const spacing = fields.spacingMm === undefined ? 0.1 : fields.spacingMm;
  return {
    imageRef: { name: fields.name },
    laterality: fields.laterality,
    view: fields.view,
    width: WIDTH,
    height: HEIGHT,
    pixelSpacing:
      spacing === null ? null : { rowMm: spacing, columnMm: spacing, source: 'ImagerPixelSpacing' },
    malignancyScore: fields.malignancyScore ?? 0.5,
    abnormalityScore: 0.5,
    category: 'intermediate',
    lesions: fields.marks ?? [],
    breast: fields.breast,
    invertedDetected: false,
  };
}

/** The chest wall on the image's right edge (x = 999), the nipple 90 mm in front of it. */
export const CC_GEOMETRY: BreastGeometry = {
  chestWallSide: 'right',
  nipple: { x: 99, y: 600 },
  pectoralEdge: null,
};

/** The pectoral edge upright at x = 899: the axis is horizontal, the breast 80 mm deep. */
export const MLO_GEOMETRY: BreastGeometry = {
  chestWallSide: 'right',
  nipple: { x: 99, y: 700 },
  pectoralEdge: [
    { x: 899, y: 0 },
    { x: 899, y: 1199 },
  ],
};
