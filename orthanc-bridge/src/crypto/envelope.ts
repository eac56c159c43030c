/**
 * Envelope encryption, AES-256-GCM throughout. Each value gets its own random data key, which
 * encrypts the value; the data key itself is encrypted ("wrapped") by a master key of the keyring.
 * A key rotation therefore re-wraps 60 bytes per value and never re-encrypts the data.
 * The text and file formats (fieldCipher.ts, fileCipher.ts) lay out these parts.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring';

export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;
/** A wrapped data key: its IV, the encrypted key, the tag. */
export const WRAPPED_KEY_BYTES = IV_BYTES + DATA_KEY_BYTES + TAG_BYTES;

/** A sealed value that does not open: malformed, altered, in the wrong place, or under an unknown key. */
export class SealedDataError extends Error {
  override readonly name = 'SealedDataError';
}

export interface Envelope {
  /** The master key that wraps the data key. */
  readonly keyId: string;
  /** IV ‖ encrypted data key ‖ tag (WRAPPED_KEY_BYTES). */
  readonly wrappedKey: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

interface Encrypted {
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function encrypt(key: Buffer, plain: Uint8Array, aad: Buffer): Encrypted {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** undefined when the tag does not match (wrong key, wrong AAD, or altered bytes). */
function decrypt(key: Buffer, { iv, ciphertext, tag }: Encrypted, aad: Buffer): Buffer | undefined {
  // authTagLength: without it Node accepts a tag truncated to 4 bytes.
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
    .setAAD(aad)
    .setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

// The wrap is bound to the master key's id: a wrapped key relabelled with another id does not open.
const wrapAad = (keyId: string) => Buffer.from(`sentinelle-data-key:${keyId}`);

function wrap(keyring: Keyring, dataKey: Buffer): Pick<Envelope, 'keyId' | 'wrappedKey'> {
  const keyId = keyring.activeKeyId;
  const { iv, ciphertext, tag } = encrypt(keyring.activeKey, dataKey, wrapAad(keyId));
  return { keyId, wrappedKey: Buffer.concat([iv, ciphertext, tag]) };
}

function unwrap(keyring: Keyring, { keyId, wrappedKey }: Envelope): Buffer {
  const master = keyring.key(keyId);
  if (!master)
    throw new SealedDataError(
      `no master key ${keyId} in the keyring: the value was sealed under a key since removed, or this is the wrong keyring`,
    );
  const dataKey = decrypt(
    master,
    {
      iv: wrappedKey.subarray(0, IV_BYTES),
      ciphertext: wrappedKey.subarray(IV_BYTES, IV_BYTES + DATA_KEY_BYTES),
      tag: wrappedKey.subarray(IV_BYTES + DATA_KEY_BYTES),
    },
    wrapAad(keyId),
  );
  if (!dataKey)
    throw new SealedDataError(
      `the data key does not open under master key ${keyId}: the value was altered, or the keyring holds other key material under that id`,
    );
  return dataKey;
}

/** Encrypts `plain` under a fresh data key wrapped by the active master key; `aad` binds it to its place. */
export function sealEnvelope(keyring: Keyring, plain: Uint8Array, aad: Buffer): Envelope {
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    return { ...wrap(keyring, dataKey), ...encrypt(dataKey, plain, aad) };
  } finally {
    dataKey.fill(0);
  }
}

export function openEnvelope(keyring: Keyring, envelope: Envelope, aad: Buffer): Buffer {
  const dataKey = unwrap(keyring, envelope);
  try {
    const plain = decrypt(dataKey, envelope, aad);
    if (!plain)
      throw new SealedDataError(
        'the value does not open in this context: it was altered, or moved from another row or column',
      );
    return plain;
  } finally {
    dataKey.fill(0);
  }
}

/** The same envelope with its data key wrapped by the active master key instead. */
export function rewrapEnvelope(keyring: Keyring, envelope: Envelope): Envelope {
  const dataKey = unwrap(keyring, envelope);
  try {
    return { ...envelope, ...wrap(keyring, dataKey) };
  } finally {
    dataKey.fill(0);
  }
}
