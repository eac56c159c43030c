import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startWorkerServices } from './service';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sentinelle-worker-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("startWorkerServices refuses to start without the bridge's keyring, which seals the model views", async () => {
  const keyringPath = join(dir, 'keys', 'keyring.json');
  await expect(
    startWorkerServices({
      // Nothing listens there: the keyring is checked before any of them is reached.
      orthanc: { url: 'http://127.0.0.1:9', username: 'x', password: 'y' },
      databaseUrl: 'postgres://127.0.0.1:9/none',
      redisUrl: 'redis://127.0.0.1:9',
      keyringPath,
      concurrency: 1,
      threads: 1,
      model: { id: 'no-such-model' },
      logger: pino({ level: 'silent' }),
    }),
  ).rejects.toThrow(`the keyring ${keyringPath} does not exist: the bridge creates it at its first start`);
});
