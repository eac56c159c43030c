import { atThreshold, examCases, examScoreHistogram, wilsonInterval } from './examLevel';

describe('examLevel', () => {
  it('examCases scores a woman by her highest image and counts her exam as cancer when any image is', () => {
    const exams = examCases([
      { score: 0.2, positive: false, group: 'w1' },
      { score: 0.7, positive: true, group: 'w1' },
      { score: 0.4, positive: false, group: 'w2' },
      { score: 0.1, positive: false, group: 'w2' },
    ]);
    expect(exams).toEqual([
      { group: 'w1', score: 0.7, positive: true },
      { group: 'w2', score: 0.4, positive: false },
    ]);
  });

  it('atThreshold flags exams at or above the threshold and reports the share of no-cancer exams flagged', () => {
    const exams = [
      { score: 0.9, positive: true, group: 'a' },
      { score: 0.3, positive: true, group: 'b' },
      { score: 0.5, positive: false, group: 'c' },
      { score: 0.2, positive: false, group: 'd' },
      { score: 0.1, positive: false, group: 'e' },
      { score: 0.05, positive: false, group: 'f' },
    ];
    const r = atThreshold(exams, 0.5);
    expect(r.sensitivity).toBe(0.5);
    expect(r.specificity).toBe(0.75);
    expect(r.flaggedNormal).toBe(0.25);
    expect(r.flagged).toBeCloseTo(2 / 6, 12);
    expect(r.exams).toBe(6);
    expect(r.examsWithCancer).toBe(2);
    expect(r.sensitivityCi95[0]).toBeLessThan(0.5);
    expect(r.sensitivityCi95[1]).toBeGreaterThan(0.5);
  });

  it('wilsonInterval matches the published value for 8 of 10 and stays inside [0, 1]', () => {
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    expect(wilsonInterval(0, 5)[0]).toBe(0);
    expect(wilsonInterval(5, 5)[1]).toBe(1);
    expect(wilsonInterval(0, 0)[0]).toBeNaN();
  });

  it('examScoreHistogram counts exams per exam score, without and with cancer', () => {
    const cuts = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const toExamScore = (s: number) => 1 + cuts.filter((c) => c <= s).length;
    const h = examScoreHistogram(
      [
        { score: 0.05, positive: false, group: 'a' },
        { score: 0.1, positive: false, group: 'b' },
        { score: 0.95, positive: true, group: 'c' },
      ],
      toExamScore,
    );
    expect(h.normal).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(h.cancer).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
