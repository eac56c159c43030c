import { BreastGeometrySchema } from '@sentinelle/reporting';
import type { Point } from './imageTransform';
import { preprocess } from './preprocess';
import type { SyntheticMammogram } from './testing/syntheticMammogram';
import { syntheticMammogram, syntheticNipple, syntheticPectoralEdge } from './testing/syntheticMammogram';

const spec = { width: 128, height: 224, clip: 3 };
const distance = (p: Point, q: Point) => Math.hypot(p.x - q.x, p.y - q.y);

/** Distance from p to the infinite line through a and b. */
function distanceToLine(p: Point, [a, b]: readonly [Point, Point]): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  return Math.abs((p.x - a.x) * dy - (p.y - a.y) * dx) / Math.hypot(dx, dy);
}

describe('breast geometry', () => {
  it.each(['left', 'right'] as const)(
    'preprocess finds the nipple of a CC view on the skin line, chest wall %s, in original pixels',
    (chestWall) => {
      const p: SyntheticMammogram = { width: 600, height: 900, chestWall, view: 'CC' };
      const { breast } = preprocess(syntheticMammogram(p), spec);

      expect(BreastGeometrySchema.parse(breast)).toEqual(breast);
      expect(breast.chestWallSide).toBe(chestWall);
      expect(breast.pectoralEdge).toBeNull();
      const truth = syntheticNipple(p);
      // Across the skin line the full-resolution refinement holds it within 2 px; along the
      // outline the nipple of an ellipse is flat, a thumbnail pixel (4 px) or two either way.
      expect(Math.abs(breast.nipple!.x - truth.x)).toBeLessThanOrEqual(2);
      expect(Math.abs(breast.nipple!.y - truth.y)).toBeLessThanOrEqual(12);
    },
  );

  it.each(['left', 'right'] as const)(
    'preprocess finds the pectoral edge and the nipple of an MLO view, chest wall %s',
    (chestWall) => {
      const p: SyntheticMammogram = { width: 600, height: 900, chestWall, view: 'MLO' };
      const { breast } = preprocess(syntheticMammogram(p), spec);

      const truth = syntheticPectoralEdge(p);
      const edge = breast.pectoralEdge!;
      expect(edge).not.toBeNull();
      // Both ends of the found edge lie on the true edge, within two thumbnail pixels (8 px).
      expect(distanceToLine(edge[0], truth)).toBeLessThan(8);
      expect(distanceToLine(edge[1], truth)).toBeLessThan(8);
      expect(distance(edge[0], truth[0])).toBeLessThan(16);
      expect(distance(edge[1], truth[1])).toBeLessThan(16);
      expect(distance(breast.nipple!, syntheticNipple(p))).toBeLessThan(16);
    },
  );

  it('preprocess finds no pectoral edge on an MLO view without a muscle, nor looks for one on a CC view', () => {
    const withMuscle = syntheticMammogram({ width: 600, height: 900, chestWall: 'left', view: 'MLO' });
    // The same pixels called a CC view: the muscle is there, but a CC view is never searched.
    expect(preprocess({ ...withMuscle, view: 'CC' }, spec).breast.pectoralEdge).toBeNull();
    const flat = syntheticMammogram({ width: 600, height: 900, chestWall: 'left', view: 'CC' });
    expect(preprocess({ ...flat, view: 'MLO' }, spec).breast.pectoralEdge).toBeNull();
  });

  it('preprocess finds the breast inside a digitised film, while the network keeps the mask it was trained with', () => {
    // As on mini-MIAS, the scanner's padding is the commonest grey: the film stands out from it.
    const p: SyntheticMammogram = {
      width: 900,
      height: 900,
      chestWall: 'left',
      view: 'CC',
      depth: 0.45,
      filmPadding: 360,
    };
    const pre = preprocess(syntheticMammogram(p), spec);

    // The film's rectangle stands out from the padding and has two straight sides: no chest wall.
    expect(pre.region.chestWallSide).toBeNull();
    expect(pre.breast.chestWallSide).toBe('left');
    const truth = syntheticNipple(p);
    expect(Math.abs(pre.breast.nipple!.x - truth.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(pre.breast.nipple!.y - truth.y)).toBeLessThanOrEqual(12);
    const count = (mask: Uint8Array) => mask.reduce((n, m) => n + m, 0);
    expect(count(pre.breastTissueMask)).toBeLessThan(0.9 * count(pre.breastMask));
  });

  it('preprocess says an export was stored inverted and finds its landmarks as on the upright image', () => {
    const p: SyntheticMammogram = { width: 600, height: 900, chestWall: 'right', view: 'MLO' };
    // MONOCHROME1 values written as MONOCHROME2: a white background around a dark breast.
    const inverted = {
      ...syntheticMammogram({ ...p, photometric: 'MONOCHROME1' }),
      photometric: 'MONOCHROME2' as const,
    };
    const upright = preprocess(syntheticMammogram(p), spec);
    const pre = preprocess(inverted, spec);

    expect(pre.invertedDetected).toBe(true);
    expect(upright.invertedDetected).toBe(false);
    expect(pre.breast).toEqual(upright.breast);
  });

  it('preprocess gives a digital image the same mask for the network and for the marks', () => {
    const pre = preprocess(syntheticMammogram({ width: 600, height: 900, chestWall: 'right' }), spec);
    expect(pre.breastTissueMask).toBe(pre.breastMask);
  });

  it('preprocess keeps a burned-in label next to the breast out of the breast mask', () => {
    // A label 1.2 mm (12 px, three thumbnail pixels) from the skin line.
    const image = syntheticMammogram({
      width: 600,
      height: 900,
      chestWall: 'left',
      label: { x: 432, y: 360, width: 80, height: 60 },
    });
    const withoutLabel = syntheticMammogram({ width: 600, height: 900, chestWall: 'left' });
    const { region } = preprocess(image, spec);
    const reference = preprocess(withoutLabel, spec).region;
    let differing = 0;
    for (let i = 0; i < region.mask.length; i++) if (region.mask[i] !== reference.mask[i]) differing++;
    // The label's pixels (20 x 15 thumbnail pixels) are not breast: the masks agree but for a few
    // pixels of the skin line the label's blur touched.
    expect(differing).toBeLessThan(20);
  });
});
