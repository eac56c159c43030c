import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createUidGenerator } from '@sentinelle/reporting';
import type { Laterality } from '../image/decodedImage';
import { wrapPngMammogram, type WrappableView, type WrapStudy } from './wrapMammogram';

/** One view of an exam kept as PNG files, one file per view. */
export interface PngView {
  readonly laterality: Laterality;
  readonly view: WrappableView;
  /** The PNG's file name in the exam's folder. */
  readonly file: string;
}

export interface WrappedPngView extends PngView {
  readonly sopInstanceUid: string;
  /** The Part 10 file (Explicit VR Little Endian). */
  readonly dicom: Uint8Array;
}

const newUid = createUidGenerator();

/**
 * The views of one exam kept as PNG files in `dir`, wrapped by {@link wrapPngMammogram} into one
 * MG study and series, Instance Numbers 1, 2… in the order of `views`. `sopInstanceUid` chooses
 * each image's UID (name-based ones for the demo); a new UID each otherwise.
 */
export async function wrapPngViews(
  dir: string,
  views: readonly PngView[],
  options: {
    readonly study: WrapStudy;
    readonly pixelSpacingMm: number;
    readonly sopInstanceUid?: (view: PngView) => string;
  },
): Promise<WrappedPngView[]> {
  const wrapped: WrappedPngView[] = [];
  for (const [index, v] of views.entries()) {
    const sopInstanceUid = options.sopInstanceUid?.(v) ?? newUid();
    const dicom = wrapPngMammogram(await readFile(join(dir, v.file)), v.file, {
      study: options.study,
      laterality: v.laterality,
      view: v.view,
      pixelSpacingMm: options.pixelSpacingMm,
      sopInstanceUid,
      instanceNumber: index + 1,
    });
    wrapped.push({ ...v, sopInstanceUid, dicom });
  }
  return wrapped;
}
