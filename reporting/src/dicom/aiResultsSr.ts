import type { BreastFindings, ExamFindings } from '../findings/examFindings';
import type { Lesion } from '../findings/lesion';
import { CONCEPTS, DOCUMENT_TITLES, UNITS, VALUES } from './codes';
import { round } from './dicomValues';
import { breastImagingFinding, shapeCode } from './findingCodes';
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
import { lesionTrackingUid, trackingUid } from './tracking';
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
 * of cancer and certainty of an abnormal finding, as probabilities in [0, 1]) and each lesion
 * (TID 1410: finding, site and laterality, outline as the image region, centre, certainty of the
 * finding, longest diameter in mm, number of calcifications, BI-RADS shape of a mass). The
 * model's status (research use only) is a TEXT comment.
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
          contains(scoreGroup('Exam', trackingUid(exam, 'exam'), exam, null)),
          ...exam.breasts.map((breast) =>
            contains(
              scoreGroup(
                breastLabel(breast),
                trackingUid(exam, `breast:${breast.laterality}`),
                breast,
                breast.laterality,
              ),
            ),
          ),
          ...linked.images.map((linkedImage) =>
            contains(
              imageGroup(linkedImage, trackingUid(exam, `image:${linkedImage.source.sopInstanceUid}`)),
            ),
          ),
          ...linked.images.flatMap((linkedImage) =>
            linkedImage.findings.lesions.map((lesion) =>
              contains(lesionGroup(linkedImage, lesion, lesionTrackingUid(exam, linkedImage, lesion))),
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
    series: { number: DEFAULT_SERIES_NUMBER, description: aiSeriesDescription('AI results (TID 1500)') },
    content,
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

/** TID 1501 group for the exam or one breast: the two calibrated probabilities. */
function scoreGroup(label: string, uid: string, scores: Scores, laterality: 'L' | 'R' | null): SrNode {
  return container(CONCEPTS.measurementGroup, [
    ...tracking(label, uid),
    laterality ? findingSite(laterality) : null,
    ...scoreItems(scores),
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
 * TID 1410 group for one lesion. The outline is the image region (closed POLYLINE); the centre
 * is a POINT beside it; both are SELECTED FROM the source image, by value.
 */
function lesionGroup(linkedImage: LinkedImage, lesion: Lesion, uid: string): SrNode {
  const { source, laterality, label } = linkedImage;
  const sourceImage = (): SrNode =>
    image({ sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid });
  return container(CONCEPTS.measurementGroup, [
    ...tracking(`${label} ${lesion.id}`, uid),
    contains(code(CONCEPTS.finding, breastImagingFinding(lesion))),
    contains(
      scoord(CONCEPTS.imageRegion, 'POLYLINE', closedOutline(lesion.outline), [selectedFrom(sourceImage())]),
    ),
    contains(scoord(CONCEPTS.center, 'POINT', [toScoordPoint(lesion.centre)], [selectedFrom(sourceImage())])),
    laterality ? findingSite(laterality) : null,
    contains(num(CONCEPTS.certaintyOfFinding, probability(lesion.score), UNITS.probability)),
    lesion.diameterMm === null
      ? null
      : contains(num(CONCEPTS.longAxis, round(lesion.diameterMm, MM_DECIMALS), UNITS.millimetre)),
    lesion.calcificationCount === null
      ? null
      : contains(num(CONCEPTS.numberOfCalcifications, lesion.calcificationCount, UNITS.count)),
    lesion.shape === null ? null : contains(code(CONCEPTS.shape, shapeCode(lesion.shape))),
  ]);
}

function breastLabel(breast: BreastFindings): string {
  return breast.laterality === 'R' ? 'Right breast' : 'Left breast';
}

function probability(value: number): number {
  return round(value, PROBABILITY_DECIMALS);
}
