/**
 * Signed checkpoints of the audit chain (migrations/010_audit_hmac.sql): the head of a verified
 * chain (its id and hash), the time and the legacy mark, signed with the institution's key (the
 * report-signing certificate). Whoever holds the keyring can re-HMAC an edited chain, but cannot
 * re-sign the heads it checkpointed: the verifier finds them no longer in the chain.
 */
import { readFile } from 'node:fs/promises';
import { sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { openSigningIdentity } from '@sentinelle/reporting';
import type { Queryable } from '../db/pool';
import { canonicalJson } from './auditChain';

const CHECKPOINT_FORMAT = 'sentinelle-audit-checkpoint/1';

/** The institution's signing key and the certificates a checkpoint's signer may be proven by. */
export interface CheckpointKeys {
  readonly privateKey: KeyObject;
  /** The signing certificate (DER), stored with each checkpoint. */
  readonly certificateDer: Buffer;
  readonly trust: CheckpointTrust;
}

/**
 * Whom checkpoints are trusted from: the institution's certificate, and the certificates that issued
 * it (a renewed signing certificate from the same CA still proves older checkpoints).
 */
export interface CheckpointTrust {
  readonly certificate: X509Certificate;
  readonly issuers: readonly X509Certificate[];
}

/** Where the institution's PKCS#12 and its passphrase are (BridgeConfig.reports). */
export interface SigningFiles {
  readonly signingP12Path: string;
  readonly passphrasePath: string;
}

export async function loadCheckpointKeys(files: SigningFiles): Promise<CheckpointKeys> {
  const [p12, passphrase] = await Promise.all([
    readFile(files.signingP12Path),
    readFile(files.passphrasePath, 'utf8'),
  ]);
  const identity = openSigningIdentity(p12, passphrase.trim());
  return {
    privateKey: identity.privateKey,
    certificateDer: identity.certificateDer,
    trust: {
      certificate: new X509Certificate(identity.certificateDer),
      issuers: identity.chainDer.map((der) => new X509Certificate(der)),
    },
  };
}

/** What a checkpoint says. */
export interface CheckpointClaim {
  readonly headId: string;
  readonly headHash: string;
  /** Milliseconds, as stored. */
  readonly signedAt: Date;
  /** The legacy mark (audit_chain_legacy): signed too, so that moving it is seen. */
  readonly legacyThrough: string;
}

export interface Checkpoint extends CheckpointClaim {
  readonly id: string;
  readonly signature: Buffer;
  readonly certificate: Buffer;
  readonly writtenBy: 'schedule' | 'audit:verify';
}

/** The bytes a checkpoint's signature covers. */
function checkpointPayload(claim: CheckpointClaim): Buffer {
  return Buffer.from(
    canonicalJson({
      format: CHECKPOINT_FORMAT,
      headId: claim.headId,
      headHash: claim.headHash,
      signedAt: claim.signedAt.toISOString(),
      legacyThrough: claim.legacyThrough,
    }),
  );
}

/** Why the checkpoint does not prove its claim, or undefined when it does. */
export function checkpointProblem(checkpoint: Checkpoint, trust: CheckpointTrust): string | undefined {
  let signer: X509Certificate;
  try {
    signer = new X509Certificate(checkpoint.certificate);
  } catch {
    return 'its certificate is not a certificate';
  }
  const trusted =
    signer.raw.equals(trust.certificate.raw) ||
    trust.issuers.some((issuer) => signer.checkIssued(issuer) && signer.verify(issuer.publicKey));
  if (!trusted) return "it is signed by a certificate that is not the institution's nor issued by its CA";
  const at = checkpoint.signedAt.getTime();
  if (at < Date.parse(signer.validFrom) || at > Date.parse(signer.validTo))
    return 'it is dated outside its certificate validity';
  if (!verify('sha256', checkpointPayload(checkpoint), signer.publicKey, checkpoint.signature))
    return 'its signature does not verify: forged, or altered after signing';
  return undefined;
}

/** The legacy mark: entries up to this id may be unkeyed. */
export async function legacyThrough(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ last_legacy_id: string }>(
    'SELECT last_legacy_id::text FROM audit_chain_legacy',
  );
  if (!rows[0]) throw new Error('audit_chain_legacy holds no mark: the migration 010 row was removed');
  return rows[0].last_legacy_id;
}

interface CheckpointRow {
  id: string;
  head_id: string;
  head_hash: string;
  signed_at: Date;
  signature: Buffer;
  certificate: Buffer;
  written_by: Checkpoint['writtenBy'];
}

/** Every checkpoint, oldest first. */
export async function listCheckpoints(db: Queryable): Promise<Checkpoint[]> {
  const [mark, { rows }] = await Promise.all([
    legacyThrough(db),
    db.query<CheckpointRow>(
      `SELECT id::text, head_id::text, head_hash, signed_at, signature, certificate, written_by
       FROM audit_checkpoint ORDER BY id`,
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    headId: r.head_id,
    headHash: r.head_hash,
    signedAt: r.signed_at,
    legacyThrough: mark,
    signature: r.signature,
    certificate: r.certificate,
    writtenBy: r.written_by,
  }));
}

/** Signs the head `{ id, hash }` of a chain just verified, and stores the checkpoint. */
export async function writeCheckpoint(
  db: Queryable,
  keys: CheckpointKeys,
  head: { readonly id: string; readonly hash: string },
  writtenBy: Checkpoint['writtenBy'],
): Promise<Checkpoint> {
  const claim: CheckpointClaim = {
    headId: head.id,
    headHash: head.hash,
    // Whole milliseconds: what timestamptz stores and toISOString writes back.
    signedAt: new Date(Date.now()),
    legacyThrough: await legacyThrough(db),
  };
  const signature = sign('sha256', checkpointPayload(claim), keys.privateKey);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO audit_checkpoint (head_id, head_hash, signed_at, signature, certificate, written_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [claim.headId, claim.headHash, claim.signedAt, signature, keys.certificateDer, writtenBy],
  );
  return { ...claim, id: rows[0]!.id, signature, certificate: keys.certificateDer, writtenBy };
}
