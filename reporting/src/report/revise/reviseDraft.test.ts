import { prefillReport } from '../prefill/prefillReport';
import { screeningExam, screeningReview } from '../testing/reportFixtures';
import { regenerateText, reviseDraft, reviseFinding } from './reviseDraft';

const draft = () =>
  prefillReport({
    locale: 'fr',
    examType: 'screening',
    indication: '',
    exam: screeningExam(),
    revision: screeningReview(),
  });

describe('reviseDraft', () => {
  test('the overall assessment, recommendations and impression follow a breast assessment', () => {
    const before = draft();
    expect(before.breastAssessments).toEqual([
      { laterality: 'R', assessment: null },
      { laterality: 'L', assessment: null },
    ]);
    const half = reviseDraft(before, {
      breastAssessments: [
        { laterality: 'R', assessment: '4B' },
        { laterality: 'L', assessment: null },
      ],
    });
    expect(half.overallAssessment).toBeNull();
    expect(half.recommendations).toEqual([]);
    const after = reviseDraft(before, {
      breastAssessments: [
        { laterality: 'R', assessment: '4B' },
        { laterality: 'L', assessment: '2' },
      ],
    });
    expect(after.overallAssessment).toBe('4B');
    expect(after.recommendations).toEqual(['biopsy']);
    expect(after.impressionText).toBe(
      [
        'Sein droit\u00a0: ACR 4B (suspicion modérée de malignité).',
        'Sein gauche\u00a0: ACR 2 (bénin).',
        'Classification globale\u00a0: ACR 4B (suspicion modérée de malignité).',
      ].join('\n'),
    );
  });

  test('recommendations the physician chose stay when the category changes', () => {
    const chosen = reviseDraft(draft(), { recommendations: ['additional-imaging', 'clinical-correlation'] });
    const after = reviseDraft(chosen, {
      breastAssessments: [
        { laterality: 'R', assessment: '3' },
        { laterality: 'L', assessment: '1' },
      ],
    });
    expect(after.overallAssessment).toBe('3');
    expect(after.recommendations).toEqual(['additional-imaging', 'clinical-correlation']);
  });

  test('an edited paragraph stays as written until the text is generated again', () => {
    const edited = reviseDraft(draft(), { impressionText: 'Conclusion dictée.' });
    const after = reviseDraft(edited, {
      breastAssessments: [
        { laterality: 'R', assessment: '4A' },
        { laterality: 'L', assessment: '1' },
      ],
    });
    expect(after.impressionText).toBe('Conclusion dictée.');
    expect(regenerateText(after).impressionText).toContain('ACR 4A (faible suspicion de malignité)');
  });

  test("a finding's location and margin go into the findings paragraph", () => {
    const before = draft();
    const mass = before.findings.find((finding) => finding.type === 'mass')!;
    const after = reviseFinding(before, mass.id, {
      location: 'upper-outer',
      clockPosition: 10,
      margin: 'spiculated',
    });
    expect(after.findings.find((finding) => finding.id === mass.id)).toMatchObject({
      location: 'upper-outer',
      clockPosition: 10,
      margin: 'spiculated',
    });
    expect(before.findingsText).not.toContain('spiculés');
    expect(after.findingsText).toContain('spiculés');
    expect(after.findingsText).toContain('quadrant supéro-externe');
  });
});
