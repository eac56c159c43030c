import type { NaturalizedDataset } from 'dcmjs';
import type { DecodedImage, VoiLut, VoiWindow } from '../image/decodedImage';
import { ImageProblem } from './errors';
import { bulkData, concatenate, firstNumber, firstString, numbers, sequenceItems } from './dicomValues';

/** Modality LUT as Rescale Slope/Intercept; undefined when the file has neither. */
export function readRescale(ds: NaturalizedDataset): { slope: number; intercept: number } | undefined {
  const slope = firstNumber(ds, 'RescaleSlope');
  const intercept = firstNumber(ds, 'RescaleIntercept');
  if (slope === undefined && intercept === undefined) return undefined;
  // A zero slope would flatten the image; the standard forbids it, so treat it as absent.
  return { slope: slope === undefined || slope === 0 ? 1 : slope, intercept: intercept ?? 0 };
}

/**
 * Presentation Intent Type (0008,0068), which the Digital Mammography X-Ray Image IOD requires:
 * undefined when absent or not one of the two defined terms.
 */
export function readPresentationIntent(ds: NaturalizedDataset): DecodedImage['presentationIntent'] {
  const value = firstString(ds, 'PresentationIntentType')?.toUpperCase();
  return value === 'FOR PRESENTATION' || value === 'FOR PROCESSING' ? value : undefined;
}

const WINDOW_FUNCTIONS = ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const;

/** The first (default) window; several are alternatives offered to the reader. */
export function readWindow(ds: NaturalizedDataset): VoiWindow | undefined {
  const center = firstNumber(ds, 'WindowCenter');
  const width = firstNumber(ds, 'WindowWidth');
  if (center === undefined || width === undefined || width <= 0) return undefined;
  const declared = firstString(ds, 'VOILUTFunction')?.toUpperCase();
  const fn = WINDOW_FUNCTIONS.find((f) => f === declared) ?? 'LINEAR';
  return { center, width, fn };
}

/**
 * The first item of the VOI LUT Sequence. LUTDescriptor is US or SS by PixelRepresentation and
 * LUTData US or OW, and implicit VR files do not say which, so both are normalised here.
 */
export function readVoiLut(
  ds: NaturalizedDataset,
  signedPixels: boolean,
  littleEndian: boolean,
): VoiLut | undefined {
  const item = sequenceItems(ds, 'VOILUTSequence')[0];
  if (!item) return undefined;
  const descriptor = numbers(item, 'LUTDescriptor');
  if (descriptor.length < 3) throw new ImageProblem('VOI LUT Sequence has no valid LUTDescriptor');
  const [rawEntries, rawFirst, bits] = descriptor as [number, number, number];
  // Number of entries is always unsigned, and 0 means 65536 (PS3.3 C.11.2.1.1).
  const entries = rawEntries & 0xffff || 65536;
  const firstMapped = signedPixels ? (rawFirst << 16) >> 16 : rawFirst & 0xffff;

  const words = lutWords(item, littleEndian);
  if (!words || words.length < entries) {
    throw new ImageProblem(`VOI LUT declares ${entries} entries but its LUTData holds ${words?.length ?? 0}`);
  }
  // Entries are stored in 16 bits with the bits above `bits` zero; mask in case they are not.
  const mask = bits >= 1 && bits <= 16 ? 2 ** bits - 1 : 0xffff;
  const data = new Uint16Array(entries);
  for (let i = 0; i < entries; i++) data[i] = words[i]! & mask;
  return { firstMapped, data };
}

function lutWords(item: NaturalizedDataset, littleEndian: boolean): ArrayLike<number> | undefined {
  const buffers = bulkData(item, 'LUTData');
  if (buffers) {
    const bytes = concatenate(buffers);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const words = new Uint16Array(bytes.byteLength >> 1);
    for (let i = 0; i < words.length; i++) words[i] = view.getUint16(2 * i, littleEndian);
    return words;
  }
  const values = numbers(item, 'LUTData');
  return values.length > 0 ? values : undefined;
}
