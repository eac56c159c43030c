import type { ModelEntry } from '@sentinelle/models';
import { evaluationReport } from './evaluationReport';
import type { MiasImageTruth } from './miasLabels';
import { reportLines } from './reportLines';
import type { ImageOutcome } from './scoreImages';

const entry: ModelEntry = {
  id: 'test-model',
  version: '0.0.1',
  file: 'm.onnx',
  sha256: '0'.repeat(64),
  opset: 17,
  input: {
    name: 'image',
    height: 512,
    width: 320,
    channels: 1,
    normalisation: { method: 'breast-zscore', clip: [-3, 3], background: -3 },
  },
  outputs: { malignancy: 'm', abnormality: 'a', lesionMaps: 'l' },
  lesionMaps: { channels: ['mass', 'calcification', 'malignant'], stride: 8 },
  calibration: { method: 'platt', malignancy: { a: 1, b: 0 }, abnormality: { a: 1, b: 0 } },
  thresholds: { malignancy: 0.5, abnormality: 0.5, lesion: 0.5 },
  operatingPoints: {
    recall: 0.5,
    likelyNormal: 0.2,
    examScoreCuts: [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
    chosenOn: 'test women',
  },
  metrics: {},
  researchOnly: true,
  card: 'card.md',
  trainedAt: '2026-12-07T00:00:00Z',
};

const truth = (
  file: string,
  patient: string,
  label: MiasImageTruth['label'],
  lesions: MiasImageTruth['lesions'] = [],
): MiasImageTruth => ({ file, patient, label, tissue: '', lesions });

const scored = (
  t: MiasImageTruth,
  malignancyScore: number,
  marks: Extract<ImageOutcome, { kind: 'scored' }>['marks'] = [],
) =>
  ({ kind: 'scored', truth: t, malignancyScore, abnormalityScore: malignancyScore, marks, ms: 100 }) as const;

const toExamScore = (s: number) => 1 + entry.operatingPoints.examScoreCuts.filter((c) => c <= s).length;

describe('evaluationReport', () => {
  it('evaluationReport scores exams by woman, lists refused images and leaves figures out where labels do not allow them', () => {
    const outcomes: ImageOutcome[] = [
      scored(truth('1.jpg', 'w1', 'malignant'), 0.8),
      scored(truth('2.jpg', 'w1', 'normal'), 0.1),
      scored(truth('3.jpg', 'w2', 'normal'), 0.6),
      scored(truth('4.jpg', 'w3', 'normal'), 0.15),
      scored(truth('5.jpg', 'w4', 'malignant'), 0.3),
      {
        kind: 'refused',
        truth: truth('6.jpg', 'w4', 'malignant'),
        code: 'no-breast',
        reason: 'no breast found',
      },
      { kind: 'unreadable', truth: truth('7.jpg', 'w5', 'normal'), reason: 'truncated' },
    ];
    const report = evaluationReport({
      entry,
      onnxPath: '/m.onnx',
      dataset: 'rsna',
      split: null,
      outcomes,
      toExamScore,
    });

    expect(report.counts).toEqual({ labelled: 7, scored: 5, refused: 1, unreadable: 1, women: 4 });
    expect(report.refused).toEqual([{ file: '6.jpg', code: 'no-breast', reason: 'no breast found' }]);
    // Exams: w1 0.8 cancer, w2 0.6 normal, w3 0.15 normal, w4 0.3 cancer.
    expect(report.operatingPoints.recall).toMatchObject({
      sensitivity: 0.5,
      specificity: 0.5,
      flaggedNormal: 0.5,
    });
    expect(report.operatingPoints.likelyNormal).toMatchObject({ sensitivity: 1, specificity: 0.5 });
    expect(report.flaggedNormal).toBe(0.5);
    expect(report.examAucMalignant.value).toBe(0.75);
    expect(report.operatingPoints.examScores.normal).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(report.aucAbnormal).toBeNull();
    expect(report.froc).toBeNull();
    expect(report.massDiameter).toBeNull();
    expect(report.msPerImage).toBe(100);
    expect(reportLines(report, 'r.json').at(-1)).toBe(
      `AUC_malignant=${report.aucMalignant.value.toFixed(3)} AUC_abnormal=n/a ms_per_image=100 flagged_normal=0.500`,
    );
  });

  it('evaluationReport gives FROC, the abnormal AUC and the mass size ratio when the labels have circles and benign images', () => {
    const mass = { abnormality: 'CIRC', severity: 'benign', x: 100, y: 100, radius: 20 } as const;
    const calc = { abnormality: 'CALC', severity: 'malignant', x: 300, y: 300, radius: 10 } as const;
    const outcomes: ImageOutcome[] = [
      scored(truth('a.png', 'm1', 'benign', [mass]), 0.4, [
        { type: 'mass', x: 102, y: 98, score: 0.7, diameterPx: 48 },
      ]),
      scored(truth('b.png', 'm1', 'malignant', [calc]), 0.9, [
        { type: 'calcifications', x: 301, y: 299, score: 0.6, diameterPx: 12 },
      ]),
      scored(truth('c.png', 'm2', 'normal'), 0.2),
      scored(truth('d.png', 'm2', 'normal'), 0.1),
    ];
    const report = evaluationReport({
      entry,
      onnxPath: '/m.onnx',
      dataset: 'mini-mias',
      split: { file: 'split.json', women: 2 },
      outcomes,
      toExamScore,
    });
    expect(report.inSample).toBe(false);
    expect(report.aucAbnormal?.value).toBe(1);
    expect(report.froc?.lesions).toBe(2);
    expect(report.froc?.points.map((p) => p.sensitivity)).toEqual([1, 1, 1]);
    expect(report.massDiameter).toMatchObject({ median: 1.2, matched: 1, masses: 1 });
    expect(reportLines(report, 'r.json').at(-1)).toMatch(
      /^AUC_malignant=\d\.\d{3} AUC_abnormal=1\.000 ms_per_image=100 flagged_normal=0\.000$/,
    );
  });

  it('evaluationReport marks figures as in-sample when the registry says the model was trained on those women', () => {
    const seen = { ...entry, metrics: { validationSplit: { 'mini-mias': { inSample: true } } } };
    const outcomes: ImageOutcome[] = [
      scored(truth('a.png', 'm1', 'malignant'), 0.9),
      scored(truth('b.png', 'm2', 'normal'), 0.1),
    ];
    const report = (dataset: string) =>
      evaluationReport({ entry: seen, onnxPath: '/m.onnx', dataset, split: null, outcomes, toExamScore });
    expect(report('mini-mias').inSample).toBe(true);
    expect(reportLines(report('mini-mias'), 'r.json')[1]).toMatch(/^caution: .* in-sample$/);
    expect(report('rsna-screening-640').inSample).toBe(false);
  });

  it('evaluationReport refuses to summarise when no image was scored', () => {
    expect(() =>
      evaluationReport({
        entry,
        onnxPath: '/m.onnx',
        dataset: 'x',
        split: null,
        outcomes: [{ kind: 'unreadable', truth: truth('z.png', 'w', 'normal'), reason: 'truncated' }],
        toExamScore,
      }),
    ).toThrow(/no image could be evaluated/);
  });
});
