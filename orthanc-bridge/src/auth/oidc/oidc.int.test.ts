import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import Provider, { type Account } from 'oidc-provider';
import { pino } from 'pino';
import { errorHandler } from '../../api/errors';
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

/** The provider's directory: one radiologist of site-a, one trainee in no group Sentinelle maps. */
const USERS: Readonly<Record<string, { readonly sub: string; readonly [claim: string]: unknown }>> = {
  'claire.martin': {
    sub: 'u-1001',
    preferred_username: 'Claire.Martin',
    name: 'Dr Claire Martin',
    given_name: 'Claire',
    family_name: 'Martin',
    email: 'claire.martin@chu.example',
    groups: ['personnel', 'radiologues'],
    site: 'site-a',
  },
  'paul.durand': {
    sub: 'u-1002',
    preferred_username: 'paul.durand',
    name: 'Paul Durand',
    email: 'paul.durand@chu.example',
    groups: ['personnel', 'stagiaires'],
    site: 'site-a',
  },
};

async function findAccount(_ctx: unknown, id: string): Promise<Account | undefined> {
  const user = Object.values(USERS).find((u) => u.sub === id);
  return user && { accountId: id, claims: async () => ({ ...user }) };
}

/**
 * A real OpenID provider with the interactions a hospital's would have: a login form, then a
 * consent form that grants what the client asked.
 */
function identityProvider(issuer: string, redirectUri: string, clientSecret: string) {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'sentinelle',
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomUUID()] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'site'],
      email: ['email'],
      groups: ['groups'],
    },
    findAccount,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  });

  const app = express();
  app.get('/interaction/:uid', async (req, res) => {
    const { uid, prompt } = await provider.interactionDetails(req, res);
    res
      .type('html')
      .send(
        prompt.name === 'login'
          ? `<form method="post" action="/interaction/${uid}/login"><input name="login"><button>Sign in</button></form>`
          : `<form method="post" action="/interaction/${uid}/consent"><button>Allow</button></form>`,
      );
  });
  app.post('/interaction/:uid/login', express.urlencoded({ extended: false }), async (req, res) => {
    const user = USERS[String(req.body.login)];
    if (!user) return void res.status(403).send('unknown login');
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
  });
  app.post('/interaction/:uid/consent', async (req, res) => {
    const { grantId, session, params, prompt } = await provider.interactionDetails(req, res);
    const grant =
      (grantId && (await provider.Grant.find(grantId))) ||
      new provider.Grant({ accountId: session!.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
  });
  app.use(provider.callback());
  return app;
}

/** A browser: a cookie jar per origin (paths ignored: each test's browser visits one flow) and no automatic redirects. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: URL, form?: Record<string, string>): Promise<Response> {
    const cookies = this.jar.get(url.origin) ?? new Map<string, string>();
    this.jar.set(url.origin, cookies);
    const headers = new Headers();
    if (cookies.size)
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers,
      ...(form && { body: new URLSearchParams(form) }),
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()),
      );
      if (expired) cookies.delete(name);
      else cookies.set(name, pair.slice(name.length + 1));
    }
    return response;
  }
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

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
  async savePending(res, pending) {
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
  app.use(oidcRoutes(rp, settings.mapping, hooks, logger));
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

/** Starts at Sentinelle, signs in and consents at the provider; the callback URL the provider sent back to. */
async function signInAtProvider(browser: Browser, login: string): Promise<URL> {
  let url = new URL(OIDC_LOGIN_PATH, settings.redirectUri);
  let response = await browser.request(url);
  for (let step = 0; step < 12; step++) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url);
      await response.arrayBuffer();
      if (url.href.startsWith(settings.redirectUri)) return url;
      response = await browser.request(url);
      continue;
    }
    const page = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
    if (response.status !== 200 || !action)
      throw new Error(`unexpected ${response.status} at ${url.href}: ${page.slice(0, 300)}`);
    url = new URL(action, url);
    response = await browser.request(url, page.includes('name="login"') ? { login } : {});
  }
  throw new Error('the provider never sent the browser back to Sentinelle');
}

async function errorMessage(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('oidc', () => {
  test('oidcRoutes signs a radiologist of site-a in through the provider login and consent', async () => {
    const browser = new Browser();
    const response = await browser.request(await signInAtProvider(browser, 'claire.martin'));
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
    const response = await browser.request(await signInAtProvider(browser, 'paul.durand'));
    expect(response.status).toBe(401);
    expect(await errorMessage(response)).toMatch(/gives no access to Sentinelle/);
    expect(signedIn).toEqual([]);
    expect(logLines).toContainEqual(
      expect.objectContaining({ msg: 'single sign-on refused', reason: 'no-role', subject: 'u-1002' }),
    );
  });

  test('oidcRoutes refuses a callback whose state was tampered with', async () => {
    const browser = new Browser();
    const callback = await signInAtProvider(browser, 'claire.martin');
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
    const callback = await signInAtProvider(browser, 'claire.martin');
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
    const callback = await signInAtProvider(new Browser(), 'claire.martin');
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
