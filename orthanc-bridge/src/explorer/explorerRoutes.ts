/**
 * The part of Orthanc's REST API that Orthanc Explorer needs to run the archive (Orthanc 1.10's
 * explorer.js), read from the raw request target: static files, the resource tree and its tags,
 * jobs, modalities, deleting and protecting. Downloads of images or files (file, archive, media,
 * preview, attachments' data, pdf), anonymize/modify, uploads, scripts and lookups are not offered
 * through the bridge: each of them reveals or changes a patient's identity. A path with encoded,
 * backslash, dot or empty segments is refused before anything else.
 */
import { rawPathOf, rawQueryOf } from '../dicomweb/dicomWebPath';

const EXPLORER_PREFIX = '/orthanc';

/** What the relay must check of a write's body before it sends one it built itself. */
export type ExplorerBody = 'none' | 'find' | 'store' | 'protected';

export interface ExplorerRoute {
  /** Validated segments below /orthanc: the upstream path is built from these. */
  readonly segments: readonly string[];
  /** The query, re-serialised. */
  readonly query: string;
  readonly body: ExplorerBody;
}

export type ExplorerVerdict =
  | { readonly ok: true; readonly route: ExplorerRoute }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

const ORTHANC_ID = /^[0-9a-f]{8}(-[0-9a-f]{8}){4}$/;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const STATIC_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const LEVELS = new Set(['patients', 'studies', 'series', 'instances']);
const CHILDREN: Readonly<Record<string, string>> = {
  patients: 'studies',
  studies: 'series',
  series: 'instances',
};
const INSTANCE_JSON = new Set(['tags', 'header', 'metadata', 'frames']);
const JOB_ACTIONS = new Set(['cancel', 'pause', 'resume', 'resubmit']);
/** Listing options of Orthanc's resource routes, and jQuery's cache buster `_`. */
const QUERY_KEYS = new Set(['expand', 'since', 'limit', 'full', 'short', 'simplify', '_']);
const QUERY_VALUE = /^[0-9A-Za-z_-]{0,32}$/;

const refuse = (status: 400 | 404, reason: string): ExplorerVerdict => ({ ok: false, status, reason });

/** Which body a method on these segments takes, or undefined when the route is not offered. */
function bodyOf(method: string, s: readonly string[]): ExplorerBody | undefined {
  const [a, b, c] = s;
  const n = s.length;
  if (method === 'GET' || method === 'HEAD') {
    if (n === 0) return 'none';
    if (a === 'app')
      return n >= 2 && n <= 4 && s.slice(1).every((x) => STATIC_FILE.test(x)) ? 'none' : undefined;
    if (n === 1 && ['system', 'statistics', 'plugins', 'jobs', 'modalities', 'peers'].includes(a!))
      return 'none';
    if (n === 1 && LEVELS.has(a!)) return 'none';
    if (n === 2 && a === 'plugins' && (b === 'explorer.js' || NAME.test(b!))) return 'none';
    if (n === 2 && a === 'jobs' && JOB_ID.test(b!)) return 'none';
    if (!LEVELS.has(a!) || !ORTHANC_ID.test(b ?? '')) return undefined;
    if (n === 2) return 'none';
    if (n === 3 && (c === CHILDREN[a!] || c === 'attachments')) return 'none';
    if (n === 3 && a === 'patients' && c === 'protected') return 'none';
    if (n === 3 && a === 'instances' && INSTANCE_JSON.has(c!)) return 'none';
    return undefined;
  }
  if (method === 'POST') {
    if (n === 2 && a === 'tools' && b === 'find') return 'find';
    if (n === 3 && a === 'modalities' && NAME.test(b!) && c === 'echo') return 'none';
    if (n === 3 && (a === 'modalities' || a === 'peers') && NAME.test(b!) && c === 'store') return 'store';
    if (n === 3 && a === 'jobs' && JOB_ID.test(b!) && JOB_ACTIONS.has(c!)) return 'none';
    return undefined;
  }
  if (method === 'PUT' && n === 3 && a === 'patients' && ORTHANC_ID.test(b!) && c === 'protected')
    return 'protected';
  if (method === 'DELETE' && n === 2 && LEVELS.has(a!) && ORTHANC_ID.test(b!)) return 'none';
  return undefined;
}

/** The Orthanc route of a raw request target under /orthanc (req.originalUrl), or why it is refused. */
export function parseExplorerPath(originalUrl: string, method: string): ExplorerVerdict {
  const raw = rawPathOf(originalUrl);
  if (raw !== EXPLORER_PREFIX && !raw.startsWith(`${EXPLORER_PREFIX}/`))
    return refuse(404, 'no such Orthanc Explorer resource');
  const path = raw.slice(EXPLORER_PREFIX.length + 1);
  if (!/^[A-Za-z0-9/._-]*$/.test(path))
    return refuse(400, 'an Orthanc path holds no encoded or special characters');
  const segments = path === '' ? [] : path.split('/');
  if (segments.some((s) => s === '' || s.startsWith('.')))
    return refuse(400, 'an Orthanc path has no empty or dot segments');
  const body = bodyOf(method, segments);
  if (!body) return refuse(404, 'not offered through Sentinelle’s Orthanc Explorer');
  const kept: string[] = [];
  for (const [key, value] of new URLSearchParams(rawQueryOf(originalUrl))) {
    if (!QUERY_KEYS.has(key) || !QUERY_VALUE.test(value))
      return refuse(400, `${JSON.stringify(key.slice(0, 32))} is not an option Orthanc Explorer sends`);
    // A bare flag (`expand`) stays bare, as Orthanc Explorer writes it.
    kept.push(value === '' ? key : `${key}=${value}`);
  }
  return { ok: true, route: { segments, query: kept.join('&'), body } };
}
