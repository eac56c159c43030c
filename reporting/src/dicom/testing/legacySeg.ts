import type { NaturalizedDataset } from 'dcmjs';
import { readPart10, writePart10 } from '../part10';
import { decodeRleFrame, packBits } from '../rasterize';

/**
 * The same lesion masks as Sentinelle wrote them before its SEGs were FRACTIONAL: a BINARY SEG,
 * 1 bit a pixel, frames packed back to back (PS3.5 8.1.1), Explicit VR Little Endian, under a new
 * SOP Instance UID. Tests store it to check that the viewer still reads SEGs already in a PACS.
 */
export function legacyBinarySeg(fractionalSeg: Uint8Array, sopInstanceUid: string): Uint8Array {
  const dataset = readPart10(fractionalSeg);
  const rows = Number(dataset.Rows);
  const columns = Number(dataset.Columns);
  const frames = (dataset.PixelData as ArrayBuffer[]).map((fragment) =>
    decodeRleFrame(new Uint8Array(fragment), rows * columns).map((value) => (value ? 1 : 0)),
  );
  const packed = packBits(frames);
  const legacy: NaturalizedDataset = {
    ...dataset,
    SOPInstanceUID: sopInstanceUid,
    SegmentationType: 'BINARY',
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelData: [packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength) as ArrayBuffer],
    _vrMap: { PixelData: 'OB' },
  };
  delete legacy.SegmentationFractionalType;
  delete legacy.MaximumFractionalValue;
  return writePart10(legacy);
}
