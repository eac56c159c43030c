import type { BreastLaterality } from '../findings/imageFindings';
import type { BiradsCategory } from '../findings/readerReview';
import {
  mostAbnormalAssessment,
  recommendationsFor,
  ReportContentSchema,
  type Recommendation,
  type ReportContent,
  type ReportDraftContent,
  type ReportLocale,
} from './model';
import { biradsLexicon } from './text/lexicon/index';
import { reportLabels } from './text/labels';
import { assessmentWithName } from './text/impressionText';
import { capitalised, labelled, NBSP, quoted } from './text/typography';

/**
 * What keeps a draft from being signed: the report would contradict itself, or lacks what every
 * mammography report states. One place for these rules: the bridge refuses to sign on them, the
 * panel shows them, with the same codes.
 */
export const REPORT_PROBLEM_CODES = [
  /** An imaged breast has no category yet. */
  'breast-not-assessed',
  /** Breast composition (ACR a–d) is not given. */
  'composition-missing',
  /** A finding is reported in a breast assessed ACR 1 (negative). */
  'finding-in-negative-breast',
  /** A finding's breast is unknown, or is not one of the breasts imaged. */
  'finding-without-laterality',
  /** The overall category is not the most severe breast's. */
  'overall-not-most-severe',
  /** The impression paragraph does not state a breast's category (edited, or written before it). */
  'impression-without-category',
  /** ACR 0, 3, 4 or 5 without the recommendation it calls for. */
  'recommendation-missing',
] as const;
export type ReportProblemCode = (typeof REPORT_PROBLEM_CODES)[number];

export interface ReportProblem {
  readonly code: ReportProblemCode;
  /** The breast concerned, when the problem is one breast's. */
  readonly laterality: BreastLaterality | null;
  /** The finding concerned, when the problem is one finding's. */
  readonly findingId: string | null;
  /** What is wrong and what to do, in each language: the panel shows the one its user reads. */
  readonly message: Readonly<Record<ReportLocale, string>>;
}

/** The recommendations of which one at least must be given for a category; none for 1, 2 and 6. */
function requiredRecommendations(category: BiradsCategory): readonly Recommendation[] {
  if (category === '1' || category === '2' || category === '6') return [];
  // An incomplete assessment is resolved by more imaging or by the prior exams.
  return category === '0' ? [...recommendationsFor('0'), 'prior-comparison'] : recommendationsFor(category);
}

/** "Sein droit" / "Right breast" and "ACR 4B" / "BI-RADS 4B", for the messages. */
const breastName = (locale: ReportLocale, laterality: BreastLaterality) =>
  reportLabels(locale).breast[laterality];
const cited = (locale: ReportLocale, category: BiradsCategory) => biradsLexicon(locale).assessment(category);
const recommendationNames = (locale: ReportLocale, recommendations: readonly Recommendation[]) =>
  recommendations
    .map((r) => quoted(locale, biradsLexicon(locale).recommendation[r]))
    .join(locale === 'fr' ? ' ou ' : ' or ');

function messages(write: (locale: ReportLocale) => string): Record<ReportLocale, string> {
  return { fr: write('fr'), en: write('en') };
}

/** A finding as the messages name it: its number in the report's list and its type. */
function findingName(locale: ReportLocale, index: number, type: 'mass' | 'calcifications'): string {
  const kind = reportLabels(locale).findingType[type].toLowerCase();
  return locale === 'fr' ? `l’anomalie n°${NBSP}${index + 1} (${kind})` : `finding ${index + 1} (${kind})`;
}

/**
 * Whether the impression cites `category` as the report's language does ("ACR 4", not "ACR 4B"),
 * and says no breast is still to be assessed.
 */
function citesCategory(content: ReportDraftContent, category: BiradsCategory): boolean {
  const citation = biradsLexicon(content.locale).assessment(category);
  const escaped = citation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (
    new RegExp(`${escaped}(?![0-9A-C])`).test(content.impressionText) &&
    !content.impressionText.includes(assessmentWithName(content.locale, null))
  );
}

/**
 * Every problem of a draft, in the order the physician meets them in the panel (composition,
 * findings, each breast's category, overall, impression, recommendations); empty when it can be
 * signed.
 */
export function reportProblems(content: ReportDraftContent): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const imaged = new Set(content.breastAssessments.map((breast) => breast.laterality));
  const categoryOf = new Map(
    content.breastAssessments.map((breast) => [breast.laterality, breast.assessment]),
  );

  if (content.composition === null)
    problems.push({
      code: 'composition-missing',
      laterality: null,
      findingId: null,
      message: messages((locale) =>
        locale === 'fr'
          ? 'La composition mammaire (type ACR a à d) n’est pas renseignée.'
          : 'Breast composition (ACR type a to d) is not given.',
      ),
    });

  content.findings.forEach((finding, index) => {
    if (finding.laterality === null || !imaged.has(finding.laterality)) {
      problems.push({
        code: 'finding-without-laterality',
        laterality: null,
        findingId: finding.id,
        message: messages((locale) =>
          locale === 'fr'
            ? `Le côté de ${findingName(locale, index, finding.type)} n’est pas celui d’un sein examiné${NBSP}: précisez le sein ou retirez l’anomalie.`
            : `${capitalised(findingName(locale, index, finding.type))} is not in an imaged breast: give its side or remove it.`,
        ),
      });
      return;
    }
    const laterality = finding.laterality;
    if (categoryOf.get(laterality) === '1')
      problems.push({
        code: 'finding-in-negative-breast',
        laterality,
        findingId: finding.id,
        message: messages((locale) =>
          locale === 'fr'
            ? `${breastName(locale, laterality)} classé ${cited(locale, '1')} (négatif) alors que ${findingName(locale, index, finding.type)} y est décrite${NBSP}: changez la classification ou retirez l’anomalie.`
            : `${breastName(locale, laterality)} is assessed ${cited(locale, '1')} (negative) but ${findingName(locale, index, finding.type)} is reported in it: change the assessment or remove the finding.`,
        ),
      });
  });

  for (const breast of content.breastAssessments)
    if (breast.assessment === null)
      problems.push({
        code: 'breast-not-assessed',
        laterality: breast.laterality,
        findingId: null,
        message: messages((locale) =>
          locale === 'fr'
            ? `${breastName(locale, breast.laterality)}${NBSP}: classification ACR à donner.`
            : `${breastName(locale, breast.laterality)}: the BI-RADS assessment is not given.`,
        ),
      });

  const assessed = content.breastAssessments.flatMap((breast) =>
    breast.assessment === null ? [] : [breast.assessment],
  );
  if (assessed.length === content.breastAssessments.length) {
    const worst = mostAbnormalAssessment(assessed);
    if (content.overallAssessment !== worst) {
      const overall = content.overallAssessment;
      problems.push({
        code: 'overall-not-most-severe',
        laterality: null,
        findingId: null,
        message: messages((locale) =>
          locale === 'fr'
            ? `La classification globale (${overall === null ? 'absente' : cited(locale, overall)}) doit être celle du sein le plus sévère, ${cited(locale, worst)}.`
            : `The overall assessment (${overall === null ? 'none' : cited(locale, overall)}) must be the most severe breast's, ${cited(locale, worst)}.`,
        ),
      });
    }
  }

  for (const breast of content.breastAssessments) {
    const category = breast.assessment;
    if (category === null || citesCategory(content, category)) continue;
    problems.push({
      code: 'impression-without-category',
      laterality: breast.laterality,
      findingId: null,
      message: messages((locale) =>
        locale === 'fr'
          ? `La conclusion ne cite pas la classification du ${reportLabels(locale).breast[breast.laterality].toLowerCase()} (${cited(locale, category)})${NBSP}: réécrivez les textes à partir des données ou corrigez-la.`
          : `The impression does not state the ${reportLabels(locale).breast[breast.laterality].toLowerCase()}'s category (${cited(locale, category)}): write the texts again from the structured fields or correct it.`,
      ),
    });
  }

  const categories = [...new Set(assessed)];
  for (const category of categories) {
    const required = requiredRecommendations(category);
    if (required.length === 0 || required.some((r) => content.recommendations.includes(r))) continue;
    problems.push({
      code: 'recommendation-missing',
      laterality: null,
      findingId: null,
      message: messages((locale) =>
        labelled(
          locale,
          cited(locale, category),
          locale === 'fr'
            ? `la recommandation ${recommendationNames(locale, required)} manque.`
            : `the recommendation ${recommendationNames(locale, required)} is missing.`,
        ),
      ),
    });
  }
  return problems;
}

/** Why a draft cannot be signed: its problems, each with its code and messages. */
export class ReportInconsistentError extends Error {
  override readonly name = 'ReportInconsistentError';
  constructor(readonly problems: readonly ReportProblem[]) {
    super(`the report cannot be signed: ${problems.map((problem) => problem.message.en).join(' ')}`);
  }
}

/**
 * The draft as it signs: every breast assessed, consistent. Throws ReportInconsistentError with
 * every problem otherwise.
 */
export function signableContent(content: ReportDraftContent): ReportContent {
  const problems = reportProblems(content);
  if (problems.length > 0) throw new ReportInconsistentError(problems);
  return ReportContentSchema.parse(content);
}
