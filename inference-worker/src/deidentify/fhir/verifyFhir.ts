/**
 * The verification of a de-identified FHIR file, re-read as written, against its source and an
 * image of the same case: valid R4; no narrative and no free text; no identifying value of the
 * source (identifiers, names, addresses, telecom, references' displays, resource ids, UIDs, free
 * text, dates as they were) in any string; the Patient known only by the images' pseudonym and its
 * age band; every date moved by one shift, the images' one; the study the images' study.
 */
import { fhirErrors, walkResource, type FhirResourceJson, type VisitedElement } from '@sentinelle/reporting';
import { daysBetween } from '../dates';
import { pseudonymisePatientId, pseudonymiseUid } from '../keyedHash';
import { readPart10File, stringValue } from '../part10';
import type { DeidentificationProject } from '../project';
import type { FileVerification, Finding, VerificationReport } from '../verify/report';
import { dicomDateOf } from './fhirDates';
import { isFixedUri } from './terminology';

export interface FhirVerificationInput {
  readonly outputName: string;
  /** The case's bundle as the bridge gave it. */
  readonly source: unknown;
  /** The de-identified file as written. */
  readonly output: Uint8Array;
  /** The patient's key as the DICOM de-identification computed it (patientKey.ts). */
  readonly patientKey: string;
  /** One image of the case, source and de-identified: its study UID and date shift are the reference. */
  readonly image?: { readonly source: Uint8Array; readonly output: Uint8Array };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DATE_TYPES = new Set(['date', 'dateTime', 'instant']);
/** Primitives that carry no source value: codes, numbers, booleans. */
const VALUE_FREE = new Set(['code', 'boolean', 'integer', 'decimal', 'positiveInt', 'unsignedInt', 'time']);
const QUANTITIES = new Set(['Quantity', 'SimpleQuantity', 'Age', 'Count', 'Distance', 'Duration']);
/** Identifying values shorter than this are not searched for: they would match any text. */
const MIN_SEARCHED = 3;

/** Terminology: what a code system says, the same in any export (Coding display, units, systems). */
function isTerminology(node: VisitedElement): boolean {
  const { owner, element } = node;
  if (owner.name === 'Coding') return true;
  if (QUANTITIES.has(owner.name) && element.name !== 'value') return true;
  if (owner.name === 'Extension' && element.name === 'url') return true;
  if (owner.name === 'Reference' && element.name === 'type') return true;
  if (owner.name === 'Identifier' && element.name === 'system') return true;
  return false;
}

/**
 * Free text left in an output: any string or markdown but terminology, a resource's id, a
 * reference and an identifier's value (those two are checked as pseudonyms).
 */
function isFreeText(node: VisitedElement): boolean {
  const { element, owner } = node;
  if (element.type !== 'string' && element.type !== 'markdown') return false;
  if (isTerminology(node) || (element.name === 'id' && owner.isResource)) return false;
  return !(
    (owner.name === 'Reference' && element.name === 'reference') ||
    (owner.name === 'Identifier' && element.name === 'value')
  );
}

/** What an exported identifier may be: a keyed UID, a keyed UUID or a patient pseudonym. */
const PSEUDONYMOUS = /^(urn:oid:2\.25\.\d+|urn:uuid:[0-9a-f-]{36}|ANON-[A-Z2-7]{16})$/;

function visit(resource: FhirResourceJson, f: (node: VisitedElement) => void): void {
  walkResource(resource, f);
}

/** The source's values that could identify: everything but codes, numbers and terminology. */
function identifyingValues(source: FhirResourceJson): Set<string> {
  const values = new Set<string>();
  const add = (value: string, words = false) => {
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SEARCHED) values.add(trimmed);
    if (words) for (const part of trimmed.split(/[\s^,]+/)) if (part.length >= MIN_SEARCHED) values.add(part);
    const oid = /^urn:(?:oid|uuid):(.+)$/.exec(trimmed);
    if (oid) values.add(oid[1]!);
  };
  visit(source, (node) => {
    if (typeof node.value !== 'string') return;
    const { element, owner } = node;
    if (VALUE_FREE.has(element.type) || isTerminology(node) || element.type === 'xhtml') return;
    // Generated from the codes beside it ("Sein droit"): free text, caught as such, never identifying.
    if (owner.name === 'CodeableConcept' && element.name === 'text') return;
    if (DATE_TYPES.has(element.type)) {
      const day = dicomDateOf(node.value);
      if (day) values.add(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`);
      return;
    }
    // A person's name and a reference's display (a person's, a place's) are searched word by word too.
    add(node.value, owner.name === 'HumanName' || (owner.name === 'Reference' && element.name === 'display'));
  });
  const entries = (source as { entry?: unknown }).entry;
  if (Array.isArray(entries))
    for (const entry of entries) if (isObject(entry) && typeof entry.fullUrl === 'string') add(entry.fullUrl);
  return values;
}

/** Every string of the output, wherever it is (keys of unknown elements included). */
function allStrings(value: unknown, path: string, out: { path: string; value: string }[]): void {
  if (typeof value === 'string') out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => allStrings(v, `${path}[${i}]`, out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) allStrings(v, `${path}.${k}`, out);
}

function resources(bundle: FhirResourceJson): Json[] {
  const entries = (bundle as { entry?: unknown }).entry;
  return (Array.isArray(entries) ? entries : [])
    .map((e: unknown) => (isObject(e) ? e.resource : undefined))
    .filter(isObject);
}

/** The day shift of every date of the output against the source's dates at the same place. */
function dateShifts(source: FhirResourceJson, output: FhirResourceJson): Set<number> {
  const datesOf = (bundle: FhirResourceJson) => {
    const found = new Map<string, string>();
    const top = (bundle as { timestamp?: unknown }).timestamp;
    if (typeof top === 'string') found.set('Bundle.timestamp', top);
    // Resources are matched by type and place among those of their type: ids are re-minted.
    const seen = new Map<string, number>();
    for (const r of resources(bundle)) {
      const n = seen.get(String(r.resourceType)) ?? 0;
      seen.set(String(r.resourceType), n + 1);
      visit(r as unknown as FhirResourceJson, (node) => {
        if (DATE_TYPES.has(node.element.type) && typeof node.value === 'string')
          found.set(`${String(r.resourceType)}#${n}:${node.path}`, node.value);
      });
    }
    return found;
  };
  const before = datesOf(source);
  const shifts = new Set<number>();
  for (const [place, value] of datesOf(output)) {
    const was = before.get(place);
    const from = was && dicomDateOf(was);
    const to = dicomDateOf(value);
    const days = from && to ? daysBetween(from, to) : null;
    if (days !== null) shifts.add(days);
  }
  return shifts;
}

function checkPatient(
  source: FhirResourceJson,
  output: FhirResourceJson,
  input: FhirVerificationInput,
  project: Pick<DeidentificationProject, 'key'>,
  findings: Finding[],
): void {
  const pseudonym = pseudonymisePatientId(project, input.patientKey);
  const sourceIds = resources(source)
    .filter((r) => r.resourceType === 'Patient')
    .flatMap((r) => (Array.isArray(r.identifier) ? r.identifier : []))
    .filter(isObject)
    .map((i) => String(i.value ?? '').trim());
  const keyId = /^id:[^:]*:(.*)$/.exec(input.patientKey)?.[1];
  if (keyId !== undefined && sourceIds.length > 0 && !sourceIds.includes(keyId.trim()))
    findings.push({ check: 'patient', message: "the report's patient is not the patient of the images" });
  for (const patient of resources(output).filter((r) => r.resourceType === 'Patient')) {
    const ids = (Array.isArray(patient.identifier) ? patient.identifier : []).filter(isObject);
    if (ids.length === 0 || ids.some((i) => i.value !== pseudonym))
      findings.push({
        check: 'patient',
        attribute: 'Patient.identifier',
        message: "the patient is not identified by the images' pseudonym alone",
      });
    for (const name of ['birthDate', 'name', 'telecom', 'address', 'photo', 'contact'])
      if (name in patient)
        findings.push({ check: 'patient', attribute: `Patient.${name}`, message: 'is still present' });
  }
}

function checkImage(
  source: FhirResourceJson,
  output: FhirResourceJson,
  image: NonNullable<FhirVerificationInput['image']>,
  shifts: ReadonlySet<number>,
  findings: Finding[],
): void {
  const src = readPart10File(image.source).dataset;
  const out = readPart10File(image.output).dataset;
  const [srcStudy, outStudy] = [stringValue(src, '0020000D'), stringValue(out, '0020000D')];
  const mentions = (bundle: FhirResourceJson, uid: string | undefined) =>
    uid !== undefined && JSON.stringify(bundle).includes(`"urn:oid:${uid}"`);
  if (mentions(source, srcStudy) && !mentions(output, outStudy))
    findings.push({
      check: 'uid-consistency',
      message: "the study is not named by the exported images' Study Instance UID",
    });
  const [srcDate, outDate] = [stringValue(src, '00080020'), stringValue(out, '00080020')];
  const imageShift = srcDate && outDate ? daysBetween(srcDate, outDate) : null;
  if (imageShift !== null && shifts.size === 1 && !shifts.has(imageShift))
    findings.push({
      check: 'date-shift',
      message: `dates moved by ${[...shifts][0]} days, the images of the same patient by ${imageShift}`,
    });
}

/** One de-identified FHIR file checked; `sourceIndex` is its place in the verification report. */
export function verifyFhirFile(
  input: FhirVerificationInput,
  project: Pick<DeidentificationProject, 'key'>,
  sourceIndex: number,
): FileVerification {
  const findings: Finding[] = [];
  const result = (checked: number): FileVerification => ({
    sourceIndex,
    outputName: input.outputName,
    passed: findings.length === 0,
    sopClassUid: null,
    attributesChecked: checked,
    textRegionsFound: null,
    findings,
  });
  let output: FhirResourceJson;
  try {
    output = JSON.parse(Buffer.from(input.output).toString('utf8')) as FhirResourceJson;
    if (!isObject(output) || output.resourceType !== 'Bundle') throw new Error('not a Bundle');
  } catch {
    findings.push({ check: 'unreadable', message: 'the output is not a FHIR Bundle in JSON' });
    return result(0);
  }
  const source = input.source as FhirResourceJson;

  for (const problem of fhirErrors(output).slice(0, 20))
    findings.push({ check: 'fhir-invalid', attribute: problem.path, message: problem.message });

  let checked = 0;
  visit(output, (node) => {
    checked += 1;
    if (node.element.type === 'Narrative')
      findings.push({ check: 'narrative', attribute: node.path, message: 'a narrative is left' });
    else if (isFreeText(node) && node.value !== null)
      findings.push({ check: 'free-text', attribute: node.path, message: 'free text is left' });
    else if (
      (node.element.name === 'system' || node.element.name === 'url') &&
      ['uri', 'url', 'canonical'].includes(node.element.type) &&
      typeof node.value === 'string' &&
      !isFixedUri(node.value)
    )
      findings.push({
        check: 'identifying-value',
        attribute: node.path,
        message: "a site's own URI is left",
      });
    else if (
      node.owner.name === 'Identifier' &&
      node.element.name === 'value' &&
      typeof node.value === 'string' &&
      !PSEUDONYMOUS.test(node.value)
    )
      findings.push({
        check: 'identifying-value',
        attribute: node.path,
        message: 'an identifier is not a pseudonym',
      });
  });

  const identifying = [...identifyingValues(source)];
  const strings: { path: string; value: string }[] = [];
  allStrings(output, 'Bundle', strings);
  for (const { path, value } of strings) {
    if (/\.(system|url)$/.test(path) && isFixedUri(value)) continue;
    const lower = value.toLowerCase();
    // Never the value itself: this report travels with the released set.
    if (identifying.some((v) => lower.includes(v.toLowerCase())))
      findings.push({ check: 'identifying-value', attribute: path, message: 'holds a value of the source' });
  }

  const uids = (bundle: FhirResourceJson) =>
    new Set([...JSON.stringify(bundle).matchAll(/"urn:oid:([0-9.]+)"/g)].map((m) => m[1]!));
  const mapped = new Set([...uids(source)].map((uid) => pseudonymiseUid(project, uid)));
  for (const uid of uids(output))
    if (!mapped.has(uid))
      findings.push({
        check: 'uid-consistency',
        message: "a UID is not the project's mapping of a UID of the source",
      });

  checkPatient(source, output, input, project, findings);
  const shifts = dateShifts(source, output);
  if (shifts.size > 1 || shifts.has(0))
    findings.push({ check: 'date-shift', message: 'the dates are not moved by one non-zero shift' });
  if (input.image) checkImage(source, output, input.image, shifts, findings);
  return result(checked);
}

/**
 * The set's verification with its FHIR files: listed after the DICOM files, and any FHIR finding
 * fails the set, as a DICOM one does.
 */
export function withFhirFiles(
  report: VerificationReport,
  files: readonly FileVerification[],
): VerificationReport {
  return {
    ...report,
    passed: report.passed && files.every((f) => f.passed),
    files: [...report.files, ...files],
  };
}
