import { aggregateExam } from '../../findings/aggregate';
import { aiSummaryTextFor } from '../text/aiSummaryText';
import { image, lesion, RESEARCH_MODEL, screeningExam, SOP, THRESHOLDS } from '../testing/reportFixtures';
import { aiSummaryFromExam } from './aiSummaryFromExam';

const NB = '\u00A0';

describe('aiSummaryFromExam', () => {
  it('aiSummaryFromExam counts a mass seen on CC and MLO once, where the breast count sums views', () => {
    const exam = screeningExam();
    expect(exam.breasts.map((breast) => breast.lesionCount)).toEqual([3, 0]);
    expect(aiSummaryFromExam(exam)).toEqual({
      model: RESEARCH_MODEL,
      malignancyScore: 0.87,
      threshold: 0.65,
      lesions: [
        { laterality: 'R', type: 'mass', diameterMm: 8.2, shape: 'irregular' },
        { laterality: 'R', type: 'calcifications', diameterMm: 5.1, shape: null },
      ],
    });
  });

  it('aiSummaryFromExam gives the summary the report prints for the four-view exam', () => {
    expect(aiSummaryTextFor(aiSummaryFromExam(screeningExam()), 'fr').text).toBe(
      `Score de malignité${NB}: 0,87 (seuil${NB}: 0,65). Régions suspectes${NB}: 2. ` +
        `Lésion 1${NB}: 8${NB}mm, forme irrégulière. Lésion 2${NB}: 5${NB}mm, microcalcifications.`,
    );
  });

  it('aiSummaryFromExam keeps as many regions as the view with most marks, best mark of each rank first', () => {
    const exam = aggregateExam(
      [
        image(SOP.leftCc, 'L', 'CC', 0.7, [
          lesion({ id: 'L1', type: 'mass', score: 0.6, diameterMm: 9, shape: 'oval' }),
          lesion({ id: 'L2', type: 'mass', score: 0.5, diameterMm: 3, shape: 'round' }),
        ]),
        image(SOP.leftMlo, 'L', 'MLO', 0.8, [
          lesion({ id: 'L1', type: 'mass', score: 0.95, diameterMm: 10, shape: 'irregular' }),
        ]),
        image(SOP.rightCc, 'R', 'CC', 0.2, [
          lesion({ id: 'L1', type: 'calcifications', score: 0.55, diameterMm: 2, shape: null }),
        ]),
      ],
      RESEARCH_MODEL,
      THRESHOLDS,
    );
    expect(aiSummaryFromExam(exam).lesions).toEqual([
      { laterality: 'L', type: 'mass', diameterMm: 10, shape: 'irregular' },
      { laterality: 'R', type: 'calcifications', diameterMm: 2, shape: null },
      { laterality: 'L', type: 'mass', diameterMm: 3, shape: 'round' },
    ]);
  });

  it('aiSummaryFromExam leaves out lesions below the threshold and on images without laterality', () => {
    const exam = aggregateExam(
      [
        image(undefined, null, 'CC', 0.9, [
          lesion({ id: 'L1', type: 'mass', score: 0.9, diameterMm: 7, shape: null }),
        ]),
        image(SOP.rightCc, 'R', 'CC', 0.1, [
          lesion({ id: 'L1', type: 'mass', score: 0.2, diameterMm: 7, shape: null }),
        ]),
      ],
      RESEARCH_MODEL,
      THRESHOLDS,
    );
    const summary = aiSummaryFromExam(exam);
    expect(summary.malignancyScore).toBe(0.9);
    expect(summary.lesions).toEqual([]);
  });
});
