/**
 * Sealed text values, for database columns:
 *
 *   enc:v1:<master key id>:<wrapped data key>:<IV ‖ tag ‖ ciphertext>
 *
 * (the last two in base64url). The value is encrypted with the AAD `sentinelle-field:v1:<context>`,
 * where the context names the value's place (`patient.name:...`): a value copied to another column
 * or row does not open. A rotation replaces the key id and the wrapped key and keeps the last part.
 */
import {
  type Envelope,
  IV_BYTES,
  openEnvelope,
  rewrapEnvelope,
  SealedDataError,
  sealEnvelope,
  TAG_BYTES,
  WRAPPED_KEY_BYTES,
} from './envelope';
import { KEY_ID_PATTERN, type Keyring } from './keyring';

export const SEALED_PREFIX = 'enc:v1:';

/** Whether `value` is in the sealed format (without opening it); plaintext from before encryption is not. */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

const aad = (context: string) => Buffer.from(`sentinelle-field:v1:${context}`);

function decodePart(part: string | undefined): Buffer | undefined {
  if (part === undefined || !/^[A-Za-z0-9_-]*$/.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  // Non-canonical base64url (stray bits in the last character) would decode to the same bytes.
  return bytes.toString('base64url') === part ? bytes : undefined;
}

function parse(sealed: string): Envelope {
  const malformed = () =>
    new SealedDataError(
      isSealed(sealed)
        ? 'malformed sealed value'
        : `the value is not sealed (no ${SEALED_PREFIX} prefix): plaintext stored before encryption? run npm run keys:rotate`,
    );
  if (!isSealed(sealed)) throw malformed();
  const [keyId, wrapped, body, ...rest] = sealed.slice(SEALED_PREFIX.length).split(':');
  const wrappedKey = decodePart(wrapped);
  const data = decodePart(body);
  if (
    rest.length > 0 ||
    keyId === undefined ||
    !KEY_ID_PATTERN.test(keyId) ||
    wrappedKey?.length !== WRAPPED_KEY_BYTES ||
    data === undefined ||
    data.length < IV_BYTES + TAG_BYTES
  )
    throw malformed();
  return {
    keyId,
    wrappedKey,
    iv: data.subarray(0, IV_BYTES),
    tag: data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    ciphertext: data.subarray(IV_BYTES + TAG_BYTES),
  };
}

function format(envelope: Envelope): string {
  const data = Buffer.concat([envelope.iv, envelope.tag, envelope.ciphertext]);
  return `${SEALED_PREFIX}${envelope.keyId}:${envelope.wrappedKey.toString('base64url')}:${data.toString('base64url')}`;
}

/** Seals and opens text values with a keyring's master keys. */
export class FieldCipher {
  constructor(readonly keyring: Keyring) {}

  /** The master key new values are sealed under. */
  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  seal(plain: string, context: string): string {
    return format(sealEnvelope(this.keyring, Buffer.from(plain, 'utf8'), aad(context)));
  }

  /** The plaintext; throws SealedDataError when the value is malformed, altered, elsewhere from, or under an unknown key. */
  open(sealed: string, context: string): string {
    return openEnvelope(this.keyring, parse(sealed), aad(context)).toString('utf8');
  }

  /** The id of the master key the value is sealed under. */
  keyIdOf(sealed: string): string {
    return parse(sealed).keyId;
  }

  /** The same value with its data key wrapped by the active master key (the ciphertext is unchanged). */
  rewrap(sealed: string): string {
    return format(rewrapEnvelope(this.keyring, parse(sealed)));
  }
}
