import { startRedis, type RedisHandle } from '@sentinelle/config';
import { Redis } from 'ioredis';
import { SessionStore } from './sessions';

let server: RedisHandle;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis({ ephemeral: true });
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fields = { userId: '7', stage: 'signed-in', sourceIp: '127.0.0.1', method: 'password' } as const;

describe('SessionStore', () => {
  test('SessionStore ends a session left idle longer than the idle timeout, and keeps one in use', async () => {
    const store = new SessionStore(redis, { idleTimeoutMs: 400, absoluteTimeoutMs: 60_000 }, 'idle-test:');
    const used = await store.create(fields);
    const idle = await store.create(fields);
    for (let i = 0; i < 4; i++) {
      await sleep(200);
      expect(await store.touch(used.id)).toMatchObject({ userId: '7' });
    }
    expect(await store.touch(idle.id)).toBeUndefined();
  });

  test('SessionStore ends a session at the absolute timeout even while it is in use', async () => {
    const store = new SessionStore(
      redis,
      { idleTimeoutMs: 60_000, absoluteTimeoutMs: 500 },
      'absolute-test:',
    );
    const { id } = await store.create(fields);
    await sleep(250);
    expect(await store.touch(id)).toBeDefined();
    await sleep(350);
    expect(await store.touch(id)).toBeUndefined();
  });

  test('SessionStore keeps only digests of session ids in Redis', async () => {
    const store = new SessionStore(redis, undefined, 'digest-test:');
    const { id } = await store.create(fields);
    const keys = await redis.keys('digest-test:*');
    expect(keys.some((k) => k.includes(id))).toBe(false);
    expect(await store.destroyAllOf('7')).toBe(1);
    expect(await store.touch(id)).toBeUndefined();
  });
});
