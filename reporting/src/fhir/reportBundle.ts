/**
 * A signed breast-imaging report as FHIR R4: a DiagnosticReport with its Observations (breast
 * composition, each finding, the BI-RADS assessment of each breast), the Patient, the signing
 * Practitioner and the performing Organization, in one Bundle.
 *
 * The Bundle is a "collection", not a "document": a FHIR document is a Composition (first entry)
 * with the resources it cites, attested as a whole. Sentinelle's signed artefact is the PDF, carried
 * in DiagnosticReport.presentedForm; the DiagnosticReport is the results-reporting resource RIS and
 * EHR consumers expect, and a collection transports it with what it references.
 *
 * Each signed version is its own DiagnosticReport (ids depend on the study and the version), so the
 * signed original stays as it was. An addendum has status "appended" (R4: "subsequent to being
 * final, the report has been modified by adding new content; the existing content is unchanged")
 * and names the version it supplements with the core extension diagnosticReport-addendumOf.
 */
import { createHash } from 'node:crypto';
import type {
  Attachment,
  Bundle,
  BundleEntry,
  CodeableConcept,
  DiagnosticReport,
  Extension,
  HumanName,
  Identifier,
  ImagingStudy,
  Observation,
  ObservationComponent,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { BiradsCategory } from '../findings/readerReview';
import {
  ReportSchema,
  ReportSignatureSchema,
  type BreastAssessment,
  type BreastComposition,
  type Report,
  type ReportFinding,
  type ReportLocale,
  type ReportSignature,
} from '../report/model';
import { localDateAndTime } from '../report/text/dates';
import {
  ACCESSION_ID,
  BIRADS_CODES,
  breastSite,
  COMPOSITION_CODES,
  EXTENSIONS,
  findingType,
  IMAGING_CATEGORY,
  MARGIN_CODES,
  MEDICAL_RECORD_NUMBER,
  OBSERVATION_CODES,
  RADIOLOGY_SECTION,
  REPORT_CODES,
  shapeCoding,
  SYSTEMS,
} from './codes';
import { aiSummaryTextFor } from '../report/text/aiSummaryText';
import { derivedId, isUuid } from './ids';
import {
  lines,
  narrativeDiv,
  narrativeWords,
  richText,
  tag,
  type NarrativeWords,
  type Xhtml,
} from './narrative';
import { fhirErrors } from './validate';

/** What the report itself does not say: where its resources live and who they belong to. */
export interface FhirReportRefs {
  /** Logical id of the Patient on the FHIR server the resources belong to (the bridge's FHIR API). */
  readonly patientId: string;
  /** Issuer of the DICOM Patient ID, as an identifier system (URI), when the deployment has one. */
  readonly patientIdSystem?: string;
  /** Logical id of the study's ImagingStudy on that server, when it has one. The Study Instance UID
   * identifies the study either way. */
  readonly imagingStudyId?: string;
  /** The performing organization (the imaging centre). */
  readonly organizationName: string;
  /** Identifier system (URI) of user logins, when the deployment has one. */
  readonly loginSystem?: string;
  /**
   * Base URL of that FHIR server: entries get "<baseUrl>/<type>/<id>" as fullUrl and reference each
   * other as "<type>/<id>". Without it, fullUrls and references are "urn:uuid:…".
   */
  readonly baseUrl?: string;
  /** The signed PDF, carried as DiagnosticReport.presentedForm. */
  readonly pdf?: Uint8Array;
  /** IANA time zone the narrative states times in, as the PDF does (Europe/Paris by default). */
  readonly timeZone?: string;
}

/** The input cannot become a valid FHIR report (or, a bug, the output would not be valid). */
export class FhirRenderError extends Error {
  override readonly name = 'FhirRenderError';
}

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
const INSTANT_PATTERN =
  /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

/** FHIR instants need seconds and a zone; other ISO date-times are written as UTC milliseconds. */
function toInstant(iso: string): string {
  return INSTANT_PATTERN.test(iso) ? iso : new Date(iso).toISOString();
}

/**
 * "2024-05-14T10:32:00Z" as the narratives show it, on the site's clocks as the PDF does:
 * "14/05/2024 à 12h32", "14 May 2024 at 12:32".
 */
function displayInstant(instant: string, locale: ReportLocale, timeZone: string | undefined): string {
  const { date, time } = localDateAndTime(locale, instant, timeZone);
  return locale === 'fr' ? `${date} à ${time}` : `${date} at ${time}`;
}

interface PersonName {
  readonly name: HumanName;
  readonly display: string;
}

/** A DICOM person name ("DUPONT^Marie^^Dr") as a HumanName; its first (alphabetic) group only. */
function personName(dicomName: string): PersonName {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = (dicomName.split('=')[0] ?? '')
    .split('^')
    .map((part) => part.trim());
  const givens = [given, ...middle.split(/\s+/)].filter((part) => part !== '');
  const display =
    [prefix, family, ...givens, suffix].filter((part) => part !== '').join(' ') || dicomName.trim();
  return {
    display,
    name: {
      text: display,
      ...(family ? { family } : {}),
      ...(givens.length ? { given: givens } : {}),
      ...(prefix ? { prefix: [prefix] } : {}),
      ...(suffix ? { suffix: [suffix] } : {}),
    },
  };
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function nonEmpty(text: string): string | undefined {
  return text.trim() === '' ? undefined : text;
}

function dicomUidIdentifier(uid: string): Identifier {
  return { system: SYSTEMS.dicomUid, value: `urn:oid:${uid}` };
}

function uuidIdentifier(id: string): Identifier {
  return { system: SYSTEMS.uri, value: `urn:uuid:${id}` };
}

function checkInputs(report: Report, signature: ReportSignature, refs: FhirReportRefs): void {
  const reportCheck = ReportSchema.safeParse(report);
  if (!reportCheck.success) throw new FhirRenderError(`invalid report: ${reportCheck.error.message}`);
  const signatureCheck = ReportSignatureSchema.safeParse(signature);
  if (!signatureCheck.success)
    throw new FhirRenderError(`invalid signature: ${signatureCheck.error.message}`);
  const { version, amends } = signature;
  if ((version === 1) !== (amends === null)) {
    throw new FhirRenderError('version 1 is the original report; every later version amends an earlier one');
  }
  if (amends !== null && amends.version >= version) {
    throw new FhirRenderError(`version ${version} cannot amend version ${amends.version}`);
  }
  if (!ID_PATTERN.test(refs.patientId)) throw new FhirRenderError(`"${refs.patientId}" is not a FHIR id`);
  if (refs.imagingStudyId !== undefined && !ID_PATTERN.test(refs.imagingStudyId)) {
    throw new FhirRenderError(`"${refs.imagingStudyId}" is not a FHIR id`);
  }
  if (refs.organizationName.trim() === '') throw new FhirRenderError('the organization needs a name');
  if (refs.baseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(refs.baseUrl)) {
    throw new FhirRenderError(`"${refs.baseUrl}" is not an http(s) base URL`);
  }
}

/** How resources are addressed inside the bundle: absolute URLs on a server, else urn:uuid. */
class Addresses {
  private readonly base: string | undefined;

  constructor(baseUrl: string | undefined) {
    this.base = baseUrl?.replace(/\/+$/, '');
  }

  fullUrl(type: string, id: string): string {
    if (this.base !== undefined) return `${this.base}/${type}/${id}`;
    return `urn:uuid:${isUuid(id) ? id : derivedId(type, 'fullUrl', id)}`;
  }

  reference<T extends Resource>(type: T['resourceType'], id: string, display?: string): Reference<T> {
    const reference = this.base !== undefined ? `${type}/${id}` : this.fullUrl(type, id);
    return { reference, ...(display ? { display } : {}) };
  }

  /** A resource outside the bundle: a literal reference on a server, its identifier in any case. */
  external<T extends Resource>(
    type: T['resourceType'],
    id: string | undefined,
    identifier: Identifier,
    display?: string,
  ): Reference<T> {
    return {
      ...(id !== undefined && this.base !== undefined ? { reference: `${type}/${id}` } : {}),
      type,
      identifier,
      ...(display ? { display } : {}),
    };
  }
}

function biradsConcept(category: BiradsCategory, words: NarrativeWords): CodeableConcept {
  return { coding: [...BIRADS_CODES[category]], text: words.biradsText(category) };
}

function pdfAttachment(pdf: Uint8Array, title: string, language: string, creation: string): Attachment {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  return {
    contentType: 'application/pdf',
    language,
    data: bytes.toString('base64'),
    size: bytes.length,
    // R4 Attachment.hash: the SHA-1 of the data, base64.
    hash: createHash('sha1').update(bytes).digest('base64'),
    title,
    creation,
  };
}

/** The finding's place: "Sein droit, quadrant supéro-externe, 10 h". */
function findingSite(finding: ReportFinding, words: NarrativeWords): string {
  return [
    words.breast[finding.laterality],
    ...(finding.location ? [words.location[finding.location]] : []),
    ...(finding.clockPosition !== null ? [words.clock(finding.clockPosition)] : []),
  ].join(', ');
}

function findingSummary(finding: ReportFinding, words: NarrativeWords): string {
  const size =
    finding.diameterMm !== null
      ? `${words.sizeLabel} ${words.number(finding.diameterMm, 1)} mm`
      : `${words.sizeLabel} ${words.notMeasured}`;
  return [
    size,
    ...(finding.shape ? [`${words.shapeLabel} ${words.shape[finding.shape]}`] : []),
    ...(finding.margin ? [`${words.marginLabel} ${words.margin[finding.margin]}`] : []),
    ...(finding.views.length ? [words.views(finding.views)] : []),
  ].join(', ');
}

/** What the resource builders share: the report, how resources are addressed, what they all cite. */
interface Rendering {
  readonly report: Report;
  readonly signature: ReportSignature;
  readonly refs: FhirReportRefs;
  readonly words: NarrativeWords;
  readonly at: Addresses;
  /** Signature time as a FHIR instant. */
  readonly signedAt: string;
  readonly ids: {
    readonly report: string;
    readonly bundle: string;
    readonly practitioner: string;
    readonly organization: string;
    readonly observation: (...key: string[]) => string;
    readonly reportVersion: (version: number) => string;
  };
  readonly patientName: PersonName;
  readonly signerName: PersonName;
  readonly subject: Reference<Patient>;
  readonly interpreter: Reference<Practitioner>;
  readonly organization: Reference<Organization>;
  readonly imagingStudy: Reference<ImagingStudy>;
}

function rendering(report: Report, signature: ReportSignature, refs: FhirReportRefs): Rendering {
  const words = narrativeWords(report.content.locale);
  const at = new Addresses(refs.baseUrl);
  const uid = report.study.studyInstanceUid;
  const version = String(signature.version);
  const patientName = personName(report.patient.name);
  const signerName = personName(signature.signer.personName);
  const ids = {
    report: derivedId('DiagnosticReport', uid, version),
    bundle: derivedId('Bundle', uid, version),
    practitioner: derivedId('Practitioner', refs.loginSystem ?? '', signature.signer.login),
    organization: derivedId('Organization', refs.organizationName),
    observation: (...key: string[]) => derivedId('Observation', uid, version, ...key),
    reportVersion: (other: number) => derivedId('DiagnosticReport', uid, String(other)),
  };
  return {
    report,
    signature,
    refs,
    words,
    at,
    signedAt: toInstant(signature.signedAt),
    ids,
    patientName,
    signerName,
    subject: at.reference<Patient>('Patient', refs.patientId, patientName.display),
    interpreter: at.reference<Practitioner>('Practitioner', ids.practitioner, signerName.display),
    organization: at.reference<Organization>('Organization', ids.organization, refs.organizationName),
    imagingStudy: at.external<ImagingStudy>(
      'ImagingStudy',
      refs.imagingStudyId,
      dicomUidIdentifier(uid),
      nonEmpty(report.study.description ?? ''),
    ),
  };
}

/** An Observation of the report: final, imaging, about the patient, seen at the study, signed. */
function observation(
  r: Rendering,
  id: string,
  summary: readonly Xhtml[],
  body: Omit<Observation, 'resourceType' | 'status' | 'code'> & Pick<Observation, 'code'>,
): Observation {
  const { code, ...rest } = body;
  const locale = r.report.content.locale;
  return {
    resourceType: 'Observation',
    id,
    language: locale,
    text: { status: 'generated', div: narrativeDiv(locale, summary) },
    status: 'final',
    category: [{ coding: [IMAGING_CATEGORY] }],
    code,
    subject: r.subject,
    effectiveDateTime: r.report.study.studyDate,
    issued: r.signedAt,
    performer: [r.interpreter],
    ...rest,
  };
}

/** A finding: its type as code, its size (longest diameter, what the report measures of it) as value. */
function findingObservation(r: Rendering, finding: ReportFinding): Observation {
  const { words } = r;
  const components: ObservationComponent[] = [];
  if (finding.shape) {
    components.push({
      code: { coding: [OBSERVATION_CODES.shape], text: sentenceCase(words.shapeLabel) },
      valueCodeableConcept: { coding: [shapeCoding(finding.shape)], text: words.shape[finding.shape] },
    });
  }
  if (finding.margin) {
    components.push({
      code: { coding: [OBSERVATION_CODES.margins], text: sentenceCase(words.marginLabel) },
      valueCodeableConcept: { coding: [MARGIN_CODES[finding.margin]], text: words.margin[finding.margin] },
    });
  }
  if (finding.aiScore !== null) {
    components.push({
      code: { coding: [OBSERVATION_CODES.probabilityOfCancer], text: words.aiScoreLabel },
      valueQuantity: {
        value: finding.aiScore,
        unit: 'probability',
        system: SYSTEMS.ucum,
        code: '{probability}',
      },
    });
  }
  const site = findingSite(finding, words);
  const summary = tag('p', [
    tag('b', words.findingType[finding.type]),
    ` — ${site}${words.colon}${findingSummary(finding, words)}`,
  ]);
  return observation(r, r.ids.observation('finding', finding.id), [summary], {
    code: { coding: [findingType(finding.type)], text: words.findingType[finding.type] },
    ...(finding.diameterMm !== null
      ? { valueQuantity: { value: finding.diameterMm, unit: 'mm', system: SYSTEMS.ucum, code: 'mm' } }
      : {}),
    bodySite: { coding: [breastSite(finding.laterality)], text: site },
    derivedFrom: [r.imagingStudy],
    ...(components.length ? { component: components } : {}),
  });
}

function compositionObservation(r: Rendering, composition: BreastComposition): Observation {
  const { words } = r;
  const summary = tag('p', [
    tag('b', words.compositionTitle),
    `${words.colon}${words.composition[composition]}`,
  ]);
  return observation(r, r.ids.observation('composition'), [summary], {
    code: { coding: [OBSERVATION_CODES.breastComposition], text: words.compositionTitle },
    valueCodeableConcept: { coding: [COMPOSITION_CODES[composition]], text: words.composition[composition] },
    derivedFrom: [r.imagingStudy],
  });
}

/** A breast's BI-RADS assessment, inferred from its findings (derivedFrom, as the SR's INFERRED FROM). */
function assessmentObservation(
  r: Rendering,
  assessment: BreastAssessment,
  findings: readonly { readonly finding: ReportFinding; readonly observation: Observation }[],
): Observation {
  const { words } = r;
  const sources = findings
    .filter(({ finding }) => finding.laterality === assessment.laterality)
    .map(({ observation: item }) => r.at.reference<Observation>('Observation', item.id ?? ''));
  const summary = tag('p', [
    tag('b', `${words.assessmentTitle} — ${words.breast[assessment.laterality]}`),
    `${words.colon}${words.biradsText(assessment.assessment)}`,
  ]);
  return observation(r, r.ids.observation('assessment', assessment.laterality), [summary], {
    code: { coding: [OBSERVATION_CODES.assessmentCategory], text: words.assessmentTitle },
    valueCodeableConcept: biradsConcept(assessment.assessment, words),
    bodySite: { coding: [breastSite(assessment.laterality)], text: words.breast[assessment.laterality] },
    derivedFrom: sources.length ? sources : [r.imagingStudy],
  });
}

function diagnosticReportResource(r: Rendering, observations: readonly Observation[]): DiagnosticReport {
  const { report, signature, words, at } = r;
  const { study, content } = report;
  const locale = content.locale;
  const examTitle = words.examTitle[content.examType];
  const amends = signature.amends;
  const addendumOf: Extension | undefined =
    amends === null
      ? undefined
      : {
          url: EXTENSIONS.addendumOf,
          valueReference: at.external<DiagnosticReport>(
            'DiagnosticReport',
            r.ids.reportVersion(amends.version),
            uuidIdentifier(r.ids.reportVersion(amends.version)),
            words.reportVersion(amends.version),
          ),
        };
  const accession = nonEmpty(study.accessionNumber ?? '');
  return {
    resourceType: 'DiagnosticReport',
    id: r.ids.report,
    language: locale,
    // "additional": the narrative holds the signed text, which no structured element carries whole.
    text: { status: 'additional', div: narrativeDiv(locale, reportNarrative(r)) },
    ...(addendumOf ? { extension: [addendumOf] } : {}),
    identifier: [uuidIdentifier(r.ids.report)],
    ...(accession
      ? {
          basedOn: [
            { type: 'ServiceRequest', identifier: { type: { coding: [ACCESSION_ID] }, value: accession } },
          ],
        }
      : {}),
    status: amends === null ? 'final' : 'appended',
    category: [{ coding: [RADIOLOGY_SECTION] }],
    code: { coding: [REPORT_CODES[content.examType]], text: examTitle },
    subject: r.subject,
    effectiveDateTime: study.studyDate,
    issued: r.signedAt,
    performer: [r.organization],
    resultsInterpreter: [r.interpreter],
    result: observations.map((item) => at.reference<Observation>('Observation', item.id ?? '')),
    imagingStudy: [r.imagingStudy],
    ...(nonEmpty(content.impressionText) ? { conclusion: content.impressionText } : {}),
    conclusionCode: [biradsConcept(content.overallAssessment, words)],
    ...(r.refs.pdf
      ? {
          presentedForm: [
            pdfAttachment(r.refs.pdf, words.pdfTitle(examTitle, signature.version), locale, r.signedAt),
          ],
        }
      : {}),
  };
}

/** "DUPONT Marie, née le 12/03/1968 — Identifiant patient : 123". */
function patientLine(r: Rendering): (string | Xhtml)[] {
  const { patient } = r.report;
  const { words } = r;
  return [
    tag('b', r.patientName.display),
    ...(patient.birthDate ? [`, ${words.born(patient.sex, words.date(patient.birthDate))}`] : []),
    ` — ${words.patientId}${words.colon}${patient.id}`,
  ];
}

function patientResource(r: Rendering): Patient {
  const { patient, content } = r.report;
  return {
    resourceType: 'Patient',
    id: r.refs.patientId,
    language: content.locale,
    text: { status: 'generated', div: narrativeDiv(content.locale, [tag('p', patientLine(r))]) },
    identifier: [
      {
        type: { coding: [MEDICAL_RECORD_NUMBER] },
        ...(r.refs.patientIdSystem ? { system: r.refs.patientIdSystem } : {}),
        value: patient.id,
      },
    ],
    name: [r.patientName.name],
    ...(patient.sex ? { gender: ({ F: 'female', M: 'male', O: 'other' } as const)[patient.sex] } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
  };
}

function practitionerResource(r: Rendering): Practitioner {
  const locale = r.report.content.locale;
  const { login } = r.signature.signer;
  const line = tag('p', [tag('b', r.signerName.display), ` — ${r.words.login}${r.words.colon}${login}`]);
  return {
    resourceType: 'Practitioner',
    id: r.ids.practitioner,
    language: locale,
    text: { status: 'generated', div: narrativeDiv(locale, [line]) },
    identifier: [{ ...(r.refs.loginSystem ? { system: r.refs.loginSystem } : {}), value: login }],
    name: [r.signerName.name],
  };
}

function organizationResource(r: Rendering): Organization {
  const locale = r.report.content.locale;
  return {
    resourceType: 'Organization',
    id: r.ids.organization,
    language: locale,
    text: { status: 'generated', div: narrativeDiv(locale, [tag('p', r.refs.organizationName)]) },
    name: r.refs.organizationName,
  };
}

/**
 * The FHIR R4 Bundle of a signed report. Ids and fullUrls depend only on the inputs; the bundle is
 * validated against the R4 definitions before it is returned (FhirRenderError otherwise).
 */
export function reportToFhirBundle(report: Report, signature: ReportSignature, refs: FhirReportRefs): Bundle {
  checkInputs(report, signature, refs);
  const r = rendering(report, signature, refs);
  const { content } = report;
  const findings = content.findings.map((finding) => ({
    finding,
    observation: findingObservation(r, finding),
  }));
  const observations = [
    ...(content.composition ? [compositionObservation(r, content.composition)] : []),
    ...findings.map(({ observation: item }) => item),
    ...content.breastAssessments.map((assessment) => assessmentObservation(r, assessment, findings)),
  ];
  const entry = (resource: Resource & { id?: string }): BundleEntry => ({
    fullUrl: r.at.fullUrl(resource.resourceType, resource.id ?? ''),
    resource,
  });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    id: r.ids.bundle,
    identifier: uuidIdentifier(r.ids.bundle),
    type: 'collection',
    timestamp: r.signedAt,
    entry: [
      entry(diagnosticReportResource(r, observations)),
      ...observations.map(entry),
      entry(patientResource(r)),
      entry(practitionerResource(r)),
      entry(organizationResource(r)),
    ],
  };
  const errors = fhirErrors(bundle);
  if (errors.length) {
    const list = errors.map((problem) => `${problem.path}: ${problem.message}`).join('\n');
    throw new FhirRenderError(`the FHIR rendering is not valid R4:\n${list}`);
  }
  return bundle;
}

/** The DiagnosticReport's narrative: the signed report as text, in its language. */
function reportNarrative(r: Rendering): Xhtml[] {
  const { report, signature, words } = r;
  const { study, content } = report;
  const blocks: Xhtml[] = [
    tag('h1', words.examTitle[content.examType]),
    tag('p', [
      ...patientLine(r),
      tag('br'),
      `${words.studyDate}${words.colon}${words.date(study.studyDate)}`,
      ...(study.accessionNumber ? [` — ${words.accession}${words.colon}${study.accessionNumber}`] : []),
    ]),
  ];
  const section = (heading: string, body: readonly Xhtml[]): void => {
    blocks.push(tag('h2', heading), ...body);
  };
  const paragraph = (heading: string, text: string): void => {
    if (nonEmpty(text)) section(heading, [tag('p', lines(text))]);
  };
  paragraph(words.headings.indication, content.indication);
  paragraph(words.headings.comparison, content.comparison);
  if (content.composition) paragraph(words.headings.composition, words.composition[content.composition]);
  paragraph(words.headings.findings, content.findingsText);
  paragraph(words.headings.impression, content.impressionText);
  section(words.headings.assessment, [
    tag('ul', [
      ...content.breastAssessments.map((item) =>
        tag('li', `${words.breast[item.laterality]}${words.colon}${words.biradsText(item.assessment)}`),
      ),
      tag('li', [tag('b', `${words.overall}${words.colon}${words.biradsText(content.overallAssessment)}`)]),
    ]),
  ]);
  if (content.recommendations.length) {
    const items = content.recommendations.map((item) => tag('li', words.recommendation[item]));
    section(words.headings.recommendations, [tag('ul', items)]);
  }
  if (content.notes.length) section(words.headings.notes, richText(content.notes));
  if (content.aiSummary) {
    // The report's own AI summary: the narrative counts and lists the lesions as the PDF does.
    const { model } = content.aiSummary;
    const summary = words.aiSummary(
      aiSummaryTextFor(content.aiSummary, content.locale).text,
      `${model.id} ${model.version}`,
      model.researchOnly,
    );
    section(words.headings.ai, [tag('p', summary)]);
  }
  const signer = r.signerName.display;
  blocks.push(
    tag('p', tag('i', words.signedBy(signer, displayInstant(r.signedAt, content.locale, r.refs.timeZone)))),
  );
  if (signature.amends) {
    const { version, signedAt } = signature.amends;
    blocks.push(
      tag(
        'p',
        tag(
          'i',
          words.addendum(
            signature.version,
            version,
            displayInstant(signedAt, content.locale, r.refs.timeZone),
          ),
        ),
      ),
    );
  }
  return blocks;
}
