/**
 * Resource ids and urn:uuid identifiers re-minted with the project's key: the same source id gives
 * the same new id in every export of the project, and nothing leads back to the source id without
 * the key. Built on the keyed UID (keyedHash.pseudonymiseUid, 2.25 = a 128-bit UUID integer).
 */
import { pseudonymiseUid } from '../keyedHash';
import type { DeidentificationProject } from '../project';

/** A lower-case UUID (RFC 9562 version 8, "custom") from the keyed hash of `name`. */
export function keyedUuid(project: Pick<DeidentificationProject, 'key'>, name: string): string {
  const decimal = pseudonymiseUid(project, `fhir\u0000${name}`).slice('2.25.'.length);
  const hex = BigInt(decimal).toString(16).padStart(32, '0').split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
