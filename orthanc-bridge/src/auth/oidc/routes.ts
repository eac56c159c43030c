import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { asyncWrap } from '../../api/asyncWrap';
import { unauthorized } from '../../api/errors';
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH } from './oidcSettings';
import { LoginExpiredError, type OidcRelyingParty, type PendingLogin } from './relyingParty';
import { accountFromClaims, AccountRefusedError, type ClaimMapping, type OidcAccount } from './roleMapping';

/** What the application does around a sign-in: keep the pending login, open the session. */
export interface OidcHooks {
  /**
   * Keeps the pending login for this browser's callback, for at most PENDING_LOGIN_TTL_MS: a signed
   * (or encrypted) cookie, or a Redis key named by one. The cookie must be httpOnly and SameSite=Lax,
   * not Strict: the callback is a navigation coming from the provider's site.
   */
  savePending(res: Response, pending: PendingLogin): Promise<void>;
  /**
   * The pending login saved for this browser, removed so that it serves once (a replayed callback
   * then finds none); undefined when there is none or what came back does not verify or parse
   * (pendingLoginSchema), so that a forged cookie is a 401 rather than a 500.
   */
  takePending(req: Request, res: Response): Promise<PendingLogin | undefined>;
  /**
   * Creates or updates the user, matched on (issuer, subject), opens the session and answers the
   * browser (typically a redirect into the application).
   */
  signIn(account: OidcAccount, req: Request, res: Response): Promise<void>;
}

/** What the browser is told: enough to act on, nothing that helps someone probing the flow. */
function refusal(error: unknown): string {
  if (error instanceof AccountRefusedError)
    return error.reason === 'no-role'
      ? "your hospital account gives no access to Sentinelle; ask Sentinelle's administrator"
      : "your hospital account lacks what Sentinelle needs; ask Sentinelle's administrator";
  if (error instanceof LoginExpiredError) return 'the sign-in took too long; start again';
  return 'sign-in failed; start again';
}

/** The configured redirect URI with the callback's query: the URI the provider knows, behind any proxy. */
function callbackUrl(redirectUri: string, req: Request): URL {
  const url = new URL(redirectUri);
  url.search = new URL(req.originalUrl, url).search;
  return url;
}

/**
 * GET /auth/oidc/login sends the browser to the hospital's provider; GET /auth/oidc/callback brings
 * it back, checks the response, maps the claims to an account and hands it to `hooks.signIn`. A
 * failure before signIn is a 401 with a short message, logged with its reason.
 */
export function oidcRoutes(
  rp: OidcRelyingParty,
  mapping: ClaimMapping,
  hooks: OidcHooks,
  logger: Logger,
): Router {
  const router = Router();

  router.get(
    OIDC_LOGIN_PATH,
    asyncWrap(async (_req, res) => {
      const { url, pending } = await rp.beginLogin();
      await hooks.savePending(res, pending);
      res.set('Cache-Control', 'no-store').redirect(url.href);
    }),
  );

  router.get(
    OIDC_CALLBACK_PATH,
    asyncWrap(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const pending = await hooks.takePending(req, res);
      if (!pending) {
        logger.warn('single sign-on refused: a callback without a pending sign-in (expired or replayed)');
        throw unauthorized('no sign-in in progress; start again');
      }
      let account: OidcAccount;
      try {
        account = accountFromClaims(
          await rp.completeLogin(callbackUrl(rp.redirectUri, req), pending),
          mapping,
        );
      } catch (error) {
        const who =
          error instanceof AccountRefusedError
            ? { reason: error.reason, issuer: error.issuer, subject: error.subject }
            : {};
        logger.warn({ err: error, ...who }, 'single sign-on refused');
        throw unauthorized(refusal(error));
      }
      await hooks.signIn(account, req, res);
    }),
  );

  return router;
}
