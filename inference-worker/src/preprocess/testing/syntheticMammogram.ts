import type { DecodedImage, MammoView, PixelSpacing } from '../../image/decodedImage';
import type { Point } from '../imageTransform';

/**
 * Synthetic mammograms for the pre-processing tests: a half-ellipse of textured tissue against
 * the chest wall edge on a dark background, 12-bit; on MLO views a brighter pectoral triangle in
 * the upper chest-wall corner; optional label, lesion blob and detector noise. Their geometry is
 * known exactly, so the tests can say where the nipple and the muscle's edge must be found.
 */
export interface SyntheticMammogram {
  readonly width: number;
  readonly height: number;
  readonly chestWall: 'left' | 'right';
  readonly view?: MammoView;
  /** Breast half-ellipse: semi-axes as shares of the width and height, centre row as a share. */
  readonly depth?: number;
  readonly halfHeight?: number;
  readonly centreRow?: number;
  /** MLO: the muscle's extent along the top edge and down the chest wall, shares of width/height. */
  readonly pectoral?: { readonly top: number; readonly down: number };
  /** A bright rectangle (burned-in label), original pixels, in the unflipped image. */
  readonly label?: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
  readonly blob?: { readonly x: number; readonly y: number; readonly sigma: number };
  readonly spacing?: PixelSpacing | null;
  /**
   * A digitised film: the unexposed film (lighter than air on a detector) fills the image but for
   * this many columns of black scanner padding on the side away from the chest wall.
   */
  readonly filmPadding?: number;
  readonly photometric?: 'MONOCHROME1' | 'MONOCHROME2';
}

const BACKGROUND = 40;
const FILM = 400;
const TISSUE = 1400;
const MUSCLE = 2600;
const LABEL = 4000;

export function syntheticMammogram(p: SyntheticMammogram): DecodedImage {
  const { width, height } = p;
  const pixels = new Uint16Array(width * height);
  const rx = width * (p.depth ?? 0.7);
  const ry = height * (p.halfHeight ?? 0.42);
  const cy = height * (p.centreRow ?? 0.45);
  const muscle = p.view === 'MLO' ? (p.pectoral ?? { top: 0.3, down: 0.5 }) : null;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Canonical x: distance from the chest wall edge.
      const cx = p.chestWall === 'left' ? x : width - 1 - x;
      const texture = (x * 31 + y * 17) % 7;
      const film = p.filmPadding === undefined ? null : cx < width - p.filmPadding;
      let v = (film === true ? FILM : film === false ? 0 : BACKGROUND) + ((x * 7 + y * 13) % 5);
      if ((cx / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) v = TISSUE + texture;
      if (muscle && cx / (muscle.top * width) + y / (muscle.down * height) < 1) v = MUSCLE + texture;
      if (p.blob) {
        const d2 = (x - p.blob.x) ** 2 + (y - p.blob.y) ** 2;
        v += 1800 * Math.exp(-d2 / (2 * p.blob.sigma ** 2));
      }
      const l = p.label;
      if (l && x >= l.x && x < l.x + l.width && y >= l.y && y < l.y + l.height) v = LABEL;
      const stored = Math.min(4095, Math.round(v));
      pixels[y * width + x] = p.photometric === 'MONOCHROME1' ? 4095 - stored : stored;
    }
  }
  return {
    width,
    height,
    pixels,
    bitsStored: 12,
    photometric: p.photometric ?? 'MONOCHROME2',
    pixelSpacing:
      p.spacing === undefined ? { rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' } : p.spacing,
    laterality: p.chestWall === 'right' ? 'R' : 'L',
    view: p.view ?? 'CC',
    source: { kind: 'dicom', name: 'synthetic' },
  };
}

/** Where the synthetic breast's nipple is: the ellipse's point farthest from the chest wall. */
export function syntheticNipple(p: SyntheticMammogram): Point {
  const x = p.width * (p.depth ?? 0.7);
  return { x: p.chestWall === 'left' ? x : p.width - 1 - x, y: p.height * (p.centreRow ?? 0.45) };
}

/** The synthetic muscle's edge ends: on the top row and on the chest wall column (unflipped). */
export function syntheticPectoralEdge(p: SyntheticMammogram): [Point, Point] {
  const muscle = p.pectoral ?? { top: 0.3, down: 0.5 };
  const top = muscle.top * p.width;
  const wall = p.chestWall === 'left' ? 0 : p.width - 1;
  return [
    { x: p.chestWall === 'left' ? top : p.width - 1 - top, y: 0 },
    { x: wall, y: muscle.down * p.height },
  ];
}
