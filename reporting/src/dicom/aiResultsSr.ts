import type { BreastFindings, ExamFindings } from '../findings/examFindings';
import type { ExamLesion } from '../findings/examLesion';
import type { ScreeningCategory } from '../findings/operatingPoints';
import { CONCEPTS, DOCUMENT_TITLES, SENTINELLE_SCHEME, UNITS, VALUES } from './codes';
import { round } from './dicomValues';
import { breastImagingFinding, screeningCategoryCode, shapeCode } from './findingCodes';
import { lesionMarks, type LesionMark } from './lesionViews';
import { findingSite, imageLibrary, MM_DECIMALS, tracking } from './measurementReport';
import { algorithmParameters, researchNotice } from './researchNotice';
import { aiSeriesDescription, deviceUid, SENTINELLE_MANUFACTURER } from './sentinelleMarker';
import { closedOutline, toScoordPoint } from './geometry';
import { linkSources, type LinkedImage } from './sourceLinks';
import {
  code,
  container,
  contains,
  hasConceptMod,
  hasObsContext,
  image,
  num,
  scoord,
  selectedFrom,
  text,
  uidref,
  type Edge,
  type SrNode,
} from './sr/contentItem';
import { analysisDocument, writeSrDocument } from './sr/writeSrDocument';
import { lesionTrackingIdentifier, lesionTrackingUid, trackingUid } from './tracking';
import type { RenderedDicom, RenderOptions, SourceImage, StudyContext } from './types';
import { createUidGenerator } from './uid';

export const COMPREHENSIVE_3D_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.34';
const DEFAULT_SERIES_NUMBER = 901;
/** Probabilities are written to 4 decimals: exact as DS. */
const PROBABILITY_DECIMALS = 4;

/**
 * The findings as an IHE AI Results (AIR) report: a Comprehensive 3D SR holding a TID 1500
 * Measurement Report. The device observer is the model; the image library lists the analysed
 * images; the measurement groups are the exam, each breast and each image (TID 1501: probability
 * of cancer and certainty of an abnormal finding, as probabilities in [0, 1]; for the exam and
 * each breast also the screening category and the exam score at the model's operating points, in
 * Sentinelle's private coding scheme) and each view of each lesion of the exam (TID 1410:
 * finding, site and laterality, the view's outline as the image region, centre, the lesion's
 * certainty, the view's longest diameter in mm, number of calcifications, BI-RADS shape of a
 * mass). A lesion seen on CC and MLO has one group per view, both with the lesion's tracking
 * identifier and UID: TID 1410 holds one image region, and a shared tracking UID is how TID 1500
 * says that two groups measure one finding. The model's status (research use only) is a TEXT
 * comment.
 */
export function renderAiResultsSr(
  exam: ExamFindings,
  sources: readonly SourceImage[],
  context: StudyContext,
  options: RenderOptions = {},
): RenderedDicom {
  const linked = linkSources(exam, sources, 'renderAiResultsSr');
  const content = container(
    DOCUMENT_TITLES.imagingMeasurementReport,
    [
      hasConceptMod(code(CONCEPTS.language, VALUES.englishUs)),
      ...deviceObserver(exam, options),
      hasConceptMod(code(CONCEPTS.procedureReported, VALUES.imagingProcedure)),
      contains(imageLibrary(linked.images, context)),
      contains(
        container(CONCEPTS.imagingMeasurements, [
          ...algorithmIdentification(exam),
          contains(scoreGroup('Exam', trackingUid(exam, 'exam'), exam, null, examReading(exam))),
          ...exam.breasts.map((breast) =>
            contains(
              scoreGroup(
                breastLabel(breast),
                trackingUid(exam, `breast:${breast.laterality}`),
                breast,
                breast.laterality,
                examReading(breast),
              ),
            ),
          ),
          ...linked.images.map((linkedImage) =>
            contains(
              imageGroup(linkedImage, trackingUid(exam, `image:${linkedImage.source.sopInstanceUid}`)),
            ),
          ),
          ...exam.lesions.flatMap((lesion) =>
            lesionMarks(linked, lesion, 'renderAiResultsSr').map((view) =>
              contains(lesionGroup(lesion, view, lesionTrackingUid(exam, lesion))),
            ),
          ),
        ]),
      ),
      contains(
        container(CONCEPTS.qualitativeEvaluations, [contains(text(CONCEPTS.comment, researchNotice(exam)))]),
      ),
    ],
    '1500',
  );
  return writeSrDocument({
    sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
    ...analysisDocument(exam, linked),
    context,
    options,
    newUid: createUidGenerator(options.uidRoot),
    series: { number: DEFAULT_SERIES_NUMBER, description: aiSeriesDescription('SR TID 1500') },
    content,
    privateSchemes: [SENTINELLE_SCHEME],
  });
}

/** TID 1001/1002/1004: the model is the observer. */
function deviceObserver(exam: ExamFindings, options: RenderOptions): Edge[] {
  const uid = deviceUid(exam.model, options);
  return [
    hasObsContext(code(CONCEPTS.observerType, VALUES.device)),
    hasObsContext(uidref(CONCEPTS.deviceObserverUid, uid)),
    hasObsContext(text(CONCEPTS.deviceObserverName, `Sentinelle AI ${exam.model.id}`)),
    hasObsContext(text(CONCEPTS.deviceObserverManufacturer, SENTINELLE_MANUFACTURER)),
    hasObsContext(text(CONCEPTS.deviceObserverModelName, `${exam.model.id} ${exam.model.version}`)),
    options.deviceSerialNumber
      ? hasObsContext(text(CONCEPTS.deviceObserverSerialNumber, options.deviceSerialNumber))
      : null,
  ].filter((edge): edge is Edge => edge !== null);
}

/** TID 4019: algorithm name, version and the operating points. */
function algorithmIdentification(exam: ExamFindings): Edge[] {
  return [
    hasConceptMod(text(CONCEPTS.algorithmName, exam.model.id)),
    hasConceptMod(text(CONCEPTS.algorithmVersion, exam.model.version)),
    ...algorithmParameters(exam).map((parameter) =>
      hasConceptMod(text(CONCEPTS.algorithmParameters, parameter)),
    ),
  ];
}

interface Scores {
  readonly malignancyScore: number;
  readonly abnormalityScore: number;
}

/** The screening reading of the exam or of one breast. */
interface Reading {
  readonly category: ScreeningCategory;
  readonly examScore: number;
}

function examReading({ category, examScore }: Reading): Reading {
  return { category, examScore };
}

/**
 * TID 1501 group for the exam or one breast: the two calibrated probabilities, then the
 * screening category (a qualitative evaluation) and the exam score.
 */
function scoreGroup(
  label: string,
  uid: string,
  scores: Scores,
  laterality: 'L' | 'R' | null,
  reading: Reading,
): SrNode {
  return container(CONCEPTS.measurementGroup, [
    ...tracking(label, uid),
    laterality ? findingSite(laterality) : null,
    ...scoreItems(scores),
    contains(num(CONCEPTS.examScore, reading.examScore, UNITS.score)),
    contains(code(CONCEPTS.screeningCategory, screeningCategoryCode(reading.category))),
  ]);
}

/** TID 1501 group for one image: the scores, and the image they were computed on. */
function imageGroup(linkedImage: LinkedImage, uid: string): SrNode {
  const { findings, source, laterality, label } = linkedImage;
  return container(CONCEPTS.measurementGroup, [
    ...tracking(label, uid),
    laterality ? findingSite(laterality) : null,
    ...scoreItems(findings),
    contains(image({ sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid })),
  ]);
}

/** Probability of cancer, and the certainty that the image shows an abnormal finding. */
function scoreItems(scores: Scores): Edge[] {
  return [
    contains(num(CONCEPTS.probabilityOfCancer, probability(scores.malignancyScore), UNITS.probability)),
    contains(
      num(CONCEPTS.certaintyOfFinding, probability(scores.abnormalityScore), UNITS.probability, [
        hasConceptMod(code(CONCEPTS.finding, VALUES.abnormal)),
      ]),
    ),
  ];
}

/**
 * TID 1410 group for one view of a lesion. The outline is the view's mark (closed POLYLINE); the
 * centre is a POINT beside it; both are SELECTED FROM the view's image, by value. The certainty
 * is the lesion's (its better view's score); size, count and shape are this view's measurements.
 */
function lesionGroup(lesion: ExamLesion, { linkedImage, mark }: LesionMark, uid: string): SrNode {
  const { source, laterality } = linkedImage;
  const sourceImage = (): SrNode =>
    image({ sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid });
  return container(CONCEPTS.measurementGroup, [
    ...tracking(lesionTrackingIdentifier(lesion), uid),
    contains(code(CONCEPTS.finding, breastImagingFinding(lesion))),
    contains(
      scoord(CONCEPTS.imageRegion, 'POLYLINE', closedOutline(mark.outline), [selectedFrom(sourceImage())]),
    ),
    contains(scoord(CONCEPTS.center, 'POINT', [toScoordPoint(mark.centre)], [selectedFrom(sourceImage())])),
    findingSite(laterality ?? lesion.laterality),
    contains(num(CONCEPTS.certaintyOfFinding, probability(lesion.score), UNITS.probability)),
    mark.diameterMm === null
      ? null
      : contains(num(CONCEPTS.longAxis, round(mark.diameterMm, MM_DECIMALS), UNITS.millimetre)),
    // A view's descriptors belong to the lesion's type (a pair may join a mass and a cluster).
    mark.calcificationCount === null || lesion.type !== 'calcifications'
      ? null
      : contains(num(CONCEPTS.numberOfCalcifications, mark.calcificationCount, UNITS.count)),
    mark.shape === null || lesion.type !== 'mass'
      ? null
      : contains(code(CONCEPTS.shape, shapeCode(mark.shape))),
  ]);
}

function breastLabel(breast: BreastFindings): string {
  return breast.laterality === 'R' ? 'Right breast' : 'Left breast';
}

function probability(value: number): number {
  return round(value, PROBABILITY_DECIMALS);
}
