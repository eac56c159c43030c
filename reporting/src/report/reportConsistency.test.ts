import { prefillReport } from './prefill/prefillReport';
import { regenerateText, reviseDraft } from './revise/reviseDraft';
import type { ReportDraftContent, ReportLocale } from './model';
import {
  ReportInconsistentError,
  reportProblems,
  signableContent,
  type ReportProblemCode,
} from './reportConsistency';
import { screeningExam, screeningReview } from './testing/reportFixtures';

const NB = '\u00A0';

/** The fixture exam prefilled: a mass (and more) in the right breast, nothing kept on the left. */
function draft(locale: ReportLocale = 'fr'): ReportDraftContent {
  return prefillReport({
    locale,
    examType: 'screening',
    indication: '',
    exam: screeningExam(),
    revision: screeningReview(),
  });
}

/** The draft assessed consistently: right ACR 4 (biopsy), left ACR 1, composition b. */
function consistent(locale: ReportLocale = 'fr'): ReportDraftContent {
  return reviseDraft(draft(locale), {
    composition: 'b',
    breastAssessments: [
      { laterality: 'R', assessment: '4' },
      { laterality: 'L', assessment: '1' },
    ],
  });
}

const codes = (content: ReportDraftContent): ReportProblemCode[] =>
  reportProblems(content).map((problem) => problem.code);

describe('reportProblems', () => {
  test('reportProblems finds nothing in a draft assessed consistently, which then signs', () => {
    const content = consistent();
    expect(content.overallAssessment).toBe('4');
    expect(content.recommendations).toEqual(['biopsy']);
    expect(reportProblems(content)).toEqual([]);
    const signed = signableContent(content);
    expect(signed.breastAssessments).toEqual([
      { laterality: 'R', assessment: '4' },
      { laterality: 'L', assessment: '1' },
    ]);
  });

  test('reportProblems asks for each breast and the composition of a draft as it opens', () => {
    const opened = draft();
    expect(opened.breastAssessments.every((breast) => breast.assessment === null)).toBe(true);
    expect(opened.overallAssessment).toBeNull();
    expect(reportProblems(opened)).toEqual([
      {
        code: 'composition-missing',
        laterality: null,
        findingId: null,
        message: {
          fr: 'La composition mammaire (type ACR a à d) n’est pas renseignée.',
          en: 'Breast composition (ACR type a to d) is not given.',
        },
      },
      {
        code: 'breast-not-assessed',
        laterality: 'R',
        findingId: null,
        message: {
          fr: `Sein droit${NB}: classification ACR à donner.`,
          en: 'Right breast: the BI-RADS assessment is not given.',
        },
      },
      expect.objectContaining({ code: 'breast-not-assessed', laterality: 'L' }),
    ]);
  });

  test('reportProblems refuses a finding in a breast assessed ACR 1, in French and English', () => {
    const content = reviseDraft(consistent(), {
      breastAssessments: [
        { laterality: 'R', assessment: '1' },
        { laterality: 'L', assessment: '1' },
      ],
    });
    const problems = reportProblems(content);
    expect(problems.map((p) => p.code)).toEqual(content.findings.map(() => 'finding-in-negative-breast'));
    expect(problems[0]).toEqual({
      code: 'finding-in-negative-breast',
      laterality: 'R',
      findingId: content.findings[0]!.id,
      message: {
        fr: `Sein droit classé ACR 1 (négatif) alors que l’anomalie n°${NB}1 (masse) y est décrite${NB}: changez la classification ou retirez l’anomalie.`,
        en: 'Right breast is assessed BI-RADS 1 (negative) but finding 1 (mass) is reported in it: change the assessment or remove the finding.',
      },
    });
  });

  test('reportProblems refuses an overall category that is not the most severe breast', () => {
    const content = { ...consistent(), overallAssessment: '2' as const };
    expect(reportProblems(content)).toEqual([
      {
        code: 'overall-not-most-severe',
        laterality: null,
        findingId: null,
        message: {
          fr: 'La classification globale (ACR 2) doit être celle du sein le plus sévère, ACR 4.',
          en: "The overall assessment (BI-RADS 2) must be the most severe breast's, BI-RADS 4.",
        },
      },
    ]);
  });

  test.each([
    ['0', 'Bilan d’imagerie complémentaire', 'Additional imaging evaluation'],
    ['3', 'Surveillance à court terme (contrôle à 6 mois)', 'Short-interval (6-month) follow-up'],
    [
      '4B',
      'Prélèvement percutané pour diagnostic histologique',
      'Percutaneous biopsy for histological diagnosis',
    ],
    [
      '5',
      'Prélèvement percutané pour diagnostic histologique',
      'Percutaneous biopsy for histological diagnosis',
    ],
  ] as const)('reportProblems asks ACR %s for its recommendation', (category, fr, en) => {
    const assessed = reviseDraft(consistent(), {
      breastAssessments: [
        { laterality: 'R', assessment: category },
        { laterality: 'L', assessment: '1' },
      ],
    });
    expect(reportProblems(assessed)).toEqual([]); // the recommendations followed the category
    const without = reviseDraft(assessed, { recommendations: ['clinical-correlation'] });
    const [problem, ...rest] = reportProblems(without);
    expect(rest).toEqual([]);
    expect(problem!.code).toBe('recommendation-missing');
    expect(problem!.message.fr).toContain(`ACR ${category}${NB}: la recommandation «${NB}${fr}`);
    expect(problem!.message.en).toContain(`BI-RADS ${category}: the recommendation “${en}`);
  });

  test('reportProblems accepts a comparison with prior exams as the recommendation of ACR 0', () => {
    const content = reviseDraft(consistent(), {
      breastAssessments: [
        { laterality: 'R', assessment: '0' },
        { laterality: 'L', assessment: '1' },
      ],
      recommendations: ['prior-comparison'],
    });
    expect(reportProblems(content)).toEqual([]);
  });

  test('reportProblems asks each breast category for its own recommendation (ACR 3 and ACR 4)', () => {
    const content = reviseDraft(consistent(), {
      breastAssessments: [
        { laterality: 'R', assessment: '4' },
        { laterality: 'L', assessment: '3' },
      ],
    });
    expect(content.recommendations).toEqual(['short-interval-follow-up', 'biopsy']);
    expect(reportProblems(content)).toEqual([]);
    expect(codes(reviseDraft(content, { recommendations: ['biopsy'] }))).toEqual(['recommendation-missing']);
  });

  test('reportProblems refuses an impression that does not state a breast’s category, in French and English', () => {
    const stale = { ...consistent(), impressionText: 'Masse du sein droit à biopsier.' };
    expect(reportProblems(stale)).toEqual([
      {
        code: 'impression-without-category',
        laterality: 'R',
        findingId: null,
        message: {
          fr: `La conclusion ne cite pas la classification du sein droit (ACR 4)${NB}: réécrivez les textes à partir des données ou corrigez-la.`,
          en: "The impression does not state the right breast's category (BI-RADS 4): write the texts again from the structured fields or correct it.",
        },
      },
      expect.objectContaining({ code: 'impression-without-category', laterality: 'L' }),
    ]);
    // "ACR 4B" does not cite ACR 4; a text still waiting for a category cites none.
    const fourB = { ...consistent(), impressionText: 'Sein droit : ACR 4B. Sein gauche : ACR 1.' };
    expect(codes(fourB)).toEqual(['impression-without-category']);
    const waiting = {
      ...consistent(),
      impressionText: `${consistent().impressionText}\nSein gauche${NB}: classification à donner.`,
    };
    expect(codes(waiting)).toEqual(['impression-without-category', 'impression-without-category']);
    expect(codes(regenerateText(stale))).toEqual([]);
  });

  test('reportProblems refuses a finding without laterality, or in a breast not imaged', () => {
    const base = consistent('en');
    const sideless = {
      ...base,
      findings: base.findings.map((finding, index) =>
        index === 0 ? { ...finding, laterality: null } : finding,
      ),
    };
    const [problem] = reportProblems(sideless);
    expect(problem).toEqual({
      code: 'finding-without-laterality',
      laterality: null,
      findingId: base.findings[0]!.id,
      message: {
        fr: `Le côté de l’anomalie n°${NB}1 (masse) n’est pas celui d’un sein examiné${NB}: précisez le sein ou retirez l’anomalie.`,
        en: 'Finding 1 (mass) is not in an imaged breast: give its side or remove it.',
      },
    });
    const rightOnly = {
      ...base,
      breastAssessments: [{ laterality: 'L' as const, assessment: '2' as const }],
    };
    expect(codes(rightOnly)).toContain('finding-without-laterality');
  });

  test('signableContent throws every problem, with the English messages in its message', () => {
    const error = (() => {
      try {
        signableContent(draft('en'));
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ReportInconsistentError);
    const { problems, message } = error as ReportInconsistentError;
    expect(problems.map((p) => p.code)).toEqual([
      'composition-missing',
      'breast-not-assessed',
      'breast-not-assessed',
    ]);
    expect(message).toBe(
      'the report cannot be signed: Breast composition (ACR type a to d) is not given. Right breast: the BI-RADS assessment is not given. Left breast: the BI-RADS assessment is not given.',
    );
  });
});
