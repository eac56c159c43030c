import type { BreastLaterality } from '../../findings/imageFindings';
import type { ExamType, ImagedViews, ReportDraftContent, ReportLocale } from '../model';
import { RIGHT_THEN_LEFT } from './breastOrder';
import { biradsLexicon } from './lexicon/index';
import { agreeing, capitalised, listed } from './typography';

const EXAM: Readonly<Record<ReportLocale, Readonly<Record<ExamType, string>>>> = {
  fr: { screening: 'Mammographie de dépistage', diagnostic: 'Mammographie diagnostique' },
  en: { screening: 'screening mammography', diagnostic: 'diagnostic mammography' },
};

const AI_ASSISTED: Readonly<Record<ReportLocale, string>> = {
  fr: 'Lecture assistée par un logiciel d’aide à la détection par intelligence artificielle.',
  en: 'Read with the assistance of artificial-intelligence computer-aided detection software.',
};

/** French reports name the views in words: "de face", "oblique externe"; English ones by their codes. */
const FRENCH_VIEW: Readonly<Record<string, string>> = {
  CC: 'de face',
  MLO: 'oblique externe',
  ML: 'de profil',
  LM: 'de profil',
  XCCL: 'de face élargie externe',
  XCCM: 'de face élargie interne',
};

/** "incidences de face et oblique externe" / "CC and MLO views". */
function viewsPhrase(locale: ReportLocale, views: readonly string[]): string {
  if (locale === 'fr')
    return `${agreeing('fr', views.length, { one: 'incidence', other: 'incidences' })} ${listed(
      'fr',
      views.map((v) => FRENCH_VIEW[v] ?? v),
    )}`;
  return `${listed('en', views)} ${agreeing('en', views.length, { one: 'view', other: 'views' })}`;
}

/**
 * The views, once when both breasts had the same ones, else per breast:
 * ", incidences de face et oblique externe" / ", CC and MLO views";
 * ", incidences de face et oblique externe à droite, de face à gauche" /
 * ", right CC and MLO views, left CC view".
 */
function viewsClause(locale: ReportLocale, imaged: ImagedViews | undefined): string {
  const breasts = RIGHT_THEN_LEFT.flatMap((side) =>
    (imaged ?? []).filter((breast) => breast.laterality === side && breast.views.length > 0),
  );
  if (breasts.length === 0) return '';
  const key = (views: readonly string[]) => views.join('/');
  if (breasts.every((breast) => key(breast.views) === key(breasts[0]!.views)))
    return `, ${viewsPhrase(locale, breasts[0]!.views)}`;
  if (locale === 'fr') {
    const [first, ...rest] = breasts.map(
      (breast) => `${viewsPhrase('fr', breast.views)} ${breast.laterality === 'R' ? 'à droite' : 'à gauche'}`,
    );
    // "incidences de face et oblique externe à droite, de face à gauche": the noun once.
    return `, ${[first, ...rest.map((phrase) => phrase.replace(/^incidences? /, ''))].join(', ')}`;
  }
  return `, ${breasts
    .map((breast) => `${breast.laterality === 'R' ? 'right' : 'left'} ${viewsPhrase('en', breast.views)}`)
    .join(', ')}`;
}

function examSentence(
  locale: ReportLocale,
  examType: ExamType,
  breasts: readonly BreastLaterality[],
  imaged: ImagedViews | undefined,
): string {
  const exam = EXAM[locale][examType];
  const only = breasts.length === 1 ? breasts[0] : undefined;
  const views = viewsClause(locale, imaged);
  if (locale === 'fr') {
    return only ? `${exam} du ${biradsLexicon(locale).breast[only]}${views}.` : `${exam} bilatérale${views}.`;
  }
  return only
    ? `${capitalised(exam)} of the ${biradsLexicon(locale).breast[only]}${views}.`
    : `Bilateral ${exam}${views}.`;
}

/**
 * The technique: the exam, bilateral or of the one breast assessed, the views imaged, and whether AI detection
 * assisted the reading (the report says so whenever it carries an AI summary).
 */
export function techniqueTextFor(
  content: Pick<
    ReportDraftContent,
    'locale' | 'examType' | 'breastAssessments' | 'aiSummary' | 'imagedViews'
  >,
): string {
  const breasts = content.breastAssessments.map((breast) => breast.laterality);
  const sentences = [examSentence(content.locale, content.examType, breasts, content.imagedViews)];
  if (content.aiSummary) sentences.push(AI_ASSISTED[content.locale]);
  return sentences.join(' ');
}
