import type { SentinelleConfig } from './config';
import { credentialsFile, readStoredCredentials } from './credentials';
import { postgresUrl } from './services/postgresRoles';
import { redisUrl } from './services/redis';

export interface ServiceUrls {
  /** The application's connection: the private cluster's app role (DML only), or DATABASE_URL. */
  readonly databaseUrl: string;
  /** The role that owns the schema and runs the migrations: the private owner role, else DATABASE_MIGRATION_URL, else DATABASE_URL. */
  readonly migrationDatabaseUrl: string;
  readonly redisUrl: string;
}

/**
 * The URLs, with their credentials, of the services a process of the stack uses: those given by
 * DATABASE_URL / REDIS_URL, else the private instances `npm start` runs on their configured ports,
 * whose passwords are in its credentials file.
 */
export function serviceUrls(config: SentinelleConfig): ServiceUrls {
  const { database, redis } = config;
  const needsFile = database.url === undefined || redis.url === undefined;
  const stored = needsFile ? readStoredCredentials(config.dataDir) : undefined;
  const missing = (what: string) =>
    new Error(
      `no credentials for the private ${what} in ${credentialsFile(config.dataDir)}: start the stack once ` +
        `with npm start (it writes them), or set ${what === 'PostgreSQL' ? 'DATABASE_URL' : 'REDIS_URL'}`,
    );
  let databaseUrl = database.url;
  let migrationDatabaseUrl = database.migrationUrl ?? database.url;
  if (databaseUrl === undefined) {
    if (!stored?.postgres) throw missing('PostgreSQL');
    databaseUrl = postgresUrl(stored.postgres.app, database.privatePort, 'sentinelle');
    migrationDatabaseUrl = postgresUrl(stored.postgres.owner, database.privatePort, 'sentinelle');
  }
  let redisServiceUrl = redis.url;
  if (redisServiceUrl === undefined) {
    if (!stored?.redis) throw missing('Redis');
    redisServiceUrl = redisUrl(stored.redis, redis.privatePort);
  }
  return {
    databaseUrl,
    migrationDatabaseUrl: migrationDatabaseUrl ?? databaseUrl,
    redisUrl: redisServiceUrl,
  };
}

/** A URL fit to print: its password replaced by ***. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
