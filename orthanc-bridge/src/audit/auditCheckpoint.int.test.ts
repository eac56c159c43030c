import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PKI_FILES, ensureDemoPki } from '@sentinelle/config';
import { Keyring, purposeKey } from '../crypto';
import { useAuditDatabase } from './testing/auditDatabase';
import { ensureTestPki, testReportSigning } from '../testing/harness';
import { entryHash, entryMac, type ChainedFields } from './auditChain';
import { loadCheckpointKeys, writeCheckpoint, type CheckpointKeys } from './auditCheckpoint';
import { listAuditEvents, type AuditEntry } from './auditLog';
import { checkpointAuditChain } from './checkpointAuditChain';
import { verifyAuditChain } from './verifyAuditChain';

const t = useAuditDatabase();

let institution: CheckpointKeys;
/** Someone else's CA and signing certificate: a forger's. */
let forger: CheckpointKeys;
let forgerDir: string;

beforeAll(async () => {
  await ensureTestPki();
  institution = await loadCheckpointKeys(testReportSigning());
  forgerDir = await mkdtemp(join(tmpdir(), 'sentinelle-forger-pki-'));
  await ensureDemoPki(forgerDir, { institutionName: 'Hôpital de test Sentinelle' });
  forger = await loadCheckpointKeys({
    signingP12Path: join(forgerDir, DEMO_PKI_FILES.signingP12),
    passphrasePath: join(forgerDir, DEMO_PKI_FILES.signingPassphrase),
  });
});
afterAll(async () => {
  await rm(forgerDir, { recursive: true, force: true });
});

const oldestFirst = async () => [...(await listAuditEvents(t.store, { limit: 1000 })).entries].reverse();

/**
 * What someone able to write the table does: changes entry `id`'s actor, then recomputes its hash
 * and every later one with `hash`, so that each prev_hash follows, and labels them `keyId`.
 */
async function rewrite(
  id: string,
  hash: (prevHash: string, entry: ChainedFields) => string,
  keyId: (entry: AuditEntry) => string | null = (entry) => entry.chainKeyId,
): Promise<void> {
  const entries = await oldestFirst();
  const from = entries.findIndex((e) => e.id === id);
  let prevHash = entries[from]!.prevHash;
  const updates: string[] = [];
  for (const entry of entries.slice(from)) {
    const changed = entry.id === id ? { ...entry, actor: 'dr.bernard' } : entry;
    const newHash = hash(prevHash, changed);
    const label = keyId(entry);
    updates.push(
      `UPDATE audit_event SET actor = '${changed.actor}', prev_hash = '${prevHash}', hash = '${newHash}',
         chain_key_id = ${label === null ? 'NULL' : `'${label}'`} WHERE id = ${entry.id}`,
    );
    prevHash = newHash;
  }
  await t.tamper(updates.join(';\n'));
}

const auditKey = () => purposeKey(t.cipher.keyring, 'audit-chain')!.key;

describe('keyed audit chain and signed checkpoints', () => {
  test('verifyAuditChain finds an edit re-hashed to the end of the chain with plain sha256, which the unkeyed chain let through', async () => {
    await t.appendSome(4);
    await rewrite('2', entryHash);
    expect(await verifyAuditChain(t.pool, { cipher: t.cipher })).toEqual({
      ok: false,
      checked: 2,
      firstBroken: {
        id: '2',
        kind: 'hash',
        reason: 'hash mismatch: the entry was altered after it was recorded',
      },
    });
  });

  test('verifyAuditChain finds an edit re-hashed with sha256 and passed off as a legacy entry after the legacy mark', async () => {
    await t.appendSome(4);
    await rewrite('2', entryHash, () => null);
    expect((await verifyAuditChain(t.pool, { cipher: t.cipher })).firstBroken).toEqual({
      id: '2',
      kind: 'hash',
      reason:
        'an unkeyed entry after the legacy entries (which end at 0): it was re-hashed without the audit key',
    });
  });

  test('verifyAuditChain finds an edit re-chained with HMAC under a wrong key, labelled with the right key id or its own', async () => {
    await t.appendSome(4);
    const wrong = purposeKey(Keyring.generate(), 'audit-chain')!;
    await rewrite('3', (prev, entry) => entryMac(wrong.key, prev, entry));
    expect((await verifyAuditChain(t.pool, { cipher: t.cipher })).firstBroken).toMatchObject({
      id: '3',
      kind: 'hash',
    });
    await rewrite(
      '3',
      (prev, entry) => entryMac(wrong.key, prev, entry),
      () => wrong.keyId,
    );
    expect((await verifyAuditChain(t.pool, { cipher: t.cipher })).firstBroken).toEqual({
      id: '3',
      kind: 'key',
      reason: `its audit key comes from master key ${wrong.keyId}, which the keyring lacks (wrong keyring, or a retired key removed)`,
    });
  });

  test('verifyAuditChain finds, by the signed checkpoint, an edit re-HMACed with the right key after the checkpoint was signed', async () => {
    await t.appendSome(3);
    const first = await checkpointAuditChain(t.store, institution, 'audit:verify');
    expect(first.report).toMatchObject({ ok: true, checked: 3, checkpoints: 0 });
    expect(first.checkpoint).toMatchObject({ id: '1', headId: '3', writtenBy: 'audit:verify' });
    await t.appendSome(2);
    expect(await verifyAuditChain(t.pool, { cipher: t.cipher, trust: institution.trust })).toMatchObject({
      ok: true,
      checked: 5,
      checkpoints: 1,
    });

    // Whoever holds the keyring can re-HMAC an edited chain: the chain alone no longer tells.
    await rewrite('2', (prev, entry) => entryMac(auditKey(), prev, entry));
    expect((await verifyAuditChain(t.pool, { cipher: t.cipher })).ok).toBe(true);
    const report = await verifyAuditChain(t.pool, { cipher: t.cipher, trust: institution.trust });
    expect(report).toMatchObject({ ok: false, firstBroken: { id: '3', kind: 'checkpoint' } });
    expect(report.firstBroken!.reason).toMatch(
      /^checkpoint 1 \(signed .*\): the chain no longer holds the head it signed: rewritten after it was signed$/,
    );
    // And no checkpoint vouches for the rewritten chain.
    const refused = await checkpointAuditChain(t.store, institution, 'schedule');
    expect(refused.checkpoint).toBeUndefined();
    expect((await t.pool.query('SELECT count(*)::int AS n FROM audit_checkpoint')).rows[0].n).toBe(1);
  });

  test('verifyAuditChain refuses a checkpoint whose signature was altered, or signed by another CA', async () => {
    await t.appendSome(3);
    await checkpointAuditChain(t.store, institution, 'schedule');
    await t.superuser(`ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only;
      UPDATE audit_checkpoint SET signature = set_byte(signature, 20, get_byte(signature, 20) # 1);
      ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_append_only`);
    const altered = await verifyAuditChain(t.pool, { cipher: t.cipher, trust: institution.trust });
    expect(altered.firstBroken).toMatchObject({ id: '3', kind: 'checkpoint' });
    expect(altered.firstBroken!.reason).toMatch(
      /its signature does not verify: forged, or altered after signing$/,
    );

    await t.superuser(`ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only;
      DELETE FROM audit_checkpoint;
      ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_append_only`);
    // A forger re-chains with the keyring and signs the new head with a certificate of their own.
    await rewrite('2', (prev, entry) => entryMac(auditKey(), prev, entry));
    const [, , head] = await oldestFirst();
    await writeCheckpoint(t.pool, forger, { id: head!.id, hash: head!.hash }, 'audit:verify');
    const forged = await verifyAuditChain(t.pool, { cipher: t.cipher, trust: institution.trust });
    expect(forged.firstBroken).toMatchObject({ id: '3', kind: 'checkpoint' });
    expect(forged.firstBroken!.reason).toMatch(
      /it is signed by a certificate that is not the institution's nor issued by its CA$/,
    );
  });

  test('verifyAuditChain finds entries removed from the end of a checkpointed chain', async () => {
    await t.appendSome(3);
    await checkpointAuditChain(t.store, institution, 'schedule');
    await t.tamper('DELETE FROM audit_event WHERE id = 3');
    const report = await verifyAuditChain(t.pool, { cipher: t.cipher, trust: institution.trust });
    expect(report).toMatchObject({ ok: false, checked: 2, firstBroken: { id: '3', kind: 'checkpoint' } });
    expect(report.firstBroken!.reason).toMatch(
      /the chain no longer holds the entry it signed: entries were removed$/,
    );
  });

  test('audit_checkpoint and the legacy mark refuse UPDATE and DELETE', async () => {
    await t.appendSome(1);
    await checkpointAuditChain(t.store, institution, 'schedule');
    await expect(t.pool.query(`UPDATE audit_checkpoint SET head_hash = '${'0'.repeat(64)}'`)).rejects.toThrow(
      'audit_checkpoint is append-only',
    );
    await expect(t.pool.query('DELETE FROM audit_checkpoint')).rejects.toThrow(
      'audit_checkpoint is append-only',
    );
    await expect(t.pool.query('UPDATE audit_chain_legacy SET last_legacy_id = 99')).rejects.toThrow(
      'audit_chain_legacy is append-only',
    );
  });
});
