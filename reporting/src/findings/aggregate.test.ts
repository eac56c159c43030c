import { aggregateExam } from './aggregate';
import type { ImageFindings } from './imageFindings';
import type { OperatingPoints } from './operatingPoints';
import { CC_GEOMETRY, mark, markedView, MLO_GEOMETRY } from './testing/markedViews';

const model = { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true };
const operatingPoints: OperatingPoints = {
  recall: 0.5,
  likelyNormal: 0.1,
  examScoreCuts: [0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5],
  lesion: 0.4,
};

function image(
  name: string,
  laterality: 'L' | 'R' | null,
  view: 'CC' | 'MLO',
  malignancyScore: number,
  abnormalityScore: number,
  marks: ImageFindings['lesions'] = [],
): ImageFindings {
  const breast = view === 'CC' ? CC_GEOMETRY : MLO_GEOMETRY;
  return { ...markedView({ name, laterality, view, breast, marks, malignancyScore }), abnormalityScore };
}

const massCc = mark({ id: 'L1', type: 'mass', score: 0.8, centre: { x: 499, y: 450 } });
const massMlo = mark({ id: 'L1', type: 'mass', score: 0.7, centre: { x: 519, y: 500 } });
const faint = mark({ id: 'L2', type: 'mass', score: 0.3, centre: { x: 300, y: 300 }, aboveThreshold: false });

describe('aggregateExam', () => {
  it('aggregateExam takes the max per breast, reads it against the operating points, right breast first', () => {
    const exam = aggregateExam(
      [
        image('L-CC', 'L', 'CC', 0.1, 0.2, [massCc, faint]),
        image('L-MLO', 'L', 'MLO', 0.7, 0.3, [massMlo]),
        image('R-CC', 'R', 'CC', 0.07, 0.55),
        image('R-MLO', 'R', 'MLO', 0.05, 0.1),
      ],
      model,
      operatingPoints,
      new Date('2025-01-02T03:04:05.000Z'),
    );
    expect(exam.breasts).toEqual([
      {
        laterality: 'R',
        malignancyScore: 0.07,
        abnormalityScore: 0.55,
        category: 'likelyNormal',
        examScore: 4,
        lesionCount: 0,
      },
      {
        laterality: 'L',
        malignancyScore: 0.7,
        abnormalityScore: 0.3,
        category: 'elevated',
        examScore: 10,
        lesionCount: 1,
      },
    ]);
    expect(exam).toMatchObject({
      malignancyScore: 0.7,
      abnormalityScore: 0.55,
      category: 'elevated',
      examScore: 10,
    });
    expect(exam.operatingPoints).toEqual(operatingPoints);
    expect(exam.createdAt).toBe('2025-01-02T03:04:05.000Z');
    expect(exam.images).toHaveLength(4);
  });

  it('aggregateExam counts a mass seen on CC and MLO as one lesion of its breast, a mark below the operating point as none', () => {
    const exam = aggregateExam(
      [image('L-CC', 'L', 'CC', 0.6, 0.2, [massCc, faint]), image('L-MLO', 'L', 'MLO', 0.7, 0.3, [massMlo])],
      model,
      operatingPoints,
    );
    expect(exam.lesions).toHaveLength(1);
    expect(exam.lesions[0]).toMatchObject({
      id: 'L1',
      laterality: 'L',
      score: 0.8,
      views: [{ image: 'L-CC' }, { image: 'L-MLO' }],
    });
    expect(exam.breasts[0]?.lesionCount).toBe(1);
  });

  it('aggregateExam does not flag a breast on abnormality alone and counts images without laterality only at exam level', () => {
    const exam = aggregateExam(
      [image('R-CC', 'R', 'CC', 0.09, 0.65), image('unknown', null, 'CC', 0.9, 0.1, [massCc])],
      model,
      operatingPoints,
    );
    expect(exam.breasts).toEqual([
      {
        laterality: 'R',
        malignancyScore: 0.09,
        abnormalityScore: 0.65,
        category: 'likelyNormal',
        examScore: 5,
        lesionCount: 0,
      },
    ]);
    expect(exam).toMatchObject({ malignancyScore: 0.9, abnormalityScore: 0.65, category: 'elevated' });
    expect(exam.lesions).toEqual([]);
  });

  it('aggregateExam calls an exam between the two operating points intermediate', () => {
    const exam = aggregateExam([image('L-CC', 'L', 'CC', 0.25, 0.59)], model, operatingPoints);
    expect(exam).toMatchObject({ category: 'intermediate', examScore: 8 });
    expect(exam.breasts[0]).toMatchObject({ category: 'intermediate', examScore: 8 });
  });

  it('aggregateExam refuses an empty exam, a score outside 0..1 and two images of one name', () => {
    expect(() => aggregateExam([], model, operatingPoints)).toThrow(/no analysed image/);
    expect(() =>
      aggregateExam([image('L-CC', 'L', 'CC', Number.NaN, 0.1)], model, operatingPoints),
    ).toThrow();
    expect(() => aggregateExam([image('L-CC', 'L', 'CC', 1.2, 0.1)], model, operatingPoints)).toThrow();
    expect(() =>
      aggregateExam(
        [image('L-CC', 'L', 'CC', 0.2, 0.1), image('L-CC', 'L', 'MLO', 0.2, 0.1)],
        model,
        operatingPoints,
      ),
    ).toThrow('aggregateExam: two images are named "L-CC"; lesions could not say which');
  });

  it('aggregateExam refuses operating points a screening service could not use', () => {
    const image1 = [image('L-CC', 'L', 'CC', 0.2, 0.1)];
    expect(() => aggregateExam(image1, model, { ...operatingPoints, likelyNormal: 0.6 })).toThrow(
      /likelyNormal must not exceed recall/,
    );
    const unordered = [0.5, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5];
    expect(() => aggregateExam(image1, model, { ...operatingPoints, examScoreCuts: unordered })).toThrow(
      /cuts must be ascending/,
    );
    expect(() => aggregateExam(image1, model, { ...operatingPoints, examScoreCuts: [0.1, 0.2] })).toThrow();
  });
});
