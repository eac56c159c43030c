import type { BreastGeometry } from '@sentinelle/reporting';
import type { Point } from '../preprocess/imageTransform';
import { toOriginal } from '../preprocess/imageTransform';
import { onMuscleSide } from './markPlacement';
import { breastMask, gaussian, image, maps, noLandmarks, spacing, transform } from './testing/syntheticMaps';
import { toLesions } from './toLesions';

// The breast: a half-disc of 400 model pixels (80 mm at 0.1 mm a pixel, halved) against the chest
// wall. One model pixel is 0.2 mm with the image's spacing.
const SKIN_RADIUS = 400;
const mask = breastMask(SKIN_RADIUS);

/** A blob `inside` model pixels inside the skin line, on the breast's axis (row 250). */
function blobInsideSkin(inside: number, peak = 0.9) {
  return maps({ mass: gaussian({ x: SKIN_RADIUS - inside, y: 250 }, 10, 10, peak) });
}

function marks(
  paint: ReturnType<typeof maps>,
  geometry: BreastGeometry = noLandmarks,
  pixelSpacing: typeof spacing | null = spacing,
) {
  return toLesions(paint, transform, image(pixelSpacing), {
    lesionThreshold: 0.5,
    breast: { mask, geometry },
  });
}

const original = (p: Point) => toOriginal(transform, p);

describe('lesion mark placement', () => {
  it('toLesions drops a mark on the skin line (1.6 mm inside) and keeps one 12 mm inside', () => {
    expect(marks(blobInsideSkin(8))).toEqual([]);
    expect(marks(blobInsideSkin(60))).toHaveLength(1);
  });

  it('toLesions measures the skin margin with 0.2 mm a pixel when the image has no spacing', () => {
    // 20 model pixels = 40 original pixels: 2 mm at 0.05 mm a pixel, 8 mm at the assumed 0.2 mm.
    const fine = { rowMm: 0.05, columnMm: 0.05, source: 'PixelSpacing' as const };
    expect(marks(blobInsideSkin(20), noLandmarks, fine)).toEqual([]);
    const assumed = marks(blobInsideSkin(20), noLandmarks, null);
    expect(assumed).toHaveLength(1);
    // Sizes are never given in assumed millimetres.
    expect(assumed[0]!.diameterMm).toBeNull();
  });

  it('toLesions drops a mark outside the breast, e.g. on a burned-in label, even at full strength', () => {
    // The label sits beyond the skin line, where the mask says background.
    expect(marks(maps({ mass: gaussian({ x: 460, y: 60 }, 10, 10, 0.99) }))).toEqual([]);
  });

  it('toLesions keeps a mark near the chest wall: the crop edge is not skin', () => {
    const lesions = marks(maps({ mass: gaussian({ x: 12, y: 250 }, 10, 10) }));
    expect(lesions).toHaveLength(1);
  });

  it('toLesions drops a mark within 10 mm of the nipple and keeps it when the nipple is elsewhere', () => {
    // 6 mm from the nipple, 6 mm inside the skin line.
    const nearNipple = blobInsideSkin(30);
    const nipple = original({ x: SKIN_RADIUS, y: 250 });
    expect(marks(nearNipple, { ...noLandmarks, nipple })).toEqual([]);
    expect(marks(nearNipple, { ...noLandmarks, nipple: original({ x: SKIN_RADIUS, y: 100 }) })).toHaveLength(
      1,
    );
  });

  it('toLesions drops a mark on the pectoral muscle and keeps the same mark beside it', () => {
    // The muscle: the corner cut off by the edge from (150, 0) on the top row to (0, 200).
    const pectoralEdge: [Point, Point] = [original({ x: 150, y: 0 }), original({ x: 0, y: 200 })];
    const geometry = { ...noLandmarks, pectoralEdge };
    expect(marks(maps({ mass: gaussian({ x: 40, y: 40 }, 10, 10) }), geometry)).toEqual([]);
    expect(marks(maps({ mass: gaussian({ x: 150, y: 150 }, 10, 10) }), geometry)).toHaveLength(1);
  });

  it('toLesions does not let a weaker peak on the nipple blob stand in for the blob it dropped', () => {
    // A broad answer to the nipple, and a small bump on its slope 12 mm from the nipple: a peak of
    // its own, but inside the nipple blob's region, so it is that blob, not a second lesion.
    const nipple = original({ x: SKIN_RADIUS, y: 250 });
    const slope = maps({
      mass: (x, y) =>
        gaussian({ x: 390, y: 250 }, 50, 50)(x, y) + gaussian({ x: 331.5, y: 251.5 }, 5, 5, 0.15)(x, y),
    });
    expect(marks(slope, { ...noLandmarks, nipple })).toEqual([]);
  });

  it('onMuscleSide puts the corner between the edge and the image borders on the muscle, either side', () => {
    const left: [Point, Point] = [
      { x: 300, y: 0 },
      { x: 0, y: 500 },
    ];
    expect(onMuscleSide(left, { x: 50, y: 50 })).toBe(true);
    expect(onMuscleSide(left, { x: 400, y: 400 })).toBe(false);
    const right: [Point, Point] = [
      { x: 700, y: 0 },
      { x: 999, y: 500 },
    ];
    expect(onMuscleSide(right, { x: 950, y: 50 })).toBe(true);
    expect(onMuscleSide(right, { x: 600, y: 400 })).toBe(false);
  });
});
