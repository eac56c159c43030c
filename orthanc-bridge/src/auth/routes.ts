/**
 * Signing in and out: password, then the second factor (TOTP or a recovery code) when the account
 * has one, or its enrolment when the policy wants one; the session; sign-out here or everywhere;
 * password change. Failed attempts count towards the account's lockout.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { currentUser } from './authenticate';
import type { GuardedRouter } from './guardedRouter';
import { hashPassword, verifyPassword } from './passwords';
import { passwordProblems } from './passwordPolicy';
import { newRecoveryCodes } from './recoveryCodes';
import { mustEnrol } from './secondFactorPolicy';
import type { Session, SessionStage } from './sessions';
import { newTotpEnrolment, verifyTotp } from './totp';
import type { BridgeContext } from '../context';
import {
  findSignInRecord,
  findUserById,
  saveTotpEnrolment,
  setPasswordHash,
  totpSecretContext,
  type UserAccount,
} from '../users/userStore';
import { asyncWrap } from '../http/asyncWrap';
import { HttpError, unauthorized, unprocessable } from '../http/errors';
import { userJson } from '../users/json';
import { input, validator } from '../http/validate';
import { reauthenticate } from '../reports/reauthenticate';
import { passesSecondFactor } from './secondFactor';
import { clearSessionCookie, sessionJson } from './sessionCookie';
import { clientAddress, startSession as startSessionAt } from './startSession';

const loginSchemas = {
  body: z.strictObject({
    login: z.string().trim().toLowerCase().min(1).max(64),
    password: z.string().min(1).max(256),
  }),
};
const code = z.string().trim().min(1).max(32);
const codeSchemas = { body: z.strictObject({ code }) };
/** Replacing an enrolled second factor asks for the password and the current code (or a recovery code). */
const enrolmentSchemas = {
  body: z.strictObject({ password: z.string().min(1).max(256).optional(), code: code.optional() }),
};
const passwordSchemas = {
  body: z.strictObject({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(1).max(256),
  }),
};

/** Security errors say little: the same answer for an unknown login, a wrong password or a disabled account. */
const wrongCredentials = () => unauthorized('wrong login or password');

export function authRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  const { sessions, throttle } = ctx.auth;

  /** The steps after the first keep the method of the first (password, or single sign-on). */
  const startSession = (req: Request, res: Response, account: UserAccount, stage: SessionStage) =>
    startSessionAt(ctx, req, res, account, stage, res.locals.session?.session.method ?? 'password');

  /** The pending session of a sign-in at `stage`, with its account. */
  const pendingAt = async (res: Response, stages: readonly SessionStage[]) => {
    const current = res.locals.session;
    if (!current || !stages.includes(current.session.stage))
      throw unauthorized('sign in with your password first');
    const account = await findUserById(ctx.pool, current.session.userId);
    if (!account || account.disabled) throw unauthorized('sign in with your password first');
    return { current, account };
  };

  const refuse = async (login: string) => {
    if (await throttle.failure(login))
      throw new HttpError(423, 'too many failed attempts: this account is locked for a while');
  };

  const throttled = async (req: Request, login: string) => {
    const verdict = await throttle.attempt(login, clientAddress(req));
    if (!verdict.allowed)
      throw new HttpError(
        verdict.reason === 'locked' ? 423 : 429,
        verdict.reason === 'locked'
          ? `too many failed attempts: this account is locked; try again in ${verdict.retryAfterS} s`
          : `too many sign-in attempts from this address; try again in ${verdict.retryAfterS} s`,
      );
  };

  const signInAudit = { resourceType: 'session', action: 'login' } as const;

  /** Step 1: login and password. Answers the session's stage (and its CSRF token). */
  routes.post(
    '/auth/login',
    { access: 'public', audit: () => signInAudit },
    validator(loginSchemas),
    asyncWrap(async (req, res) => {
      const { login, password } = input(res, loginSchemas).body;
      res.locals.auditActor = { login };
      await throttled(req, login);
      const record = await findSignInRecord(ctx.pool, login);
      const good = await verifyPassword(record?.passwordHash ?? null, password);
      if (!record || !good || record.account.disabled) {
        await refuse(login);
        throw wrongCredentials();
      }
      await throttle.success(login);
      const { account } = record;
      const stage: SessionStage = account.totpEnrolled
        ? 'second-factor'
        : mustEnrol(account.role, ctx.auth.secondFactor)
          ? 'enrolment'
          : 'signed-in';
      const session = await startSessionAt(ctx, req, res, account, stage, 'password');
      res.json({
        ...sessionJson(session),
        ...(stage === 'signed-in' ? { user: userJson(account) } : {}),
      });
    }),
  );

  /** Step 2: a TOTP code, or one of the recovery codes (each works once). */
  routes.post(
    '/auth/second-factor',
    { access: 'sign-in-step', audit: () => signInAudit },
    validator(codeSchemas),
    asyncWrap(async (req, res) => {
      const { code } = input(res, codeSchemas).body;
      const { account } = await pendingAt(res, ['second-factor']);
      res.locals.auditActor = { login: account.login, role: account.role };
      await throttled(req, account.login);
      const record = (await findSignInRecord(ctx.pool, account.login))!;
      if (!(await passesSecondFactor(ctx, record, code))) {
        await refuse(account.login);
        throw unauthorized('wrong code');
      }
      await throttle.success(account.login);
      const session = await startSession(req, res, account, 'signed-in');
      res.json({ ...sessionJson(session), user: userJson(account) });
    }),
  );

  /**
   * Begins a TOTP enrolment (at sign-in when the policy wants one, or later by choice): the QR code
   * to scan. Replacing an enrolled one asks for the password and the current code first, checked
   * as signing a report checks them (lockout included): a stolen session must not swap the factor.
   */
  routes.post(
    '/auth/totp/enrolment',
    {
      access: 'sign-in-step',
      // A refused replacement is worth seeing: someone holds the session but not the factor.
      audit: (_req, res) => ({
        resourceType: 'user',
        resourceId: res.locals.auditActor?.login ?? null,
        action: 'update',
        detail: { change: 'totp-enrolment-begin' },
      }),
    },
    validator(enrolmentSchemas),
    asyncWrap(async (req, res) => {
      const given = input(res, enrolmentSchemas).body;
      const { current, account } = await pendingAt(res, ['enrolment', 'signed-in']);
      res.locals.auditActor = { login: account.login, role: account.role };
      if (account.totpEnrolled) {
        if (given.password === undefined)
          throw unauthorized(
            'a second factor is enrolled: give your password and its current code (or a recovery code) to replace it',
          );
        await reauthenticate(ctx, req, account, { password: given.password, code: given.code });
      }
      const enrolment = await newTotpEnrolment({ login: account.login });
      const session: Session = {
        ...current.session,
        pendingTotpSecret: enrolment.secret,
        pendingTotpReplaces: account.totpEnrolled,
      };
      await sessions.update(current.id, session);
      res.json({ otpauthUri: enrolment.otpauthUri, qrSvg: enrolment.qrSvg, secret: enrolment.secret });
    }),
  );

  /** Confirms the enrolment with a first code; answers the recovery codes, shown once. */
  routes.post(
    '/auth/totp/enrolment/confirm',
    {
      access: 'sign-in-step',
      audit: (_req, res) => ({
        resourceType: 'user',
        resourceId: res.locals.auditActor?.login ?? null,
        action: 'update',
        detail: { change: 'totp-enrolment' },
      }),
    },
    validator(codeSchemas),
    asyncWrap(async (req, res) => {
      const { code } = input(res, codeSchemas).body;
      const { current, account } = await pendingAt(res, ['enrolment', 'signed-in']);
      res.locals.auditActor = { login: account.login, role: account.role };
      const secret = current.session.pendingTotpSecret;
      if (!secret) throw unprocessable('begin the enrolment first (POST /api/auth/totp/enrolment)');
      // Enrolled since this enrolment began without the password and code: begin again with them.
      if (account.totpEnrolled && !current.session.pendingTotpReplaces)
        throw unauthorized(
          'a second factor is enrolled: begin again with your password and its current code',
        );
      const result = verifyTotp(secret, code);
      if (!result.ok) {
        await refuse(account.login);
        throw unauthorized('wrong code: check the time of your phone and scan the code again');
      }
      const recovery = await newRecoveryCodes();
      await saveTotpEnrolment(ctx.pool, account.id, {
        sealedSecret: ctx.cipher.seal(secret, totpSecretContext(account.id)),
        step: result.step,
        recoveryCodeHashes: [...recovery.hashes],
      });
      // The secret now lives sealed in the account, not in the session.
      let session: Session = {
        ...current.session,
        pendingTotpSecret: undefined,
        pendingTotpReplaces: undefined,
      };
      if (current.session.stage === 'enrolment') session = await startSession(req, res, account, 'signed-in');
      else await sessions.update(current.id, session);
      res.json({ ...sessionJson(session), recoveryCodes: recovery.codes });
    }),
  );

  /** The session: its stage and CSRF token, and the account once signed in. Anonymous: stage "anonymous". */
  routes.get(
    '/auth/session',
    { access: 'public' },
    asyncWrap(async (_req, res) => {
      const current = res.locals.session;
      const user = res.locals.user;
      if (!current) {
        // The sign-in page offers the hospital's sign-in when it is configured.
        res.json({ stage: 'anonymous', singleSignOn: ctx.auth.oidc !== undefined });
        return;
      }
      res.json({
        ...sessionJson(current.session),
        expiresAt: new Date(current.session.createdAt + sessions.settings.absoluteTimeoutMs).toISOString(),
        idleTimeoutS: Math.round(sessions.settings.idleTimeoutMs / 1000),
        ...(user ? { user: userJson(user.account) } : {}),
      });
    }),
  );

  routes.post(
    '/auth/sign-out',
    { access: 'public', audit: () => ({ resourceType: 'session', action: 'logout' }) },
    asyncWrap(async (req, res) => {
      const current = res.locals.session;
      if (current) await sessions.destroy(current.id, current.session.userId);
      clearSessionCookie(req, res);
      res.status(204).end();
    }),
  );

  /** Ends every session of the account, on every device. */
  routes.post(
    '/auth/sign-out-everywhere',
    {
      access: 'signed-in',
      audit: () => ({ resourceType: 'session', action: 'logout', detail: { everywhere: true } }),
    },
    asyncWrap(async (req, res) => {
      const ended = await sessions.destroyAllOf(currentUser(res).account.id);
      clearSessionCookie(req, res);
      res.json({ ended });
    }),
  );

  /** A new password (checked against the policy); the account's other sessions end. */
  routes.post(
    '/auth/password',
    {
      access: 'signed-in',
      audit: (_req, res) => ({
        resourceType: 'user',
        resourceId: res.locals.user?.account.login ?? null,
        action: 'update',
        detail: { change: 'password' },
      }),
    },
    validator(passwordSchemas),
    asyncWrap(async (req, res) => {
      const { currentPassword, newPassword } = input(res, passwordSchemas).body;
      const { account } = currentUser(res);
      await throttled(req, account.login);
      const record = (await findSignInRecord(ctx.pool, account.login))!;
      if (!(await verifyPassword(record.passwordHash, currentPassword))) {
        await refuse(account.login);
        throw unauthorized('wrong current password');
      }
      const problems = passwordProblems(newPassword, {
        login: account.login,
        names: [account.displayName, account.personName],
      });
      if (problems.length) throw unprocessable(`the new password is refused: ${problems.join(', ')}`);
      await setPasswordHash(ctx.pool, account.id, await hashPassword(newPassword));
      await sessions.destroyAllOf(account.id);
      const session = await startSession(req, res, account, 'signed-in');
      res.json(sessionJson(session));
    }),
  );
}
