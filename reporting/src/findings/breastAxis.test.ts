import { placeOnBreastAxis, projectionOf } from './breastAxis';
import { CC_GEOMETRY, markedView } from './testing/markedViews';

/** Left MLO: chest wall on the left, the pectoral edge slanting from (400, 0) to (0, 800). */
const SLANTED = {
  chestWallSide: 'left' as const,
  nipple: { x: 900, y: 700 },
  pectoralEdge: [
    { x: 400, y: 0 },
    { x: 0, y: 800 },
  ] as [{ x: number; y: number }, { x: number; y: number }],
};

describe('placeOnBreastAxis', () => {
  it('placeOnBreastAxis measures a CC mark horizontally from the nipple, in mm, up the image positive', () => {
    const cc = markedView({ name: 'R-CC', laterality: 'R', view: 'CC', breast: CC_GEOMETRY });
    expect(placeOnBreastAxis(cc, { x: 499, y: 450 })).toEqual({
      unit: 'mm',
      fromNipple: expect.closeTo(40, 6),
      towardsTop: expect.closeTo(15, 6),
      nippleToChestWall: expect.closeTo(90, 6),
    });
  });

  it('placeOnBreastAxis measures an MLO mark along the perpendicular from the nipple to the pectoral edge', () => {
    const mlo = markedView({ name: 'L-MLO', laterality: 'L', view: 'MLO', breast: SLANTED });
    // 32 mm along the axis (towards the edge's foot at (220, 360)) and 10 mm below it.
    const place = placeOnBreastAxis(mlo, { x: 569.09, y: 646.28 })!;
    expect(place.fromNipple).toBeCloseTo(32, 1);
    expect(place.towardsTop).toBeCloseTo(-10, 1);
    expect(place.nippleToChestWall).toBeCloseTo(76.03, 1);
  });

  it('placeOnBreastAxis measures an MLO view without pectoral edge horizontally, and in pixels without spacing', () => {
    const mlo = markedView({
      name: 'L-MLO',
      laterality: 'L',
      view: 'MLO',
      breast: { ...SLANTED, pectoralEdge: null },
      spacingMm: null,
    });
    expect(placeOnBreastAxis(mlo, { x: 500, y: 600 })).toEqual({
      unit: 'px',
      fromNipple: 400,
      towardsTop: 100,
      nippleToChestWall: 900,
    });
  });

  it('placeOnBreastAxis cannot place a mark without nipple, chest-wall side or a paired view', () => {
    const view = (breast = CC_GEOMETRY, name: string | null = 'CC') =>
      markedView({ name: 'R', laterality: 'R', view: name, breast });
    const point = { x: 500, y: 500 };
    expect(placeOnBreastAxis(view({ ...CC_GEOMETRY, nipple: null }), point)).toBeNull();
    expect(placeOnBreastAxis(view({ ...CC_GEOMETRY, chestWallSide: null }), point)).toBeNull();
    expect(placeOnBreastAxis(view(CC_GEOMETRY, 'FB'), point)).toBeNull();
    expect(placeOnBreastAxis(view(CC_GEOMETRY, null), point)).toBeNull();
  });
});

describe('projectionOf', () => {
  it('projectionOf pairs the CC family with the lateral views, whatever the case', () => {
    expect(['CC', 'xccl', 'XCCM'].map(projectionOf)).toEqual([
      'craniocaudal',
      'craniocaudal',
      'craniocaudal',
    ]);
    expect(['MLO', 'ML', 'lm'].map(projectionOf)).toEqual(['mediolateral', 'mediolateral', 'mediolateral']);
    expect(['FB', 'SIO', 'SPOT', null].map(projectionOf)).toEqual([null, null, null, null]);
  });
});
