import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../../auth/authenticate';
import type { Session } from '../../auth/sessions';

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on cross-site
 * writes; Lax rather than Strict so that the identity provider's redirect back signs in), Secure
 * when the bridge serves HTTPS. It lives as long as the session's absolute deadline.
 */
export function setSessionCookie(req: Request, res: Response, id: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: maxAgeMs,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/** What the sign-in page and the viewer learn of their session. */
export function sessionJson(session: Session) {
  return { stage: session.stage, csrfToken: session.csrfToken };
}
