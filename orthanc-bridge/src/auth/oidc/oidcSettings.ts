/**
 * Single sign-on settings, from environment variables: the hospital's OpenID provider, Sentinelle's
 * client registration there, and how the provider's claims make an account.
 */
import { ConfigError, isLoopbackHost } from '@sentinelle/config';
import { z } from 'zod';
import { ROLES } from '../permissions';
import type { ClaimMapping } from './roleMapping';

/** Where oidcRoutes answers; the redirect URI registered at the provider ends with the callback. */
export const OIDC_LOGIN_PATH = '/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

export interface OidcSettings {
  /** The provider's issuer identifier, as its discovery document spells it. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where the provider sends the browser back, exactly as registered there. */
  readonly redirectUri: string;
  /** A scope some providers need before they send the groups claim (e.g. "groups"); none by default. */
  readonly groupsScope: string | undefined;
  readonly mapping: ClaimMapping;
}

export const OIDC_ENV = {
  issuer: 'SENTINELLE_OIDC_ISSUER',
  clientId: 'SENTINELLE_OIDC_CLIENT_ID',
  clientSecret: 'SENTINELLE_OIDC_CLIENT_SECRET',
  redirectUri: 'SENTINELLE_OIDC_REDIRECT_URI',
  roleMap: 'SENTINELLE_OIDC_ROLE_MAP',
  groupsClaim: 'SENTINELLE_OIDC_GROUPS_CLAIM',
  groupsScope: 'SENTINELLE_OIDC_GROUPS_SCOPE',
  siteClaim: 'SENTINELLE_OIDC_SITE_CLAIM',
  loginClaim: 'SENTINELLE_OIDC_LOGIN_CLAIM',
} as const;

/**
 * True for 127.0.0.0/8 and [::1]. Not "localhost": a name resolves as the host's configuration says,
 * an address literal cannot be sent elsewhere.
 */
export function isLoopbackAddress(hostname: string): boolean {
  return hostname !== 'localhost' && isLoopbackHost(hostname);
}

const required = z.string({
  error: (issue) => (issue.input === undefined ? `must be set when ${OIDC_ENV.issuer} is` : undefined),
});

/** An https URL (http only on a loopback address, for development and tests), without credentials. */
function webUrl(what: string, check?: (url: URL) => string | undefined) {
  return required.superRefine((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be ${what}, got ${JSON.stringify(raw)} (not a URL)` });
      return;
    }
    const problem =
      url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackAddress(url.hostname))
        ? 'must use https (http only on 127.0.0.1 or [::1])'
        : url.username || url.password
          ? 'must not carry credentials'
          : url.search || url.hash
            ? 'must have no query or fragment'
            : check?.(url);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}, got ${JSON.stringify(raw)}` });
  });
}

const claimName = z.string().regex(/^\S{1,128}$/, { error: 'must be a claim name (no spaces)' });

const roleMap = required
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a JSON object from group to role, e.g. {"radiologues":"radiologist"}; it is not JSON (${(error as Error).message})`,
      });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(
        z.string().min(1, { error: 'has an empty group name' }),
        z.enum(ROLES, { error: `must be one of the roles ${ROLES.join(', ')}` }),
        { error: 'must be a JSON object from group to role, e.g. {"radiologues":"radiologist"}' },
      )
      .refine((map) => Object.keys(map).length > 0, { error: 'must map at least one group to a role' }),
  )
  .transform((map) => new Map(Object.entries(map)));

const envSchema = z.object({
  [OIDC_ENV.issuer]: webUrl("the issuer URL of the hospital's OpenID provider"),
  [OIDC_ENV.clientId]: required,
  [OIDC_ENV.clientSecret]: required,
  [OIDC_ENV.redirectUri]: webUrl(
    `Sentinelle's callback URL, e.g. https://sentinelle.example${OIDC_CALLBACK_PATH}`,
    (url) => (url.pathname.endsWith(OIDC_CALLBACK_PATH) ? undefined : `must end with ${OIDC_CALLBACK_PATH}`),
  ),
  [OIDC_ENV.roleMap]: roleMap,
  [OIDC_ENV.groupsClaim]: claimName.default('groups'),
  [OIDC_ENV.groupsScope]: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/, { error: 'must be one scope value (no spaces or quotes)' })
    .optional(),
  [OIDC_ENV.siteClaim]: claimName.default('site'),
  [OIDC_ENV.loginClaim]: claimName.default('preferred_username'),
});

/**
 * The single sign-on settings from the environment: undefined when SENTINELLE_OIDC_ISSUER is unset
 * (single sign-on off). Throws a ConfigError naming each variable that is missing or wrong, and
 * when other SENTINELLE_OIDC_* variables are set without the issuer (a configuration that would
 * silently do nothing). Blank values count as unset.
 */
export function oidcSettingsFrom(
  env: Readonly<Record<string, string | undefined>> = process.env,
): OidcSettings | undefined {
  const values: Record<string, string> = {};
  for (const name of Object.values(OIDC_ENV)) {
    const value = env[name]?.trim();
    if (value) values[name] = value;
  }
  if (values[OIDC_ENV.issuer] === undefined) {
    const stray = Object.keys(values);
    if (!stray.length) return undefined;
    throw new ConfigError([
      `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but ${OIDC_ENV.issuer} is not: ` +
        'set it to turn single sign-on on, or unset the others',
    ]);
  }
  const parsed = envSchema.safeParse(values);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const [name, ...key] = issue.path.map(String);
        return `${name}${key.length ? ` (${key.map((k) => JSON.stringify(k)).join('.')})` : ''} ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    issuer: e[OIDC_ENV.issuer],
    clientId: e[OIDC_ENV.clientId],
    clientSecret: e[OIDC_ENV.clientSecret],
    redirectUri: e[OIDC_ENV.redirectUri],
    groupsScope: e[OIDC_ENV.groupsScope],
    mapping: {
      groupsClaim: e[OIDC_ENV.groupsClaim],
      roles: e[OIDC_ENV.roleMap],
      siteClaim: e[OIDC_ENV.siteClaim],
      loginClaim: e[OIDC_ENV.loginClaim],
    },
  };
}
