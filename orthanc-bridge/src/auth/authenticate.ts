/**
 * Who is asking: the session cookie, looked up in Redis, and the account, read from the database
 * on each request so that a revoked permission or a disabled account takes effect at once. Sets
 * `res.locals.user` for a signed-in session; refuses a cookie-authenticated write without the
 * session's CSRF token. Rejecting anonymous requests is each route's guard's job (guardedRouter).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { BridgeContext } from '../context';
import { findUserById, type UserAccount } from '../users/userStore';
import { forbidden } from '../http/errors';
import type { PatientScope } from './patientScope';
import { effectivePermissions, type Permission } from './permissions';
import type { Session } from './sessions';

export const SESSION_COOKIE = 'sentinelle_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** The signed-in account, what it may do and which patients it sees. */
export interface SignedInUser {
  readonly account: UserAccount;
  readonly permissions: ReadonlySet<Permission>;
  readonly scope: PatientScope;
}

export interface CurrentSession {
  readonly id: string;
  readonly session: Session;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by authenticate: the live session, whatever its stage. */
      session?: CurrentSession;
      /** Set by authenticate for a signed-in session. */
      user?: SignedInUser;
      /** Who a sign-in attempt was for, before anyone is signed in (the audit trail's actor). */
      auditActor?: { readonly login: string; readonly role?: string };
    }
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sessionIdOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function signedInUserOf(account: UserAccount): SignedInUser {
  return {
    account,
    permissions: effectivePermissions(account.role, account.permissionChanges),
    scope: { userId: account.id, site: account.site, careTeams: account.careTeams },
  };
}

function sameToken(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A cookie-authenticated write proves it comes from our pages: the session's token in a header.
 * Orthanc Explorer's own pages cannot send it; their jQuery requests to Orthanc's API carry
 * X-Requested-With, a header a cross-site form cannot set and no CORS policy here allows (the
 * custom-header defence). Not the bridge's API under /orthanc/sentinelle: the AI panel sends the
 * token there. Read on the raw target, lower-cased: express routes paths whatever their case.
 */
function csrfProof(req: Request, token: string): boolean {
  if (sameToken(req.get(CSRF_HEADER), token)) return true;
  const path = req.originalUrl.toLowerCase();
  return (
    path.startsWith('/orthanc/') &&
    !path.startsWith('/orthanc/sentinelle') &&
    req.get('x-requested-with') === 'XMLHttpRequest'
  );
}

export function authenticate(ctx: BridgeContext): RequestHandler {
  return (req, res, next) => {
    const id = sessionIdOf(req);
    if (!id) return next();
    (async () => {
      const session = await ctx.auth.sessions.touch(id);
      if (!session) return;
      if (!SAFE_METHODS.has(req.method) && !csrfProof(req, session.csrfToken))
        throw forbidden(`a write needs the session's ${CSRF_HEADER} header`);
      res.locals.session = { id, session };
      if (session.stage !== 'signed-in') return;
      const account = await findUserById(ctx.pool, session.userId);
      if (!account || account.disabled) {
        await ctx.auth.sessions.destroy(id, session.userId);
        res.locals.session = undefined;
        return;
      }
      res.locals.user = signedInUserOf(account);
    })().then(() => next(), next);
  };
}

/** The signed-in user; throws when the route has no guard (a programming error). */
export function currentUser(res: Response): SignedInUser {
  const user = res.locals.user;
  if (!user) throw new Error(`${res.req.method} ${res.req.path} reads the user without a sign-in guard`);
  return user;
}
