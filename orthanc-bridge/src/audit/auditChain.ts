/**
 * The hash chain of the audit trail. Each entry's hash is HMAC-SHA-256(audit key, prevHash +
 * canonical entry), in lower-case hex, under the keyring's audit-chain key of the master key the
 * entry names (chain_key_id); the first entry's prevHash is {@link GENESIS_HASH}. Entries written
 * before migration 010 are legacy: sha256(prevHash + canonical entry), unkeyed, which anyone able
 * to write the table could recompute. Changing anything in this file's output changes every hash:
 * entries already stored would no longer verify.
 */
import { createHash, createHmac } from 'node:crypto';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** A JSON value as the `detail` column holds it (what JSON.parse returns). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** The fields of an entry that its hash covers: everything but prevHash and hash themselves. */
export interface ChainedFields {
  /** Row id, a decimal string. */
  readonly id: string;
  /** UTC, microseconds, as stored: 2025-03-04T09:15:00.123456Z. */
  readonly occurredAt: string;
  readonly actor: string;
  readonly actorRole: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly patientId: string | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly outcome: string;
  readonly httpStatus: number | null;
  readonly detail: { readonly [key: string]: JsonValue };
}

const OCCURRED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * JSON with object keys sorted (by UTF-16 code units, as RFC 8785 does) at every depth, no
 * whitespace, strings and numbers as JSON.stringify writes them.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: JsonValue) => canonicalJson(item)).join(',')}]`;
  const object = value as { readonly [key: string]: JsonValue };
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key]!)}`).join(',')}}`;
}

/** The canonical form of an entry: its chained fields as canonical JSON. */
export function canonicalEntry(entry: ChainedFields): string {
  if (!OCCURRED_AT.test(entry.occurredAt)) {
    throw new Error(
      `occurredAt must be UTC with microseconds (2025-03-04T09:15:00.123456Z), got ${entry.occurredAt}`,
    );
  }
  const fields: { [K in keyof ChainedFields]: JsonValue } = {
    id: entry.id,
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    actorRole: entry.actorRole,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    patientId: entry.patientId,
    sourceIp: entry.sourceIp,
    userAgent: entry.userAgent,
    outcome: entry.outcome,
    httpStatus: entry.httpStatus,
    detail: entry.detail,
  };
  return canonicalJson(fields);
}

/** sha256(prevHash + canonical entry), lower-case hex: the hash of a legacy (unkeyed) entry. */
export function entryHash(prevHash: string, entry: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalEntry(entry)).digest('hex');
}

/** HMAC-SHA-256(key, prevHash + canonical entry), lower-case hex: the hash of a keyed entry. */
export function entryMac(key: Buffer, prevHash: string, entry: ChainedFields): string {
  return createHmac('sha256', key).update(prevHash).update(canonicalEntry(entry)).digest('hex');
}
