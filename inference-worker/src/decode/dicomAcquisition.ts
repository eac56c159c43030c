import type { NaturalizedDataset } from 'dcmjs';
import type { Laterality, MammoView, PixelSpacing } from '../image/decodedImage';
import { firstString, numbers, sequenceItems } from './dicomValues';
import { viewFromCode, viewFromPosition } from './mammoView';

/**
 * Pixel Spacing (0028,0030), calibrated at the patient, else Imager Pixel Spacing (0018,1164) at
 * the detector. Both are "row spacing\column spacing".
 */
export function readPixelSpacing(ds: NaturalizedDataset): PixelSpacing | null {
  for (const source of ['PixelSpacing', 'ImagerPixelSpacing'] as const) {
    const [rowMm, columnMm] = numbers(ds, source);
    if (rowMm !== undefined && columnMm !== undefined && rowMm > 0 && columnMm > 0)
      return { rowMm, columnMm, source };
  }
  return null;
}

/**
 * Image Laterality (0020,0062), else the series' Laterality (0020,0060). B (both) and U
 * (unpaired) are not a side the model can use, so they give null.
 */
export function readLaterality(ds: NaturalizedDataset): Laterality | null {
  const value = (firstString(ds, 'ImageLaterality') ?? firstString(ds, 'Laterality'))?.toUpperCase();
  return value === 'L' || value === 'R' ? value : null;
}

/**
 * View Code Sequence, else View Position. A view that is stated but not one we name is 'OTHER';
 * null when the file states none.
 */
export function readView(ds: NaturalizedDataset): MammoView | null {
  const code = firstString(sequenceItems(ds, 'ViewCodeSequence')[0] ?? {}, 'CodeValue');
  const position = firstString(ds, 'ViewPosition');
  const view = (code ? viewFromCode(code) : undefined) ?? (position ? viewFromPosition(position) : undefined);
  if (view) return view;
  return code || position ? 'OTHER' : null;
}
