import type { AiSummary, AiSummaryLesion, ReportLocale } from '../model';
import { aiModelNotice } from './aiModelNotice';
import { biradsLexicon } from './lexicon/index';
import { decimal, millimetres } from './numbers';
import { depthText, examScoreText, screeningCategoryText } from './screeningCategoryText';
import { agreeing, labelled, listed } from './typography';

export interface AiSummaryText {
  /**
   * "Résultat de l’IA : élevé, score d’examen 10/10 (score de malignité : 0,87). Régions
   * suspectes : 2 — Lésion 1 : 8 mm, forme irrégulière (sein droit, CC et MLO, à 10 h, tiers
   * moyen) — Lésion 2 : 5 mm, microcalcifications (sein droit, CC, tiers antérieur)."
   */
  readonly text: string;
  /** The model, and for a research model that its results are not for diagnosis. */
  readonly footnote: string;
}

const WORDS = {
  fr: {
    result: 'Résultat de l’IA',
    malignancyScore: 'score de malignité',
    suspiciousRegions: { one: 'Région suspecte', other: 'Régions suspectes' },
    noSuspiciousRegion: 'Aucune région suspecte.',
    lesion: 'Lésion',
    shape: (adjective: string) => `forme ${adjective}`,
  },
  en: {
    result: 'AI result',
    malignancyScore: 'malignancy score',
    suspiciousRegions: { one: 'Suspicious region', other: 'Suspicious regions' },
    noSuspiciousRegion: 'No suspicious region.',
    lesion: 'Lesion',
    shape: (adjective: string) => `${adjective} shape`,
  },
} as const;

/**
 * The AI summary as the report prints it: the category and exam score first (what a screening
 * reader acts on), the malignancy score with two decimals, then the count of suspicious regions
 * and one entry per lesion, numbered as listed: the count is the list's length, never a sum of
 * marks.
 */
export function aiSummaryTextFor(summary: AiSummary, locale: ReportLocale): AiSummaryText {
  const words = WORDS[locale];
  const reading =
    `${screeningCategoryText(locale, summary.category)}, ${examScoreText(locale, summary.examScore)}` +
    ` (${labelled(locale, words.malignancyScore, decimal(locale, summary.malignancyScore, 2))})`;
  const count = summary.lesions.length;
  const regions =
    count === 0
      ? words.noSuspiciousRegion
      : [
          labelled(locale, agreeing(locale, count, words.suspiciousRegions), String(count)),
          ...summary.lesions.map((lesion, index) =>
            labelled(locale, `${words.lesion} ${index + 1}`, lesionText(lesion, locale)),
          ),
        ].join(' — ') + '.';
  return {
    text: `${labelled(locale, words.result, reading)}. ${regions}`,
    footnote: aiModelNotice(locale, summary.model),
  };
}

/** "8 mm, forme irrégulière (sein droit, CC et MLO, à 10 h, tiers moyen)": what is known of it. */
function lesionText(lesion: AiSummaryLesion, locale: ReportLocale): string {
  const lexicon = biradsLexicon(locale);
  const kind =
    lesion.type === 'calcifications'
      ? lexicon.calcifications
      : lesion.shape === null
        ? lexicon.mass
        : WORDS[locale].shape(lexicon.shape[lesion.shape]);
  const size = lesion.diameterMm === null ? [] : [millimetres(lesion.diameterMm)];
  const where = [
    lexicon.breast[lesion.laterality],
    ...(lesion.views.length ? [listed(locale, lesion.views)] : []),
    ...(lesion.clockPosition === null ? [] : [lexicon.clockPosition(lesion.clockPosition)]),
    ...(lesion.depth === null ? [] : [depthText(locale, lesion.depth)]),
  ];
  return `${[...size, kind].join(', ')} (${where.join(', ')})`;
}
