import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SentinelleConfig } from './config';
import { loadOrCreateCredentials } from './credentials';
import { DICOMWEB_ROOT } from './orthanc/orthancConfig';
import { basicAuth, startOrthanc } from './services/orthanc';
import { isPortOpen } from './services/ports';
import { startPostgres } from './services/postgres';
import { startRedis } from './services/redis';
import { waitFor } from './services/waitFor';

/** Start order of the services (stop goes backwards): Orthanc, then Redis, then PostgreSQL stop. */
const SERVICE_ORDER = ['PostgreSQL', 'Redis', 'Orthanc'];

/** Anything the stack runs and stops: a private service, and later the bridge and the worker. */
export interface StackMember {
  readonly name: string;
  /** Resolves when the process exits; the supervisor stops the whole stack when one dies. */
  readonly exited?: Promise<unknown>;
  stop(): Promise<void>;
}

export interface StackOrthanc {
  readonly url: string;
  readonly dicomWebUrl: string;
  readonly username: string;
  readonly password: string;
  /** DICOM port and AE title of the private instance; undefined for an external Orthanc. */
  readonly dicomPort: number | undefined;
  readonly aet: string | undefined;
  readonly external: boolean;
}

export interface Stack {
  readonly config: SentinelleConfig;
  readonly orthanc: StackOrthanc;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** The variables a process of the stack needs to reach the same services (see `loadConfig`). */
  readonly env: Readonly<Record<string, string>>;
  /** Members in start order; `stop()` goes through them backwards. */
  readonly members: readonly StackMember[];
  /** Registers a member started after the services, so that `stop()` ends it first. */
  add(member: StackMember): void;
  /** Stops every member in reverse start order; idempotent; goes on past a member that fails to stop. */
  stop(): Promise<void>;
}

export interface StartStackOptions {
  readonly log?: (line: string) => void;
  /** Orthanc Explorer extension (orthanc-python script) of the bridge, when it exists. */
  readonly orthancPythonScript?: string;
}

function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : defaultPort };
}

async function waitForTcp(name: string, envName: string, url: string, defaultPort: number): Promise<void> {
  const { host, port } = hostPort(url, defaultPort);
  await waitFor(() => isPortOpen(port, host), {
    what: `${name} at ${envName} (${host}:${port})`,
    timeoutMs: 15_000,
  });
}

async function checkExternalOrthanc(url: string, username: string, password: string): Promise<void> {
  await waitFor(
    async () => {
      const response = await fetch(`${url}/system`, {
        headers: { authorization: basicAuth(username, password) },
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.status === 401) {
        throw new Error(`the Orthanc at ORTHANC_URL (${url}) refused ORTHANC_USERNAME/ORTHANC_PASSWORD`);
      }
      return response.ok;
    },
    { what: `Orthanc at ORTHANC_URL (${url})`, timeoutMs: 15_000 },
  );
}

/**
 * Starts the local stack described by `config`: private PostgreSQL, Redis and Orthanc under
 * `config.dataDir` (postgres/, redis/, orthanc/), except those whose URL points at an existing
 * service, which are only checked. Then the bridge and the worker (see the hook below).
 * On failure, whatever was started is stopped again before the error is thrown.
 */
export async function startStack(config: SentinelleConfig, options: StartStackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const members: StackMember[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const errors: string[] = [];
      for (const member of [...members].reverse()) {
        log(`stopping ${member.name}`);
        try {
          await member.stop();
        } catch (error) {
          errors.push(`${member.name}: ${(error as Error).message}`);
        }
      }
      if (errors.length)
        throw new Error(`some members of the stack did not stop cleanly:\n${errors.join('\n')}`);
    })());

  // Services come up side by side; their stop order must not depend on which came up first.
  const register = <T extends StackMember>(service: T): T => {
    members.push(service);
    members.sort((a, b) => SERVICE_ORDER.indexOf(a.name) - SERVICE_ORDER.indexOf(b.name));
    return service;
  };

  try {
    await mkdir(config.dataDir, { recursive: true });
    // Patient images and credentials live here: nobody else may list it (PostgreSQL's user may traverse it).
    await chmod(config.dataDir, 0o711);

    const credentials = await loadOrCreateCredentials(config.dataDir, {
      username: config.orthanc.username,
      password: config.orthanc.password,
    });
    const { username, password } = credentials.orthanc;

    const started = await Promise.allSettled([
      config.database.url
        ? waitForTcp('PostgreSQL', 'DATABASE_URL', config.database.url, 5432).then(() => undefined)
        : startPostgres({ dir: join(config.dataDir, 'postgres'), port: config.database.privatePort }).then(
            register,
          ),
      config.redis.url
        ? waitForTcp('Redis', 'REDIS_URL', config.redis.url, 6379).then(() => undefined)
        : mkdir(join(config.dataDir, 'redis'), { recursive: true, mode: 0o700 })
            .then(() => startRedis({ dir: join(config.dataDir, 'redis'), port: config.redis.privatePort }))
            .then(register),
      config.orthanc.external
        ? checkExternalOrthanc(config.orthanc.url, username, password).then(() => undefined)
        : (async () => {
            const dir = join(config.dataDir, 'orthanc');
            await mkdir(dir, { recursive: true, mode: 0o700 });
            const h = await startOrthanc({
              dir,
              httpPort: config.orthanc.httpPort,
              dicomPort: config.orthanc.dicomPort,
              aet: config.orthanc.aet,
              username,
              password,
              stableAgeSeconds: config.orthanc.stableAgeSeconds,
              pythonScript: options.orthancPythonScript,
            });
            return register(h);
          })(),
    ]);
    const failures = started.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (failures.length) throw new Error(failures.join('\n\n'));
    const value = <T>(r: PromiseSettledResult<T>) => (r.status === 'fulfilled' ? r.value : undefined);
    const postgres = value(started[0]);
    const redis = value(started[1]);
    const orthanc = value(started[2]);

    const orthancUrl = orthanc?.url ?? config.orthanc.url;
    const stackOrthanc: StackOrthanc = {
      url: orthancUrl,
      dicomWebUrl: `${orthancUrl}${DICOMWEB_ROOT.replace(/\/$/, '')}`,
      username,
      password,
      dicomPort: orthanc?.dicomPort,
      aet: orthanc?.aet,
      external: config.orthanc.external,
    };
    const databaseUrl = postgres?.url ?? config.database.url!;
    const redisUrl = redis?.url ?? config.redis.url!;
    const stack: Stack = {
      config,
      orthanc: stackOrthanc,
      databaseUrl,
      redisUrl,
      env: {
        SENTINELLE_DATA_DIR: config.dataDir,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        ORTHANC_URL: orthancUrl,
        ORTHANC_USERNAME: username,
        ORTHANC_PASSWORD: password,
      },
      members,
      add: (member) => {
        if (stopping) throw new Error(`cannot add ${member.name}: the stack is stopping`);
        members.push(member);
      },
      stop,
    };

    // ───────────────────────── HOOK: Sentinelle's own processes ─────────────────────────
    // Start the bridge (migrations first) and the inference worker here, as child processes
    // with `{ ...process.env, ...stack.env }`, and `stack.add(handle)` each one once it answers:
    // stop() then ends them before the services they use (reverse start order).
    // ─────────────────────────────────────────────────────────────────────────────────────

    return stack;
  } catch (error) {
    try {
      await stop();
    } catch (stopError) {
      log((stopError as Error).message);
    }
    throw error;
  }
}
