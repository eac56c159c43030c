/**
 * npm run keys:rotate -- [--keyring FILE] [--keep-key] [--batch-size N] [--database-url URL]
 *
 * Adds a new master key to the keyring (default: the one of `npm start`'s data directory) and makes
 * it active, then re-wraps under it the data key of every sealed value and sealed file (the signed
 * report PDFs, the model-view PNGs) in the database (the data itself is not re-encrypted) and seals the plaintext left from before encryption. With --keep-key,
 * no new key: re-wraps only what is not under the active key yet (a rotation that stopped midway,
 * values a bridge started before the rotation wrote) and seals plaintext. Prints the counts per
 * table, then how many values each master key seals. Exit 1 when it fails; running it again is
 * safe. The patients' PatientID hashes are recomputed under the active key. Restart the bridge and
 * the workers afterwards: they seal under the key that was active when they started, and a bridge
 * whose keyring lacks the new key creates no patient (it could not find the rehashed ones). The
 * audit chain's HMAC key derives from the active master key too (purposeKeys.ts):
 * entries appended after the restart name the new key, older ones keep naming theirs, so a retired
 * key stays in the keyring as long as the trail is kept (audit:verify needs it).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@sentinelle/config';
import { addActiveKey, FieldCipher, keyringFile, loadKeyring, withKeyringLock } from '../../crypto';
import { createPool } from '../../db/pool';
import { commandDatabaseUrl } from '../../db/databaseUrl';
import { resealFileColumn, resealTable, sealedValuesByKey } from '../../db/sealedColumns';
import { SEALED_FILE_COLUMNS, SEALED_TABLES } from '../sealedTables';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  // Undefined table or column: the sealed columns' key ids come with migration 006.
  if (code === '42P01' || code === '42703')
    return `the database lacks the encryption migration (${(error as Error).message}): start the bridge once to apply its migrations`;
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      keyring: { type: 'string' },
      'keep-key': { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '500' },
      'database-url': { type: 'string' },
    },
  });
  const batchSize = Number(values['batch-size']);
  if (!(Number.isInteger(batchSize) && batchSize > 0))
    throw new Error('--batch-size must be a positive integer');
  const path = values.keyring ?? keyringFile(loadConfig(process.env).dataDir);
  const pool = createPool(commandDatabaseUrl(values['database-url']), { max: 1 });
  try {
    await withKeyringLock(path, async () => {
      // The database is checked before the keyring changes: no key is added for a rotation that cannot run.
      await sealedValuesByKey(pool, SEALED_TABLES, SEALED_FILE_COLUMNS);
      const keyring = values['keep-key'] ? await loadKeyring(path) : await addActiveKey(path);
      console.log(
        `${values['keep-key'] ? 'active key' : 'new active key'} ${keyring.activeKeyId} in ${path}`,
      );
      const cipher = new FieldCipher(keyring);
      for (const table of SEALED_TABLES) {
        const counts = await resealTable(pool, cipher, table, batchSize);
        const rehashed =
          counts.rehashed === undefined
            ? ''
            : `, ${counts.rehashed} PatientID hash${counts.rehashed === 1 ? '' : 'es'} recomputed`;
        console.log(
          `${counts.table}: ${plural(counts.rewrapped, 'value')} re-wrapped, ${plural(counts.sealed, 'plaintext value')} sealed${rehashed}`,
        );
      }
      for (const column of SEALED_FILE_COLUMNS) {
        const counts = await resealFileColumn(pool, cipher, column, batchSize);
        console.log(
          `${counts.table}: ${plural(counts.rewrapped, 'file')} re-wrapped, ${plural(counts.sealed, 'plaintext file')} sealed`,
        );
      }
      const byKey = [...(await sealedValuesByKey(pool, SEALED_TABLES, SEALED_FILE_COLUMNS))].map(
        ([id, n]) => `${id} ${n}`,
      );
      console.log(`sealed values per master key: ${byKey.join(', ') || 'none'}`);
    });
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`keys:rotate: ${describeError(error)}`);
  process.exitCode = 1;
});
