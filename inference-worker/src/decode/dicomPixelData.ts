import type { NaturalizedDataset } from 'dcmjs';
import { ImageProblem } from './errors';
import { bulkData, concatenate } from './dicomValues';
import { decodeJpegLossless } from './jpegLossless';
import type { PixelModule } from './dicomPixelModule';
import { toStoredValues, type StoredPixels } from './storedValues';
import type { PixelEncoding } from './transferSyntax';

/** Pixel Data of a single-frame image -> stored values, masked to BitsStored and sign-extended. */
export function decodePixelData(
  ds: NaturalizedDataset,
  encoding: PixelEncoding,
  module: PixelModule,
): StoredPixels {
  const buffers = bulkData(ds, 'PixelData');
  if (!buffers) throw new ImageProblem('no pixel data (7FE0,0010); is this an image object?');
  const count = module.rows * module.columns;
  // Encapsulated: dcmjs gives one buffer per frame when there is an offset table, else one per
  // fragment. The image has a single frame, so all of them are its fragments.
  const bytes = concatenate(buffers);
  const samples =
    encoding.kind === 'jpegLossless'
      ? decodeJpegLossless(bytes, module.rows, module.columns)
      : nativeSamples(bytes, count, module.bitsAllocated, encoding.littleEndian);
  return toStoredValues(samples, count, module);
}

function nativeSamples(
  bytes: Uint8Array,
  count: number,
  bitsAllocated: 8 | 16,
  littleEndian: boolean,
): Uint8Array | Uint16Array {
  const needed = count * (bitsAllocated / 8);
  if (bytes.length < needed) {
    throw new ImageProblem(
      `pixel data is truncated: ${bytes.length} bytes where ${needed} are needed; the file is incomplete`,
    );
  }
  if (bitsAllocated === 8) return bytes.subarray(0, count);
  // DataView: the buffer may be unaligned and, for explicit big endian, in the other byte order.
  const view = new DataView(bytes.buffer, bytes.byteOffset, needed);
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, littleEndian);
  return out;
}
