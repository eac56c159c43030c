import type { NaturalizedDataset } from 'dcmjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateExam } from '../../findings/aggregate';
import type { ExamFindings } from '../../findings/examFindings';
import type { BreastGeometry, ImageFindings } from '../../findings/imageFindings';
import type { Lesion } from '../../findings/lesion';
import { screeningCategory, type OperatingPoints } from '../../findings/operatingPoints';
import { sourceImageFromDataset, studyContextFromDataset } from '../fromDataset';
import { readPart10, writePart10 } from '../part10';
import type { SourceImage, StudyContext } from '../types';

/**
 * A two-view left-breast screening study written as real MG files (For Presentation, 16-bit,
 * 200 columns × 240 rows, 0.1 mm imager spacing), read back the way the worker reads its sources,
 * and findings on both views: on L CC a mass (irregular) and a calcification cluster; on L MLO
 * the same mass (oval, no pixel spacing known to the model) at the same fraction of the breast's
 * depth from the nipple, and a faint mark below the lesion operating point. The exam has two
 * lesions: L1, the mass on both views (lateral and inferior on the left breast: 4 o'clock,
 * anterior third), and L2, the cluster on CC only. The exam is elevated.
 */
export interface SyntheticStudy {
  readonly files: { readonly cc: string; readonly mlo: string };
  readonly sources: readonly SourceImage[];
  readonly context: StudyContext;
  readonly exam: ExamFindings;
}

export const STUDY_UID = '1.2.826.0.1.3680043.10.1404.1';
export const COLUMNS = 200;
export const ROWS = 240;
const MG_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.2';

const views = {
  cc: { series: 1, view: 'CC', code: ['399162004', 'cranio-caudal'], orientation: ['P', 'L'] },
  mlo: { series: 2, view: 'MLO', code: ['399368009', 'medio-lateral oblique'], orientation: ['A', 'FR'] },
} as const;

export function createSyntheticStudy(directory: string): SyntheticStudy {
  const files = { cc: join(directory, 'source-lcc.dcm'), mlo: join(directory, 'source-lmlo.dcm') };
  writeFileSync(files.cc, writePart10(mammogram('cc')));
  writeFileSync(files.mlo, writePart10(mammogram('mlo')));
  const datasets = [files.cc, files.mlo].map((file) => readPart10(readFileSync(file)));
  const sources = datasets.map(sourceImageFromDataset);
  const context = studyContextFromDataset(datasets[0]!);
  const [cc, mlo] = sources as [SourceImage, SourceImage];
  const exam = aggregateExam(
    [
      imageFindings(cc, 'CC', 0.82, 0.9, [MASS_CC, CALCIFICATIONS_CC], true),
      imageFindings(mlo, 'MLO', 0.35, 0.7, [MASS_MLO, FAINT_MLO], false),
    ],
    { id: 'sentinelle-mias', version: '0.1.0', researchOnly: true },
    OPERATING_POINTS,
    new Date('2025-03-04T09:30:00.000Z'),
  );
  return { files, sources, context, exam };
}

export const OPERATING_POINTS: OperatingPoints = {
  recall: 0.5,
  likelyNormal: 0.1,
  examScoreCuts: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5],
  lesion: 0.4,
};

/** As the images hang (PatientOrientation): the chest wall on the right of CC, on the left of MLO. */
const GEOMETRY: Readonly<Record<'CC' | 'MLO', BreastGeometry>> = {
  CC: { chestWallSide: 'right', nipple: { x: 10, y: 120 }, pectoralEdge: null },
  MLO: {
    chestWallSide: 'left',
    nipple: { x: 140, y: 125 },
    pectoralEdge: [
      { x: 60, y: 0 },
      { x: 0, y: 120 },
    ],
  },
};

export const MASS_CC: Lesion = {
  id: 'L1',
  type: 'mass',
  score: 0.8734,
  aboveThreshold: true,
  centre: { x: 60, y: 80 },
  outline: [
    { x: 48, y: 70 },
    { x: 70, y: 66 },
    { x: 75, y: 84 },
    { x: 62, y: 95 },
    { x: 46, y: 88 },
  ],
  diameterPx: 31.4,
  diameterMm: 3.14,
  shape: 'irregular',
  calcificationCount: null,
};

export const CALCIFICATIONS_CC: Lesion = {
  id: 'L2',
  type: 'calcifications',
  score: 0.61,
  aboveThreshold: true,
  centre: { x: 140, y: 170 },
  outline: [
    { x: 130, y: 160 },
    { x: 150, y: 160 },
    { x: 150, y: 180 },
    { x: 130, y: 180 },
  ],
  diameterPx: 28.3,
  diameterMm: 2.83,
  shape: null,
  calcificationCount: 7,
};

export const MASS_MLO: Lesion = {
  id: 'L1',
  type: 'mass',
  score: 0.74,
  aboveThreshold: true,
  centre: { x: 100.5, y: 120.25 },
  outline: [
    { x: 92, y: 112 },
    { x: 110, y: 114 },
    { x: 108, y: 128 },
    { x: 94, y: 127 },
  ],
  diameterPx: 22.1,
  diameterMm: null,
  shape: 'oval',
  calcificationCount: null,
};

/** Below the lesion operating point: in the image's marks, in no lesion. */
export const FAINT_MLO: Lesion = {
  id: 'L2',
  type: 'calcifications',
  score: 0.2,
  aboveThreshold: false,
  centre: { x: 40, y: 200 },
  outline: [
    { x: 36, y: 196 },
    { x: 44, y: 196 },
    { x: 44, y: 204 },
    { x: 36, y: 204 },
  ],
  diameterPx: 11.3,
  diameterMm: null,
  shape: null,
  calcificationCount: 3,
};

function imageFindings(
  source: SourceImage,
  view: 'CC' | 'MLO',
  malignancyScore: number,
  abnormalityScore: number,
  lesions: Lesion[],
  spacingKnown: boolean,
): ImageFindings {
  return {
    imageRef: {
      name: `L-${view}`,
      sopInstanceUid: source.sopInstanceUid,
      seriesInstanceUid: source.seriesInstanceUid,
      studyInstanceUid: source.studyInstanceUid,
    },
    laterality: 'L',
    view,
    width: source.columns,
    height: source.rows,
    pixelSpacing: spacingKnown ? { rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' } : null,
    malignancyScore,
    abnormalityScore,
    category: screeningCategory(malignancyScore, OPERATING_POINTS),
    lesions,
    breast: GEOMETRY[view],
    invertedDetected: false,
  };
}

function mammogram(which: keyof typeof views): NaturalizedDataset {
  const { series, view, code, orientation } = views[which];
  const sopInstanceUid = `${STUDY_UID}.${series}.1`;
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['ORIGINAL', 'PRIMARY'],
    SOPClassUID: MG_FOR_PRESENTATION,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: '20250304',
    StudyTime: '091500',
    ContentDate: '20250304',
    ContentTime: '091700',
    AccessionNumber: 'ACC-2025-0042',
    Modality: 'MG',
    PresentationIntentType: 'FOR PRESENTATION',
    Manufacturer: 'Synthetic Modality',
    ReferringPhysicianName: [{ Alphabetic: 'Martin^Claire' }],
    StudyDescription: 'Mammographie de dépistage',
    SeriesDescription: `L ${view}`,
    PatientName: [{ Alphabetic: 'Dupont^Élodie' }],
    PatientID: 'SENT-0001',
    PatientBirthDate: '19700512',
    PatientSex: 'F',
    BodyPartExamined: 'BREAST',
    ViewPosition: view,
    ImagerPixelSpacing: [0.1, 0.1],
    StudyInstanceUID: STUDY_UID,
    SeriesInstanceUID: `${STUDY_UID}.${series}`,
    StudyID: 'S42',
    SeriesNumber: series,
    InstanceNumber: 1,
    PatientOrientation: orientation,
    ImageLaterality: 'L',
    ViewCodeSequence: [{ CodeValue: code[0], CodingSchemeDesignator: 'SCT', CodeMeaning: code[1] }],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ROWS,
    Columns: COLUMNS,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: [new Uint16Array(ROWS * COLUMNS).fill(1000).buffer],
    _vrMap: { PixelData: 'OW' },
  };
}
