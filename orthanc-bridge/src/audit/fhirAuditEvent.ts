/**
 * An audit entry as a FHIR R4 AuditEvent: the event type from DICOM's audit vocabulary (DCM) where
 * one fits, else FHIR's RESTful operation; the actor as the requesting agent with its network
 * address; the bridge as the observing source; the resource acted on and its patient as entities.
 */
import type { AuditEntry } from './auditLog';
import { ANONYMOUS_ACTOR, SYSTEM_ACTOR } from './auditLog';

export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface FhirIdentifier {
  readonly system?: string;
  readonly value: string;
}

export interface FhirReference {
  readonly type?: string;
  readonly identifier?: FhirIdentifier;
  readonly display?: string;
}

export interface FhirAuditAgent {
  readonly type?: { readonly coding: readonly FhirCoding[] };
  readonly role?: readonly { readonly text: string }[];
  readonly who?: FhirReference;
  readonly name?: string;
  readonly requestor: boolean;
  /** type 2: an IP address. */
  readonly network?: { readonly address: string; readonly type: '2' };
}

export interface FhirAuditEntity {
  readonly what?: FhirReference;
  readonly type?: FhirCoding;
  readonly role?: FhirCoding;
  /** base64 of the query, for a search. */
  readonly query?: string;
  readonly detail?: readonly { readonly type: string; readonly valueString: string }[];
}

/** The elements of FHIR R4 AuditEvent this mapping fills. */
export interface FhirAuditEvent {
  readonly resourceType: 'AuditEvent';
  readonly id: string;
  readonly type: FhirCoding;
  readonly subtype?: readonly FhirCoding[];
  readonly action: 'C' | 'R' | 'U' | 'D' | 'E';
  readonly recorded: string;
  readonly outcome: '0' | '4' | '8';
  readonly outcomeDesc: string;
  readonly agent: readonly FhirAuditAgent[];
  readonly source: {
    readonly site?: string;
    readonly observer: FhirReference;
    readonly type: readonly FhirCoding[];
  };
  readonly entity: readonly FhirAuditEntity[];
}

export interface FhirAuditOptions {
  /** The observer's name (default "Sentinelle bridge"). */
  readonly observer?: string;
  /** The site: the hospital or the deployment. */
  readonly site?: string;
  /** The identifier system of user logins, when the deployment has one. */
  readonly loginSystem?: string;
  /** The identifier system (issuer) of patient ids, when the deployment has one. */
  readonly patientIdSystem?: string;
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const SECURITY_SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SECURITY_ROLE_TYPE = 'http://terminology.hl7.org/CodeSystem/extra-security-role-type';
/** DICOM UIDs as FHIR identifiers: system urn:dicom:uid, value urn:oid:<uid>. */
const DICOM_UID = 'urn:dicom:uid';

const dcm = (code: string, display: string): FhirCoding => ({ system: DCM, code, display });
const TYPES = {
  auditLogUsed: dcm('110101', 'Audit Log Used'),
  instancesAccessed: dcm('110103', 'DICOM Instances Accessed'),
  studyDeleted: dcm('110105', 'DICOM Study Deleted'),
  export: dcm('110106', 'Export'),
  patientRecord: dcm('110110', 'Patient Record'),
  query: dcm('110112', 'Query'),
  userAuthentication: dcm('110114', 'User Authentication'),
  rest: { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' },
} as const;
const LOGIN = dcm('110122', 'Login');
const LOGOUT = dcm('110123', 'Logout');

const ACTIONS = {
  read: 'R',
  export: 'R',
  search: 'E',
  create: 'C',
  update: 'U',
  delete: 'D',
  login: 'E',
  logout: 'E',
} as const satisfies Record<AuditEntry['action'], FhirAuditEvent['action']>;

/** The FHIR RESTful interaction an action performs, if any. */
const INTERACTIONS: Partial<Record<AuditEntry['action'], string>> = {
  read: 'read',
  search: 'search-type',
  create: 'create',
  update: 'update',
  delete: 'delete',
};

const DICOM_RESOURCES = new Set(['study', 'series', 'instance']);

function eventType(entry: AuditEntry): { type: FhirCoding; subtype: FhirCoding[] } {
  const interaction = INTERACTIONS[entry.action];
  const rest = interaction ? [{ system: RESTFUL_INTERACTION, code: interaction, display: interaction }] : [];
  if (entry.action === 'login') return { type: TYPES.userAuthentication, subtype: [LOGIN] };
  if (entry.action === 'logout') return { type: TYPES.userAuthentication, subtype: [LOGOUT] };
  if (entry.action === 'export') return { type: TYPES.export, subtype: [] };
  if (entry.resourceType === 'audit') return { type: TYPES.auditLogUsed, subtype: rest };
  if (DICOM_RESOURCES.has(entry.resourceType)) {
    if (entry.action === 'search') return { type: TYPES.query, subtype: rest };
    if (entry.action === 'delete' && entry.resourceType === 'study')
      return { type: TYPES.studyDeleted, subtype: rest };
    return { type: TYPES.instancesAccessed, subtype: rest };
  }
  if (entry.resourceType === 'patient') return { type: TYPES.patientRecord, subtype: rest };
  return { type: TYPES.rest, subtype: rest };
}

/** 0 success; 4 minor failure (denied, or a request the client can correct); 8 serious failure. */
function outcome(entry: AuditEntry): FhirAuditEvent['outcome'] {
  if (entry.outcome === 'success') return '0';
  if (entry.outcome === 'denied') return '4';
  return entry.httpStatus !== null && entry.httpStatus < 500 ? '4' : '8';
}

function agent(entry: AuditEntry, options: FhirAuditOptions): FhirAuditAgent {
  const anonymous = entry.actor === ANONYMOUS_ACTOR;
  const system = entry.actor === SYSTEM_ACTOR;
  const type = system
    ? dcm('110150', 'Application')
    : { system: SECURITY_ROLE_TYPE, code: 'humanuser', display: 'human user' };
  return {
    ...(anonymous ? {} : { type: { coding: [type] } }),
    ...(entry.actorRole ? { role: [{ text: entry.actorRole }] } : {}),
    ...(anonymous || system
      ? {}
      : {
          who: {
            identifier: {
              ...(options.loginSystem ? { system: options.loginSystem } : {}),
              value: entry.actor,
            },
            display: entry.actor,
          },
        }),
    name: entry.actor,
    requestor: true,
    ...(entry.sourceIp ? { network: { address: entry.sourceIp, type: '2' as const } } : {}),
  };
}

function what(entry: AuditEntry, options: FhirAuditOptions): FhirReference | undefined {
  const id = entry.resourceId;
  if (id === null) return undefined;
  switch (entry.resourceType) {
    case 'study':
      return { type: 'ImagingStudy', identifier: { system: DICOM_UID, value: `urn:oid:${id}` } };
    case 'series':
    case 'instance':
      return {
        identifier: { system: DICOM_UID, value: `urn:oid:${id}` },
        display: `${entry.resourceType} ${id}`,
      };
    case 'patient':
      return patientReference(id, options);
    default:
      return { identifier: { value: id }, display: `${entry.resourceType} ${id}` };
  }
}

function patientReference(patientId: string, options: FhirAuditOptions): FhirReference {
  return {
    type: 'Patient',
    identifier: { ...(options.patientIdSystem ? { system: options.patientIdSystem } : {}), value: patientId },
  };
}

const PERSON = { system: ENTITY_TYPE, code: '1', display: 'Person' };
const SYSTEM_OBJECT = { system: ENTITY_TYPE, code: '2', display: 'System Object' };
const ROLES = {
  patient: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
  report: { system: OBJECT_ROLE, code: '3', display: 'Report' },
  domainResource: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
  user: { system: OBJECT_ROLE, code: '6', display: 'User' },
  securityResource: { system: OBJECT_ROLE, code: '13', display: 'Security Resource' },
  query: { system: OBJECT_ROLE, code: '24', display: 'Query' },
} as const;

function role(entry: AuditEntry): FhirCoding {
  if (entry.action === 'search') return ROLES.query;
  switch (entry.resourceType) {
    case 'patient':
      return ROLES.patient;
    case 'report':
      return ROLES.report;
    case 'user':
      return ROLES.user;
    case 'session':
    case 'audit':
      return ROLES.securityResource;
    default:
      return ROLES.domainResource;
  }
}

function mainEntity(entry: AuditEntry, options: FhirAuditOptions): FhirAuditEntity {
  const reference = what(entry, options);
  // A search's query goes into entity.query; everything else in detail into entity.detail.
  const query = entry.detail.query;
  const queried =
    entry.action === 'search' && typeof query === 'string' && query.length > 0 ? query : undefined;
  const details = Object.entries(entry.detail)
    .filter(([key]) => key.length > 0 && !(queried !== undefined && key === 'query'))
    .map(([key, value]) => ({
      type: key,
      valueString: typeof value === 'string' ? value : JSON.stringify(value),
    }))
    .filter((detail) => detail.valueString.length > 0);
  if (entry.userAgent) details.push({ type: 'userAgent', valueString: entry.userAgent });
  if (entry.httpStatus !== null) details.push({ type: 'httpStatus', valueString: String(entry.httpStatus) });
  return {
    ...(reference ? { what: reference } : {}),
    type: entry.resourceType === 'patient' || entry.resourceType === 'user' ? PERSON : SYSTEM_OBJECT,
    role: role(entry),
    ...(queried !== undefined ? { query: Buffer.from(queried, 'utf8').toString('base64') } : {}),
    ...(details.length ? { detail: details } : {}),
  };
}

/** The FHIR R4 AuditEvent of an audit entry; its id is the entry's id. */
export function toFhirAuditEvent(entry: AuditEntry, options: FhirAuditOptions = {}): FhirAuditEvent {
  const { type, subtype } = eventType(entry);
  const entities = [mainEntity(entry, options)];
  if (entry.patientId && entry.resourceType !== 'patient') {
    entities.push({ what: patientReference(entry.patientId, options), type: PERSON, role: ROLES.patient });
  }
  return {
    resourceType: 'AuditEvent',
    id: entry.id,
    type,
    ...(subtype.length ? { subtype } : {}),
    action: ACTIONS[entry.action],
    recorded: entry.occurredAt,
    outcome: outcome(entry),
    outcomeDesc: entry.httpStatus === null ? entry.outcome : `${entry.outcome} (HTTP ${entry.httpStatus})`,
    agent: [agent(entry, options)],
    source: {
      ...(options.site ? { site: options.site } : {}),
      observer: { display: options.observer ?? 'Sentinelle bridge' },
      type: [{ system: SECURITY_SOURCE_TYPE, code: '4', display: 'Application Server' }],
    },
    entity: entities,
  };
}
