import type { ReportLocale } from '../../model';
import { ENGLISH_BIRADS } from './en';
import { FRENCH_BIRADS } from './fr';
import type { BiradsLexicon } from './types';

export type { BiradsLexicon } from './types';

const LEXICONS: Readonly<Record<ReportLocale, BiradsLexicon>> = { fr: FRENCH_BIRADS, en: ENGLISH_BIRADS };

/** The BI-RADS terms in the report's language. */
export function biradsLexicon(locale: ReportLocale): BiradsLexicon {
  return LEXICONS[locale];
}
