/**
 * Which patients an account sees: those of its site (and, for a patient of a care team, only
 * members of that team), plus the cases shared with it. Every query of patient data goes through
 * `scopeCondition`, so the rule is written once.
 */
import type { FieldCipher } from '../crypto';
import { openPatientId, patientIdHashes, type PatientKey } from '../patients/patientStore';
import type { Queryable } from '../db/pool';

export interface PatientScope {
  readonly userId: string;
  readonly site: string;
  readonly careTeams: readonly string[];
}

/**
 * SQL condition on the patient row aliased `alias`, with its parameters numbered from
 * `firstParam`: append `params` to the query's.
 */
export function scopeCondition(
  scope: PatientScope,
  alias: string,
  firstParam: number,
): { sql: string; params: unknown[] } {
  const [site, teams, user] = [firstParam, firstParam + 1, firstParam + 2].map((n) => `$${n}`);
  return {
    sql: `((${alias}.site = ${site} AND (${alias}.care_team IS NULL OR ${alias}.care_team = ANY (${teams}::text[])))
      OR EXISTS (SELECT 1 FROM patient_share ps WHERE ps.patient_ref = ${alias}.id AND ps.user_id = ${user}))`,
    params: [scope.site, [...scope.careTeams], scope.userId],
  };
}

/**
 * Where a study stands for an account: `visible` (its patient is in scope), `hidden` (its patient
 * is not), `no-patient` (the bridge keeps no patient for it: not a mammography), `unknown` (not
 * received yet). Only `visible` opens the images: access to Orthanc fails closed.
 */
export type StudyAccess =
  | { readonly status: 'visible'; readonly patientId: string }
  | { readonly status: 'hidden' | 'no-patient' | 'unknown' };

export async function studyAccess(
  db: Queryable,
  cipher: FieldCipher,
  scope: PatientScope,
  studyUid: string,
): Promise<StudyAccess> {
  const condition = scopeCondition(scope, 'p', 2);
  const { rows } = await db.query<{ id: string | null; patient_id: string | null; visible: boolean | null }>(
    `SELECT p.id::text AS id, p.patient_id, ${condition.sql} AS visible
     FROM study s LEFT JOIN patient p ON p.id = s.patient_ref
     WHERE s.study_instance_uid = $1`,
    [studyUid, ...condition.params],
  );
  const row = rows[0];
  if (!row) return { status: 'unknown' };
  if (row.id === null || row.patient_id === null) return { status: 'no-patient' };
  // Only a patient in scope is opened: the others' PatientID is not the caller's to learn.
  return row.visible
    ? { status: 'visible', patientId: openPatientId(cipher, { id: row.id, patientId: row.patient_id }) }
    : { status: 'hidden' };
}

/** Of these studies, those the account may see. */
export async function visibleStudies(
  db: Queryable,
  scope: PatientScope,
  studyUids: readonly string[],
): Promise<Set<string>> {
  if (studyUids.length === 0) return new Set();
  const condition = scopeCondition(scope, 'p', 2);
  const { rows } = await db.query<{ study_instance_uid: string }>(
    `SELECT s.study_instance_uid FROM study s JOIN patient p ON p.id = s.patient_ref
     WHERE s.study_instance_uid = ANY ($1::text[]) AND ${condition.sql}`,
    [[...new Set(studyUids)], ...condition.params],
  );
  return new Set(rows.map((r) => r.study_instance_uid));
}

/** Shares the study's patient with an account outside its scope (a consultation, say). */
export async function shareStudyPatient(
  db: Queryable,
  share: {
    readonly studyUid: string;
    readonly userId: string;
    readonly sharedBy: string;
    readonly reason: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO patient_share (patient_ref, user_id, shared_by, reason)
     SELECT s.patient_ref, $2, $3, $4 FROM study s WHERE s.study_instance_uid = $1 AND s.patient_ref IS NOT NULL
     ON CONFLICT (patient_ref, user_id) DO NOTHING`,
    [share.studyUid, share.userId, share.sharedBy, share.reason],
  );
}

/** Whether the account sees the patient; `known: false` when no study of theirs was taken in. */
export async function patientAccess(
  db: Queryable,
  cipher: FieldCipher,
  scope: PatientScope,
  patient: PatientKey,
): Promise<{ readonly known: boolean; readonly visible: boolean }> {
  const condition = scopeCondition(scope, 'p', 2);
  const { rows } = await db.query<{ visible: boolean }>(
    `SELECT ${condition.sql} AS visible FROM patient p WHERE p.patient_id_hash = ANY ($1::text[])`,
    [patientIdHashes(cipher.keyring, patient), ...condition.params],
  );
  return { known: rows.length > 0, visible: rows[0]?.visible === true };
}

/** Places a patient not yet placed in a site: the site of the institution that sent the images (intake only). */
export async function assignPatientSite(
  db: Queryable,
  cipher: FieldCipher,
  patient: PatientKey,
  site: string,
): Promise<void> {
  await db.query('UPDATE patient SET site = $2 WHERE patient_id_hash = ANY ($1::text[]) AND site IS NULL', [
    patientIdHashes(cipher.keyring, patient),
    site,
  ]);
}

/**
 * Puts a patient in a care team (only its members of the site then see them), or none (the whole
 * site sees them); false when the patient is unknown.
 */
export async function setPatientCareTeam(
  db: Queryable,
  cipher: FieldCipher,
  patient: PatientKey,
  careTeam: string | null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE patient SET care_team = $2 WHERE patient_id_hash = ANY ($1::text[])',
    [patientIdHashes(cipher.keyring, patient), careTeam],
  );
  return rowCount === 1;
}
