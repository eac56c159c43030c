import { mkdir, open, stat } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { rootCertificates } from 'node:tls';
import { dirname } from 'node:path';
import type { LogLevel } from './config';
import { BRIDGE_MAIN, REPO_ROOT, WORKER_MAIN } from './paths';
import { spawnService, stopService, type ExitInfo, type ServiceProcess } from './services/process';
import { waitFor } from './services/waitFor';

/** One of Sentinelle's own programs (the bridge, the worker), run by the stack. */
export interface ProcessHandle {
  readonly name: string;
  readonly pid: number | undefined;
  /** stdout and stderr (pino JSON lines), appended across runs. */
  readonly logFile: string;
  readonly exited: Promise<ExitInfo>;
  /** SIGTERM (the program finishes its work in progress), SIGKILL of its group after a timeout. Idempotent. */
  stop(): Promise<void>;
}

export interface BridgeHandle extends ProcessHandle {
  /** Base URL of the bridge's API, e.g. http://127.0.0.1:3000 */
  readonly url: string;
}

export interface ProgramOptions {
  /** The whole environment of the program: `{ ...process.env, ...stack.env }`. */
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly startTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
}

/** The same programs `npm run bridge` / `npm run worker` run, as one node process each (tsx as a loader). */
async function spawnProgram(entry: string, options: ProgramOptions): Promise<ServiceProcess> {
  await mkdir(dirname(options.logFile), { recursive: true, mode: 0o700 });
  return spawnService({
    command: process.execPath,
    args: ['--import', 'tsx', entry],
    logFile: options.logFile,
    cwd: REPO_ROOT,
    env: options.env,
  });
}

function handle(name: string, proc: ServiceProcess, stopTimeoutMs: number): ProcessHandle {
  let stopping: Promise<void> | undefined;
  return {
    name,
    pid: proc.pid,
    logFile: proc.logFile,
    exited: proc.exited,
    stop: () => (stopping ??= stopService(proc, { timeoutMs: stopTimeoutMs }).then(() => undefined)),
  };
}

/** The URL a client on this machine uses for a server listening on `host` (a wildcard means loopback). */
export function clientUrl(host: string, port: number, secure = false): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `${secure ? 'https' : 'http'}://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/** GET over http or https, trusting `ca` (PEM) besides the system's authorities: status and body. */
function getText(
  url: string,
  ca: string | undefined,
  timeoutMs: number,
): Promise<{ ok: boolean; text: string }> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { timeout: timeoutMs, ...(ca && { ca: [...rootCertificates, ca] }) },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, text });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/**
 * Starts the bridge (`orthanc-bridge/src/main.ts`: migrations, change feed, API) and waits until
 * GET /api/health (over https when the URL says so) answers 200 (Orthanc, PostgreSQL, Redis and the model are all fine). A bridge
 * that exits or stays unhealthy is stopped, and the error quotes its last health answer and log.
 */
export async function startBridge(
  options: ProgramOptions & {
    readonly url: string;
    /** The authority (PEM) of the bridge's certificate when it is not a public one (the demo CA). */
    readonly ca?: string | undefined;
  },
): Promise<BridgeHandle> {
  const proc = await spawnProgram(BRIDGE_MAIN, options);
  const bridge = { ...handle('bridge', proc, options.stopTimeoutMs ?? 20_000), url: options.url };
  let lastHealth = '';
  try {
    await waitFor(
      async () => {
        const response = await getText(`${options.url}/api/health`, options.ca, 10_000);
        lastHealth = response.text;
        return response.ok;
      },
      {
        what: `the bridge on ${options.url}`,
        timeoutMs: options.startTimeoutMs ?? 90_000,
        intervalMs: 250,
        logFile: options.logFile,
        exited: proc.exited,
      },
    );
  } catch (error) {
    await bridge.stop();
    const health = lastHealth ? `\nlast GET /api/health: ${lastHealth}` : '';
    throw new Error(`${(error as Error).message}${health}`, { cause: error });
  }
  return bridge;
}

/** The line the worker logs (pino, level info) once its model is loaded and it consumes the queue. */
export const WORKER_READY_MESSAGE = 'inference worker started';
const QUIET_LEVELS: readonly LogLevel[] = ['warn', 'error', 'fatal', 'silent'];
/** With a log level that hides the ready line, a worker still running after this long counts as up. */
const QUIET_READY_MS = 5_000;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** True when the log, from byte `offset` on (this run's part), holds the worker's ready line. */
async function loggedReady(path: string, offset: number): Promise<boolean> {
  let file;
  try {
    file = await open(path, 'r');
    const { size } = await file.stat();
    if (size <= offset) return false;
    const buffer = Buffer.alloc(size - offset);
    await file.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8').includes(`"msg":"${WORKER_READY_MESSAGE}"`);
  } finally {
    await file?.close();
  }
}

/**
 * Starts the inference worker (`inference-worker/src/worker/main.ts`) and waits until it logs
 * that it is consuming the queue (its model loaded and warmed up). With LOG_LEVEL above info the
 * line is not written: the worker then counts as up once it has run for a few seconds.
 */
export async function startWorker(
  options: ProgramOptions & { readonly logLevel: LogLevel },
): Promise<ProcessHandle> {
  const offset = await sizeOf(options.logFile);
  const proc = await spawnProgram(WORKER_MAIN, options);
  const worker = handle('worker', proc, options.stopTimeoutMs ?? 30_000);
  const started = Date.now();
  const quiet = QUIET_LEVELS.includes(options.logLevel);
  try {
    await waitFor(
      async () =>
        quiet ? Date.now() - started >= QUIET_READY_MS : await loggedReady(options.logFile, offset),
      {
        what: 'the inference worker',
        timeoutMs: options.startTimeoutMs ?? 120_000,
        intervalMs: 250,
        logFile: options.logFile,
        exited: proc.exited,
      },
    );
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return worker;
}
