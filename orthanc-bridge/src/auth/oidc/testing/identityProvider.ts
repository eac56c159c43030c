/**
 * A real OpenID provider (oidc-provider) for the tests of single sign-on, with the interactions a
 * hospital's would have, and a browser that keeps cookies and follows the flow by hand.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Provider, { type Account } from 'oidc-provider';

/** The provider's directory: one radiologist of site-a, one trainee in no group Sentinelle maps. */
export const USERS: Readonly<Record<string, { readonly sub: string; readonly [claim: string]: unknown }>> = {
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
export function identityProvider(issuer: string, redirectUri: string, clientSecret: string) {
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
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: URL, form?: Record<string, string>): Promise<Response> {
    const cookies = this.jar.get(url.origin) ?? new Map<string, string>();
    this.jar.set(url.origin, cookies);
    // What a browser sends on a navigation.
    const headers = new Headers({ accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
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

export async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * Starts at Sentinelle's login URL, signs in and consents at the provider; the callback URL the
 * provider sent the browser back to (not yet visited).
 */
export async function signInAtProvider(
  browser: Browser,
  loginUrl: URL,
  callbackPrefix: string,
  login: string,
): Promise<URL> {
  let url = loginUrl;
  let response = await browser.request(url);
  for (let step = 0; step < 12; step++) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url);
      await response.arrayBuffer();
      if (url.href.startsWith(callbackPrefix)) return url;
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
