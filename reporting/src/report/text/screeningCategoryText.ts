import type { LesionDepth } from '../../findings/examLesion';
import type { ScreeningCategory } from '../../findings/operatingPoints';
import type { ReportLocale } from '../model';

/**
 * The words of the screening reading, in the report's language: what the report, the FHIR
 * narrative and the viewer print for a category, an exam score and a lesion's depth.
 */
const WORDS = {
  fr: {
    category: { elevated: 'élevé', intermediate: 'intermédiaire', likelyNormal: 'probablement normal' },
    examScore: (score: number) => `score d’examen ${score}/10`,
    depth: { anterior: 'tiers antérieur', middle: 'tiers moyen', posterior: 'tiers postérieur' },
  },
  en: {
    category: { elevated: 'elevated', intermediate: 'intermediate', likelyNormal: 'likely normal' },
    examScore: (score: number) => `exam score ${score}/10`,
    depth: { anterior: 'anterior third', middle: 'middle third', posterior: 'posterior third' },
  },
} as const;

/** "élevé" / "elevated", "probablement normal" / "likely normal". */
export function screeningCategoryText(locale: ReportLocale, category: ScreeningCategory): string {
  return WORDS[locale].category[category];
}

/** "score d’examen 7/10" / "exam score 7/10". */
export function examScoreText(locale: ReportLocale, score: number): string {
  return WORDS[locale].examScore(score);
}

/** "tiers moyen" / "middle third": the third of the nipple-to-chest-wall distance. */
export function depthText(locale: ReportLocale, depth: LesionDepth): string {
  return WORDS[locale].depth[depth];
}
