/**
 * Sealed files (reports, exports), whole in memory. Layout:
 *
 *   "SNTLENC" | version (1 byte) | key id length (1 byte) | key id (ASCII)
 *   | wrapped data key (60) | IV (12) | tag (16) | ciphertext
 *
 * The content is encrypted with the AAD `sentinelle-file:v1:<context>` (e.g. `report:<study UID>`),
 * so a file renamed or swapped for another does not open.
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

const MAGIC = Buffer.from('SNTLENC', 'ascii');
const VERSION = 1;

const aad = (context: string) => Buffer.from(`sentinelle-file:v1:${context}`);

export function sealFile(keyring: Keyring, plain: Uint8Array, context: string): Buffer {
  return serialise(sealEnvelope(keyring, plain, aad(context)));
}

function serialise(envelope: Envelope): Buffer {
  const keyId = Buffer.from(envelope.keyId, 'ascii');
  return Buffer.concat([
    MAGIC,
    Buffer.from([VERSION, keyId.length]),
    keyId,
    envelope.wrappedKey,
    envelope.iv,
    envelope.tag,
    envelope.ciphertext,
  ]);
}

function parse(bytes: Uint8Array): Envelope {
  const sealed = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (sealed.length < MAGIC.length + 2 || !sealed.subarray(0, MAGIC.length).equals(MAGIC))
    throw new SealedDataError('not a sealed file (no Sentinelle encryption header)');
  const version = sealed[MAGIC.length]!;
  if (version !== VERSION) throw new SealedDataError(`sealed file version ${version} is not supported`);
  const keyIdEnd = MAGIC.length + 2 + sealed[MAGIC.length + 1]!;
  const keyId = sealed.subarray(MAGIC.length + 2, keyIdEnd).toString('ascii');
  const ivAt = keyIdEnd + WRAPPED_KEY_BYTES;
  const tagAt = ivAt + IV_BYTES;
  const dataAt = tagAt + TAG_BYTES;
  if (!KEY_ID_PATTERN.test(keyId) || sealed.length < dataAt)
    throw new SealedDataError('malformed sealed file header');
  return {
    keyId,
    wrappedKey: sealed.subarray(keyIdEnd, ivAt),
    iv: sealed.subarray(ivAt, tagAt),
    tag: sealed.subarray(tagAt, dataAt),
    ciphertext: sealed.subarray(dataAt),
  };
}

/**
 * The same sealed file with its data key wrapped by the active master key: a key rotation's
 * re-wrap, without opening the content (IV, tag and ciphertext stay as they are).
 */
export function rewrapFile(keyring: Keyring, sealed: Uint8Array): Buffer {
  return serialise(rewrapEnvelope(keyring, parse(sealed)));
}

/** The file's content; throws SealedDataError when it is not a sealed file, was altered, or its key is unknown. */
export function openFile(keyring: Keyring, sealed: Uint8Array, context: string): Buffer {
  return openEnvelope(keyring, parse(sealed), aad(context));
}
