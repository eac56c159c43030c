/**
 * Password hashing: argon2id with OWASP's minimum memory-hard parameters (19 MiB, 2 passes),
 * about 30 ms per hash here: slow for an attacker holding a dump, quick enough to sign in.
 */
import argon2 from 'argon2';

const PARAMETERS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PARAMETERS);
}

// Checked against when the login is unknown, so that an unknown login takes as long as a wrong
// password and response times do not tell which logins exist.
let decoy: Promise<string> | undefined;

/** True when `password` matches `hash`; a null hash (unknown login, SSO-only account) never matches. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    decoy ??= hashPassword('decoy password, never matched');
    await argon2.verify(await decoy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
