import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findPostgresBinDir, freePort, isPortOpen, PG_HBA, startPostgres } from './index';

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
  test('startPostgres starts again on another free port when its port was taken before it could bind it', async () => {
    // Another process binds the port found free before PostgreSQL does (parallel tests do this).
    const squatter = createServer().listen({ host: '127.0.0.1', port: 0 });
    await once(squatter, 'listening');
    const taken = (squatter.address() as { port: number }).port;
    const offered: number[] = [];
    const postgres = await startPostgres({
      ephemeral: true,
      findFreePort: async () => {
        offered.push(offered.length === 0 ? taken : await freePort());
        return offered.at(-1)!;
      },
    }).finally(() => squatter.close());
    try {
      expect(offered).toHaveLength(2);
      expect(postgres.port).toBe(offered[1]);
      expect(await query(postgres.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      expect(await readFile(postgres.logFile, 'utf8')).toMatch(/could not bind .*Address already in use/);
    } finally {
      await postgres.stop();
    }
  });

  test('startPostgres serves the sentinelle database on loopback and stop() closes the port and deletes the folder', async () => {
    const postgres = await startPostgres({ ephemeral: true });
    try {
      const { app } = postgres.accounts;
      expect(postgres.url).toBe(
        `postgres://${app.user}:${app.password}@127.0.0.1:${postgres.port}/sentinelle`,
      );
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
        await query(first.ownerUrl, 'create table kept (v text); insert into kept values ($$still here$$)');
      } finally {
        await first.stop();
      }
      expect(existsSync(join(dir, 'data', 'PG_VERSION'))).toBe(true);

      // The same accounts (npm start keeps them in credentials.json); the app role reads the owner's table.
      const second = await startPostgres({ dir, accounts: first.accounts });
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

  test('startPostgres refuses a connection without password or with a wrong one, over TCP and its socket', async () => {
    const postgres = await startPostgres({ ephemeral: true });
    try {
      const psql = join(findPostgresBinDir(), 'psql');
      const env = { ...process.env, PGPASSWORD: '' };
      for (const host of ['127.0.0.1', postgres.socketDir]) {
        for (const user of ['sentinelle', 'sentinelle_owner', 'sentinelle_app']) {
          // -w: never prompt; the server asks for a password and gets none.
          const attempt = promisify(execFile)(
            psql,
            [
              '-w',
              '-X',
              '-h',
              host,
              '-p',
              String(postgres.port),
              '-U',
              user,
              '-d',
              'sentinelle',
              '-c',
              'select 1',
            ],
            { env },
          );
          await expect(attempt).rejects.toThrow(/no password supplied/);
        }
      }
      const wrong = new URL(postgres.superuserUrl);
      wrong.password = 'not-the-password';
      await expect(query(wrong.toString(), 'select 1')).rejects.toThrow(/password authentication failed/);
      expect(await readFile(join(postgres.dir, 'data', 'pg_hba.conf'), 'utf8')).toBe(PG_HBA);
    } finally {
      await postgres.stop();
    }
  });

  test('startPostgres makes the app role a DML-only role that owns nothing and the owner role the owner of the database', async () => {
    const postgres = await startPostgres({ ephemeral: true });
    try {
      const roles = await query(
        postgres.superuserUrl,
        `select rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls from pg_roles
         where rolname in ('sentinelle_owner', 'sentinelle_app') order by rolname`,
      );
      const none = {
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolreplication: false,
        rolbypassrls: false,
      };
      expect(roles).toEqual([
        { rolname: 'sentinelle_app', ...none },
        { rolname: 'sentinelle_owner', ...none },
      ]);
      expect(
        await query(
          postgres.superuserUrl,
          'select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()',
        ),
      ).toEqual([{ owner: 'sentinelle_owner' }]);
      // A table the owner makes later is the app role's to read and write, never to alter.
      await query(postgres.ownerUrl, 'create table later (id serial primary key, v text)');
      await query(
        postgres.url,
        "insert into later (v) values ('x'); update later set v = 'y'; delete from later",
      );
      await expect(query(postgres.url, 'alter table later add column w text')).rejects.toThrow(
        /must be owner of table later/,
      );
      await expect(query(postgres.url, 'truncate later')).rejects.toThrow(/permission denied/);
      await expect(query(postgres.url, 'create table mine (v text)')).rejects.toThrow(
        /permission denied for schema public/,
      );
    } finally {
      await postgres.stop();
    }
  });

  test('startPostgres converts a cluster of an earlier version (trust, objects of the superuser) to passwords and the owner role', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'sentinelle-pg-upgrade-'));
    const dir = join(parent, 'postgres');
    await chmod(parent, 0o755);
    try {
      const first = await startPostgres({ dir });
      try {
        await query(
          first.superuserUrl,
          'create table kept (v text); insert into kept values ($$still here$$)',
        );
      } finally {
        await first.stop();
      }
      // What an earlier version left: trust for everyone.
      await writeFile(
        join(dir, 'data', 'pg_hba.conf'),
        'local all all trust\nhost all all 127.0.0.1/32 trust\n',
      );
      const second = await startPostgres({ dir });
      try {
        expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
        expect(
          await query(
            second.superuserUrl,
            "select pg_get_userbyid(relowner) as owner from pg_class where relname = 'kept'",
          ),
        ).toEqual([{ owner: 'sentinelle_owner' }]);
        expect(await readFile(join(dir, 'data', 'pg_hba.conf'), 'utf8')).toBe(PG_HBA);
        const wrong = new URL(second.url);
        wrong.password = 'not-the-password';
        await expect(query(wrong.toString(), 'select 1')).rejects.toThrow(/password authentication failed/);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
