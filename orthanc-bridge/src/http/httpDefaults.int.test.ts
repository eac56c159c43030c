/**
 * What every answer of the bridge does by default: no caching of anything but the viewer's own
 * files, a session cookie that the browser forgets when it closes, a health check that tells
 * anonymous callers no versions, and JSON bodies up to the documented limit.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULE_ENTRIES, type ViewerFiles } from '@sentinelle/ohif-extensions';
import { storeStudy } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { sessionHeaders, sessionOf, TEST_PASSWORD } from '../testing/testUsers';
import { JSON_BODY_LIMIT_BYTES } from './jsonBodies';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

let viewerDir: string;
let viewer: ViewerFiles;

const t = useReadingApp({ configure: (config) => ({ ...config, viewer }) });

/** A stand-in for the prepared OHIF build: the files the bridge checks for, and one script. */
beforeAll(async () => {
  viewerDir = await mkdtemp(join(tmpdir(), 'sentinelle-viewer-'));
  viewer = {
    appDir: join(viewerDir, 'app'),
    appConfigPath: join(viewerDir, 'app-config.js'),
    modulesDir: join(viewerDir, 'modules'),
  };
  await Promise.all([mkdir(viewer.appDir), mkdir(viewer.modulesDir)]);
  await Promise.all([
    writeFile(join(viewer.appDir, 'index.html'), '<!doctype html><title>viewer</title>'),
    writeFile(join(viewer.appDir, 'app.bundle.js'), 'console.log("viewer");'),
    writeFile(viewer.appConfigPath, 'window.config = {};'),
    ...Object.keys(MODULE_ENTRIES).map((name) => writeFile(join(viewer.modulesDir, `${name}.js`), '')),
  ]);
});
afterAll(() => rm(viewerDir, { recursive: true, force: true }));

const get = async (path: string, as: string | null, accept = 'application/json') => {
  const headers: Record<string, string> = { accept };
  if (as) Object.assign(headers, sessionHeaders(await sessionOf(t.app.url, as)));
  const response = await fetch(`${t.app.url}${path}`, { headers, redirect: 'manual' });
  await response.arrayBuffer();
  return response;
};

describe('HTTP defaults', () => {
  test('noStore keeps API, DICOMweb, Orthanc Explorer and page answers out of every cache, but not the viewer’s files', async () => {
    const uid = await storeStudy(t.client, { views: ['LCC'] });
    await t.analysisOf(uid, 'queued');
    const answers = {
      'GET /api/worklist': await get('/api/worklist', 'dr.martin'),
      'GET /api/worklist (anonymous)': await get('/api/worklist', null),
      [`GET /api/studies/<uid>/analysis`]: await get(`/api/studies/${uid}/analysis`, 'dr.martin'),
      'GET /api/health': await get('/api/health', null),
      'GET /dicom-web/studies': await get('/dicom-web/studies', 'dr.martin', 'application/dicom+json'),
      [`GET /dicom-web/studies/<uid>/metadata`]: await get(
        `/dicom-web/studies/${uid}/metadata`,
        'dr.martin',
        'application/dicom+json',
      ),
      'GET /orthanc/app/explorer.html': await get('/orthanc/app/explorer.html', 'admin.dupont', 'text/html'),
      'GET /login': await get('/login', null, 'text/html'),
      'GET /users': await get('/users', 'dr.lefevre', 'text/html'),
      'GET /mammo (anonymous)': await get('/mammo', null, 'text/html'),
    };
    const seen = Object.fromEntries(
      Object.entries(answers).map(([what, r]) => [what, r.headers.get('cache-control')]),
    );
    expect(seen).toEqual(Object.fromEntries(Object.keys(answers).map((what) => [what, 'no-store'])));
    // Answers with data, not refusals (Orthanc Explorer's page is whatever its relay makes of it).
    const { 'GET /orthanc/app/explorer.html': explorer, ...others } = answers;
    expect(explorer.status).toBeLessThan(500);
    expect(Object.fromEntries(Object.entries(others).map(([what, r]) => [what, r.status]))).toEqual({
      'GET /api/worklist': 200,
      'GET /api/worklist (anonymous)': 401,
      'GET /api/studies/<uid>/analysis': 200,
      'GET /api/health': 200,
      'GET /dicom-web/studies': 200,
      'GET /dicom-web/studies/<uid>/metadata': 200,
      'GET /login': 200,
      'GET /users': 200,
      'GET /mammo (anonymous)': 303,
    });
    // The viewer's code holds no patient data: it keeps its own caching.
    const script = await get('/app.bundle.js', 'dr.martin', '*/*');
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=3600');
    expect((await get('/mammo', 'dr.martin', 'text/html')).headers.get('cache-control')).toBe('no-cache');
  });

  test('setSessionCookie sets a session cookie, with neither Max-Age nor Expires', async () => {
    const response = await fetch(`${t.app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'dr.martin', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sentinelle_session='));
    expect(cookie).toMatch(/^sentinelle_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toMatch(/max-age|expires/i);
  });

  test('GET /api/health tells anonymous callers whether each service answers, and only signed-in ones their versions', async () => {
    const anonymous = await t.api('/api/health', { as: null });
    expect(anonymous).toEqual({
      status: 200,
      body: {
        status: 'ok',
        checks: { orthanc: { ok: true }, postgres: { ok: true }, redis: { ok: true }, model: { ok: true } },
      },
    });
    const signedIn = await t.api('/api/health', { as: 'admin.dupont' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.checks.orthanc.detail).toMatch(/^Orthanc 1\./);
    expect(signedIn.body.checks.postgres.detail).toMatch(/^PostgreSQL \d+/);
  });

  test('jsonBodies takes a body up to the documented limit and answers 413 with the limit one byte over', async () => {
    /** A JSON body of exactly `size` bytes: a sign-in with a long password. */
    const bodyOf = (size: number) => {
      const shell = JSON.stringify({ login: 'dr.martin', password: '' });
      return JSON.stringify({ login: 'dr.martin', password: 'x'.repeat(size - shell.length) });
    };
    const atLimit = await t.api('/api/auth/login', {
      as: null,
      method: 'POST',
      raw: bodyOf(JSON_BODY_LIMIT_BYTES),
    });
    // Read and validated: the password is over 256 characters.
    expect(atLimit.status).toBe(400);
    const over = await t.api('/api/auth/login', {
      as: null,
      method: 'POST',
      raw: bodyOf(JSON_BODY_LIMIT_BYTES + 1),
    });
    expect(over).toEqual({
      status: 413,
      body: { error: { status: 413, message: 'the request body is over the limit of 2 MB (2097152 bytes)' } },
    });
    // The README says the same.
    expect((await readFile(README, 'utf8')).replace(/\s+/g, ' ')).toContain(
      'JSON bodies are limited to 2 MB',
    );
  });
});
