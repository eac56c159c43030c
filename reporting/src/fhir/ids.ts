import { createHash } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** RFC 9562 name-based UUID (version 5, SHA-1) of `name` in `namespace`. */
export function nameBasedUuid(namespace: string, name: string): string {
  if (!UUID_PATTERN.test(namespace)) throw new Error(`namespace "${namespace}" is not a lower-case UUID`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 9562's namespace for names that are URLs. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** The namespace of every id the FHIR rendering derives. */
const SENTINELLE_FHIR_NAMESPACE = nameBasedUuid(URL_NAMESPACE, 'urn:sentinelle:fhir');

/**
 * A resource id that depends only on what identifies the resource (its type and the given parts):
 * rendering the same report twice gives the same ids, two reports never share one.
 */
export function derivedId(resourceType: string, ...parts: readonly string[]): string {
  // JSON keeps the parts apart: ("a|b", "c") and ("a", "b|c") name different resources.
  return nameBasedUuid(SENTINELLE_FHIR_NAMESPACE, JSON.stringify([resourceType, ...parts]));
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
