import type { ExamFindings } from '../findings/examFindings';
import type { Lesion } from '../findings/lesion';
import { CONCEPTS, DOCUMENT_TITLES, UNITS, VALUES } from './codes';
import { round } from './dicomValues';
import { breastSideCode, shapeCode, singleImageFinding } from './findingCodes';
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
import { lesionTrackingUid } from './tracking';
import type { CodedConcept, RenderedDicom, RenderOptions, SourceImage, StudyContext } from './types';
import { createUidGenerator } from './uid';
import { mammographyViewCode } from './viewCodes';

export const MAMMOGRAPHY_CAD_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.50';
const DEFAULT_SERIES_NUMBER = 902;

/**
 * The findings as a Mammography CAD SR (TID 4000), the form PACS mammography workstations
 * display as CAD marks. Each lesion is an individual impression (TID 4003) holding one single
 * image finding (TID 4006): a calcification cluster, or for a mass a BI-RADS "density" (a mass
 * candidate seen on one view), with its centre and outline on the image, its certainty in %, its
 * shape or calcification count and its longest axis. Lesions at or above the model's lesion
 * threshold are "Presentation Required", the others "Presentation Optional". Detections
 * performed (TID 4015) list both detectors and the images they ran on; no analysis (TID 4016)
 * is claimed.
 */
export function renderMammoCadSr(
  exam: ExamFindings,
  sources: readonly SourceImage[],
  context: StudyContext,
  options: RenderOptions = {},
): RenderedDicom {
  const linked = linkSources(exam, sources, 'renderMammoCadSr');
  const library = linked.images.map((linkedImage) => ({
    linkedImage,
    entry: libraryEntry(linkedImage, context),
  }));
  const entries = library.map(({ entry }) => entry);
  const impressions = library.flatMap(({ linkedImage, entry }) =>
    linkedImage.findings.lesions.map((lesion) =>
      inferredFrom(
        individualImpression(exam, linkedImage, lesion, entry, lesionTrackingUid(exam, linkedImage, lesion)),
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
    series: { number: DEFAULT_SERIES_NUMBER, description: aiSeriesDescription('Mammography CAD') },
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

/** TID 4003 holding one TID 4006 single image finding. */
function individualImpression(
  exam: ExamFindings,
  linkedImage: LinkedImage,
  lesion: Lesion,
  imageEntry: SrNode,
  trackingUid: string,
): SrNode {
  const intent = lesion.aboveThreshold ? VALUES.presentationRequired : VALUES.presentationOptional;
  return container(CONCEPTS.individualImpression, [
    hasConceptMod(code(CONCEPTS.renderingIntent, intent)),
    contains(
      code(CONCEPTS.singleImageFinding, singleImageFinding(lesion), [
        hasConceptMod(code(CONCEPTS.renderingIntent, intent)),
        hasObsContext(text(CONCEPTS.trackingIdentifier, `${linkedImage.label} ${lesion.id}`)),
        hasObsContext(uidref(CONCEPTS.trackingUid, trackingUid)),
        ...algorithmProperties(exam),
        hasProperties(num(CONCEPTS.certaintyOfFinding, round(lesion.score * 100, 2), UNITS.percent)),
        hasProperties(
          scoord(
            CONCEPTS.center,
            'POINT',
            [toScoordPoint(lesion.centre)],
            [byReference('SELECTED FROM', imageEntry)],
          ),
        ),
        hasProperties(
          scoord(CONCEPTS.outline, 'POLYLINE', closedOutline(lesion.outline), [
            byReference('SELECTED FROM', imageEntry),
          ]),
        ),
        ...descriptors(lesion, imageEntry),
      ]),
    ),
  ]);
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
