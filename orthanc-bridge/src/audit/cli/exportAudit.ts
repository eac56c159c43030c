/**
 * npm run audit:export -- [--actor LOGIN] [--patient ID] [--from DATE] [--to DATE] [--out FILE]
 *                         [--plain] [--keyring FILE] [--site NAME] [--max N] [--database-url URL]
 *
 * The audit entries matching the filter (all of them by default), newest first, as a FHIR R4
 * Bundle (type collection) of AuditEvents: on stdout, or in FILE. The keyring (default: the one of
 * `npm start`'s data directory) opens the entries' sealed detail (search queries); a FILE is sealed
 * with it too, since it names patients and lies on a disk;
 * `npm run files:open -- FILE --context audit-export` reads it back. --plain writes it in clear,
 * for handing over. --from is inclusive, --to exclusive (ISO 8601 dates or instants). Exit 1 on a
 * bad filter or when the export fails.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '@sentinelle/config';
import { exportAuditBundle } from '../fhirAuditBundle';
import { FieldCipher, keyringFile, loadKeyring, sealFile } from '../../crypto';
import { createPool } from '../../db/pool';
import { commandDatabaseUrl, describeDatabaseError } from '../../db/databaseUrl';

/** The sealing context of audit exports: an export opens only as one. */
const AUDIT_EXPORT_CONTEXT = 'audit-export';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      actor: { type: 'string' },
      patient: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      plain: { type: 'boolean' },
      keyring: { type: 'string' },
      site: { type: 'string' },
      max: { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && !(Number.isInteger(max) && max > 0))
    throw new Error('--max must be a positive integer');
  const keyring = await loadKeyring(values.keyring ?? keyringFile(loadConfig(process.env).dataDir));
  const pool = createPool(commandDatabaseUrl(values['database-url']), { max: 1 });
  try {
    const bundle = await exportAuditBundle(
      { pool, cipher: new FieldCipher(keyring) },
      {
        ...(values.actor ? { actor: values.actor } : {}),
        ...(values.patient ? { patientId: values.patient } : {}),
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
      },
      { ...(values.site ? { site: values.site } : {}), ...(max ? { max } : {}) },
    );
    const json = `${JSON.stringify(bundle, null, 2)}\n`;
    if (values.out) {
      const content = values.plain ? json : sealFile(keyring, Buffer.from(json), AUDIT_EXPORT_CONTEXT);
      await writeFile(values.out, content, { mode: 0o600 });
      console.error(
        `${bundle.entry?.length ?? 0} audit events written to ${values.out}${values.plain ? '' : ' (sealed)'}`,
      );
    } else {
      process.stdout.write(json);
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`audit:export: ${describeDatabaseError(error)}`);
  process.exitCode = 1;
});
