/**
 * Identity conflicts (migration 009): images whose demographics disagree with their patient's
 * recorded ones. The demographics the images carry are PHI, sealed like the patient's own; the
 * patient's current identity is read through patientStore.ts.
 */
import type { FieldCipher } from '../crypto';
import { scopeCondition, type PatientScope } from '../auth/patientScope';
import { openPatientId, type PatientDemographics } from './patientStore';
import type { Queryable } from '../db/pool';
import type { SealedTable } from '../db/sealedColumns';

type SealedColumn = 'name' | 'birth_date';

export type IdentityConflictStatus = 'open' | 'accepted' | 'kept';
export type IdentityDecision = 'accept' | 'keep';

export interface IdentityConflict {
  readonly id: string;
  readonly patientRef: string;
  /** DICOM PatientID and issuer of the patient. */
  readonly patientId: string;
  readonly issuer: string;
  readonly studyInstanceUid: string;
  /** What the study's images say. */
  readonly incoming: Pick<PatientDemographics, 'name' | 'birthDate' | 'sex'>;
  readonly status: IdentityConflictStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly createdAt: Date;
}

function context(column: SealedColumn, id: string): string {
  return `patient_identity_conflict.${column}:${id}`;
}

/** The sealed columns of `patient_identity_conflict`, for a key rotation. */
export const IDENTITY_CONFLICT_SEALED: SealedTable<SealedColumn, never> = {
  table: 'patient_identity_conflict',
  keyColumns: [],
  sealedColumns: ['name', 'birth_date'],
  context: (column, row) => context(column, row.id),
};

interface ConflictRow {
  id: string;
  patient_ref: string;
  patient_id: string;
  issuer: string;
  study_instance_uid: string;
  name: string | null;
  birth_date: string | null;
  sex: string | null;
  status: IdentityConflictStatus;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}

function toConflict(cipher: FieldCipher, row: ConflictRow): IdentityConflict {
  const open = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.open(value, context(column, row.id));
  return {
    id: row.id,
    patientRef: row.patient_ref,
    patientId: openPatientId(cipher, { id: row.patient_ref, patientId: row.patient_id }),
    issuer: row.issuer,
    studyInstanceUid: row.study_instance_uid,
    incoming: { name: open(row.name, 'name'), birthDate: open(row.birth_date, 'birth_date'), sex: row.sex },
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
  };
}

const SELECT_CONFLICTS = `SELECT c.id::text AS id, c.patient_ref::text AS patient_ref, p.patient_id, p.issuer,
    c.study_instance_uid, c.name, c.birth_date, c.sex, c.status, u.login AS decided_by, c.decided_at, c.created_at
  FROM patient_identity_conflict c JOIN patient p ON p.id = c.patient_ref
    LEFT JOIN user_account u ON u.id = c.decided_by`;

/**
 * Records that the study's images disagree with their patient's identity; once per study (taking
 * the same study in again records nothing). Returns whether a conflict was recorded now.
 */
export async function recordIdentityConflict(
  db: Queryable,
  cipher: FieldCipher,
  conflict: {
    readonly patientRef: string;
    readonly studyInstanceUid: string;
    readonly incoming: Pick<PatientDemographics, 'name' | 'birthDate' | 'sex'>;
  },
): Promise<boolean> {
  // The sealed values' context holds the row id: draw it before the insert.
  const { rows } = await db.query<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence('patient_identity_conflict', 'id'))::text AS id`,
  );
  const { id } = rows[0]!;
  const seal = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.seal(value, context(column, id));
  const { rowCount } = await db.query(
    `INSERT INTO patient_identity_conflict (id, patient_ref, study_instance_uid, name, birth_date, sex)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (patient_ref, study_instance_uid) DO NOTHING`,
    [
      id,
      conflict.patientRef,
      conflict.studyInstanceUid,
      seal(conflict.incoming.name, 'name'),
      seal(conflict.incoming.birthDate, 'birth_date'),
      conflict.incoming.sex,
    ],
  );
  return rowCount === 1;
}

/** The conflicts of the patients in `scope`, open ones first, then the newest. */
export async function listIdentityConflicts(
  db: Queryable,
  cipher: FieldCipher,
  scope: PatientScope,
  status: IdentityConflictStatus | undefined,
): Promise<IdentityConflict[]> {
  const condition = scopeCondition(scope, 'p', 2);
  const { rows } = await db.query<ConflictRow>(
    `${SELECT_CONFLICTS} WHERE ($1::text IS NULL OR c.status = $1) AND ${condition.sql}
     ORDER BY c.status = 'open' DESC, c.created_at DESC, c.id DESC LIMIT 500`,
    [status ?? null, ...condition.params],
  );
  return rows.map((row) => toConflict(cipher, row));
}

/** One conflict of a patient in `scope`, locked for the transaction; undefined when none is. */
export async function findIdentityConflictForUpdate(
  db: Queryable,
  cipher: FieldCipher,
  scope: PatientScope,
  id: string,
): Promise<IdentityConflict | undefined> {
  const condition = scopeCondition(scope, 'p', 2);
  const { rows } = await db.query<ConflictRow>(
    `${SELECT_CONFLICTS} WHERE c.id = $1 AND ${condition.sql} FOR UPDATE OF c`,
    [id, ...condition.params],
  );
  return rows[0] && toConflict(cipher, rows[0]);
}

/** Records the decision on an open conflict; false when it was decided meanwhile. */
export async function markIdentityConflictDecided(
  db: Queryable,
  id: string,
  decision: IdentityDecision,
  deciderId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE patient_identity_conflict SET status = $2, decided_by = $3, decided_at = now()
     WHERE id = $1 AND status = 'open'`,
    [id, decision === 'accept' ? 'accepted' : 'kept', deciderId],
  );
  return rowCount === 1;
}
