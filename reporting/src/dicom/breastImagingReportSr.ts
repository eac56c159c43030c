import type { BreastLaterality } from '../findings/imageFindings';
import {
  recommendationsFor,
  type ExamType,
  type Recommendation,
  type Report,
  type ReportFinding,
  type ReportSignature,
} from '../report/model';
import { assessmentCode, compositionCode, followUpCode } from './biradsCodes';
import { CONCEPTS, DOCUMENT_TITLES, UNITS, VALUES } from './codes';
import { round } from './dicomValues';
import { breastImagingFinding, breastSideCode, marginCode, shapeCode } from './findingCodes';
import { MM_DECIMALS, tracking } from './measurementReport';
import { checkPersonName, personObserver } from './personObserver';
import { READER_EQUIPMENT } from './sentinelleMarker';
import {
  byReference,
  code,
  container,
  contains,
  date,
  hasConceptMod,
  hasProperties,
  image,
  inferredFrom,
  num,
  text,
  type Edge,
  type SrNode,
} from './sr/contentItem';
import type { InstanceIdentity } from './sr/srDocument';
import { writeSrDocument } from './sr/writeSrDocument';
import { reportFindingTrackingUid } from './tracking';
import {
  DicomRenderError,
  type CodedConcept,
  type RenderedDicom,
  type RenderOptions,
  type SourceImage,
  type StudyContext,
} from './types';
import { createUidGenerator } from './uid';

/**
 * Comprehensive SR rather than Enhanced SR: the breast assessments cite the findings they are
 * inferred from by reference, which Enhanced SR does not allow.
 */
export const COMPREHENSIVE_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.33';
/** In DICOM's own words, the same in French and English (see SENTINELLE_SERIES_PREFIX). */
export const BREAST_IMAGING_REPORT_SERIES_DESCRIPTION = 'Sentinelle — SR TID 4200';
const DEFAULT_SERIES_NUMBER = 903;
const UNIT = 'renderBreastImagingReportSr';

export interface BreastImagingReportOptions extends RenderOptions {
  /**
   * The images the report interprets, from their headers: they become the document's evidence,
   * and each finding marked on one of them refers to it. Without them the SR cites no image.
   */
  readonly sourceImages?: readonly SourceImage[];
  /** The SR of the version an addendum amends: its Predecessor Document. Addenda only. */
  readonly amendedReportSr?: InstanceIdentity;
}

/**
 * A signed report as a DICOM Breast Imaging Report (TID 4200) in a Comprehensive SR, in the
 * study it reports on. The signer is the observer (name, login, organization) and the verifying
 * observer; the document is complete and verified at the signature's time, which is its content
 * time. The narrative (TID 4202) holds the text as signed: procedure, indication, comparison,
 * findings, and the impression, inferred from the findings. The supplementary data (TID 4208)
 * code the procedure (digital mammography, screening or diagnostic, breasts imaged), the breast
 * composition (TID 4205), one findings section per breast (TID 4206: finding, laterality, size,
 * shape and margins, the image it was marked on) and the overall assessment: the overall BI-RADS
 * category inferred from each breast's, each breast's inferred from its findings, and the
 * recommended follow-up, with the breasts it is for. An addendum cites the SR of the version it
 * amends as its predecessor. Instance Number is the report's version unless
 * options.instanceNumber is given.
 */
export function renderBreastImagingReportSr(
  report: Report,
  signature: ReportSignature,
  study: StudyContext,
  options: BreastImagingReportOptions = {},
): RenderedDicom {
  checkIdentity(report, signature, study);
  const predecessors = amendedReport(signature, options);
  const organization = verifyingOrganization(report, options);
  const sources = sourceImages(report, options.sourceImages ?? []);
  const findings = findingNodes(report, signature, sources);
  const content = container(
    DOCUMENT_TITLES.breastImagingReport,
    [
      hasConceptMod(code(CONCEPTS.language, report.content.locale === 'fr' ? VALUES.french : VALUES.english)),
      ...personObserver(signature.signer, organization),
      contains(narrativeSummary(report)),
      contains(supplementaryData(report, findings)),
    ],
    '4200',
  );
  return writeSrDocument({
    sopClassUid: COMPREHENSIVE_SR_STORAGE,
    studyInstanceUid: report.study.studyInstanceUid,
    createdAt: signature.signedAt,
    equipment: READER_EQUIPMENT,
    evidence: sources,
    predecessors,
    verifier: { personName: signature.signer.personName, organization },
    instanceNumber: signature.version,
    context: study,
    options,
    newUid: createUidGenerator(options.uidRoot),
    series: { number: DEFAULT_SERIES_NUMBER, description: BREAST_IMAGING_REPORT_SERIES_DESCRIPTION },
    content,
  });
}

/**
 * The report, the study header and the signature must agree: a report filed under another
 * patient is the worst error a report can make. Finding ids become tracking identifiers, so
 * they must be unique; one assessment per breast.
 */
function checkIdentity(report: Report, signature: ReportSignature, study: StudyContext): void {
  checkPersonName(UNIT, 'signer', signature.signer.personName);
  if (report.patient.id !== study.patientId) {
    throw new DicomRenderError(
      `${UNIT}: the report is about patient ${report.patient.id}, the study header about ` +
        `patient ${study.patientId}`,
    );
  }
  const ids = new Set<string>();
  for (const finding of report.content.findings) {
    if (ids.has(finding.id)) throw new DicomRenderError(`${UNIT}: two findings have the id "${finding.id}"`);
    ids.add(finding.id);
  }
  const assessed = report.content.breastAssessments.map((assessment) => assessment.laterality);
  if (new Set(assessed).size !== assessed.length) {
    throw new DicomRenderError(`${UNIT}: a breast has two assessments`);
  }
}

/** An addendum, and only an addendum, cites the SR of the version it amends. */
function amendedReport(signature: ReportSignature, options: BreastImagingReportOptions): InstanceIdentity[] {
  const predecessor = options.amendedReportSr;
  if (signature.amends !== null && !predecessor) {
    throw new DicomRenderError(
      `${UNIT}: version ${signature.version} amends version ${signature.amends.version}; ` +
        'give the SR of that version as options.amendedReportSr',
    );
  }
  if (signature.amends === null && predecessor) {
    throw new DicomRenderError(
      `${UNIT}: version ${signature.version} amends no report, yet options.amendedReportSr is given`,
    );
  }
  return predecessor ? [predecessor] : [];
}

/** The organization the signer signs for: this site, else the study's institution. */
function verifyingOrganization(report: Report, options: BreastImagingReportOptions): string {
  const organization = options.institutionName ?? report.study.institutionName;
  if (!organization) {
    throw new DicomRenderError(
      `${UNIT}: no institution to name as the verifying organization; set options.institutionName`,
    );
  }
  return organization;
}

/** The source images, all of the reported study. */
function sourceImages(report: Report, sources: readonly SourceImage[]): SourceImage[] {
  const { studyInstanceUid } = report.study;
  for (const source of sources) {
    if (source.studyInstanceUid !== studyInstanceUid) {
      throw new DicomRenderError(
        `${UNIT}: source image ${source.sopInstanceUid} is in study ${source.studyInstanceUid}, ` +
          `the report in study ${studyInstanceUid}`,
      );
    }
  }
  return [...new Map(sources.map((source) => [source.sopInstanceUid, source])).values()];
}

/** A finding's coded item, with the breast it is in. */
interface FindingNode {
  readonly laterality: BreastLaterality;
  readonly node: SrNode;
}

/**
 * TID 4206 row 4 for each finding: finding (CID 6054) and laterality, its id as tracking
 * identifier, longest diameter (TID 1400), BI-RADS shape and margins of a mass, and the image it
 * was marked on (TID 350) when that image is among the sources. A finding on an image not
 * given, or on an image of the other breast, is refused.
 */
function findingNodes(
  report: Report,
  signature: ReportSignature,
  sources: readonly SourceImage[],
): FindingNode[] {
  const bySopInstance = new Map(sources.map((source) => [source.sopInstanceUid, source]));
  return report.content.findings.map((finding) => {
    const source = markedOn(finding, bySopInstance);
    const uid = reportFindingTrackingUid(report.study.studyInstanceUid, signature.version, finding.id);
    const node = code(CONCEPTS.finding, breastImagingFinding(finding), [
      hasConceptMod(code(CONCEPTS.laterality, breastSideCode(finding.laterality))),
      ...tracking(finding.id, uid),
      finding.diameterMm === null
        ? null
        : hasProperties(num(CONCEPTS.longAxis, round(finding.diameterMm, MM_DECIMALS), UNITS.millimetre)),
      finding.shape === null ? null : hasProperties(code(CONCEPTS.shape, shapeCode(finding.shape))),
      finding.margin === null ? null : hasProperties(code(CONCEPTS.margins, marginCode(finding.margin))),
      source
        ? inferredFrom(
            image(
              { sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid },
              [],
              CONCEPTS.bestIllustrationOfFinding,
            ),
          )
        : null,
    ]);
    return { laterality: finding.laterality, node };
  });
}

/** The source image a finding was marked on; null when no sources were given or none is named. */
function markedOn(
  finding: ReportFinding,
  bySopInstance: ReadonlyMap<string, SourceImage>,
): SourceImage | null {
  if (finding.sopInstanceUid === null || bySopInstance.size === 0) return null;
  const source = bySopInstance.get(finding.sopInstanceUid);
  if (!source) {
    throw new DicomRenderError(
      `${UNIT}: finding "${finding.id}" is on SOP Instance ${finding.sopInstanceUid}, ` +
        'which is not among the source images given',
    );
  }
  if (source.laterality !== null && source.laterality !== finding.laterality) {
    throw new DicomRenderError(
      `${UNIT}: finding "${finding.id}" is in the ${breastName(finding.laterality)} breast but ` +
        `marked on an image of the ${breastName(source.laterality)} breast`,
    );
  }
  return source;
}

/**
 * TID 4202: one section per non-empty part of the signed text (CID 6052 title, CID 6053 element).
 * The impression is inferred from the findings text.
 */
function narrativeSummary(report: Report): SrNode {
  const { content, study } = report;
  const section = (title: CodedConcept, element: SrNode): SrNode => container(title, [contains(element)]);
  const textOf = (concept: CodedConcept, value: string | null, children: Edge[] = []): SrNode | null =>
    value !== null && value.trim() !== '' ? text(concept, value.trim(), children) : null;
  const procedure = textOf(CONCEPTS.procedureReported, study.description);
  const indication = textOf(CONCEPTS.reasonForProcedure, content.indication);
  const comparison = textOf(CONCEPTS.comparisonToPreviousExams, content.comparison);
  const findings = textOf(CONCEPTS.finding, content.findingsText);
  const impression = textOf(
    CONCEPTS.impression,
    content.impressionText,
    findings ? [byReference('INFERRED FROM', findings)] : [],
  );
  if (!findings && !impression) {
    throw new DicomRenderError(`${UNIT}: the report has neither findings nor impression text`);
  }
  return container(CONCEPTS.narrativeSummary, [
    procedure && contains(section(CONCEPTS.procedureReported, procedure)),
    indication && contains(section(CONCEPTS.reasonForProcedure, indication)),
    comparison && contains(section(CONCEPTS.comparisonToPreviousExams, comparison)),
    findings && contains(section(CONCEPTS.findings, findings)),
    impression && contains(section(CONCEPTS.impressions, impression)),
  ]);
}

/**
 * TID 4208: the procedure, the composition, one findings section per breast with findings
 * (right first), and the overall assessment.
 */
function supplementaryData(report: Report, findings: readonly FindingNode[]): SrNode {
  const { content } = report;
  const imaged = content.breastAssessments.map((assessment) => assessment.laterality);
  const studyDate = report.study.studyDate.replaceAll('-', '');
  const procedure = (side: CodedConcept): SrNode => procedureReported(content.examType, side, studyDate);
  const sections = (['R', 'L'] as const).flatMap((laterality) => {
    const breastFindings = findings.filter((finding) => finding.laterality === laterality);
    if (breastFindings.length === 0) return [];
    return [
      container(CONCEPTS.findings, [
        contains(procedure(breastSideCode(laterality))),
        ...breastFindings.map(({ node }) => contains(node)),
      ]),
    ];
  });
  return container(CONCEPTS.supplementaryData, [
    contains(procedure(sideOf(imaged))),
    content.composition === null
      ? null
      : contains(
          container(CONCEPTS.breastComposition, [
            contains(
              code(CONCEPTS.breastComposition, compositionCode(content.composition), [
                hasConceptMod(code(CONCEPTS.laterality, sideOf(imaged))),
              ]),
            ),
          ]),
        ),
    ...sections.map(contains),
    contains(overallAssessment(report, findings)),
  ]);
}

/** TID 4201: digital mammography of the given breasts, for screening or diagnosis. */
function procedureReported(examType: ExamType, side: CodedConcept, studyDate: string): SrNode {
  return code(CONCEPTS.procedureReported, VALUES.digitalMammography, [
    hasConceptMod(code(CONCEPTS.laterality, side)),
    hasProperties(
      code(CONCEPTS.reasonForProcedure, examType === 'screening' ? VALUES.screening : VALUES.diagnostic),
    ),
    hasProperties(date(CONCEPTS.studyDate, studyDate)),
  ]);
}

/**
 * TID 4203 in the Overall Assessment: the overall category, inferred from each breast's category
 * (with its laterality), each inferred from that breast's findings (by reference: they stand in
 * the findings sections); then each recommendation with the breasts whose category calls for it.
 */
function overallAssessment(report: Report, findings: readonly FindingNode[]): SrNode {
  const { content } = report;
  const breasts = content.breastAssessments.map(({ laterality, assessment }) =>
    inferredFrom(
      code(CONCEPTS.assessmentCategory, assessmentCode(assessment), [
        hasConceptMod(code(CONCEPTS.laterality, breastSideCode(laterality))),
        ...findings
          .filter((finding) => finding.laterality === laterality)
          .map(({ node }) => byReference('INFERRED FROM', node)),
      ]),
    ),
  );
  return container(CONCEPTS.overallAssessment, [
    contains(code(CONCEPTS.assessmentCategory, assessmentCode(content.overallAssessment), breasts)),
    ...content.recommendations.map((recommendation) => {
      const breastsFor = breastsCallingFor(report, recommendation);
      return contains(
        code(CONCEPTS.recommendedFollowUp, followUpCode(recommendation), [
          breastsFor.length > 0 && hasConceptMod(code(CONCEPTS.laterality, sideOf(breastsFor))),
        ]),
      );
    }),
  ]);
}

/** The breasts whose BI-RADS category calls for this recommendation; none for the reader's own. */
function breastsCallingFor(report: Report, recommendation: Recommendation): BreastLaterality[] {
  return report.content.breastAssessments
    .filter(({ assessment }) => recommendationsFor(assessment).includes(recommendation))
    .map(({ laterality }) => laterality);
}

/** CID 6022: one breast, or both. */
function sideOf(breasts: readonly BreastLaterality[]): CodedConcept {
  const [only] = breasts;
  return new Set(breasts).size === 1 && only ? breastSideCode(only) : VALUES.bothBreasts;
}

function breastName(laterality: BreastLaterality): string {
  return laterality === 'R' ? 'right' : 'left';
}
