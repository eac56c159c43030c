import type { NaturalizedDataset } from 'dcmjs';
import { ImageProblem } from './errors';
import { firstNumber, firstString } from './dicomValues';
import type { StoredLayout } from './storedValues';

/** The Image Pixel module attributes needed to decode one greyscale frame. */
export interface PixelModule extends StoredLayout {
  readonly rows: number;
  readonly columns: number;
  readonly photometric: 'MONOCHROME1' | 'MONOCHROME2';
}

/** Reads and checks the Image Pixel module; anything but one greyscale 8/16-bit frame is refused. */
export function readPixelModule(ds: NaturalizedDataset): PixelModule {
  const photometric = firstString(ds, 'PhotometricInterpretation')?.toUpperCase();
  const samplesPerPixel = firstNumber(ds, 'SamplesPerPixel') ?? 1;
  if (samplesPerPixel !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) {
    const what = photometric ?? 'missing';
    throw new ImageProblem(
      samplesPerPixel !== 1
        ? `colour image (PhotometricInterpretation ${what}, ${samplesPerPixel} samples per pixel); only greyscale (MONOCHROME1/2) mammograms are supported`
        : `PhotometricInterpretation ${what} is not supported; only greyscale (MONOCHROME1/2) mammograms are`,
    );
  }

  const rows = firstNumber(ds, 'Rows');
  const columns = firstNumber(ds, 'Columns');
  if (!isPositiveInteger(rows) || !isPositiveInteger(columns)) {
    throw new ImageProblem(`missing or invalid Rows/Columns (${rows ?? 'none'} × ${columns ?? 'none'})`);
  }

  const bitsAllocated = firstNumber(ds, 'BitsAllocated');
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw new ImageProblem(`BitsAllocated ${bitsAllocated ?? 'missing'} is not supported; expected 8 or 16`);
  }
  const bitsStored = firstNumber(ds, 'BitsStored') ?? bitsAllocated;
  const highBit = firstNumber(ds, 'HighBit') ?? bitsStored - 1;
  if (!isPositiveInteger(bitsStored) || highBit + 1 < bitsStored || highBit >= bitsAllocated) {
    throw new ImageProblem(
      `inconsistent BitsStored ${bitsStored} / HighBit ${highBit} for BitsAllocated ${bitsAllocated}`,
    );
  }

  // Tomosynthesis and other multi-frame objects are not 2-D mammograms; silently taking frame 1
  // would analyse one slice as if it were the whole breast.
  const frames = firstNumber(ds, 'NumberOfFrames') ?? 1;
  if (frames !== 1) {
    throw new ImageProblem(
      `multi-frame image (${frames} frames); only single-frame 2-D mammograms are supported`,
    );
  }

  return {
    rows,
    columns,
    photometric,
    bitsAllocated,
    bitsStored,
    highBit,
    signed: firstNumber(ds, 'PixelRepresentation') === 1,
  };
}

function isPositiveInteger(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n > 0;
}
