import type { ExamFindings } from '../findings/examFindings';
import type { ExamLesion } from '../findings/examLesion';
import type { Lesion } from '../findings/lesion';
import { CONCEPTS, DOCUMENT_TITLES, UNITS, VALUES } from './codes';
import { round } from './dicomValues';
import { breastSideCode, compositeFeature, shapeCode, singleImageFinding } from './findingCodes';
import { lesionMarks, type LesionMark } from './lesionViews';
import { closedOutline, longestChord, toScoordPoint } from './geometry';
import { aiSeriesDescription } from './sentinelleMarker';
import { linkSources, type LinkedImage } from './sourceLinks';
import {
  byReference,
  code,
  container,
  contains,
  date,
  hasAcqContext,
  hasConceptMod,
  hasObsContext,
  hasProperties,
  image,
  inferredFrom,
  num,
  scoord,
  text,
  uidref,
  type Edge,
  type SrNode,
} from './sr/contentItem';
import { analysisDocument, writeSrDocument } from './sr/writeSrDocument';
import { lesionTrackingIdentifier, lesionTrackingUid } from './tracking';
import type { CodedConcept, RenderedDicom, RenderOptions, SourceImage, StudyContext } from './types';
import { createUidGenerator } from './uid';
import { mammographyViewCode } from './viewCodes';

export const MAMMOGRAPHY_CAD_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.50';
const DEFAULT_SERIES_NUMBER = 902;

/**
 * The findings as a Mammography CAD SR (TID 4000), the form PACS mammography workstations
 * display as CAD marks. Each lesion of the exam is an individual impression (TID 4003). A lesion
 * seen on one view holds one single image finding (TID 4006): a calcification cluster, or for a
 * mass a BI-RADS "density" (a mass candidate seen on one view). A lesion seen on CC and MLO holds
 * a composite feature (TID 4004: a mass or a cluster, its two views related spatially, detected
 * on multiple images) inferred from the single image finding of each view. Single image findings
 * carry their centre and outline on the image, their certainty in %, their shape or calcification
 * count and their longest axis; the lesion's tracking identifier and UID sit on the composite or
 * on the lone finding. Every lesion is "Presentation Required": lesions are the marks at or above
 * the model's lesion operating point. Detections performed (TID 4015) list both detectors and the
 * images they ran on; no analysis (TID 4016) is claimed.
 */
export function renderMammoCadSr(
  exam: ExamFindings,
  sources: readonly SourceImage[],
  context: StudyContext,
  options: RenderOptions = {},
): RenderedDicom {
  const linked = linkSources(exam, sources, 'renderMammoCadSr');
  const entryOf = new Map(
    linked.images.map((linkedImage) => [linkedImage, libraryEntry(linkedImage, context)]),
  );
  const entries = [...entryOf.values()];
  const impressions = exam.lesions.map((lesion) =>
    inferredFrom(
      individualImpression(
        exam,
        lesion,
        lesionMarks(linked, lesion, 'renderMammoCadSr').map((view) => ({
          ...view,
          entry: entryOf.get(view.linkedImage)!,
        })),
        lesionTrackingUid(exam, lesion),
      ),
    ),
  );
  const content = container(
    DOCUMENT_TITLES.mammographyCadReport,
    [
      hasConceptMod(code(CONCEPTS.language, VALUES.englishUs)),
      contains(container(CONCEPTS.imageLibrary, entries.map(contains))),
      contains(
        code(
          CONCEPTS.cadProcessingAndFindingsSummary,
          impressions.length > 0 ? VALUES.allSucceededWithFindings : VALUES.allSucceededWithoutFindings,
          impressions,
        ),
      ),
      contains(
        code(CONCEPTS.summaryOfDetections, VALUES.succeeded, [
          inferredFrom(
            container(CONCEPTS.successfulDetections, [
              contains(detectionPerformed(exam, VALUES.mammographyBreastDensity, entries)),
              contains(detectionPerformed(exam, VALUES.calcificationCluster, entries)),
            ]),
          ),
        ]),
      ),
      contains(code(CONCEPTS.summaryOfAnalyses, VALUES.notAttempted)),
    ],
    '4000',
  );
  return writeSrDocument({
    sopClassUid: MAMMOGRAPHY_CAD_SR_STORAGE,
    ...analysisDocument(exam, linked),
    context,
    options,
    newUid: createUidGenerator(options.uidRoot),
    series: { number: DEFAULT_SERIES_NUMBER, description: aiSeriesDescription('SR CAD TID 4000') },
    content,
  });
}

/** TID 4020: an image of the library, with laterality (CID 6022), view (CID 4014) and grid. */
function libraryEntry({ source, laterality }: LinkedImage, context: StudyContext): SrNode {
  const view = source.viewCode ? mammographyViewCode(source.viewCode) : null;
  return image({ sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid }, [
    laterality ? hasAcqContext(code(CONCEPTS.imageLaterality, breastSideCode(laterality))) : null,
    view ? hasAcqContext(code(CONCEPTS.imageView, view)) : null,
    context.studyDate ? hasAcqContext(date(CONCEPTS.studyDate, context.studyDate)) : null,
    source.pixelSpacing
      ? hasAcqContext(num(CONCEPTS.horizontalPixelSpacing, source.pixelSpacing.columnMm, UNITS.millimetre))
      : null,
    source.pixelSpacing
      ? hasAcqContext(num(CONCEPTS.verticalPixelSpacing, source.pixelSpacing.rowMm, UNITS.millimetre))
      : null,
    source.frameOfReferenceUid
      ? hasAcqContext(uidref(CONCEPTS.frameOfReferenceUid, source.frameOfReferenceUid))
      : null,
    hasAcqContext(num(CONCEPTS.pixelDataRows, source.rows, UNITS.pixels)),
    hasAcqContext(num(CONCEPTS.pixelDataColumns, source.columns, UNITS.pixels)),
  ]);
}

/** A view of the lesion, with its image's entry in the library (what its coordinates refer to). */
interface LesionMarkEntry extends LesionMark {
  readonly entry: SrNode;
}

/** TID 4003 holding the lesion: one TID 4006, or a TID 4004 over the two views' TID 4006. */
function individualImpression(
  exam: ExamFindings,
  lesion: ExamLesion,
  views: readonly LesionMarkEntry[],
  trackingUid: string,
): SrNode {
  const intent = VALUES.presentationRequired;
  const tracking = [
    hasObsContext(text(CONCEPTS.trackingIdentifier, lesionTrackingIdentifier(lesion))),
    hasObsContext(uidref(CONCEPTS.trackingUid, trackingUid)),
  ];
  const [only] = views;
  const finding =
    views.length === 1 && only
      ? singleFinding(exam, only, lesion.score, tracking)
      : code(CONCEPTS.compositeFeature, compositeFeature(lesion), [
          hasConceptMod(code(CONCEPTS.renderingIntent, intent)),
          ...tracking,
          hasProperties(code(CONCEPTS.compositeType, VALUES.relatedSpatially)),
          hasProperties(code(CONCEPTS.scopeOfFeature, VALUES.detectedOnMultipleImages)),
          ...algorithmProperties(exam),
          hasProperties(num(CONCEPTS.certaintyOfFeature, percent(lesion.score), UNITS.percent)),
          ...views.map((view) => inferredFrom(singleFinding(exam, view, view.mark.score, []))),
        ]);
  return container(CONCEPTS.individualImpression, [
    hasConceptMod(code(CONCEPTS.renderingIntent, intent)),
    contains(finding),
  ]);
}

/** TID 4006: one view's mark, with its certainty, centre, outline and descriptors. */
function singleFinding(
  exam: ExamFindings,
  { mark, entry }: LesionMarkEntry,
  certainty: number,
  tracking: readonly Edge[],
): SrNode {
  return code(CONCEPTS.singleImageFinding, singleImageFinding(mark), [
    hasConceptMod(code(CONCEPTS.renderingIntent, VALUES.presentationRequired)),
    ...tracking,
    ...algorithmProperties(exam),
    hasProperties(num(CONCEPTS.certaintyOfFinding, percent(certainty), UNITS.percent)),
    hasProperties(
      scoord(CONCEPTS.center, 'POINT', [toScoordPoint(mark.centre)], [byReference('SELECTED FROM', entry)]),
    ),
    hasProperties(
      scoord(CONCEPTS.outline, 'POLYLINE', closedOutline(mark.outline), [
        byReference('SELECTED FROM', entry),
      ]),
    ),
    ...descriptors(mark, entry),
  ]);
}

function percent(probability: number): number {
  return round(probability * 100, 2);
}

/**
 * TID 4011 (mass: shape) or TID 4010 (cluster: grouped distribution, number of calcifications),
 * and the longest axis in mm (TID 1400) inferred from its two end points.
 */
function descriptors(lesion: Lesion, imageEntry: SrNode): Edge[] {
  const edges: Edge[] = [];
  if (lesion.type === 'mass' && lesion.shape !== null) {
    edges.push(hasProperties(code(CONCEPTS.shape, shapeCode(lesion.shape))));
  }
  if (lesion.type === 'calcifications') {
    edges.push(hasProperties(code(CONCEPTS.calcificationDistribution, VALUES.groupedDistribution)));
    if (lesion.calcificationCount !== null) {
      edges.push(hasProperties(num(CONCEPTS.numberOfCalcifications, lesion.calcificationCount, UNITS.count)));
    }
  }
  const chord = longestChord(lesion.outline);
  if (lesion.diameterMm !== null && chord) {
    edges.push(
      hasProperties(
        num(CONCEPTS.longAxis, round(lesion.diameterMm, 2), UNITS.millimetre, [
          inferredFrom(
            scoord(CONCEPTS.path, 'POLYLINE', chord.map(toScoordPoint), [
              byReference('SELECTED FROM', imageEntry),
            ]),
          ),
        ]),
      ),
    );
  }
  return edges;
}

/** TID 4017: one detector, run on every image of the library. */
function detectionPerformed(exam: ExamFindings, finding: CodedConcept, images: readonly SrNode[]): SrNode {
  return code(CONCEPTS.detectionPerformed, finding, [
    ...algorithmProperties(exam),
    ...images.map((entry) => byReference('HAS PROPERTIES', entry)),
  ]);
}

/** TID 4019 with HAS PROPERTIES. */
function algorithmProperties(exam: ExamFindings): Edge[] {
  return [
    hasProperties(text(CONCEPTS.algorithmName, exam.model.id)),
    hasProperties(text(CONCEPTS.algorithmVersion, exam.model.version)),
  ];
}
