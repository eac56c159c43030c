/** A small exam in the current findings format, with a lesion seen on two views, for unit tests. */
import { ExamFindingsSchema, type ExamFindings } from '@sentinelle/reporting';

export const PAIRED_CC_SOP = '1.2.826.0.1.1';
export const PAIRED_MLO_SOP = '1.2.826.0.1.2';

function mark(id: string, type: 'mass' | 'calcifications', score: number, x: number) {
  return {
    id,
    type,
    score,
    aboveThreshold: true,
    centre: { x, y: 50 },
    outline: [
      { x: x - 5, y: 45 },
      { x: x + 5, y: 45 },
      { x, y: 55 },
    ],
    diameterPx: 10,
    diameterMm: 1,
    shape: type === 'mass' ? 'irregular' : null,
    calcificationCount: type === 'mass' ? null : 6,
  };
}

function image(name: string, sopInstanceUid: string, view: string, lesions: unknown[]) {
  return {
    imageRef: { name, sopInstanceUid },
    laterality: 'R',
    view,
    width: 100,
    height: 120,
    pixelSpacing: { rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' },
    malignancyScore: 0.8,
    abnormalityScore: 0.8,
    category: 'elevated',
    lesions,
    breast: { chestWallSide: 'left', nipple: { x: 95, y: 60 }, pectoralEdge: null },
    invertedDetected: false,
  };
}

function examLesion(id: string, type: 'mass' | 'calcifications', score: number, views: object[]) {
  return {
    id,
    laterality: 'R',
    type,
    score,
    views,
    diameterMm: type === 'mass' ? 12 : 4,
    shape: type === 'mass' ? 'irregular' : null,
    calcificationCount: type === 'mass' ? null : 6,
    nippleDistanceMm: 40,
    clockPosition: views.length === 2 ? 10 : null,
    depth: 'middle',
  };
}

/**
 * Findings of a right breast's CC and MLO (current format): a mass marked on CC (L1, 0.8) and MLO
 * (L1, 0.7), paired into lesion L1 of 12 mm at 10 o'clock; a calcification cluster marked on CC
 * only (L2, 0.6), lesion L2. The MLO view is listed first in L1's views, the better view is CC.
 */
export const pairedLesionExam: ExamFindings = ExamFindingsSchema.parse({
  model: { id: 'test-model', version: '0.0.1-test', researchOnly: true },
  operatingPoints: {
    recall: 0.5,
    likelyNormal: 0.15,
    examScoreCuts: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5],
    lesion: 0.5,
  },
  malignancyScore: 0.8,
  abnormalityScore: 0.8,
  category: 'elevated',
  examScore: 10,
  breasts: [
    {
      laterality: 'R',
      malignancyScore: 0.8,
      abnormalityScore: 0.8,
      category: 'elevated',
      examScore: 10,
      lesionCount: 2,
    },
  ],
  images: [
    image('RCC', PAIRED_CC_SOP, 'CC', [mark('L1', 'mass', 0.8, 30), mark('L2', 'calcifications', 0.6, 70)]),
    image('RMLO', PAIRED_MLO_SOP, 'MLO', [mark('L1', 'mass', 0.7, 40)]),
  ],
  lesions: [
    examLesion('L1', 'mass', 0.8, [
      { image: 'RMLO', view: 'MLO', mark: 'L1' },
      { image: 'RCC', view: 'CC', mark: 'L1' },
    ]),
    examLesion('L2', 'calcifications', 0.6, [{ image: 'RCC', view: 'CC', mark: 'L2' }]),
  ],
  createdAt: '2025-03-04T09:15:00.000Z',
});
