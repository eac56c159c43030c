/**
 * Time-based one-time passwords (RFC 6238) for the second factor: enrolment (secret, otpauth URI,
 * QR code) and verification with replay protection. The parameters are the ones every
 * authenticator app supports (SHA-1, 6 digits, 30 s), set explicitly so that an otplib default
 * changing cannot lock users out.
 */
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

const ALGORITHM = 'sha1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;

export interface TotpEnrolment {
  /** Base32, 160 bits (RFC 4226's recommended length); stored by the caller, shown once. */
  readonly secret: string;
  /** `otpauth://totp/Issuer:login?secret=…&issuer=…`, what the QR code holds. */
  readonly otpauthUri: string;
  /** The QR code as an SVG document, to inline in the enrolment page. */
  readonly qrSvg: string;
}

/** `step` is the RFC 6238 time step the code matched: store it and pass it back as `lastUsedStep`. */
export type TotpVerification = { readonly ok: true; readonly step: number } | { readonly ok: false };

export async function newTotpEnrolment({
  login,
  issuer = 'Sentinelle',
}: {
  readonly login: string;
  readonly issuer?: string;
}): Promise<TotpEnrolment> {
  const secret = generateSecret({ length: 20 });
  const otpauthUri = generateURI({
    issuer,
    label: login,
    secret,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
  // Level M survives a screen's glare or a phone's blur without making the code too dense.
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return { secret, otpauthUri, qrSvg };
}

/**
 * Checks a code against the current step and one step either side (clocks of phones drift, and a
 * code typed at the end of its 30 s arrives in the next step). A code whose step is at or before
 * `lastUsedStep` is refused, so a code seen over a shoulder or replayed cannot be used again.
 */
export function verifyTotp(
  secret: string,
  code: string,
  { now = new Date(), lastUsedStep }: { readonly now?: Date; readonly lastUsedStep?: number } = {},
): TotpVerification {
  // Apps show "287 082"; anything other than 6 digits cannot match, so no HMAC is computed for it.
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false };
  const epoch = epochSeconds(now);
  // otplib throws when lastUsedStep is past the whole window; for us that is simply a refusal.
  const lastStepInWindow = Math.floor(epoch / PERIOD_SECONDS) + 1;
  if (lastUsedStep !== undefined && lastUsedStep >= lastStepInWindow) return { ok: false };
  const result = verifySync({
    strategy: 'totp',
    secret,
    token,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    epoch,
    epochTolerance: PERIOD_SECONDS,
    afterTimeStep: lastUsedStep,
  });
  // otplib types the result as TOTP's or HOTP's; only TOTP's carries the step.
  return result.valid && 'timeStep' in result ? { ok: true, step: result.timeStep } : { ok: false };
}

/** The code an authenticator app shows at `date`. */
export function totpCodeAt(secret: string, date: Date): string {
  return generateSync({
    secret,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    epoch: epochSeconds(date),
  });
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
