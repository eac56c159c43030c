import type { Queryable } from './pool';

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

export async function upsertStudy(db: Queryable, study: StudyInput): Promise<void> {
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
      study.accessionNumber,
      study.studyDate,
      study.description,
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

export async function findStudy(db: Queryable, studyInstanceUid: string): Promise<StudyRecord | undefined> {
  const { rows } = await db.query<StudyRow>(
    `SELECT study_instance_uid, orthanc_id, accession_number, study_date::text AS study_date, description, modalities, views
     FROM study WHERE study_instance_uid = $1`,
    [studyInstanceUid],
  );
  const row = rows[0];
  return (
    row && {
      studyInstanceUid: row.study_instance_uid,
      orthancId: row.orthanc_id,
      accessionNumber: row.accession_number,
      studyDate: row.study_date,
      description: row.description,
      modalities: row.modalities,
      views: row.views,
    }
  );
}
