import type { ReaderFinding } from '@sentinelle/reporting';
import type { Queryable } from '../db/pool';
import { toReading, withReader, type Reading, type ReadingRow } from './readingRow';

/** A reader's revision of a study's AI results: the SR stored in Orthanc and what it holds. */
export interface Revision extends Reading {
  /** 1, 2, 3... per study. */
  readonly revisionNumber: number;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly findings: readonly ReaderFinding[];
}

export interface NewRevision {
  readonly studyInstanceUid: string;
  readonly analysisId: string;
  readonly analysisRevision: number;
  readonly readerId: string;
  readonly revisionNumber: number;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly findings: readonly ReaderFinding[];
  readonly createdAt: Date;
}

interface RevisionRow extends ReadingRow {
  revision_number: number;
  sr_series_instance_uid: string;
  sr_sop_instance_uid: string;
  findings: ReaderFinding[];
}

function toRevision(row: RevisionRow): Revision {
  return {
    ...toReading(row),
    revisionNumber: row.revision_number,
    seriesInstanceUid: row.sr_series_instance_uid,
    sopInstanceUid: row.sr_sop_instance_uid,
    findings: row.findings,
  };
}

/** Any fixed number: the first key of the advisory lock that serialises a study's revisions. */
const REVISION_LOCK = 727_274_002;

/**
 * Holds, until the transaction ends, the lock that numbers a study's revisions: one revision of a
 * study is rendered, stored and recorded at a time. (An advisory lock rather than the study row,
 * so that the change-feed follower is never kept waiting while Orthanc stores the SR.)
 */
export async function lockStudyRevisions(db: Queryable, studyInstanceUid: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REVISION_LOCK, studyInstanceUid]);
}

/** The number the study's next revision gets: 1 for the first. */
export async function nextRevisionNumber(db: Queryable, studyInstanceUid: string): Promise<number> {
  const { rows } = await db.query<{ next: number }>(
    'SELECT COALESCE(MAX(revision_number), 0) + 1 AS next FROM reading_revision WHERE study_instance_uid = $1',
    [studyInstanceUid],
  );
  return rows[0]!.next;
}

export async function insertRevision(db: Queryable, r: NewRevision): Promise<Revision> {
  const { rows } = await db.query<RevisionRow>(
    `WITH inserted AS (
       INSERT INTO reading_revision (study_instance_uid, analysis_id, analysis_revision, reader_id, revision_number,
         sr_series_instance_uid, sr_sop_instance_uid, findings, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
     ${withReader('inserted')}`,
    [
      r.studyInstanceUid,
      r.analysisId,
      r.analysisRevision,
      r.readerId,
      r.revisionNumber,
      r.seriesInstanceUid,
      r.sopInstanceUid,
      JSON.stringify(r.findings),
      r.createdAt,
    ],
  );
  return toRevision(rows[0]!);
}

/** Every revision of a study, the newest (highest number) first. */
export async function listStudyRevisions(db: Queryable, studyInstanceUid: string): Promise<Revision[]> {
  const { rows } = await db.query<RevisionRow>(
    `${withReader('reading_revision')} WHERE v.study_instance_uid = $1 ORDER BY v.revision_number DESC`,
    [studyInstanceUid],
  );
  return rows.map(toRevision);
}
