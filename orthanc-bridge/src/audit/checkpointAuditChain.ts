/**
 * Verifies the audit chain and, when it holds, signs its head: the bridge's schedule and
 * `npm run audit:verify` both do this. A broken chain gets no checkpoint (signing it would vouch
 * for the tampering); the caller reports it.
 */
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { FieldCipher } from '../crypto';
import {
  loadCheckpointKeys,
  writeCheckpoint,
  type Checkpoint,
  type CheckpointKeys,
  type SigningFiles,
} from './auditCheckpoint';
import { verifyAuditChain, type AuditChainReport } from './verifyAuditChain';

export interface CheckpointOutcome {
  readonly report: AuditChainReport;
  /** The checkpoint written: none when the chain is broken or empty. */
  readonly checkpoint?: Checkpoint;
}

export async function checkpointAuditChain(
  store: { readonly pool: Pool; readonly cipher: FieldCipher },
  keys: CheckpointKeys,
  writtenBy: Checkpoint['writtenBy'],
): Promise<CheckpointOutcome> {
  const report = await verifyAuditChain(store.pool, { cipher: store.cipher, trust: keys.trust });
  if (!report.ok || !report.head) return { report };
  return { report, checkpoint: await writeCheckpoint(store.pool, keys, report.head, writtenBy) };
}

/**
 * The bridge's scheduled checkpoint: loads the institution's key (the files may be renewed between
 * runs), verifies and signs. A broken chain is logged at error level: someone must look.
 */
export async function scheduledCheckpoint(
  ctx: { readonly pool: Pool; readonly cipher: FieldCipher; readonly logger: Logger },
  files: SigningFiles,
): Promise<void> {
  const { report, checkpoint } = await checkpointAuditChain(ctx, await loadCheckpointKeys(files), 'schedule');
  if (!report.ok)
    ctx.logger.error(
      { firstBroken: report.firstBroken },
      '[audit] the audit chain is broken: no checkpoint signed',
    );
  else if (checkpoint)
    ctx.logger.debug({ headId: checkpoint.headId }, '[audit] audit chain checkpoint signed');
}
