import type { BreastLaterality } from '../../findings/imageFindings';
import type { ExamType, ReportContent, ReportLocale } from '../model';
import { biradsLexicon } from './lexicon/index';
import { capitalised } from './typography';

const EXAM: Readonly<Record<ReportLocale, Readonly<Record<ExamType, string>>>> = {
  fr: { screening: 'Mammographie de dépistage', diagnostic: 'Mammographie diagnostique' },
  en: { screening: 'screening mammography', diagnostic: 'diagnostic mammography' },
};

const AI_ASSISTED: Readonly<Record<ReportLocale, string>> = {
  fr: 'Lecture assistée par un logiciel d’aide à la détection par intelligence artificielle.',
  en: 'Read with the assistance of artificial-intelligence computer-aided detection software.',
};

function examSentence(
  locale: ReportLocale,
  examType: ExamType,
  breasts: readonly BreastLaterality[],
): string {
  const exam = EXAM[locale][examType];
  const only = breasts.length === 1 ? breasts[0] : undefined;
  if (locale === 'fr') {
    return only ? `${exam} du ${biradsLexicon(locale).breast[only]}.` : `${exam} bilatérale.`;
  }
  return only ? `${capitalised(exam)} of the ${biradsLexicon(locale).breast[only]}.` : `Bilateral ${exam}.`;
}

/**
 * The technique: the exam, bilateral or of the one breast assessed, and whether AI detection
 * assisted the reading (the report says so whenever it carries an AI summary).
 */
export function techniqueTextFor(
  content: Pick<ReportContent, 'locale' | 'examType' | 'breastAssessments' | 'aiSummary'>,
): string {
  const breasts = content.breastAssessments.map((breast) => breast.laterality);
  const sentences = [examSentence(content.locale, content.examType, breasts)];
  if (content.aiSummary) sentences.push(AI_ASSISTED[content.locale]);
  return sentences.join(' ');
}
