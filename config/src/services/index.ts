export { DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS } from './common';
export type { ServiceHandle, ServiceOptions } from './common';
export { startOrthanc } from './orthanc';
export type { OrthancHandle, OrthancOptions } from './orthanc';
export { findPostgresBinDir, PG_HBA, startPostgres } from './postgres';
export type { PostgresHandle, PostgresOptions } from './postgres';
export {
  appDatabaseSql,
  generatePassword,
  generatePostgresAccounts,
  POSTGRES_ROLE_NAMES,
  postgresAccountsSchema,
  postgresUrl,
} from './postgresRoles';
export type { PostgresAccount, PostgresAccounts } from './postgresRoles';
export { assertPortFree, freePort, freePorts, isPortOpen, LOOPBACK } from './ports';
export { isRoot, spawnService, stopService } from './process';
export type { ExitInfo, ServiceProcess, SpawnServiceOptions } from './process';
export { REDIS_USER, redisAccountSchema, redisPing, redisUrl, startRedis } from './redis';
export type { RedisAccount, RedisHandle, RedisOptions } from './redis';
export { tailFile, waitFor } from './waitFor';
export type { WaitForOptions } from './waitFor';
