import type { Request, Response } from 'express';
import type { Session, SessionStage } from './sessions';
import type { BridgeContext } from '../context';
import type { UserAccount } from '../users/userStore';
import { setSessionCookie } from './sessionCookie';

export function clientAddress(req: Request): string {
  return req.ip ?? 'unknown';
}

/**
 * Ends the request's session (if any) and starts one at `stage`: a new session id at each step of
 * a sign-in, against session fixation.
 */
export async function startSession(
  ctx: BridgeContext,
  req: Request,
  res: Response,
  account: UserAccount,
  stage: SessionStage,
  method: Session['method'],
): Promise<Session> {
  const { sessions } = ctx.auth;
  const previous = res.locals.session;
  if (previous) await sessions.destroy(previous.id, previous.session.userId);
  const { id, session } = await sessions.create({
    userId: account.id,
    stage,
    sourceIp: clientAddress(req),
    method,
  });
  setSessionCookie(req, res, id);
  res.locals.session = { id, session };
  return session;
}
