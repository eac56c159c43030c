/**
 * The one module that reads and writes patient data (protected health information). Its columns
 * will be encrypted by a later issue; keeping every access here makes that change local.
 */
import type { Queryable } from './pool';

export interface PatientDemographics {
  /** DICOM PatientID. */
  readonly patientId: string;
  /** DICOM IssuerOfPatientID ('' when absent). */
  readonly issuer: string;
  readonly name: string | null;
  /** DICOM DA as received (YYYYMMDD), not validated. */
  readonly birthDate: string | null;
  readonly sex: string | null;
}

export interface PatientRef {
  readonly id: string;
  readonly urgent: boolean;
}

/** Records (or refreshes) a patient's demographics; returns its row id and urgent flag. */
export async function upsertPatient(db: Queryable, patient: PatientDemographics): Promise<PatientRef> {
  const { rows } = await db.query<{ id: string; urgent: boolean }>(
    `INSERT INTO patient (patient_id, issuer, name, birth_date, sex) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (patient_id, issuer) DO UPDATE SET
       name = EXCLUDED.name, birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, updated_at = now()
     RETURNING id, urgent`,
    [patient.patientId, patient.issuer, patient.name, patient.birthDate, patient.sex],
  );
  return rows[0]!;
}

/**
 * Flags a patient urgent (or not), creating the patient when no study of theirs has arrived yet:
 * a clinician may flag a patient before the images are sent. Returns the patient's row id.
 */
export async function setPatientUrgent(
  db: Queryable,
  patientId: string,
  issuer: string,
  urgent: boolean,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO patient (patient_id, issuer, urgent) VALUES ($1, $2, $3)
     ON CONFLICT (patient_id, issuer) DO UPDATE SET urgent = EXCLUDED.urgent, updated_at = now()
     RETURNING id`,
    [patientId, issuer, urgent],
  );
  return rows[0]!.id;
}
