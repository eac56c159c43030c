import { auditBundleProblems, auditEventProblems } from './testing/fhirAuditShape';
import { toFhirAuditBundle } from './fhirAuditBundle';
import { toFhirAuditEvent } from './fhirAuditEvent';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, AUDIT_RESOURCE_TYPES, type AuditEntry } from './auditLog';

const STUDY_UID = '1.2.826.0.1.3680043.8.498.1';

/** An entry as listAuditEvents returns it. */
function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: '42',
    occurredAt: '2025-03-04T09:15:00.123456Z',
    actor: 'dr.martin',
    actorRole: 'radiologist',
    action: 'read',
    resourceType: 'study',
    resourceId: STUDY_UID,
    patientId: 'PAT-7',
    sourceIp: '192.0.2.10',
    userAgent: 'Mozilla/5.0',
    outcome: 'success',
    httpStatus: 200,
    detail: { method: 'GET', path: `/dicom-web/studies/${STUDY_UID}` },
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    chainKeyId: 'k20250304-a1b2c3',
    ...overrides,
  };
}

describe('toFhirAuditEvent', () => {
  test('toFhirAuditEvent makes a radiologist reading a study a DICOM Instances Accessed event with who, where and the patient', () => {
    const event = toFhirAuditEvent(entry(), { site: 'CHU Test', patientIdSystem: 'urn:oid:1.2.250.1.999' });
    expect(event).toEqual({
      resourceType: 'AuditEvent',
      id: '42',
      type: {
        system: 'http://dicom.nema.org/resources/ontology/DCM',
        code: '110103',
        display: 'DICOM Instances Accessed',
      },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' }],
      action: 'R',
      recorded: '2025-03-04T09:15:00.123456Z',
      outcome: '0',
      outcomeDesc: 'success (HTTP 200)',
      agent: [
        {
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type',
                code: 'humanuser',
                display: 'human user',
              },
            ],
          },
          role: [{ text: 'radiologist' }],
          who: { identifier: { value: 'dr.martin' }, display: 'dr.martin' },
          name: 'dr.martin',
          requestor: true,
          network: { address: '192.0.2.10', type: '2' },
        },
      ],
      source: {
        site: 'CHU Test',
        observer: { display: 'Sentinelle bridge' },
        type: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
            code: '4',
            display: 'Application Server',
          },
        ],
      },
      entity: [
        {
          what: {
            type: 'ImagingStudy',
            identifier: { system: 'urn:dicom:uid', value: `urn:oid:${STUDY_UID}` },
          },
          type: {
            system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
            code: '2',
            display: 'System Object',
          },
          role: {
            system: 'http://terminology.hl7.org/CodeSystem/object-role',
            code: '4',
            display: 'Domain Resource',
          },
          detail: [
            { type: 'method', valueString: 'GET' },
            { type: 'path', valueString: `/dicom-web/studies/${STUDY_UID}` },
            { type: 'userAgent', valueString: 'Mozilla/5.0' },
            { type: 'httpStatus', valueString: '200' },
          ],
        },
        {
          what: { type: 'Patient', identifier: { system: 'urn:oid:1.2.250.1.999', value: 'PAT-7' } },
          type: {
            system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
            code: '1',
            display: 'Person',
          },
          role: {
            system: 'http://terminology.hl7.org/CodeSystem/object-role',
            code: '1',
            display: 'Patient',
          },
        },
      ],
    });
    expect(auditEventProblems(event)).toEqual([]);
  });

  test('toFhirAuditEvent codes outcomes 0 for success, 4 for a denial or a client error, 8 for a server failure', () => {
    const of = (outcome: AuditEntry['outcome'], httpStatus: number | null) =>
      toFhirAuditEvent(entry({ outcome, httpStatus }));
    expect(of('success', 304).outcome).toBe('0');
    expect(of('denied', 403)).toMatchObject({ outcome: '4', outcomeDesc: 'denied (HTTP 403)' });
    expect(of('denied', 401).outcome).toBe('4');
    expect(of('failure', 404).outcome).toBe('4');
    expect(of('failure', 500)).toMatchObject({ outcome: '8', outcomeDesc: 'failure (HTTP 500)' });
    expect(of('failure', null)).toMatchObject({ outcome: '8', outcomeDesc: 'failure' });
  });

  test('toFhirAuditEvent makes a study search a DICOM Query with its query in entity.query', () => {
    const event = toFhirAuditEvent(
      entry({
        action: 'search',
        resourceId: null,
        patientId: null,
        detail: { query: 'PatientID=PAT-7', method: 'GET' },
      }),
    );
    expect(event.type.code).toBe('110112');
    expect(event.action).toBe('E');
    expect(event.subtype).toEqual([
      { system: 'http://hl7.org/fhir/restful-interaction', code: 'search-type', display: 'search-type' },
    ]);
    expect(event.entity).toHaveLength(1);
    expect(event.entity[0]!.what).toBeUndefined();
    expect(event.entity[0]!.role!.code).toBe('24');
    expect(Buffer.from(event.entity[0]!.query!, 'base64').toString('utf8')).toBe('PatientID=PAT-7');
    expect(event.entity[0]!.detail!.map((d) => d.type)).toEqual(['method', 'userAgent', 'httpStatus']);
    expect(auditEventProblems(event)).toEqual([]);
  });

  test('toFhirAuditEvent picks the DICOM event type of logins, patient records, the audit log, exports and deleted studies', () => {
    const codes = (overrides: Partial<AuditEntry>) => {
      const event = toFhirAuditEvent(entry(overrides));
      return [event.type.code, event.subtype?.map((s) => s.code) ?? [], event.action];
    };
    expect(codes({ action: 'login', resourceType: 'session', resourceId: null })).toEqual([
      '110114',
      ['110122'],
      'E',
    ]);
    expect(codes({ action: 'logout', resourceType: 'session', resourceId: null })).toEqual([
      '110114',
      ['110123'],
      'E',
    ]);
    expect(codes({ resourceType: 'patient', resourceId: 'PAT-7' })).toEqual(['110110', ['read'], 'R']);
    expect(codes({ action: 'update', resourceType: 'patient', resourceId: 'PAT-7' })).toEqual([
      '110110',
      ['update'],
      'U',
    ]);
    expect(codes({ action: 'search', resourceType: 'audit', resourceId: null })).toEqual([
      '110101',
      ['search-type'],
      'E',
    ]);
    expect(codes({ action: 'export', resourceType: 'report', resourceId: '3' })).toEqual(['110106', [], 'R']);
    expect(codes({ action: 'delete' })).toEqual(['110105', ['delete'], 'D']);
    expect(codes({ action: 'create', resourceType: 'instance' })).toEqual(['110103', ['create'], 'C']);
    expect(codes({ action: 'create', resourceType: 'consultation', resourceId: '9' })).toEqual([
      'rest',
      ['create'],
      'C',
    ]);
  });

  test('toFhirAuditEvent names no one for an anonymous request and types the system actor as an application', () => {
    const anonymous = toFhirAuditEvent(
      entry({ actor: 'anonymous', actorRole: null, outcome: 'denied', httpStatus: 401 }),
    );
    expect(anonymous.agent).toEqual([
      { name: 'anonymous', requestor: true, network: { address: '192.0.2.10', type: '2' } },
    ]);
    const system = toFhirAuditEvent(entry({ actor: 'system', actorRole: null, sourceIp: null }));
    expect(system.agent).toEqual([
      {
        type: {
          coding: [
            {
              system: 'http://dicom.nema.org/resources/ontology/DCM',
              code: '110150',
              display: 'Application',
            },
          ],
        },
        name: 'system',
        requestor: true,
      },
    ]);
    expect(auditEventProblems(anonymous)).toEqual([]);
    expect(auditEventProblems(system)).toEqual([]);
  });

  test('toFhirAuditEvent gives a structurally valid AuditEvent for every action, resource type and outcome', () => {
    const problems: string[] = [];
    for (const action of AUDIT_ACTIONS)
      for (const resourceType of AUDIT_RESOURCE_TYPES)
        for (const outcome of AUDIT_OUTCOMES) {
          const event = toFhirAuditEvent(
            entry({
              action,
              resourceType,
              outcome,
              httpStatus: outcome === 'success' ? 200 : outcome === 'denied' ? 403 : 500,
              detail: action === 'search' ? { query: 'limit=10', nested: { a: [1] } } : {},
              userAgent: null,
            }),
          );
          problems.push(
            ...auditEventProblems(event).map((p) => `${action} ${resourceType} ${outcome}: ${p}`),
          );
        }
    expect(problems).toEqual([]);
  });
});

describe('toFhirAuditBundle', () => {
  test('toFhirAuditBundle makes a searchset with total, fullUrls and match entries, and a collection without them', () => {
    const entries = [entry({ id: '2' }), entry({ id: '1', outcome: 'denied', httpStatus: 403 })];
    const timestamp = new Date('2025-03-05T10:00:00Z');
    const searchset = toFhirAuditBundle(entries, {
      type: 'searchset',
      total: 7,
      baseUrl: 'https://sentinelle.test/fhir/',
      timestamp,
    });
    expect(searchset).toMatchObject({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 7,
      timestamp: '2025-03-05T10:00:00.000Z',
    });
    expect(searchset.entry!.map((e) => [e.fullUrl, e.resource.id, e.search])).toEqual([
      ['https://sentinelle.test/fhir/AuditEvent/2', '2', { mode: 'match' }],
      ['https://sentinelle.test/fhir/AuditEvent/1', '1', { mode: 'match' }],
    ]);
    expect(auditBundleProblems(searchset)).toEqual([]);

    const collection = toFhirAuditBundle(entries, { type: 'collection', total: 7, timestamp });
    expect(collection.total).toBeUndefined();
    expect(collection.entry!.map((e) => Object.keys(e))).toEqual([['resource'], ['resource']]);
    expect(auditBundleProblems(collection)).toEqual([]);

    const empty = toFhirAuditBundle([], { type: 'collection', timestamp });
    expect(empty).toEqual({
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: '2025-03-05T10:00:00.000Z',
    });
    expect(auditBundleProblems(empty)).toEqual([]);
  });
});

describe('fhirAuditShape', () => {
  test('fhirAuditShape reports missing required elements, codes outside their value sets and broken invariants', () => {
    const good = toFhirAuditEvent(entry()) as unknown as Record<string, unknown>;
    const agent = (good.agent as Record<string, unknown>[])[0]!;
    const broken = {
      ...good,
      action: 'X',
      recorded: '2025-03-04 09:15',
      extra: 1,
      agent: [{ ...agent, requestor: undefined, network: { address: '192.0.2.10', type: '9' } }],
      source: { site: '' },
      entity: [
        {
          name: 'n',
          query: 'cXVlcnk=',
          role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '99' },
        },
      ],
    };
    expect(auditEventProblems(broken)).toEqual([
      'AuditEvent.extra: is not an element here',
      'AuditEvent.action: X is not one of C, R, U, D, E',
      'AuditEvent.recorded: is not a valid instant: 2025-03-04 09:15',
      'AuditEvent.agent[0].requestor: is required',
      'AuditEvent.agent[0].network.type: 9 is not one of 1, 2, 3, 4, 5',
      'AuditEvent.source.observer: is required',
      'AuditEvent.source.site: must be a non-empty string',
      'AuditEvent.entity[0].role.code: 99 is not in http://terminology.hl7.org/CodeSystem/object-role',
      'AuditEvent.entity[0]: has both name and query (sev-1)',
    ]);
    expect(auditBundleProblems({ resourceType: 'Bundle', type: 'collection', total: 1, entry: [] })).toEqual([
      'Bundle.total: only in a searchset or history (bdl-1)',
      'Bundle.entry: must be a non-empty array',
    ]);
  });
});
