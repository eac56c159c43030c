/**
 * npm run audit:verify [-- --database-url URL]
 *
 * Checks the audit trail's hash chain. Prints "audit chain intact: N entries" and the last entry
 * (note it elsewhere: entries removed from the end can only be noticed against it), exit 0; or
 * "audit chain broken at entry ID: REASON", exit 1. Exit 2 when the check could not run.
 */
import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../audit/verifyAuditChain';
import { createPool } from '../db/pool';
import { commandDatabaseUrl, describeDatabaseError } from './databaseUrl';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
  const pool = createPool(commandDatabaseUrl(values['database-url']), { max: 1 });
  try {
    const report = await verifyAuditChain(pool);
    if (!report.ok) {
      console.log(`audit chain broken at entry ${report.firstBroken!.id}: ${report.firstBroken!.reason}`);
      return 1;
    }
    console.log(`audit chain intact: ${report.checked} entries`);
    if (report.head) console.log(`last entry: ${report.head.id} ${report.head.hash}`);
    return 0;
  } finally {
    await pool.end();
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
