import { aggregateExam } from './aggregate';
import { ExamFindingsSchema, type ExamFindings } from './examFindings';
import { ExamLesionSchema, type ExamLesion } from './examLesion';
import { CC_GEOMETRY, mark, markedView, MLO_GEOMETRY } from './testing/markedViews';

const operatingPoints = {
  recall: 0.5,
  likelyNormal: 0.1,
  examScoreCuts: [0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5],
  lesion: 0.4,
};

function pairedExam(): ExamFindings {
  return aggregateExam(
    [
      markedView({
        name: 'R-CC',
        laterality: 'R',
        view: 'CC',
        breast: CC_GEOMETRY,
        marks: [mark({ id: 'L1', type: 'mass', score: 0.9, centre: { x: 499, y: 450 } })],
      }),
      markedView({
        name: 'R-MLO',
        laterality: 'R',
        view: 'MLO',
        breast: MLO_GEOMETRY,
        marks: [mark({ id: 'L1', type: 'mass', score: 0.8, centre: { x: 519, y: 500 } })],
      }),
      markedView({ name: 'L-CC', laterality: 'L', view: 'CC', breast: CC_GEOMETRY }),
    ],
    { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true },
    operatingPoints,
  );
}

function withLesion(change: Partial<ExamLesion>): unknown {
  const exam = pairedExam();
  return { ...exam, lesions: [{ ...exam.lesions[0]!, ...change }] };
}

function issues(
  schema: { safeParse(value: unknown): { error?: { issues: { message: string }[] } } },
  value: unknown,
) {
  return schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];
}

describe('ExamLesionSchema', () => {
  const lesion = (): ExamLesion => pairedExam().lesions[0]!;

  it('ExamLesionSchema refuses a clock position on a lesion seen on one view', () => {
    const oneView = { ...lesion(), views: lesion().views.slice(0, 1) };
    expect(issues(ExamLesionSchema, oneView)).toEqual(['a clock position needs both views']);
    expect(issues(ExamLesionSchema, { ...oneView, clockPosition: null })).toEqual([]);
  });

  it('ExamLesionSchema refuses two views of the same image, a third view and an hour off the clock', () => {
    const twice = { ...lesion(), views: [lesion().views[0]!, { ...lesion().views[0]!, mark: 'L2' }] };
    expect(issues(ExamLesionSchema, twice)).toEqual(['the two views of a lesion are two images']);
    expect(
      issues(ExamLesionSchema, { ...lesion(), views: [...lesion().views, lesion().views[0]] }),
    ).toHaveLength(1);
    expect(issues(ExamLesionSchema, { ...lesion(), views: [] })).toHaveLength(1);
    expect(issues(ExamLesionSchema, { ...lesion(), clockPosition: 13 })).toHaveLength(1);
  });
});

describe('ExamFindingsSchema', () => {
  it('ExamFindingsSchema accepts the exam aggregateExam builds', () => {
    expect(issues(ExamFindingsSchema, pairedExam())).toEqual([]);
  });

  it('ExamFindingsSchema refuses a lesion that cites an image or a mark the exam does not hold', () => {
    const views = pairedExam().lesions[0]!.views;
    expect(
      issues(ExamFindingsSchema, withLesion({ views: [{ ...views[0]!, image: 'R-XCCL' }, views[1]!] })),
    ).toEqual(['lesion L1 cites image "R-XCCL", which the exam does not hold']);
    expect(
      issues(ExamFindingsSchema, withLesion({ views: [views[0]!, { ...views[1]!, mark: 'L7' }] })),
    ).toEqual(['lesion L1 cites mark L7, which image "R-MLO" does not hold']);
  });

  it('ExamFindingsSchema refuses a lesion on the other breast’s image and a breast count that disagrees', () => {
    expect(issues(ExamFindingsSchema, withLesion({ laterality: 'L' }))).toEqual([
      'lesion L1 (L) cites image "R-CC" of another breast',
      'lesion L1 (L) cites image "R-MLO" of another breast',
      'breast R counts 1 lesions, the exam lists 0',
      'breast L counts 0 lesions, the exam lists 1',
    ]);
  });

  it('ExamFindingsSchema refuses a mark listed in two lesions and a repeated lesion id', () => {
    const exam = pairedExam();
    const [cc, mlo] = exam.lesions[0]!.views;
    const split = [
      { ...exam.lesions[0]!, views: [cc!], clockPosition: null },
      { ...exam.lesions[0]!, views: [cc!, mlo!] },
    ];
    const breasts = exam.breasts.map((breast) =>
      breast.laterality === 'R' ? { ...breast, lesionCount: 2 } : breast,
    );
    expect(issues(ExamFindingsSchema, { ...exam, breasts, lesions: split })).toEqual([
      'lesion id L1 is repeated',
      'mark L1 of image "R-CC" is in two lesions',
    ]);
  });
});
