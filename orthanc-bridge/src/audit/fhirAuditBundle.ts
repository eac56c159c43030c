/**
 * Audit entries as a FHIR R4 Bundle of AuditEvents: a searchset (one page of an API answer) or a
 * collection (an export of everything a filter matches).
 */
import { listAuditEvents, type AuditEntry, type AuditFilter, type AuditReader } from './auditLog';
import { toFhirAuditEvent, type FhirAuditEvent, type FhirAuditOptions } from './fhirAuditEvent';

export interface FhirAuditBundle {
  readonly resourceType: 'Bundle';
  readonly type: 'collection' | 'searchset';
  readonly timestamp: string;
  /** searchset only: how many entries match in all. */
  readonly total?: number;
  readonly entry?: readonly {
    readonly fullUrl?: string;
    readonly resource: FhirAuditEvent;
    readonly search?: { readonly mode: 'match' };
  }[];
}

export interface FhirAuditBundleOptions extends FhirAuditOptions {
  readonly type: 'collection' | 'searchset';
  /** The FHIR base URL the AuditEvents are served under, for each entry's fullUrl. */
  readonly baseUrl?: string;
  /** searchset only: the number of matches, when known. */
  readonly total?: number;
  /** When the bundle was assembled (default now). */
  readonly timestamp?: Date;
}

export function toFhirAuditBundle(
  entries: readonly AuditEntry[],
  options: FhirAuditBundleOptions,
): FhirAuditBundle {
  const { type, baseUrl, total, timestamp, ...eventOptions } = options;
  const base = baseUrl?.replace(/\/+$/, '');
  const searchset = type === 'searchset';
  return {
    resourceType: 'Bundle',
    type,
    timestamp: (timestamp ?? new Date()).toISOString(),
    ...(searchset && total !== undefined ? { total } : {}),
    ...(entries.length
      ? {
          entry: entries.map((entry) => ({
            ...(base ? { fullUrl: `${base}/AuditEvent/${entry.id}` } : {}),
            resource: toFhirAuditEvent(entry, eventOptions),
            ...(searchset ? { search: { mode: 'match' as const } } : {}),
          })),
        }
      : {}),
  };
}

/** Refused: more entries match than an export holds. */
export class AuditExportTooLargeError extends Error {
  override readonly name = 'AuditExportTooLargeError';
}

/**
 * Every entry the filter matches (its limit and cursor aside), newest first, as a collection
 * Bundle. Refuses more than `max` entries (default 50,000): narrow the filter by date instead.
 */
export async function exportAuditBundle(
  reader: AuditReader,
  filter: Omit<AuditFilter, 'limit' | 'cursor'>,
  options: Omit<FhirAuditBundleOptions, 'type' | 'total'> & { readonly max?: number } = {},
): Promise<FhirAuditBundle> {
  const { max = 50_000, ...bundleOptions } = options;
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(reader, { ...filter, limit: 1000, ...(cursor ? { cursor } : {}) });
    entries.push(...page.entries);
    if (entries.length > max) {
      throw new AuditExportTooLargeError(
        `more than ${max} audit entries match: narrow the filter (a shorter date range) or raise the maximum`,
      );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return toFhirAuditBundle(entries, { ...bundleOptions, type: 'collection' });
}
