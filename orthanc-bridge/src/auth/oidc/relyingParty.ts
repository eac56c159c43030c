/**
 * Sentinelle as an OpenID Connect relying party: the authorization code flow with PKCE (S256), a
 * state and a nonce, all checked by openid-client, against the hospital's provider.
 */
import * as client from 'openid-client';
import { z } from 'zod';
import { isLoopbackAddress, type OidcSettings } from './oidcSettings';
import type { OidcClaims } from './roleMapping';

/** How long a browser has, from the redirect to the provider back to the callback. */
export const PENDING_LOGIN_TTL_MS = 10 * 60_000;

/**
 * What the callback needs of the login it completes. The caller keeps it bound to the browser
 * (signed cookie, or Redis under a cookie's key) and reads it back through this schema.
 */
export const pendingLoginSchema = z.strictObject({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43).max(128),
  /** Epoch milliseconds. */
  createdAt: z.number().int().nonnegative(),
});
export type PendingLogin = Readonly<z.output<typeof pendingLoginSchema>>;

/** The pending login is older than PENDING_LOGIN_TTL_MS: the person starts again. */
export class LoginExpiredError extends Error {
  override readonly name = 'LoginExpiredError';
  constructor() {
    super(`the sign-in started more than ${PENDING_LOGIN_TTL_MS / 60_000} minutes ago`);
  }
}

export class OidcRelyingParty {
  private constructor(
    private readonly config: client.Configuration,
    private readonly settings: OidcSettings,
  ) {}

  /**
   * Reads the provider's discovery document. https only: `allowHttpLoopback` lets a provider on
   * 127.0.0.1 or [::1] be reached over http, for tests and development.
   */
  static async discover(
    settings: OidcSettings,
    options: { readonly allowHttpLoopback?: boolean } = {},
  ): Promise<OidcRelyingParty> {
    const issuer = new URL(settings.issuer);
    const http = issuer.protocol === 'http:';
    if (http && !(options.allowHttpLoopback && isLoopbackAddress(issuer.hostname)))
      throw new Error(
        `the OpenID provider ${settings.issuer} must be reached over https (http only on a loopback address, with allowHttpLoopback)`,
      );
    const config = await client.discovery(
      issuer,
      settings.clientId,
      { client_secret: settings.clientSecret },
      // The default of OpenID Connect client registration, so what a hospital's provider expects.
      client.ClientSecretBasic(settings.clientSecret),
      // openid-client marks allowInsecureRequests deprecated to make it stand out: loopback only, checked above.
      http ? { execute: [client.allowInsecureRequests] } : {},
    );
    return new OidcRelyingParty(config, settings);
  }

  get redirectUri(): string {
    return this.settings.redirectUri;
  }

  /** The provider's authorization URL to send the browser to, and what its callback will need. */
  async beginLogin(): Promise<{ url: URL; pending: PendingLogin }> {
    const pending: PendingLogin = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      createdAt: Date.now(),
    };
    const scope = ['openid', 'profile', 'email', this.settings.groupsScope].filter(Boolean).join(' ');
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: this.settings.redirectUri,
      scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * Completes the login the provider sent the browser back from: checks the state, redeems the code
   * with the PKCE verifier, verifies the ID token (signature, issuer, audience, expiry, nonce), then
   * adds the userinfo claims, since many providers (those that follow OpenID Connect's default for
   * the code flow) put profile, email and groups there rather than in the ID token. The ID token
   * wins where both have a claim. `currentUrl` is the redirect URI with the callback's query.
   */
  async completeLogin(currentUrl: URL, pending: PendingLogin): Promise<OidcClaims> {
    if (Date.now() - pending.createdAt > PENDING_LOGIN_TTL_MS) throw new LoginExpiredError();
    const tokens = await client.authorizationCodeGrant(this.config, currentUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('the OpenID provider returned no ID token');
    if (!this.config.serverMetadata().userinfo_endpoint) return idToken;
    const userinfo = await client.fetchUserInfo(this.config, tokens.access_token, idToken.sub);
    return { ...userinfo, ...idToken };
  }
}
