import type { PixelSpacing } from '../image/decodedImage';

/**
 * Pixel size assumed where an image does not state one (PNG and JPEG exports): 0.2 mm, the
 * coarse end of digital mammography and mini-MIAS's own sampling. Only the safety margins of lesion
 * marks (skin line, nipple) use it; sizes stay in pixels (diameterMm null), never in assumed mm.
 */
export const ASSUMED_PIXEL_MM = 0.2;

export interface PhysicalScale {
  /** mm per ORIGINAL pixel, across columns (x) and rows (y). */
  readonly xMm: number;
  readonly yMm: number;
  /** True when the image has no spacing and ASSUMED_PIXEL_MM stands in for it. */
  readonly assumed: boolean;
}

export function physicalScale(spacing: PixelSpacing | null): PhysicalScale {
  return spacing
    ? { xMm: spacing.columnMm, yMm: spacing.rowMm, assumed: false }
    : { xMm: ASSUMED_PIXEL_MM, yMm: ASSUMED_PIXEL_MM, assumed: true };
}
