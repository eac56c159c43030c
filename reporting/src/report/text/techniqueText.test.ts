import { techniqueTextFor } from './techniqueText';

const right = { laterality: 'R' as const, assessment: '1' as const };
const left = { laterality: 'L' as const, assessment: '1' as const };
const aiSummary = {
  model: { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true },
  malignancyScore: 0.1,
  category: 'intermediate' as const,
  examScore: 3,
  lesions: [],
};

describe('techniqueTextFor', () => {
  it('techniqueTextFor names a bilateral exam and the AI assistance', () => {
    expect(
      techniqueTextFor({ locale: 'fr', examType: 'screening', breastAssessments: [right, left], aiSummary }),
    ).toBe(
      'Mammographie de dépistage bilatérale. Lecture assistée par un logiciel d’aide à la détection par intelligence artificielle.',
    );
    expect(
      techniqueTextFor({ locale: 'en', examType: 'screening', breastAssessments: [right, left], aiSummary }),
    ).toBe(
      'Bilateral screening mammography. Read with the assistance of artificial-intelligence computer-aided detection software.',
    );
  });

  it('techniqueTextFor names the one breast of a unilateral exam', () => {
    expect(
      techniqueTextFor({ locale: 'fr', examType: 'diagnostic', breastAssessments: [left], aiSummary: null }),
    ).toBe('Mammographie diagnostique du sein gauche.');
    expect(
      techniqueTextFor({ locale: 'en', examType: 'diagnostic', breastAssessments: [right], aiSummary: null }),
    ).toBe('Diagnostic mammography of the right breast.');
  });
});
