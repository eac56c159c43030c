import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { isPortOpen, startPostgres } from './index';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  test('startPostgres serves the sentinelle database on loopback and stop() closes the port and deletes the folder', async () => {
    const postgres = await startPostgres({ ephemeral: true });
    try {
      expect(postgres.url).toBe(`postgres://sentinelle@127.0.0.1:${postgres.port}/sentinelle`);
      expect(await query(postgres.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      const [settings] = (await query(
        postgres.url,
        "select current_setting('listen_addresses') as listen, current_database() as db",
      )) as { listen: string; db: string }[];
      expect(settings).toEqual({ listen: '127.0.0.1', db: 'sentinelle' });
    } finally {
      await postgres.stop();
    }
    expect(await isPortOpen(postgres.port)).toBe(false);
    expect(existsSync(postgres.dir)).toBe(false);
  });

  test('startPostgres finds the data of a persistent cluster again after a restart', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'sentinelle-pg-reuse-'));
    const dir = join(parent, 'postgres');
    // mkdtemp makes a 0700 folder; as root the server runs as `postgres`, which must traverse it.
    await chmod(parent, 0o755);
    try {
      const first = await startPostgres({ dir });
      try {
        await query(first.url, 'create table kept (v text); insert into kept values ($$still here$$)');
      } finally {
        await first.stop();
      }
      expect(existsSync(join(dir, 'data', 'PG_VERSION'))).toBe(true);

      const second = await startPostgres({ dir });
      try {
        expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  test('startPostgres names the busy port when asked for one that is taken', async () => {
    const postgres = await startPostgres({ ephemeral: true });
    try {
      await expect(startPostgres({ ephemeral: true, port: postgres.port })).rejects.toThrow(
        `port ${postgres.port} for PostgreSQL is already in use on 127.0.0.1; set POSTGRES_PORT or DATABASE_URL`,
      );
    } finally {
      await postgres.stop();
    }
  });
});
