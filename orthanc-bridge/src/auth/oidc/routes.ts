import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { asyncWrap } from '../../http/asyncWrap';
import { HttpError, unauthorized } from '../../http/errors';
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
  savePending(req: Request, res: Response, pending: PendingLogin): Promise<void>;
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

/** The relying party, discovered on first use: a provider down at start does not stop the bridge. */
export type RelyingPartySource = () => Promise<OidcRelyingParty>;

async function reachProvider(relyingParty: RelyingPartySource, logger: Logger): Promise<OidcRelyingParty> {
  try {
    return await relyingParty();
  } catch (error) {
    logger.error({ err: error }, 'single sign-on unavailable: the OpenID provider could not be reached');
    throw new HttpError(
      503,
      "the hospital's sign-in service cannot be reached; sign in with your password or try again later",
    );
  }
}

/**
 * The two steps of single sign-on: `login` sends the browser to the hospital's provider; `callback`
 * brings it back, checks the response, maps the claims to an account and hands it to
 * `hooks.signIn`. A failure before signIn is a 401 with a short message, logged with its reason.
 */
export function oidcHandlers(
  relyingParty: RelyingPartySource,
  mapping: ClaimMapping,
  hooks: OidcHooks,
  logger: Logger,
): { readonly login: RequestHandler; readonly callback: RequestHandler } {
  const login = asyncWrap(async (req, res) => {
    const rp = await reachProvider(relyingParty, logger);
    const { url, pending } = await rp.beginLogin();
    await hooks.savePending(req, res, pending);
    res.set('Cache-Control', 'no-store').redirect(url.href);
  });

  const callback = asyncWrap(async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const pending = await hooks.takePending(req, res);
    if (!pending) {
      logger.warn('single sign-on refused: a callback without a pending sign-in (expired or replayed)');
      throw unauthorized('no sign-in in progress; start again');
    }
    const rp = await reachProvider(relyingParty, logger);
    let account: OidcAccount;
    try {
      account = accountFromClaims(await rp.completeLogin(callbackUrl(rp.redirectUri, req), pending), mapping);
    } catch (error) {
      const who =
        error instanceof AccountRefusedError
          ? { reason: error.reason, issuer: error.issuer, subject: error.subject }
          : {};
      logger.warn({ err: error, ...who }, 'single sign-on refused');
      throw unauthorized(refusal(error));
    }
    await hooks.signIn(account, req, res);
  });

  return { login, callback };
}

/** oidcHandlers at OIDC_LOGIN_PATH and OIDC_CALLBACK_PATH of a router of their own. */
export function oidcRoutes(
  relyingParty: RelyingPartySource,
  mapping: ClaimMapping,
  hooks: OidcHooks,
  logger: Logger,
): Router {
  const { login, callback } = oidcHandlers(relyingParty, mapping, hooks, logger);
  return Router().get(OIDC_LOGIN_PATH, login).get(OIDC_CALLBACK_PATH, callback);
}
