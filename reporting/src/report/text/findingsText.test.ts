import type { ReportFinding } from '../model';
import { findingsTextFor } from './findingsText';

const NB = '\u00A0';

function finding(fields: Partial<ReportFinding>): ReportFinding {
  return {
    id: 'R1',
    origin: 'reader',
    laterality: 'R',
    type: 'mass',
    diameterMm: null,
    shape: null,
    margin: null,
    location: null,
    clockPosition: null,
    views: [],
    sopInstanceUid: null,
    aiScore: null,
    ...fields,
  };
}

const spiculatedMass = finding({
  diameterMm: 12.4,
  shape: 'irregular',
  margin: 'spiculated',
  location: 'upper-outer',
  clockPosition: 10,
  views: ['CC', 'MLO'],
});
const calcifications = finding({
  id: 'R2',
  type: 'calcifications',
  diameterMm: 5,
  location: 'retroareolar',
  views: ['CC'],
});
const ovalMass = finding({
  id: 'R3',
  laterality: 'L',
  diameterMm: 6,
  shape: 'oval',
  margin: 'circumscribed',
  clockPosition: 2,
});

const both = [
  { laterality: 'R' as const, assessment: '0' as const },
  { laterality: 'L' as const, assessment: '0' as const },
];

describe('findingsTextFor', () => {
  it('findingsTextFor writes each breast in French, right then left, findings joined by semicolons', () => {
    expect(
      findingsTextFor({
        locale: 'fr',
        findings: [spiculatedMass, calcifications, ovalMass],
        breastAssessments: both,
      }),
    ).toBe(
      `Sein droit${NB}: une masse irrégulière de 12${NB}mm à contours spiculés, dans le quadrant supéro-externe à 10 h ` +
        `(incidences CC et MLO)${NB}; des microcalcifications étendues sur 5${NB}mm, dans la région rétro-aréolaire (incidence CC).\n` +
        `Sein gauche${NB}: une masse ovale de 6${NB}mm à contours circonscrits, à 2 h.`,
    );
  });

  it('findingsTextFor writes each breast in English, with the article each mass takes', () => {
    expect(
      findingsTextFor({
        locale: 'en',
        findings: [spiculatedMass, calcifications, ovalMass],
        breastAssessments: both,
      }),
    ).toBe(
      'Right breast: an irregular mass measuring 12\u00A0mm with spiculated margins, in the upper outer quadrant at ' +
        '10 o’clock (CC and MLO views); microcalcifications extending over 5\u00A0mm, in the retroareolar region (CC view).\n' +
        'Left breast: an oval mass measuring 6\u00A0mm with circumscribed margins, at 2 o’clock.',
    );
    const round = finding({ shape: 'round', diameterMm: 4 });
    expect(findingsTextFor({ locale: 'en', findings: [round], breastAssessments: [both[0]!] })).toBe(
      'Right breast: a round mass measuring 4\u00A0mm.',
    );
  });

  it('findingsTextFor agrees a mass and calcifications in French', () => {
    const text = findingsTextFor({
      locale: 'fr',
      findings: [finding({}), finding({ id: 'R2', type: 'calcifications' })],
      breastAssessments: [both[0]!],
    });
    expect(text).toBe(`Sein droit${NB}: une masse${NB}; des microcalcifications.`);
  });

  it('findingsTextFor says which imaged breast shows no abnormality', () => {
    expect(findingsTextFor({ locale: 'fr', findings: [ovalMass], breastAssessments: both })).toBe(
      `Sein droit${NB}: pas d’anomalie décelée.\nSein gauche${NB}: une masse ovale de 6${NB}mm à contours circonscrits, à 2 h.`,
    );
    expect(findingsTextFor({ locale: 'en', findings: [], breastAssessments: [both[1]!] })).toBe(
      'Left breast: no abnormality detected.',
    );
  });
});
