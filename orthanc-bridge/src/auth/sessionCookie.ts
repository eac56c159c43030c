import type { Request, Response } from 'express';
import { SESSION_COOKIE } from './authenticate';
import type { Session } from './sessions';

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on cross-site
 * writes; Lax rather than Strict so that the identity provider's redirect back signs in), Secure
 * when the bridge serves HTTPS. A session cookie (no Max-Age, no Expires): the browser forgets it
 * when it closes, so a shared workstation does not keep it on disk; Redis ends the session itself
 * at its idle and absolute deadlines.
 */
export function setSessionCookie(req: Request, res: Response, id: string): void {
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/** What the sign-in page and the viewer learn of their session. */
export function sessionJson(session: Session) {
  return { stage: session.stage, csrfToken: session.csrfToken };
}
