import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, chown, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanup, DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS, prepareDir, stopper } from './common';
import type { ServiceHandle, ServiceOptions } from './common';
import { assertPortFree, freePort, LOOPBACK } from './ports';
import {
  appDatabaseSql,
  generatePostgresAccounts,
  ident,
  postgresUrl,
  rolesSql,
  type PostgresAccounts,
} from './postgresRoles';
import { isRoot, lookupUser, run, spawnService, type RunAs, type ServiceProcess } from './process';
import { waitFor } from './waitFor';

export interface PostgresOptions extends ServiceOptions {
  /** TCP port on 127.0.0.1; 0 or undefined: a free one. */
  readonly port?: number | undefined;
  /** Where a free port comes from when `port` is not set (default: one found free on loopback). */
  readonly findFreePort?: () => Promise<number>;
  /** Database created on first start, owned by the owner role (default `sentinelle`). */
  readonly database?: string;
  /**
   * The roles and their passwords (npm start: from credentials.json); default: generated ones.
   * Each start sets these passwords, so the file stays the truth.
   */
  readonly accounts?: PostgresAccounts | undefined;
  /** The system user that runs PostgreSQL when this process is root (default `postgres`). */
  readonly systemUser?: string;
}

export interface PostgresHandle extends ServiceHandle {
  /** The app role's URL (postgres://sentinelle_app:PASSWORD@127.0.0.1:PORT/DATABASE): DML only. */
  readonly url: string;
  /** The owner role's URL: migrations, and the owner of every object. */
  readonly ownerUrl: string;
  /** The superuser's URL (databases and roles; never the application). */
  readonly superuserUrl: string;
  readonly accounts: PostgresAccounts;
  readonly port: number;
  readonly database: string;
  /** Folder of the Unix socket (the instance folder). */
  readonly socketDir: string;
}

/** Folder of PostgreSQL's server binaries: $PG_BINDIR, else Debian's newest /usr/lib/postgresql/N/bin. */
export function findPostgresBinDir(): string {
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      `PostgreSQL server binaries not found in ${root}/N/bin: install the Debian package postgresql, or set PG_BINDIR`,
    );
  }
  return join(root, versions[0]!, 'bin');
}

const SOCKET_PATH_MAX = 107;

/** Every connection needs a SCRAM password, over the socket folder as over 127.0.0.1. */
export const PG_HBA =
  '# Sentinelle private cluster: SCRAM passwords only, through its socket folder and 127.0.0.1\n' +
  'local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n';

/**
 * Starts a private PostgreSQL cluster in `dir/data` listening on 127.0.0.1:`port` only, with its
 * Unix socket in `dir`; every connection needs a SCRAM password. Creates (or resets the passwords
 * of) the superuser, owner and app roles, and the database owned by the owner with DML for the app
 * role. Reuses the cluster already in `dir`, so a second start finds its data again; a cluster of
 * an earlier version (trust, one superuser owning everything) is converted on its first start. As
 * root, the server runs as the `postgres` system user, which then owns `dir`.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresHandle> {
  const bin = findPostgresBinDir();
  const database = options.database ?? 'sentinelle';
  const accounts = options.accounts ?? generatePostgresAccounts();
  const superuser = accounts.superuser;
  const { dir, ephemeral } = await prepareDir('postgres', options);
  try {
    const findFreePort = options.findFreePort ?? freePort;
    let port = options.port || (await findFreePort());
    if (options.port) await assertPortFree(options.port, 'PostgreSQL', 'set POSTGRES_PORT or DATABASE_URL');
    if (join(dir, `.s.PGSQL.${port}`).length > SOCKET_PATH_MAX) {
      throw new Error(
        `PostgreSQL's socket path in ${dir} would be longer than ${SOCKET_PATH_MAX} characters: choose a shorter folder`,
      );
    }

    let runAs: RunAs | undefined;
    if (isRoot()) {
      const systemUser = options.systemUser ?? 'postgres';
      runAs = lookupUser(systemUser);
      if (!runAs) {
        throw new Error(
          `PostgreSQL refuses to run as root and the system user ${systemUser} does not exist: install the Debian package postgresql`,
        );
      }
      await chown(dir, runAs.uid, runAs.gid);
      await chmod(dir, 0o700);
      try {
        await run('test', ['-w', dir, '-a', '-x', dir], { runAs });
      } catch {
        throw new Error(
          `PostgreSQL runs as the system user ${runAs.user}, which cannot reach ${dir}: ` +
            'make its parent folders traversable (chmod o+x) or choose another SENTINELLE_DATA_DIR',
        );
      }
    }

    const data = join(dir, 'data');
    const logFile = join(dir, 'postgres.log');
    if (existsSync(join(data, 'PG_VERSION'))) {
      const clusterVersion = (await readFile(join(data, 'PG_VERSION'), 'utf8')).trim();
      const serverVersion = (await run(join(bin, 'postgres'), ['--version'])).match(/(\d+)\./)?.[1];
      if (serverVersion && clusterVersion !== serverVersion) {
        throw new Error(
          `the PostgreSQL cluster in ${data} is version ${clusterVersion} but the server is ${serverVersion}: ` +
            'upgrade it with pg_upgrade, or move it away to start afresh',
        );
      }
    } else {
      // The superuser's password reaches initdb in a file only the server's user can read.
      const pwfile = join(dir, '.initdb-password');
      await writeFile(pwfile, `${superuser.password}\n`, { mode: 0o600 });
      try {
        if (runAs) await chown(pwfile, runAs.uid, runAs.gid);
        await run(
          join(bin, 'initdb'),
          [
            '-D',
            data,
            '-U',
            superuser.user,
            '--auth=scram-sha-256',
            `--pwfile=${pwfile}`,
            '--encoding=UTF8',
            '--locale=C',
            ...(ephemeral ? ['--no-sync'] : []),
          ],
          { runAs },
        );
      } finally {
        await rm(pwfile, { force: true });
      }
      await writeHba(data, runAs);
    }
    const settings = (p: number) => [
      `listen_addresses=${LOOPBACK}`,
      `port=${p}`,
      `unix_socket_directories=${dir}`,
      'logging_collector=off',
      ...(ephemeral ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
    ];
    const stopOptions = {
      // SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions instead of waiting for them.
      signal: 'SIGINT' as const,
      timeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      dir,
      ephemeral,
    };
    let proc: ServiceProcess;
    for (let attempt = 1; ; attempt++) {
      const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
      proc = spawnService({
        command: join(bin, 'postgres'),
        args: ['-D', data, ...settings(port).flatMap((s) => ['-c', s])],
        logFile,
        cwd: dir,
        runAs,
      });
      try {
        await waitFor(
          async () => {
            // pg_isready needs no password: a wrong one below is reported at once, not after the timeout.
            await run(join(bin, 'pg_isready'), ['-q', '-h', LOOPBACK, '-p', String(port)]);
            return true;
          },
          {
            what: `PostgreSQL on ${LOOPBACK}:${port} (data in ${data})`,
            timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
            logFile,
            exited: proc.exited,
            intervalMs: 150,
          },
        );
        break;
      } catch (error) {
        // A port found free a moment ago can be bound by another process first (a parallel test's
        // service, an outgoing connection) while initdb runs: start again on another free port.
        const lost = !options.port && attempt < 3 && (await lostItsPort(logFile, logStart));
        if (!lost) {
          await stopper(proc, stopOptions)();
          throw error;
        }
        port = await findFreePort();
      }
    }
    const stop = stopper(proc, stopOptions);
    // SQL goes through stdin and the password through the environment: never in arguments.
    const psql = (sql: string, db: string) =>
      run(
        join(bin, 'psql'),
        ['-h', LOOPBACK, '-p', String(port), '-U', superuser.user, '-d', db, '-XtA', '-v', 'ON_ERROR_STOP=1'],
        { env: { ...process.env, PGPASSWORD: superuser.password, PGCONNECT_TIMEOUT: '5' }, input: sql },
      );
    try {
      try {
        await psql(rolesSql(accounts), 'postgres');
      } catch (error) {
        if (!/password authentication failed/.test((error as Error).message)) throw error;
        throw new Error(
          `PostgreSQL in ${data} refused the superuser ${superuser.user}'s password: restore the credentials ` +
            'file that goes with this cluster, or move the cluster away to start afresh',
        );
      }
      const exists = await psql(
        `select 1 from pg_database where datname = '${database.replace(/'/g, "''")}'`,
        'postgres',
      );
      const owner = ident(accounts.owner.user);
      await psql(
        exists.trim() === '1'
          ? `ALTER DATABASE ${ident(database)} OWNER TO ${owner}`
          : `CREATE DATABASE ${ident(database)} OWNER ${owner}`,
        'postgres',
      );
      await psql(appDatabaseSql(accounts), database);
      // A cluster of an earlier version trusted every local connection: from now on, passwords.
      if ((await readFile(join(data, 'pg_hba.conf'), 'utf8')) !== PG_HBA) {
        await writeHba(data, runAs);
        await psql('select pg_reload_conf()', 'postgres');
      }
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      name: 'PostgreSQL',
      url: postgresUrl(accounts.app, port, database),
      ownerUrl: postgresUrl(accounts.owner, port, database),
      superuserUrl: postgresUrl(superuser, port, database),
      accounts,
      port,
      database,
      socketDir: dir,
      dir,
      logFile,
      pid: proc.pid,
      ephemeral,
      exited: proc.exited,
      stop,
    };
  } catch (error) {
    await cleanup(dir, ephemeral);
    throw error;
  }
}

async function writeHba(data: string, runAs: RunAs | undefined): Promise<void> {
  const path = join(data, 'pg_hba.conf');
  await writeFile(path, PG_HBA, { mode: 0o600 });
  if (runAs) await chown(path, runAs.uid, runAs.gid);
}

/** Whether PostgreSQL's log, from `offset` on, says another process held its port. */
async function lostItsPort(logFile: string, offset: number): Promise<boolean> {
  const log = await readFile(logFile).catch(() => Buffer.alloc(0));
  return /could not bind .*Address already in use/.test(log.subarray(offset).toString('utf8'));
}
