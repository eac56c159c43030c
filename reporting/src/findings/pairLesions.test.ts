import type { BreastGeometry } from './imageFindings';
import { pairLesions } from './pairLesions';
import { CC_GEOMETRY, mark, markedView, MLO_GEOMETRY } from './testing/markedViews';

/** The right breast: a mass 40 mm from the nipple on CC (15 mm lateral), 42 mm on MLO (20 mm up). */
const RIGHT_CC_MASS = mark({
  id: 'L1',
  type: 'mass',
  score: 0.9,
  centre: { x: 499, y: 450 },
  diameterMm: 8.2,
});
const RIGHT_MLO_MASS = mark({
  id: 'L1',
  type: 'mass',
  score: 0.8,
  centre: { x: 519, y: 500 },
  diameterMm: 7.6,
});

/** The left breast, chest wall on the left; its MLO pectoral edge slants from (400, 0) to (0, 800). */
const LEFT_CC: BreastGeometry = { chestWallSide: 'left', nipple: { x: 900, y: 600 }, pectoralEdge: null };
const LEFT_MLO: BreastGeometry = {
  chestWallSide: 'left',
  nipple: { x: 900, y: 700 },
  pectoralEdge: [
    { x: 400, y: 0 },
    { x: 0, y: 800 },
  ],
};
/** 30 mm from the nipple, 20 mm lateral on CC; 32 mm along the axis, 10 mm inferior on MLO. */
const LEFT_CC_MASS = mark({ id: 'L1', type: 'mass', score: 0.7, centre: { x: 600, y: 400 }, diameterMm: 12 });
const LEFT_MLO_MASS = mark({
  id: 'L1',
  type: 'mass',
  score: 0.95,
  centre: { x: 569.09, y: 646.28 },
  diameterMm: 14,
});

const rightCc = (marks = [RIGHT_CC_MASS], breast = CC_GEOMETRY, spacingMm?: number | null) =>
  markedView({ name: 'R-CC', laterality: 'R', view: 'CC', breast, marks, spacingMm });
const rightMlo = (marks = [RIGHT_MLO_MASS], breast = MLO_GEOMETRY, spacingMm?: number | null) =>
  markedView({ name: 'R-MLO', laterality: 'R', view: 'MLO', breast, marks, spacingMm });

describe('pairLesions', () => {
  it('pairLesions makes one lesion of a CC and an MLO mark at the same distance from the nipple', () => {
    expect(pairLesions([rightCc(), rightMlo()])).toEqual([
      {
        id: 'L1',
        laterality: 'R',
        type: 'mass',
        score: 0.9,
        views: [
          { image: 'R-CC', view: 'CC', mark: 'L1' },
          { image: 'R-MLO', view: 'MLO', mark: 'L1' },
        ],
        diameterMm: 8.2,
        shape: 'irregular',
        calcificationCount: null,
        nippleDistanceMm: 41,
        // 15 mm lateral, 20 mm superior on the right breast: upper outer, 11 o'clock.
        clockPosition: 11,
        // (40/90 + 42/80) / 2 of the way to the chest wall.
        depth: 'middle',
      },
    ]);
  });

  it('pairLesions leaves a mark without a partner at its distance as a single-view lesion', () => {
    const cluster = mark({ id: 'L2', type: 'calcifications', score: 0.6, centre: { x: 199, y: 650 } });
    const far = mark({ id: 'L2', type: 'calcifications', score: 0.55, centre: { x: 799, y: 700 } });
    const lesions = pairLesions([rightCc([RIGHT_CC_MASS, cluster]), rightMlo([RIGHT_MLO_MASS, far])]);
    expect(
      lesions.map(({ id, views, clockPosition, depth, nippleDistanceMm }) => ({
        id,
        views: views.map((view) => `${view.image} ${view.mark}`),
        clockPosition,
        depth,
        nippleDistanceMm,
      })),
    ).toEqual([
      { id: 'L1', views: ['R-CC L1', 'R-MLO L1'], clockPosition: 11, depth: 'middle', nippleDistanceMm: 41 },
      { id: 'L2', views: ['R-CC L2'], clockPosition: null, depth: 'anterior', nippleDistanceMm: 10 },
      { id: 'L3', views: ['R-MLO L2'], clockPosition: null, depth: 'posterior', nippleDistanceMm: 70 },
    ]);
    expect(lesions[1]).toMatchObject({ type: 'calcifications', calcificationCount: 6, shape: null });
  });

  it('pairLesions pairs each breast on its own, numbering lesions by score across the exam', () => {
    const lesions = pairLesions([
      rightCc(),
      rightMlo(),
      markedView({ name: 'L-CC', laterality: 'L', view: 'CC', breast: LEFT_CC, marks: [LEFT_CC_MASS] }),
      markedView({ name: 'L-MLO', laterality: 'L', view: 'MLO', breast: LEFT_MLO, marks: [LEFT_MLO_MASS] }),
    ]);
    expect(
      lesions.map(({ id, laterality, score, diameterMm, clockPosition, depth }) => ({
        id,
        laterality,
        score,
        diameterMm,
        clockPosition,
        depth,
      })),
    ).toEqual([
      // Lateral and inferior on the left breast: lower outer, 4 o'clock; size from the better MLO view.
      { id: 'L1', laterality: 'L', score: 0.95, diameterMm: 14, clockPosition: 4, depth: 'middle' },
      { id: 'L2', laterality: 'R', score: 0.9, diameterMm: 8.2, clockPosition: 11, depth: 'middle' },
    ]);
    expect(lesions[0]?.nippleDistanceMm).toBeCloseTo(31, 1);
  });

  it('pairLesions does not pair a view whose nipple was not found, and places its marks nowhere', () => {
    const lesions = pairLesions([rightCc(), rightMlo([RIGHT_MLO_MASS], { ...MLO_GEOMETRY, nipple: null })]);
    expect(lesions).toHaveLength(2);
    expect(lesions[0]).toMatchObject({
      id: 'L1',
      views: [{ image: 'R-CC' }],
      clockPosition: null,
      depth: 'middle',
    });
    expect(lesions[1]).toMatchObject({
      id: 'L2',
      views: [{ image: 'R-MLO' }],
      nippleDistanceMm: null,
      clockPosition: null,
      depth: null,
    });
  });

  it('pairLesions pairs by fractions of the breast depth without pixel spacing, and gives no distance in mm', () => {
    const [lesion, ...others] = pairLesions([
      rightCc([{ ...RIGHT_CC_MASS, diameterMm: null }], CC_GEOMETRY, null),
      rightMlo([{ ...RIGHT_MLO_MASS, diameterMm: null }], MLO_GEOMETRY, null),
    ]);
    expect(others).toEqual([]);
    expect(lesion).toMatchObject({ views: [{ image: 'R-CC' }, { image: 'R-MLO' }], diameterMm: null });
    expect(lesion).toMatchObject({ nippleDistanceMm: null, clockPosition: 11, depth: 'middle' });
  });

  it('pairLesions matches marks of the same type before the closest marks of another type', () => {
    const ccCluster = mark({ id: 'L2', type: 'calcifications', score: 0.85, centre: { x: 549, y: 450 } });
    const mloCluster = mark({ id: 'L1', type: 'calcifications', score: 0.88, centre: { x: 509, y: 500 } });
    const mloMass = mark({ id: 'L2', type: 'mass', score: 0.5, centre: { x: 559, y: 500 } });
    const lesions = pairLesions([rightCc([RIGHT_CC_MASS, ccCluster]), rightMlo([mloCluster, mloMass])]);
    expect(
      lesions.map((lesion) => [lesion.type, lesion.views.map((view) => `${view.image} ${view.mark}`)]),
    ).toEqual([
      ['mass', ['R-CC L1', 'R-MLO L2']],
      ['calcifications', ['R-CC L2', 'R-MLO L1']],
    ]);
  });

  it('pairLesions pairs marks of different types when nothing of their own type is left, taking the better view’s type', () => {
    const mloCluster = mark({ id: 'L1', type: 'calcifications', score: 0.95, centre: { x: 519, y: 500 } });
    const [lesion, ...others] = pairLesions([rightCc(), rightMlo([mloCluster])]);
    expect(others).toEqual([]);
    expect(lesion).toMatchObject({ type: 'calcifications', score: 0.95, shape: null, calcificationCount: 6 });
  });

  it('pairLesions leaves out marks below the lesion operating point and marks of images without laterality', () => {
    const faint = { ...RIGHT_MLO_MASS, aboveThreshold: false };
    const unplaced = markedView({
      name: 'X',
      laterality: null,
      view: 'CC',
      breast: CC_GEOMETRY,
      marks: [RIGHT_CC_MASS],
    });
    const lesions = pairLesions([rightCc(), rightMlo([faint]), unplaced]);
    expect(lesions.map((lesion) => lesion.views.map((view) => view.image))).toEqual([['R-CC']]);
  });

  it('pairLesions keeps the marks of a view it does not pair as single-view lesions', () => {
    const spot = markedView({
      name: 'R-FB',
      laterality: 'R',
      view: 'FB',
      breast: CC_GEOMETRY,
      marks: [RIGHT_CC_MASS],
    });
    const lesions = pairLesions([spot, rightMlo()]);
    expect(lesions.map((lesion) => lesion.views.map((view) => view.image))).toEqual([['R-FB'], ['R-MLO']]);
  });
});
