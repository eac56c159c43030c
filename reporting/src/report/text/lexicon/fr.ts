import type { BiradsLexicon } from './types';

/**
 * BI-RADS in French, as French breast-imaging reports write it (the SFR translation of the ACR
 * atlas, 5th edition). Categories are cited "ACR 4B", the form of the French screening
 * programme's specifications and of most French reports.
 */
export const FRENCH_BIRADS: BiradsLexicon = {
  breast: { R: 'sein droit', L: 'sein gauche' },
  composition: {
    a: 'Seins graisseux (type a)',
    b: 'Seins avec des densités fibroglandulaires éparses (type b)',
    c: 'Seins denses et hétérogènes (type c), ce qui peut masquer de petites masses',
    d: 'Seins extrêmement denses (type d), ce qui diminue la sensibilité de la mammographie',
  },
  assessment: (category) => `ACR ${category}`,
  categoryName: {
    '0':
      'évaluation incomplète – nécessité d’un complément d’imagerie et/ou des examens' +
      ' antérieurs pour comparaison',
    '1': 'négatif',
    '2': 'bénin',
    '3': 'probablement bénin',
    '4': 'suspect',
    '4A': 'faible suspicion de malignité',
    '4B': 'suspicion modérée de malignité',
    '4C': 'forte suspicion de malignité',
    '5': 'fortement évocateur de malignité',
    '6': 'malignité prouvée par biopsie',
  },
  recommendation: {
    'additional-imaging': 'Bilan d’imagerie complémentaire',
    'prior-comparison': 'Comparaison avec les examens antérieurs',
    'routine-screening': 'Poursuite du dépistage selon le rythme habituel',
    'short-interval-follow-up': 'Surveillance à court terme (contrôle à 6 mois)',
    biopsy: 'Prélèvement percutané pour diagnostic histologique',
    'surgical-consultation': 'Avis chirurgical',
    'clinical-correlation': 'Corrélation avec l’examen clinique',
  },
  shape: { round: 'ronde', oval: 'ovale', irregular: 'irrégulière' },
  margin: {
    circumscribed: 'circonscrits',
    obscured: 'masqués',
    microlobulated: 'microlobulés',
    indistinct: 'indistincts',
    spiculated: 'spiculés',
  },
  location: {
    'upper-outer': 'dans le quadrant supéro-externe',
    'upper-inner': 'dans le quadrant supéro-interne',
    'lower-outer': 'dans le quadrant inféro-externe',
    'lower-inner': 'dans le quadrant inféro-interne',
    central: 'dans la région centrale',
    retroareolar: 'dans la région rétro-aréolaire',
    'axillary-tail': 'dans le prolongement axillaire',
  },
  clockPosition: (hour) => `à ${hour} h`,
  calcifications: 'microcalcifications',
  mass: 'masse',
};
