/**
 * The study table. The accession number, date and description identify an exam, and with it a
 * patient: they are sealed (src/crypto) like the patient's name (migration 011); the other columns
 * (UIDs, modalities, views) are not personal data.
 */
import type { FieldCipher } from '../crypto';
import type { Queryable } from '../db/pool';
import type { SealedTable } from '../db/sealedColumns';

export interface StudyRecord {
  readonly studyInstanceUid: string;
  readonly orthancId: string;
  readonly accessionNumber: string | null;
  /** ISO date (YYYY-MM-DD), null when the DICOM StudyDate was absent or invalid. */
  readonly studyDate: string | null;
  readonly description: string | null;
  readonly modalities: readonly string[];
  /** Mammography views present: RCC, LCC, RMLO, LMLO, ... */
  readonly views: readonly string[];
}

export interface StudyInput extends StudyRecord {
  /** Row id of the patient, or null for a study Sentinelle does not analyse. */
  readonly patientRef: string | null;
}

export type SealedColumn = 'accession_number' | 'study_date' | 'description';

/** A sealed value of a study is bound to its column and the study's UID (unique, never changed). */
function context(column: SealedColumn, studyInstanceUid: string): string {
  return `study.${column}:${studyInstanceUid}`;
}

/** The sealed columns of `study`, for a key rotation. */
export const STUDY_SEALED: SealedTable<SealedColumn, 'study_instance_uid'> = {
  table: 'study',
  keyColumns: ['study_instance_uid'],
  sealedColumns: ['accession_number', 'study_date', 'description'],
  context: (column, row) => context(column, row.study_instance_uid),
};

export async function upsertStudy(db: Queryable, cipher: FieldCipher, study: StudyInput): Promise<void> {
  const seal = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.seal(value, context(column, study.studyInstanceUid));
  await db.query(
    `INSERT INTO study (study_instance_uid, orthanc_id, patient_ref, accession_number, study_date, description, modalities, views)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (study_instance_uid) DO UPDATE SET
       orthanc_id = EXCLUDED.orthanc_id, patient_ref = COALESCE(EXCLUDED.patient_ref, study.patient_ref),
       accession_number = EXCLUDED.accession_number, study_date = EXCLUDED.study_date,
       description = EXCLUDED.description, modalities = EXCLUDED.modalities, views = EXCLUDED.views,
       updated_at = now()`,
    [
      study.studyInstanceUid,
      study.orthancId,
      study.patientRef,
      seal(study.accessionNumber, 'accession_number'),
      seal(study.studyDate, 'study_date'),
      seal(study.description, 'description'),
      study.modalities,
      study.views,
    ],
  );
}

interface StudyRow {
  study_instance_uid: string;
  orthanc_id: string;
  accession_number: string | null;
  study_date: string | null;
  description: string | null;
  modalities: string[];
  views: string[];
}

function open(cipher: FieldCipher, column: SealedColumn, studyInstanceUid: string, sealed: string | null) {
  return sealed === null ? null : cipher.open(sealed, context(column, studyInstanceUid));
}

/** A sealed value of the study, opened: for lists that read the columns beside others (the worklist). */
export function openStudyValue(
  cipher: FieldCipher,
  column: SealedColumn,
  studyInstanceUid: string,
  sealed: string | null,
): string | null {
  return open(cipher, column, studyInstanceUid, sealed);
}

/** The study's date, opened: for lists that read the column beside others (the worklist). */
export function openStudyDate(
  cipher: FieldCipher,
  studyInstanceUid: string,
  sealed: string | null,
): string | null {
  return open(cipher, 'study_date', studyInstanceUid, sealed);
}

export async function findStudy(
  db: Queryable,
  cipher: FieldCipher,
  studyInstanceUid: string,
): Promise<StudyRecord | undefined> {
  const { rows } = await db.query<StudyRow>(
    `SELECT study_instance_uid, orthanc_id, accession_number, study_date, description, modalities, views
     FROM study WHERE study_instance_uid = $1`,
    [studyInstanceUid],
  );
  const row = rows[0];
  return (
    row && {
      studyInstanceUid: row.study_instance_uid,
      orthancId: row.orthanc_id,
      accessionNumber: open(cipher, 'accession_number', studyInstanceUid, row.accession_number),
      studyDate: open(cipher, 'study_date', studyInstanceUid, row.study_date),
      description: open(cipher, 'description', studyInstanceUid, row.description),
      modalities: row.modalities,
      views: row.views,
    }
  );
}
