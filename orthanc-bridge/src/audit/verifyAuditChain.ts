/**
 * Checks the audit trail: walks audit_event in id order and checks each entry's hash (HMAC under
 * the audit-chain key of the master key it names; plain sha256 only for legacy entries up to the
 * legacy mark), each prev_hash against the entry before it, and every signed checkpoint: its
 * signature, and that the chain still holds the head it signed. The walk reads one snapshot (appends
 * may go on meanwhile) in batches, so the table never has to fit in memory.
 */
import type { Pool } from 'pg';
import { type FieldCipher, purposeKey } from '../crypto';
import { entryHash, entryMac, GENESIS_HASH } from './auditChain';
import {
  checkpointProblem,
  legacyThrough,
  listCheckpoints,
  type Checkpoint,
  type CheckpointTrust,
} from './auditCheckpoint';
import { AUDIT_ROW_COLUMNS, toAuditEntry, type AuditEntry, type AuditRow } from './auditLog';

export interface BrokenEntry {
  /** The first entry that does not verify (for a checkpoint: the entry it signed). */
  readonly id: string;
  /**
   * hash: the entry itself was altered; prev_hash: an entry before it was removed or reordered;
   * key: its audit key is not in the keyring; checkpoint: a signed checkpoint disagrees with the
   * chain or its signature does not verify.
   */
  readonly kind: 'hash' | 'prev_hash' | 'key' | 'checkpoint';
  /** For a person to read. */
  readonly reason: string;
}

export interface AuditChainReport {
  readonly ok: boolean;
  /** Entries checked (all of them when ok; up to and including the broken one otherwise). */
  readonly checked: number;
  readonly firstBroken?: BrokenEntry;
  /** The last entry checked, when ok: what a new checkpoint signs. */
  readonly head?: { readonly id: string; readonly hash: string };
  /** Checkpoints checked; undefined when no trust was given (their signatures cannot be checked). */
  readonly checkpoints?: number;
}

export interface VerifyOptions {
  /** Opens the sealed detail; its keyring gives the audit keys. */
  readonly cipher: FieldCipher;
  /** The institution's certificates; without them, checkpoints are not checked. */
  readonly trust?: CheckpointTrust | undefined;
  readonly batchSize?: number;
}

export async function verifyAuditChain(pool: Pool, options: VerifyOptions): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? 1000;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const mark = BigInt(await legacyThrough(client));
    const checkpoints = options.trust ? await listCheckpoints(client) : [];
    for (const checkpoint of checkpoints) {
      const problem = checkpointProblem(checkpoint, options.trust!);
      if (problem) return broken(0, checkpointBreak(checkpoint, problem));
    }
    const pinned = new Map<string, Checkpoint[]>();
    for (const c of checkpoints) pinned.set(c.headId, [...(pinned.get(c.headId) ?? []), c]);

    let checked = 0;
    let expectedPrev = GENESIS_HASH;
    let last: { id: string; hash: string } | undefined;
    for (;;) {
      const { rows } = await client.query<AuditRow>(
        `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_event WHERE $1::bigint IS NULL OR id > $1 ORDER BY id LIMIT $2`,
        [last?.id ?? null, batchSize],
      );
      for (const row of rows) {
        checked += 1;
        if (row.prev_hash !== expectedPrev) {
          const after = last ? `entry ${last.id}` : 'the start of the chain';
          return broken(checked, {
            id: row.id,
            kind: 'prev_hash',
            reason: `prev_hash mismatch: it does not follow ${after} (an entry before it was removed or reordered)`,
          });
        }
        const problem = entryProblem(row, options.cipher, mark);
        if (problem) return broken(checked, { id: row.id, ...problem });
        for (const checkpoint of pinned.get(row.id) ?? []) {
          if (checkpoint.headHash !== row.hash)
            return broken(
              checked,
              checkpointBreak(
                checkpoint,
                'the chain no longer holds the head it signed: rewritten after it was signed',
              ),
            );
        }
        pinned.delete(row.id);
        expectedPrev = row.hash;
        last = { id: row.id, hash: row.hash };
      }
      if (rows.length < batchSize) break;
    }
    const missing = [...pinned.values()].flat()[0];
    if (missing)
      return broken(
        checked,
        checkpointBreak(missing, 'the chain no longer holds the entry it signed: entries were removed'),
      );
    return {
      ok: true,
      checked,
      ...(last ? { head: last } : {}),
      ...(options.trust ? { checkpoints: checkpoints.length } : {}),
    };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/** Why the entry does not verify, or undefined when it does. */
function entryProblem(row: AuditRow, cipher: FieldCipher, mark: bigint): Omit<BrokenEntry, 'id'> | undefined {
  let entry: AuditEntry;
  try {
    entry = toAuditEntry(row, cipher);
  } catch (error) {
    return { kind: 'hash', reason: `its sealed detail does not open: ${(error as Error).message}` };
  }
  let recomputed: string;
  try {
    if (entry.chainKeyId === null) {
      if (BigInt(entry.id) > mark)
        return {
          kind: 'hash',
          reason: `an unkeyed entry after the legacy entries (which end at ${mark}): it was re-hashed without the audit key`,
        };
      recomputed = entryHash(entry.prevHash, entry);
    } else {
      const key = purposeKey(cipher.keyring, 'audit-chain', entry.chainKeyId);
      if (!key)
        return {
          kind: 'key',
          reason: `its audit key comes from master key ${entry.chainKeyId}, which the keyring lacks (wrong keyring, or a retired key removed)`,
        };
      recomputed = entryMac(key.key, entry.prevHash, entry);
    }
  } catch (error) {
    return { kind: 'hash', reason: `hash mismatch: the entry was altered (${(error as Error).message})` };
  }
  return recomputed === entry.hash
    ? undefined
    : { kind: 'hash', reason: 'hash mismatch: the entry was altered after it was recorded' };
}

function checkpointBreak(checkpoint: Checkpoint, problem: string): BrokenEntry {
  return {
    id: checkpoint.headId,
    kind: 'checkpoint',
    reason: `checkpoint ${checkpoint.id} (signed ${checkpoint.signedAt.toISOString()}): ${problem}`,
  };
}

function broken(checked: number, firstBroken: BrokenEntry): AuditChainReport {
  return { ok: false, checked, firstBroken };
}
