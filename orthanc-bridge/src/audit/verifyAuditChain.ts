/**
 * Checks the audit trail's hash chain: walks audit_event in id order, recomputes each entry's hash
 * and compares each prev_hash with the hash of the entry before it. The walk reads one snapshot
 * (appends may go on meanwhile) in batches, so the table never has to fit in memory.
 */
import type { Pool } from 'pg';
import { entryHash, GENESIS_HASH } from './auditChain';
import { AUDIT_ROW_COLUMNS, toAuditEntry, type AuditEntry, type AuditRow } from './auditLog';

export interface BrokenEntry {
  /** The first entry that does not verify. */
  readonly id: string;
  /** hash: the entry itself was altered; prev_hash: an entry before it was removed or reordered. */
  readonly kind: 'hash' | 'prev_hash';
  /** For a person to read. */
  readonly reason: string;
}

export interface AuditChainReport {
  readonly ok: boolean;
  /** Entries checked (all of them when ok; up to and including the broken one otherwise). */
  readonly checked: number;
  readonly firstBroken?: BrokenEntry;
  /**
   * The last entry checked, when ok: noting it somewhere else lets a later check notice entries
   * removed from the end of the chain, which the chain alone cannot reveal.
   */
  readonly head?: { readonly id: string; readonly hash: string };
}

export async function verifyAuditChain(
  pool: Pool,
  options: { batchSize?: number } = {},
): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? 1000;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let checked = 0;
    let expectedPrev = GENESIS_HASH;
    let last: { id: string; hash: string } | undefined;
    for (;;) {
      const { rows } = await client.query<AuditRow>(
        `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event WHERE $1::bigint IS NULL OR id > $1 ORDER BY id LIMIT $2`,
        [last?.id ?? null, batchSize],
      );
      for (const row of rows) {
        const entry = toAuditEntry(row);
        checked += 1;
        if (entry.prevHash !== expectedPrev) {
          const after = last ? `entry ${last.id}` : 'the start of the chain';
          return broken(checked, {
            id: entry.id,
            kind: 'prev_hash',
            reason: `prev_hash mismatch: it does not follow ${after} (an entry before it was removed or reordered)`,
          });
        }
        const problem = hashProblem(entry);
        if (problem) return broken(checked, { id: entry.id, kind: 'hash', reason: problem });
        expectedPrev = entry.hash;
        last = { id: entry.id, hash: entry.hash };
      }
      if (rows.length < batchSize) break;
    }
    return { ok: true, checked, ...(last ? { head: last } : {}) };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/** Why the entry's hash does not verify, or undefined when it does. */
function hashProblem(entry: AuditEntry): string | undefined {
  let recomputed: string;
  try {
    recomputed = entryHash(entry.prevHash, entry);
  } catch (error) {
    return `hash mismatch: the entry was altered (${(error as Error).message})`;
  }
  return recomputed === entry.hash ? undefined : 'hash mismatch: the entry was altered after it was recorded';
}

function broken(checked: number, firstBroken: BrokenEntry): AuditChainReport {
  return { ok: false, checked, firstBroken };
}
