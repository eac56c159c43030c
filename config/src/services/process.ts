import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  readonly error?: Error;
}

export interface RunAs {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly pid: number | undefined;
  readonly logFile: string;
  /** Resolves (never rejects) when the process has exited. */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
}

export interface SpawnServiceOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** stdout and stderr are appended to it. */
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly runAs?: RunAs | undefined;
}

const SETPRIV = '/usr/bin/setpriv';

/**
 * Starts a long-running service process in its own process group, so that the terminal's Ctrl-C
 * reaches only the supervisor (which then stops services in order). Where util-linux's setpriv is
 * present the service also gets SIGTERM when its supervisor dies without stopping it.
 */
export function spawnService(options: SpawnServiceOptions): ServiceProcess {
  const log = openSync(options.logFile, 'a');
  let command = options.command;
  let args = [...options.args];
  if (existsSync(SETPRIV)) {
    args = ['--pdeathsig', 'SIGTERM', '--', command, ...args];
    command = SETPRIV;
  }
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', log, log],
      detached: true,
      ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    });
  } finally {
    closeSync(log);
  }
  let done = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      // 'error' without a pid: the program never started, and 'exit' will not follow.
      if (child.pid === undefined) {
        done = true;
        resolve({ code: null, signal: null, error });
      }
    });
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  return { child, pid: child.pid, logFile: options.logFile, exited, hasExited: () => done };
}

/**
 * Stops a service: `signal` (SIGTERM unless the service prefers another), then waits up to
 * `timeoutMs` before SIGKILL of its whole process group.
 */
export async function stopService(
  service: ServiceProcess,
  { signal = 'SIGTERM', timeoutMs = 20_000 }: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<ExitInfo> {
  if (service.hasExited() || service.pid === undefined) return service.exited;
  try {
    process.kill(service.pid, signal);
  } catch {
    return service.exited;
  }
  const timedOut = Symbol('timeout');
  const ac = new AbortController();
  const first = await Promise.race([
    service.exited,
    sleep(timeoutMs, timedOut, { signal: ac.signal }).catch(() => timedOut),
  ]);
  ac.abort();
  if (first !== timedOut) return first as ExitInfo;
  try {
    process.kill(-service.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  return service.exited;
}

/**
 * Runs a short command to completion; rejects with its output when it fails. `input` goes to its
 * stdin: secrets travel there, never in arguments, which every local user can read in /proc.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { runAs?: RunAs | undefined; cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (error) => reject(new Error(`${command} could not be started: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve(output);
      else {
        const who = options.runAs ? ` (as ${options.runAs.user})` : '';
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        reject(new Error(`${command} ${args.join(' ')}${who} failed with ${how}:\n${output.trim()}`));
      }
    });
  });
}

/** True when this process runs as root. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The uid and gid of a system user, from the system's user database. */
export function lookupUser(user: string): RunAs | undefined {
  try {
    const line = execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).trim();
    const [, , uid, gid] = line.split(':');
    if (uid === undefined || gid === undefined) return undefined;
    return { user, uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}
