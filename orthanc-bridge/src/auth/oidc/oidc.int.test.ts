import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { errorHandler } from '../../http/errors';
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH, type OidcSettings } from './oidcSettings';
import {
  LoginExpiredError,
  OidcRelyingParty,
  PENDING_LOGIN_TTL_MS,
  pendingLoginSchema,
  type PendingLogin,
} from './relyingParty';
import type { OidcAccount } from './roleMapping';
import { oidcRoutes, type OidcHooks } from './routes';
import { Browser, close, identityProvider, listen, signInAtProvider } from './testing/identityProvider';

const PENDING_COOKIE = 'sentinelle_oidc';
const idpServer = createServer();
const rpServer = createServer();
let settings: OidcSettings;
let rp: OidcRelyingParty;
/** The pending logins the hooks stored, by the id their cookie holds (JSON, as a cookie or Redis would). */
const pendings = new Map<string, string>();
const saved: PendingLogin[] = [];
const signedIn: OidcAccount[] = [];
const logLines: { msg: string; reason?: string; subject?: string; err?: { message: string } }[] = [];

const hooks: OidcHooks = {
  async savePending(_req, res, pending) {
    const id = randomUUID();
    pendings.set(id, JSON.stringify(pending));
    saved.push(pending);
    res.cookie(PENDING_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/auth/oidc' });
  },
  async takePending(req, res) {
    const id = new RegExp(`(?:^|;\\s*)${PENDING_COOKIE}=([^;]+)`).exec(req.get('cookie') ?? '')?.[1];
    res.clearCookie(PENDING_COOKIE, { path: '/auth/oidc' });
    const stored = id === undefined ? undefined : pendings.get(id);
    if (id !== undefined) pendings.delete(id);
    return stored === undefined ? undefined : pendingLoginSchema.parse(JSON.parse(stored));
  },
  async signIn(account, _req, res) {
    signedIn.push(account);
    res.redirect(303, '/');
  },
};

beforeAll(async () => {
  const issuer = await listen(idpServer);
  const rpUrl = await listen(rpServer);
  settings = {
    issuer,
    clientId: 'sentinelle',
    clientSecret: randomUUID(),
    redirectUri: `${rpUrl}${OIDC_CALLBACK_PATH}`,
    groupsScope: 'groups',
    mapping: {
      groupsClaim: 'groups',
      roles: new Map([
        ['radiologues', 'radiologist'],
        ['dsi', 'sysadmin'],
      ]),
      siteClaim: 'site',
      loginClaim: 'preferred_username',
    },
  };
  idpServer.on('request', identityProvider(issuer, settings.redirectUri, settings.clientSecret));
  rp = await OidcRelyingParty.discover(settings, { allowHttpLoopback: true });

  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  const app = express();
  app.use(oidcRoutes(() => Promise.resolve(rp), settings.mapping, hooks, logger));
  app.use(errorHandler(logger));
  rpServer.on('request', app);
});

afterAll(async () => {
  await Promise.all([close(rpServer), close(idpServer)]);
});

beforeEach(() => {
  signedIn.length = 0;
  logLines.length = 0;
});

function signInAtProviderFrom(browser: Browser, login: string): Promise<URL> {
  return signInAtProvider(
    browser,
    new URL(OIDC_LOGIN_PATH, settings.redirectUri),
    settings.redirectUri,
    login,
  );
}

async function errorMessage(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('oidc', () => {
  test('oidcRoutes signs a radiologist of site-a in through the provider login and consent', async () => {
    const browser = new Browser();
    const response = await browser.request(await signInAtProviderFrom(browser, 'claire.martin'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(signedIn).toEqual([
      {
        issuer: settings.issuer,
        subject: 'u-1001',
        login: 'claire.martin',
        displayName: 'Dr Claire Martin',
        personName: 'Martin^Claire',
        role: 'radiologist',
        site: 'site-a',
      },
    ]);
  });

  test('oidcRoutes sends the browser to the provider for a code with PKCE S256, state, nonce and the groups scope', async () => {
    const response = await new Browser().request(new URL(OIDC_LOGIN_PATH, settings.redirectUri));
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const pending = saved.at(-1)!;
    const url = new URL(response.headers.get('location')!);
    expect(url.origin).toBe(settings.issuer);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'sentinelle',
      response_type: 'code',
      redirect_uri: settings.redirectUri,
      scope: 'openid profile email groups',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
  });

  test('oidcRoutes refuses a user whose groups map to no role, and never calls signIn', async () => {
    const browser = new Browser();
    const response = await browser.request(await signInAtProviderFrom(browser, 'paul.durand'));
    expect(response.status).toBe(401);
    expect(await errorMessage(response)).toMatch(/gives no access to Sentinelle/);
    expect(signedIn).toEqual([]);
    expect(logLines).toContainEqual(
      expect.objectContaining({ msg: 'single sign-on refused', reason: 'no-role', subject: 'u-1002' }),
    );
  });

  test('oidcRoutes refuses a callback whose state was tampered with', async () => {
    const browser = new Browser();
    const callback = await signInAtProviderFrom(browser, 'claire.martin');
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const response = await browser.request(callback);
    expect(response.status).toBe(401);
    expect(await errorMessage(response)).toBe('sign-in failed; start again');
    expect(signedIn).toEqual([]);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        err: expect.objectContaining({ message: expect.stringMatching(/"state"/) }),
      }),
    );
  });

  test('oidcRoutes refuses a replayed callback, and the provider refuses the same code twice', async () => {
    const browser = new Browser();
    const callback = await signInAtProviderFrom(browser, 'claire.martin');
    const pending = saved.at(-1)!;
    expect((await browser.request(callback)).status).toBe(303);

    const replay = await browser.request(callback);
    expect(replay.status).toBe(401);
    expect(await errorMessage(replay)).toBe('no sign-in in progress; start again');
    // Even with the pending login kept by an attacker, the code serves once.
    await expect(rp.completeLogin(callback, pending)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(signedIn).toHaveLength(1);
  });

  test('OidcRelyingParty refuses a pending login older than ten minutes before redeeming its code', async () => {
    const callback = await signInAtProviderFrom(new Browser(), 'claire.martin');
    const pending = saved.at(-1)!;
    await expect(
      rp.completeLogin(callback, { ...pending, createdAt: Date.now() - PENDING_LOGIN_TTL_MS - 1 }),
    ).rejects.toBeInstanceOf(LoginExpiredError);
    await expect(rp.completeLogin(callback, pending)).resolves.toMatchObject({
      sub: 'u-1001',
      site: 'site-a',
    });
  });

  test('OidcRelyingParty.discover reaches an http provider only on a loopback address and only when allowed', async () => {
    await expect(OidcRelyingParty.discover(settings)).rejects.toThrow(/must be reached over https/);
    await expect(
      OidcRelyingParty.discover(
        { ...settings, issuer: 'http://idp.chu.example' },
        { allowHttpLoopback: true },
      ),
    ).rejects.toThrow(/must be reached over https/);
  });
});
