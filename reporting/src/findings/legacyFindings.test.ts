import { isLegacyFindings, readStoredFindings, upgradeLegacyFindings } from './legacyFindings';

const points = {
  recall: 0.6,
  likelyNormal: 0.1,
  examScoreCuts: [0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6],
};

function mark(id: string, score: number, aboveThreshold: boolean) {
  return {
    id,
    type: 'mass',
    score,
    aboveThreshold,
    centre: { x: 10, y: 10 },
    outline: [
      { x: 5, y: 5 },
      { x: 15, y: 5 },
      { x: 10, y: 15 },
    ],
    diameterPx: 11,
    diameterMm: 7.5,
    shape: 'irregular',
    calcificationCount: null,
  };
}

function image(name: string, laterality: 'L' | 'R' | null, malignancyScore: number, lesions: unknown[]) {
  return {
    imageRef: { name, sopInstanceUid: `1.2.3.${name.length}${lesions.length}` },
    laterality,
    view: 'CC',
    width: 100,
    height: 120,
    pixelSpacing: null,
    malignancyScore,
    abnormalityScore: 0.3,
    aboveThreshold: malignancyScore >= 0.5,
    lesions,
  };
}

/** As the worker stored findings before issue 15. */
const stored = {
  model: { id: 'mammo-mias-cnn', version: '1.0.0', researchOnly: true },
  thresholds: { malignancy: 0.5, abnormality: 0.5, lesion: 0.4 },
  malignancyScore: 0.7,
  abnormalityScore: 0.3,
  aboveThreshold: true,
  breasts: [
    { laterality: 'R', malignancyScore: 0.09, abnormalityScore: 0.3, aboveThreshold: false, lesionCount: 0 },
    { laterality: 'L', malignancyScore: 0.7, abnormalityScore: 0.3, aboveThreshold: true, lesionCount: 2 },
  ],
  images: [
    image('R-CC', 'R', 0.09, []),
    image('L-CC', 'L', 0.25, [mark('L1', 0.45, true)]),
    image('L-MLO', 'L', 0.7, [mark('L1', 0.8, true), mark('L2', 0.3, false)]),
    image('unknown', null, 0.2, [mark('L1', 0.9, true)]),
  ],
  createdAt: '2025-01-02T03:04:05.000Z',
};

describe('upgradeLegacyFindings', () => {
  it('upgradeLegacyFindings recomputes categories and exam scores from the stored calibrated scores', () => {
    const exam = upgradeLegacyFindings(stored, points);
    expect(exam.operatingPoints).toEqual({ ...points, lesion: 0.4 });
    expect(exam).toMatchObject({ malignancyScore: 0.7, category: 'elevated', examScore: 10 });
    expect(exam.breasts).toEqual([
      {
        laterality: 'R',
        malignancyScore: 0.09,
        abnormalityScore: 0.3,
        category: 'likelyNormal',
        examScore: 3,
        lesionCount: 0,
      },
      {
        laterality: 'L',
        malignancyScore: 0.7,
        abnormalityScore: 0.3,
        category: 'elevated',
        examScore: 10,
        lesionCount: 2,
      },
    ]);
    expect(exam.images.map((i) => i.category)).toEqual([
      'likelyNormal',
      'intermediate',
      'elevated',
      'intermediate',
    ]);
    expect(exam.images[0]).toMatchObject({
      breast: { chestWallSide: null, nipple: null, pectoralEdge: null },
      invertedDetected: false,
    });
    expect(exam.images[0]).not.toHaveProperty('aboveThreshold');
  });

  it('upgradeLegacyFindings makes each above-threshold mark of a lateral image a single-view lesion, highest score first', () => {
    const { lesions } = upgradeLegacyFindings(stored, points);
    expect(lesions).toEqual([
      {
        id: 'L1',
        laterality: 'L',
        type: 'mass',
        score: 0.8,
        views: [{ image: 'L-MLO', view: 'CC', mark: 'L1' }],
        diameterMm: 7.5,
        shape: 'irregular',
        calcificationCount: null,
        nippleDistanceMm: null,
        clockPosition: null,
        depth: null,
      },
      expect.objectContaining({ id: 'L2', score: 0.45, views: [{ image: 'L-CC', view: 'CC', mark: 'L1' }] }),
    ]);
  });

  it('upgradeLegacyFindings refuses findings of neither format', () => {
    expect(() => upgradeLegacyFindings({ ...stored, images: [] }, points)).toThrow();
    expect(() => upgradeLegacyFindings({ model: stored.model }, points)).toThrow();
  });
});

describe('readStoredFindings', () => {
  it('readStoredFindings upgrades older findings with the operating points of the model that produced them', () => {
    const asked: string[] = [];
    const exam = readStoredFindings(stored, (id) => {
      asked.push(id);
      return points;
    });
    expect(asked).toEqual(['mammo-mias-cnn']);
    expect(exam.category).toBe('elevated');
    expect(isLegacyFindings(stored)).toBe(true);
    expect(isLegacyFindings(exam)).toBe(false);
    // Current findings are read as they are, without asking for any operating point.
    expect(readStoredFindings(JSON.parse(JSON.stringify(exam)), () => undefined)).toEqual(exam);
  });

  it('readStoredFindings says to analyse again when the registry no longer knows the model', () => {
    expect(() => readStoredFindings(stored, () => undefined)).toThrow(
      /mammo-mias-cnn in an older format.*analyse the study again/,
    );
  });
});
