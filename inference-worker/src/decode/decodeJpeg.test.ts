import jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImageBytes } from './decodeFile';
import { decodeJpeg } from './decodeJpeg';
import { UnreadableImageError } from './errors';

const rsna = fileURLToPath(
  new URL('../../../../shared/datasets/rsna-screening-640/images/10226_461614796.jpg', import.meta.url),
);

function encodeRgb(width: number, height: number, rgb: (x: number, y: number) => number[]): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...rgb(x, y), 255], (y * width + x) * 4);
  return jpeg.encode({ data, width, height }, 95).data;
}

test('a grey mammogram exported as RGB JPEG (RSNA screening, 640 × 640) decodes to its grey values', () => {
  const image = decodeImageBytes(readFileSync(rsna), 'images/10226_461614796.jpg');
  expect([image.width, image.height, image.bitsStored, image.photometric]).toEqual([
    640,
    640,
    8,
    'MONOCHROME2',
  ]);
  expect(image.pixels).toBeInstanceOf(Uint8Array);
  expect(image.source).toEqual({ kind: 'jpeg', name: 'images/10226_461614796.jpg' });
  expect(image.pixelSpacing).toBeNull();
});

test('a grey gradient keeps its values through JPEG compression (luma)', () => {
  const bytes = encodeRgb(32, 8, (x) => [x * 8, x * 8, x * 8]);
  const image = decodeJpeg(bytes, 'ramp.jpg', { pixelSpacingMm: 0.1, laterality: 'L', view: 'CC' });
  expect(Math.abs(image.pixels[8 * 32 - 1]! - 248)).toBeLessThanOrEqual(3);
  expect(Math.abs(image.pixels[0]! - 0)).toBeLessThanOrEqual(3);
  expect(image.pixelSpacing).toEqual({ rowMm: 0.1, columnMm: 0.1, source: 'user' });
  expect([image.laterality, image.view]).toEqual(['L', 'CC']);
});

test('a colour photograph is refused with a reason a person can act on', () => {
  const bytes = encodeRgb(16, 16, (x, y) => [200, (x * 16) % 256, (y * 16) % 256]);
  expect(() => decodeJpeg(bytes, 'photo.jpg')).toThrow(UnreadableImageError);
  expect(() => decodeJpeg(bytes, 'photo.jpg')).toThrow(
    /photo\.jpg: colour image .* only greyscale mammograms/,
  );
});

test('a truncated JPEG is refused naming the file', () => {
  const bytes = encodeRgb(16, 16, () => [90, 90, 90]);
  expect(() => decodeJpeg(bytes.subarray(0, 40), 'cut.jpg')).toThrow(/cut\.jpg: cannot decode the JPEG/);
  expect(() => decodeJpeg(new Uint8Array([1, 2, 3, 4]), 'x.jpg')).toThrow(/x\.jpg: .*no SOI marker/);
});
