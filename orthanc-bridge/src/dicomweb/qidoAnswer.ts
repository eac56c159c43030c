/**
 * A QIDO-RS answer, kept to what the user may see: each match's study must be in their scope, and
 * under a study or series path, be that study and series (whatever Orthanc made of the query).
 */
import type { PatientScope } from '../auth/patientScope';
import { visibleStudies } from '../auth/patientScope';
import type { Queryable } from '../db/pool';
import { HttpError } from '../http/errors';
import type { PathUids } from './dicomWebPath';

/** A QIDO answer is filtered in memory: more than this is refused rather than buffered. */
const MAX_QIDO_BYTES = 32 * 1024 * 1024;
const STUDY_INSTANCE_UID = '0020000D';
const SERIES_INSTANCE_UID = '0020000E';

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

function uidOf(dataset: DicomJson, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
}

async function readAnswer(upstream: globalThis.Response): Promise<DicomJson[]> {
  const tooMany = () => new HttpError(413, 'narrow the search: too many results');
  if (Number(upstream.headers.get('content-length') ?? 0) > MAX_QIDO_BYTES) throw tooMany();
  const text = await upstream.text();
  if (text.length > MAX_QIDO_BYTES) throw tooMany();
  if (!text.trim()) return [];
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed)
    ? parsed.filter((m): m is DicomJson => typeof m === 'object' && m !== null && !Array.isArray(m))
    : [];
}

/** The matches of Orthanc's answer the user may see. */
export async function visibleMatches(
  db: Queryable,
  scope: PatientScope,
  path: PathUids,
  upstream: globalThis.Response,
): Promise<DicomJson[]> {
  const matches = (await readAnswer(upstream)).filter(
    (m) =>
      (!path.studyUid || uidOf(m, STUDY_INSTANCE_UID) === path.studyUid) &&
      (!path.seriesUid || uidOf(m, SERIES_INSTANCE_UID) === path.seriesUid),
  );
  const visible = await visibleStudies(
    db,
    scope,
    matches.map((m) => uidOf(m, STUDY_INSTANCE_UID)).filter((uid): uid is string => uid !== undefined),
  );
  return matches.filter((m) => visible.has(uidOf(m, STUDY_INSTANCE_UID) ?? ''));
}
