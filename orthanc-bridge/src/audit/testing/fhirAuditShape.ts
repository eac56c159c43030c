/**
 * Structural checks of FHIR R4 AuditEvent and Bundle JSON for the audit trail's tests: the
 * elements each level may hold (R4 AuditEvent, 4.0.1), cardinalities, primitive formats, the
 * required bindings (action, outcome, network type, bundle type, search mode), the codes of the
 * extensible bindings this project uses, and invariants ele-1 (no empty values), sev-1 (entity
 * name or query, not both), bdl-1, bdl-2 and bdl-7. Returns the problems found, [] when none.
 */

type Json = unknown;

const PATTERNS = {
  id: /^[A-Za-z0-9\-.]{1,64}$/,
  instant:
    /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/,
  code: /^[^\s]+( [^\s]+)*$/,
  uri: /^\S+$/,
  base64Binary: /^(\s*([0-9a-zA-Z+/=]){4}\s*)+$/,
} as const;

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
/** ValueSet audit-event-type (extensible): DICOM's audit event ids and FHIR's additions. */
const EVENT_TYPES: Record<string, readonly string[]> = {
  [DCM]: Array.from({ length: 15 }, (_, i) => String(110100 + i)),
  'http://terminology.hl7.org/CodeSystem/audit-event-type': ['rest'],
};
/** ValueSet audit-event-sub-type (extensible), the parts this project uses. */
const EVENT_SUBTYPES: Record<string, readonly string[]> = {
  [DCM]: ['110120', '110121', '110122', '110123', '110124', '110125', '110126', '110127', '110128'],
  'http://hl7.org/fhir/restful-interaction': [
    'read',
    'vread',
    'update',
    'patch',
    'delete',
    'history',
    'create',
    'search',
    'search-type',
    'search-system',
    'capabilities',
    'transaction',
    'batch',
    'operation',
  ],
};
const SOURCE_TYPES = {
  'http://terminology.hl7.org/CodeSystem/security-source-type': ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
};
const ENTITY_TYPES = { 'http://terminology.hl7.org/CodeSystem/audit-entity-type': ['1', '2', '3', '4'] };
const ENTITY_ROLES = {
  'http://terminology.hl7.org/CodeSystem/object-role': Array.from({ length: 24 }, (_, i) => String(i + 1)),
};
const AGENT_TYPES = {
  'http://terminology.hl7.org/CodeSystem/extra-security-role-type': [
    'authserver',
    'datacollector',
    'dataprocessor',
    'datasubject',
    'humanuser',
  ],
  [DCM]: ['110150', '110151', '110152', '110153', '110154', '110155'],
};
/** Reference.type: a FHIR resource type; those this project refers to. */
const REFERENCE_TYPES = ['ImagingStudy', 'Patient', 'Practitioner', 'Device', 'DiagnosticReport'];

class Checker {
  readonly problems: string[] = [];

  fail(path: string, message: string) {
    this.problems.push(`${path}: ${message}`);
  }

  object(path: string, value: Json, allowed: readonly string[]): value is Record<string, Json> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return false;
    }
    const keys = Object.keys(value);
    if (!keys.length) this.fail(path, 'must not be empty (ele-1)');
    for (const key of keys) if (!allowed.includes(key)) this.fail(`${path}.${key}`, 'is not an element here');
    return true;
  }

  required(path: string, object: Record<string, Json>, key: string) {
    if (object[key] === undefined) this.fail(`${path}.${key}`, 'is required');
  }

  /** An optional 0..* element: an array of at least one item when present. */
  list(path: string, value: Json, each: (itemPath: string, item: Json) => void) {
    if (value === undefined) return;
    if (!Array.isArray(value) || value.length === 0) return this.fail(path, 'must be a non-empty array');
    value.forEach((item, i) => each(`${path}[${i}]`, item));
  }

  primitive(path: string, value: Json, kind: keyof typeof PATTERNS | 'string' | 'boolean' | 'unsignedInt') {
    if (value === undefined) return;
    if (kind === 'boolean') {
      if (typeof value !== 'boolean') this.fail(path, 'must be a boolean');
      return;
    }
    if (kind === 'unsignedInt') {
      if (!Number.isInteger(value) || (value as number) < 0) this.fail(path, 'must be an unsigned integer');
      return;
    }
    if (typeof value !== 'string' || value.length === 0)
      return this.fail(path, `must be a non-empty ${kind}`);
    if (kind !== 'string' && !PATTERNS[kind].test(value)) this.fail(path, `is not a valid ${kind}: ${value}`);
  }

  oneOf(path: string, value: Json, codes: readonly string[]) {
    if (value === undefined) return;
    this.primitive(path, value, 'code');
    if (!codes.includes(value as string))
      this.fail(path, `${String(value)} is not one of ${codes.join(', ')}`);
  }

  coding(path: string, value: Json, known?: Record<string, readonly string[]>) {
    if (!this.object(path, value, ['system', 'version', 'code', 'display', 'userSelected'])) return;
    this.primitive(`${path}.system`, value.system, 'uri');
    this.primitive(`${path}.code`, value.code, 'code');
    this.primitive(`${path}.display`, value.display, 'string');
    if (known) {
      const codes = known[value.system as string];
      if (!codes) this.fail(`${path}.system`, `${String(value.system)} is not a code system of this binding`);
      else if (!codes.includes(value.code as string))
        this.fail(`${path}.code`, `${String(value.code)} is not in ${String(value.system)}`);
    }
  }

  codeableConcept(path: string, value: Json, known?: Record<string, readonly string[]>) {
    if (!this.object(path, value, ['coding', 'text'])) return;
    this.list(`${path}.coding`, value.coding, (p, c) => this.coding(p, c, known));
    this.primitive(`${path}.text`, value.text, 'string');
  }

  reference(path: string, value: Json) {
    if (!this.object(path, value, ['reference', 'type', 'identifier', 'display'])) return;
    this.primitive(`${path}.reference`, value.reference, 'string');
    if (value.type !== undefined) this.oneOf(`${path}.type`, value.type, REFERENCE_TYPES);
    if (
      value.identifier !== undefined &&
      this.object(`${path}.identifier`, value.identifier, [
        'use',
        'type',
        'system',
        'value',
        'period',
        'assigner',
      ])
    ) {
      this.primitive(`${path}.identifier.system`, value.identifier.system, 'uri');
      this.primitive(`${path}.identifier.value`, value.identifier.value, 'string');
    }
    this.primitive(`${path}.display`, value.display, 'string');
  }
}

const DOMAIN_RESOURCE = [
  'resourceType',
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'contained',
  'extension',
  'modifierExtension',
];

function checkAuditEvent(c: Checker, path: string, resource: Json) {
  const elements = [
    ...DOMAIN_RESOURCE,
    'type',
    'subtype',
    'action',
    'period',
    'recorded',
    'outcome',
    'outcomeDesc',
    'purposeOfEvent',
    'agent',
    'source',
    'entity',
  ];
  if (!c.object(path, resource, elements)) return;
  if (resource.resourceType !== 'AuditEvent') c.fail(`${path}.resourceType`, 'must be AuditEvent');
  c.primitive(`${path}.id`, resource.id, 'id');
  for (const key of ['type', 'recorded', 'agent', 'source']) c.required(path, resource, key);
  if (resource.type !== undefined) c.coding(`${path}.type`, resource.type, EVENT_TYPES);
  c.list(`${path}.subtype`, resource.subtype, (p, v) => c.coding(p, v, EVENT_SUBTYPES));
  c.oneOf(`${path}.action`, resource.action, ['C', 'R', 'U', 'D', 'E']);
  c.primitive(`${path}.recorded`, resource.recorded, 'instant');
  c.oneOf(`${path}.outcome`, resource.outcome, ['0', '4', '8', '12']);
  c.primitive(`${path}.outcomeDesc`, resource.outcomeDesc, 'string');

  c.list(`${path}.agent`, resource.agent, (p, agent) => {
    const agentElements = [
      'type',
      'role',
      'who',
      'altId',
      'name',
      'requestor',
      'location',
      'policy',
      'media',
      'network',
      'purposeOfUse',
    ];
    if (!c.object(p, agent, agentElements)) return;
    c.required(p, agent, 'requestor');
    c.primitive(`${p}.requestor`, agent.requestor, 'boolean');
    if (agent.type !== undefined) c.codeableConcept(`${p}.type`, agent.type, AGENT_TYPES);
    c.list(`${p}.role`, agent.role, (rp, role) => c.codeableConcept(rp, role));
    if (agent.who !== undefined) c.reference(`${p}.who`, agent.who);
    c.primitive(`${p}.altId`, agent.altId, 'string');
    c.primitive(`${p}.name`, agent.name, 'string');
    if (agent.network !== undefined && c.object(`${p}.network`, agent.network, ['address', 'type'])) {
      c.primitive(`${p}.network.address`, agent.network.address, 'string');
      c.oneOf(`${p}.network.type`, agent.network.type, ['1', '2', '3', '4', '5']);
    }
  });
  if (!Array.isArray(resource.agent)) c.fail(`${path}.agent`, 'must be an array');

  if (c.object(`${path}.source`, resource.source, ['site', 'observer', 'type'])) {
    const source = resource.source as Record<string, Json>;
    c.required(`${path}.source`, source, 'observer');
    c.primitive(`${path}.source.site`, source.site, 'string');
    if (source.observer !== undefined) c.reference(`${path}.source.observer`, source.observer);
    c.list(`${path}.source.type`, source.type, (p, t) => c.coding(p, t, SOURCE_TYPES));
  }

  c.list(`${path}.entity`, resource.entity, (p, entity) => {
    const entityElements = [
      'what',
      'type',
      'role',
      'lifecycle',
      'securityLabel',
      'name',
      'description',
      'query',
      'detail',
    ];
    if (!c.object(p, entity, entityElements)) return;
    if (entity.what !== undefined) c.reference(`${p}.what`, entity.what);
    if (entity.type !== undefined) c.coding(`${p}.type`, entity.type, ENTITY_TYPES);
    if (entity.role !== undefined) c.coding(`${p}.role`, entity.role, ENTITY_ROLES);
    c.primitive(`${p}.name`, entity.name, 'string');
    c.primitive(`${p}.description`, entity.description, 'string');
    c.primitive(`${p}.query`, entity.query, 'base64Binary');
    if (entity.name !== undefined && entity.query !== undefined) c.fail(p, 'has both name and query (sev-1)');
    c.list(`${p}.detail`, entity.detail, (dp, detail) => {
      if (!c.object(dp, detail, ['type', 'valueString', 'valueBase64Binary'])) return;
      c.required(dp, detail, 'type');
      c.primitive(`${dp}.type`, detail.type, 'string');
      const values = ['valueString', 'valueBase64Binary'].filter((k) => detail[k] !== undefined);
      if (values.length !== 1) c.fail(dp, 'must have exactly one value[x]');
      c.primitive(`${dp}.valueString`, detail.valueString, 'string');
      c.primitive(`${dp}.valueBase64Binary`, detail.valueBase64Binary, 'base64Binary');
    });
  });
}

export function auditEventProblems(resource: unknown): string[] {
  const c = new Checker();
  checkAuditEvent(c, 'AuditEvent', JSON.parse(JSON.stringify(resource)));
  return c.problems;
}

export function auditBundleProblems(bundle: unknown): string[] {
  const c = new Checker();
  const value = JSON.parse(JSON.stringify(bundle)) as Json;
  const elements = [
    'resourceType',
    'id',
    'meta',
    'implicitRules',
    'language',
    'identifier',
    'type',
    'timestamp',
    'total',
    'link',
    'entry',
    'signature',
  ];
  if (!c.object('Bundle', value, elements)) return c.problems;
  if (value.resourceType !== 'Bundle') c.fail('Bundle.resourceType', 'must be Bundle');
  c.required('Bundle', value, 'type');
  const types = [
    'document',
    'message',
    'transaction',
    'transaction-response',
    'batch',
    'batch-response',
    'history',
    'searchset',
    'collection',
  ];
  c.oneOf('Bundle.type', value.type, types);
  c.primitive('Bundle.timestamp', value.timestamp, 'instant');
  c.primitive('Bundle.total', value.total, 'unsignedInt');
  if (value.total !== undefined && value.type !== 'searchset' && value.type !== 'history')
    c.fail('Bundle.total', 'only in a searchset or history (bdl-1)');
  const fullUrls = new Set<string>();
  c.list('Bundle.entry', value.entry, (p, entry) => {
    if (!c.object(p, entry, ['link', 'fullUrl', 'resource', 'search', 'request', 'response'])) return;
    c.primitive(`${p}.fullUrl`, entry.fullUrl, 'uri');
    if (typeof entry.fullUrl === 'string') {
      if (fullUrls.has(entry.fullUrl)) c.fail(`${p}.fullUrl`, 'is not unique (bdl-7)');
      fullUrls.add(entry.fullUrl);
    }
    if (entry.search !== undefined) {
      if (value.type !== 'searchset') c.fail(`${p}.search`, 'only in a searchset (bdl-2)');
      if (c.object(`${p}.search`, entry.search, ['mode', 'score']))
        c.oneOf(`${p}.search.mode`, entry.search.mode, ['match', 'include', 'outcome']);
    }
    checkAuditEvent(c, `${p}.resource`, entry.resource);
  });
  return c.problems;
}
