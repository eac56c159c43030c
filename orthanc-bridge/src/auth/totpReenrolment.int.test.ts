/**
 * Replacing an enrolled TOTP asks for the password and the current code (or a recovery code): a
 * stolen session alone cannot swap the account's second factor for the thief's.
 */
import { totpCodeAt } from './totp';
import { waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { sessionCookieOf, sessionHeaders, signIn, TEST_PASSWORD, type SignedIn } from '../testing/testUsers';

const t = useReadingApp();

const post = async (path: string, who: SignedIn, body: unknown = {}) => {
  const response = await fetch(`${t.app.url}/api/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sessionHeaders(who) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, response };
};

/** Enrols a fresh secret from `who`'s session (the account had none); its secret and recovery codes. */
async function enrol(who: SignedIn, body: unknown = {}) {
  const begun = await post('totp/enrolment', who, body);
  expect(begun.status).toBe(200);
  const secret = begun.body.secret as string;
  const confirmed = await post('totp/enrolment/confirm', who, { code: totpCodeAt(secret, new Date()) });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

const storedSecret = async () =>
  (
    await t.app.ctx.pool.query<{ totp_secret: string }>(
      "SELECT totp_secret FROM user_account WHERE login = 'dr.martin'",
    )
  ).rows[0]!.totp_secret;

/** Signs in with the password and then `code`: the second step's status. */
async function signInWithCode(code: string): Promise<number> {
  const login = await fetch(`${t.app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'dr.martin', password: TEST_PASSWORD }),
  });
  const { csrfToken, stage } = (await login.json()) as { csrfToken: string; stage: string };
  expect(stage).toBe('second-factor');
  const pending = { login: 'dr.martin', cookie: sessionCookieOf(login)!, csrfToken };
  return (await post('second-factor', pending, { code })).status;
}

describe('TOTP re-enrolment', () => {
  test('POST /api/auth/totp/enrolment refuses to replace an enrolled second factor without the password and current code', async () => {
    const stolen = await signIn(t.app.url, 'dr.martin');
    const { secret } = await enrol(stolen);
    const sealed = await storedSecret();

    // The thief holds the signed-in session, not the password nor the phone.
    const attempts = [
      await post('totp/enrolment', stolen),
      await post('totp/enrolment', stolen, { password: 'not the password!' }),
      await post('totp/enrolment', stolen, { password: TEST_PASSWORD }),
      await post('totp/enrolment', stolen, { password: TEST_PASSWORD, code: '000000' }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(attempts.every((a) => a.body.secret === undefined)).toBe(true);
    // No enrolment is pending: nothing to confirm.
    expect((await post('totp/enrolment/confirm', stolen, { code: '123456' })).status).toBe(422);
    expect(await storedSecret()).toBe(sealed);
    // The old factor still signs in.
    expect(await signInWithCode(totpCodeAt(secret, new Date(Date.now() + 30_000)))).toBe(200);
    // Each refusal is in the audit trail.
    const refusals = await waitUntil('the refused re-enrolments in the audit trail', async () => {
      const audit = await t.api('/api/audit?actor=dr.martin', { as: 'dr.lefevre' });
      const entries = (audit.body.entries as { detail: { change?: string }; outcome: string }[]).filter(
        (e) => e.detail.change === 'totp-enrolment-begin' && e.outcome === 'denied',
      );
      return entries.length === attempts.length ? entries : undefined;
    });
    expect(refusals).toHaveLength(4);
  });

  test('POST /api/auth/totp/enrolment/confirm refuses an enrolment begun before the account enrolled', async () => {
    const [early, other] = [await signIn(t.app.url, 'dr.martin'), await signIn(t.app.url, 'dr.martin')];
    const begun = await post('totp/enrolment', early);
    expect(begun.status).toBe(200);
    await enrol(other);
    const sealed = await storedSecret();
    const late = await post('totp/enrolment/confirm', early, {
      code: totpCodeAt(begun.body.secret as string, new Date()),
    });
    expect(late.status).toBe(401);
    expect(await storedSecret()).toBe(sealed);
  });

  test('POST /api/auth/totp/enrolment replaces the second factor given the password and the current code or a recovery code', async () => {
    const me = await signIn(t.app.url, 'dr.martin');
    const first = await enrol(me);
    // The current code (the step after the one enrolment used).
    const second = await enrol(me, {
      password: TEST_PASSWORD,
      code: totpCodeAt(first.secret, new Date(Date.now() + 30_000)),
    });
    expect(second.secret).not.toBe(first.secret);
    // Or one of the recovery codes.
    const third = await enrol(me, { password: TEST_PASSWORD, code: second.recoveryCodes[0] });
    expect(third.secret).not.toBe(second.secret);

    const next = new Date(Date.now() + 30_000);
    expect(await signInWithCode(totpCodeAt(second.secret, next))).toBe(401);
    expect(await signInWithCode(totpCodeAt(third.secret, next))).toBe(200);
  });
});
