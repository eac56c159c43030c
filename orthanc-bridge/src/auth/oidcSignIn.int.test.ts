/**
 * Single sign-on through the bridge itself, against a real OpenID provider started by the test:
 * the hospital account becomes a Sentinelle account with the mapped role and site, a session opens
 * and the browser lands where it was going; a refusal shows on the sign-in page and is audited.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { freePort } from '@sentinelle/config';
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH, type OidcSettings } from './oidc/oidcSettings';
import { Browser, close, identityProvider, listen, signInAtProvider } from './oidc/testing/identityProvider';
import { FOREIGN_NEXTS } from '../web/testing/foreignNexts';
import { waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';

const idpServer = createServer();
let settings: OidcSettings;
let port: number;

const t = useReadingApp({
  configure: (config) => ({
    ...config,
    http: { host: '127.0.0.1', port },
    auth: { ...config.auth, oidc: settings },
  }),
});

beforeAll(async () => {
  const issuer = await listen(idpServer);
  port = await freePort();
  settings = {
    issuer,
    clientId: 'sentinelle',
    clientSecret: randomUUID(),
    redirectUri: `http://127.0.0.1:${port}/api${OIDC_CALLBACK_PATH}`,
    groupsScope: 'groups',
    mapping: {
      groupsClaim: 'groups',
      roles: new Map([['radiologues', 'radiologist']]),
      siteClaim: 'site',
      loginClaim: 'preferred_username',
    },
  };
  idpServer.on('request', identityProvider(issuer, settings.redirectUri, settings.clientSecret));
});

afterAll(() => close(idpServer));

/** From the bridge's login URL (with where to go next) through the provider, back to the callback. */
async function singleSignOn(browser: Browser, login: string, next: string): Promise<Response> {
  const start = new URL(`/api${OIDC_LOGIN_PATH}?next=${encodeURIComponent(next)}`, t.app.url);
  return browser.request(await signInAtProvider(browser, start, settings.redirectUri, login));
}

async function auditEntries(actor: string) {
  return waitUntil(`the sign-in entries of ${actor}`, async () => {
    const audit = await t.api(`/api/audit?actor=${actor}`, { as: 'dr.lefevre' });
    const entries = (audit.body.entries as { detail: { signIn?: string } }[]).filter(
      (e) => e.detail.signIn === 'oidc',
    );
    return entries.length ? entries : undefined;
  });
}

describe('single sign-on', () => {
  test('the sign-in page learns that the hospital sign-in is on', async () => {
    expect((await t.api('/api/auth/session', { as: null })).body).toEqual({
      stage: 'anonymous',
      singleSignOn: true,
    });
  });

  test('a radiologist of the hospital signs in through the provider and lands on the study she was opening', async () => {
    const browser = new Browser();
    const next = '/viewer?StudyInstanceUIDs=1.2.3';
    const callback = await singleSignOn(browser, 'claire.martin', next);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(next);

    const session = await browser.request(new URL('/api/auth/session', t.app.url));
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({
      stage: 'signed-in',
      user: { login: 'claire.martin', role: 'radiologist', site: 'site-a', displayName: 'Dr Claire Martin' },
    });
    // The session opens the API like a password one does.
    expect((await browser.request(new URL('/api/worklist', t.app.url))).status).toBe(200);

    const { rows } = await t.app.ctx.pool.query(
      'SELECT login, role, site, oidc_issuer, oidc_subject, password_hash FROM user_account WHERE oidc_subject = $1',
      ['u-1001'],
    );
    expect(rows).toEqual([
      {
        login: 'claire.martin',
        role: 'radiologist',
        site: 'site-a',
        oidc_issuer: settings.issuer,
        oidc_subject: 'u-1001',
        password_hash: null,
      },
    ]);
    expect(await auditEntries('claire.martin')).toEqual([
      expect.objectContaining({ action: 'login', resourceType: 'session', outcome: 'success' }),
    ]);

    // A second sign-in finds the same account (matched on issuer and subject).
    await singleSignOn(new Browser(), 'claire.martin', '/');
    const count = await t.app.ctx.pool.query(
      'SELECT count(*)::int AS n FROM user_account WHERE oidc_subject = $1',
      ['u-1001'],
    );
    expect(count.rows[0].n).toBe(1);
  });

  test('oidcRoutes send the browser home after single sign-on when next would lead to another site', async () => {
    const landed: Record<string, string | null> = {};
    for (const next of FOREIGN_NEXTS) {
      const callback = await singleSignOn(new Browser(), 'claire.martin', next);
      landed[next] = callback.status === 303 ? callback.headers.get('location') : String(callback.status);
    }
    expect(landed).toEqual(Object.fromEntries(FOREIGN_NEXTS.map((next) => [next, '/'])));
  });

  test('a hospital account without a mapped group is sent back to the sign-in page with the reason, and the refusal is audited', async () => {
    const browser = new Browser();
    const callback = await singleSignOn(browser, 'paul.durand', '/');
    expect(callback.status).toBe(303);
    const location = new URL(callback.headers.get('location')!, t.app.url);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('error')).toMatch(/gives no access to Sentinelle/);
    const session = await browser.request(new URL('/api/auth/session', t.app.url));
    expect(((await session.json()) as { stage: string }).stage).toBe('anonymous');
    expect(await auditEntries('anonymous')).toContainEqual(
      expect.objectContaining({ action: 'login', outcome: 'denied', httpStatus: 401 }),
    );
  });

  test('a callback serves once: replayed, by the same browser or by one that stole its URL, it signs nobody in', async () => {
    const browser = new Browser();
    const start = new URL(`/api${OIDC_LOGIN_PATH}`, t.app.url);
    const callback = await signInAtProvider(browser, start, settings.redirectUri, 'claire.martin');
    expect((await browser.request(callback)).status).toBe(303);
    const stranger = new Browser();
    for (const replayer of [browser, stranger]) {
      const replay = await replayer.request(callback);
      expect(replay.status).toBe(303);
      expect(new URL(replay.headers.get('location')!, t.app.url).searchParams.get('error')).toBe(
        'no sign-in in progress; start again',
      );
    }
    const session = await stranger.request(new URL('/api/auth/session', t.app.url));
    expect(((await session.json()) as { stage: string }).stage).toBe('anonymous');
  });
});
