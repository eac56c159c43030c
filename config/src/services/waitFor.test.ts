import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPortFree, freePorts, isPortOpen, spawnService, stopService, waitFor } from './index';

describe('waitFor', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-waitfor-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('waitFor names what did not come up and quotes the tail of its log', async () => {
    const logFile = join(dir, 'thing.log');
    await writeFile(logFile, 'line 1\nFATAL: could not bind\n');
    await expect(
      waitFor(async () => false, { what: 'Thing on 127.0.0.1:1', timeoutMs: 50, intervalMs: 10, logFile }),
    ).rejects.toThrow(
      /Thing on 127\.0\.0\.1:1 did not come up within 50 ms\nlast lines of .*thing\.log:\nline 1\nFATAL: could not bind/,
    );
  });

  test('waitFor gives the last error of the check', async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error('connection refused');
        },
        { what: 'Thing', timeoutMs: 30, intervalMs: 10 },
      ),
    ).rejects.toThrow('Thing did not come up within 30 ms (last error: connection refused)');
  });

  test('waitFor stops at once when the awaited process exits', async () => {
    const logFile = join(dir, 'crash.log');
    const proc = spawnService({
      command: '/bin/sh',
      args: ['-c', 'echo "port already taken" >&2; exit 3'],
      logFile,
    });
    await expect(
      waitFor(async () => false, { what: 'Crasher', timeoutMs: 30_000, logFile, exited: proc.exited }),
    ).rejects.toThrow(
      /Crasher exited \(code 3\) before it answered\nlast lines of .*crash\.log:\nport already taken/,
    );
  });

  test('stopService sends SIGKILL to a process that ignores its signal', async () => {
    const proc = spawnService({
      command: '/bin/sh',
      args: ['-c', 'trap "" TERM; while :; do sleep 0.05; done'],
      logFile: join(dir, 'stubborn.log'),
    });
    await new Promise((r) => setTimeout(r, 100));
    const exit = await stopService(proc, { timeoutMs: 200 });
    expect(exit.signal).toBe('SIGKILL');
  });
});

describe('freePorts', () => {
  test('freePorts returns distinct loopback ports that can be bound', async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) {
      expect(await isPortOpen(port)).toBe(false);
      await assertPortFree(port, 'test');
    }
  });

  test('assertPortFree says which service wanted a taken port and what to change', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      await expect(assertPortFree(port, 'Redis', 'set REDIS_PORT')).rejects.toThrow(
        `port ${port} for Redis is already in use on 127.0.0.1; set REDIS_PORT`,
      );
    } finally {
      server.close();
    }
  });
});
