import { BIRADS_CATEGORIES } from '../../../findings/readerReview';
import { recommendationsFor } from '../../model';
import { biradsLexicon } from './index';

describe('biradsLexicon', () => {
  it('biradsLexicon words breast composition a–d in each language', () => {
    expect(biradsLexicon('fr').composition).toEqual({
      a: 'Seins graisseux (type a)',
      b: 'Seins avec des densités fibroglandulaires éparses (type b)',
      c: 'Seins denses et hétérogènes (type c), ce qui peut masquer de petites masses',
      d: 'Seins extrêmement denses (type d), ce qui diminue la sensibilité de la mammographie',
    });
    expect(biradsLexicon('en').composition.c).toBe(
      'The breasts are heterogeneously dense, which may obscure small masses (type c)',
    );
  });

  it('biradsLexicon cites categories "ACR" in French and "BI-RADS" in English, with their standard names', () => {
    const fr = biradsLexicon('fr');
    expect(
      BIRADS_CATEGORIES.map((category) => `${fr.assessment(category)} (${fr.categoryName[category]})`),
    ).toEqual([
      'ACR 0 (évaluation incomplète – nécessité d’un complément d’imagerie et/ou des examens antérieurs pour comparaison)',
      'ACR 1 (négatif)',
      'ACR 2 (bénin)',
      'ACR 3 (probablement bénin)',
      'ACR 4 (suspect)',
      'ACR 4A (faible suspicion de malignité)',
      'ACR 4B (suspicion modérée de malignité)',
      'ACR 4C (forte suspicion de malignité)',
      'ACR 5 (fortement évocateur de malignité)',
      'ACR 6 (malignité prouvée par biopsie)',
    ]);
    const en = biradsLexicon('en');
    expect(
      BIRADS_CATEGORIES.map((category) => `${en.assessment(category)} (${en.categoryName[category]})`),
    ).toEqual([
      'BI-RADS 0 (incomplete – need additional imaging evaluation and/or prior mammograms for comparison)',
      'BI-RADS 1 (negative)',
      'BI-RADS 2 (benign)',
      'BI-RADS 3 (probably benign)',
      'BI-RADS 4 (suspicious)',
      'BI-RADS 4A (low suspicion for malignancy)',
      'BI-RADS 4B (moderate suspicion for malignancy)',
      'BI-RADS 4C (high suspicion for malignancy)',
      'BI-RADS 5 (highly suggestive of malignancy)',
      'BI-RADS 6 (known biopsy-proven malignancy)',
    ]);
  });

  it('biradsLexicon words the recommendation each category calls for', () => {
    const worded = (locale: 'fr' | 'en') =>
      Object.fromEntries(
        BIRADS_CATEGORIES.map((category) => [
          category,
          recommendationsFor(category).map((item) => biradsLexicon(locale).recommendation[item]),
        ]),
      );
    expect(worded('fr')).toEqual({
      '0': ['Bilan d’imagerie complémentaire'],
      '1': ['Poursuite du dépistage selon le rythme habituel'],
      '2': ['Poursuite du dépistage selon le rythme habituel'],
      '3': ['Surveillance à court terme (contrôle à 6 mois)'],
      '4': ['Prélèvement percutané pour diagnostic histologique'],
      '4A': ['Prélèvement percutané pour diagnostic histologique'],
      '4B': ['Prélèvement percutané pour diagnostic histologique'],
      '4C': ['Prélèvement percutané pour diagnostic histologique'],
      '5': ['Prélèvement percutané pour diagnostic histologique'],
      '6': ['Avis chirurgical'],
    });
    expect(worded('en')).toMatchObject({
      '0': ['Additional imaging evaluation'],
      '1': ['Routine screening mammography'],
      '3': ['Short-interval (6-month) follow-up'],
      '4B': ['Percutaneous biopsy for histological diagnosis'],
      '6': ['Surgical consultation'],
    });
  });

  it('biradsLexicon words shapes in the feminine and margins in the masculine plural in French', () => {
    const fr = biradsLexicon('fr');
    expect(fr.shape).toEqual({ round: 'ronde', oval: 'ovale', irregular: 'irrégulière' });
    expect(fr.margin).toEqual({
      circumscribed: 'circonscrits',
      obscured: 'masqués',
      microlobulated: 'microlobulés',
      indistinct: 'indistincts',
      spiculated: 'spiculés',
    });
  });

  it('biradsLexicon places findings by quadrant and clock face', () => {
    expect(biradsLexicon('fr').location['upper-outer']).toBe('dans le quadrant supéro-externe');
    expect(biradsLexicon('fr').location.retroareolar).toBe('dans la région rétro-aréolaire');
    expect(biradsLexicon('en').location['axillary-tail']).toBe('in the axillary tail');
    expect(biradsLexicon('fr').clockPosition(10)).toBe('à 10 h');
    expect(biradsLexicon('en').clockPosition(1)).toBe('at 1 o’clock');
  });
});
