/**
 * The geometric path from original image pixels to model input pixels: an optional horizontal
 * flip (canonical orientation: chest wall on the left), a crop to the breast region, then a
 * uniform scale with the crop placed at the top-left of the model input (the rest is padding).
 * Pixel centres are at integer coordinates in both spaces.
 */
export interface ImageTransform {
  readonly originalWidth: number;
  readonly originalHeight: number;
  readonly flipped: boolean;
  /** Crop rectangle in the (possibly flipped) original image. */
  readonly crop: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Model pixels per original pixel (same on both axes). */
  readonly scale: number;
  readonly modelWidth: number;
  readonly modelHeight: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export function toModel(t: ImageTransform, p: Point): Point {
  const fx = t.flipped ? t.originalWidth - 1 - p.x : p.x;
  return {
    x: (fx - t.crop.x + 0.5) * t.scale - 0.5,
    y: (p.y - t.crop.y + 0.5) * t.scale - 0.5,
  };
}

export function toOriginal(t: ImageTransform, p: Point): Point {
  const fx = (p.x + 0.5) / t.scale - 0.5 + t.crop.x;
  const y = (p.y + 0.5) / t.scale - 0.5 + t.crop.y;
  return { x: t.flipped ? t.originalWidth - 1 - fx : fx, y };
}
