import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { cleanup, DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS, prepareDir, stopper } from './common';
import type { ServiceHandle, ServiceOptions } from './common';
import { assertPortFree, freePort, LOOPBACK } from './ports';
import { generatePassword } from './postgresRoles';
import { spawnService } from './process';
import { waitFor } from './waitFor';

/** The ACL user the bridge, the worker and BullMQ connect as; Redis's `default` user is off. */
export const redisAccountSchema = z.object({
  username: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'a lowercase user name'),
  // It goes into redis.conf as one word: letters, digits, '-' and '_' (what generatePassword makes).
  password: z.string().regex(/^[A-Za-z0-9_-]{16,}$/, '16+ letters, digits, - or _'),
});
export type RedisAccount = z.infer<typeof redisAccountSchema>;

export const REDIS_USER = 'sentinelle';

export interface RedisOptions extends ServiceOptions {
  /** TCP port on 127.0.0.1; 0 or undefined: a free one. */
  readonly port?: number | undefined;
  /** The ACL user (npm start: from credentials.json); default: `sentinelle` with a generated password. */
  readonly account?: RedisAccount | undefined;
  /** Default $REDIS_SERVER or /usr/bin/redis-server. */
  readonly binary?: string;
}

export interface RedisHandle extends ServiceHandle {
  /** redis://USER:PASSWORD@127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly account: RedisAccount;
}

/** redis://USER:PASSWORD@HOST:PORT */
export function redisUrl(account: RedisAccount, port: number, host = LOOPBACK): string {
  const u = new URL(`redis://${host}:${port}`);
  u.username = account.username;
  u.password = account.password;
  return u.toString().replace(/\/$/, '');
}

const bulk = (s: string) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

/**
 * Sends PING over RESP (after AUTH when an account is given); true on +PONG (false while Redis is
 * still loading its data, or when it refuses the account).
 */
export function redisPing(
  port: number,
  host = LOOPBACK,
  timeoutMs = 1_000,
  account?: RedisAccount,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    const auth = account ? `*3\r\n${bulk('AUTH')}${bulk(account.username)}${bulk(account.password)}` : '';
    const expected = account ? 2 : 1;
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(`${auth}*1\r\n$4\r\nPING\r\n`));
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      const lines = reply.split('\r\n').slice(0, -1);
      if (lines.length >= expected)
        done(lines[expected - 1] === '+PONG' && lines.every((l) => l.startsWith('+')));
    });
  });
}

/**
 * The configuration file: the account, and the `default` user off (no connection without a
 * password). A file of mode 0600 rather than arguments, which every local user can read.
 */
function redisConf(account: RedisAccount): string {
  return [
    'user default off',
    // Every key, channel and command for the one account Sentinelle uses.
    `user ${account.username} on >${account.password} ~* &* +@all`,
    '',
  ].join('\n');
}

/**
 * Starts a private redis-server bound to 127.0.0.1:`port` with its files in `dir`, where only the
 * ACL user `account` may connect (with its password). A persistent instance keeps an append-only
 * file (BullMQ jobs survive a restart); an ephemeral one keeps nothing on disk.
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
    const account = options.account ?? { username: REDIS_USER, password: generatePassword() };
    const confFile = join(dir, 'redis.conf');
    await writeFile(confFile, redisConf(account), { mode: 0o600 });
    await chmod(confFile, 0o600);
    const persistence = ephemeral
      ? ['--appendonly', 'no', '--save', '']
      : ['--appendonly', 'yes', '--appendfsync', 'everysec'];
    const proc = spawnService({
      command: binary,
      args: [
        confFile,
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
      await waitFor(() => redisPing(port, LOOPBACK, 1_000, account), {
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
      url: redisUrl(account, port),
      port,
      account,
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
