import { convertIndexedToRgb, type DecodedPng } from 'fast-png';
import { ImageProblem } from './errors';

export interface GreyPng {
  readonly pixels: Uint8Array | Uint16Array;
  readonly bitsStored: 8 | 16;
}

/**
 * A decoded PNG -> one grey sample per pixel. Colour types are accepted only when they carry no
 * colour (R = G = B everywhere, as exported by tools that always write RGB) and no transparency;
 * a real colour image is not a mammogram.
 */
export function toGrey(png: DecodedPng): GreyPng {
  // Colour type 3 (indexed) has one channel; truecolour files may carry a suggested palette too.
  if (png.palette && png.channels === 1) {
    // Indices become 8-bit RGB(A) through the palette, then go through the colour check.
    const rgb = convertIndexedToRgb(png);
    return { pixels: colourlessToGrey(rgb, png.width, png.palette[0]?.length ?? 3, 8), bitsStored: 8 };
  }
  if (png.depth !== 8 && png.depth !== 16) {
    throw new ImageProblem(`${png.depth}-bit greyscale PNG is not supported; expected 8 or 16 bits`);
  }
  const data =
    png.data instanceof Uint8ClampedArray
      ? new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length)
      : png.data;
  const pixels = png.channels === 1 ? data : colourlessToGrey(data, png.width, png.channels, png.depth);
  return { pixels, bitsStored: png.depth };
}

/** Channels: 2 grey+alpha, 3 RGB, 4 RGBA. */
function colourlessToGrey(
  data: Uint8Array | Uint16Array,
  width: number,
  channels: number,
  depth: 8 | 16,
): Uint8Array | Uint16Array {
  const count = data.length / channels;
  const out = depth === 8 ? new Uint8Array(count) : new Uint16Array(count);
  const colours = channels >= 3 ? 3 : 1;
  const hasAlpha = channels === 2 || channels === 4;
  const opaque = 2 ** depth - 1;
  for (let i = 0; i < count; i++) {
    const p = i * channels;
    const grey = data[p]!;
    if (colours === 3 && (data[p + 1] !== grey || data[p + 2] !== grey)) {
      throw new ImageProblem(
        `colour image: pixel (${i % width}, ${Math.floor(i / width)}) is RGB ${grey},${data[p + 1]},${data[p + 2]}; ` +
          'only greyscale mammograms are supported',
      );
    }
    if (hasAlpha && data[p + channels - 1] !== opaque) {
      throw new ImageProblem(
        `transparent pixel at (${i % width}, ${Math.floor(i / width)}); export the mammogram without an alpha channel`,
      );
    }
    out[i] = grey;
  }
  return out;
}
