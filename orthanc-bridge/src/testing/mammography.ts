/**
 * Test support for the reading API: real MG Part 10 files (16-bit, 200 columns × 240 rows, 0.1 mm
 * imager spacing, view codes) stored in Orthanc, findings on them built through @sentinelle/reporting
 * (aggregateExam parses them with ExamFindingsSchema), and an analysis finished the way the worker
 * finishes it: the AI results SR rendered, stored in Orthanc, and the row marked done.
 */
import { CALCIFICATIONS_CC, MASS_CC } from '@sentinelle/reporting/testing/study';
import {
  aggregateExam,
  COMPREHENSIVE_3D_SR_STORAGE,
  nameBasedUid,
  readPart10,
  renderAiResultsSr,
  screeningCategory,
  sourceImageFromDataset,
  studyContextFromDataset,
  writePart10,
  type ExamFindings,
  type ImageFindings,
  type Lesion,
  type SourceImage,
  type StudyContext,
} from '@sentinelle/reporting';
import type { Pool } from 'pg';
import {
  findAnalysisByKey,
  markAnalysisDone,
  markAnalysisRunning,
  type Analysis,
} from '../studies/analysisStore';
import type { OrthancClient } from '../orthanc/client';
import { analysisKey } from '../intake/queueContract';
import { MG_FOR_PRESENTATION, newUid, TEST_MODEL, TEST_OPERATING_POINTS } from './harness';

export const MG_ROWS = 240;
export const MG_COLUMNS = 200;

type NaturalizedDataset = Parameters<typeof writePart10>[0];

const VIEW_CODES = {
  CC: ['399162004', 'cranio-caudal'],
  MLO: ['399368009', 'medio-lateral oblique'],
} as const;

export interface StoredMammographyStudy {
  readonly studyInstanceUid: string;
  readonly orthancStudyId: string;
  /** The images as the renderers read them, in the order of `views`. */
  readonly sources: readonly SourceImage[];
  readonly context: StudyContext;
}

function mammogram(
  study: { studyInstanceUid: string; seriesInstanceUid: string; patientId: string; description: string },
  view: string,
  index: number,
): NaturalizedDataset {
  const laterality = view.slice(0, 1);
  const position = view.slice(1) as keyof typeof VIEW_CODES;
  const [code, meaning] = VIEW_CODES[position];
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['ORIGINAL', 'PRIMARY'],
    SOPClassUID: MG_FOR_PRESENTATION,
    SOPInstanceUID: newUid(),
    StudyDate: '20250304',
    StudyTime: '091500',
    ContentDate: '20250304',
    ContentTime: '091700',
    AccessionNumber: 'ACC-READ-1',
    Modality: 'MG',
    PresentationIntentType: 'FOR PRESENTATION',
    Manufacturer: 'Synthetic Modality',
    ReferringPhysicianName: [{ Alphabetic: 'Referring^Doctor' }],
    StudyDescription: study.description,
    SeriesDescription: 'Mammographie',
    PatientName: [{ Alphabetic: 'Lecture^Camille' }],
    PatientID: study.patientId,
    PatientBirthDate: '19700512',
    PatientSex: 'F',
    BodyPartExamined: 'BREAST',
    ViewPosition: position,
    ImagerPixelSpacing: [0.1, 0.1],
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: study.seriesInstanceUid,
    StudyID: 'S1',
    SeriesNumber: 1,
    InstanceNumber: index + 1,
    PatientOrientation: laterality === 'L' ? ['P', 'L'] : ['A', 'R'],
    ImageLaterality: laterality,
    ViewCodeSequence: [{ CodeValue: code, CodingSchemeDesignator: 'SCT', CodeMeaning: meaning }],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: MG_ROWS,
    Columns: MG_COLUMNS,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: [new Uint16Array(MG_ROWS * MG_COLUMNS).fill(1000).buffer],
    _vrMap: { PixelData: 'OW' },
  };
}

/** Stores a mammography study (one image per view, e.g. LCC, LMLO) through Orthanc's REST API. */
export async function storeMammographyStudy(
  orthanc: OrthancClient,
  spec: { views?: readonly string[]; patientId?: string; description?: string } = {},
): Promise<StoredMammographyStudy> {
  const study = {
    studyInstanceUid: newUid(),
    seriesInstanceUid: newUid(),
    patientId: spec.patientId ?? 'READ-TEST',
    description: spec.description ?? 'Mammographie de dépistage',
  };
  const sources: SourceImage[] = [];
  let context: StudyContext | undefined;
  let orthancStudyId = '';
  for (const [index, view] of (spec.views ?? ['LCC', 'LMLO']).entries()) {
    const bytes = writePart10(mammogram(study, view, index));
    const stored = await orthanc.storeInstance(bytes);
    orthancStudyId = stored.ParentStudy;
    const dataset = readPart10(bytes);
    sources.push(sourceImageFromDataset(dataset));
    context ??= studyContextFromDataset(dataset);
  }
  return { studyInstanceUid: study.studyInstanceUid, orthancStudyId, sources, context: context! };
}

/**
 * A mass above the lesion threshold (L1) and a calcification cluster below it (L2): reporting's
 * synthetic lesions, with the scores these tests rely on.
 */
export const TEST_LESIONS: readonly Lesion[] = [
  { ...MASS_CC, score: 0.87 },
  { ...CALCIFICATIONS_CC, score: 0.3, aboveThreshold: false },
];

/** An image of the findings: what the worker would say of a source image. */
export interface FindingsImage {
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly laterality: 'L' | 'R' | null;
  readonly rows: number;
  readonly columns: number;
}

/** What testExamFindings needs of a stored image. */
export function findingsImageOf(source: SourceImage): FindingsImage {
  return {
    sopInstanceUid: source.sopInstanceUid,
    seriesInstanceUid: source.seriesInstanceUid,
    studyInstanceUid: source.studyInstanceUid,
    laterality: source.laterality,
    rows: source.rows,
    columns: source.columns,
  };
}

/**
 * Findings as the worker makes them (ExamFindingsSchema-checked), with TEST_OPERATING_POINTS: the
 * first image scores `malignancyScore` and holds TEST_LESIONS, the others score 0.1 and hold none.
 */
export function testExamFindings(
  images: readonly FindingsImage[],
  options: { malignancyScore?: number } = {},
): ExamFindings {
  const operatingPoints = {
    ...TEST_OPERATING_POINTS,
    examScoreCuts: [...TEST_OPERATING_POINTS.examScoreCuts],
  };
  const findings: ImageFindings[] = images.map((source, index) => {
    const malignancyScore = index === 0 ? (options.malignancyScore ?? 0.82) : 0.1;
    return {
      imageRef: {
        name: `image ${index + 1}`,
        sopInstanceUid: source.sopInstanceUid,
        seriesInstanceUid: source.seriesInstanceUid,
        studyInstanceUid: source.studyInstanceUid,
      },
      laterality: source.laterality,
      view: 'CC',
      width: source.columns,
      height: source.rows,
      pixelSpacing: { rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' },
      malignancyScore,
      abnormalityScore: malignancyScore,
      category: screeningCategory(malignancyScore, operatingPoints),
      lesions: index === 0 ? [...TEST_LESIONS] : [],
      breast: { chestWallSide: 'left', nipple: null, pectoralEdge: null },
      invertedDetected: false,
    };
  });
  return aggregateExam(findings, { ...TEST_MODEL, researchOnly: true }, operatingPoints);
}

/** The reader's revision (POST /api/studies/:uid/revisions) keeping AI lesion L1 of `cc`: a 12 mm irregular mass. */
export function keptMassRevision(cc: SourceImage) {
  return {
    findings: [
      {
        id: 'R1',
        aiLesionKey: `${cc.sopInstanceUid}:L1`,
        sopInstanceUid: cc.sopInstanceUid,
        type: 'mass',
        region: { kind: 'point', point: { x: 60, y: 80 } },
        diameterMm: 12,
        shape: 'irregular',
        note: null,
      },
    ],
  };
}

/**
 * Exam findings scoring `malignancyScore` on one 8 × 8 right-breast image of the study: enough for
 * the worklist's order and category, without rendering anything.
 */
export function scoredFindings(studyInstanceUid: string, malignancyScore: number): ExamFindings {
  const image = {
    sopInstanceUid: `${studyInstanceUid}.1`,
    seriesInstanceUid: `${studyInstanceUid}.2`,
    studyInstanceUid,
    laterality: 'R' as const,
    rows: 8,
    columns: 8,
  };
  return testExamFindings([image], { malignancyScore });
}

/**
 * Finishes the study's queued analysis as the worker does: with `sources`, the AI results SR
 * rendered from the findings and stored in Orthanc (its UIDs in the result); then the row marked
 * running and done with the findings. Returns the done analysis.
 */
export async function finishAnalysis(
  pool: Pool,
  orthanc: OrthancClient,
  studyInstanceUid: string,
  findings: ExamFindings,
  study?: { sources: readonly SourceImage[]; context: StudyContext },
): Promise<Analysis> {
  const key = analysisKey(studyInstanceUid, TEST_MODEL.version);
  let result: Record<string, unknown> = { images: findings.images.length, seg: null };
  if (study) {
    const uids = {
      seriesInstanceUid: nameBasedUid(`test-ai-sr:${key}:series`),
      sopInstanceUid: nameBasedUid(`test-ai-sr:${key}`),
    };
    const sr = renderAiResultsSr(findings, study.sources, study.context, uids);
    if (sr.sopClassUid !== COMPREHENSIVE_3D_SR_STORAGE) throw new Error('not a Comprehensive 3D SR');
    await orthanc.storeInstance(sr.bytes);
    result = { ...result, sr: uids };
  }
  const row = await findAnalysisByKey(pool, key);
  if (!row) throw new Error(`no analysis ${key}`);
  const ref = { analysisId: row.id, revision: row.revision };
  const running = await markAnalysisRunning(pool, ref);
  if (running.outcome !== 'started') throw new Error(`analysis ${key} is ${running.outcome}`);
  const done = await markAnalysisDone(pool, {
    ...ref,
    malignancyScore: findings.malignancyScore,
    timings: { total: 1 },
    result,
    findings,
  });
  if (!done) throw new Error(`analysis ${key} was not recorded as done`);
  return done;
}

/**
 * The findings as a worker stored them before the screening operating points (issue 15): an
 * above-threshold flag (at TEST_OPERATING_POINTS.recall) instead of categories, no lesions, no
 * breast geometry, no inversion flag.
 */
export function olderFormatFindings(exam: ExamFindings): unknown {
  const threshold = TEST_OPERATING_POINTS.recall;
  return {
    model: exam.model,
    thresholds: { malignancy: threshold, abnormality: threshold, lesion: TEST_OPERATING_POINTS.lesion },
    malignancyScore: exam.malignancyScore,
    abnormalityScore: exam.abnormalityScore,
    aboveThreshold: exam.malignancyScore >= threshold,
    breasts: exam.breasts.map(({ category: _c, examScore: _e, ...breast }) => ({
      ...breast,
      aboveThreshold: breast.malignancyScore >= threshold,
    })),
    images: exam.images.map(({ category: _c, breast: _b, invertedDetected: _i, ...image }) => ({
      ...image,
      aboveThreshold: image.malignancyScore >= threshold,
      lesions: image.lesions.map((lesion) => ({
        ...lesion,
        aboveThreshold: lesion.score >= TEST_OPERATING_POINTS.lesion,
      })),
    })),
    createdAt: exam.createdAt,
  };
}

/** Replaces the findings stored on a done analysis, e.g. by findings in an older format. */
export async function replaceStoredFindings(pool: Pool, analysis: Analysis, stored: unknown): Promise<void> {
  await pool.query('UPDATE analysis SET findings = $2 WHERE id = $1', [analysis.id, JSON.stringify(stored)]);
}
