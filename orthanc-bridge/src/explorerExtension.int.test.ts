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
  sessionHeaders,
  sessionOf,
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
  const response = await fetch(`${app.url}${path}`, {
    headers: sessionHeaders(await sessionOf(app.url, 'dr.martin')),
  });
  return { status: response.status, body: await response.json() };
}

/** A request of Orthanc Explorer's page served by the bridge at /orthanc (jQuery's X-Requested-With). */
async function viaBridgeExplorer(
  path: string,
  init: { method?: string; body?: string } = {},
  login: string | null = 'dr.martin',
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${app.url}/orthanc${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'x-requested-with': 'XMLHttpRequest',
      'content-type': 'application/json',
      ...(login ? { cookie: (await sessionOf(app.url, login)).cookie } : {}),
    },
    body: init.body,
  });
  const text = await response.text();
  let body: Json = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML
  }
  return { status: response.status, body };
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

  test('Orthanc Explorer through the bridge shows the analysis and asks for one on the user’s session', async () => {
    const uid = await queuedStudy();
    const direct = await fromBridge(`/api/studies/${uid}/analysis`);
    const panel = await viaBridgeExplorer(`/sentinelle/studies/${uid}/analysis`);
    expect(panel.status).toBe(200);
    expect(panel.body).toEqual(direct.body);
    const answer = await viaBridgeExplorer(`/sentinelle/studies/${uid}/analyse`, {
      method: 'POST',
      body: JSON.stringify({ priority: 'stat' }),
    });
    expect(answer.status).toBe(202);
    expect((await fromBridge(`/api/studies/${uid}/analysis`)).body.analysis.priority).toBe('stat');
    // Without a session, nothing; a sysadmin reads no study.
    expect((await fetch(`${app.url}/orthanc/sentinelle/studies/${uid}/analysis`)).status).toBe(401);
    expect((await viaBridgeExplorer(`/sentinelle/studies/${uid}/analysis`, {}, 'admin.dupont')).status).toBe(
      403,
    );
  });

  test('sentinelle_explorer.py reached on Orthanc directly gets nothing from the bridge without a session', async () => {
    const uid = await queuedStudy();
    const forwarded = await viaOrthanc(`/sentinelle/studies/${uid}/analysis`);
    expect(forwarded.status).toBe(502);
    expect(forwarded.body.error.message).toBe('the Sentinelle bridge refused the Orthanc plugin (HTTP 401)');
    expect((await viaOrthanc(`/sentinelle/studies/${uid}/analysis`, { auth: false })).status).toBe(401);
    const notJson = await viaOrthanc(`/sentinelle/studies/${uid}/analyse`, {
      method: 'POST',
      body: 'priority=stat',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(415);
    expect((await viaOrthanc('/sentinelle/studies/1.2.3abc/analysis')).status).toBe(400);
    expect((await viaOrthanc(`/sentinelle/studies/${uid}/analyse`)).status).toBe(405);
  });

  test('Orthanc Explorer is for sysadmins only, through the bridge', async () => {
    const explorer = (login: string | null) =>
      viaBridgeExplorer('/app/explorer.html', {}, login).then((r) => r.status);
    expect(await explorer('admin.dupont')).toBe(200);
    expect(await explorer('dr.martin')).toBe(403);
    expect(await explorer(null)).toBe(401);
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
