import { impressionTextFor } from './impressionText';

const NB = '\u00A0';

describe('impressionTextFor', () => {
  const content = {
    breastAssessments: [
      { laterality: 'R' as const, assessment: '4B' as const },
      { laterality: 'L' as const, assessment: '2' as const },
    ],
    overallAssessment: '4B' as const,
  };

  it('impressionTextFor cites each breast then the overall assessment "ACR" in French', () => {
    expect(impressionTextFor({ locale: 'fr', ...content })).toBe(
      `Sein droit${NB}: ACR 4B (suspicion modérée de malignité).\n` +
        `Sein gauche${NB}: ACR 2 (bénin).\n` +
        `Classification globale${NB}: ACR 4B (suspicion modérée de malignité).`,
    );
  });

  it('impressionTextFor cites "BI-RADS" in English', () => {
    expect(impressionTextFor({ locale: 'en', ...content })).toBe(
      'Right breast: BI-RADS 4B (moderate suspicion for malignancy).\n' +
        'Left breast: BI-RADS 2 (benign).\n' +
        'Overall assessment: BI-RADS 4B (moderate suspicion for malignancy).',
    );
  });
});
