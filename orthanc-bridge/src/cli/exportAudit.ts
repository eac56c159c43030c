/**
 * npm run audit:export -- [--actor LOGIN] [--patient ID] [--from DATE] [--to DATE] [--out FILE]
 *                         [--site NAME] [--max N] [--database-url URL]
 *
 * The audit entries matching the filter (all of them by default), newest first, as a FHIR R4
 * Bundle (type collection) of AuditEvents: on stdout, or in FILE. --from is inclusive, --to
 * exclusive (ISO 8601 dates or instants). Exit 1 on a bad filter or when the export fails.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exportAuditBundle } from '../audit/fhirAuditBundle';
import { createPool } from '../db/pool';
import { commandDatabaseUrl, describeDatabaseError } from './databaseUrl';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      actor: { type: 'string' },
      patient: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      site: { type: 'string' },
      max: { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && !(Number.isInteger(max) && max > 0))
    throw new Error('--max must be a positive integer');
  const pool = createPool(commandDatabaseUrl(values['database-url']), { max: 1 });
  try {
    const bundle = await exportAuditBundle(
      pool,
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
      await writeFile(values.out, json);
      console.error(`${bundle.entry?.length ?? 0} audit events written to ${values.out}`);
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
