import { aggregateExam } from '../../findings/aggregate';
import type { ExamFindings } from '../../findings/examFindings';
import { REPORT_LOCALES } from '../model';
import { aiSummaryTextFor } from '../text/aiSummaryText';
import {
  image,
  lesion,
  OPERATING_POINTS,
  RESEARCH_MODEL,
  RIGHT_MASS_CENTRE,
  screeningExam,
  SOP,
} from '../testing/reportFixtures';
import { aiSummaryFromExam } from './aiSummaryFromExam';

const NB = '\u00A0';

/** Exams that between them hold paired, unpaired, faint and unplaceable marks, and none. */
function fixtures() {
  const exam = (images: Parameters<typeof aggregateExam>[0]) =>
    aggregateExam(images, RESEARCH_MODEL, OPERATING_POINTS, new Date('2026-11-24T09:12:00.000Z'));
  const mass = (id: string, score: number, centre: { x: number; y: number }) =>
    lesion({ id, type: 'mass', score, diameterMm: 9, shape: 'oval', centre });
  return {
    screening: screeningExam(),
    normal: exam([
      image(SOP.rightCc, 'R', 'CC', 0.04, []),
      image(SOP.rightMlo, 'R', 'MLO', 0.03, []),
      image(SOP.leftCc, 'L', 'CC', 0.05, [mass('L1', 0.2, { x: 1500, y: 1300 })]),
      image(SOP.leftMlo, 'L', 'MLO', 0.02, []),
    ]),
    // Two masses on each left view, at different depths; a right mark on CC only.
    twoPairs: exam([
      image(SOP.rightCc, 'R', 'CC', 0.3, [mass('L1', 0.5, RIGHT_MASS_CENTRE.cc)]),
      image(SOP.rightMlo, 'R', 'MLO', 0.2, []),
      image(SOP.leftCc, 'L', 'CC', 0.7, [
        mass('L1', 0.9, { x: 1400, y: 1300 }),
        mass('L2', 0.6, { x: 600, y: 1200 }),
      ]),
      image(SOP.leftMlo, 'L', 'MLO', 0.6, [
        mass('L1', 0.8, { x: 1380, y: 1400 }),
        mass('L2', 0.7, { x: 620, y: 1500 }),
      ]),
    ]),
    // Marks on an image without laterality weigh in the score but belong to no breast.
    unplaced: exam([
      image(undefined, null, 'CC', 0.9, [mass('L1', 0.9, RIGHT_MASS_CENTRE.cc)]),
      image(SOP.rightCc, 'R', 'CC', 0.1, [mass('L1', 0.45, RIGHT_MASS_CENTRE.cc)]),
    ]),
  };
}

/** The count the summary states and the entries it lists, read back from its text. */
function readBack(text: string): { stated: number; listed: number } {
  const stated = /(?:Régions? suspectes?|Suspicious regions?)\u00A0?: (\d+)/.exec(text)?.[1];
  return {
    stated: stated === undefined ? 0 : Number(stated),
    listed: text.match(/(?:Lésion|Lesion) \d+\u00A0?:/g)?.length ?? 0,
  };
}

describe('aiSummaryFromExam', () => {
  it('aiSummaryFromExam lists the exam’s lesions: a mass seen on CC and MLO once, with its views, hour and depth', () => {
    const exam = screeningExam();
    expect(exam.breasts.map((breast) => breast.lesionCount)).toEqual([2, 0]);
    expect(aiSummaryFromExam(exam)).toEqual({
      model: RESEARCH_MODEL,
      malignancyScore: 0.87,
      category: 'elevated',
      examScore: 10,
      lesions: [
        {
          laterality: 'R',
          type: 'mass',
          diameterMm: 8.2,
          shape: 'irregular',
          views: ['CC', 'MLO'],
          clockPosition: 10,
          depth: 'middle',
        },
        {
          laterality: 'R',
          type: 'calcifications',
          diameterMm: 5.1,
          shape: null,
          views: ['CC'],
          clockPosition: null,
          depth: 'anterior',
        },
      ],
    });
  });

  it('aiSummaryFromExam gives the summary the report prints for the four-view exam', () => {
    expect(aiSummaryTextFor(aiSummaryFromExam(screeningExam()), 'fr').text).toBe(
      `Résultat de l’IA${NB}: élevé, score d’examen 10/10 (score de malignité${NB}: 0,87). ` +
        `Régions suspectes${NB}: 2 — Lésion 1${NB}: 8${NB}mm, forme irrégulière (sein droit, CC et MLO, à 10 h, tiers moyen)` +
        ` — Lésion 2${NB}: 5${NB}mm, microcalcifications (sein droit, CC, tiers antérieur).`,
    );
  });

  it('aiSummaryFromExam leaves out marks below the lesion operating point and on images without laterality', () => {
    const { normal, unplaced } = fixtures();
    expect(aiSummaryFromExam(normal)).toMatchObject({ category: 'likelyNormal', examScore: 2, lesions: [] });
    expect(aiSummaryFromExam(unplaced)).toMatchObject({ malignancyScore: 0.9, category: 'elevated' });
    expect(aiSummaryFromExam(unplaced).lesions).toHaveLength(1);
  });

  it('aiSummaryFromExam pairs two masses per view by depth, highest score first', () => {
    const { lesions } = aiSummaryFromExam(fixtures().twoPairs);
    expect(lesions.map(({ laterality, views }) => `${laterality} ${views.join('+')}`)).toEqual([
      'L CC+MLO',
      'L CC+MLO',
      'R CC',
    ]);
  });

  it.each(Object.entries(fixtures()))(
    'aiSummaryFromExam states the count it lists, the exam’s lesions and the breasts’ counts (%s)',
    (_name, exam: ExamFindings) => {
      const summary = aiSummaryFromExam(exam);
      const lesions = exam.lesions.length;
      expect(summary.lesions).toHaveLength(lesions);
      expect(exam.breasts.reduce((sum, breast) => sum + breast.lesionCount, 0)).toBe(lesions);
      for (const locale of REPORT_LOCALES)
        expect(readBack(aiSummaryTextFor(summary, locale).text)).toEqual({
          stated: lesions,
          listed: lesions,
        });
    },
  );
});
