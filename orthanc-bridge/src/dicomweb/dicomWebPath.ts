/**
 * The DICOMweb route grammar of the relay, read from the raw request target (req.originalUrl,
 * before any decoding): what Orthanc is asked is built from what this returns, never from the
 * request itself. A path with anything a UID, a keyword, a frame list or a bulk data tag does not
 * need (percent-encoding, backslash, dot or empty segments) is refused before any lookup, so that
 * no decoding or normalisation further on can turn it into another resource.
 */
export type Level = 'study' | 'series' | 'instance';

/** What a retrieve asks of its resource. */
export type Retrieve = 'whole' | 'metadata' | 'rendered' | 'thumbnail' | 'frames' | 'bulk';

/** The UIDs a path names, outermost first; each is scope-checked. */
export interface PathUids {
  readonly studyUid?: string;
  readonly seriesUid?: string;
  readonly instanceUid?: string;
}

export type DicomWebRoute = PathUids & {
  /** QIDO-RS (a search), WADO-RS (a retrieve) or STOW-RS (a store). */
  readonly kind: 'search' | 'retrieve' | 'store';
  /** The level searched, retrieved or stored into. */
  readonly level: Level;
  readonly retrieve?: Retrieve;
  /** The path below /dicom-web, as validated segments: the upstream path is built from these. */
  readonly segments: readonly string[];
};

export type PathVerdict =
  | { readonly ok: true; readonly route: DicomWebRoute }
  | { readonly ok: false; readonly status: 400 | 404 | 405; readonly reason: string };

const DICOMWEB_PREFIX = '/dicom-web';
const UID = /^[0-9]{1,64}(\.[0-9]{1,64}){0,63}$/;
const MAX_UID_LENGTH = 64;
/** Only what UIDs, keywords, frame lists and bulk data tags are made of. */
const PATH_CHARACTERS = /^[A-Za-z0-9/.,-]*$/;
const FRAME_LIST = /^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,99}$/;
const BULK_TAG = /^[0-9a-fA-F]{8}$/;
const ITEM_INDEX = /^(0|[1-9][0-9]{0,5})$/;
const RESOURCE_PARTS: Readonly<Record<string, Retrieve>> = {
  metadata: 'metadata',
  rendered: 'rendered',
  thumbnail: 'thumbnail',
};

const refuse = (status: 400 | 404 | 405, reason: string): PathVerdict => ({ ok: false, status, reason });

function isUid(segment: string | undefined): segment is string {
  return segment !== undefined && segment.length <= MAX_UID_LENGTH && UID.test(segment);
}

/** The raw path of a request target (no query string). */
export function rawPathOf(originalUrl: string): string {
  const end = originalUrl.search(/[?#]/);
  return end === -1 ? originalUrl : originalUrl.slice(0, end);
}

/** The raw query string of a request target, without its '?'. */
export function rawQueryOf(originalUrl: string): string {
  const start = originalUrl.indexOf('?');
  if (start === -1) return '';
  const end = originalUrl.indexOf('#', start);
  return originalUrl.slice(start + 1, end === -1 ? undefined : end);
}

/** Below studies/{uid}/series/{uid}/instances/{uid}: frames/{list}[/rendered|thumbnail] or bulk/{tag}[/{item}/{tag}]… */
function instancePart(rest: readonly string[]): Retrieve | undefined {
  const [part, ...more] = rest;
  if (part === undefined) return 'whole';
  if (more.length === 0 && RESOURCE_PARTS[part]) return RESOURCE_PARTS[part];
  if (part === 'frames' && FRAME_LIST.test(more[0] ?? '')) {
    if (more.length === 1) return 'frames';
    if (more.length === 2 && (more[1] === 'rendered' || more[1] === 'thumbnail')) return more[1];
    return undefined;
  }
  // Orthanc writes BulkDataURI as …/bulk/7fe00010 (nested: tag/item/tag/…).
  if (part === 'bulk' && more.length % 2 === 1 && more.length <= 15)
    return more.every((s, i) => (i % 2 === 0 ? BULK_TAG.test(s) : ITEM_INDEX.test(s))) ? 'bulk' : undefined;
  return undefined;
}

/** The route of a path's segments (below /dicom-web), or undefined when the grammar has none. */
function routeOf(segments: readonly string[]): Omit<DicomWebRoute, 'segments'> | undefined {
  const [top, studyUid, below, seriesUid, belowSeries, instanceUid, ...rest] = segments;
  if (segments.length === 1) {
    if (top === 'studies') return { kind: 'search', level: 'study' };
    if (top === 'series') return { kind: 'search', level: 'series' };
    if (top === 'instances') return { kind: 'search', level: 'instance' };
    return undefined;
  }
  if (top !== 'studies' || !isUid(studyUid)) return undefined;
  if (segments.length === 2) return { kind: 'retrieve', level: 'study', retrieve: 'whole', studyUid };
  if (segments.length === 3) {
    if (below === 'series') return { kind: 'search', level: 'series', studyUid };
    if (below === 'instances') return { kind: 'search', level: 'instance', studyUid };
    const retrieve = RESOURCE_PARTS[below!];
    return retrieve ? { kind: 'retrieve', level: 'study', retrieve, studyUid } : undefined;
  }
  if (below !== 'series' || !isUid(seriesUid)) return undefined;
  if (segments.length === 4)
    return { kind: 'retrieve', level: 'series', retrieve: 'whole', studyUid, seriesUid };
  if (segments.length === 5) {
    if (belowSeries === 'instances') return { kind: 'search', level: 'instance', studyUid, seriesUid };
    const retrieve = RESOURCE_PARTS[belowSeries!];
    return retrieve ? { kind: 'retrieve', level: 'series', retrieve, studyUid, seriesUid } : undefined;
  }
  if (belowSeries !== 'instances' || !isUid(instanceUid)) return undefined;
  const retrieve = instancePart(rest);
  return retrieve
    ? { kind: 'retrieve', level: 'instance', retrieve, studyUid, seriesUid, instanceUid }
    : undefined;
}

/**
 * The DICOMweb route of a raw request target (as received: req.originalUrl) and method, or why it
 * is refused: 400 for a path that is not plain (encoded, dotted, empty segments, backslash), 404
 * for a plain path outside the grammar, 405 for a method the route does not take.
 */
export function parseDicomWebPath(originalUrl: string, method: string): PathVerdict {
  const raw = rawPathOf(originalUrl);
  if (raw !== DICOMWEB_PREFIX && !raw.startsWith(`${DICOMWEB_PREFIX}/`))
    return refuse(404, 'no such DICOMweb resource');
  const path = raw.slice(DICOMWEB_PREFIX.length + 1);
  if (path === '') return refuse(404, 'no such DICOMweb resource');
  if (!PATH_CHARACTERS.test(path))
    return refuse(400, 'a DICOMweb path holds only UIDs and keywords: no encoded or special characters');
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s.startsWith('.')))
    return refuse(400, 'a DICOMweb path has no empty or dot segments');
  const route = routeOf(segments);
  if (!route) return refuse(404, 'no such DICOMweb resource');

  const store = route.kind === 'retrieve' && route.retrieve === 'whole' && route.level === 'study';
  if (method === 'POST') {
    // STOW-RS: POST /studies, or POST /studies/{uid} to add to that study.
    if (route.kind === 'search' && route.level === 'study' && !route.studyUid)
      return { ok: true, route: { kind: 'store', level: 'study', segments } };
    if (store)
      return { ok: true, route: { kind: 'store', level: 'study', studyUid: route.studyUid, segments } };
    return refuse(405, 'only studies and studies/{StudyInstanceUID} take a store (STOW-RS)');
  }
  if (method !== 'GET' && method !== 'HEAD')
    return refuse(405, 'DICOMweb through Sentinelle is read and store only');
  return { ok: true, route: { ...route, segments } };
}
