import { AiSummarySchema, type AiSummary } from '../model';
import { aiSummaryTextFor } from './aiSummaryText';

const NB = '\u00A0';

const summary: AiSummary = {
  model: { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true },
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
};

describe('aiSummaryTextFor', () => {
  it('aiSummaryTextFor writes the French summary: category, exam score, then one entry per lesion', () => {
    expect(aiSummaryTextFor(summary, 'fr').text).toBe(
      `Résultat de l’IA${NB}: élevé, score d’examen 10/10 (score de malignité${NB}: 0,87). ` +
        `Régions suspectes${NB}: 2 — Lésion 1${NB}: 8${NB}mm, forme irrégulière (sein droit, CC et MLO, à 10 h, tiers moyen)` +
        ` — Lésion 2${NB}: 5${NB}mm, microcalcifications (sein droit, CC, tiers antérieur).`,
    );
  });

  it('aiSummaryTextFor writes the English summary', () => {
    expect(aiSummaryTextFor(summary, 'en').text).toBe(
      'AI result: elevated, exam score 10/10 (malignancy score: 0.87). ' +
        'Suspicious regions: 2 — Lesion 1: 8\u00A0mm, irregular shape (right breast, CC and MLO, at 10 o’clock, middle third)' +
        ' — Lesion 2: 5\u00A0mm, microcalcifications (right breast, CC, anterior third).',
    );
  });

  it('aiSummaryTextFor names each category in both languages', () => {
    const reading = (category: AiSummary['category'], locale: 'fr' | 'en') =>
      aiSummaryTextFor({ ...summary, category, examScore: 4, lesions: [] }, locale).text.split(' (')[0];
    expect(reading('intermediate', 'fr')).toBe(`Résultat de l’IA${NB}: intermédiaire, score d’examen 4/10`);
    expect(reading('likelyNormal', 'fr')).toBe(
      `Résultat de l’IA${NB}: probablement normal, score d’examen 4/10`,
    );
    expect(reading('intermediate', 'en')).toBe('AI result: intermediate, exam score 4/10');
    expect(reading('likelyNormal', 'en')).toBe('AI result: likely normal, exam score 4/10');
  });

  it('aiSummaryTextFor agrees the regions label with one region', () => {
    const one = { ...summary, lesions: [summary.lesions[1]!] };
    expect(aiSummaryTextFor(one, 'fr').text).toContain(
      `Région suspecte${NB}: 1 — Lésion 1${NB}: 5${NB}mm, microcalcifications (sein droit, CC, tiers antérieur).`,
    );
    expect(aiSummaryTextFor(one, 'en').text).toContain(
      'Suspicious region: 1 — Lesion 1: 5\u00A0mm, microcalcifications (right breast, CC, anterior third).',
    );
  });

  it('aiSummaryTextFor says when there is no suspicious region', () => {
    const none = {
      ...summary,
      malignancyScore: 0.1,
      category: 'likelyNormal' as const,
      examScore: 2,
      lesions: [],
    };
    expect(aiSummaryTextFor(none, 'fr').text).toBe(
      `Résultat de l’IA${NB}: probablement normal, score d’examen 2/10 (score de malignité${NB}: 0,10). ` +
        'Aucune région suspecte.',
    );
    expect(aiSummaryTextFor(none, 'en').text).toBe(
      'AI result: likely normal, exam score 2/10 (malignancy score: 0.10). No suspicious region.',
    );
  });

  it('aiSummaryTextFor names a mass without shape and leaves out what is not known of it', () => {
    const unsized = {
      ...summary,
      lesions: [
        {
          laterality: 'L' as const,
          type: 'mass' as const,
          diameterMm: null,
          shape: null,
          views: [],
          clockPosition: null,
          depth: null,
        },
      ],
    };
    expect(aiSummaryTextFor(unsized, 'fr').text).toContain(`Lésion 1${NB}: masse (sein gauche).`);
    expect(aiSummaryTextFor(unsized, 'en').text).toContain('Lesion 1: mass (left breast).');
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

describe('AiSummarySchema', () => {
  it('AiSummarySchema refuses a clock position on a lesion seen on one view, and an exam score off 1–10', () => {
    const oneView = { ...summary.lesions[0]!, views: ['CC'] };
    expect(
      AiSummarySchema.safeParse({ ...summary, lesions: [oneView] }).error?.issues.map(
        (issue) => issue.message,
      ),
    ).toEqual(['a clock position needs both views']);
    expect(AiSummarySchema.safeParse({ ...summary, examScore: 11 }).success).toBe(false);
    expect(AiSummarySchema.safeParse({ ...summary, category: 'aboveThreshold' }).success).toBe(false);
    expect(AiSummarySchema.safeParse(summary).success).toBe(true);
  });
});
