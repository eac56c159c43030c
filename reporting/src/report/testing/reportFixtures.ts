import { aggregateExam } from '../../findings/aggregate';
import type { ExamFindings } from '../../findings/examFindings';
import type { BreastGeometry, ImageFindings } from '../../findings/imageFindings';
import type { ImagePoint, Lesion } from '../../findings/lesion';
import { screeningCategory, type OperatingPoints } from '../../findings/operatingPoints';
import type { ReaderFinding, ReaderRevision } from '../../findings/readerReview';
import type {
  Report,
  ReportDraftContent,
  ReportLocale,
  ReportPatient,
  ReportSignature,
  ReportStudy,
} from '../model';
import { prefillReport } from '../prefill/prefillReport';
import { signableContent } from '../reportConsistency';
import { regenerateText, reviseDraft } from '../revise/reviseDraft';

/**
 * A four-view screening exam as the worker reports it, and a radiologist's review of it. The right
 * breast holds an irregular mass seen on CC and MLO (80 mm from the nipple, upper outer: one
 * lesion at 10 o'clock) and a calcification cluster on CC only; the left breast a mark below the
 * lesion operating point. Images are 2048 × 2560 pixels of 0.1 mm, the chest wall on the right
 * of the right breast's images and on the left of the left's, as they hang.
 */
export const SOP = {
  rightCc: '1.2.826.0.1.3680043.10.543.1.1',
  rightMlo: '1.2.826.0.1.3680043.10.543.1.2',
  leftCc: '1.2.826.0.1.3680043.10.543.1.3',
  leftMlo: '1.2.826.0.1.3680043.10.543.1.4',
} as const;

export const RESEARCH_MODEL = { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true };
export const OPERATING_POINTS: OperatingPoints = {
  recall: 0.65,
  likelyNormal: 0.1,
  examScoreCuts: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.65],
  lesion: 0.4,
};

const WIDTH = 2048;
const HEIGHT = 2560;
/** The pectoral edge of the MLO views, upright 20 mm from the chest-wall edge. */
const PECTORAL_INSET = 200;

/** Where the breast lies in each view: nipple 24 px from the edge facing the chest wall. */
export function breastGeometry(laterality: 'L' | 'R' | null, view: string): BreastGeometry {
  const wallOnRight = laterality !== 'L';
  const mlo = view === 'MLO';
  const pectoralX = wallOnRight ? WIDTH - 1 - PECTORAL_INSET : PECTORAL_INSET;
  return {
    chestWallSide: wallOnRight ? 'right' : 'left',
    nipple: { x: wallOnRight ? 240 : WIDTH - 1 - 240, y: mlo ? 1400 : 1300 },
    pectoralEdge: mlo
      ? [
          { x: pectoralX, y: 0 },
          { x: pectoralX, y: HEIGHT - 1 },
        ]
      : null,
  };
}

export function lesion(
  fields: Pick<Lesion, 'id' | 'type' | 'score' | 'diameterMm' | 'shape'> & { centre?: ImagePoint },
): Lesion {
  const { centre = { x: 440, y: 523 }, ...rest } = fields;
  return {
    ...rest,
    aboveThreshold: fields.score >= OPERATING_POINTS.lesion,
    centre,
    outline: [
      { x: centre.x - 40, y: centre.y - 23 },
      { x: centre.x + 40, y: centre.y - 23 },
      { x: centre.x, y: centre.y + 47 },
    ],
    diameterPx: fields.diameterMm === null ? 40 : fields.diameterMm * 10,
    calcificationCount: fields.type === 'calcifications' ? 7 : null,
  };
}

export function image(
  sopInstanceUid: string | undefined,
  laterality: 'L' | 'R' | null,
  view: string,
  malignancyScore: number,
  lesions: Lesion[],
): ImageFindings {
  return {
    imageRef: { name: `${laterality ?? 'X'}-${view}`, ...(sopInstanceUid ? { sopInstanceUid } : {}) },
    laterality,
    view,
    width: WIDTH,
    height: HEIGHT,
    pixelSpacing: { rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' },
    malignancyScore,
    abnormalityScore: Math.min(1, malignancyScore + 0.05),
    category: screeningCategory(malignancyScore, OPERATING_POINTS),
    lesions,
    breast: breastGeometry(laterality, view),
    invertedDetected: false,
  };
}

/** The right breast's mass: 80 mm from the nipple and 40 mm lateral on CC, 82 mm and 25 mm up on MLO. */
export const RIGHT_MASS_CENTRE = { cc: { x: 1040, y: 900 }, mlo: { x: 1060, y: 1150 } } as const;

export function screeningExam(model = RESEARCH_MODEL): ExamFindings {
  return aggregateExam(
    [
      image(SOP.rightCc, 'R', 'CC', 0.87, [
        lesion({
          id: 'L1',
          type: 'mass',
          score: 0.91,
          diameterMm: 8.2,
          shape: 'irregular',
          centre: RIGHT_MASS_CENTRE.cc,
        }),
        lesion({
          id: 'L2',
          type: 'calcifications',
          score: 0.72,
          diameterMm: 5.1,
          shape: null,
          centre: { x: 540, y: 1400 },
        }),
      ]),
      image(SOP.rightMlo, 'R', 'MLO', 0.79, [
        lesion({
          id: 'L1',
          type: 'mass',
          score: 0.84,
          diameterMm: 7.6,
          shape: 'irregular',
          centre: RIGHT_MASS_CENTRE.mlo,
        }),
      ]),
      image(SOP.leftCc, 'L', 'CC', 0.12, [
        lesion({ id: 'L1', type: 'mass', score: 0.31, diameterMm: 4, shape: 'oval' }),
      ]),
      image(SOP.leftMlo, 'L', 'MLO', 0.08, []),
    ],
    model,
    OPERATING_POINTS,
    new Date('2026-11-24T09:12:00.000Z'),
  );
}

const POINT = { kind: 'point', point: { x: 900, y: 1200 } } as const;
/** The reader's outline of the right mass on CC. */
const OUTLINE = [
  { x: 1000, y: 877 },
  { x: 1080, y: 877 },
  { x: 1040, y: 947 },
];
const POLYGON = { kind: 'polygon', points: OUTLINE } as const;

/**
 * The review: the CC mass kept as is (A1), the calcifications kept with a larger measured extent
 * (A2), the MLO mass kept as an oval mass (A3), and the reader's own calcifications marked with
 * the probe on the right MLO (R1, no size).
 */
export function screeningReview(findings?: ReaderFinding[]): ReaderRevision {
  return {
    reader: { personName: 'MARTIN^Claire', login: 'cmartin' },
    aiSr: {
      studyInstanceUid: '1.2.826.0.1.3680043.10.543',
      seriesInstanceUid: '1.2.826.0.1.3680043.10.543.9',
      sopInstanceUid: '1.2.826.0.1.3680043.10.543.9.1',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.88.34',
    },
    revisionNumber: 1,
    findings: findings ?? [
      {
        id: 'A1',
        aiLesionKey: `${SOP.rightCc}:L1`,
        sopInstanceUid: SOP.rightCc,
        type: 'mass',
        region: POLYGON,
        diameterMm: 8.2,
        shape: 'irregular',
        note: null,
      },
      {
        id: 'A2',
        aiLesionKey: `${SOP.rightCc}:L2`,
        sopInstanceUid: SOP.rightCc,
        type: 'calcifications',
        region: POLYGON,
        diameterMm: 6,
        shape: null,
        note: null,
      },
      {
        id: 'A3',
        aiLesionKey: `${SOP.rightMlo}:L1`,
        sopInstanceUid: SOP.rightMlo,
        type: 'mass',
        region: POLYGON,
        diameterMm: 7.6,
        shape: 'oval',
        note: null,
      },
      {
        id: 'R1',
        aiLesionKey: null,
        sopInstanceUid: SOP.rightMlo,
        type: 'calcifications',
        region: POINT,
        diameterMm: 0,
        shape: null,
        note: null,
      },
    ],
    createdAt: '2026-11-24T13:58:00.000Z',
  };
}

export const PATIENT: ReportPatient = {
  name: 'DUPONT^Marie',
  id: 'IPP-004217',
  birthDate: '1970-03-12',
  sex: 'F',
};

export const STUDY: ReportStudy = {
  studyInstanceUid: '1.2.826.0.1.3680043.10.543',
  accessionNumber: 'A26-1187',
  studyDate: '2026-11-24',
  description: 'Mammographie de depistage',
  institutionName: 'Centre d’imagerie du Parc',
};

export const SIGNATURE: ReportSignature = {
  signer: { personName: 'MARTIN^Claire', login: 'cmartin' },
  signedAt: '2026-11-24T14:05:31.000Z',
  version: 1,
  amends: null,
};

/** A 1×1 PNG, as a template's logo. */
export const LOGO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * The exam's report as the physician completes it: prefilled, then each breast assessed (right
 * ACR 0, recall for the finding; left ACR 1), composition, comparison and a note.
 */
export function screeningReport(locale: ReportLocale): Report {
  const french = locale === 'fr';
  const prefilled = prefillReport({
    locale,
    examType: 'screening',
    indication: french ? 'Dépistage organisé.' : 'Routine screening.',
    exam: screeningExam(),
    revision: screeningReview(),
  });
  const content = signableContent(
    reviseDraft(prefilled, {
      breastAssessments: [
        { laterality: 'R', assessment: '0' },
        { laterality: 'L', assessment: '1' },
      ],
      composition: 'b',
      comparison: french ? 'Mammographie du 02/10/2024.' : 'Mammography of 2 October 2024.',
      notes: [
        {
          kind: 'paragraph',
          runs: [{ text: french ? 'Échographie le jour même.' : 'Ultrasound the same day.', bold: true }],
        },
      ],
    }),
  );
  return { patient: PATIENT, study: STUDY, content };
}

/**
 * A prefilled draft completed as a physician would before signing, for tests that need a signed
 * report: each unassessed breast assessed (BI-RADS 2 where a finding is reported, else 1), the
 * composition given (b) when missing, the texts written again from the structured fields.
 */
export function assessedDraft(content: ReportDraftContent): ReportDraftContent {
  const withFindings = new Set(content.findings.map((finding) => finding.laterality));
  return regenerateText(
    reviseDraft(content, {
      composition: content.composition ?? 'b',
      breastAssessments: content.breastAssessments.map((breast) => ({
        laterality: breast.laterality,
        assessment: breast.assessment ?? (withFindings.has(breast.laterality) ? '2' : '1'),
      })),
    }),
  );
}
