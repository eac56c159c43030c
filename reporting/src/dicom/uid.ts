import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DicomRenderError } from './types';

const MAX_UID_LENGTH = 64;
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** True for a valid DICOM UID: dotted components without leading zeros, at most 64 characters. */
export function isDicomUid(value: string): boolean {
  return value.length <= MAX_UID_LENGTH && UID_PATTERN.test(value);
}

/** A UUID (hex digits, dashes allowed) as the "2.25." UID of ISO/IEC 9834-8. */
export function uuidToUid(uuid: string): string {
  return `2.25.${BigInt(`0x${uuid.replace(/-/g, '')}`).toString()}`;
}

/**
 * Makes new UIDs: under `root` when given ("root.<random decimal>", as many random digits as fit
 * in 64 characters, at most 39), otherwise "2.25.<random UUID as an integer>".
 */
export function createUidGenerator(root?: string): () => string {
  if (root === undefined) return () => uuidToUid(randomUUID());
  if (!isDicomUid(root) || root.length > MAX_UID_LENGTH - 12) {
    throw new DicomRenderError(
      `uidRoot "${root}" is not a DICOM UID root of at most ${MAX_UID_LENGTH - 12} characters`,
    );
  }
  const digits = Math.min(39, MAX_UID_LENGTH - root.length - 1);
  return () => {
    const random = BigInt(`0x${randomBytes(16).toString('hex')}`) % 10n ** BigInt(digits);
    return `${root}.${random.toString()}`;
  };
}

/**
 * A UID that depends only on `name`: a name-based (SHA-1, version 5 layout) UUID as a "2.25."
 * UID. Used for the Device Observer UID, which must stay the same from one report to the next.
 */
export function nameBasedUid(name: string): string {
  const hash = createHash('sha1').update(`sentinelle:${name}`).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return uuidToUid(bytes.toString('hex'));
}

/**
 * The UID a renderer gives its object: the one the caller chose (checked), else a new one.
 * `what` names the option in the error message.
 */
export function chosenOrNewUid(chosen: string | undefined, newUid: () => string, what: string): string {
  if (chosen === undefined) return newUid();
  if (!isDicomUid(chosen)) throw new DicomRenderError(`${what} "${chosen}" is not a DICOM UID`);
  return chosen;
}
