export { decodeDicom } from './decodeDicom';
export { decodeImageBytes, decodeImageFile } from './decodeFile';
export { decodePng, type PngDecodeOptions } from './decodePng';
export { UnreadableImageError } from './errors';
