import { BIRADS_CATEGORIES } from '../../findings/readerReview';
import { toWinAnsi } from '../../pdf/winAnsi';
import { LesionDepthSchema } from '../../findings/examLesion';
import { MassShapeSchema } from '../../findings/lesion';
import { ScreeningCategorySchema } from '../../findings/operatingPoints';
import {
  BreastLocationSchema,
  MassMarginSchema,
  REPORT_LOCALES,
  type AiSummary,
  type AiSummaryLesion,
  type ReportFinding,
} from '../model';
import { aiSummaryTextFor } from '../text/aiSummaryText';
import { findingsTextFor } from '../text/findingsText';
import { impressionTextFor } from '../text/impressionText';
import { biradsLexicon } from '../text/lexicon/index';
import { DEFAULT_TEMPLATES } from '../templates/defaultTemplates';
import { layoutReport } from '../templates/layoutReport';
import { screeningReport, SIGNATURE } from './reportFixtures';

/** Every string inside a value (a laid-out document, a lexicon), logo bytes aside. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(stringsIn);
}

const MASS_SHAPES_AND_NONE = [...MassShapeSchema.options, null];

const AI_LESION: AiSummaryLesion = {
  laterality: 'R',
  type: 'mass',
  diameterMm: 8,
  shape: null,
  views: ['CC', 'MLO'],
  clockPosition: null,
  depth: null,
};

/** Findings that between them use every shape, margin, location, clock position and view count. */
function everyFinding(): ReportFinding[] {
  const base: ReportFinding = {
    id: 'R1',
    origin: 'reader',
    laterality: 'R',
    type: 'mass',
    diameterMm: 8,
    shape: null,
    margin: null,
    location: null,
    clockPosition: null,
    views: ['CC', 'MLO'],
    sopInstanceUid: null,
    aiScore: null,
  };
  return [
    ...MASS_SHAPES_AND_NONE.map((shape) => ({ ...base, shape })),
    ...MassMarginSchema.options.map((margin) => ({ ...base, margin })),
    ...BreastLocationSchema.options.map((location) => ({ ...base, location })),
    ...Array.from({ length: 12 }, (_, hour) => ({ ...base, clockPosition: hour + 1 })),
    { ...base, type: 'calcifications', views: ['CC'], laterality: 'L' },
    { ...base, type: 'calcifications', diameterMm: null, views: [] },
  ];
}

function generatedTexts(): string[] {
  const texts: string[] = [];
  for (const locale of REPORT_LOCALES) {
    const lexicon = biradsLexicon(locale);
    texts.push(...stringsIn(lexicon));
    texts.push(...BIRADS_CATEGORIES.map((category) => lexicon.assessment(category)));
    texts.push(...Array.from({ length: 12 }, (_, hour) => lexicon.clockPosition(hour + 1)));
    for (const researchOnly of [true, false]) {
      for (const category of ScreeningCategorySchema.options) {
        const summary: AiSummary = {
          model: { id: 'sentinelle-mias', version: '0.1.0', researchOnly },
          malignancyScore: 0.87,
          category,
          examScore: 7,
          lesions: [
            ...MASS_SHAPES_AND_NONE.map((shape) => ({ ...AI_LESION, shape })),
            ...LesionDepthSchema.options.map((depth) => ({ ...AI_LESION, depth })),
            ...Array.from({ length: 12 }, (_, hour) => ({ ...AI_LESION, clockPosition: hour + 1 })),
            { ...AI_LESION, type: 'calcifications', views: ['CC'], clockPosition: null, depth: null },
          ],
        };
        texts.push(...stringsIn(aiSummaryTextFor(summary, locale)));
      }
    }
    const assessments = [
      { laterality: 'R' as const, assessment: '1' as const },
      { laterality: 'L' as const, assessment: '1' as const },
    ];
    texts.push(findingsTextFor({ locale, findings: everyFinding(), breastAssessments: assessments }));
    for (const category of BIRADS_CATEGORIES)
      texts.push(impressionTextFor({ locale, breastAssessments: assessments, overallAssessment: category }));
    const amends = { version: 1, signedAt: SIGNATURE.signedAt };
    const report = screeningReport(locale);
    texts.push(
      ...stringsIn(layoutReport(report, DEFAULT_TEMPLATES[locale], { ...SIGNATURE, version: 2, amends })),
    );
    for (const screening of [false, true])
      texts.push(
        ...stringsIn(
          layoutReport(
            { ...report, content: { ...report.content, examType: screening ? 'screening' : 'diagnostic' } },
            DEFAULT_TEMPLATES[locale],
            null,
          ),
        ),
      );
  }
  return texts;
}

describe('generated report text', () => {
  it('generated report text, in either language, is what the PDF writes: WinAnsi as it stands', () => {
    const texts = generatedTexts();
    expect(texts.length).toBeGreaterThan(200);
    expect(texts.filter((text) => toWinAnsi(text) !== text)).toEqual([]);
  });
});
