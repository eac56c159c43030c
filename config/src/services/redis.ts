import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { cleanup, DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS, prepareDir, stopper } from './common';
import type { ServiceHandle, ServiceOptions } from './common';
import { assertPortFree, freePort, LOOPBACK } from './ports';
import { spawnService } from './process';
import { waitFor } from './waitFor';

export interface RedisOptions extends ServiceOptions {
  /** TCP port on 127.0.0.1; 0 or undefined: a free one. */
  readonly port?: number | undefined;
  /** Default $REDIS_SERVER or /usr/bin/redis-server. */
  readonly binary?: string;
}

export interface RedisHandle extends ServiceHandle {
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
}

/** Sends PING over RESP; true on +PONG (false while Redis is still loading its data). */
export function redisPing(port: number, host = LOOPBACK, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Starts a private redis-server bound to 127.0.0.1:`port` with its files in `dir`. A persistent
 * instance keeps an append-only file (BullMQ jobs survive a restart); an ephemeral one keeps
 * nothing on disk.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisHandle> {
  const binary = options.binary ?? process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
  if (!existsSync(binary)) {
    throw new Error(`${binary} not found: install the Debian package redis-server, or set REDIS_SERVER`);
  }
  const { dir, ephemeral } = await prepareDir('redis', options);
  try {
    const port = options.port || (await freePort());
    if (options.port) await assertPortFree(options.port, 'Redis', 'set REDIS_PORT or REDIS_URL');
    const logFile = join(dir, 'redis.log');
    const persistence = ephemeral
      ? ['--appendonly', 'no', '--save', '']
      : ['--appendonly', 'yes', '--appendfsync', 'everysec'];
    const proc = spawnService({
      command: binary,
      args: [
        '--bind',
        LOOPBACK,
        '--port',
        String(port),
        '--protected-mode',
        'yes',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--logfile',
        '',
        ...persistence,
      ],
      logFile,
      cwd: dir,
    });
    const stop = stopper(proc, {
      timeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      dir,
      ephemeral,
    });
    try {
      await waitFor(() => redisPing(port), {
        what: `Redis on ${LOOPBACK}:${port} (data in ${dir})`,
        timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        logFile,
        exited: proc.exited,
        intervalMs: 50,
      });
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      name: 'Redis',
      url: `redis://${LOOPBACK}:${port}`,
      port,
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
