import type { BiradsCategory } from '../../findings/readerReview';
import type { ReportDraftContent, ReportLocale } from '../model';
import { biradsLexicon } from './lexicon/index';
import { capitalised, labelled } from './typography';

const NOT_ASSESSED: Readonly<Record<ReportLocale, string>> = {
  fr: 'classification à donner',
  en: 'assessment to be given',
};

const OVERALL: Readonly<Record<ReportLocale, string>> = {
  fr: 'Classification globale',
  en: 'Overall assessment',
};

/** A category cited with its standard name: "ACR 4B (suspicion modérée de malignité)". */
export function assessmentWithName(locale: ReportLocale, category: BiradsCategory | null): string {
  if (category === null) return NOT_ASSESSED[locale];
  const lexicon = biradsLexicon(locale);
  return `${lexicon.assessment(category)} (${lexicon.categoryName[category]})`;
}

/**
 * The impression: each breast's assessment, right first, then the overall one (the most abnormal,
 * which the content already holds), one line each; a breast not yet assessed says so (a draft).
 * Recommendations stay in their own section.
 */
export function impressionTextFor(
  content: Pick<ReportDraftContent, 'locale' | 'breastAssessments' | 'overallAssessment'>,
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
