import { createHash } from 'node:crypto';
import type {
  Bundle,
  CodeableConcept,
  DiagnosticReport,
  Observation,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { FhirRenderError, reportToFhirBundle, type FhirReportRefs } from './reportBundle';
import {
  ADDENDUM_REPORT,
  ADDENDUM_SIGNATURE,
  FRENCH_REPORT,
  ORIGINAL_SIGNATURE,
  SIGNED_PDF,
  STUDY_UID,
} from './testing/reports';
import { fhirProblems, xhtmlProblems } from './validate';

const REFS: FhirReportRefs = {
  patientId: 'pat-42',
  patientIdSystem: 'urn:oid:1.2.250.1.999.1.1',
  organizationName: "Centre d'imagerie de l'Étoile",
  loginSystem: 'urn:sentinelle:login',
  pdf: SIGNED_PDF,
};
const SERVER_REFS: FhirReportRefs = {
  ...REFS,
  baseUrl: 'https://fhir.example.org/fhir/',
  imagingStudyId: 'study-7',
};

const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';

let original: Bundle;
let addendum: Bundle;

beforeAll(() => {
  original = reportToFhirBundle(FRENCH_REPORT, ORIGINAL_SIGNATURE, REFS);
  addendum = reportToFhirBundle(ADDENDUM_REPORT, ADDENDUM_SIGNATURE, SERVER_REFS);
});

function resources(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((entry) => {
    if (!entry.resource) throw new Error('entry without a resource');
    return entry.resource;
  });
}

function only<T extends Resource>(bundle: Bundle, type: T['resourceType']): T {
  const found = resources(bundle).filter((resource): resource is T => resource.resourceType === type);
  if (found.length !== 1 || !found[0]) throw new Error(`expected one ${type}, got ${found.length}`);
  return found[0];
}

function observations(bundle: Bundle): Observation[] {
  return resources(bundle).filter(
    (resource): resource is Observation => resource.resourceType === 'Observation',
  );
}

function codes(concept: CodeableConcept | undefined): string[] {
  return (concept?.coding ?? []).map((coding) => `${coding.system}|${coding.code}`);
}

/** The Observation a reference points to, resolved through the bundle's fullUrls. */
function resolve(bundle: Bundle, reference: Reference | undefined): Resource | undefined {
  return bundle.entry?.find((entry) => entry.fullUrl === reference?.reference)?.resource;
}

function assessment(bundle: Bundle, bodySite: string): Observation {
  const found = observations(bundle).find(
    (item) =>
      codes(item.code).includes('http://dicom.nema.org/resources/ontology/DCM|111005') &&
      codes(item.bodySite).includes(`${SCT}|${bodySite}`),
  );
  if (!found) throw new Error(`no assessment for ${bodySite}`);
  return found;
}

test('reportToFhirBundle renders a signed report as a collection whose every resource is valid FHIR R4', () => {
  expect(original.type).toBe('collection');
  expect(original.timestamp).toBe('2024-05-14T16:42:07Z');
  expect(fhirProblems(original)).toEqual([]);
  for (const resource of resources(original)) expect(fhirProblems(resource)).toEqual([]);
  expect(fhirProblems(addendum)).toEqual([]);
  for (const resource of resources(addendum)) expect(fhirProblems(resource)).toEqual([]);
  expect(resources(original).map((resource) => resource.resourceType)).toEqual([
    'DiagnosticReport',
    'Observation',
    'Observation',
    'Observation',
    'Observation',
    'Observation',
    'Patient',
    'Practitioner',
    'Organization',
  ]);
});

test('reportToFhirBundle codes the DiagnosticReport as a final radiology report of a diagnostic mammogram', () => {
  const report = only<DiagnosticReport>(original, 'DiagnosticReport');
  expect(report.status).toBe('final');
  expect(report.extension).toBeUndefined();
  expect(codes(report.category?.[0])).toEqual(['http://terminology.hl7.org/CodeSystem/v2-0074|RAD']);
  expect(report.code.coding).toEqual([{ system: LOINC, code: '24605-8', display: 'MG Breast Diagnostic' }]);
  expect(report.code.text).toBe('Mammographie de diagnostic');
  expect(report.effectiveDateTime).toBe('2024-05-14');
  expect(report.issued).toBe('2024-05-14T16:42:07Z');
  expect(report.language).toBe('fr');
  expect(report.conclusion).toBe(FRENCH_REPORT.content.impressionText);
  // Overall BI-RADS 4: SNOMED CT "Mammography assessment (Category 4)".
  expect(codes(report.conclusionCode?.[0])).toEqual([`${SCT}|397144001`]);
  expect(report.imagingStudy?.[0]?.identifier).toEqual({
    system: 'urn:dicom:uid',
    value: `urn:oid:${STUDY_UID}`,
  });
  expect(report.basedOn?.[0]?.identifier?.value).toBe('ACC2024-0517');
  expect(resolve(original, report.subject)).toMatchObject({ resourceType: 'Patient', id: 'pat-42' });
  expect(resolve(original, report.performer?.[0])).toMatchObject({
    resourceType: 'Organization',
    name: "Centre d'imagerie de l'Étoile",
  });
  expect(report.result?.map((reference) => resolve(original, reference)?.resourceType)).toEqual(
    Array(5).fill('Observation'),
  );
});

test('reportToFhirBundle uses the screening LOINC code for a screening mammogram', () => {
  const screening = reportToFhirBundle(
    { ...FRENCH_REPORT, content: { ...FRENCH_REPORT.content, examType: 'screening' } },
    ORIGINAL_SIGNATURE,
    REFS,
  );
  expect(codes(only<DiagnosticReport>(screening, 'DiagnosticReport').code)).toEqual([`${LOINC}|24606-6`]);
});

test('reportToFhirBundle names the signer as results interpreter, a Practitioner with the login as identifier', () => {
  const report = only<DiagnosticReport>(original, 'DiagnosticReport');
  const signer = resolve(original, report.resultsInterpreter?.[0]) as Practitioner;
  expect(signer.resourceType).toBe('Practitioner');
  expect(signer.identifier).toEqual([{ system: 'urn:sentinelle:login', value: 'cmartin' }]);
  expect(signer.name).toEqual([
    { text: 'Dr MARTIN Claire', family: 'MARTIN', given: ['Claire'], prefix: ['Dr'] },
  ]);
  const patient = only<Patient>(original, 'Patient');
  expect(patient.identifier?.[0]).toMatchObject({
    system: 'urn:oid:1.2.250.1.999.1.1',
    value: 'IPP-0042137',
  });
  expect(patient).toMatchObject({ gender: 'female', birthDate: '1968-03-12' });
  expect(patient.name?.[0]).toMatchObject({ family: 'DUPONT', given: ['Marie-Hélène'] });
});

test('reportToFhirBundle records BI-RADS 4 for the right breast and 2 for the left, with SNOMED CT laterality', () => {
  const right = assessment(original, '73056007');
  const left = assessment(original, '80248007');
  expect(right.status).toBe('final');
  expect(codes(right.valueCodeableConcept)).toEqual([`${SCT}|397144001`]);
  expect(right.valueCodeableConcept?.text).toBe('ACR 4');
  expect(codes(left.valueCodeableConcept)).toEqual([`${SCT}|397141009`]);
  // Each assessment is derived from the findings of its breast.
  expect(
    right.derivedFrom?.map((reference) => codes((resolve(original, reference) as Observation).code)),
  ).toEqual([[`${SCT}|129788004`]]);
  expect(
    left.derivedFrom?.map((reference) => codes((resolve(original, reference) as Observation).code)),
  ).toEqual([[`${SCT}|129769006`]]);
});

test('reportToFhirBundle gives the mass its size in mm (UCUM), its shape and its margins as components', () => {
  const mass = observations(original).find((item) => codes(item.code).includes(`${SCT}|129788004`));
  expect(mass?.status).toBe('final');
  expect(mass?.valueQuantity).toEqual({
    value: 14.2,
    unit: 'mm',
    system: 'http://unitsofmeasure.org',
    code: 'mm',
  });
  expect(codes(mass?.bodySite)).toEqual([`${SCT}|73056007`]);
  expect(mass?.bodySite?.text).toBe('Sein droit, quadrant supéro-externe, 10 h');
  const component = (code: string): CodeableConcept | undefined =>
    mass?.component?.find((item) => codes(item.code).some((value) => value.endsWith(`|${code}`)))
      ?.valueCodeableConcept;
  expect(codes(component('107644003'))).toEqual([`${SCT}|49608001`]);
  expect(codes(component('111037'))).toEqual([`${SCT}|129742005`]);
  expect(mass?.derivedFrom?.[0]?.identifier?.value).toBe(`urn:oid:${STUDY_UID}`);

  const calcifications = observations(original).find((item) => codes(item.code).includes(`${SCT}|129769006`));
  expect(calcifications?.valueQuantity?.value).toBe(6);
  expect(codes(calcifications?.bodySite)).toEqual([`${SCT}|80248007`]);
  expect(calcifications?.component).toBeUndefined();

  const composition = observations(original).find((item) => codes(item.code).includes(`${SCT}|129715009`));
  expect(codes(composition?.valueCodeableConcept)).toEqual([`${SCT}|129718006`]);
  for (const item of observations(original)) expect(item.status).toBe('final');
});

test('reportToFhirBundle carries the signed PDF as presentedForm, base64 with its SHA-1', () => {
  const form = only<DiagnosticReport>(original, 'DiagnosticReport').presentedForm?.[0];
  expect(form).toMatchObject({ contentType: 'application/pdf', language: 'fr', size: SIGNED_PDF.length });
  expect(Buffer.from(form?.data ?? '', 'base64')).toEqual(Buffer.from(SIGNED_PDF));
  expect(form?.hash).toBe(createHash('sha1').update(SIGNED_PDF).digest('base64'));
  expect(form?.title).toBe('Compte rendu signé — Mammographie de diagnostic (version 1)');
  const withoutPdf = reportToFhirBundle(FRENCH_REPORT, ORIGINAL_SIGNATURE, { ...REFS, pdf: undefined });
  expect(only<DiagnosticReport>(withoutPdf, 'DiagnosticReport').presentedForm).toBeUndefined();
});

test('reportToFhirBundle writes the narrative in French, accents and all, as allowed XHTML', () => {
  const report = only<DiagnosticReport>(original, 'DiagnosticReport');
  expect(report.text?.status).toBe('additional');
  const div = report.text?.div ?? '';
  expect(div).toMatch(/^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml" lang="fr" xml:lang="fr">/);
  expect(div).toContain('<h2>Résultats</h2>');
  expect(div).toContain('Antécédent familial');
  expect(div).toContain('<li><b>Synthèse\u00a0: ACR 4</b></li>');
  expect(div).toContain('<i>lésion hypoéchogène</i>');
  expect(div).toContain('Signé électroniquement par Dr MARTIN Claire le 14/05/2024 à 18h42');
  expect(div).toContain("Date de l'examen\u00a0: 14/05/2024");
  // The AI section says what the report's AI summary says, lesion for lesion.
  expect(div).toContain(
    '<p>Résultat de l’IA\u00a0: élevé, score d’examen 10/10 (score de malignité\u00a0: 0,87). ' +
      'Région suspecte\u00a0: 1 — Lésion 1\u00a0: 14\u00a0mm, forme irrégulière (sein droit, CC et MLO, à 10 h, ' +
      'tiers moyen). Modèle sentinelle-mammo 1.3.0, usage réservé à la recherche.</p>',
  );
  for (const resource of resources(original)) {
    if ('text' in resource) expect(xhtmlProblems(resource.text?.div ?? '')).toEqual([]);
  }
});

test('reportToFhirBundle gives the same ids and fullUrls each time, unique within the bundle', () => {
  expect(reportToFhirBundle(FRENCH_REPORT, ORIGINAL_SIGNATURE, REFS)).toEqual(original);
  const fullUrls = (original.entry ?? []).map((entry) => entry.fullUrl);
  expect(new Set(fullUrls).size).toBe(fullUrls.length);
  for (const url of fullUrls) expect(url).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  const ids = resources(original).map((resource) => resource.id);
  expect(new Set(ids).size).toBe(ids.length);
  // Another version of the same report is another DiagnosticReport with other Observations.
  const versionIds = new Set(resources(addendum).map((resource) => resource.id));
  const shared = resources(original).filter((resource) => versionIds.has(resource.id));
  expect(shared.map((resource) => resource.resourceType).sort()).toEqual([
    'Organization',
    'Patient',
    'Practitioner',
  ]);
});

test('reportToFhirBundle marks an addendum "appended" and points it at the version it supplements', () => {
  const report = only<DiagnosticReport>(addendum, 'DiagnosticReport');
  const first = only<DiagnosticReport>(original, 'DiagnosticReport');
  expect(report.status).toBe('appended');
  expect(report.id).not.toBe(first.id);
  expect(report.extension).toEqual([
    {
      url: 'http://hl7.org/fhir/StructureDefinition/diagnosticReport-addendumOf',
      valueReference: {
        reference: `DiagnosticReport/${first.id}`,
        type: 'DiagnosticReport',
        identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${first.id}` },
        display: 'Compte rendu, version 1',
      },
    },
  ]);
  expect(report.text?.div).toContain(
    'Addendum (version 2) au compte rendu version 1 signé le 14/05/2024 à 18h42',
  );
  expect(report.issued).toBe('2024-05-16T09:05:00Z');
});

test('reportToFhirBundle addresses resources on a FHIR server by RESTful URLs when given its base URL', () => {
  const entries = addendum.entry ?? [];
  const report = only<DiagnosticReport>(addendum, 'DiagnosticReport');
  expect(entries[0]?.fullUrl).toBe(`https://fhir.example.org/fhir/DiagnosticReport/${report.id}`);
  expect(report.subject?.reference).toBe('Patient/pat-42');
  expect(report.imagingStudy?.[0]?.reference).toBe('ImagingStudy/study-7');
  expect(entries.find((entry) => entry.resource?.resourceType === 'Patient')?.fullUrl).toBe(
    'https://fhir.example.org/fhir/Patient/pat-42',
  );
});

test('reportToFhirBundle renders an English report with English words and codes unchanged', () => {
  const english = reportToFhirBundle(
    { ...FRENCH_REPORT, content: { ...FRENCH_REPORT.content, locale: 'en' } },
    ORIGINAL_SIGNATURE,
    REFS,
  );
  const report = only<DiagnosticReport>(english, 'DiagnosticReport');
  expect(report.language).toBe('en');
  expect(report.text?.div).toContain('<li><b>Overall: BI-RADS 4</b></li>');
  expect(report.text?.div).toContain(
    '<p>AI result: elevated, exam score 10/10 (malignancy score: 0.87). Suspicious region: 1 — ' +
      'Lesion 1: 14\u00a0mm, irregular shape (right breast, CC and MLO, at 10 o’clock, middle third). ' +
      'Model sentinelle-mammo 1.3.0, for research use only.</p>',
  );
  expect(assessment(english, '73056007').valueCodeableConcept?.text).toBe('BI-RADS 4');
  expect(fhirProblems(english)).toEqual([]);
});

test('reportToFhirBundle codes BI-RADS 4A with its extension concept and the International category 4', () => {
  const bundle = reportToFhirBundle(
    {
      ...FRENCH_REPORT,
      content: {
        ...FRENCH_REPORT.content,
        breastAssessments: [
          { laterality: 'R', assessment: '4A' },
          { laterality: 'L', assessment: '2' },
        ],
        overallAssessment: '4A',
      },
    },
    ORIGINAL_SIGNATURE,
    REFS,
  );
  expect(codes(assessment(bundle, '73056007').valueCodeableConcept)).toEqual([
    `${SCT}|6121000179106`,
    `${SCT}|397144001`,
  ]);
});

test('reportToFhirBundle refuses a later version that amends nothing, and an id FHIR does not allow', () => {
  expect(() => reportToFhirBundle(ADDENDUM_REPORT, { ...ADDENDUM_SIGNATURE, amends: null }, REFS)).toThrow(
    FhirRenderError,
  );
  expect(() =>
    reportToFhirBundle(FRENCH_REPORT, ORIGINAL_SIGNATURE, { ...REFS, patientId: 'pat 42' }),
  ).toThrow(/not a FHIR id/);
});
