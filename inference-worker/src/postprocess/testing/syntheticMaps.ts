import type { BreastGeometry } from '@sentinelle/reporting';
import type { DecodedImage, PixelSpacing } from '../../image/decodedImage';
import type { ImageTransform, Point } from '../../preprocess/imageTransform';
import type { LesionMaps } from '../lesionMaps';
import { MAP_CHANNELS } from '../lesionMaps';

/**
 * Synthetic lesion maps for the post-processing tests, painted in model input pixels. The
 * transform is a flip + crop + scale by hand: 1400x1200 original, crop 1000x1000 at (200, 100) of
 * the flipped image, halved into a 512x512 model input (500x500 of content, the rest padding).
 */
export const transform: ImageTransform = {
  originalWidth: 1400,
  originalHeight: 1200,
  flipped: true,
  crop: { x: 200, y: 100, width: 1000, height: 1000 },
  scale: 0.5,
  modelWidth: 512,
  modelHeight: 512,
};
export const STRIDE = 8;
const SIZE = 64;
export const spacing: PixelSpacing = { rowMm: 0.1, columnMm: 0.1, source: 'PixelSpacing' };

export function image(pixelSpacing: PixelSpacing | null = spacing): DecodedImage {
  return {
    width: 1400,
    height: 1200,
    pixels: new Uint16Array(1400 * 1200).fill(1000),
    bitsStored: 12,
    photometric: 'MONOCHROME2',
    pixelSpacing,
    laterality: 'L',
    view: 'CC',
    source: { kind: 'png', name: 'synthetic' },
  };
}

type Paint = (x: number, y: number) => number;

/** 64x64 maps whose channels hold f(model x, model y) sampled at the cell centres. */
export function maps(paint: Partial<Record<keyof typeof MAP_CHANNELS, Paint>>): LesionMaps {
  const data = new Float32Array(3 * SIZE * SIZE);
  for (const [name, f] of Object.entries(paint)) {
    const base = MAP_CHANNELS[name as keyof typeof MAP_CHANNELS] * SIZE * SIZE;
    for (let i = 0; i < SIZE; i++) {
      for (let j = 0; j < SIZE; j++)
        data[base + i * SIZE + j] = f((j + 0.5) * STRIDE - 0.5, (i + 0.5) * STRIDE - 0.5);
    }
  }
  return { data, height: SIZE, width: SIZE, stride: STRIDE };
}

export const gaussian =
  (c: Point, sx: number, sy: number, peak = 0.9): Paint =>
  (x, y) =>
    peak * Math.exp(-((x - c.x) ** 2) / (2 * sx * sx) - (y - c.y) ** 2 / (2 * sy * sy));

/**
 * Model-grid breast mask: a half-disc of `radius` model pixels against the chest wall (model
 * x = 0, the crop's edge) centred on row 250; without a radius, all of the content.
 */
export function breastMask(radius = Infinity): Uint8Array {
  const mask = new Uint8Array(512 * 512);
  for (let y = 0; y < 500; y++) {
    for (let x = 0; x < 500; x++) mask[y * 512 + x] = Math.hypot(x, y - 250) <= radius ? 1 : 0;
  }
  return mask;
}

/** Landmarks not found: only the mask and the skin line judge the marks. */
export const noLandmarks: BreastGeometry = { chestWallSide: 'right', nipple: null, pectoralEdge: null };
