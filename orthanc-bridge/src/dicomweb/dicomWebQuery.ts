/**
 * The query string sent on to Orthanc: parsed from the raw request, checked against what each kind
 * of DICOMweb request takes, and serialised again by the bridge. Nothing of the raw text passes.
 */
import type { DicomWebRoute } from './dicomWebPath';

export type QueryVerdict =
  | { readonly ok: true; readonly query: string; readonly params: URLSearchParams }
  | { readonly ok: false; readonly reason: string };

/** QIDO-RS: matching attributes (keyword or tag, dotted for sequences) and the search's own parameters. */
const SEARCH_CONTROLS = new Set(['includefield', 'limit', 'offset', 'fuzzymatching']);
const ATTRIBUTE = /^([0-9A-Fa-f]{8}|[A-Z][A-Za-z0-9]{0,63})(\.([0-9A-Fa-f]{8}|[A-Z][A-Za-z0-9]{0,63})){0,7}$/;
/** WADO-RS rendered resources (PS3.18 8.3.5) and the media type overrides of any retrieve. */
const RENDERED = new Set(['accept', 'charset', 'quality', 'viewport', 'window', 'annotation']);
const RETRIEVE = new Set(['accept', 'charset']);
const MAX_PARAMETERS = 64;
const MAX_VALUE_LENGTH = 1024;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function allowed(route: DicomWebRoute, key: string): boolean {
  if (route.kind === 'search') return SEARCH_CONTROLS.has(key) || ATTRIBUTE.test(key);
  if (route.kind === 'store') return false;
  return route.retrieve === 'rendered' || route.retrieve === 'thumbnail'
    ? RENDERED.has(key)
    : RETRIEVE.has(key);
}

/** The query of `route` from the raw query string (without '?'). */
export function dicomWebQuery(route: DicomWebRoute, rawQuery: string): QueryVerdict {
  let params: URLSearchParams;
  try {
    // URLSearchParams decodes each name and value once; malformed escapes stay as they are.
    params = new URLSearchParams(rawQuery);
  } catch {
    return { ok: false, reason: 'the query string cannot be read' };
  }
  const kept = new URLSearchParams();
  let count = 0;
  for (const [key, value] of params) {
    if (++count > MAX_PARAMETERS) return { ok: false, reason: `at most ${MAX_PARAMETERS} query parameters` };
    if (!allowed(route, key))
      return {
        ok: false,
        reason: `${JSON.stringify(key.slice(0, 64))} is not a parameter of this DICOMweb request`,
      };
    if (value.length > MAX_VALUE_LENGTH || CONTROL.test(value))
      return { ok: false, reason: `the value of ${key} is too long or holds control characters` };
    kept.append(key, value);
  }
  // A comma is a legal query character (RFC 3986) and the separator of DICOMweb's lists
  // (includefield, viewport, window): Orthanc splits on the raw comma, so it is not escaped.
  return { ok: true, query: kept.toString().replace(/%2C/g, ','), params: kept };
}
