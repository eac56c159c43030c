import type { DecodedImage, Laterality, MammoView } from '../image/decodedImage';
import { hintsFromFileName } from './fileNameHints';

/** What a PNG or JPEG export cannot say about itself. */
export interface RasterDecodeOptions {
  /** Square pixel size in mm; PNG and JPEG have no trustworthy field for it. */
  readonly pixelSpacingMm?: number;
  /** Overrides what the file name says. */
  readonly laterality?: Laterality;
  /** Overrides what the file name says. */
  readonly view?: MammoView;
}

export function checkRasterOptions(options: RasterDecodeOptions): void {
  const { pixelSpacingMm } = options;
  if (pixelSpacingMm !== undefined && !(Number.isFinite(pixelSpacingMm) && pixelSpacingMm > 0)) {
    throw new RangeError(`pixelSpacingMm must be a positive number of millimetres, got ${pixelSpacingMm}`);
  }
}

/**
 * Grey samples of an exported raster image -> DecodedImage, stored as MONOCHROME2: an export does
 * not say whether it was written inverted, so the pre-processing decides from the image itself.
 * Laterality and view come from the options, else from the file name when it states them.
 */
export function rasterImage(
  raster: { width: number; height: number; pixels: Uint8Array | Uint16Array; bitsStored: number },
  kind: 'png' | 'jpeg',
  name: string,
  options: RasterDecodeOptions,
): DecodedImage {
  const { pixelSpacingMm } = options;
  const hints = hintsFromFileName(name);
  return {
    ...raster,
    photometric: 'MONOCHROME2',
    pixelSpacing:
      pixelSpacingMm === undefined
        ? null
        : { rowMm: pixelSpacingMm, columnMm: pixelSpacingMm, source: 'user' },
    laterality: options.laterality ?? hints.laterality,
    view: options.view ?? hints.view,
    source: { kind, name },
  };
}
