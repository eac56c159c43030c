import type { ImageTransform, Point } from '../preprocess/imageTransform';
import type { PhysicalScale } from './physicalScale';

/**
 * The skin line on the model input grid: the background pixels that touch the breast mask. Image
 * edges and the padding beyond the crop are not skin (a breast cut by the detector's edge, or the
 * chest wall, has no skin line there), so only background pixels holding image content count.
 */
export class SkinLine {
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;

  constructor(mask: Uint8Array, transform: ImageTransform) {
    const w = transform.modelWidth;
    const h = transform.modelHeight;
    const contentW = Math.min(w, Math.round(transform.crop.width * transform.scale));
    const contentH = Math.min(h, Math.round(transform.crop.height * transform.scale));
    const xs: number[] = [];
    const ys: number[] = [];
    for (let y = 0; y < contentH; y++) {
      for (let x = 0; x < contentW; x++) {
        if (mask[y * w + x]) continue;
        // The nearest background pixel to any breast pixel has a breast pixel among its 8
        // neighbours (the neighbour towards the breast pixel is nearer, hence not background).
        if (touchesBreast(mask, w, contentW, contentH, x, y)) {
          xs.push(x);
          ys.push(y);
        }
      }
    }
    this.xs = Int32Array.from(xs);
    this.ys = Int32Array.from(ys);
  }

  /**
   * Distance in mm from a model input point to the skin line; Infinity when the mask has no
   * skin line (a breast filling the whole crop). A few thousand skin pixels against a few dozen
   * marks: cheaper than a distance map of the whole grid.
   */
  distanceMm(p: Point, transform: ImageTransform, scale: PhysicalScale): number {
    const sx = scale.xMm / transform.scale;
    const sy = scale.yMm / transform.scale;
    let best = Infinity;
    for (let k = 0; k < this.xs.length; k++) {
      const d = ((this.xs[k]! - p.x) * sx) ** 2 + ((this.ys[k]! - p.y) * sy) ** 2;
      if (d < best) best = d;
    }
    return Math.sqrt(best);
  }
}

function touchesBreast(mask: Uint8Array, w: number, cw: number, ch: number, x: number, y: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < cw && ny < ch && mask[ny * w + nx]) return true;
    }
  }
  return false;
}
