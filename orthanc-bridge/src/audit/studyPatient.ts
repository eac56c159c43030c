/**
 * The patient a request on a study concerns, for its audit entry, whoever asks: a request refused
 * (no sign-in, no permission, outside the user's scope) is recorded with the patient it aimed at.
 */
import type { FieldCipher } from '../crypto';
import { openPatientId } from '../patients/patientStore';
import type { Queryable } from '../db/pool';

// Only a DICOM UID can name a stored study: anything else is not looked up.
const DICOM_UID = /^\d+(\.\d+)+$/;

/** The DICOM Patient ID of the study's patient; null when the study or its patient is unknown. */
export async function studyPatientId(
  db: Queryable,
  cipher: FieldCipher,
  studyUid: string,
): Promise<string | null> {
  if (studyUid.length > 64 || !DICOM_UID.test(studyUid)) return null;
  const { rows } = await db.query<{ id: string; patient_id: string }>(
    `SELECT p.id::text AS id, p.patient_id FROM study s JOIN patient p ON p.id = s.patient_ref
     WHERE s.study_instance_uid = $1`,
    [studyUid],
  );
  const row = rows[0];
  return row ? openPatientId(cipher, { id: row.id, patientId: row.patient_id }) : null;
}
