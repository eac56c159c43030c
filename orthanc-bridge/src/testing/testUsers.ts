/**
 * The accounts of the integration tests: the demo's (one per role, and dr.roux of site-b) with a
 * known password, and how a test signs in over HTTP.
 */
import { DEMO_USERS } from '@sentinelle/config';
import type { SiteSettings } from '../auth/authServices';
import type { NewUser } from '../users/userStore';

export const TEST_PASSWORD = 'quatre chevaux verts 1987';

export const TEST_USERS: readonly (NewUser & { readonly password: string })[] = DEMO_USERS.map((user) => ({
  ...user,
  password: TEST_PASSWORD,
}));

/** Studies whose InstitutionName is "Hopital B" belong to site-b; anything else to main. */
export const TEST_SITES: SiteSettings = { defaultSite: 'main', byInstitution: { 'Hopital B': 'site-b' } };

/** A signed-in HTTP client: its cookie and CSRF token. */
export interface SignedIn {
  readonly login: string;
  readonly cookie: string;
  readonly csrfToken: string;
}

/** The session cookie (name=value) a response sets, if any. */
export function sessionCookieOf(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('sentinelle_session=') && c.length > 'sentinelle_session='.length);
}

/** Signs in with login and password (an account without a second factor). */
export async function signIn(baseUrl: string, login: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  const body = (await response.json()) as { stage?: string; csrfToken?: string };
  const cookie = sessionCookieOf(response);
  if (!response.ok || body.stage !== 'signed-in' || !cookie || !body.csrfToken)
    throw new Error(`${login} could not sign in: ${response.status} ${JSON.stringify(body)}`);
  return { login, cookie, csrfToken: body.csrfToken };
}

const kept = new Map<string, Promise<SignedIn>>();

/**
 * The session of `login` on the bridge at `baseUrl`, signed in on first use and kept: for tests
 * that act as someone rather than test signing in (a test that ends sessions signs in afresh).
 */
export function sessionOf(baseUrl: string, login: string): Promise<SignedIn> {
  const key = `${baseUrl} ${login}`;
  let session = kept.get(key);
  if (!session) {
    session = signIn(baseUrl, login);
    kept.set(key, session);
    session.catch(() => kept.delete(key));
  }
  return session;
}

/** Drops the kept session of `login`: the next sessionOf signs in afresh (after a change ended its sessions). */
export function forgetSession(baseUrl: string, login: string): void {
  kept.delete(`${baseUrl} ${login}`);
}

/** Headers of a request made as `who` (cookie, and the CSRF token for writes). */
export function sessionHeaders(who: SignedIn): Record<string, string> {
  return { cookie: who.cookie, 'x-csrf-token': who.csrfToken };
}
