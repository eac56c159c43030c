import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { isPortOpen, startRedis } from './index';

/** Sends one raw RESP command on a new connection and returns Redis's first reply line. */
function rawCommand(port: number, ...parts: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(
        `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`,
      ),
    );
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.split('\r\n')[0]!);
      }
    });
  });
}

async function withClient<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

describe('startRedis', () => {
  test('startRedis answers SET/GET on loopback and stop() closes the port and deletes the folder', async () => {
    const redis = await startRedis({ ephemeral: true });
    try {
      const { username, password } = redis.account;
      expect(redis.url).toBe(`redis://${username}:${password}@127.0.0.1:${redis.port}`);
      await withClient(redis.url, async (client) => {
        await client.set('sentinelle:test', 'value');
        expect(await client.get('sentinelle:test')).toBe('value');
        expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      });
    } finally {
      await redis.stop();
    }
    expect(await isPortOpen(redis.port)).toBe(false);
    expect(existsSync(redis.dir)).toBe(false);
  });

  test('startRedis keeps the keys of a persistent instance across a restart (append-only file)', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'sentinelle-redis-reuse-'));
    const dir = join(parent, 'redis');
    try {
      const first = await startRedis({ dir });
      try {
        await withClient(first.url, (client) => client.set('job', 'queued'));
      } finally {
        await first.stop();
      }
      const second = await startRedis({ dir, account: first.account });
      try {
        expect(await withClient(second.url, (client) => client.get('job'))).toBe('queued');
      } finally {
        await second.stop();
      }
      expect(existsSync(dir)).toBe(true);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  test('startRedis refuses a command without the password: an unauthenticated SET, the default user, a wrong password', async () => {
    const redis = await startRedis({ ephemeral: true });
    try {
      expect(await rawCommand(redis.port, 'SET', 'sess:forged', '{"login":"dr.martin"}')).toMatch(/^-NOAUTH/);
      expect(await rawCommand(redis.port, 'AUTH', 'default', '')).toMatch(/^-WRONGPASS/);
      expect(await rawCommand(redis.port, 'AUTH', redis.account.username, 'not-the-password')).toMatch(
        /^-WRONGPASS/,
      );
      await withClient(redis.url, async (client) => expect(await client.get('sess:forged')).toBeNull());
      // The password is in a file only its owner reads, not in the command line.
      expect(statSync(`${redis.dir}/redis.conf`).mode & 0o077).toBe(0);
    } finally {
      await redis.stop();
    }
  });
});
