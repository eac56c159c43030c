/**
 * The database an audit command works on: --database-url, else DATABASE_URL, else the private
 * PostgreSQL that `npm start` runs (as the bridge itself would find it).
 */
import { loadConfig, serviceUrls } from '@sentinelle/config';

export function commandDatabaseUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return option;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  // The private cluster's app role, with the password npm start keeps in its credentials file.
  return serviceUrls(loadConfig(env)).databaseUrl;
}

/** A message a person can act on for a failure to reach or read the audit trail. */
export function describeDatabaseError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  if (e?.code === '42P01') {
    return 'the database has no audit trail (table audit_event): start the bridge once to apply its migrations';
  }
  if (e?.code === 'ECONNREFUSED') return `the database is unreachable: ${String(e.message)}`;
  return error instanceof Error ? error.message : String(error);
}
