/**
 * Signing asks for the password again, and the TOTP code (or a recovery code) when the account has
 * TOTP, checked as signing in checks them (auth/routes.ts): failures count towards the
 * account's lockout, a locked account is refused even with the right password, a TOTP step and a
 * recovery code are used once.
 */
import type { Request } from 'express';
import { verifyPassword } from '../auth/passwords';
import type { BridgeContext } from '../context';
import { findSignInRecord, type UserAccount } from '../users/userStore';
import { passesSecondFactor } from '../auth/secondFactor';
import { clientAddress } from '../auth/startSession';
import { HttpError, unauthorized } from '../http/errors';

export async function reauthenticate(
  ctx: BridgeContext,
  req: Request,
  account: UserAccount,
  given: { readonly password: string; readonly code?: string | undefined },
): Promise<void> {
  const { throttle } = ctx.auth;
  const verdict = await throttle.attempt(account.login, clientAddress(req));
  if (!verdict.allowed)
    throw new HttpError(
      verdict.reason === 'locked' ? 423 : 429,
      verdict.reason === 'locked'
        ? `too many failed attempts: this account is locked; try again in ${verdict.retryAfterS} s`
        : `too many attempts from this address; try again in ${verdict.retryAfterS} s`,
      verdict.reason === 'locked' ? 'locked' : 'too-many-attempts',
    );
  const refuse = async (message: string, code: string) => {
    if (await throttle.failure(account.login))
      throw new HttpError(423, 'too many failed attempts: this account is locked for a while', 'locked');
    throw unauthorized(message, code);
  };
  const record = await findSignInRecord(ctx.pool, account.login);
  if (!record || record.account.disabled || !(await verifyPassword(record.passwordHash, given.password)))
    return refuse('wrong password', 'wrong-password');
  if (record.totpSecret !== null) {
    if (given.code === undefined)
      return refuse('this account signs with its authenticator code: give it', 'code-required');
    if (!(await passesSecondFactor(ctx, record, given.code))) return refuse('wrong code', 'wrong-code');
  }
  await throttle.success(account.login);
}
