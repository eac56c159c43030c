import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { basicAuth, freePorts, isPortOpen, loadConfig, loadDemoStudies, startStack } from './index';
import { loadOrCreateDemoPasswords } from './demoUsers';
import { REPO_ROOT } from './paths';

const SYNTHETIC = resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'dicom', 'mg-synthetic-explicit-little.dcm');

describe('startStack', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sentinelle-stack-'));
    await chmod(dataDir, 0o755); // PostgreSQL's system user must traverse it when the tests run as root
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('startStack starts the private services, keeps generated credentials, and stops in reverse order', async () => {
    const [bridge, http, dicom, postgres, redis] = await freePorts(5);
    const config = loadConfig({
      SENTINELLE_DATA_DIR: join(dataDir, 'data'),
      BRIDGE_PORT: String(bridge),
      ORTHANC_HTTP_PORT: String(http),
      ORTHANC_DICOM_PORT: String(dicom),
      POSTGRES_PORT: String(postgres),
      REDIS_PORT: String(redis),
      ORTHANC_STABLE_AGE: '1',
    });
    const lines: string[] = [];
    const stack = await startStack(config, { log: (line) => lines.push(line), processes: false });
    let password: string;
    try {
      expect(stack.members.map((m) => m.name)).toEqual(['PostgreSQL', 'Redis', 'Orthanc']);
      const file = join(config.dataDir, 'credentials.json');
      const stored = JSON.parse(await readFile(file, 'utf8')) as {
        orthanc: { username: string; password: string };
        postgres: Record<'superuser' | 'owner' | 'app', { user: string; password: string }>;
        redis: { username: string; password: string };
      };
      const { app, owner } = stored.postgres;
      expect(stack.databaseUrl).toBe(
        `postgres://${app.user}:${app.password}@127.0.0.1:${postgres}/sentinelle`,
      );
      expect(stack.migrationDatabaseUrl).toBe(
        `postgres://${owner.user}:${owner.password}@127.0.0.1:${postgres}/sentinelle`,
      );
      expect(app.user).toBe('sentinelle_app');
      expect(stack.redisUrl).toBe(`redis://sentinelle:${stored.redis.password}@127.0.0.1:${redis}`);
      expect(stack.orthanc).toMatchObject({
        url: `http://127.0.0.1:${http}`,
        dicomPort: dicom,
        aet: 'SENTINELLE',
      });

      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(stored.orthanc).toEqual({ username: 'sentinelle', password: stack.orthanc.password });
      expect(stack.orthanc.password.length).toBeGreaterThanOrEqual(20);
      password = stack.orthanc.password;
      expect(stack.env).toMatchObject({
        DATABASE_URL: stack.databaseUrl,
        DATABASE_MIGRATION_URL: stack.migrationDatabaseUrl,
        REDIS_URL: stack.redisUrl,
        ORTHANC_PASSWORD: password,
      });

      const system = await fetch(`${stack.orthanc.url}/system`, {
        headers: { authorization: basicAuth('sentinelle', password) },
      });
      expect(system.status).toBe(200);
      await system.arrayBuffer();

      // The README's command works: storescu's own AET from 127.0.0.1 is registered; a stranger is not.
      const storescu = (...args: string[]) =>
        promisify(execFile)('storescu', [
          ...args,
          '-aec',
          'SENTINELLE',
          '127.0.0.1',
          String(dicom),
          SYNTHETIC,
        ]);
      await storescu();
      await expect(storescu('-aet', 'INTRUDER')).rejects.toThrow(/Calling AE Title Not Recognized/);
    } finally {
      await stack.stop();
    }
    expect(lines.filter((l) => l.startsWith('stopping'))).toEqual([
      'stopping Orthanc',
      'stopping Redis',
      'stopping PostgreSQL',
    ]);
    for (const port of [http, dicom, postgres, redis]) expect(await isPortOpen(port!)).toBe(false);
    expect(existsSync(join(config.dataDir, 'postgres', 'data', 'PG_VERSION'))).toBe(true);

    // A second start finds the same credentials; an existing database given by URL is not started again.
    const first = await startStack(config, { processes: false });
    try {
      expect(first.orthanc.password).toBe(password);
      expect(first.databaseUrl).toBe(stack.databaseUrl);
      expect(first.redisUrl).toBe(stack.redisUrl);
      const second = await startStack(
        loadConfig({
          SENTINELLE_DATA_DIR: join(dataDir, 'other'),
          DATABASE_URL: first.databaseUrl,
          REDIS_URL: first.redisUrl,
          ORTHANC_URL: first.orthanc.url,
          ORTHANC_PASSWORD: password,
        }),
        { processes: false },
      );
      try {
        expect(second.members).toEqual([]);
        expect(second.databaseUrl).toBe(first.databaseUrl);
        const client = new pg.Client({ connectionString: second.databaseUrl });
        await client.connect();
        await client.end();
      } finally {
        await second.stop();
      }
      expect(await isPortOpen(postgres!)).toBe(true);
    } finally {
      await first.stop();
    }
  });

  test('startStack runs the bridge and the worker, the demo studies get analysed once, and stop() ends the worker first', async () => {
    const [bridge, http, dicom, postgres, redis] = await freePorts(5);
    const config = loadConfig({
      SENTINELLE_DATA_DIR: join(dataDir, 'data'),
      BRIDGE_PORT: String(bridge),
      ORTHANC_HTTP_PORT: String(http),
      ORTHANC_DICOM_PORT: String(dicom),
      POSTGRES_PORT: String(postgres),
      REDIS_PORT: String(redis),
      ORTHANC_STABLE_AGE: '1',
      LOG_LEVEL: 'info',
      SENTINELLE_DEMO_USERS: '1',
    });
    const passwords = await loadOrCreateDemoPasswords(config.dataDir);
    const lines: string[] = [];
    const stack = await startStack(config, { log: (line) => lines.push(line) });
    try {
      expect(stack.members.map((m) => m.name)).toEqual([
        'PostgreSQL',
        'Redis',
        'Orthanc',
        'bridge',
        'worker',
      ]);
      expect(stack.bridgeUrl).toBe(`http://127.0.0.1:${bridge}`);
      const auth = { authorization: basicAuth(stack.orthanc.username, stack.orthanc.password) };
      // The private Orthanc loads the bridge's Explorer extension, pointed at this bridge, and its
      // "Open in viewer" opens <ViewerUrl>?StudyInstanceUIDs=<uid>: the viewer's Mammography AI mode.
      expect(stack.viewerUrl).toBe(`http://127.0.0.1:${bridge}/mammo`);
      const orthancConfig = JSON.parse(
        await readFile(join(config.dataDir, 'orthanc', 'orthanc.json'), 'utf8'),
      );
      expect(orthancConfig.Sentinelle).toEqual({
        BridgeUrl: stack.bridgeUrl,
        Network: 'loopback',
        ViewerUrl: stack.viewerUrl,
      });
      const js = await (await fetch(`${stack.orthanc.url}/plugins/explorer.js`, { headers: auth })).text();
      expect(js).toContain('sentinelle-explorer');
      expect(js).toContain(JSON.stringify({ viewerUrl: stack.viewerUrl }));

      const first = await loadDemoStudies(stack.orthanc);
      expect(first.loaded.map((s) => s.patientName)).toEqual([
        'DEMO^Malignant',
        'DEMO^Benign',
        'DEMO^Normal',
        'DEMO^Urgent',
      ]);
      type Listed = {
        studyInstanceUid: string;
        status: string;
        priority: string;
        malignancyScore: number | null;
      };
      let analyses: Listed[] = [];
      // The API answers signed-in users only: the demo's radiologist signs in.
      expect((await fetch(`${stack.bridgeUrl}/api/analyses`)).status).toBe(401);
      const signedIn = await fetch(`${stack.bridgeUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'dr.martin', password: passwords['dr.martin'] }),
      });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
        const response = await fetch(`${stack.bridgeUrl}/api/analyses`, { headers: { cookie } });
        analyses = ((await response.json()) as { analyses: Listed[] }).analyses;
        if (analyses.length === 4 && analyses.every((a) => a.status === 'done')) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(analyses.map((a) => a.status)).toEqual(['done', 'done', 'done', 'done']);
      const byUid = new Map(analyses.map((a) => [a.studyInstanceUid, a]));
      for (const study of first.loaded) {
        expect(byUid.get(study.studyInstanceUid)).toMatchObject({ priority: study.expectedPriority });
        expect(byUid.get(study.studyInstanceUid)?.malignancyScore).toEqual(expect.any(Number));
      }
      expect(first.loaded.find((s) => s.key === 'urgent')?.expectedPriority).toBe('stat');

      const again = await loadDemoStudies(stack.orthanc);
      expect(again.loaded).toEqual([]);
      expect(again.present).toHaveLength(4);
    } finally {
      await stack.stop();
    }
    expect(lines.filter((l) => l.startsWith('stopping'))).toEqual([
      'stopping worker',
      'stopping bridge',
      'stopping Orthanc',
      'stopping Redis',
      'stopping PostgreSQL',
    ]);
    for (const port of [bridge, http, postgres, redis]) expect(await isPortOpen(port!)).toBe(false);
    // The whole stack starts, the worker analyses four studies on a shared 2-core machine and stops.
  }, 300_000);

  test('startStack reports a busy port and leaves nothing running', async () => {
    const [http, dicom, postgres, redis] = await freePorts(4);
    const other = await startStack(
      loadConfig({
        SENTINELLE_DATA_DIR: join(dataDir, 'a'),
        ORTHANC_HTTP_PORT: String(http),
        ORTHANC_DICOM_PORT: String(dicom),
        POSTGRES_PORT: String(postgres),
        REDIS_PORT: String(redis),
      }),
      { processes: false },
    );
    try {
      const [http2, dicom2, postgres2] = await freePorts(3);
      await expect(
        startStack(
          loadConfig({
            SENTINELLE_DATA_DIR: join(dataDir, 'b'),
            ORTHANC_HTTP_PORT: String(http2),
            ORTHANC_DICOM_PORT: String(dicom2),
            POSTGRES_PORT: String(postgres2),
            REDIS_PORT: String(redis),
          }),
          { processes: false },
        ),
      ).rejects.toThrow(
        `port ${redis} for Redis is already in use on 127.0.0.1; set REDIS_PORT or REDIS_URL`,
      );
      for (const port of [http2, dicom2, postgres2]) expect(await isPortOpen(port!)).toBe(false);
    } finally {
      await other.stop();
    }
  });
});
