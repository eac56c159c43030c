import { outlineLevel } from './lesionRegion';
import { breastMask, image, maps, noLandmarks, transform } from './testing/syntheticMaps';
import { toLesions } from './toLesions';

describe('lesion outline level', () => {
  it('outlineLevel lies half-way between the local background and the peak, within 50-80 % of the peak', () => {
    expect(outlineLevel(0.8, 0, 0.25)).toBeCloseTo(0.4, 9);
    expect(outlineLevel(0.9, 0.45, 0.25)).toBeCloseTo(0.675, 9);
    // A lesion on a bright plateau keeps a region: at most 80 % of its peak.
    expect(outlineLevel(0.8, 0.75, 0.25)).toBeCloseTo(0.64, 9);
    // And the candidate floor stays a floor.
    expect(outlineLevel(0.3, 0, 0.25)).toBeCloseTo(0.25, 9);
  });

  it('toLesions measures a 22 mm mass on a dense plateau of the map at 22 mm, not at the plateau', () => {
    // The mass map as a disc-trained network draws it: a disc of 55 model pixels (22 mm across at
    // 0.2 mm a model pixel) with soft edges, standing 0.45 above a plateau of 0.45 over the dense
    // tissue around it (68 mm across). Traced at half the peak, the outline was the plateau's.
    const centre = { x: 200, y: 250 };
    const disc = (r: number, radius: number, soft: number) => 1 / (1 + Math.exp((r - radius) / soft));
    const paint = maps({
      mass: (x, y) => {
        const r = Math.hypot(x - centre.x, y - centre.y);
        return 0.45 * disc(r, 170, 4) + 0.45 * disc(r, 55, 6);
      },
    });
    const [mass, ...others] = toLesions(paint, transform, image(), {
      lesionThreshold: 0.5,
      breast: { mask: breastMask(), geometry: noLandmarks },
    });
    expect(others).toEqual([]);
    expect(mass!.diameterMm).toBeGreaterThan(20);
    expect(mass!.diameterMm).toBeLessThan(25);
  });
});
