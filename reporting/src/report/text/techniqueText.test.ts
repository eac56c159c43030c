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

  it('techniqueTextFor names the views, once when both breasts had the same, else per breast', () => {
    const both = [
      { laterality: 'R' as const, views: ['CC', 'MLO'] },
      { laterality: 'L' as const, views: ['CC', 'MLO'] },
    ];
    const base = { examType: 'screening' as const, breastAssessments: [right, left], aiSummary: null };
    expect(techniqueTextFor({ ...base, locale: 'fr', imagedViews: both })).toBe(
      'Mammographie de dépistage bilatérale, incidences de face et oblique externe.',
    );
    expect(techniqueTextFor({ ...base, locale: 'en', imagedViews: both })).toBe(
      'Bilateral screening mammography, CC and MLO views.',
    );
    const uneven = [both[0]!, { laterality: 'L' as const, views: ['CC'] }];
    expect(techniqueTextFor({ ...base, locale: 'fr', imagedViews: uneven })).toBe(
      'Mammographie de dépistage bilatérale, incidences de face et oblique externe à droite, de face à gauche.',
    );
    expect(techniqueTextFor({ ...base, locale: 'en', imagedViews: uneven })).toBe(
      'Bilateral screening mammography, right CC and MLO views, left CC view.',
    );
  });
});
