/**
 * A realistic signed report for the FHIR tests: a French diagnostic mammogram with a suspicious mass
 * of the right breast (BI-RADS 4) and benign calcifications of the left (BI-RADS 2), and its addendum.
 */
import type { Report, ReportSignature } from '../../report/model';

export const STUDY_UID = '1.2.826.0.1.3680043.8.498.10496823175532619054';

export const FRENCH_REPORT: Report = {
  patient: { name: 'DUPONT^Marie-Hélène', id: 'IPP-0042137', birthDate: '1968-03-12', sex: 'F' },
  study: {
    studyInstanceUid: STUDY_UID,
    accessionNumber: 'ACC2024-0517',
    studyDate: '2024-05-14',
    description: 'Mammographie bilatérale',
    institutionName: "Centre d'imagerie de l'Étoile",
  },
  content: {
    locale: 'fr',
    examType: 'diagnostic',
    indication:
      'Masse palpable du sein droit découverte par la patiente.\nAntécédent familial : mère (cancer du sein à 52 ans).',
    comparison: 'Mammographies du 02/03/2022 (Centre Pasteur).',
    composition: 'c',
    findings: [
      {
        id: 'R1',
        origin: 'ai-modified',
        laterality: 'R',
        type: 'mass',
        diameterMm: 14.2,
        shape: 'irregular',
        margin: 'spiculated',
        location: 'upper-outer',
        clockPosition: 10,
        views: ['CC', 'MLO'],
        sopInstanceUid: '1.2.826.0.1.3680043.8.498.10496823175532619054.1.1',
        aiScore: 0.91,
      },
      {
        id: 'L1',
        origin: 'reader',
        laterality: 'L',
        type: 'calcifications',
        diameterMm: 6,
        shape: null,
        margin: null,
        location: 'lower-inner',
        clockPosition: 8,
        views: ['CC'],
        sopInstanceUid: null,
        aiScore: null,
      },
    ],
    breastAssessments: [
      { laterality: 'R', assessment: '4' },
      { laterality: 'L', assessment: '2' },
    ],
    overallAssessment: '4',
    recommendations: ['biopsy'],
    findingsText:
      'Sein droit : masse irrégulière à contours spiculés de 14 mm, quadrant supéro-externe, à 10 h, ' +
      'visible sur les incidences CC et MLO.\n' +
      "Sein gauche : calcifications punctiformes d'allure bénigne, quadrant inféro-interne.",
    impressionText:
      'Masse suspecte du sein droit (ACR 4) : prélèvement histologique recommandé. ' +
      'Calcifications bénignes du sein gauche (ACR 2).',
    notes: [
      {
        kind: 'paragraph',
        runs: [
          { text: 'Résultats expliqués à la patiente le jour même. ' },
          { text: 'Biopsie à programmer', bold: true },
        ],
      },
      {
        kind: 'list',
        items: [[{ text: 'Échographie ciblée : ' }, { text: 'lésion hypoéchogène', italic: true }]],
      },
    ],
    aiSummary: {
      model: { id: 'sentinelle-mammo', version: '1.3.0', researchOnly: true },
      malignancyScore: 0.87,
      category: 'elevated',
      examScore: 10,
      lesions: [
        {
          laterality: 'R',
          type: 'mass',
          diameterMm: 13.8,
          shape: 'irregular',
          views: ['CC', 'MLO'],
          clockPosition: 10,
          depth: 'middle',
        },
      ],
    },
  },
};

export const ORIGINAL_SIGNATURE: ReportSignature = {
  signer: { personName: 'MARTIN^Claire^^Dr', login: 'cmartin' },
  signedAt: '2024-05-14T16:42:07Z',
  version: 1,
  amends: null,
};

/** Two days later: the biopsy appointment, added as an addendum. */
export const ADDENDUM_REPORT: Report = {
  ...FRENCH_REPORT,
  content: {
    ...FRENCH_REPORT.content,
    notes: [
      ...FRENCH_REPORT.content.notes,
      { kind: 'paragraph', runs: [{ text: 'Addendum : biopsie sous échographie prévue le 21/05/2024.' }] },
    ],
  },
};

export const ADDENDUM_SIGNATURE: ReportSignature = {
  signer: { personName: 'MARTIN^Claire^^Dr', login: 'cmartin' },
  signedAt: '2024-05-16T09:05:00Z',
  version: 2,
  amends: { version: 1, signedAt: ORIGINAL_SIGNATURE.signedAt },
};

/** Stands for the signed PDF: its bytes only travel (base64) and are hashed. */
export const SIGNED_PDF = new Uint8Array(
  Buffer.from(
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  ),
);
