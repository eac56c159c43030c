import type { BiradsCategory } from '../../findings/readerReview';
import type { ReportContent, ReportLocale } from '../model';
import { biradsLexicon } from './lexicon/index';
import { capitalised, labelled } from './typography';

const OVERALL: Readonly<Record<ReportLocale, string>> = {
  fr: 'Classification globale',
  en: 'Overall assessment',
};

/** A category cited with its standard name: "ACR 4B (suspicion modérée de malignité)". */
export function assessmentWithName(locale: ReportLocale, category: BiradsCategory): string {
  const lexicon = biradsLexicon(locale);
  return `${lexicon.assessment(category)} (${lexicon.categoryName[category]})`;
}

/**
 * The impression: each breast's assessment, right first, then the overall one (the most abnormal,
 * which the content already holds), one line each. Recommendations stay in their own section.
 */
export function impressionTextFor(
  content: Pick<ReportContent, 'locale' | 'breastAssessments' | 'overallAssessment'>,
): string {
  const { locale } = content;
  const lexicon = biradsLexicon(locale);
  const breasts = content.breastAssessments.map(
    (breast) =>
      `${labelled(locale, capitalised(lexicon.breast[breast.laterality]), assessmentWithName(locale, breast.assessment))}.`,
  );
  const overall = `${labelled(locale, OVERALL[locale], assessmentWithName(locale, content.overallAssessment))}.`;
  return [...breasts, overall].join('\n');
}
