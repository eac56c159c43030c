/**
 * Keys for one purpose each, derived from the keyring's master keys (HKDF-SHA-256, the purpose as
 * info): a key that authenticates the audit trail is never the key that wraps data keys, yet it is
 * rotated with them. A value made with a purpose key records the master key id it came from, so
 * that it still verifies after a rotation, as long as the keyring keeps that master key.
 */
import { hkdfSync } from 'node:crypto';
import type { Keyring } from './keyring';

/**
 * What a derived key is for; part of the derivation, so two purposes never share a key. `audit-chain`
 * keys the audit trail's HMAC chain, `patient-id` the keyed hash of a patient's PatientID.
 */
export type KeyPurpose = 'audit-chain' | 'patient-id';

const PURPOSE_KEY_BYTES = 32;

export interface PurposeKey {
  /** The master key it is derived from. */
  readonly keyId: string;
  readonly key: Buffer;
}

/** The purpose's key under master key `keyId` (default: the active one); undefined when the keyring lacks it. */
export function purposeKey(
  keyring: Keyring,
  purpose: KeyPurpose,
  keyId = keyring.activeKeyId,
): PurposeKey | undefined {
  const master = keyring.key(keyId);
  if (!master) return undefined;
  const derived = hkdfSync(
    'sha256',
    master,
    Buffer.alloc(0),
    `sentinelle-key-purpose:v1:${purpose}`,
    PURPOSE_KEY_BYTES,
  );
  return { keyId, key: Buffer.from(derived) };
}
