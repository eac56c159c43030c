import { ZodError } from 'zod';
import { mostAbnormalAssessment } from '../model';
import { screeningExam, screeningReview, SOP } from '../testing/reportFixtures';
import { defaultBreastAssessments } from './breastAssessments';
import { prefillReport } from './prefillReport';
import { ReportPrefillError } from './reportFindings';

const NB = '\u00A0';

function prefill(locale: 'fr' | 'en' = 'fr', revision = screeningReview()) {
  return prefillReport({
    locale,
    examType: 'screening',
    indication: 'Dépistage organisé.',
    exam: screeningExam(),
    revision,
  });
}

describe('prefillReport', () => {
  it('prefillReport lists one finding per lesion: the marks the model paired across CC and MLO are one', () => {
    const content = prefill();
    expect(content.findings).toEqual([
      {
        id: 'A1',
        // A1 kept as the AI gave it on CC; A3, its MLO mark, modified (oval): one lesion, modified.
        origin: 'ai-modified',
        laterality: 'R',
        type: 'mass',
        diameterMm: 8.2,
        shape: 'irregular',
        margin: null,
        location: null,
        clockPosition: null,
        views: ['CC', 'MLO'],
        sopInstanceUid: SOP.rightCc,
        aiScore: 0.91,
      },
      expect.objectContaining({
        id: 'A2',
        origin: 'ai-modified',
        type: 'calcifications',
        diameterMm: 6,
        aiScore: 0.72,
      }),
      expect.objectContaining({
        id: 'R1',
        origin: 'reader',
        diameterMm: null,
        views: ['MLO'],
        aiScore: null,
      }),
    ]);
  });

  it('prefillReport leaves every imaged breast unassessed: no overall category, no recommendation', () => {
    const content = prefill();
    expect(content.breastAssessments).toEqual([
      { laterality: 'R', assessment: null },
      { laterality: 'L', assessment: null },
    ]);
    expect(content.overallAssessment).toBeNull();
    expect(content.recommendations).toEqual([]);
    expect(content.imagedViews).toEqual([
      { laterality: 'R', views: ['CC', 'MLO'] },
      { laterality: 'L', views: ['CC', 'MLO'] },
    ]);
  });

  it('prefillReport writes the French findings and impression from the structured content', () => {
    const content = prefill('fr');
    expect(content.findingsText).toBe(
      `Sein droit${NB}: une masse irrégulière de 8${NB}mm (incidences CC et MLO)${NB}; des microcalcifications ` +
        `étendues sur 6${NB}mm (incidence CC)${NB}; des microcalcifications (incidence MLO).\n` +
        `Sein gauche${NB}: pas d’anomalie décelée.`,
    );
    expect(content.impressionText).toBe(
      [
        `Sein droit${NB}: classification à donner.`,
        `Sein gauche${NB}: classification à donner.`,
        `Classification globale${NB}: classification à donner.`,
      ].join('\n'),
    );
  });

  it('prefillReport writes the English findings and keeps the AI summary', () => {
    const content = prefill('en');
    expect(content.findingsText).toBe(
      'Right breast: an irregular mass measuring 8\u00A0mm (CC and MLO views); microcalcifications extending over ' +
        '6\u00A0mm (CC view); microcalcifications (MLO view).\n' +
        'Left breast: no abnormality detected.',
    );
    expect(content.aiSummary?.lesions).toHaveLength(2);
    expect(content).toMatchObject({
      locale: 'en',
      examType: 'screening',
      comparison: '',
      composition: null,
      notes: [],
    });
  });

  it('prefillReport never calls an exam negative on its own, even when the reader keeps no finding', () => {
    const content = prefill('fr', screeningReview([]));
    expect(content.breastAssessments.map((breast) => breast.assessment)).toEqual([null, null]);
    expect(content.overallAssessment).toBeNull();
    expect(content.recommendations).toEqual([]);
  });

  it('prefillReport rejects a finding on an image the exam does not hold, or citing an unknown AI lesion', () => {
    const [first] = screeningReview().findings;
    expect(() => prefill('fr', screeningReview([{ ...first!, sopInstanceUid: '1.2.3' }]))).toThrow(
      new ReportPrefillError('finding "A1" is on image 1.2.3, which the AI findings of the exam do not hold'),
    );
    expect(() => prefill('fr', screeningReview([{ ...first!, aiLesionKey: `${SOP.rightCc}:L9` }]))).toThrow(
      `finding "A1" derives from AI lesion ${SOP.rightCc}:L9, which the AI findings of the exam do not hold`,
    );
  });

  it('prefillReport leaves the breast of a finding on an image without laterality unknown', () => {
    const exam = screeningExam();
    const images = exam.images.map((image) =>
      image.imageRef.sopInstanceUid === SOP.rightMlo ? { ...image, laterality: null } : image,
    );
    const content = prefillReport({
      locale: 'en',
      examType: 'diagnostic',
      indication: '',
      exam: { ...exam, images },
      revision: screeningReview(),
    });
    expect(content.findings.slice(-2)).toEqual([
      expect.objectContaining({ id: 'A3', laterality: null, views: ['MLO'] }),
      expect.objectContaining({ id: 'R1', laterality: null }),
    ]);
    expect(content.findingsText).toContain('Side not specified: an oval mass measuring');
  });

  it('prefillReport rejects content the report cannot hold with a ZodError', () => {
    expect(() =>
      prefillReport({
        locale: 'fr',
        examType: 'screening',
        indication: 'x'.repeat(2001),
        exam: screeningExam(),
        revision: screeningReview(),
      }),
    ).toThrow(ZodError);
  });
});

describe('defaultBreastAssessments', () => {
  it('defaultBreastAssessments lists only the imaged breasts, right first', () => {
    expect(defaultBreastAssessments(['L'], [])).toEqual([{ laterality: 'L', assessment: null }]);
  });

  it("the reader's category goes to the breasts with findings, or to both when none was kept", () => {
    const exam = screeningExam();
    const content = prefillReport({
      locale: 'fr',
      examType: 'screening',
      indication: '',
      exam,
      revision: screeningReview(),
      readerCategory: '4A',
    });
    expect(content.breastAssessments).toEqual([
      { laterality: 'R', assessment: '4A' },
      { laterality: 'L', assessment: null },
    ]);
    expect(content.overallAssessment).toBeNull();
    expect(content.recommendations).toEqual([]);
    expect(defaultBreastAssessments(['R', 'L'], [], '2')).toEqual([
      { laterality: 'R', assessment: '2' },
      { laterality: 'L', assessment: '2' },
    ]);
  });
});

describe('mostAbnormalAssessment', () => {
  it('mostAbnormalAssessment combines breasts in the ACR order 1 < 2 < 3 < 6 < 0 < 4 < 4A < 4B < 4C < 5', () => {
    expect(mostAbnormalAssessment(['1', '2'])).toBe('2');
    expect(mostAbnormalAssessment(['3', '6'])).toBe('6');
    expect(mostAbnormalAssessment(['6', '0'])).toBe('0');
    expect(mostAbnormalAssessment(['0', '3'])).toBe('0');
    expect(mostAbnormalAssessment(['4', '0'])).toBe('4');
    expect(mostAbnormalAssessment(['4C', '4A'])).toBe('4C');
    expect(mostAbnormalAssessment(['4C', '5'])).toBe('5');
  });
});
