import { modelName, type ModelInfo } from '../../findings/examFindings';
import type { ReportLocale } from '../model';
import { NBSP, quoted } from './typography';

/**
 * Which AI model produced the findings, and what its results may be used for: a research model
 * (trained on research-licensed data, not a medical device) says so wherever its results appear,
 * the AI summary's footnote and the document's footer alike.
 */
export function aiModelNotice(locale: ReportLocale, model: ModelInfo): string {
  const name = quoted(locale, modelName(model));
  if (locale === 'fr') {
    return model.researchOnly
      ? `Le modèle d’IA ${name} est réservé à la recherche et n’est pas un dispositif médical${NBSP}:` +
          ' ses résultats ne doivent pas servir au diagnostic sans confirmation par un radiologue.'
      : `Résultats du modèle d’IA ${name}, à confirmer par un radiologue.`;
  }
  return model.researchOnly
    ? `The AI model ${name} is for research use only and is not a medical device: its results must` +
        ' not be used for diagnosis without confirmation by a radiologist.'
    : `Results of the AI model ${name}, to be confirmed by a radiologist.`;
}
