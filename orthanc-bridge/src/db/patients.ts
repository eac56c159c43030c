/**
 * The one module that reads and writes patient data (protected health information). Name and
 * birth date are sealed (src/crypto) before they reach the table: the database holds ciphertext.
 */
import type { FieldCipher } from '../crypto';
import type { Queryable } from './pool';
import type { SealedTable } from './resealTables';

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

type SealedColumn = 'name' | 'birth_date';

/**
 * Where a sealed value of the patient lives: its column and the patient's (issuer, PatientID). Not
 * the row id, which an upsert learns only after writing; the natural key is as stable (unique, never
 * changed) and known beforehand. A name moved to another patient's row does not open.
 */
function context(column: SealedColumn, patientId: string, issuer: string): string {
  return `patient.${column}:${JSON.stringify([issuer, patientId])}`;
}

/** The sealed columns of `patient`, for a key rotation. */
export const PATIENT_SEALED: SealedTable<SealedColumn, 'patient_id' | 'issuer'> = {
  table: 'patient',
  keyColumns: ['patient_id', 'issuer'],
  sealedColumns: ['name', 'birth_date'],
  context: (column, row) => context(column, row.patient_id, row.issuer),
};

/**
 * Records a patient's demographics when the bridge first takes in their images; returns its row id
 * and urgent flag. Demographics already recorded are kept: later images only fill what is missing
 * (intake records their disagreement, see changes/patientIdentity.ts), and only a physician's
 * decision replaces them (replacePatientDemographics).
 */
export async function upsertPatient(
  db: Queryable,
  cipher: FieldCipher,
  patient: PatientDemographics,
): Promise<PatientRef> {
  const seal = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.seal(value, context(column, patient.patientId, patient.issuer));
  const { rows } = await db.query<{ id: string; urgent: boolean }>(
    `INSERT INTO patient (patient_id, issuer, name, birth_date, sex) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (patient_id, issuer) DO UPDATE SET
       name = COALESCE(patient.name, EXCLUDED.name), birth_date = COALESCE(patient.birth_date, EXCLUDED.birth_date),
       sex = COALESCE(patient.sex, EXCLUDED.sex), updated_at = now()
     RETURNING id, urgent`,
    [
      patient.patientId,
      patient.issuer,
      seal(patient.name, 'name'),
      seal(patient.birthDate, 'birth_date'),
      patient.sex,
    ],
  );
  return rows[0]!;
}

/** Replaces a patient's demographics (a physician accepted the identity newer images carry). */
export async function replacePatientDemographics(
  db: Queryable,
  cipher: FieldCipher,
  patient: PatientDemographics,
): Promise<boolean> {
  const seal = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.seal(value, context(column, patient.patientId, patient.issuer));
  const { rowCount } = await db.query(
    `UPDATE patient SET name = $3, birth_date = $4, sex = $5, updated_at = now()
     WHERE patient_id = $1 AND issuer = $2`,
    [
      patient.patientId,
      patient.issuer,
      seal(patient.name, 'name'),
      seal(patient.birthDate, 'birth_date'),
      patient.sex,
    ],
  );
  return rowCount === 1;
}

/** A patient's demographics, opened; undefined when no such patient is recorded. */
export async function findPatient(
  db: Queryable,
  cipher: FieldCipher,
  patientId: string,
  issuer: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<(PatientDemographics & PatientRef) | undefined> {
  const { rows } = await db.query<{
    id: string;
    urgent: boolean;
    name: string | null;
    birth_date: string | null;
    sex: string | null;
  }>(
    `SELECT id, urgent, name, birth_date, sex FROM patient WHERE patient_id = $1 AND issuer = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [patientId, issuer],
  );
  const row = rows[0];
  const open = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.open(value, context(column, patientId, issuer));
  return (
    row && {
      id: row.id,
      urgent: row.urgent,
      patientId,
      issuer,
      name: open(row.name, 'name'),
      birthDate: open(row.birth_date, 'birth_date'),
      sex: row.sex,
    }
  );
}

/**
 * Flags a patient urgent (or not). Only intake creates a patient (with the site of the institution
 * that sent the images): flagging one the bridge does not hold changes nothing and returns
 * undefined, else the patient's row id.
 */
export async function setPatientUrgent(
  db: Queryable,
  patientId: string,
  issuer: string,
  urgent: boolean,
): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE patient SET urgent = $3, updated_at = now() WHERE patient_id = $1 AND issuer = $2 RETURNING id`,
    [patientId, issuer, urgent],
  );
  return rows[0]?.id;
}
