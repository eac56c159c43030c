/**
 * npm run files:open -- FILE --context CONTEXT [--out PLAIN] [--keyring FILE]
 *
 * The clear content of a file Sentinelle sealed (an audit export: context `audit-export`), on
 * stdout or in PLAIN, with the keyring (default: the one of `npm start`'s data directory). Exit 1
 * when the file does not open: another keyring, another context, or altered content.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '@sentinelle/config';
import { keyringFile, loadKeyring, openFile } from '../../crypto';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      context: { type: 'string' },
      out: { type: 'string' },
      keyring: { type: 'string' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1 || !values.context)
    throw new Error('usage: npm run files:open -- FILE --context CONTEXT [--out PLAIN] [--keyring FILE]');
  const keyring = await loadKeyring(values.keyring ?? keyringFile(loadConfig(process.env).dataDir));
  const plain = openFile(keyring, await readFile(file), values.context);
  if (values.out) await writeFile(values.out, plain, { mode: 0o600 });
  else process.stdout.write(plain);
}

main().catch((error: unknown) => {
  console.error(`files:open: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
