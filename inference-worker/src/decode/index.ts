export { decodeDicom } from './decodeDicom';
export { decodeImageBytes, decodeImageFile } from './decodeFile';
export { decodeJpeg } from './decodeJpeg';
export { decodePng } from './decodePng';
export type { RasterDecodeOptions } from './rasterImage';
export { UnreadableImageError } from './errors';
