import type { DenaturalizedDataset } from 'dcmjs';
import { decodeDicom } from '../decode';
import { blankRegions, findBurnedInText, type GrayImage, type TextRegion } from './burnedInText';
import { knownTextRegions } from './manufacturerTextRegions';
import { decodeRleFrame } from './rleLossless';
import { numberValue, stringValue, type Part10 } from './part10';

const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
/** Syntaxes whose Pixel Data dcmjs hands over as native little-endian bytes. */
const NATIVE_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']);

export type PixelKind = 'none' | 'image' | 'mask';

export interface CleanedPixels {
  readonly kind: PixelKind;
  /** The Image Pixel attributes to write (Pixel Data, Bits Allocated/Stored, High Bit…). */
  readonly attributes: DenaturalizedDataset;
  /** Text found (OCR) or known (manufacturer) and blanked. */
  readonly regions: readonly TextRegion[];
}

/**
 * Clean Pixel Data (113101): an image's pixels are decoded with the worker's decoders (native,
 * JPEG Lossless), every burned-in text region is blanked, and the result is stored uncompressed.
 * A segmentation's frames are masks Sentinelle drew, not pictures a modality annotated: they are
 * only decompressed. Overlay planes are never carried over (the data set cleaner drops 60xx).
 */
export async function cleanPixels(source: Part10, bytes: Uint8Array, name: string): Promise<CleanedPixels> {
  if (!source.dataset['7FE00010']) return { kind: 'none', attributes: {}, regions: [] };
  if (stringValue(source.dataset, '00080016') === SEGMENTATION_STORAGE) {
    return { kind: 'mask', attributes: maskAttributes(source), regions: [] };
  }
  const decoded = decodeDicom(bytes, name);
  const { pixels } = decoded;
  if (!(pixels instanceof Uint16Array || pixels instanceof Uint8Array)) {
    throw new Error(
      `${name}: signed pixel data is not supported by the de-identification (PixelRepresentation 1)`,
    );
  }
  const monochrome1 = decoded.photometric === 'MONOCHROME1';
  const stored: GrayImage = {
    width: decoded.width,
    height: decoded.height,
    bitsStored: decoded.bitsStored,
    data: pixels,
  };
  // The OCR module reads MONOCHROME2 (text bright on dark); MONOCHROME1 is turned round and back.
  const view = monochrome1 ? invert(stored) : stored;
  // Where the device is known to burn text, blanked whatever the OCR reads; then what the OCR reads.
  const known = knownTextRegions(
    stringValue(source.dataset, '00080070'),
    stringValue(source.dataset, '00081090'),
    decoded.width,
    decoded.height,
  );
  const regions = [...known, ...(await findBurnedInText(view))];
  const blanked = blankRegions(view, regions);
  const cleaned = monochrome1 ? invert(blanked) : blanked;
  return { kind: 'image', attributes: imageAttributes(cleaned), regions };
}

/** The stored pixels of a cleaned file, as the verification's OCR re-check reads them. */
export function storedImage(bytes: Uint8Array, name: string): GrayImage | null {
  const decoded = decodeDicom(bytes, name);
  const { pixels } = decoded;
  if (!(pixels instanceof Uint16Array || pixels instanceof Uint8Array)) return null;
  const stored: GrayImage = {
    width: decoded.width,
    height: decoded.height,
    bitsStored: decoded.bitsStored,
    data: pixels,
  };
  return decoded.photometric === 'MONOCHROME1' ? invert(stored) : stored;
}

function invert(image: GrayImage): GrayImage {
  const max = 2 ** image.bitsStored - 1;
  return { ...image, data: image.data.map((v) => max - v) };
}

function imageAttributes(image: GrayImage): DenaturalizedDataset {
  const eightBit = image.data instanceof Uint8Array;
  const bytes = new Uint8Array(image.data.length * (eightBit ? 1 : 2));
  const view = new DataView(bytes.buffer);
  image.data.forEach((v, i) => (eightBit ? view.setUint8(i, v) : view.setUint16(2 * i, v, true)));
  return {
    '00280100': { vr: 'US', Value: [eightBit ? 8 : 16] },
    '00280101': { vr: 'US', Value: [image.bitsStored] },
    // The decoder moved the stored bits down to bit 0 (and dropped any overlay bits above them).
    '00280102': { vr: 'US', Value: [image.bitsStored - 1] },
    '00280103': { vr: 'US', Value: [0] },
    '00280301': { vr: 'CS', Value: ['NO'] },
    '7FE00010': { vr: eightBit ? 'OB' : 'OW', Value: [bytes.buffer] },
  };
}

function maskAttributes(source: Part10): DenaturalizedDataset {
  const element = source.dataset['7FE00010']!;
  const buffers = (element.Value ?? []) as ArrayBuffer[];
  if (NATIVE_LITTLE_ENDIAN.has(source.transferSyntaxUid)) return { '7FE00010': element };
  if (source.transferSyntaxUid !== RLE_LOSSLESS) {
    throw new Error(
      `segmentation pixel data in transfer syntax ${source.transferSyntaxUid} cannot be decoded here`,
    );
  }
  const rows = numberValue(source.dataset, '00280010') ?? 0;
  const columns = numberValue(source.dataset, '00280011') ?? 0;
  const frames = numberValue(source.dataset, '00280008') ?? 1;
  const bitsAllocated = numberValue(source.dataset, '00280100');
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw new Error(`RLE segmentation with BitsAllocated ${bitsAllocated ?? 'missing'}; 8 or 16 expected`);
  }
  // Sentinelle writes one fragment per frame (RLE Lossless requires it).
  if (buffers.length !== frames) {
    throw new Error(`segmentation has ${buffers.length} pixel data fragments for ${frames} frames`);
  }
  const bytesPerSample = bitsAllocated === 8 ? 1 : 2;
  const frameBytes = rows * columns * bytesPerSample;
  const out = new Uint8Array(frameBytes * frames);
  buffers.forEach((buffer, i) => {
    out.set(decodeRleFrame(new Uint8Array(buffer), rows * columns, bytesPerSample), i * frameBytes);
  });
  return { '7FE00010': { vr: bitsAllocated === 8 ? 'OB' : 'OW', Value: [out.buffer] } };
}
