import type { BreastRegion } from './breastRegion';
import { backgroundThreshold, regionAbove } from './breastRegion';

/**
 * A breast never fills its bounding box (the skin line is curved); a digitised film's frame does.
 * Above this share the region found is the film, not the breast.
 */
const FRAME_FILL = 0.97;

/**
 * On a digitised film (mini-MIAS and the demo studies built from it) the unexposed film around
 * the breast is lighter than the scanner's padding, so the breast region is the whole film
 * rectangle: no skin line, no nipple, no chest wall side. The breast is then found again inside
 * the film, above the film's own background. Digital images come back unchanged. The network's
 * mask is not this one (it stays what training used); this one places landmarks and marks.
 */
export function separateBreastFromFilm(region: BreastRegion, width: number, height: number): BreastRegion {
  if (!region.found || !fillsItsBox(region)) return region;
  const inside: number[] = [];
  for (let i = 0; i < region.mask.length; i++) if (region.mask[i]) inside.push(region.thumb[i]!);
  const threshold = backgroundThreshold(Float32Array.from(inside));
  const grid = { width: region.thumbWidth, height: region.thumbHeight, factor: region.factor };
  const breast = regionAbove(region.thumb, grid, width, height, threshold, region.mask);
  return breast.found ? breast : region;
}

function fillsItsBox(region: BreastRegion): boolean {
  const { mask, thumbWidth: w, thumbHeight: h } = region;
  let x0 = w;
  let x1 = -1;
  let y0 = h;
  let y1 = -1;
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return n >= FRAME_FILL * (x1 - x0 + 1) * (y1 - y0 + 1);
}
