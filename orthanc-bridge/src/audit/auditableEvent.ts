/**
 * An entry as the trail can hold it, whatever the request carried: a request with a 300-character
 * study UID or a NUL byte in its login is recorded too (it was refused; the attempt matters), so
 * text is made storable instead of the entry being lost. NUL, which PostgreSQL text cannot hold,
 * becomes U+2400 (the visible symbol for NUL); unpaired surrogates become U+FFFD; text over its
 * column's length is cut, and `detail.truncated` names what was cut and how long it was.
 */
import type { JsonValue } from './auditChain';
import type { AuditEventInput } from './auditLog';

const LIMITS = { actor: 256, actorRole: 64, resourceId: 256, patientId: 64, userAgent: 512 } as const;
type Limited = keyof typeof LIMITS;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text PostgreSQL stores as given (no NUL, well-formed UTF-16). */
function storableText(text: string): string {
  return text.replaceAll('\u0000', '\u2400').replace(LONE_SURROGATE, '\ufffd');
}

function storable(value: JsonValue): JsonValue {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [storableText(k), storable(v as JsonValue)]),
    );
  return value;
}

export function auditableEvent(event: AuditEventInput): AuditEventInput {
  const truncated: { [field: string]: JsonValue } = {};
  const fit = (field: Limited, value: string | null | undefined): string | null => {
    if (value === null || value === undefined) return null;
    const text = storableText(value);
    if (text.length === 0) return field === 'actor' ? '?' : null;
    if (text.length <= LIMITS[field]) return text;
    truncated[field] = text.length;
    // Cut on a code point: a surrogate pair split in two would not be storable.
    return storableText(text.slice(0, LIMITS[field]).replace(/[\ud800-\udbff]$/, ''));
  };
  const detail = storable(event.detail ?? {}) as { [key: string]: JsonValue };
  const fitted: AuditEventInput = {
    ...event,
    actor: fit('actor', event.actor)!,
    actorRole: fit('actorRole', event.actorRole),
    resourceId: fit('resourceId', event.resourceId),
    patientId: fit('patientId', event.patientId),
    userAgent: fit('userAgent', event.userAgent),
  };
  return {
    ...fitted,
    detail: (Object.keys(truncated).length ? { ...detail, truncated } : detail) as AuditEventInput['detail'],
  };
}
