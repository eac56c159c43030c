/**
 * Single sign-on with the hospital's OpenID provider, mounted in the API: the pending login is kept
 * in Redis under a random id that only this browser's cookie holds; the callback creates or updates
 * the account (matched on issuer and subject) and opens a session, then asks the TOTP code of an
 * account that enrolled one, as a password sign-in would.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH } from './oidc/oidcSettings';
import { localPath } from './localPath';
import { PENDING_LOGIN_TTL_MS, pendingLoginSchema, type PendingLogin } from './oidc/relyingParty';
import type { OidcAccount } from './oidc/roleMapping';
import { oidcHandlers, type OidcHooks } from './oidc/routes';
import type { GuardedRouter } from './guardedRouter';
import type { BridgeContext } from '../context';
import { ensureOidcUser } from '../users/userStore';
import { asyncWrap } from '../http/asyncWrap';
import { HttpError, notFound, unauthorized } from '../http/errors';
import { startSession } from './startSession';

const PENDING_COOKIE = 'sentinelle_oidc';
const COOKIE_PATH = `/api${OIDC_CALLBACK_PATH}`;

const pendingKey = (id: string) =>
  `sentinelle:oidc-pending:${createHash('sha256').update(id).digest('base64url')}`;

function cookieValue(req: Request, name: string): string | undefined {
  return new RegExp(`(?:^|;\\s*)${name}=([A-Za-z0-9_-]{20,100})(?:;|$)`).exec(req.get('cookie') ?? '')?.[1];
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}

function hooksFor(ctx: BridgeContext): OidcHooks {
  return {
    async savePending(req: Request, res: Response, pending: PendingLogin) {
      const id = randomBytes(32).toString('base64url');
      const next = localPath(req.query.next);
      await ctx.redis.set(pendingKey(id), JSON.stringify({ pending, next }), 'PX', PENDING_LOGIN_TTL_MS);
      // Lax, not Strict: the callback is a navigation that comes from the provider's site.
      res.cookie(PENDING_COOKIE, id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: COOKIE_PATH,
        maxAge: PENDING_LOGIN_TTL_MS,
      });
    },

    async takePending(req: Request, res: Response) {
      const id = cookieValue(req, PENDING_COOKIE);
      res.clearCookie(PENDING_COOKIE, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: COOKIE_PATH,
      });
      if (id === undefined) return undefined;
      const stored = await ctx.redis.getdel(pendingKey(id));
      if (stored === null) return undefined;
      try {
        const { pending, next } = JSON.parse(stored) as { pending: unknown; next: unknown };
        const parsed = pendingLoginSchema.safeParse(pending);
        if (!parsed.success) return undefined;
        res.locals.oidcNext = localPath(next);
        return parsed.data;
      } catch {
        return undefined;
      }
    },

    async signIn(identity: OidcAccount, req: Request, res: Response) {
      res.locals.auditActor = { login: identity.login, role: identity.role };
      let account;
      try {
        account = await ensureOidcUser(
          ctx.pool,
          { issuer: identity.issuer, subject: identity.subject },
          {
            login: identity.login,
            personName: identity.personName,
            displayName: identity.displayName,
            role: identity.role,
            site: identity.site ?? ctx.auth.sites.defaultSite,
          },
        );
      } catch (error) {
        // A password account already holds this login: linking them is an administrator's decision.
        if (isUniqueViolation(error))
          throw unauthorized(
            `a Sentinelle account named ${identity.login} already exists; ask the administrator to link it to your hospital account`,
          );
        throw error;
      }
      if (account.disabled) throw unauthorized('this account is disabled');
      const stage = account.totpEnrolled ? 'second-factor' : 'signed-in';
      await startSession(ctx, req, res, account, stage, 'oidc');
      const next = res.locals.oidcNext ?? '/';
      res.redirect(303, stage === 'signed-in' ? next : `/login?next=${encodeURIComponent(next)}`);
    },
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Where a single sign-on callback sends the browser (from its pending login). */
      oidcNext?: string;
      /** The status of a single sign-on refused and shown on the sign-in page. */
      signInRefusal?: number;
    }
  }
}

/** A browser coming back from the provider sees a refusal on the sign-in page, not as JSON. */
function refusalsToSignInPage(handler: RequestHandler): RequestHandler {
  return (req, res, next) =>
    handler(req, res, (error?: unknown) => {
      if (error instanceof HttpError && req.accepts(['json', 'html']) === 'html') {
        res.locals.signInRefusal = error.status;
        return res.redirect(303, `/login?error=${encodeURIComponent(error.message)}`);
      }
      next(error);
    });
}

export function oidcSignInRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  const oidc = ctx.auth.oidc;
  const handlers = oidc && oidcHandlers(oidc.relyingParty, oidc.mapping, hooksFor(ctx), ctx.logger);
  const off = asyncWrap(async () => {
    throw notFound('single sign-on is not configured on this Sentinelle');
  });
  routes.get(OIDC_LOGIN_PATH, { access: 'public' }, handlers?.login ?? off);
  routes.get(
    OIDC_CALLBACK_PATH,
    {
      access: 'public',
      audit: (_req, res) => ({
        resourceType: 'session',
        action: 'login',
        detail: { signIn: 'oidc' },
        status: res.locals.signInRefusal,
      }),
    },
    handlers ? refusalsToSignInPage(handlers.callback) : off,
  );
}
