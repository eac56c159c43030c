import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** The last `lines` lines of a log file ('' when it cannot be read); reads at most its last 64 KiB. */
export async function tailFile(path: string, lines = 20): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

export interface WaitForOptions {
  /** What is awaited, for the message: "PostgreSQL on 127.0.0.1:15432". */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Its log, whose tail the error message quotes. */
  readonly logFile?: string;
  /** Resolves when the awaited process exits: waiting stops at once. */
  readonly exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
}

async function withLog(message: string, logFile: string | undefined): Promise<Error> {
  if (!logFile) return new Error(message);
  const tail = await tailFile(logFile);
  return new Error(tail ? `${message}\nlast lines of ${logFile}:\n${tail}` : `${message} (see ${logFile})`);
}

/**
 * Calls `check` until it returns true. Throws when `timeoutMs` pass or the process exits first,
 * with a message that names what did not come up and quotes the tail of its log.
 * A check that throws counts as "not yet"; its last error goes into the message.
 */
export async function waitFor(check: () => Promise<boolean>, options: WaitForOptions): Promise<void> {
  const { what, timeoutMs, intervalMs = 100, logFile } = options;
  const deadline = Date.now() + timeoutMs;
  let exit: { code: number | null; signal: NodeJS.Signals | null; error?: Error } | undefined;
  void options.exited?.then((e) => (exit = e));
  let lastError = '';
  for (;;) {
    if (exit) {
      const how = exit.error
        ? `could not be started (${exit.error.message})`
        : `exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}) before it answered`;
      throw await withLog(`${what} ${how}`, logFile);
    }
    try {
      if (await check()) return;
      lastError = '';
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() >= deadline) {
      const last = lastError ? ` (last error: ${lastError})` : '';
      throw await withLog(`${what} did not come up within ${timeoutMs} ms${last}`, logFile);
    }
    await sleep(intervalMs);
  }
}
