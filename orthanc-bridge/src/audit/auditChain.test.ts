import {
  canonicalEntry,
  canonicalJson,
  entryHash,
  entryMac,
  GENESIS_HASH,
  type ChainedFields,
} from './auditChain';

const ENTRY: ChainedFields = {
  id: '1',
  occurredAt: '2025-03-04T09:15:00.123456Z',
  actor: 'dr.martin',
  actorRole: 'radiologist',
  action: 'read',
  resourceType: 'study',
  resourceId: '1.2.3',
  patientId: 'P1',
  sourceIp: '127.0.0.1',
  userAgent: 'jest',
  outcome: 'success',
  httpStatus: 200,
  detail: { path: '/x', method: 'GET', nested: { b: 1, a: [true, null, 'é'], Z: 0.5 } },
};

// Written out by hand, and hashed with Python's json.dumps(sort_keys=True) and hashlib: a change of
// the canonical form would make every stored chain fail to verify.
const CANONICAL =
  '{"action":"read","actor":"dr.martin","actorRole":"radiologist",' +
  '"detail":{"method":"GET","nested":{"Z":0.5,"a":[true,null,"é"],"b":1},"path":"/x"},' +
  '"httpStatus":200,"id":"1","occurredAt":"2025-03-04T09:15:00.123456Z","outcome":"success",' +
  '"patientId":"P1","resourceId":"1.2.3","resourceType":"study","sourceIp":"127.0.0.1","userAgent":"jest"}';
const HASH = '9e281ba5bcbdea6b6af863a4219446a9d66484da9ba900424aec4c16eaaf21d8';

describe('auditChain', () => {
  test('canonicalEntry sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalEntry(ENTRY)).toBe(CANONICAL);
  });

  test('entryHash is sha256 of the previous hash followed by the canonical entry', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(entryHash(GENESIS_HASH, ENTRY)).toBe(HASH);
  });

  test('entryMac is HMAC-SHA-256 under the key of the previous hash followed by the canonical entry', () => {
    // Python: hmac.new(bytes(range(32)), ('0' * 64 + CANONICAL).encode(), hashlib.sha256).hexdigest()
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    expect(entryMac(key, GENESIS_HASH, ENTRY)).toBe(
      '298f83a9fd0c67dd09d0c21edf91196c634ba0ce75553c841c966a1a004d2c05',
    );
    // Without the key, sha256 cannot produce it; another key gives another hash.
    expect(entryMac(key, GENESIS_HASH, ENTRY)).not.toBe(HASH);
    expect(entryMac(Buffer.alloc(32), GENESIS_HASH, ENTRY)).not.toBe(entryMac(key, GENESIS_HASH, ENTRY));
  });

  test('entryHash does not depend on the order in which keys were written', () => {
    const reordered = {
      ...Object.fromEntries(Object.entries(ENTRY).reverse()),
      detail: { nested: { Z: 0.5, a: [true, null, 'é'], b: 1 }, method: 'GET', path: '/x' },
    } as unknown as ChainedFields;
    expect(entryHash(GENESIS_HASH, reordered)).toBe(HASH);
  });

  test('entryHash changes with every field, the previous hash and the detail', () => {
    const changes: Partial<Record<keyof ChainedFields, unknown>> = {
      id: '2',
      occurredAt: '2025-03-04T09:15:00.123457Z',
      actor: 'dr.bernard',
      actorRole: null,
      action: 'update',
      resourceType: 'series',
      resourceId: '1.2.4',
      patientId: null,
      sourceIp: '::1',
      userAgent: null,
      outcome: 'denied',
      httpStatus: 403,
      detail: { path: '/x', method: 'GET', nested: { b: 2, a: [true, null, 'é'], Z: 0.5 } },
    };
    const hashes = new Set([HASH]);
    for (const [field, value] of Object.entries(changes)) {
      hashes.add(entryHash(GENESIS_HASH, { ...ENTRY, [field]: value }));
    }
    hashes.add(entryHash(HASH, ENTRY));
    expect(hashes.size).toBe(Object.keys(changes).length + 2);
  });

  test('canonicalEntry refuses a timestamp without microseconds', () => {
    expect(() => canonicalEntry({ ...ENTRY, occurredAt: '2025-03-04T09:15:00.123Z' })).toThrow(
      'occurredAt must be UTC with microseconds',
    );
  });

  test('canonicalJson writes strings and numbers as JSON does and refuses non-finite numbers', () => {
    expect(canonicalJson({ b: 'a"\n\u0001', a: [1e21, -0, 1.5e-7] })).toBe(
      '{"a":[1e+21,0,1.5e-7],"b":"a\\"\\n\\u0001"}',
    );
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('NaN is not a JSON number');
  });
});
