/**
 * Recovery codes: single-use codes a user keeps on paper to sign in when their authenticator is
 * lost. Shown once at enrolment; only their hashes are stored, and the caller deletes a hash once
 * its code has been used.
 */
import { randomInt } from 'node:crypto';
import { argon2id, hash, verify } from 'argon2';

/**
 * Crockford's base32: 32 symbols, so 12 of them carry exactly 60 bits. It has no I, L, O or U;
 * reading them back is forgiving (see normalise): an O typed for a 0, or an I or L for a 1, still
 * matches, so no two symbols can be confused.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 3;
const GROUP_LENGTH = 4;
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${GROUPS * GROUP_LENGTH}}$`);

/**
 * argon2id rather than a keyed SHA-256: with SHA-256 a stolen table of 60-bit codes falls to a
 * GPU farm in days unless the key is kept elsewhere, which adds a secret to manage; argon2id
 * makes each guess cost ~19 MiB and milliseconds, so 2^60 guesses are out of reach with no key.
 * The price is paid only on the rare recovery sign-in: up to 10 verifications, a fraction of a
 * second. Parameters: OWASP's argon2id minimum, enough for high-entropy input.
 */
const HASH_OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface RecoveryCodes {
  /** Like `k7mq-2xvp-9dfa`; shown to the user once, never stored. */
  readonly codes: readonly string[];
  /** argon2id hashes, in the order of `codes`. */
  readonly hashes: readonly string[];
}

export async function newRecoveryCodes(count = 10): Promise<RecoveryCodes> {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer, got ${count}`);
  const raw = new Set<string>();
  while (raw.size < count) raw.add(randomCode());
  const hashes = await Promise.all([...raw].map((code) => hash(code, HASH_OPTIONS)));
  return { codes: [...raw].map(format), hashes };
}

/**
 * The index in `hashes` of the hash `input` matches, or -1. Every hash is checked, so the time
 * taken does not tell which one matched; each comparison is constant-time (argon2's verify).
 */
export async function matchRecoveryCode(input: string, hashes: readonly string[]): Promise<number> {
  const code = normalise(input);
  // A malformed input cannot match: refuse it without spending argon2 work on it.
  if (!CODE_PATTERN.test(code)) return -1;
  const matches = await Promise.all(hashes.map((stored) => verify(stored, code)));
  return matches.indexOf(true);
}

function randomCode(): string {
  let code = '';
  for (let i = 0; i < GROUPS * GROUP_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

function format(code: string): string {
  return Array.from({ length: GROUPS }, (_, g) => code.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH)).join(
    '-',
  );
}

/** Case, spaces and dashes do not count; O reads as 0, I and L as 1 (Crockford). */
function normalise(input: string): string {
  return input
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
}
