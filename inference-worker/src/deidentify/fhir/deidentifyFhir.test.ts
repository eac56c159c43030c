import { fhirErrors, readPart10, reportToFhirBundle, writePart10 } from '@sentinelle/reporting';
import { PATIENT, SIGNATURE, STUDY, screeningReport } from '@sentinelle/reporting/testing/report';
import { daysBetween } from '../dates';
import { cleanInstances } from '../deidentifyInstances';
import { readPart10File } from '../part10';
import { patientKey } from '../patientKey';
import type { DeidentificationProject } from '../project';
import { verifyDeidentifiedSet } from '../verify/verifySet';
import {
  AGE_BAND_EXTENSION,
  deidentifyFhirBundle,
  FhirDeidentificationError,
  type FhirBundleJson,
} from './deidentifyFhir';
import { dicomDateOf } from './fhirDates';
import { verifyFhirFile, withFhirFiles } from './verifyFhir';

const PROJECT: DeidentificationProject = { name: 'fhir-test', key: new Uint8Array(32).fill(9) };
const ORGANIZATION = 'Centre d’imagerie du Parc';
const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n% signed report of DUPONT Marie\n%%EOF\n', 'latin1'));

type Json = Record<string, unknown>;

/** The signed screening report (French, composition b, BI-RADS 0 right / 1 left) as the bridge exports it. */
function sourceBundle(): FhirBundleJson {
  const report = screeningReport('fr');
  return reportToFhirBundle(report, SIGNATURE, {
    patientId: PATIENT.id,
    organizationName: ORGANIZATION,
    pdf: PDF,
  }) as unknown as FhirBundleJson;
}

/** A small mammogram of the same patient and study, as the export's images are. */
function imageOfTheCase(): Uint8Array {
  const pixels = new Uint16Array(32 * 32).fill(300);
  return writePart10({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2',
    SOPInstanceUID: `${STUDY.studyInstanceUid}.1.1`,
    StudyInstanceUID: STUDY.studyInstanceUid,
    SeriesInstanceUID: `${STUDY.studyInstanceUid}.1`,
    StudyDate: STUDY.studyDate.replace(/-/g, ''),
    AccessionNumber: STUDY.accessionNumber,
    Modality: 'MG',
    PatientName: [{ Alphabetic: PATIENT.name }],
    PatientID: PATIENT.id,
    PatientBirthDate: PATIENT.birthDate!.replace(/-/g, ''),
    PatientSex: 'F',
    ImageLaterality: 'R',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: 32,
    Columns: 32,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  });
}

const resources = (bundle: Json): Json[] => (bundle.entry as { resource: Json }[]).map((e) => e.resource);
const ofType = (bundle: Json, type: string) => resources(bundle).filter((r) => r.resourceType === type);

/** Everything of the source that names the patient, the signer, the site or the study. */
function identifyingStrings(source: FhirBundleJson): string[] {
  const entries = source.entry as { fullUrl: string; resource: Json }[];
  return [
    'DUPONT',
    'Marie',
    PATIENT.id,
    PATIENT.birthDate!,
    STUDY.studyInstanceUid,
    STUDY.accessionNumber!,
    STUDY.studyDate,
    'Mammographie de depistage',
    ORGANIZATION,
    'MARTIN',
    'Claire',
    SIGNATURE.signer.login,
    'Dépistage organisé',
    '02/10/2024',
    'Échographie le jour même',
    Buffer.from(PDF).toString('base64'),
    ...entries.flatMap((e) => [e.fullUrl, String(e.resource.id)]),
  ];
}

describe('deidentifyFhirBundle', () => {
  const source = sourceBundle();
  const key = `id::${PATIENT.id}`;
  const { bundle, patientPseudonym, shiftDays, removedResources } = deidentifyFhirBundle(source, PROJECT, {
    patientKey: key,
  });
  const text = JSON.stringify(bundle);

  test('deidentifyFhirBundle leaves no identifying string of a signed report bundle, no narrative and no free text', () => {
    expect(JSON.stringify(source)).toContain('DUPONT');
    for (const value of identifyingStrings(source))
      expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
    expect(text).not.toMatch(/"div"|"display":"Dr|"conclusion"|"presentedForm"|"valueString"|"note"/);
    for (const r of resources(bundle)) expect(r).not.toHaveProperty('text');
    expect(removedResources).toEqual({ Practitioner: 1, Organization: 1 });
    expect(ofType(bundle, 'DiagnosticReport')[0]).not.toHaveProperty('resultsInterpreter');
    expect(ofType(bundle, 'DiagnosticReport')[0]).not.toHaveProperty('performer');
    for (const o of ofType(bundle, 'Observation')) expect(o).not.toHaveProperty('performer');
  });

  test('deidentifyFhirBundle output is valid FHIR R4 and keeps what training needs: BI-RADS, composition, laterality, sex, age band', () => {
    expect(fhirErrors(bundle)).toEqual([]);
    const codes = (r: Json) => JSON.stringify(r);
    const observations = ofType(bundle, 'Observation').map(codes).join('\n');
    // Composition b, BI-RADS 0 (right) and 1 (left), with each breast's SNOMED site.
    expect(observations).toContain('"code":"129717001"');
    expect(observations).toMatch(/"code":"397138000"[\s\S]*"code":"73056007"/);
    expect(observations).toMatch(/"code":"397140005"[\s\S]*"code":"80248007"/);
    const [patient] = ofType(bundle, 'Patient');
    expect(patient).toMatchObject({
      gender: 'female',
      identifier: [{ value: patientPseudonym }],
      extension: [{ url: AGE_BAND_EXTENSION, valueRange: { low: { value: 50 }, high: { value: 59 } } }],
    });
    expect(patient).not.toHaveProperty('birthDate');
    expect(patient).not.toHaveProperty('name');
  });

  test('deidentifyFhirBundle re-mints ids and rewrites every reference to an entry of the output', () => {
    const fullUrls = new Set((bundle.entry as { fullUrl: string }[]).map((e) => e.fullUrl));
    const references = [...text.matchAll(/"reference":"([^"]+)"/g)].map((m) => m[1]!);
    expect(references.length).toBeGreaterThan(5);
    for (const reference of references) expect(fullUrls).toContain(reference);
    const [report] = ofType(bundle, 'DiagnosticReport');
    const [patient] = ofType(bundle, 'Patient');
    expect((report!.subject as Json).reference).toBe(`urn:uuid:${String(patient!.id)}`);
    expect(report!.result).toHaveLength(ofType(bundle, 'Observation').length);
    // Its identifier repeats its id, as the source's did.
    expect(report!.identifier).toEqual([
      { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${String(report!.id)}` },
    ]);
    // The same source in the same project gives the same output; another project, other ids.
    expect(JSON.stringify(deidentifyFhirBundle(source, PROJECT, { patientKey: key }).bundle)).toBe(text);
    const other = deidentifyFhirBundle(source, { name: 'other', key: new Uint8Array(32).fill(1) });
    expect(other.bundle.id).not.toBe(bundle.id);
  });

  test('deidentifyFhirBundle moves dates by the DICOM shift of the same patient and names the study by the images’ UID', async () => {
    const image = imageOfTheCase();
    const [instance] = await cleanInstances([{ name: 'case-1/image-1', bytes: image }], PROJECT);
    expect(patientKey(readPart10File(image).dataset)).toBe(key);
    const dicom = readPart10(instance!.bytes) as { StudyDate: string; PatientID: string };
    expect(dicom.PatientID).toBe(patientPseudonym);
    const [report] = ofType(bundle, 'DiagnosticReport');
    expect(dicomDateOf(String(report!.effectiveDateTime))).toBe(dicom.StudyDate);
    expect(daysBetween(STUDY.studyDate.replace(/-/g, ''), dicom.StudyDate)).toBe(shiftDays);
    expect(shiftDays).toBeLessThanOrEqual(-365);
    // The signing instant keeps its time of day and zone.
    expect(report!.issued).toMatch(/T14:05:31\.000Z$/);
    expect(text).toContain(`"value":"urn:oid:${instance!.studyInstanceUid}"`);
  });

  test('deidentifyFhirBundle keeps an addendum pointing at the de-identified id of the version it amends', () => {
    const addendum = reportToFhirBundle(
      screeningReport('fr'),
      { ...SIGNATURE, version: 2, amends: { version: 1, signedAt: SIGNATURE.signedAt } },
      { patientId: PATIENT.id, organizationName: ORGANIZATION },
    ) as unknown as FhirBundleJson;
    const out = deidentifyFhirBundle(addendum, PROJECT, { patientKey: key }).bundle;
    const [report] = ofType(out, 'DiagnosticReport');
    const [original] = ofType(bundle, 'DiagnosticReport');
    expect(report).toMatchObject({
      status: 'appended',
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/diagnosticReport-addendumOf',
          valueReference: {
            type: 'DiagnosticReport',
            identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${String(original!.id)}` },
          },
        },
      ],
    });
    expect(report!.id).not.toBe(original!.id);
    expect(fhirErrors(out)).toEqual([]);
  });

  test('deidentifyFhirBundle keeps only codings of standard systems: a site’s own code system names the site', () => {
    const local = structuredClone(source) as Json;
    const observation = resources(local).find((r) => r.resourceType === 'Observation')!;
    const code = observation.code as { coding: Json[] };
    code.coding.push({ system: 'https://centre-du-parc.example/codes', code: 'DENS-B' });
    const out = JSON.stringify(deidentifyFhirBundle(local, PROJECT, { patientKey: key }).bundle);
    expect(out).not.toContain('centre-du-parc');
    expect(out).not.toContain('DENS-B');
    // Left in, the verification finds it.
    const leaked = structuredClone(bundle) as Json;
    (resources(leaked).find((r) => r.resourceType === 'Observation')!.code as { coding: Json[] }).coding.push(
      {
        system: 'https://centre-du-parc.example/codes',
        code: 'DENS-B',
      },
    );
    const file = new Uint8Array(Buffer.from(JSON.stringify(leaked)));
    const verified = verifyFhirFile(
      { outputName: 'f', source: local, output: file, patientKey: key },
      PROJECT,
      0,
    );
    // Found twice: a URI of no standard system, and one that holds the site's name ("Parc").
    expect(verified.findings).toEqual([
      expect.objectContaining({ check: 'identifying-value', message: "a site's own URI is left" }),
      expect.objectContaining({ check: 'identifying-value', message: 'holds a value of the source' }),
    ]);
  });

  test('deidentifyFhirBundle refuses what is not a case bundle', () => {
    expect(() => deidentifyFhirBundle({ resourceType: 'Patient' }, PROJECT)).toThrow(
      FhirDeidentificationError,
    );
    const twoPatients = { ...source, entry: [...(source.entry as Json[]), (source.entry as Json[]).at(-3)] };
    expect(() => deidentifyFhirBundle(twoPatients, PROJECT)).toThrow(/one patient/);
  });
});

describe('verifyFhirFile', () => {
  const source = sourceBundle();
  const key = `id::${PATIENT.id}`;
  const written = (bundle: unknown) => new Uint8Array(Buffer.from(JSON.stringify(bundle, null, 2)));

  test('verifyFhirFile passes a de-identified bundle, checked against an image of the case, and fails the un-de-identified one', async () => {
    const image = imageOfTheCase();
    const [instance] = await cleanInstances([{ name: 'case-1/image-1', bytes: image }], PROJECT);
    const pair = { source: image, output: instance!.bytes };
    const { bundle } = deidentifyFhirBundle(source, PROJECT, { patientKey: key });
    const passed = verifyFhirFile(
      { outputName: 'fhir/a.json', source, output: written(bundle), patientKey: key, image: pair },
      PROJECT,
      1,
    );
    expect(passed.findings).toEqual([]);
    expect(passed).toMatchObject({ passed: true, sourceIndex: 1 });
    expect(passed.attributesChecked).toBeGreaterThan(50);

    const leaked = verifyFhirFile(
      { outputName: 'fhir/a.json', source, output: written(source), patientKey: key, image: pair },
      PROJECT,
      1,
    );
    expect(leaked.passed).toBe(false);
    const checks = new Set(leaked.findings.map((f) => f.check));
    for (const check of ['narrative', 'free-text', 'identifying-value', 'patient', 'uid-consistency'])
      expect(checks).toContain(check);
    // The report names places, never the values found.
    expect(JSON.stringify(leaked)).not.toMatch(/DUPONT|IPP-004217|cmartin/);

    // The set with it fails: a failing FHIR file fails the export.
    const dicomReport = await verifyDeidentifiedSet(
      [{ sourceName: 'case-1/image-1', source: image, outputName: 'a.dcm', output: instance!.bytes }],
      PROJECT,
    );
    expect(dicomReport.passed).toBe(true);
    expect(withFhirFiles(dicomReport, [passed]).passed).toBe(true);
    const failing = withFhirFiles(dicomReport, [leaked]);
    expect(failing.passed).toBe(false);
    expect(failing.files).toHaveLength(2);
  });

  test('verifyFhirFile finds a date left unshifted, a shift other than the images’ and another patient', async () => {
    const image = imageOfTheCase();
    const [instance] = await cleanInstances([{ name: 'case-1/image-1', bytes: image }], PROJECT);
    const pair = { source: image, output: instance!.bytes };
    const { bundle } = deidentifyFhirBundle(source, PROJECT, { patientKey: key });
    const unshifted = structuredClone(bundle) as Json;
    resources(unshifted).find((r) => r.resourceType === 'DiagnosticReport')!.effectiveDateTime =
      STUDY.studyDate;
    const one = verifyFhirFile(
      { outputName: 'f', source, output: written(unshifted), patientKey: key, image: pair },
      PROJECT,
      0,
    );
    expect(one.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['identifying-value', 'date-shift']),
    );

    // Another patient's key: another shift and pseudonym than the images'.
    const other = deidentifyFhirBundle(source, PROJECT, { patientKey: 'id::SOMEONE-ELSE' }).bundle;
    const two = verifyFhirFile(
      { outputName: 'f', source, output: written(other), patientKey: key, image: pair },
      PROJECT,
      0,
    );
    expect(two.findings.map((f) => f.check)).toEqual(expect.arrayContaining(['patient', 'date-shift']));

    // A report about another patient than the images'.
    const three = verifyFhirFile(
      { outputName: 'f', source, output: written(bundle), patientKey: 'id::OTHER', image: pair },
      PROJECT,
      0,
    );
    expect(three.findings.map((f) => f.check)).toContain('patient');
  });
});
