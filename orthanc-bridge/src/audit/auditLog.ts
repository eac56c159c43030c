/**
 * The audit trail's table (migrations/004_audit.sql, 010_audit_hmac.sql): appending an entry to the
 * keyed chain, and listing entries by user, patient and date. Nothing else writes audit_event.
 */
import { isIP } from 'node:net';
import type { Pool } from 'pg';
import { z } from 'zod';
import { type FieldCipher, purposeKey } from '../crypto';
import { withTransaction, type Queryable } from '../db/pool';
import { entryMac, GENESIS_HASH, type ChainedFields, type JsonValue } from './auditChain';
import { openDetail, sealDetail } from './sealedDetail';

/**
 * Where the trail is and its keys: the keyring behind the cipher gives the chain's HMAC keys and
 * seals the patient-identifying detail (a BridgeContext is one).
 */
export interface AuditStore {
  readonly pool: Pool;
  readonly cipher: FieldCipher;
}

/** Reading the trail: any connection, and the cipher to open sealed detail. */
export interface AuditReader {
  readonly pool: Queryable;
  readonly cipher: FieldCipher;
}

/** What was done; the table's CHECK holds the same list (see the migration for each meaning). */
export const AUDIT_ACTIONS = [
  'read',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'login',
  'logout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** success: 2xx/3xx; denied: 401/403; failure: anything else. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * What an entry is about. DICOM resources carry their UID as resourceId, patient the DICOM
 * Patient ID, a report template `<site>/<locale>`, the others their row id; `audit` is the audit
 * trail itself (someone read it).
 */
export const AUDIT_RESOURCE_TYPES = [
  'patient',
  'study',
  'series',
  'instance',
  'analysis',
  'reading',
  'consultation',
  'report',
  'report-template',
  'user',
  'session',
  'audit',
  'orthanc',
  // A de-identified training set of read cases (issue 22).
  'training-export',
  // The model in use, a candidate in shadow, comparisons and promotions (issue 22).
  'model',
] as const;
export type AuditResourceType = (typeof AUDIT_RESOURCE_TYPES)[number];

/** Actors that are not a user's login. */
export const ANONYMOUS_ACTOR = 'anonymous';
export const SYSTEM_ACTOR = 'system';

const text = (max: number) => z.string().min(1).max(max);

/** An entry to append: who, what, from where, how it ended. The database stamps when. */
export const AuditEventInputSchema = z.strictObject({
  /** A user's login, or ANONYMOUS_ACTOR, or SYSTEM_ACTOR. */
  actor: text(256),
  actorRole: text(64).nullish(),
  action: z.enum(AUDIT_ACTIONS),
  resourceType: z.enum(AUDIT_RESOURCE_TYPES),
  resourceId: text(256).nullish(),
  patientId: text(64).nullish(),
  sourceIp: z
    .string()
    .max(64)
    .refine((ip) => isIP(ip) !== 0, { error: 'must be an IPv4 or IPv6 address' })
    .nullish(),
  userAgent: z.string().max(512).nullish(),
  outcome: z.enum(AUDIT_OUTCOMES),
  httpStatus: z.int().min(100).max(599).nullish(),
  detail: z.record(z.string(), z.json()).default({}),
});
export type AuditEventInput = z.input<typeof AuditEventInputSchema>;

/** A stored entry. */
export interface AuditEntry extends ChainedFields {
  readonly action: AuditAction;
  readonly resourceType: AuditResourceType;
  readonly outcome: AuditOutcome;
  readonly prevHash: string;
  readonly hash: string;
  /** The master key whose audit-chain key made `hash`; null for a legacy (sha256) entry. */
  readonly chainKeyId: string | null;
}

/** A row of audit_event as AUDIT_ROW_COLUMNS selects it. */
export interface AuditRow {
  id: string;
  occurred_at: string;
  actor: string;
  actor_role: string | null;
  action: AuditAction;
  resource_type: AuditResourceType;
  resource_id: string | null;
  patient_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  outcome: AuditOutcome;
  http_status: number | null;
  detail: { [key: string]: JsonValue };
  prev_hash: string;
  hash: string;
  chain_key_id: string | null;
  detail_sealed: string | null;
}

/** occurred_at as the chain serialises it: UTC with microseconds, exactly as stored. */
const OCCURRED_AT_TEXT = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns of an AuditRow (for the chain verifier, which reads the table in id order). */
export const AUDIT_ROW_COLUMNS = `id, ${OCCURRED_AT_TEXT} AS occurred_at, actor, actor_role, action, resource_type,
  resource_id, patient_id, source_ip, user_agent, outcome, http_status, detail, prev_hash, hash,
  chain_key_id, detail_sealed`;

/** The entry a row holds, its sealed detail opened; throws SealedDataError when it does not open. */
export function toAuditEntry(row: AuditRow, cipher: FieldCipher): AuditEntry {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actor: row.actor,
    actorRole: row.actor_role,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    patientId: row.patient_id,
    sourceIp: row.source_ip,
    userAgent: row.user_agent,
    outcome: row.outcome,
    httpStatus: row.http_status,
    detail: openDetail(cipher, row.id, row.detail, row.detail_sealed),
    prevHash: row.prev_hash,
    hash: row.hash,
    chainKeyId: row.chain_key_id,
  };
}

/** Any fixed number, distinct from the migrator's: one append at a time per database. */
const AUDIT_CHAIN_LOCK = 727_274_005;

/**
 * Appends an entry at the end of the chain and returns it as stored. Appends are serialised by a
 * transaction-scoped advisory lock: under it, the id, the timestamp and the previous hash are read,
 * the hash computed (HMAC under the active master key's audit-chain key) and the row inserted, so
 * concurrent appends (any process) never fork the chain. Throws on input that does not match
 * AuditEventInputSchema.
 */
export async function appendAuditEvent(store: AuditStore, event: AuditEventInput): Promise<AuditEntry> {
  const parsed = AuditEventInputSchema.safeParse(event);
  if (!parsed.success) throw new Error(`invalid audit event: ${z.prettifyError(parsed.error)}`);
  const input = parsed.data;
  const { cipher } = store;
  const chainKey = purposeKey(cipher.keyring, 'audit-chain')!;
  return withTransaction(store.pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    // A statement after the lock: under READ COMMITTED its snapshot holds the previous append.
    const { rows } = await client.query<{ id: string; occurred_at: string; prev_hash: string | null }>(
      `SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))::text AS id,
              to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
              (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1) AS prev_hash`,
    );
    const head = rows[0]!;
    const fields: ChainedFields = {
      id: head.id,
      occurredAt: head.occurred_at,
      actor: input.actor,
      actorRole: input.actorRole ?? null,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      patientId: input.patientId ?? null,
      sourceIp: input.sourceIp ?? null,
      userAgent: input.userAgent ?? null,
      outcome: input.outcome,
      httpStatus: input.httpStatus ?? null,
      detail: input.detail as ChainedFields['detail'],
    };
    const prevHash = head.prev_hash ?? GENESIS_HASH;
    const hash = entryMac(chainKey.key, prevHash, fields);
    const detail = sealDetail(cipher, fields.id, fields.detail);
    const inserted = await client.query<AuditRow>(
      `INSERT INTO audit_event (id, occurred_at, actor, actor_role, action, resource_type, resource_id,
         patient_id, source_ip, user_agent, outcome, http_status, detail, prev_hash, hash,
         chain_key_id, detail_sealed)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING ${AUDIT_ROW_COLUMNS}`,
      [
        fields.id,
        fields.occurredAt,
        fields.actor,
        fields.actorRole,
        fields.action,
        fields.resourceType,
        fields.resourceId,
        fields.patientId,
        fields.sourceIp,
        fields.userAgent,
        fields.outcome,
        fields.httpStatus,
        JSON.stringify(detail.clear),
        prevHash,
        hash,
        chainKey.keyId,
        detail.sealed,
      ],
    );
    // What the database holds must hash as it was hashed here (a string that is not well-formed
    // Unicode, say, would be stored otherwise and break the chain): else nothing is appended.
    const stored = toAuditEntry(inserted.rows[0]!, cipher);
    if (entryMac(chainKey.key, prevHash, stored) !== hash) {
      throw new Error(
        'invalid audit event: the database would store it otherwise than it was hashed (text that is not well-formed Unicode?)',
      );
    }
    return stored;
  });
}

/** Filter of listAuditEvents (query parameters of the audit API parse with it as they are). */
export const AuditFilterSchema = z.strictObject({
  /** The actor's login (or anonymous / system). */
  actor: text(256).optional(),
  patientId: text(64).optional(),
  /** Entries at or after this instant. */
  from: z.coerce.date().optional(),
  /** Entries before this instant. */
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** The nextCursor of the previous page. */
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,17}$/, { error: 'must be the nextCursor of a previous page' })
    .optional(),
});
export type AuditFilter = z.input<typeof AuditFilterSchema>;

export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

/** Entries matching the filter, newest first, one page at a time. Throws on an invalid filter. */
export async function listAuditEvents(reader: AuditReader, filter: AuditFilter = {}): Promise<AuditPage> {
  const parsed = AuditFilterSchema.safeParse(filter);
  if (!parsed.success) throw new Error(`invalid audit filter: ${z.prettifyError(parsed.error)}`);
  const f = parsed.data;
  const { rows } = await reader.pool.query<AuditRow>(
    `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event
     WHERE ($1::text IS NULL OR actor = $1)
       AND ($2::text IS NULL OR patient_id = $2)
       AND ($3::timestamptz IS NULL OR occurred_at >= $3)
       AND ($4::timestamptz IS NULL OR occurred_at < $4)
       AND ($5::bigint IS NULL OR id < $5)
     ORDER BY id DESC
     LIMIT $6`,
    [f.actor ?? null, f.patientId ?? null, f.from ?? null, f.to ?? null, f.cursor ?? null, f.limit + 1],
  );
  const more = rows.length > f.limit;
  const entries = rows.slice(0, f.limit).map((row) => toAuditEntry(row, reader.cipher));
  return { entries, nextCursor: more ? entries[entries.length - 1]!.id : null };
}
