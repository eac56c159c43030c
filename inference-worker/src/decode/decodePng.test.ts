import { encode, type ImageData } from 'fast-png';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodePng } from './decodePng';
import { UnreadableImageError } from './errors';

const ffdm = (name: string): string =>
  fileURLToPath(new URL(`../../../../shared/fixtures/ffdm-png/${name}`, import.meta.url));

test.each([
  ['0_L-CC.png', 801, 2023, 'L', 'CC'],
  ['0_L-MLO.png', 981, 2730, 'L', 'MLO'],
  ['0_R-CC.png', 801, 2144, 'R', 'CC'],
  ['0_R-MLO.png', 1006, 2650, 'R', 'MLO'],
])('decodePng reads the 16-bit FFDM PNG %s (%i × %i) as %s %s', (name, width, height, laterality, view) => {
  const image = decodePng(readFileSync(ffdm(name)), name);
  expect([image.width, image.height, image.bitsStored]).toEqual([width, height, 16]);
  expect(image.pixels).toBeInstanceOf(Uint16Array);
  expect(image.pixels).toHaveLength(width * height);
  // The exam's values span 12 bits: nothing was scaled down to 8.
  expect(max(image.pixels)).toBe(4095);
  expect(image.photometric).toBe('MONOCHROME2');
  expect([image.laterality, image.view]).toEqual([laterality, view]);
  expect(image.pixelSpacing).toBeNull();
  expect(image.source).toEqual({ kind: 'png', name });
});

test('decodePng reads 8-bit greyscale with its exact values', () => {
  const image = decodePng(
    png({ data: new Uint8Array([0, 17, 128, 255]), channels: 1, depth: 8 }),
    'grey.png',
  );
  expect(image.bitsStored).toBe(8);
  expect(image.pixels).toEqual(new Uint8Array([0, 17, 128, 255]));
});

test('decodePng takes pixel spacing, laterality and view from the options before the file name', () => {
  const bytes = png({ data: new Uint8Array(4), channels: 1, depth: 8 });
  const image = decodePng(bytes, 'exam/L_CC.png', { pixelSpacingMm: 0.07, laterality: 'R', view: 'MLO' });
  expect(image.pixelSpacing).toEqual({ rowMm: 0.07, columnMm: 0.07, source: 'user' });
  expect([image.laterality, image.view]).toEqual(['R', 'MLO']);
});

test.each([
  ['R_MLO.png', 'R', 'MLO'],
  ['left_cc.png', 'L', 'CC'],
  ['RMLO.png', 'R', 'MLO'],
  ['scans/2019/0_L-CC.png', 'L', 'CC'],
  ['0_R-CC_benign.png', 'R', 'CC'],
  ['Right.XCCL.png', 'R', 'XCCL'],
  ['mdb001.png', null, null],
  ['L_R_CC.png', null, 'CC'],
  ['lcc_vs_rmlo.png', null, null],
  ['calcification-left.png', 'L', null],
  ['clear.png', null, null],
])('decodePng reads the file name %s as laterality %s and view %s', (name, laterality, view) => {
  const image = decodePng(png({ data: new Uint8Array(4), channels: 1, depth: 8 }), name);
  expect([image.laterality, image.view]).toEqual([laterality, view]);
});

test('decodePng converts RGB and opaque RGBA PNGs whose channels are equal to grey', () => {
  const rgb = png({
    data: new Uint16Array([1, 1, 1, 500, 500, 500, 4095, 4095, 4095, 0, 0, 0]),
    channels: 3,
    depth: 16,
  });
  const fromRgb = decodePng(rgb, 'rgb.png');
  expect(fromRgb.bitsStored).toBe(16);
  expect(fromRgb.pixels).toEqual(new Uint16Array([1, 500, 4095, 0]));
  const rgba = png({
    data: new Uint8Array([9, 9, 9, 255, 70, 70, 70, 255, 0, 0, 0, 255, 255, 255, 255, 255]),
    channels: 4,
    depth: 8,
  });
  expect(decodePng(rgba, 'rgba.png').pixels).toEqual(new Uint8Array([9, 70, 0, 255]));
});

test('decodePng reads a palette PNG whose colours are grey', () => {
  const palette = [
    [0, 0, 0],
    [90, 90, 90],
    [255, 255, 255],
  ];
  const image = decodePng(
    png({ data: new Uint8Array([2, 1, 0, 1]), channels: 1, depth: 8, palette }),
    'palette.png',
  );
  expect(image.bitsStored).toBe(8);
  expect(image.pixels).toEqual(new Uint8Array([255, 90, 0, 90]));
});

test('decodePng refuses a colour PNG, naming the first coloured pixel', () => {
  const bytes = png({
    data: new Uint8Array([5, 5, 5, 7, 7, 7, 7, 7, 7, 200, 30, 30]),
    channels: 3,
    depth: 8,
  });
  expect(failure(() => decodePng(bytes, 'photo.png')).message).toBe(
    'photo.png: colour image: pixel (1, 1) is RGB 200,30,30; only greyscale mammograms are supported',
  );
});

test('decodePng refuses a PNG with transparent pixels', () => {
  const bytes = png({ data: new Uint8Array([5, 255, 5, 0, 5, 255, 5, 255]), channels: 2, depth: 8 });
  expect(failure(() => decodePng(bytes, 'overlay.png')).message).toMatch(
    /^overlay\.png: transparent pixel at \(1, 0\)/,
  );
});

test('decodePng refuses a truncated PNG and a text file', () => {
  const whole = readFileSync(ffdm('0_R-CC_benign.png'));
  expect(failure(() => decodePng(whole.subarray(0, whole.length >> 1), 'half.png')).message).toMatch(
    /^half\.png: cannot decode the PNG; the file may be truncated or corrupt/,
  );
  const text = new TextEncoder().encode('not an image\n');
  expect(failure(() => decodePng(text, 'notes.txt')).message).toBe(
    'notes.txt: not a PNG file (no PNG signature)',
  );
});

test('decodePng rejects a pixel spacing that is not a positive number', () => {
  const bytes = png({ data: new Uint8Array(4), channels: 1, depth: 8 });
  expect(() => decodePng(bytes, 'a.png', { pixelSpacingMm: 0 })).toThrow(RangeError);
  expect(() => decodePng(bytes, 'a.png', { pixelSpacingMm: Number.NaN })).toThrow(RangeError);
});

/** A 2 × 2 PNG (the data's length sets the channels per pixel). */
function png(image: Omit<ImageData, 'width' | 'height'>): Uint8Array {
  return encode({ width: 2, height: 2, ...image });
}

function failure(decode: () => unknown): UnreadableImageError {
  try {
    decode();
  } catch (err) {
    if (err instanceof UnreadableImageError) return err;
    throw err;
  }
  throw new Error('expected an UnreadableImageError');
}

function max(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}
