import type { BiradsLexicon } from './types';

/** BI-RADS in English, in the words of the ACR atlas (5th edition); categories cited "BI-RADS 4B". */
export const ENGLISH_BIRADS: BiradsLexicon = {
  breast: { R: 'right breast', L: 'left breast' },
  composition: {
    a: 'The breasts are almost entirely fatty (type a)',
    b: 'There are scattered areas of fibroglandular density (type b)',
    c: 'The breasts are heterogeneously dense, which may obscure small masses (type c)',
    d: 'The breasts are extremely dense, which lowers the sensitivity of mammography (type d)',
  },
  assessment: (category) => `BI-RADS ${category}`,
  categoryName: {
    '0': 'incomplete – need additional imaging evaluation and/or prior mammograms for comparison',
    '1': 'negative',
    '2': 'benign',
    '3': 'probably benign',
    '4': 'suspicious',
    '4A': 'low suspicion for malignancy',
    '4B': 'moderate suspicion for malignancy',
    '4C': 'high suspicion for malignancy',
    '5': 'highly suggestive of malignancy',
    '6': 'known biopsy-proven malignancy',
  },
  recommendation: {
    'additional-imaging': 'Additional imaging evaluation',
    'prior-comparison': 'Comparison with prior examinations',
    'routine-screening': 'Routine screening mammography',
    'short-interval-follow-up': 'Short-interval (6-month) follow-up',
    biopsy: 'Percutaneous biopsy for histological diagnosis',
    'surgical-consultation': 'Surgical consultation',
    'clinical-correlation': 'Correlation with clinical examination',
  },
  shape: { round: 'round', oval: 'oval', irregular: 'irregular' },
  margin: {
    circumscribed: 'circumscribed',
    obscured: 'obscured',
    microlobulated: 'microlobulated',
    indistinct: 'indistinct',
    spiculated: 'spiculated',
  },
  location: {
    'upper-outer': 'in the upper outer quadrant',
    'upper-inner': 'in the upper inner quadrant',
    'lower-outer': 'in the lower outer quadrant',
    'lower-inner': 'in the lower inner quadrant',
    central: 'in the central region',
    retroareolar: 'in the retroareolar region',
    'axillary-tail': 'in the axillary tail',
  },
  clockPosition: (hour) => `at ${hour} o’clock`,
  calcifications: 'microcalcifications',
  mass: 'mass',
};
