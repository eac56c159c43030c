import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { configEnv, type SentinelleConfig } from './config';
import { loadOrCreateCredentials } from './credentials';
import { DICOMWEB_ROOT, type DicomTlsFiles } from './orthanc/orthancConfig';
import { ORTHANC_EXPLORER_EXTENSION } from './paths';
import { clientUrl, startBridge, startWorker } from './processes';
import { orthancAnswers, startOrthanc } from './services/orthanc';
import { assertPortFree, isPortOpen } from './services/ports';
import { startPostgres } from './services/postgres';
import { startRedis } from './services/redis';
import { waitFor } from './services/waitFor';

/**
 * The route of the viewer's Mammography AI mode (`routeName` in ohif-extensions/mode-mammo-ai),
 * which the bridge serves at its origin: a study opens at `<bridge>/mammo?StudyInstanceUIDs=<uid>`.
 */
export const VIEWER_MODE_ROUTE = 'mammo';

/** Start order of the services (stop goes backwards): Orthanc, then Redis, then PostgreSQL stop. */
const SERVICE_ORDER = ['PostgreSQL', 'Redis', 'Orthanc'];

/** Anything the stack runs and stops: a private service, the bridge, the worker. */
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
  /** The application's database URL (the private cluster's app role: DML only), with its password. */
  readonly databaseUrl: string;
  /** The URL migrations run with (the private cluster's owner role; DATABASE_MIGRATION_URL or DATABASE_URL when external). */
  readonly migrationDatabaseUrl: string;
  /** Redis, with the ACL user's password. */
  readonly redisUrl: string;
  /** Base URL of the bridge's API (where it listens when the stack runs it). */
  readonly bridgeUrl: string;
  /**
   * The viewer's study page, `<bridgeUrl>/mammo` (open a study with `?StudyInstanceUIDs=<uid>`);
   * the private Orthanc's Explorer links its "Open in viewer" button there.
   */
  readonly viewerUrl: string;
  /** True when the stack runs the bridge and the worker (see StartStackOptions.processes). */
  readonly processes: boolean;
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
  /**
   * Start the bridge and the inference worker after the services (default true); false: the
   * services only. With them, the private Orthanc loads the bridge's Orthanc Explorer extension.
   */
  readonly processes?: boolean;
  /** An orthanc-python script for the private Orthanc instead of the bridge's Explorer extension. */
  readonly orthancPythonScript?: string;
  /** How long to wait for the bridge and for the worker to be ready (default 90 s and 120 s). */
  readonly processStartTimeoutMs?: number;
  /** The authority (PEM) of the bridge's TLS certificate, trusted by the health check (the demo CA). */
  readonly bridgeCa?: string;
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
    orthancAnswers(
      { url, username, password },
      `the Orthanc at ORTHANC_URL (${url}) refused ORTHANC_USERNAME/ORTHANC_PASSWORD`,
    ),
    { what: `Orthanc at ORTHANC_URL (${url})`, timeoutMs: 15_000 },
  );
}

/** The DICOM TLS files of the configuration; npm start fills in its demo PKI's when none are set. */
function dicomTlsFiles(config: SentinelleConfig): DicomTlsFiles | undefined {
  const tls = config.orthanc.dicomTls;
  if (!tls) return undefined;
  const { certPath, keyPath, trustedPath } = tls;
  if (!certPath || !keyPath || !trustedPath)
    throw new Error(
      'SENTINELLE_DICOM_TLS=1 needs ORTHANC_DICOM_TLS_CERT, ORTHANC_DICOM_TLS_KEY and ORTHANC_DICOM_TLS_CA',
    );
  return { certPath, keyPath, trustedPath };
}

/**
 * Starts the local stack described by `config`: private PostgreSQL, Redis and Orthanc under
 * `config.dataDir` (postgres/, redis/, orthanc/), except those whose URL points at an existing
 * service, which are only checked. Then, unless `options.processes` is false, the bridge (the
 * private Orthanc loads its Explorer extension, whose "Open in viewer" opens `viewerUrl`) and the
 * inference worker.
 * On failure, whatever was started is stopped again before the error is thrown.
 */
export async function startStack(config: SentinelleConfig, options: StartStackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const processes = options.processes ?? true;
  const bridgeUrl = clientUrl(config.bridge.host, config.bridge.port, config.bridge.tls !== undefined);
  const viewerUrl = `${bridgeUrl}/${VIEWER_MODE_ROUTE}`;
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
    const postgresDir = join(config.dataDir, 'postgres');
    const redisDir = join(config.dataDir, 'redis');
    // Fail before starting anything rather than after the services are up.
    if (processes) await assertPortFree(config.bridge.port, 'the bridge', 'set BRIDGE_PORT');
    const pythonScript = options.orthancPythonScript ?? (processes ? ORTHANC_EXPLORER_EXTENSION : undefined);

    const started = await Promise.allSettled([
      config.database.url
        ? waitForTcp('PostgreSQL', 'DATABASE_URL', config.database.url, 5432).then(() => undefined)
        : startPostgres({
            dir: postgresDir,
            port: config.database.privatePort,
            accounts: credentials.postgres,
          }).then(register),
      config.redis.url
        ? waitForTcp('Redis', 'REDIS_URL', config.redis.url, 6379).then(() => undefined)
        : mkdir(redisDir, { recursive: true, mode: 0o700 })
            .then(() =>
              startRedis({ dir: redisDir, port: config.redis.privatePort, account: credentials.redis }),
            )
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
              modalities: config.orthanc.modalities,
              dicomTls: dicomTlsFiles(config),
              pythonScript,
              explorer: { bridgeUrl, viewerUrl, network: config.network },
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
    const migrationDatabaseUrl = postgres?.ownerUrl ?? config.database.migrationUrl ?? databaseUrl;
    const redisUrl = redis?.url ?? config.redis.url!;
    const stack: Stack = {
      config,
      orthanc: stackOrthanc,
      databaseUrl,
      migrationDatabaseUrl,
      redisUrl,
      bridgeUrl,
      viewerUrl,
      processes,
      env: {
        ...configEnv(config),
        DATABASE_URL: databaseUrl,
        DATABASE_MIGRATION_URL: migrationDatabaseUrl,
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

    // Sentinelle's own processes, each in its own process group, after the services they use, so
    // that stop() ends them first (worker, bridge, then Orthanc, Redis, PostgreSQL). The bridge
    // migrates the database before it answers; the worker starts once the bridge is healthy.
    if (processes) {
      const env = { ...process.env, ...stack.env };
      const logs = join(config.dataDir, 'logs');
      const timeoutMs = options.processStartTimeoutMs;
      log(`starting the bridge on ${bridgeUrl}`);
      stack.add(
        await startBridge({
          env,
          url: bridgeUrl,
          ca: options.bridgeCa,
          logFile: join(logs, 'bridge.log'),
          startTimeoutMs: timeoutMs,
        }),
      );
      log('starting the inference worker (loads the model)');
      stack.add(
        await startWorker({
          env,
          logFile: join(logs, 'worker.log'),
          logLevel: config.logLevel,
          startTimeoutMs: timeoutMs,
        }),
      );
    }

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
