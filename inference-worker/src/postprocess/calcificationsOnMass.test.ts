import type { Lesion } from '@sentinelle/reporting';
import { breastMask, gaussian, image, maps, noLandmarks, transform } from './testing/syntheticMaps';
import { toLesions } from './toLesions';

const mass = gaussian({ x: 200, y: 250 }, 20, 20, 0.9);

function marks(
  paint: ReturnType<typeof maps>,
  includeBelowThreshold = false,
): Pick<Lesion, 'type' | 'aboveThreshold'>[] {
  return toLesions(paint, transform, image(), {
    lesionThreshold: 0.5,
    includeBelowThreshold,
    breast: { mask: breastMask(), geometry: noLandmarks },
  }).map(({ type, aboveThreshold }) => ({ type, aboveThreshold }));
}

describe('calcifications on a mass', () => {
  it('toLesions reports no calcification cluster below the threshold on top of a mass, even among candidates', () => {
    // The calcification channel's echo of the mass, broad and below the threshold.
    const echo = gaussian({ x: 200, y: 250 }, 45, 45, 0.4);
    expect(marks(maps({ mass, calcifications: echo }), true)).toEqual([
      { type: 'mass', aboveThreshold: true },
    ]);
    // The same answer alone is a candidate like any other.
    expect(marks(maps({ calcifications: echo }), true)).toEqual([
      { type: 'calcifications', aboveThreshold: false },
    ]);
  });

  it('toLesions drops a cluster on the mass where the mass channel alone stays below the threshold', () => {
    // 19.5 model pixels from the peak of a 0.7 mass: inside its outline (half its peak, 23.5 px),
    // where the mass channel says 0.44, under the threshold.
    const fainterMass = gaussian({ x: 200, y: 250 }, 20, 20, 0.7);
    const onShoulder = gaussian({ x: 219.5, y: 251.5 }, 8, 8, 0.7);
    expect(marks(maps({ mass: fainterMass, calcifications: onShoulder }))).toEqual([
      { type: 'mass', aboveThreshold: true },
    ]);
  });

  it('toLesions reports a mass with calcifications when both channels reach the threshold there', () => {
    const withCalcifications = gaussian({ x: 200, y: 250 }, 8, 8, 0.7);
    expect(marks(maps({ mass, calcifications: withCalcifications }))).toEqual([
      { type: 'mass', aboveThreshold: true },
      { type: 'calcifications', aboveThreshold: true },
    ]);
  });

  it('toLesions reports a cluster away from the mass whatever the mass channel says there', () => {
    const apart = gaussian({ x: 350, y: 250 }, 8, 8, 0.7);
    expect(marks(maps({ mass, calcifications: apart }))).toEqual([
      { type: 'mass', aboveThreshold: true },
      { type: 'calcifications', aboveThreshold: true },
    ]);
  });
});
