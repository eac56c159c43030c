import type { BiradsCategory } from '@sentinelle/reporting';
import type { Queryable } from '../db/pool';
import { toReading, withReader, type Reading, type ReadingRow } from './readingRow';

export const VALIDATION_VERDICTS = ['agree', 'disagree'] as const;
export type ValidationVerdict = (typeof VALIDATION_VERDICTS)[number];

/** A reader's verdict on one AI lesion, named `<SOP Instance UID>:<lesion id>`. */
export interface LesionVerdict {
  readonly lesionKey: string;
  readonly agree: boolean;
}

/** A reader's validation of the AI results of a study (rows are never changed). */
export interface Validation extends Reading {
  readonly overall: ValidationVerdict;
  readonly birads: BiradsCategory | null;
  readonly lesions: readonly LesionVerdict[];
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

interface ValidationRow extends ReadingRow {
  overall: ValidationVerdict;
  birads: BiradsCategory | null;
  lesions: LesionVerdict[];
}

function toValidation(row: ValidationRow): Validation {
  return { ...toReading(row), overall: row.overall, birads: row.birads, lesions: row.lesions };
}

export async function insertValidation(db: Queryable, v: NewValidation): Promise<Validation> {
  const { rows } = await db.query<ValidationRow>(
    `WITH inserted AS (
       INSERT INTO reading_validation (study_instance_uid, analysis_id, analysis_revision, reader_id, overall, birads, lesions)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
     ${withReader('inserted')}`,
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
    `${withReader('reading_validation')} WHERE v.study_instance_uid = $1 ORDER BY v.created_at DESC, v.id DESC`,
    [studyInstanceUid],
  );
  return rows.map(toValidation);
}
