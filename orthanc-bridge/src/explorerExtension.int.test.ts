/**
 * The Orthanc Explorer extension (orthanc-plugin/sentinelle_explorer.py) in a real Orthanc 1.10
 * with orthanc-python, forwarding to a real bridge (PostgreSQL, Redis, no worker).
 */
import {
  basicAuth,
  freePort,
  ORTHANC_EXPLORER_EXTENSION,
  startOrthanc,
  VIEWER_MODE_ROUTE,
  type OrthancHandle,
} from '@sentinelle/config';
import { initAppServices, shutdownApp, type AppServices } from './app';
import {
  freshDatabase,
  orthancClient,
  startSharedServices,
  storeStudy,
  testConfig,
  uniqueName,
  waitUntil,
  writeTestRegistry,
  type SharedServices,
} from './testing/harness';

const CREDENTIALS = { username: 'explorer', password: 'explorer-test-pw' };

let shared: SharedServices;
let registry: Awaited<ReturnType<typeof writeTestRegistry>>;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let orthanc: OrthancHandle;
let app: AppServices;
let bridgeUrl: string;

beforeAll(async () => {
  [shared, registry] = await Promise.all([startSharedServices(), writeTestRegistry()]);
  const port = await freePort();
  bridgeUrl = `http://127.0.0.1:${port}`;
  [orthanc, db] = await Promise.all([
    startOrthanc({
      ...CREDENTIALS,
      stableAgeSeconds: 1,
      ephemeral: true,
      pythonScript: ORTHANC_EXPLORER_EXTENSION,
      explorer: { bridgeUrl, viewerUrl: `${bridgeUrl}/${VIEWER_MODE_ROUTE}` },
    }),
    freshDatabase(shared.postgres),
  ]);
  const config = testConfig({
    orthanc,
    databaseUrl: db.url,
    redisUrl: shared.redis.url,
    queueName: uniqueName('explorer'),
    registryPath: registry.registryPath,
  });
  app = await initAppServices({ ...config, http: { host: '127.0.0.1', port } });
});

afterAll(async () => {
  await shutdownApp();
  await Promise.all([orthanc?.stop(), db?.drop()]);
  await Promise.all([shared?.stop(), registry?.remove()]);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function viaOrthanc(
  path: string,
  init: { method?: string; body?: string; contentType?: string; auth?: boolean } = {},
): Promise<{ status: number; body: Json; contentType: string | null }> {
  const headers: Record<string, string> = {};
  if (init.auth !== false) headers.authorization = basicAuth(CREDENTIALS.username, CREDENTIALS.password);
  if (init.contentType) headers['content-type'] = init.contentType;
  const response = await fetch(`${orthanc.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body,
  });
  const text = await response.text();
  let body: Json = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (Orthanc's own 401)
  }
  return { status: response.status, body, contentType: response.headers.get('content-type') };
}

async function fromBridge(path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${app.url}${path}`);
  return { status: response.status, body: await response.json() };
}

/** A stored MG study once the bridge has queued its analysis. */
async function queuedStudy(description = 'Mammographie de dépistage'): Promise<string> {
  const uid = await storeStudy(orthancClient(orthanc), { description });
  await waitUntil(`the bridge's analysis of ${uid}`, async () => {
    const { status, body } = await fromBridge(`/api/studies/${uid}/analysis`);
    return status === 200 && body.analysis.status === 'queued' ? true : undefined;
  });
  return uid;
}

describe('sentinelle_explorer.py', () => {
  test('sentinelle_explorer.py loads in Orthanc and extends Orthanc Explorer with the AI panel', async () => {
    const plugins = await viaOrthanc('/plugins');
    expect(plugins.body).toContain('python');

    // Orthanc Explorer loads the plugins' JavaScript from ../plugins/explorer.js.
    const html = await viaOrthanc('/app/explorer.html');
    expect(html.body).toContain('../plugins/explorer.js');
    const js = await viaOrthanc('/plugins/explorer.js');
    expect(js.status).toBe(200);
    expect(js.body).toContain('sentinelle-explorer');
    expect(js.body).toContain('Analyse now (urgent)');
    expect(js.body).toContain(JSON.stringify({ viewerUrl: `${bridgeUrl}/mammo` }));
    expect(js.body).not.toContain('__SENTINELLE_SETTINGS__');
  });

  test('sentinelle_explorer.py answers GET /sentinelle/studies/<uid>/analysis with the bridge analysis', async () => {
    const uid = await queuedStudy();
    const direct = await fromBridge(`/api/studies/${uid}/analysis`);
    const forwarded = await viaOrthanc(`/sentinelle/studies/${uid}/analysis`);
    expect(forwarded.status).toBe(200);
    expect(forwarded.contentType).toMatch(/^application\/json/);
    expect(forwarded.body).toEqual(direct.body);
    expect(forwarded.body.analysis).toMatchObject({
      studyInstanceUid: uid,
      status: 'queued',
      priority: 'screening',
    });

    // Orthanc's credentials guard the route like the rest of its API.
    expect((await viaOrthanc(`/sentinelle/studies/${uid}/analysis`, { auth: false })).status).toBe(401);
  });

  test('sentinelle_explorer.py forwards POST analyse, and the analysis priority becomes stat', async () => {
    const uid = await queuedStudy();
    const answer = await viaOrthanc(`/sentinelle/studies/${uid}/analyse`, {
      method: 'POST',
      body: JSON.stringify({ priority: 'stat' }),
      contentType: 'application/json',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.analysis).toMatchObject({ studyInstanceUid: uid, priority: 'stat', status: 'queued' });
    const direct = await fromBridge(`/api/studies/${uid}/analysis`);
    expect(direct.body.analysis.priority).toBe('stat');
  });

  test("sentinelle_explorer.py relays the bridge's errors and refuses what it must not forward", async () => {
    const unknown = '1.2.826.0.1.3680043.8.498.1';
    const missing = await viaOrthanc(`/sentinelle/studies/${unknown}/analysis`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`no analysis of study ${unknown}`);

    const notInOrthanc = await viaOrthanc(`/sentinelle/studies/${unknown}/analyse`, {
      method: 'POST',
      body: JSON.stringify({ priority: 'stat' }),
      contentType: 'application/json',
    });
    expect(notInOrthanc.status).toBe(404);
    expect(notInOrthanc.body.error.message).toBe(`Orthanc holds no study ${unknown}`);

    const uid = await queuedStudy();
    const badPriority = await viaOrthanc(`/sentinelle/studies/${uid}/analyse`, {
      method: 'POST',
      body: JSON.stringify({ priority: 'now' }),
      contentType: 'application/json',
    });
    expect(badPriority.status).toBe(400);
    expect(badPriority.body.error.message).toMatch(/priority/);

    const notJson = await viaOrthanc(`/sentinelle/studies/${uid}/analyse`, {
      method: 'POST',
      body: 'priority=stat',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(415);

    const notAUid = await viaOrthanc('/sentinelle/studies/1.2.3abc/analysis');
    expect(notAUid.status).toBe(400);
    expect((await viaOrthanc(`/sentinelle/studies/${uid}/analyse`)).status).toBe(405);
    expect((await viaOrthanc(`/sentinelle/studies/${uid}/analysis`, { method: 'DELETE' })).status).toBe(405);
  });

  test('sentinelle_explorer.py answers 502 naming the bridge when the bridge is down', async () => {
    await shutdownApp();
    const answer = await viaOrthanc('/sentinelle/studies/1.2.3/analysis');
    expect(answer.status).toBe(502);
    expect(answer.body.error.message).toContain(`the Sentinelle bridge at ${bridgeUrl} did not answer`);
  });
});

describe('sentinelle_explorer.py settings', () => {
  test('sentinelle_explorer.py stops Orthanc at start with one clear log line when the bridge URL is missing or not loopback', async () => {
    const start = (explorer?: { bridgeUrl: string }) =>
      startOrthanc({
        ...CREDENTIALS,
        ephemeral: true,
        pythonScript: ORTHANC_EXPLORER_EXTENSION,
        explorer,
        startTimeoutMs: 30_000,
      });
    await expect(start()).rejects.toThrow(
      /\[sentinelle-explorer\] cannot start: no bridge URL: set "Sentinelle": \{"BridgeUrl"/,
    );
    await expect(start({ bridgeUrl: 'http://10.1.2.3:3000' })).rejects.toThrow(
      /\[sentinelle-explorer\] cannot start: BridgeUrl must name a loopback address/,
    );
  });
});
