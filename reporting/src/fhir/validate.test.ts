import type { Bundle, DiagnosticReport, Observation, Patient } from '@medplum/fhirtypes';
import { fhirErrors, fhirProblems, valueSetCodes, xhtmlProblems } from './validate';

const DIV = '<div xmlns="http://www.w3.org/1999/xhtml"><p>Compte rendu</p></div>';

const REPORT: DiagnosticReport = {
  resourceType: 'DiagnosticReport',
  id: 'report-1',
  text: { status: 'generated', div: DIV },
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '24606-6', display: 'MG Breast Screening' }] },
};

/** The resource without one of its elements. */
function without<T extends object>(value: T, key: keyof T): T {
  const copy = { ...value };
  Reflect.deleteProperty(copy, key);
  return copy;
}

function paths(problems: readonly { path: string }[]): string[] {
  return problems.map((problem) => problem.path);
}

test('fhirProblems finds nothing wrong with a valid DiagnosticReport', () => {
  expect(fhirProblems(REPORT)).toEqual([]);
});

test('fhirProblems reports a DiagnosticReport without status or without code', () => {
  expect(fhirErrors(without(REPORT, 'status'))).toEqual([
    { severity: 'error', path: 'DiagnosticReport.status', message: 'Missing required property' },
  ]);
  expect(paths(fhirErrors(without(REPORT, 'code')))).toEqual(['DiagnosticReport.code']);
});

test('fhirProblems reports a code outside its required value set, which @medplum/core does not check', () => {
  const done: DiagnosticReport = { ...REPORT, status: 'done' as DiagnosticReport['status'] };
  const problems = fhirErrors(done);
  expect(problems).toEqual([
    {
      severity: 'error',
      path: 'DiagnosticReport.status',
      message:
        '"done" is not in the required value set http://hl7.org/fhir/ValueSet/diagnostic-report-status',
    },
  ]);
  expect([...(valueSetCodes('http://hl7.org/fhir/ValueSet/diagnostic-report-status|4.0.1') ?? [])]).toEqual(
    expect.arrayContaining(['final', 'amended', 'corrected', 'appended']),
  );
  // A required binding the definitions cannot enumerate (MIME types) is not checked.
  expect(valueSetCodes('http://hl7.org/fhir/ValueSet/mimetypes')).toBeNull();
});

test('fhirProblems reports a narrative with a script, outside the XHTML namespace, or without text', () => {
  const withScript =
    '<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">a</p><script>x()</script></div>';
  expect(xhtmlProblems(withScript)).toEqual([
    'event attribute onclick is not allowed in a narrative',
    '<script> is not allowed in a narrative',
  ]);
  expect(xhtmlProblems('<div><p>a</p></div>')).toEqual([
    '<div> is not in the XHTML namespace',
    '<p> is not in the XHTML namespace',
  ]);
  expect(xhtmlProblems('<div xmlns="http://www.w3.org/1999/xhtml"> </div>')).toEqual([
    'the narrative has no text (txt-2)',
  ]);
  expect(xhtmlProblems('<div xmlns="http://www.w3.org/1999/xhtml">a & b</div>')[0]).toMatch(/'&'/);
  const report = { ...REPORT, text: { status: 'generated' as const, div: withScript } };
  expect(paths(fhirErrors(report))).toEqual(['DiagnosticReport.text.div', 'DiagnosticReport.text.div']);
});

test('fhirProblems reports an id FHIR does not allow', () => {
  const report: DiagnosticReport = { ...REPORT, id: 'report 1' };
  expect(fhirErrors(report)).toEqual([
    { severity: 'error', path: 'DiagnosticReport.id', message: '"report 1" is not a valid resource id' },
  ]);
});

test('fhirProblems reports an attachment whose hash or size does not match its data', () => {
  const data = Buffer.from('%PDF-1.7').toString('base64');
  const report: DiagnosticReport = {
    ...REPORT,
    presentedForm: [{ contentType: 'application/pdf', data, size: 9, hash: 'AAAA' }],
  };
  expect(fhirErrors(report).map((problem) => problem.message)).toEqual([
    'size 9 but the data has 8 bytes',
    'hash is not the SHA-1 of the data',
  ]);
});

test('fhirProblems reports a bundle reference that resolves to no entry, or to a resource of the wrong type', () => {
  const patient: Patient = { resourceType: 'Patient', id: 'p', text: { status: 'generated', div: DIV } };
  const observation: Observation = {
    resourceType: 'Observation',
    id: 'o',
    text: { status: 'generated', div: DIV },
    status: 'final',
    code: { text: 'BI-RADS' },
    subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
  };
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000002', resource: observation },
      { fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000003', resource: patient },
    ],
  };
  expect(fhirErrors(bundle)).toEqual([
    {
      severity: 'error',
      path: 'Bundle.entry[0].resource.subject',
      message: 'urn:uuid:00000000-0000-4000-8000-000000000001 does not resolve to an entry of the bundle',
    },
  ]);
  const wrongType: Bundle = {
    ...bundle,
    entry: [
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000002',
        resource: { ...observation, subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000002' } },
      },
    ],
  };
  expect(fhirErrors(wrongType).map((problem) => problem.message)).toEqual([
    'subject may not refer to a Observation (Patient, Group, Device, Location)',
  ]);
  const resolved: Bundle = {
    ...bundle,
    entry: [
      bundle.entry?.[0] ?? {},
      { ...bundle.entry?.[1], fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
    ],
  };
  expect(fhirProblems(resolved)).toEqual([]);
});

test('fhirProblems validates the resources inside a bundle', () => {
  const withoutStatus = without(REPORT, 'status');
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000004',
        resource: withoutStatus,
      },
    ],
  };
  expect(paths(fhirErrors(bundle))).toEqual(['Bundle.entry[0].resource.status']);
});

test('fhirProblems accepts an AuditEvent in the shape the bridge writes it, and reports one without agent', () => {
  const auditEvent = {
    resourceType: 'AuditEvent',
    id: '0b7c3c8e-5f1a-4c55-9d0e-6d1f3c2a9b10',
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110106', display: 'Export' },
    action: 'R',
    recorded: '2024-05-14T16:45:00.000Z',
    outcome: '0',
    outcomeDesc: 'success (HTTP 200)',
    agent: [
      {
        type: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser' },
          ],
        },
        who: { identifier: { value: 'cmartin' }, display: 'cmartin' },
        name: 'cmartin',
        requestor: true,
        network: { address: '10.0.0.7', type: '2' },
      },
    ],
    source: {
      observer: { display: 'Sentinelle bridge' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
    },
    entity: [
      {
        what: { type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.3' } },
        detail: [{ type: 'format', valueString: 'fhir+xml' }],
      },
    ],
  } as const;
  expect(fhirProblems(auditEvent)).toEqual([]);
  expect(paths(fhirErrors(without(auditEvent, 'agent')))).toEqual(['AuditEvent.agent']);
});
