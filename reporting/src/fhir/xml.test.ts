import type { Bundle, DiagnosticReport, Patient, Resource } from '@medplum/fhirtypes';
import { XMLValidator } from 'fast-xml-parser';
import { reportToFhirBundle } from './reportBundle';
import {
  ADDENDUM_REPORT,
  ADDENDUM_SIGNATURE,
  FRENCH_REPORT,
  ORIGINAL_SIGNATURE,
  SIGNED_PDF,
} from './testing/reports';
import { fhirProblems } from './validate';
import { FHIR_NAMESPACE, fromFhirXml, FhirXmlError, toFhirXml } from './xml';
import { scanXml } from './xmlScan';

let bundle: Bundle;
let xml: string;

beforeAll(() => {
  bundle = reportToFhirBundle(FRENCH_REPORT, ORIGINAL_SIGNATURE, {
    patientId: 'pat-42',
    organizationName: "Centre d'imagerie de l'Étoile",
    pdf: SIGNED_PDF,
  });
  xml = toFhirXml(bundle);
});

const PATIENT: Patient = {
  resourceType: 'Patient',
  id: 'p1',
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Marie</p></div>' },
  name: [{ family: 'Dupont', given: ['Marie', 'Hélène'] }],
  gender: 'female',
  birthDate: '1968-03-12',
};

/** The patient as XML, with `edit` applied to the text. */
function patientXml(edit: (text: string) => string): string {
  return edit(toFhirXml(PATIENT));
}

test('toFhirXml writes well-formed XML in the FHIR namespace, the narrative in the XHTML namespace', () => {
  expect(scanXml(xml)).toEqual([]);
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(
    xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Bundle xmlns="http://hl7.org/fhir">\n'),
  ).toBe(true);
  expect(FHIR_NAMESPACE).toBe('http://hl7.org/fhir');
  expect(xml).toContain('<div xmlns="http://www.w3.org/1999/xhtml" lang="fr" xml:lang="fr"><h1>');
  // Inline resources sit in their type's element; resourceType is not an element.
  expect(xml).toContain('<resource>\n      <DiagnosticReport>\n        <id value="');
  expect(xml).not.toContain('resourceType');
  // Primitives are value attributes; repeating elements repeat.
  expect(xml).toContain('<status value="final"/>');
  expect(xml.match(/<entry>/g)).toHaveLength(9);
  expect(xml).toContain('<valueQuantity>\n');
  expect(xml).toContain('<code value="24605-8"/>');
});

test('toFhirXml follows the StructureDefinition order, not the order of the JSON keys', () => {
  const report = bundle.entry?.[0]?.resource as DiagnosticReport;
  const reversed = Object.fromEntries(Object.entries(report).reverse()) as unknown as DiagnosticReport;
  expect(Object.keys(reversed)[0]).toBe('presentedForm');
  expect(toFhirXml(reversed)).toBe(toFhirXml(report));
  const reportXml = toFhirXml(report);
  const order = [
    '<id ',
    '<language ',
    '<text>',
    '<identifier>',
    '<basedOn>',
    '<status ',
    '<category>',
    '<code>',
    '<subject>',
    '<effectiveDateTime ',
    '<issued ',
    '<performer>',
    '<resultsInterpreter>',
    '<result>',
    '<imagingStudy>',
    '<conclusion ',
    '<conclusionCode>',
    '<presentedForm>',
  ];
  const positions = order.map((tag) => reportXml.indexOf(`\n  ${tag}`));
  expect(positions.every((position) => position > 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
});

test('fromFhirXml reads the XML back into JSON equal to the original, which validates', () => {
  const back = fromFhirXml(xml);
  expect(back).toEqual(bundle);
  expect(JSON.parse(JSON.stringify(back))).toStrictEqual(JSON.parse(JSON.stringify(bundle)));
  expect(fhirProblems(back)).toEqual([]);
  const addendum = reportToFhirBundle(ADDENDUM_REPORT, ADDENDUM_SIGNATURE, {
    patientId: 'pat-42',
    organizationName: 'Centre',
    baseUrl: 'https://fhir.example.org/fhir',
  });
  expect(fromFhirXml(toFhirXml(addendum, { pretty: false }))).toEqual(addendum);
});

test('toFhirXml escapes markup and keeps line breaks and tabs of strings through a round trip', () => {
  const patient: Patient = {
    ...PATIENT,
    name: [{ text: 'A & B <C> "D" \'E\'\nligne 2\tfin', family: 'Dupont' }],
  };
  const text = toFhirXml(patient);
  expect(text).toContain('<text value="A &amp; B &lt;C&gt; &quot;D&quot; \'E\'&#xA;ligne 2&#x9;fin"/>');
  expect(scanXml(text)).toEqual([]);
  expect(fromFhirXml(text)).toEqual(patient);
});

test('toFhirXml writes primitive extensions (_element) inside the primitive, and reads them back', () => {
  const patient: Patient = {
    ...PATIENT,
    _birthDate: {
      id: 'bd',
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
          valueDateTime: '1968-03-12T04:15:00Z',
        },
      ],
    },
    name: [
      {
        family: 'Dupont',
        given: ['Marie', 'Hélène'],
        _given: [null, { extension: [{ url: 'http://example.org/usage', valueCode: 'usual' }] }],
      },
    ],
  } as unknown as Patient;
  const text = toFhirXml(patient);
  expect(text).toContain(
    '<birthDate id="bd" value="1968-03-12">\n    <extension url="http://hl7.org/fhir/StructureDefinition/patient-birthTime">\n' +
      '      <valueDateTime value="1968-03-12T04:15:00Z"/>\n    </extension>\n  </birthDate>',
  );
  expect(fromFhirXml(text)).toEqual(patient);
  expect(fhirProblems(fromFhirXml(text))).toEqual([]);
});

test('toFhirXml wraps contained resources in their type and reads them back', () => {
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: 'r',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>r</p></div>' },
    contained: [{ resourceType: 'Patient', id: 'p', active: true }],
    status: 'final',
    code: { text: 'Mammographie' },
    subject: { reference: '#p' },
  };
  const text = toFhirXml(report);
  expect(text).toContain('<contained>\n    <Patient>\n      <id value="p"/>\n      <active value="true"/>');
  expect(fromFhirXml(text)).toEqual(report);
});

test('toFhirXml refuses a property that is not an element of the type, and a narrative outside XHTML', () => {
  expect(() => toFhirXml({ ...PATIENT, nickname: 'Mimi' } as unknown as Resource)).toThrow(
    'Patient.nickname is not an element of Patient',
  );
  expect(() => toFhirXml({ ...PATIENT, active: 'yes' } as unknown as Resource)).toThrow(/not a JSON boolean/);
  const withoutNamespace: Patient = {
    ...PATIENT,
    text: { status: 'generated', div: '<div><p>Marie</p></div>' },
  };
  expect(() => toFhirXml(withoutNamespace)).toThrow(/XHTML namespace/);
});

test('fromFhirXml refuses XML that is not FHIR R4 XML', () => {
  const cases: [string, (text: string) => string, RegExp][] = [
    ['a bare ampersand', (text) => text.replace('Dupont', 'Dupont & fils'), /not well-formed XML/],
    ['an undefined entity', (text) => text.replace('Dupont', 'Dupont&nbsp;'), /undefined entity/],
    ['another namespace', (text) => text.replace(FHIR_NAMESPACE, 'http://example.org'), /FHIR namespace/],
    [
      'an unknown element',
      (text) => text.replace('<gender', '<sex value="F"/><gender'),
      /<sex> is not an element/,
    ],
    [
      'elements out of order',
      (text) =>
        text.replace(/( {2}<gender value="female"\/>\n)( {2}<birthDate value="1968-03-12"\/>\n)/, '$2$1'),
      /<gender> is out of order/,
    ],
    [
      'a repeated single element',
      (text) => text.replace('<gender value="female"/>', '<gender value="female"/><gender value="male"/>'),
      /appears more often/,
    ],
    [
      'an invalid boolean',
      (text) => text.replace('  <name>', '  <active value="yes"/>\n  <name>'),
      /"yes" is not a valid boolean/,
    ],
    [
      'text in an element',
      (text) => text.replace('<gender value="female"/>', '<gender value="female">F</gender>'),
      /text content/,
    ],
    [
      'a primitive without value',
      (text) => text.replace('<gender value="female"/>', '<gender/>'),
      /needs a value/,
    ],
  ];
  for (const [, edit, error] of cases) {
    const broken = patientXml(edit);
    expect(broken).not.toBe(toFhirXml(PATIENT));
    expect(() => fromFhirXml(broken)).toThrow(FhirXmlError);
    expect(() => fromFhirXml(broken)).toThrow(error);
  }
  expect(fromFhirXml(toFhirXml(PATIENT))).toEqual(PATIENT);
});
