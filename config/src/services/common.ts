import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stopService, type ExitInfo, type ServiceProcess } from './process';

export interface ServiceOptions {
  /** Where the instance keeps its data and log. Default: a new temporary folder (then ephemeral). */
  readonly dir?: string | undefined;
  /** A test instance: faster, non-durable settings, and `stop()` deletes `dir`. */
  readonly ephemeral?: boolean | undefined;
  /** How long to wait for the instance to answer (default 60 s). */
  readonly startTimeoutMs?: number | undefined;
  /** How long `stop()` waits after its signal before SIGKILL (default 20 s). */
  readonly stopTimeoutMs?: number | undefined;
}

/** What every private instance returns. */
export interface ServiceHandle {
  readonly name: string;
  readonly url: string;
  readonly dir: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly ephemeral: boolean;
  /** Resolves when the process exits, whoever stopped it. */
  readonly exited: Promise<ExitInfo>;
  /** Stops the instance cleanly (its own signal, then SIGKILL after a timeout); deletes `dir` when ephemeral. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_START_TIMEOUT_MS = 60_000;
export const DEFAULT_STOP_TIMEOUT_MS = 20_000;

/** Resolves the instance folder, creating it (a temporary one when none is given). */
export async function prepareDir(
  prefix: string,
  options: ServiceOptions,
): Promise<{ dir: string; ephemeral: boolean }> {
  if (options.dir === undefined) {
    return {
      dir: await mkdtemp(join(tmpdir(), `sentinelle-${prefix}-`)),
      ephemeral: options.ephemeral ?? true,
    };
  }
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  return { dir, ephemeral: options.ephemeral ?? false };
}

/** Deletes an ephemeral instance's folder; leaves a persistent one alone. */
export async function cleanup(dir: string, ephemeral: boolean): Promise<void> {
  if (ephemeral) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** An idempotent stop(): the service's signal, SIGKILL after the timeout, then cleanup. */
export function stopper(
  proc: ServiceProcess,
  options: { signal?: NodeJS.Signals; timeoutMs: number; dir: string; ephemeral: boolean },
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      await stopService(proc, { signal: options.signal ?? 'SIGTERM', timeoutMs: options.timeoutMs });
      await cleanup(options.dir, options.ephemeral);
    })());
}
