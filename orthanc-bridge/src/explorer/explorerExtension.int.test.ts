/**
 * The Orthanc Explorer extension (plugin/sentinelle_explorer.py) in a real Orthanc 1.10
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
import { request as httpRequest } from 'node:http';
import { initAppServices, shutdownApp, type AppServices } from '../app';
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
} from '../testing/harness';

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
    database: db,
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
  init: { method?: string; body?: string; csrfToken?: string; contentType?: string } = {},
  login: string | null = 'dr.martin',
): Promise<{ status: number; body: Json; text: string }> {
  const response = await fetch(`${app.url}/orthanc${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'x-requested-with': 'XMLHttpRequest',
      'content-type': init.contentType ?? 'application/json',
      ...(init.csrfToken ? { 'x-csrf-token': init.csrfToken } : {}),
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
  return { status: response.status, body, text };
}

/** A request to the bridge with its target sent byte for byte (fetch would resolve dot segments first). */
function rawToBridge(path: string, login: string, method = 'GET'): Promise<{ status: number; text: string }> {
  return sessionOf(app.url, login).then(
    (who) =>
      new Promise((resolve, reject) => {
        const url = new URL(app.url);
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path,
            method,
            headers: { cookie: who.cookie, 'x-requested-with': 'XMLHttpRequest' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('latin1') }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      }),
  );
}

/** What storeStudy writes of the patient: none of it may show through Orthanc Explorer. */
const IDENTITY = ['Test^Patient', 'BRIDGE-TEST', '19600101', 'ACC1'];

function identityIn(text: string): string[] {
  return IDENTITY.filter((value) => text.includes(value));
}

/** Orthanc ids of a study and of one of its instances, asked of Orthanc directly. */
async function orthancIdsOf(uid: string): Promise<{ study: string; instance: string; patient: string }> {
  const study = await viaOrthanc('/tools/lookup', { method: 'POST', body: uid, contentType: 'text/plain' });
  const id = study.body.find((r: Json) => r.Type === 'Study').ID as string;
  const instances = await viaOrthanc(`/studies/${id}/instances`);
  const parent = await viaOrthanc(`/studies/${id}`);
  return { study: id, instance: instances.body[0].ID, patient: parent.body.ParentPatient };
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
    // The panel sends the session's CSRF token, which it reads from the bridge's session route.
    const session = await viaBridgeExplorer('/sentinelle/auth/session');
    expect(session.status).toBe(200);
    const answer = await viaBridgeExplorer(`/sentinelle/studies/${uid}/analyse`, {
      method: 'POST',
      body: JSON.stringify({ priority: 'stat' }),
      csrfToken: session.body.csrfToken,
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

  test('orthancExplorerRelay shows a sysadmin no patient identity and offers no download or identity search', async () => {
    const uid = await queuedStudy();
    const ids = await orthancIdsOf(uid);
    const admin = (path: string, init: Parameters<typeof viaBridgeExplorer>[1] = {}) =>
      viaBridgeExplorer(path, init, 'admin.dupont');
    // Orthanc Explorer still runs: its pages, the archive's state, the resource tree.
    for (const path of [
      '/app/explorer.html',
      '/plugins/explorer.js',
      '/system',
      '/statistics',
      '/jobs?expand',
    ])
      expect([path, (await admin(path)).status]).toEqual([path, 200]);
    const reads = [
      '/patients?expand&since=0&limit=101&full',
      '/studies?expand&since=0&limit=101&full',
      '/patients?expand',
      `/patients/${ids.patient}?full`,
      `/patients/${ids.patient}/studies?full`,
      `/studies/${ids.study}`,
      `/studies/${ids.study}/series?full`,
      `/instances/${ids.instance}?full`,
      `/instances/${ids.instance}/tags`,
      `/instances/${ids.instance}/tags?simplify`,
      `/instances/${ids.instance}/tags?short`,
    ];
    for (const path of reads) {
      const answer = await admin(path);
      expect([path, answer.status, identityIn(answer.text)]).toEqual([path, 200, []]);
    }
    const patients = (await admin('/patients?expand')).body;
    expect(patients[0].MainDicomTags).toMatchObject({ PatientName: '(hidden)', PatientID: '(hidden)' });
    expect((await admin(`/studies/${ids.study}`)).body.MainDicomTags.StudyInstanceUID).toBe(uid);
    // A search by anything else than identity answers, without identity.
    const find = await admin('/tools/find', {
      method: 'POST',
      body: JSON.stringify({ Level: 'Study', Query: { StudyDate: '20250102' }, Expand: true }),
      contentType: 'application/x-www-form-urlencoded',
    });
    expect([find.status, identityIn(find.text)]).toEqual([200, []]);
    expect(find.body.length).toBeGreaterThan(0);
    for (const query of [{ PatientName: 'Test*' }, { PatientID: 'BRIDGE-TEST' }, { '0010,0010': 'T*' }]) {
      const byIdentity = await admin('/tools/find', {
        method: 'POST',
        body: JSON.stringify({ Level: 'Study', Query: query }),
        contentType: 'application/x-www-form-urlencoded',
      });
      expect([query, byIdentity.status]).toEqual([query, 400]);
    }
    // Files, images, archives, scripts, lookups, uploads and Orthanc's own DICOMweb: not through the bridge.
    const refused: [string, string][] = [
      ['GET', `/instances/${ids.instance}/file`],
      ['GET', `/instances/${ids.instance}/preview`],
      ['GET', `/instances/${ids.instance}/frames/0/preview`],
      ['GET', `/instances/${ids.instance}/content/0010-0010`],
      ['GET', `/instances/${ids.instance}/simplified-tags`],
      ['GET', `/instances/${ids.instance}/pdf`],
      ['GET', `/studies/${ids.study}/archive`],
      ['GET', `/patients/${ids.patient}/media`],
      ['GET', `/studies/${ids.study}/shared-tags`],
      ['GET', '/dicom-web/studies'],
      ['POST', '/tools/execute-script'],
      ['POST', '/tools/lookup'],
      ['POST', '/instances'],
      ['POST', `/studies/${ids.study}/anonymize`],
      ['POST', `/studies/${ids.study}/modify`],
      ['PUT', '/modalities/evil'],
    ];
    for (const [method, path] of refused) {
      const answer = await admin(path, { method, body: method === 'GET' ? undefined : '{}' });
      expect([method, path, answer.status, identityIn(answer.text)]).toEqual([method, path, 404, []]);
    }
  });

  test('orthancExplorerRelay refuses dot segments in any encoding for a sysadmin and a site-b radiologist', async () => {
    const uid = await queuedStudy();
    const ids = await orthancIdsOf(uid);
    const file = `instances/${ids.instance}/file`;
    const variants = [
      `/orthanc/app/../${file}`,
      `/orthanc/app/%2e%2e/${file}`,
      `/orthanc/app/%2E%2E/${file}`,
      `/orthanc/app/..%2f${file}`,
      `/orthanc/app/%2e%2e%2f${file}`,
      `/orthanc/app/%252e%252e/${file}`,
      `/orthanc/app/..\\${file}`,
      `/orthanc/app\\..\\instances\\${ids.instance}\\file`,
      `/orthanc/app/%5c..%5c${file}`,
      `/orthanc/patients/%2e%2e/tools/execute-script`,
      `/orthanc/studies/${ids.study}/../../${file}`,
      `/orthanc//${file}`,
      `/orthanc/./${file}`,
      `/ORTHANC/${file}`,
      `/Orthanc/Instances/${ids.instance}/File`,
      `/orthanc/sentinelle/../${file}`,
      `/orthanc/sentinelle/%2e%2e/${file}`,
      `/orthanc/sentinelle/studies/${uid}/../../../${file}`,
      `/orthanc/%73entinelle/users`,
      `/orthanc/sentinelle/studies/${uid}/analysis/../../../../patients?expand`,
      `/orthanc/app/../patients?expand`,
      `/orthanc/app/../system`,
    ];
    const failures: string[] = [];
    for (const login of ['admin.dupont', 'dr.roux']) {
      for (const path of variants) {
        const answer = await rawToBridge(path, login);
        if (answer.status < 400 || identityIn(answer.text).length || answer.text.includes('DICM'))
          failures.push(`${login} ${path}: ${answer.status} ${identityIn(answer.text).join(' ')}`);
      }
      for (const path of ['/orthanc/app/../tools/execute-script', '/orthanc/app/%2e%2e/tools/find']) {
        const post = await rawToBridge(path, login, 'POST');
        if (post.status < 400) failures.push(`${login} POST ${path}: ${post.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('the /orthanc/sentinelle API refuses a write with X-Requested-With and no CSRF token, and offers only the AI panel’s routes', async () => {
    const uid = await queuedStudy();
    const priority = async () => (await fromBridge(`/api/studies/${uid}/analysis`)).body.analysis.priority;
    const users = async () =>
      (await app.ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM user_account')).rows[0]!.n;
    const [before, accounts] = [await priority(), await users()];
    // jQuery's header alone no longer proves anything under /orthanc/sentinelle.
    const noToken = await viaBridgeExplorer(`/sentinelle/studies/${uid}/analyse`, {
      method: 'POST',
      body: JSON.stringify({ priority: 'stat' }),
    });
    expect(noToken.status).toBe(403);
    const newUser = JSON.stringify({
      login: 'dr.csrf',
      role: 'sysadmin',
      site: 'main',
      password: 'x'.repeat(20),
    });
    for (const [method, path, body] of [
      ['POST', '/sentinelle/users', newUser],
      ['POST', '/Sentinelle/users', newUser],
      ['PUT', '/sentinelle/users/dr.martin/permissions/orthanc:admin', JSON.stringify({ granted: true })],
      ['PUT', '/sentinelle/patients/BRIDGE-TEST/urgent', JSON.stringify({ urgent: true })],
      ['POST', '/sentinelle/auth/password', JSON.stringify({ password: 'y'.repeat(20) })],
    ] as const) {
      const answer = await viaBridgeExplorer(path, { method, body }, 'dr.lefevre');
      expect([method, path, answer.status]).toEqual([method, path, 403]);
    }
    // With the token, the API still answers only the panel's routes there.
    const lefevre = await sessionOf(app.url, 'dr.lefevre');
    const withToken = await viaBridgeExplorer(
      '/sentinelle/users',
      { method: 'POST', body: newUser, csrfToken: lefevre.csrfToken },
      'dr.lefevre',
    );
    expect(withToken.status).toBe(404);
    expect((await viaBridgeExplorer('/sentinelle/worklist')).status).toBe(404);
    expect((await viaBridgeExplorer('/sentinelle/audit', {}, 'dr.lefevre')).status).toBe(404);
    // Nothing changed.
    expect(await priority()).toBe(before);
    expect(await users()).toBe(accounts);
    const { rows } = await app.ctx.pool.query<{ urgent: boolean }>('SELECT urgent FROM patient');
    expect(rows.every((r) => !r.urgent)).toBe(true);
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
