import type { ReaderFinding, ReaderRegion, ReaderRevision } from '../findings/readerReview';
import { COMPREHENSIVE_3D_SR_STORAGE } from './aiResultsSr';
import { CONCEPTS, DOCUMENT_TITLES, UNITS, VALUES } from './codes';
import { round } from './dicomValues';
import { breastImagingFinding, shapeCode } from './findingCodes';
import { closedOutline, ellipseAxes, toScoordPoint } from './geometry';
import { findingSite, imageLibrary, MM_DECIMALS, tracking, type LibraryImage } from './measurementReport';
import { checkPersonName, personObserver } from './personObserver';
import { READER_EQUIPMENT, SENTINELLE_SERIES_PREFIX } from './sentinelleMarker';
import {
  code,
  container,
  contains,
  hasConceptMod,
  image,
  num,
  scoord,
  selectedFrom,
  text,
  type SrNode,
} from './sr/contentItem';
import { writeSrDocument } from './sr/writeSrDocument';
import { readerFindingTrackingUid } from './tracking';
import {
  DicomRenderError,
  type RenderedDicom,
  type RenderOptions,
  type SourceImage,
  type StudyContext,
} from './types';
import { createUidGenerator } from './uid';

/**
 * Series Description of the reader's revisions: stored data, in DICOM's own words like the AI's
 * ("Sentinelle — SR TID 1500"), told apart from it by DICOM's term for a human observer, PSN
 * (Observer Type (0040,A084): PSN person, DEV device), which the document's own observer context
 * says (Observer Type: Person). A word such as "reader" or "lecteur" would fix one language in data
 * every workstation shows as it is.
 */
export const READER_REVISION_SERIES_DESCRIPTION = `${SENTINELLE_SERIES_PREFIX} — SR TID 1500 PSN`;
const DEFAULT_SERIES_NUMBER = 902;
const UNIT = 'renderReaderRevisionSr';

/** A reader's finding and the image it was marked on. */
interface PlacedFinding {
  readonly finding: ReaderFinding;
  readonly source: SourceImage;
}

/**
 * A radiologist's revision of the AI results as a Comprehensive 3D SR holding a TID 1500
 * Measurement Report, in the study and beside the AI results SR it revises (its Predecessor
 * Document). The observer is the reader (TID 1002/1003: name and login); the image library lists
 * the images the findings are on (every source image when the reader kept no finding); each
 * finding is a TID 1410 group: tracking identifier and UID, finding, the region as the reader
 * drew it (ELLIPSE, closed POLYLINE or POINT, SELECTED FROM its image), finding site and
 * laterality, longest diameter in mm, BI-RADS shape of a mass, the reader's note and the AI
 * finding it comes from as comments. No item carries an AI score. Instance Number is the
 * revision number unless options.instanceNumber is given; the document is complete and
 * unverified (the reader has not signed it).
 */
export function renderReaderRevisionSr(
  revision: ReaderRevision,
  sources: readonly SourceImage[],
  context: StudyContext,
  options: RenderOptions = {},
): RenderedDicom {
  checkPersonName(UNIT, 'reader', revision.reader.personName);
  const placed = placeFindings(revision, sources);
  const library = libraryImages(revision, placed, sources);
  const groups = placed.map(({ finding, source }) => contains(findingGroup(revision, finding, source)));
  const content = container(
    DOCUMENT_TITLES.imagingMeasurementReport,
    [
      hasConceptMod(code(CONCEPTS.language, VALUES.englishUs)),
      ...personObserver(revision.reader),
      hasConceptMod(code(CONCEPTS.procedureReported, VALUES.imagingProcedure)),
      library.length > 0 ? contains(imageLibrary(library, context)) : null,
      groups.length > 0 ? contains(container(CONCEPTS.imagingMeasurements, groups)) : null,
      contains(
        container(CONCEPTS.qualitativeEvaluations, [
          contains(text(CONCEPTS.comment, revisionNotice(revision))),
        ]),
      ),
    ],
    '1500',
  );
  return writeSrDocument({
    sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
    studyInstanceUid: revision.aiSr.studyInstanceUid,
    createdAt: revision.createdAt,
    equipment: READER_EQUIPMENT,
    evidence: library.map(({ source }) => source),
    predecessors: [revision.aiSr],
    instanceNumber: revision.revisionNumber,
    context,
    options,
    newUid: createUidGenerator(options.uidRoot),
    series: { number: DEFAULT_SERIES_NUMBER, description: READER_REVISION_SERIES_DESCRIPTION },
    content,
  });
}

/**
 * Pairs each finding with its source image and checks what the SR cannot hold: an image not
 * given, an image of another study than the AI results, two findings with one id (one tracking
 * UID), a mass shape on calcifications.
 */
function placeFindings(revision: ReaderRevision, sources: readonly SourceImage[]): PlacedFinding[] {
  const bySopInstance = new Map(sources.map((source) => [source.sopInstanceUid, source]));
  const ids = new Set<string>();
  return revision.findings.map((finding) => {
    if (ids.has(finding.id)) {
      throw new DicomRenderError(`${UNIT}: two findings have the id "${finding.id}"`);
    }
    ids.add(finding.id);
    const source = bySopInstance.get(finding.sopInstanceUid);
    if (!source) {
      throw new DicomRenderError(
        `${UNIT}: finding "${finding.id}" is on SOP Instance ${finding.sopInstanceUid}, ` +
          'which is not among the source images given',
      );
    }
    if (finding.type !== 'mass' && finding.shape !== null) {
      throw new DicomRenderError(
        `${UNIT}: finding "${finding.id}" is ${finding.type} but has a mass shape (${finding.shape})`,
      );
    }
    return { finding, source };
  });
}

/**
 * The images the findings are on, in the order of `sources`; every source image when there is
 * no finding (the images the reader found nothing on). All must be in the AI results' study.
 */
function libraryImages(
  revision: ReaderRevision,
  placed: readonly PlacedFinding[],
  sources: readonly SourceImage[],
): LibraryImage[] {
  const marked = new Set(placed.map(({ source }) => source.sopInstanceUid));
  const images = placed.length > 0 ? sources.filter((source) => marked.has(source.sopInstanceUid)) : sources;
  const unique = [...new Map(images.map((source) => [source.sopInstanceUid, source])).values()];
  for (const source of unique) {
    if (source.studyInstanceUid !== revision.aiSr.studyInstanceUid) {
      throw new DicomRenderError(
        `${UNIT}: source image ${source.sopInstanceUid} is in study ${source.studyInstanceUid}, ` +
          `the AI results it revises in study ${revision.aiSr.studyInstanceUid}`,
      );
    }
  }
  return unique.map((source) => ({ source, laterality: source.laterality }));
}

/**
 * TID 1410 group for one reader's finding. Shape and comments are the group's qualitative
 * evaluations; the AI finding a kept or edited finding comes from is named in a comment, as no
 * coded item links a finding to one in another document.
 */
function findingGroup(revision: ReaderRevision, finding: ReaderFinding, source: SourceImage): SrNode {
  const note = finding.note?.trim() ?? '';
  return container(CONCEPTS.measurementGroup, [
    ...tracking(`Reader finding ${finding.id}`, readerFindingTrackingUid(revision, finding)),
    contains(code(CONCEPTS.finding, breastImagingFinding(finding))),
    contains(imageRegion(finding.region, source)),
    source.laterality ? findingSite(source.laterality) : null,
    finding.diameterMm === null
      ? null
      : contains(num(CONCEPTS.longAxis, round(finding.diameterMm, MM_DECIMALS), UNITS.millimetre)),
    finding.shape === null ? null : contains(code(CONCEPTS.shape, shapeCode(finding.shape))),
    note === '' ? null : contains(text(CONCEPTS.comment, note)),
    finding.aiLesionKey === null
      ? null
      : contains(text(CONCEPTS.comment, `Derived from AI finding ${finding.aiLesionKey}`)),
  ]);
}

/** The region as the reader drew it, in SR image coordinates, SELECTED FROM its image. */
function imageRegion(region: ReaderRegion, source: SourceImage): SrNode {
  const from = [
    selectedFrom(image({ sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid })),
  ];
  switch (region.kind) {
    case 'ellipse':
      return scoord(CONCEPTS.imageRegion, 'ELLIPSE', ellipseAxes(region.axes), from);
    case 'polygon':
      return scoord(CONCEPTS.imageRegion, 'POLYLINE', closedOutline(region.points), from);
    case 'point':
      return scoord(CONCEPTS.imageRegion, 'POINT', [toScoordPoint(region.point)], from);
  }
}

/** The document's own comment: what it is, what it revises, and that no AI score is in it. */
function revisionNotice(revision: ReaderRevision): string {
  const { findings, revisionNumber, aiSr } = revision;
  const fromAi = findings.filter((finding) => finding.aiLesionKey !== null).length;
  const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const summary =
    findings.length === 0
      ? 'The reader kept no finding.'
      : `${plural(findings.length, 'finding')} placed by the reader, ${fromAi} of them derived from AI ` +
        'findings; they carry no AI score.';
  return (
    `Reader's revision ${revisionNumber} of the Sentinelle AI results ` +
    `(SR SOP Instance ${aiSr.sopInstanceUid}). ${summary}`
  );
}
