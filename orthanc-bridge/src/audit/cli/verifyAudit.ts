/**
 * npm run audit:verify [-- --database-url URL --keyring FILE --pki-dir DIR]
 *
 * Checks the audit trail: the keyed hash chain (with the keyring: default the one of `npm start`'s
 * data directory) and every signed checkpoint (with the institution's signing certificate: the
 * PKCS#12 and passphrase in DIR, default `<data>/pki`), then signs a new checkpoint of the head it
 * verified. Prints "audit chain intact: N entries, M checkpoints verified", the last entry and the
 * new checkpoint, exit 0; or "audit chain broken at entry ID: REASON", exit 1. Without the signing
 * certificate the chain is checked, not the checkpoints, and it says so. Exit 2 when the check
 * could not run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PKI_FILES, loadConfig } from '@sentinelle/config';
import { loadCheckpointKeys, type SigningFiles } from '../auditCheckpoint';
import { checkpointAuditChain } from '../checkpointAuditChain';
import { verifyAuditChain, type AuditChainReport } from '../verifyAuditChain';
import { FieldCipher, keyringFile, loadKeyring } from '../../crypto';
import { createPool } from '../../db/pool';
import { commandDatabaseUrl, describeDatabaseError } from '../../db/databaseUrl';

function signingFiles(dir: string): SigningFiles | undefined {
  const files = {
    signingP12Path: join(dir, DEMO_PKI_FILES.signingP12),
    passphrasePath: join(dir, DEMO_PKI_FILES.signingPassphrase),
  };
  return existsSync(files.signingP12Path) && existsSync(files.passphrasePath) ? files : undefined;
}

function printBroken(report: AuditChainReport): number {
  console.log(`audit chain broken at entry ${report.firstBroken!.id}: ${report.firstBroken!.reason}`);
  return 1;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      keyring: { type: 'string' },
      'pki-dir': { type: 'string' },
    },
  });
  const dataDir = () => loadConfig(process.env).dataDir;
  const keyring = await loadKeyring(values.keyring ?? keyringFile(dataDir()));
  const pkiDir = values['pki-dir'] ?? join(dataDir(), 'pki');
  const files = signingFiles(pkiDir);
  const store = {
    pool: createPool(commandDatabaseUrl(values['database-url']), { max: 1 }),
    cipher: new FieldCipher(keyring),
  };
  try {
    if (!files) {
      const report = await verifyAuditChain(store.pool, { cipher: store.cipher });
      if (!report.ok) return printBroken(report);
      console.log(`audit chain intact: ${report.checked} entries`);
      if (report.head) console.log(`last entry: ${report.head.id} ${report.head.hash}`);
      console.log(`checkpoints not checked nor signed: no signing certificate in ${pkiDir}`);
      return 0;
    }
    const { report, checkpoint } = await checkpointAuditChain(
      store,
      await loadCheckpointKeys(files),
      'audit:verify',
    );
    if (!report.ok) return printBroken(report);
    const checkpoints = report.checkpoints ?? 0;
    console.log(
      `audit chain intact: ${report.checked} entries, ${checkpoints} checkpoint${checkpoints === 1 ? '' : 's'} verified`,
    );
    if (report.head) console.log(`last entry: ${report.head.id} ${report.head.hash}`);
    if (checkpoint)
      console.log(
        `checkpoint ${checkpoint.id} signed: entry ${checkpoint.headId} at ${checkpoint.signedAt.toISOString()}`,
      );
    return 0;
  } finally {
    await store.pool.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`audit:verify: ${describeDatabaseError(error)}`);
    process.exitCode = 2;
  },
);
