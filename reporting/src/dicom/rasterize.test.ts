import { decodeRleFrame, encodeRleFrame, fillPolygon, markLesion, packBits, unpackFrame } from './rasterize';

test('fillPolygon sets the pixels whose centres lie inside, edges included, clipped to the grid', () => {
  const mask = new Uint8Array(10 * 8);
  const square = [
    { x: 2, y: 1 },
    { x: 5, y: 1 },
    { x: 5, y: 3 },
    { x: 2, y: 3 },
  ];
  expect(fillPolygon(mask, 10, 8, square)).toBe(4 * 3);
  expect(mask[1 * 10 + 2]).toBe(1);
  expect(mask[3 * 10 + 5]).toBe(1);
  expect(mask[3 * 10 + 6]).toBe(0);
  const beyond = new Uint8Array(10 * 8);
  const overlapping = [
    { x: -5, y: -5 },
    { x: 3.4, y: -5 },
    { x: 3.4, y: 1.5 },
    { x: -5, y: 1.5 },
  ];
  expect(fillPolygon(beyond, 10, 8, overlapping)).toBe(4 * 2); // columns 0..3, rows 0..1
});

test('fillPolygon follows a concave outline (even-odd) and markLesion keeps a sub-pixel lesion visible', () => {
  const mask = new Uint8Array(7 * 7);
  const u = [
    { x: 0, y: 0 },
    { x: 6, y: 0 },
    { x: 6, y: 6 },
    { x: 4, y: 6 },
    { x: 4, y: 2 },
    { x: 2, y: 2 },
    { x: 2, y: 6 },
    { x: 0, y: 6 },
  ];
  fillPolygon(mask, 7, 7, u);
  expect(mask[4 * 7 + 3]).toBe(0); // inside the notch
  expect(mask[4 * 7 + 1]).toBe(1);
  expect(mask[1 * 7 + 3]).toBe(1);
  const tiny = new Uint8Array(7 * 7);
  const sliver = [
    { x: 3.1, y: 3.1 },
    { x: 3.3, y: 3.1 },
    { x: 3.2, y: 3.4 },
  ];
  markLesion(tiny, 7, 7, sliver, { x: 3.2, y: 3.2 });
  expect(tiny.reduce((sum, value) => sum + value, 0)).toBe(1);
  expect(tiny[3 * 7 + 3]).toBe(1);
});

test('packBits packs frames back to back, least significant bit first, padded to an even length', () => {
  const first = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0]); // 11 pixels: frames share bytes
  const second = Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  const packed = packBits([first, second]);
  expect(packed).toHaveLength(4); // 22 bits -> 3 bytes -> padded to 4
  expect(packed[0]).toBe(0b00000001);
  expect(packed[1]).toBe(0b00000011);
  expect(unpackFrame(packed, 0, 11)).toEqual(first);
  expect(unpackFrame(packed, 1, 11)).toEqual(second);
});

test('encodeRleFrame encodes each row on its own in PackBits runs that decodeRleFrame reads back', () => {
  // 5 columns × 3 rows: the five 255s cross a row boundary, so they make two runs.
  const frame = Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255, 7, 8, 9, 9, 9, 9, 9]);
  const fragment = encodeRleFrame(frame, 5, 3);
  const view = new DataView(fragment.buffer, fragment.byteOffset);
  expect([view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true)]).toEqual([1, 64, 0]);
  expect([...fragment.subarray(64)]).toEqual([
    ...[254, 0, 255, 255], // row 1: three 0s (-2), then two 255s (-1) at the row's end
    ...[254, 255, 1, 7, 8], // row 2: three 255s, then the literal pair 7 8
    ...[252, 9], // row 3: five 9s (-4)
    0, // padded to an even length
  ]);
  expect(decodeRleFrame(fragment, 15)).toEqual(frame);
});

test('encodeRleFrame keeps runs and literals within 128 bytes and shrinks a mask of long runs', () => {
  const columns = 801;
  const rows = 300;
  const mask = new Uint8Array(columns * rows);
  for (let y = 100; y < 200; y++) mask.fill(255, y * columns + 300, y * columns + 420);
  const noise = Uint8Array.from({ length: 700 }, (_, i) => (i * 37) % 251);
  mask.set(noise, 250 * columns + 50);
  const fragment = encodeRleFrame(mask, columns, rows);
  expect(fragment.length % 2).toBe(0);
  expect(fragment.length).toBeLessThan(mask.length / 20);
  expect(decodeRleFrame(fragment, mask.length)).toEqual(mask);
});
