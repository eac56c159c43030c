import { bootstrapAucCi, froc, rocAuc, sensitivitySpecificity } from './metrics';

const cases = (scores: [number, boolean][]) =>
  scores.map(([score, positive], i) => ({ score, positive, group: `p${i}` }));

describe('metrics', () => {
  it('rocAuc is 1 for perfect separation, 0.5 for ties and counts half for tied pairs', () => {
    expect(
      rocAuc(
        cases([
          [0.1, false],
          [0.2, false],
          [0.8, true],
          [0.9, true],
        ]),
      ),
    ).toBe(1);
    expect(
      rocAuc(
        cases([
          [0.5, false],
          [0.5, true],
        ]),
      ),
    ).toBe(0.5);
    // Pairs (pos, neg): (0.6 > 0.4) 1, (0.6 > 0.7) 0, (0.7 = 0.7) 0.5, (0.7 > 0.4) 1 -> 2.5 / 4
    expect(
      rocAuc(
        cases([
          [0.6, true],
          [0.7, true],
          [0.4, false],
          [0.7, false],
        ]),
      ),
    ).toBeCloseTo(0.625, 12);
    expect(rocAuc(cases([[0.6, true]]))).toBeNaN();
  });

  it('bootstrapAucCi brackets the point estimate and is reproducible', () => {
    const data = Array.from({ length: 80 }, (_, i) => ({
      score: (i % 10) / 10 + (i % 3 === 0 ? 0.3 : 0),
      positive: i % 3 === 0,
      group: `p${Math.floor(i / 2)}`,
    }));
    const auc = rocAuc(data);
    const [lo, hi] = bootstrapAucCi(data, 500, 7);
    expect(lo).toBeLessThanOrEqual(auc);
    expect(hi).toBeGreaterThanOrEqual(auc);
    expect(hi - lo).toBeGreaterThan(0);
    expect(bootstrapAucCi(data, 500, 7)).toEqual([lo, hi]);
  });

  it('sensitivitySpecificity counts scores at the threshold as flagged', () => {
    const r = sensitivitySpecificity(
      cases([
        [0.5, true],
        [0.4, true],
        [0.5, false],
        [0.1, false],
        [0.2, false],
      ]),
      0.5,
    );
    expect(r.sensitivity).toBe(0.5);
    expect(r.specificity).toBeCloseTo(2 / 3, 12);
  });

  it('froc counts a lesion once and marks outside every circle as false', () => {
    const images = [
      {
        marks: [
          { x: 10, y: 10, score: 0.9 },
          { x: 11, y: 10, score: 0.8 },
          { x: 90, y: 90, score: 0.7 },
        ],
        lesions: [{ x: 10, y: 10, radius: 5 }],
      },
      {
        marks: [
          { x: 50, y: 50, score: 0.6 },
          { x: 0, y: 0, score: 0.95 },
        ],
        lesions: [{ x: 50, y: 52, radius: 3 }],
      },
    ];
    const [at0, at05, at1] = froc(images, [0, 0.5, 1]);
    // The top mark (0.95) is false: nothing is found at 0 false marks per image; one false mark
    // over two images (0.5) lets the first lesion in; the second needs the 0.7 false mark too.
    expect(at0!.sensitivity).toBe(0);
    expect(at05!.sensitivity).toBe(0.5);
    expect(at1!.sensitivity).toBe(1);
  });
});
