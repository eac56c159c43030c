import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanup, DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS, prepareDir, stopper } from './common';
import type { ServiceHandle, ServiceOptions } from './common';
import { assertPortFree, freePort, LOOPBACK } from './ports';
import { isRoot, lookupUser, run, spawnService, type RunAs } from './process';
import { waitFor } from './waitFor';

export interface PostgresOptions extends ServiceOptions {
  /** TCP port on 127.0.0.1; 0 or undefined: a free one. */
  readonly port?: number | undefined;
  /** Database created on first start (default `sentinelle`). */
  readonly database?: string;
  /** Superuser created by initdb and used in the URL (default `sentinelle`). */
  readonly user?: string;
  /** The system user that runs PostgreSQL when this process is root (default `postgres`). */
  readonly systemUser?: string;
}

export interface PostgresHandle extends ServiceHandle {
  /** postgres://USER@127.0.0.1:PORT/DATABASE (trust authentication on loopback). */
  readonly url: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
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

/**
 * Starts a private PostgreSQL cluster in `dir/data` listening on 127.0.0.1:`port` only, with its
 * Unix socket in `dir`; trust authentication (nothing but loopback and that folder can reach it).
 * Reuses the cluster already in `dir`, so a second start finds its data again. As root, the
 * server runs as the `postgres` system user, which then owns `dir`.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresHandle> {
  const bin = findPostgresBinDir();
  const database = options.database ?? 'sentinelle';
  const user = options.user ?? 'sentinelle';
  const { dir, ephemeral } = await prepareDir('postgres', options);
  try {
    const port = options.port || (await freePort());
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
      await run(
        join(bin, 'initdb'),
        [
          '-D',
          data,
          '-U',
          user,
          '--auth=trust',
          '--encoding=UTF8',
          '--locale=C',
          ...(ephemeral ? ['--no-sync'] : []),
        ],
        { runAs },
      );
      // Trust, but only over the instance folder's socket and 127.0.0.1 (listen_addresses below).
      await writeFile(
        join(data, 'pg_hba.conf'),
        '# Sentinelle private cluster: reachable only through its socket folder and 127.0.0.1\n' +
          'local all all trust\nhost all all 127.0.0.1/32 trust\n',
      );
      if (runAs) await chown(join(data, 'pg_hba.conf'), runAs.uid, runAs.gid);
    }

    const settings = [
      `listen_addresses=${LOOPBACK}`,
      `port=${port}`,
      `unix_socket_directories=${dir}`,
      'logging_collector=off',
      ...(ephemeral ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
    ];
    const proc = spawnService({
      command: join(bin, 'postgres'),
      args: ['-D', data, ...settings.flatMap((s) => ['-c', s])],
      logFile,
      cwd: dir,
      runAs,
    });
    // SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions instead of waiting for them.
    const stop = stopper(proc, {
      signal: 'SIGINT',
      timeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      dir,
      ephemeral,
    });
    const psql = (sql: string, db: string) =>
      run(join(bin, 'psql'), ['-h', LOOPBACK, '-p', String(port), '-U', user, '-d', db, '-XtAc', sql]);
    try {
      await waitFor(
        async () => {
          await psql('select 1', 'postgres');
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
      const exists = await psql(
        `select 1 from pg_database where datname = '${database.replace(/'/g, "''")}'`,
        'postgres',
      );
      if (exists.trim() !== '1') await psql(`create database "${database.replace(/"/g, '""')}"`, 'postgres');
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      name: 'PostgreSQL',
      url: `postgres://${encodeURIComponent(user)}@${LOOPBACK}:${port}/${encodeURIComponent(database)}`,
      port,
      database,
      user,
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
