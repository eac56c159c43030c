/**
 * The bridge over HTTPS, with the certificate `npm start` makes (the demo CA's): it answers over
 * TLS only, and its session cookie is marked Secure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type DemoPki } from '@sentinelle/config';
import { TEST_PASSWORD } from '../testing/testUsers';
import { useReadingApp } from '../testing/readingApp';

let dir: string;
let pki: DemoPki;

const t = useReadingApp({
  configure: (config) => ({ ...config, tls: { certPath: pki.tls.certPath, keyPath: pki.tls.keyPath } }),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sentinelle-https-'));
  pki = await ensureDemoPki(dir, { institutionName: 'Hôpital de test' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A request that trusts the demo CA only. */
function call(
  url: string,
  init: { method?: string; body?: unknown; ca?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        ca: init.ca ?? pki.ca.certPem,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTPS', () => {
  test('the bridge serves HTTPS with the demo certificate, and its session cookie is Secure', async () => {
    expect(t.app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await call(`${t.app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toMatch(/max-age=\d+/);

    const login = await call(`${t.app.url}/api/auth/login`, {
      method: 'POST',
      body: { login: 'dr.martin', password: TEST_PASSWORD },
    });
    expect(login.status).toBe(200);
    const cookie = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('sentinelle_session='));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  test('a client that does not trust the demo CA refuses the connection; plain HTTP gets no answer', async () => {
    await expect(call(`${t.app.url}/api/health`, { ca: '' })).rejects.toThrow(
      /self.signed|unable to verify|certificate/i,
    );
    const plain = await fetch(t.app.url.replace('https:', 'http:') + '/api/health').then(
      (r) => r.status,
      (error: Error) => error.name,
    );
    expect(plain).not.toBe(200);
  });
});
