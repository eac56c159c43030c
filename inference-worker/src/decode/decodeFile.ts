import { readFile } from 'node:fs/promises';
import type { DecodedImage } from '../image/decodedImage';
import { decodeDicom } from './decodeDicom';
import { decodeJpeg } from './decodeJpeg';
import { decodePng } from './decodePng';
import { UnreadableImageError } from './errors';
import type { RasterDecodeOptions } from './rasterImage';
import { hasDicomPreamble, hasJpegSignature, hasPngSignature } from './signatures';

/**
 * Reads and decodes a mammogram file, choosing DICOM, PNG or JPEG by its content: exports often carry
 * the wrong extension, or none. The options only apply to PNG and JPEG; a DICOM file states its own.
 */
export async function decodeImageFile(
  path: string,
  options: RasterDecodeOptions = {},
): Promise<DecodedImage> {
  return decodeImageBytes(await readFile(path), path, options);
}

/** As decodeImageFile, for bytes already in memory; `name` is used in messages. */
export function decodeImageBytes(
  bytes: Uint8Array,
  name: string,
  options: RasterDecodeOptions = {},
): DecodedImage {
  if (hasPngSignature(bytes)) return decodePng(bytes, name, options);
  if (hasJpegSignature(bytes)) return decodeJpeg(bytes, name, options);
  // A .dcm file without the preamble gets decodeDicom's message about Part 10 files.
  if (hasDicomPreamble(bytes) || /\.dcm$/i.test(name)) return decodeDicom(bytes, name);
  throw new UnreadableImageError(
    name,
    "neither a DICOM file (no 'DICM' marker at byte 128) nor a PNG (no PNG signature) nor a JPEG (no SOI marker)",
  );
}
