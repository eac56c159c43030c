import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { isPortOpen, startRedis } from './index';

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
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
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
      const second = await startRedis({ dir });
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
});
