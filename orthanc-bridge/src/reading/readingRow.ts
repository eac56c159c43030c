import type { ReaderRef } from '../users/readerStore';

/** What a validation and a revision both record: a reader's reading of one analysis of a study. */
export interface Reading {
  readonly id: string;
  readonly studyInstanceUid: string;
  readonly analysisId: string;
  readonly analysisRevision: number;
  readonly reader: ReaderRef;
  readonly createdAt: Date;
}

/** The columns reading_validation and reading_revision share, with the reader joined in by withReader. */
export interface ReadingRow {
  id: string;
  study_instance_uid: string;
  analysis_id: string;
  analysis_revision: number;
  reader_login: string;
  reader_display_name: string;
  created_at: Date;
}

export function toReading(row: ReadingRow): Reading {
  return {
    id: row.id,
    studyInstanceUid: row.study_instance_uid,
    analysisId: row.analysis_id,
    analysisRevision: row.analysis_revision,
    reader: { login: row.reader_login, displayName: row.reader_display_name },
    createdAt: row.created_at,
  };
}

/** The rows of `from` (a reading table, or a CTE of its rows) as `v`, with their reader's login and name. */
export const withReader = (from: string): string =>
  `SELECT v.*, r.login AS reader_login, r.display_name AS reader_display_name
   FROM ${from} v JOIN user_account r ON r.id = v.reader_id`;
