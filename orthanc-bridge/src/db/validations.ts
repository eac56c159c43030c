import type { BiradsCategory } from '@sentinelle/reporting';
import type { Queryable } from './pool';
import type { ReaderRef } from './readers';

export const VALIDATION_VERDICTS = ['agree', 'disagree'] as const;
export type ValidationVerdict = (typeof VALIDATION_VERDICTS)[number];

/** A reader's verdict on one AI lesion, named `<SOP Instance UID>:<lesion id>`. */
export interface LesionVerdict {
  readonly lesionKey: string;
  readonly agree: boolean;
}

/** A reader's validation of the AI results of a study (rows are never changed). */
export interface Validation {
  readonly id: string;
  readonly studyInstanceUid: string;
  readonly analysisId: string;
  readonly analysisRevision: number;
  readonly reader: ReaderRef;
  readonly overall: ValidationVerdict;
  readonly birads: BiradsCategory | null;
  readonly lesions: readonly LesionVerdict[];
  readonly createdAt: Date;
}

export interface NewValidation {
  readonly studyInstanceUid: string;
  readonly analysisId: string;
  readonly analysisRevision: number;
  readonly readerId: string;
  readonly overall: ValidationVerdict;
  readonly birads: BiradsCategory | null;
  readonly lesions: readonly LesionVerdict[];
}

interface ValidationRow {
  id: string;
  study_instance_uid: string;
  analysis_id: string;
  analysis_revision: number;
  reader_login: string;
  reader_display_name: string;
  overall: ValidationVerdict;
  birads: BiradsCategory | null;
  lesions: LesionVerdict[];
  created_at: Date;
}

function toValidation(row: ValidationRow): Validation {
  return {
    id: row.id,
    studyInstanceUid: row.study_instance_uid,
    analysisId: row.analysis_id,
    analysisRevision: row.analysis_revision,
    reader: { login: row.reader_login, displayName: row.reader_display_name },
    overall: row.overall,
    birads: row.birads,
    lesions: row.lesions,
    createdAt: row.created_at,
  };
}

const SELECT = `SELECT v.*, r.login AS reader_login, r.display_name AS reader_display_name
  FROM reading_validation v JOIN user_account r ON r.id = v.reader_id`;

export async function insertValidation(db: Queryable, v: NewValidation): Promise<Validation> {
  const { rows } = await db.query<ValidationRow>(
    `WITH inserted AS (
       INSERT INTO reading_validation (study_instance_uid, analysis_id, analysis_revision, reader_id, overall, birads, lesions)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
     SELECT v.*, r.login AS reader_login, r.display_name AS reader_display_name
     FROM inserted v JOIN user_account r ON r.id = v.reader_id`,
    [
      v.studyInstanceUid,
      v.analysisId,
      v.analysisRevision,
      v.readerId,
      v.overall,
      v.birads,
      JSON.stringify(v.lesions),
    ],
  );
  return toValidation(rows[0]!);
}

/** Every validation of a study, the newest first. */
export async function listStudyValidations(db: Queryable, studyInstanceUid: string): Promise<Validation[]> {
  const { rows } = await db.query<ValidationRow>(
    `${SELECT} WHERE v.study_instance_uid = $1 ORDER BY v.created_at DESC, v.id DESC`,
    [studyInstanceUid],
  );
  return rows.map(toValidation);
}
