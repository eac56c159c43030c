import type { AiSummary, ReportLocale } from '../model';
import { aiModelNotice } from './aiModelNotice';
import { biradsLexicon } from './lexicon/index';
import { decimal, millimetres } from './numbers';
import { agreeing, labelled } from './typography';

export interface AiSummaryText {
  /** "Score de malignité : 0,87 (seuil : 0,65). Régions suspectes : 2. Lésion 1 : 8 mm, …" */
  readonly text: string;
  /** The model, and for a research model that its results are not for diagnosis. */
  readonly footnote: string;
}

const WORDS = {
  fr: {
    malignancyScore: 'Score de malignité',
    threshold: 'seuil',
    suspiciousRegions: { one: 'Région suspecte', other: 'Régions suspectes' },
    noSuspiciousRegion: 'Aucune région suspecte.',
    lesion: 'Lésion',
    shape: (adjective: string) => `forme ${adjective}`,
  },
  en: {
    malignancyScore: 'Malignancy score',
    threshold: 'threshold',
    suspiciousRegions: { one: 'Suspicious region', other: 'Suspicious regions' },
    noSuspiciousRegion: 'No suspicious region.',
    lesion: 'Lesion',
    shape: (adjective: string) => `${adjective} shape`,
  },
} as const;

/** The AI summary as the report prints it, scores with two decimals. */
export function aiSummaryTextFor(summary: AiSummary, locale: ReportLocale): AiSummaryText {
  const words = WORDS[locale];
  const lexicon = biradsLexicon(locale);
  const score = labelled(locale, words.malignancyScore, decimal(locale, summary.malignancyScore, 2));
  const threshold = labelled(locale, words.threshold, decimal(locale, summary.threshold, 2));
  const count = summary.lesions.length;
  const regions =
    count === 0
      ? words.noSuspiciousRegion
      : `${labelled(locale, agreeing(locale, count, words.suspiciousRegions), String(count))}.`;
  const lesions = summary.lesions.map((lesion, index) => {
    const kind =
      lesion.type === 'calcifications'
        ? lexicon.calcifications
        : lesion.shape === null
          ? lexicon.mass
          : words.shape(lexicon.shape[lesion.shape]);
    const size = lesion.diameterMm === null ? [] : [millimetres(lesion.diameterMm)];
    return `${labelled(locale, `${words.lesion} ${index + 1}`, [...size, kind].join(', '))}.`;
  });
  return {
    text: [`${score} (${threshold}).`, regions, ...lesions].join(' '),
    footnote: aiModelNotice(locale, summary.model),
  };
}
