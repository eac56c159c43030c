import { newTotpEnrolment, totpCodeAt, verifyTotp } from './totp';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890", here in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const PERIOD_MS = 30_000;
// The start of a step, so that ± one period lands exactly one step away.
const now = new Date(1_760_000_010_000);
const step = Math.floor(now.getTime() / PERIOD_MS);

describe('totp', () => {
  test.each([
    // The RFC lists 8-digit codes; a 6-digit code is their last 6 digits.
    [59, '94287082'],
    [1_111_111_109, '07081804'],
    [1_234_567_890, '89005924'],
    [2_000_000_000, '69279037'],
  ])('totpCodeAt gives the RFC 6238 SHA-1 code at T=%i', (seconds, rfcCode) => {
    expect(totpCodeAt(RFC_SECRET, new Date(seconds * 1000))).toBe(rfcCode.slice(-6));
  });

  test('verifyTotp accepts the current code and returns its step', () => {
    expect(verifyTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, now), { now })).toEqual({ ok: true, step });
  });

  test.each([-1, 1])('verifyTotp accepts a code %i step away (clock drift)', (offset) => {
    const code = totpCodeAt(RFC_SECRET, new Date(now.getTime() + offset * PERIOD_MS));
    expect(verifyTotp(RFC_SECRET, code, { now })).toEqual({ ok: true, step: step + offset });
  });

  test.each([-2, 2])('verifyTotp rejects a code %i steps away', (offset) => {
    const code = totpCodeAt(RFC_SECRET, new Date(now.getTime() + offset * PERIOD_MS));
    expect(verifyTotp(RFC_SECRET, code, { now })).toEqual({ ok: false });
  });

  test('verifyTotp rejects a code replayed in the same step', () => {
    const code = totpCodeAt(RFC_SECRET, now);
    const first = verifyTotp(RFC_SECRET, code, { now });
    expect(first.ok).toBe(true);
    const lastUsedStep = first.ok ? first.step : -1;
    expect(verifyTotp(RFC_SECRET, code, { now: new Date(now.getTime() + 5_000), lastUsedStep })).toEqual({
      ok: false,
    });
  });

  test('verifyTotp rejects an earlier code once a later step was used, and accepts the next one', () => {
    const previous = totpCodeAt(RFC_SECRET, new Date(now.getTime() - PERIOD_MS));
    expect(verifyTotp(RFC_SECRET, previous, { now, lastUsedStep: step })).toEqual({ ok: false });
    const next = totpCodeAt(RFC_SECRET, new Date(now.getTime() + PERIOD_MS));
    expect(verifyTotp(RFC_SECRET, next, { now, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
  });

  test('verifyTotp refuses rather than throws when the last used step is past the window', () => {
    const code = totpCodeAt(RFC_SECRET, now);
    expect(verifyTotp(RFC_SECRET, code, { now, lastUsedStep: step + 5 })).toEqual({ ok: false });
  });

  test('verifyTotp ignores spaces around and inside the code', () => {
    const code = totpCodeAt(RFC_SECRET, now);
    expect(verifyTotp(RFC_SECRET, ` ${code.slice(0, 3)} ${code.slice(3)} `, { now }).ok).toBe(true);
  });

  test.each(['', '12345', '1234567', '12a456', '１２３４５６', '-12345'])(
    'verifyTotp rejects the malformed code %j',
    (code) => {
      expect(verifyTotp(RFC_SECRET, code, { now })).toEqual({ ok: false });
    },
  );

  test('verifyTotp rejects a wrong code', () => {
    const code = totpCodeAt(RFC_SECRET, now);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(RFC_SECRET, wrong, { now })).toEqual({ ok: false });
  });

  test('newTotpEnrolment gives a 160-bit base32 secret, an otpauth URI with issuer and label, and an SVG QR code', async () => {
    const enrolment = await newTotpEnrolment({ login: 'dr.martin' });
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Sentinelle:dr.martin');
    expect(uri.searchParams.get('secret')).toBe(enrolment.secret);
    expect(uri.searchParams.get('issuer')).toBe('Sentinelle');
    expect(enrolment.qrSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(enrolment.qrSvg.trimEnd()).toMatch(/<\/svg>$/);
    // The secret works with the verifier: what the app will compute from the QR code is accepted.
    expect(verifyTotp(enrolment.secret, totpCodeAt(enrolment.secret, now), { now }).ok).toBe(true);
  });

  test('newTotpEnrolment takes another issuer and gives a new secret each time', async () => {
    const [a, b] = await Promise.all([
      newTotpEnrolment({ login: 'admin', issuer: 'CHU Sentinelle' }),
      newTotpEnrolment({ login: 'admin', issuer: 'CHU Sentinelle' }),
    ]);
    expect(new URL(a.otpauthUri).searchParams.get('issuer')).toBe('CHU Sentinelle');
    expect(a.secret).not.toBe(b.secret);
  });
});
