import { encode } from 'fast-png';
import { toModel } from './imageTransform';
import type { PreprocessedImage } from './preprocess';

/**
 * The image as the model saw it, for a reader to check: the network's input (contrast-normalised
 * inside the detected breast, black elsewhere) put back on the original image's geometry at the
 * model's resolution, so it lies exactly over the mammogram (same orientation, same extent).
 */
export interface ModelView {
  /** 8-bit grayscale PNG, `width` × `height`, covering the whole original image. */
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** The original image's size: the PNG is stretched over these pixels. */
  readonly imageColumns: number;
  readonly imageRows: number;
}

/** Renders `pre` (one image's pre-processing, clipped at ±clip) as a ModelView. */
export function renderModelView(pre: PreprocessedImage, clip: number): ModelView {
  const t = pre.transform;
  const width = Math.max(1, Math.round(t.originalWidth * t.scale));
  const height = Math.max(1, Math.round(t.originalHeight * t.scale));
  const sx = t.originalWidth / width;
  const sy = t.originalHeight / height;
  const gray = new Uint8Array(width * height);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      // This pixel's centre in the original image, then where it fell on the model's grid.
      const m = toModel(t, { x: (i + 0.5) * sx - 0.5, y: (j + 0.5) * sy - 0.5 });
      const u = Math.round(m.x);
      const v = Math.round(m.y);
      if (u < 0 || v < 0 || u >= t.modelWidth || v >= t.modelHeight) continue;
      const k = v * t.modelWidth + u;
      // Outside the breast the input is -clip already: it comes out black, as the network saw it.
      const z = pre.input[k]!;
      gray[j * width + i] = Math.round(((Math.min(clip, Math.max(-clip, z)) + clip) / (2 * clip)) * 255);
    }
  }
  const png = encode({ width, height, data: gray, depth: 8, channels: 1 });
  return { png, width, height, imageColumns: t.originalWidth, imageRows: t.originalHeight };
}
