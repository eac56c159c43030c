/**
 * The part of an audit entry's detail that may identify a patient (the query of a search can hold
 * a name or a PatientID) is sealed like the other PHI columns: `detail_sealed` holds it, sealed, and
 * `detail` the rest. Readers of the trail (the audit page, the FHIR export, the verifier) see the
 * detail whole again; the chain covers it whole, in clear.
 */
import type { FieldCipher } from '../crypto';
import type { SealedTable } from '../db/sealedColumns';
import { canonicalJson, type JsonValue } from './auditChain';

type Detail = { readonly [key: string]: JsonValue };

/** Detail keys that are sealed. Describers put search queries under `query`. */
const SEALED_DETAIL_KEYS: readonly string[] = ['query'];

/** Where a sealed detail belongs: it opens only in its own row. */
const auditDetailContext = (id: string) => `audit_event.detail:${id}`;

/** The detail as stored: what stays in clear, and the sealed part (undefined when there is none). */
export function sealDetail(
  cipher: FieldCipher,
  id: string,
  detail: Detail,
): { readonly clear: Detail; readonly sealed: string | null } {
  const clear: { [key: string]: JsonValue } = {};
  const secret: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(detail)) {
    if (SEALED_DETAIL_KEYS.includes(key)) secret[key] = value;
    else clear[key] = value;
  }
  if (Object.keys(secret).length === 0) return { clear, sealed: null };
  return { clear, sealed: cipher.seal(canonicalJson(secret), auditDetailContext(id)) };
}

/** The whole detail again; throws SealedDataError when the sealed part does not open in this row. */
export function openDetail(cipher: FieldCipher, id: string, clear: Detail, sealed: string | null): Detail {
  if (sealed === null) return clear;
  const secret = JSON.parse(cipher.open(sealed, auditDetailContext(id))) as Detail;
  return { ...clear, ...secret };
}

/** For a key rotation (keys/sealedTables.ts): the sealed detail is re-wrapped like the other columns. */
export const AUDIT_EVENT_SEALED: SealedTable<'detail_sealed', never> = {
  table: 'audit_event',
  keyColumns: [],
  sealedColumns: ['detail_sealed'],
  context: (_column, row) => auditDetailContext(row.id),
};
