import { decode } from 'fast-png';
import type { DecodedImage } from '../image/decodedImage';
import { ImageProblem, readingImage } from './errors';
import { toGrey } from './pngGrey';
import { checkRasterOptions, rasterImage, type RasterDecodeOptions } from './rasterImage';
import { hasPngSignature } from './signatures';

/**
 * An 8- or 16-bit greyscale PNG mammogram -> DecodedImage, MONOCHROME2 with BitsStored the PNG
 * bit depth (PNG does not say how many of the 16 bits are used). Laterality and view come from
 * the options, else from the file name when it states them unambiguously.
 */
export function decodePng(bytes: Uint8Array, name: string, options: RasterDecodeOptions = {}): DecodedImage {
  checkRasterOptions(options);
  const png = readingImage(name, 'cannot decode the PNG; the file may be truncated or corrupt', () => {
    if (!hasPngSignature(bytes)) throw new ImageProblem('not a PNG file (no PNG signature)');
    const decoded = decode(bytes, { checkCrc: true });
    return { width: decoded.width, height: decoded.height, ...toGrey(decoded) };
  });
  return rasterImage(png, 'png', name, options);
}
