import type { AiSummary } from '../model';
import { aiSummaryTextFor } from './aiSummaryText';

const NB = '\u00A0';

const summary: AiSummary = {
  model: { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true },
  malignancyScore: 0.87,
  threshold: 0.65,
  lesions: [
    { laterality: 'R', type: 'mass', diameterMm: 8.2, shape: 'irregular' },
    { laterality: 'R', type: 'calcifications', diameterMm: 5.1, shape: null },
  ],
};

describe('aiSummaryTextFor', () => {
  it('aiSummaryTextFor writes the French summary with decimal commas and no-break spaces', () => {
    expect(aiSummaryTextFor(summary, 'fr').text).toBe(
      `Score de malignité${NB}: 0,87 (seuil${NB}: 0,65). Régions suspectes${NB}: 2. ` +
        `Lésion 1${NB}: 8${NB}mm, forme irrégulière. Lésion 2${NB}: 5${NB}mm, microcalcifications.`,
    );
  });

  it('aiSummaryTextFor writes the English summary', () => {
    expect(aiSummaryTextFor(summary, 'en').text).toBe(
      'Malignancy score: 0.87 (threshold: 0.65). Suspicious regions: 2. ' +
        'Lesion 1: 8\u00A0mm, irregular shape. Lesion 2: 5\u00A0mm, microcalcifications.',
    );
  });

  it('aiSummaryTextFor agrees the regions label with one region', () => {
    const one = { ...summary, lesions: [summary.lesions[1]!] };
    expect(aiSummaryTextFor(one, 'fr').text).toBe(
      `Score de malignité${NB}: 0,87 (seuil${NB}: 0,65). Région suspecte${NB}: 1. Lésion 1${NB}: 5${NB}mm, microcalcifications.`,
    );
    expect(aiSummaryTextFor(one, 'en').text).toBe(
      'Malignancy score: 0.87 (threshold: 0.65). Suspicious region: 1. Lesion 1: 5\u00A0mm, microcalcifications.',
    );
  });

  it('aiSummaryTextFor says when there is no suspicious region', () => {
    const none = { ...summary, malignancyScore: 0.1, lesions: [] };
    expect(aiSummaryTextFor(none, 'fr').text).toBe(
      `Score de malignité${NB}: 0,10 (seuil${NB}: 0,65). Aucune région suspecte.`,
    );
    expect(aiSummaryTextFor(none, 'en').text).toBe(
      'Malignancy score: 0.10 (threshold: 0.65). No suspicious region.',
    );
  });

  it('aiSummaryTextFor names a mass without shape and leaves out an unknown size', () => {
    const unsized = {
      ...summary,
      lesions: [{ laterality: 'L' as const, type: 'mass' as const, diameterMm: null, shape: null }],
    };
    expect(aiSummaryTextFor(unsized, 'fr').text).toContain(`Lésion 1${NB}: masse.`);
    expect(aiSummaryTextFor(unsized, 'en').text).toContain('Lesion 1: mass.');
  });

  it('aiSummaryTextFor footnotes a research model as not for diagnosis', () => {
    expect(aiSummaryTextFor(summary, 'fr').footnote).toBe(
      `Le modèle d’IA «${NB}sentinelle-mias 0.1.0${NB}» est réservé à la recherche et n’est pas un dispositif médical${NB}: ` +
        'ses résultats ne doivent pas servir au diagnostic sans confirmation par un radiologue.',
    );
    expect(aiSummaryTextFor(summary, 'en').footnote).toBe(
      'The AI model “sentinelle-mias 0.1.0” is for research use only and is not a medical device: ' +
        'its results must not be used for diagnosis without confirmation by a radiologist.',
    );
  });

  it('aiSummaryTextFor footnotes a cleared model with the model only', () => {
    const cleared = { ...summary, model: { id: 'mammo-cad', version: '2.1', researchOnly: false } };
    expect(aiSummaryTextFor(cleared, 'fr').footnote).toBe(
      `Résultats du modèle d’IA «${NB}mammo-cad 2.1${NB}», à confirmer par un radiologue.`,
    );
    expect(aiSummaryTextFor(cleared, 'en').footnote).toBe(
      'Results of the AI model “mammo-cad 2.1”, to be confirmed by a radiologist.',
    );
  });
});
