/**
 * De-identification of the FHIR R4 resources exported with a case (today the signed report's
 * Bundle: DiagnosticReport, Observations, Patient; later the pathology outcome and risk factors),
 * with the same project key as its images: the patient's pseudonym and date shift are the DICOM
 * ones, DICOM UIDs map to the exported images' UIDs, resource ids are re-minted and references
 * rewritten. The rules follow the element types of the R4 definitions, so a resource type added
 * later is handled the same way:
 * - kept: codes, codings (system, code, display), quantities, booleans and numbers;
 * - shifted: every date, dateTime and instant, by the patient's days;
 * - replaced: the Patient's identifiers by its pseudonym, DICOM UIDs (urn:oid) by the keyed UID,
 *   urn:uuid identifiers and resource ids by keyed UUIDs;
 * - removed: narratives, every string and markdown (conclusion, notes, valueString, CodeableConcept
 *   text, a reference's display), names, addresses, telecom, attachments (the signed PDF), other
 *   identifiers (accession number, logins), references to what is not exported, and the people and
 *   places themselves (Practitioner, Organization…): only clinical resource types are kept.
 * The Patient keeps its sex and gains its age band at the exam instead of its birth date.
 */
import {
  fhirErrors,
  fhirType,
  isPrimitiveType,
  type FhirElement,
  type FhirResourceJson,
  type FhirType,
} from '@sentinelle/reporting';
import { dateShiftDays, pseudonymisePatientId, pseudonymiseUid } from '../keyedHash';
import type { DeidentificationProject } from '../project';
import { ageBandAt, shiftFhirDate } from './fhirDates';
import { keyedUuid } from './keyedIds';
import { AGE_BAND_EXTENSION, isStandardSystem, KEPT_EXTENSIONS } from './terminology';

export { AGE_BAND_EXTENSION };

/** The clinical resources a training set keeps; any other type (people, places, devices…) is left out. */
export const KEPT_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'DiagnosticReport',
  'Observation',
  'Patient',
  'ImagingStudy',
  // What issue 18 records (pathology outcome, risk factors), once it exists.
  'Procedure',
  'Specimen',
  'Condition',
  'RiskAssessment',
  'FamilyMemberHistory',
  'BodyStructure',
]);

/** Data types that only ever carry free text or a person's details. */
const REMOVED_TYPES: ReadonlySet<string> = new Set([
  'Narrative',
  'xhtml',
  'HumanName',
  'Address',
  'ContactPoint',
  'Attachment',
  'Annotation',
  'Signature',
  'Meta',
  'base64Binary',
  'Resource',
]);

/** Per resource type, elements that identify even once cleaned (a birth date, a household). */
const REMOVED_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  Patient: [
    'birthDate',
    'multipleBirthBoolean',
    'multipleBirthInteger',
    'maritalStatus',
    'contact',
    'communication',
    'link',
  ],
};

const QUANTITY_TYPES: ReadonlySet<string> = new Set([
  'Quantity',
  'SimpleQuantity',
  'Age',
  'Count',
  'Distance',
  'Duration',
  'MoneyQuantity',
]);
const DATE_TYPES: ReadonlySet<string> = new Set(['date', 'dateTime', 'instant']);
const KEPT_PRIMITIVES: ReadonlySet<string> = new Set([
  'code',
  'boolean',
  'integer',
  'decimal',
  'positiveInt',
  'unsignedInt',
  'time',
]);

export class FhirDeidentificationError extends Error {
  constructor(
    readonly code: 'not_a_bundle' | 'no_patient' | 'several_patients' | 'invalid_output',
    message: string,
  ) {
    super(message);
    this.name = 'FhirDeidentificationError';
  }
}

export interface FhirDeidentificationOptions {
  /**
   * The patient's key as the DICOM de-identification computes it from an image of the same case
   * (patientKey.ts): the same pseudonym and the same date shift. Without it, the key of a Patient ID
   * without issuer, from the bundle's Patient.
   */
  readonly patientKey?: string;
}

export interface DeidentifiedFhir {
  readonly bundle: FhirBundleJson;
  readonly patientPseudonym: string;
  readonly shiftDays: number;
  /** Resource types left out, with how many of each (Practitioner, Organization…). */
  readonly removedResources: Readonly<Record<string, number>>;
}

type Json = Record<string, unknown>;

/** A FHIR Bundle as JSON. */
export type FhirBundleJson = FhirResourceJson & { readonly resourceType: 'Bundle' } & Json;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Context {
  readonly project: Pick<DeidentificationProject, 'key'>;
  readonly shiftDays: number;
  readonly patientPseudonym: string;
  /** Source fullUrls and "Type/id" of kept resources -> their new urn:uuid. */
  readonly addresses: ReadonlyMap<string, string>;
}

/** A resource's new id: the same for a UUID id and the urn:uuid identifier that repeats it. */
function newId(project: Context['project'], type: string, id: string): string {
  return keyedUuid(project, UUID.test(id) ? `uuid:${id}` : `${type}/${id}`);
}

/** The bundle's one Patient (none is allowed when the caller gives the key); an error for several. */
function patientOf(resources: readonly Json[]): Json | undefined {
  const patients = resources.filter((r) => r.resourceType === 'Patient');
  if (patients.length > 1)
    throw new FhirDeidentificationError('several_patients', 'a case bundle is about one patient');
  return patients[0];
}

function defaultPatientKey(patient: Json | undefined): string {
  const identifiers = (Array.isArray(patient?.identifier) ? patient.identifier : []).filter(isObject);
  const mr = identifiers.find((i) => JSON.stringify(i.type ?? '').includes('"MR"')) ?? identifiers[0];
  if (typeof mr?.value !== 'string' || mr.value.trim() === '')
    throw new FhirDeidentificationError(
      'no_patient',
      'the bundle has no Patient with an identifier and no patient key was given',
    );
  return `id::${mr.value.trim()}`;
}

/** When the case's exam took place: the report's effective date, else the bundle's timestamp. */
function examDate(resources: readonly Json[], bundle: Json): string | undefined {
  for (const r of resources) {
    if (r.resourceType !== 'DiagnosticReport') continue;
    if (typeof r.effectiveDateTime === 'string') return r.effectiveDateTime;
    if (isObject(r.effectivePeriod) && typeof r.effectivePeriod.start === 'string')
      return r.effectivePeriod.start;
  }
  return typeof bundle.timestamp === 'string' ? bundle.timestamp : undefined;
}

function identifier(value: unknown, ctx: Context): Json | undefined {
  if (!isObject(value) || typeof value.value !== 'string') return undefined;
  const oid = /^urn:oid:(.+)$/.exec(value.value.trim());
  const uuid = /^urn:uuid:(.+)$/.exec(value.value.trim());
  let replaced: string;
  if (oid) replaced = `urn:oid:${pseudonymiseUid(ctx.project, oid[1]!)}`;
  else if (uuid) replaced = `urn:uuid:${keyedUuid(ctx.project, `uuid:${uuid[1]!}`)}`;
  // Any other identifier (accession number, login, local record number) names the source.
  else return undefined;
  const system = typeof value.system === 'string' && isStandardSystem(value.system);
  const type = isObject(value.type) ? object(value.type, 'CodeableConcept', ctx) : undefined;
  return {
    ...(typeof value.use === 'string' ? { use: value.use } : {}),
    ...(type ? { type } : {}),
    ...(system ? { system: value.system } : {}),
    value: replaced,
  };
}

function reference(value: unknown, ctx: Context): Json | undefined {
  if (!isObject(value)) return undefined;
  const target = typeof value.reference === 'string' ? ctx.addresses.get(value.reference) : undefined;
  const id = identifier(value.identifier, ctx);
  if (!target && !id) return undefined;
  return {
    ...(target ? { reference: target } : {}),
    ...(typeof value.type === 'string' ? { type: value.type } : {}),
    ...(id ? { identifier: id } : {}),
  };
}

function primitive(value: unknown, element: FhirElement, owner: FhirType, ctx: Context): unknown {
  const { type, name } = element;
  if (DATE_TYPES.has(type))
    return typeof value === 'string' ? (shiftFhirDate(value, ctx.shiftDays) ?? undefined) : undefined;
  if (KEPT_PRIMITIVES.has(type)) return value;
  if (type === 'string' || type === 'markdown') {
    const terminology =
      (owner.name === 'Coding' && (name === 'display' || name === 'version')) ||
      (QUANTITY_TYPES.has(owner.name) && name === 'unit');
    return terminology ? value : undefined;
  }
  if (type === 'uri' || type === 'url' || type === 'canonical') {
    const kept =
      ((owner.name === 'Coding' || QUANTITY_TYPES.has(owner.name)) &&
        name === 'system' &&
        typeof value === 'string' &&
        isStandardSystem(value)) ||
      (owner.name === 'Extension' && name === 'url') ||
      (owner.name === 'Reference' && name === 'type');
    return kept ? value : undefined;
  }
  // ImagingStudy's series and instance UIDs are DICOM UIDs: the exported images' ones.
  if (type === 'id' && name === 'uid' && typeof value === 'string')
    return pseudonymiseUid(ctx.project, value);
  return undefined;
}

function item(value: unknown, element: FhirElement, owner: FhirType, ctx: Context): unknown {
  if (value === null || value === undefined) return undefined;
  if (REMOVED_TYPES.has(element.type)) return undefined;
  if (element.name === 'extension') {
    if (!isObject(value) || typeof value.url !== 'string' || !KEPT_EXTENSIONS.has(value.url))
      return undefined;
    const kept = object(value, 'Extension', ctx);
    // An extension is its url and a value: without its value (removed), it says nothing.
    return kept && Object.keys(kept).length > 1 ? kept : undefined;
  }
  if (element.type === 'Reference') return reference(value, ctx);
  if (element.type === 'Identifier') return identifier(value, ctx);
  if (isPrimitiveType(element.type)) return primitive(value, element, owner, ctx);
  if (!isObject(value)) return undefined;
  // A coding of a site's own code system names the site: only standard codes are kept.
  if (element.type === 'Coding' && (typeof value.system !== 'string' || !isStandardSystem(value.system)))
    return undefined;
  return object(value, element.type, ctx);
}

/** The de-identified copy of a data type or backbone element; undefined when nothing is left. */
function object(
  value: Json,
  typeName: string,
  ctx: Context,
  removed: readonly string[] = [],
): Json | undefined {
  const owner = fhirType(typeName);
  const out: Json = {};
  for (const element of owner.elements) {
    // Element ids, and the `_name` companions of primitives (their ids and extensions), are not kept.
    if (element.name === 'id' || removed.includes(element.name) || !(element.name in value)) continue;
    const raw = value[element.name];
    const items = element.isArray ? (Array.isArray(raw) ? raw : []) : [raw];
    const kept = items.map((v) => item(v, element, owner, ctx)).filter((v) => v !== undefined);
    if (kept.length > 0) out[element.name] = element.isArray ? kept : kept[0];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function resource(source: Json, ctx: Context, examAt: string | undefined): Json {
  const type = source.resourceType as string;
  const cleaned = object(source, type, ctx, REMOVED_ELEMENTS[type] ?? []) ?? {};
  const out: Json = { resourceType: type, id: newId(ctx.project, type, String(source.id)), ...cleaned };
  if (type !== 'Patient') return out;
  const band =
    typeof source.birthDate === 'string' && examAt !== undefined ? ageBandAt(source.birthDate, examAt) : null;
  const year = (value: number) => ({ value, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' });
  return {
    ...out,
    ...(band
      ? {
          extension: [
            { url: AGE_BAND_EXTENSION, valueRange: { low: year(band.low), high: year(band.high) } },
          ],
        }
      : {}),
    identifier: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        value: ctx.patientPseudonym,
      },
    ],
  };
}

/**
 * The case's Bundle de-identified with the project's key, validated as FHIR R4 (an output that is
 * not valid is an error, never written).
 */
export function deidentifyFhirBundle(
  source: unknown,
  project: DeidentificationProject,
  options: FhirDeidentificationOptions = {},
): DeidentifiedFhir {
  if (!isObject(source) || source.resourceType !== 'Bundle')
    throw new FhirDeidentificationError('not_a_bundle', 'the case record is not a FHIR Bundle');
  const entries = (Array.isArray(source.entry) ? source.entry : []).filter(isObject);
  const resources = entries.map((e) => e.resource).filter(isObject);
  const patient = patientOf(resources);
  const key = options.patientKey ?? defaultPatientKey(patient);
  const shiftDays = dateShiftDays(project, key);
  const patientPseudonym = pseudonymisePatientId(project, key);

  const addresses = new Map<string, string>();
  const removedResources: Record<string, number> = {};
  const kept: { resource: Json; fullUrl: string }[] = [];
  for (const entry of entries) {
    const r = entry.resource;
    if (!isObject(r) || typeof r.resourceType !== 'string') continue;
    const type = r.resourceType;
    // A modifier extension may change the meaning of what is kept: the resource is left out whole.
    if (!KEPT_RESOURCE_TYPES.has(type) || 'modifierExtension' in r || typeof r.id !== 'string') {
      removedResources[type] = (removedResources[type] ?? 0) + 1;
      continue;
    }
    const fullUrl = `urn:uuid:${newId(project, type, r.id)}`;
    if (typeof entry.fullUrl === 'string') addresses.set(entry.fullUrl, fullUrl);
    addresses.set(`${type}/${r.id}`, fullUrl);
    kept.push({ resource: r, fullUrl });
  }
  const ctx: Context = { project, shiftDays, patientPseudonym, addresses };
  const examAt = examDate(resources, source);
  const bundleId = typeof source.id === 'string' ? source.id : JSON.stringify(source.identifier ?? '');
  const bundleIdentifier = identifier(source.identifier, ctx);
  const timestamp = typeof source.timestamp === 'string' ? shiftFhirDate(source.timestamp, shiftDays) : null;
  const bundle = {
    resourceType: 'Bundle',
    id: newId(project, 'Bundle', bundleId),
    ...(bundleIdentifier ? { identifier: bundleIdentifier } : {}),
    type: typeof source.type === 'string' ? source.type : 'collection',
    ...(timestamp ? { timestamp } : {}),
    entry: kept.map(({ resource: r, fullUrl }) => ({ fullUrl, resource: resource(r, ctx, examAt) })),
  } as FhirBundleJson;
  const errors = fhirErrors(bundle);
  if (errors.length > 0)
    throw new FhirDeidentificationError(
      'invalid_output',
      `the de-identified bundle is not valid FHIR R4: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  return { bundle, patientPseudonym, shiftDays, removedResources };
}
