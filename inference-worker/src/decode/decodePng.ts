import { decode } from 'fast-png';
import type { DecodedImage, Laterality, MammoView } from '../image/decodedImage';
import { ImageProblem, readingImage } from './errors';
import { hintsFromFileName } from './fileNameHints';
import { toGrey } from './pngGrey';
import { hasPngSignature } from './signatures';

/** What a PNG cannot say about itself. */
export interface PngDecodeOptions {
  /** Square pixel size in mm; PNG has no trustworthy field for it. */
  readonly pixelSpacingMm?: number;
  /** Overrides what the file name says. */
  readonly laterality?: Laterality;
  /** Overrides what the file name says. */
  readonly view?: MammoView;
}

/**
 * An 8- or 16-bit greyscale PNG mammogram -> DecodedImage, MONOCHROME2 with BitsStored the PNG
 * bit depth (PNG does not say how many of the 16 bits are used). Laterality and view come from
 * the options, else from the file name when it states them unambiguously.
 */
export function decodePng(bytes: Uint8Array, name: string, options: PngDecodeOptions = {}): DecodedImage {
  const { pixelSpacingMm } = options;
  if (pixelSpacingMm !== undefined && !(Number.isFinite(pixelSpacingMm) && pixelSpacingMm > 0)) {
    throw new RangeError(`pixelSpacingMm must be a positive number of millimetres, got ${pixelSpacingMm}`);
  }
  const png = readingImage(name, 'cannot decode the PNG; the file may be truncated or corrupt', () => {
    if (!hasPngSignature(bytes)) throw new ImageProblem('not a PNG file (no PNG signature)');
    const decoded = decode(bytes, { checkCrc: true });
    return { width: decoded.width, height: decoded.height, ...toGrey(decoded) };
  });
  const hints = hintsFromFileName(name);
  return {
    width: png.width,
    height: png.height,
    pixels: png.pixels,
    bitsStored: png.bitsStored,
    photometric: 'MONOCHROME2',
    pixelSpacing:
      pixelSpacingMm === undefined
        ? null
        : { rowMm: pixelSpacingMm, columnMm: pixelSpacingMm, source: 'user' },
    laterality: options.laterality ?? hints.laterality,
    view: options.view ?? hints.view,
    source: { kind: 'png', name },
  };
}
