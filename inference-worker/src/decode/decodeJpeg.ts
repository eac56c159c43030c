import jpeg from 'jpeg-js';
import type { DecodedImage } from '../image/decodedImage';
import { ImageProblem, readingImage } from './errors';
import { checkRasterOptions, rasterImage, type RasterDecodeOptions } from './rasterImage';
import { hasJpegSignature } from './signatures';

/**
 * Largest mean colour difference |R-G| + |G-B| (8-bit levels) still taken as grey: exports of grey
 * mammograms as YCbCr JPEG carry a little chroma noise from compression, a colour photo far more.
 */
const GREY_CHROMA_TOLERANCE = 2;
/** A full-field digital mammogram is at most about 4,000 × 5,000 pixels. */
const MAX_MEMORY_MB = 512;

/**
 * A baseline or progressive 8-bit JPEG mammogram export (as published by public datasets) ->
 * DecodedImage. Colour-coded JPEGs of grey images become their luma; a real colour image is
 * refused.
 */
export function decodeJpeg(bytes: Uint8Array, name: string, options: RasterDecodeOptions = {}): DecodedImage {
  checkRasterOptions(options);
  const raster = readingImage(name, 'cannot decode the JPEG; the file may be truncated or corrupt', () => {
    if (!hasJpegSignature(bytes)) throw new ImageProblem('not a JPEG file (no SOI marker)');
    const decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxMemoryUsageInMB: MAX_MEMORY_MB,
    });
    return { width: decoded.width, height: decoded.height, pixels: toLuma(decoded.data), bitsStored: 8 };
  });
  return rasterImage(raster, 'jpeg', name, options);
}

/** RGB triplets -> Rec. 601 luma, refusing an image whose colour is more than compression noise. */
function toLuma(rgb: Uint8Array): Uint8Array {
  const count = rgb.length / 3;
  const out = new Uint8Array(count);
  let chroma = 0;
  for (let i = 0; i < count; i++) {
    const r = rgb[3 * i]!;
    const g = rgb[3 * i + 1]!;
    const b = rgb[3 * i + 2]!;
    chroma += Math.abs(r - g) + Math.abs(g - b);
    out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  if (count && chroma / count > GREY_CHROMA_TOLERANCE) {
    throw new ImageProblem(
      `colour image (mean colour difference ${(chroma / count).toFixed(1)} levels); only greyscale mammograms are supported`,
    );
  }
  return out;
}
