import { aggregateExam, isAboveThreshold } from './aggregate';
import type { ImageFindings } from './imageFindings';
import type { Lesion } from './lesion';

const model = { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true };
const thresholds = { malignancy: 0.5, abnormality: 0.6, lesion: 0.4 };

function lesion(id: string, aboveThreshold: boolean): Lesion {
  return {
    id,
    type: 'mass',
    score: aboveThreshold ? 0.8 : 0.3,
    aboveThreshold,
    centre: { x: 10, y: 10 },
    outline: [
      { x: 5, y: 5 },
      { x: 15, y: 5 },
      { x: 10, y: 15 },
    ],
    diameterPx: 11.2,
    diameterMm: null,
    shape: 'oval',
    calcificationCount: null,
  };
}

function image(
  name: string,
  laterality: 'L' | 'R' | null,
  malignancyScore: number,
  abnormalityScore: number,
  lesions: Lesion[] = [],
): ImageFindings {
  return {
    imageRef: { name },
    laterality,
    view: 'CC',
    width: 100,
    height: 120,
    pixelSpacing: null,
    malignancyScore,
    abnormalityScore,
    aboveThreshold: isAboveThreshold({ malignancyScore, abnormalityScore }, thresholds),
    lesions,
  };
}

describe('aggregateExam', () => {
  it('aggregateExam takes the max per breast, counts lesions above threshold, right breast first', () => {
    const exam = aggregateExam(
      [
        image('L-CC', 'L', 0.1, 0.2),
        image('L-MLO', 'L', 0.7, 0.3, [lesion('L1', true), lesion('L2', false)]),
        image('R-CC', 'R', 0.2, 0.55),
        image('R-MLO', 'R', 0.05, 0.1),
      ],
      model,
      thresholds,
      new Date('2025-01-02T03:04:05.000Z'),
    );
    expect(exam.breasts).toEqual([
      {
        laterality: 'R',
        malignancyScore: 0.2,
        abnormalityScore: 0.55,
        aboveThreshold: false,
        lesionCount: 0,
      },
      { laterality: 'L', malignancyScore: 0.7, abnormalityScore: 0.3, aboveThreshold: true, lesionCount: 1 },
    ]);
    expect(exam.malignancyScore).toBe(0.7);
    expect(exam.abnormalityScore).toBe(0.55);
    expect(exam.aboveThreshold).toBe(true);
    expect(exam.createdAt).toBe('2025-01-02T03:04:05.000Z');
    expect(exam.images).toHaveLength(4);
  });

  it('aggregateExam does not flag a breast on abnormality alone and counts images without laterality only at exam level', () => {
    const exam = aggregateExam(
      [image('R-CC', 'R', 0.1, 0.65), image('unknown', null, 0.9, 0.1)],
      model,
      thresholds,
    );
    expect(exam.breasts).toEqual([
      {
        laterality: 'R',
        malignancyScore: 0.1,
        abnormalityScore: 0.65,
        aboveThreshold: false,
        lesionCount: 0,
      },
    ]);
    expect(exam.malignancyScore).toBe(0.9);
    expect(exam.abnormalityScore).toBe(0.65);
    expect(exam.aboveThreshold).toBe(true);
  });

  it('aggregateExam leaves an exam below both thresholds unflagged', () => {
    const exam = aggregateExam([image('L-CC', 'L', 0.49, 0.59)], model, thresholds);
    expect(exam.aboveThreshold).toBe(false);
    expect(exam.breasts[0]?.aboveThreshold).toBe(false);
  });

  it('aggregateExam refuses an empty exam and a score outside 0..1', () => {
    expect(() => aggregateExam([], model, thresholds)).toThrow(/no analysed image/);
    expect(() => aggregateExam([image('L-CC', 'L', Number.NaN, 0.1)], model, thresholds)).toThrow();
    expect(() => aggregateExam([image('L-CC', 'L', 1.2, 0.1)], model, thresholds)).toThrow();
  });
});
