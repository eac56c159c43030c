/**
 * The one module that reads and writes patient data (protected health information). Name, birth
 * date and PatientID are sealed (src/crypto) before they reach the table: the database holds
 * ciphertext. A patient is found by a keyed hash of (issuer, PatientID) instead (migration 012):
 * `<master key id>:<hex HMAC-SHA-256>` with the master key's 'patient-id' purpose key. A lookup tries
 * the hash under every key of the keyring, so that a patient hashed before a rotation is still
 * found; `npm run keys:rotate` recomputes the hashes under the active key (resealPatients).
 * Callers pass and get the PatientID in clear.
 */
import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { type FieldCipher, isSealed, type Keyring, purposeKey, SealedDataError } from '../crypto';
import { type Queryable, withTransaction } from '../db/pool';
import type { ResealCounts, SealedTable } from '../db/sealedColumns';

/** What identifies a patient: DICOM PatientID and IssuerOfPatientID ('' when absent). */
export interface PatientKey {
  readonly patientId: string;
  readonly issuer: string;
}

export interface PatientDemographics extends PatientKey {
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

/** The sealed PatientID's place: its row (the id is drawn before the insert). */
function patientIdContext(id: string): string {
  return `patient.patient_id:${id}`;
}

/** The keyed hash of a patient's (issuer, PatientID) under master key `keyId` (default: the active one). */
export function patientIdHash(keyring: Keyring, patient: PatientKey, keyId = keyring.activeKeyId): string {
  const key = purposeKey(keyring, 'patient-id', keyId);
  if (!key) throw new SealedDataError(`the keyring holds no master key ${keyId}`);
  const mac = createHmac('sha256', key.key)
    .update(JSON.stringify([patient.issuer, patient.patientId]), 'utf8')
    .digest('hex');
  return `${keyId}:${mac}`;
}

/** The patient's hash under each master key of the keyring: what a lookup matches `patient_id_hash` with. */
export function patientIdHashes(keyring: Keyring, patient: PatientKey): string[] {
  return keyring.keyIds.map((keyId) => patientIdHash(keyring, patient, keyId));
}

/**
 * The PatientID of a patient row in clear, from its id and its sealed `patient_id` (what a query
 * joining `patient` selects as `p.id` and `p.patient_id`).
 */
export function openPatientId(
  cipher: FieldCipher,
  row: { readonly id: string; readonly patientId: string },
): string {
  return cipher.open(row.patientId, patientIdContext(row.id));
}

/**
 * A patient row's identity in clear, from what a query joining `patient` selected (`p.id`,
 * `p.patient_id`, `p.issuer`, `p.name`, `p.birth_date`): for lists that open only the rows they
 * show, after the scope filter (the worklist).
 */
export function openPatientRow(
  cipher: FieldCipher,
  row: {
    readonly id: string;
    readonly patientId: string;
    readonly issuer: string;
    readonly name: string | null;
    readonly birthDate: string | null;
  },
): {
  readonly patientId: string;
  readonly issuer: string;
  readonly name: string | null;
  readonly birthDate: string | null;
} {
  const patientId = openPatientId(cipher, row);
  const open = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.open(value, context(column, patientId, row.issuer));
  return {
    patientId,
    issuer: row.issuer,
    name: open(row.name, 'name'),
    birthDate: open(row.birthDate, 'birth_date'),
  };
}

/**
 * The sealed columns of `patient`, for a key rotation and the count of values per key. Their
 * contexts need the PatientID in clear, which is sealed too: resealPatients opens it first (the
 * row given to `context` holds it in clear).
 */
export const PATIENT_SEALED: SealedTable<'patient_id' | SealedColumn, 'patient_id' | 'issuer'> = {
  table: 'patient',
  keyColumns: ['patient_id', 'issuer'],
  sealedColumns: ['patient_id', 'name', 'birth_date'],
  context: (column, row) =>
    column === 'patient_id' ? patientIdContext(row.id) : context(column, row.patient_id, row.issuer),
  reseal: (pool, cipher, batchSize) => resealPatients(pool, cipher, { batchSize }),
};

/**
 * Refuses to create a patient when some patient could be missed by a lookup: one not hashed yet
 * (stored before migration 012: the bridge hashes them at start), or one hashed under a master key
 * this keyring lacks (the keys were rotated after this process loaded its keyring). Creating the
 * patient then could duplicate theirs. The key ids are read with a loose index scan (a few keys).
 */
async function refuseUnsureLookup(db: Queryable, keyring: Keyring): Promise<void> {
  const { rows } = await db.query<{ unhashed: boolean; key_ids: string[] }>(
    `WITH RECURSIVE k(key_id) AS (
       SELECT min(patient_id_hash_key_id) FROM patient
       UNION ALL
       SELECT (SELECT min(patient_id_hash_key_id) FROM patient WHERE patient_id_hash_key_id > k.key_id)
       FROM k WHERE k.key_id IS NOT NULL
     )
     SELECT EXISTS (SELECT 1 FROM patient WHERE patient_id_hash IS NULL) AS unhashed,
       ARRAY(SELECT key_id FROM k WHERE key_id IS NOT NULL) AS key_ids`,
  );
  const { unhashed, key_ids: keyIds } = rows[0]!;
  if (unhashed)
    throw new Error(
      'patients stored before migration 012 have no PatientID hash yet: restart the bridge, which hashes them; no patient is created meanwhile',
    );
  const unknown = keyIds.filter((keyId) => keyring.key(keyId) === undefined);
  if (unknown.length > 0)
    throw new Error(
      `patients are hashed under master key ${unknown.join(', ')}, which this process's keyring lacks (keys rotated since it started?): restart it; no patient is created meanwhile`,
    );
}

/**
 * Records a patient's demographics when the bridge first takes in their images; returns its row id
 * and urgent flag. Demographics already recorded are kept: later images only fill what is missing
 * (intake records their disagreement, see intake/patientIdentity.ts), and only a physician's
 * decision replaces them (replacePatientDemographics).
 */
export async function upsertPatient(
  db: Queryable,
  cipher: FieldCipher,
  patient: PatientDemographics,
): Promise<PatientRef> {
  const seal = (value: string | null, column: SealedColumn) =>
    value === null ? null : cipher.seal(value, context(column, patient.patientId, patient.issuer));
  const values = [seal(patient.name, 'name'), seal(patient.birthDate, 'birth_date'), patient.sex];
  for (let attempt = 1; ; attempt++) {
    const { rows } = await db.query<PatientRef>(
      `UPDATE patient SET name = COALESCE(name, $2), birth_date = COALESCE(birth_date, $3),
         sex = COALESCE(sex, $4), updated_at = now()
       WHERE patient_id_hash = ANY ($1::text[]) RETURNING id::text AS id, urgent`,
      [patientIdHashes(cipher.keyring, patient), ...values],
    );
    if (rows[0]) return rows[0];
    await refuseUnsureLookup(db, cipher.keyring);
    // The sealed PatientID's context holds the row id: draw it before the insert.
    const drawn = await db.query<{ id: string }>(
      `SELECT nextval(pg_get_serial_sequence('patient', 'id'))::text AS id`,
    );
    const { id } = drawn.rows[0]!;
    const inserted = await db.query<PatientRef>(
      `INSERT INTO patient (id, patient_id, patient_id_hash, issuer, name, birth_date, sex)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (patient_id_hash) DO NOTHING
       RETURNING id::text AS id, urgent`,
      [
        id,
        cipher.seal(patient.patientId, patientIdContext(id)),
        patientIdHash(cipher.keyring, patient),
        patient.issuer,
        ...values,
      ],
    );
    if (inserted.rows[0]) return inserted.rows[0];
    // Another transaction created the patient meanwhile: update theirs (once).
    if (attempt === 2) throw new Error('the patient could be neither created nor found');
  }
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
    `UPDATE patient SET name = $2, birth_date = $3, sex = $4, updated_at = now()
     WHERE patient_id_hash = ANY ($1::text[])`,
    [
      patientIdHashes(cipher.keyring, patient),
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
    `SELECT id::text AS id, urgent, name, birth_date, sex FROM patient
     WHERE patient_id_hash = ANY ($1::text[])${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [patientIdHashes(cipher.keyring, { patientId, issuer })],
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
  cipher: FieldCipher,
  patient: PatientKey,
  urgent: boolean,
): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE patient SET urgent = $2, updated_at = now() WHERE patient_id_hash = ANY ($1::text[])
     RETURNING id::text AS id`,
    [patientIdHashes(cipher.keyring, patient), urgent],
  );
  return rows[0]?.id;
}

/** The StudyInstanceUIDs of the patient's studies (by the patient row's id), oldest first. */
export async function listStudiesOfPatient(db: Queryable, patientRef: string): Promise<string[]> {
  const { rows } = await db.query<{ study_instance_uid: string }>(
    'SELECT study_instance_uid FROM study WHERE patient_ref = $1 ORDER BY study_date NULLS FIRST, study_instance_uid',
    [patientRef],
  );
  return rows.map((row) => row.study_instance_uid);
}

interface PatientResealRow {
  id: string;
  patient_id: string;
  patient_id_hash: string | null;
  issuer: string;
  name: string | null;
  birth_date: string | null;
}

/**
 * Brings the patient rows to the active master key, in batches, each a transaction with its rows
 * locked: the PatientID sealed (a plaintext one from before migration 012) or re-wrapped, its hash
 * recomputed under the active key, the name and birth date sealed or re-wrapped. `unhashedOnly`
 * (the bridge at start): only the rows with no hash yet, whose PatientID it seals and hashes,
 * leaving the rest to keys:rotate.
 */
export async function resealPatients(
  pool: Pool,
  cipher: FieldCipher,
  options: { readonly batchSize?: number; readonly unhashedOnly?: boolean } = {},
): Promise<ResealCounts & { readonly rehashed: number }> {
  const { batchSize = 500, unhashedOnly = false } = options;
  const active = cipher.activeKeyId;
  const pending = unhashedOnly
    ? 'patient_id_hash IS NULL'
    : `(patient_id_hash_key_id IS DISTINCT FROM $3 OR patient_id_key_id IS DISTINCT FROM $3
        OR (name IS NOT NULL AND name_key_id IS DISTINCT FROM $3)
        OR (birth_date IS NOT NULL AND birth_date_key_id IS DISTINCT FROM $3))`;
  let rewrapped = 0;
  let sealed = 0;
  let rehashed = 0;
  // A value sealed (plaintext), re-wrapped (under another key) or kept (under the active key).
  const reseal = (value: string, valueContext: string) => {
    if (!isSealed(value)) {
      sealed++;
      return cipher.seal(value, valueContext);
    }
    if (unhashedOnly || cipher.keyIdOf(value) === active) return value;
    rewrapped++;
    return cipher.rewrap(value);
  };
  let after = '0';
  for (;;) {
    const done = await withTransaction(pool, async (db) => {
      const { rows } = await db.query<PatientResealRow>(
        `SELECT id::text AS id, patient_id, patient_id_hash, issuer, name, birth_date FROM patient
         WHERE id > $1 AND ${pending} ORDER BY id LIMIT $2 FOR UPDATE`,
        unhashedOnly ? [after, batchSize] : [after, batchSize, active],
      );
      if (rows.length === 0) return true;
      const updates = rows.map((row) => {
        try {
          const patientId = isSealed(row.patient_id)
            ? cipher.open(row.patient_id, patientIdContext(row.id))
            : row.patient_id;
          const hash = patientIdHash(cipher.keyring, { patientId, issuer: row.issuer });
          if (hash !== row.patient_id_hash) rehashed++;
          const column = (value: string | null, name: SealedColumn) =>
            value === null || unhashedOnly ? value : reseal(value, context(name, patientId, row.issuer));
          return [
            row.id,
            reseal(row.patient_id, patientIdContext(row.id)),
            hash,
            column(row.name, 'name'),
            column(row.birth_date, 'birth_date'),
          ];
        } catch (error) {
          throw new Error(`patient of row ${row.id}: ${(error as Error).message}`, { cause: error });
        }
      });
      await db.query(
        `UPDATE patient AS t SET patient_id = v.patient_id, patient_id_hash = v.patient_id_hash,
           name = v.name, birth_date = v.birth_date
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
           AS v(id, patient_id, patient_id_hash, name, birth_date)
         WHERE t.id = v.id`,
        [0, 1, 2, 3, 4].map((i) => updates.map((u) => u[i])),
      );
      after = rows.at(-1)!.id;
      return rows.length < batchSize;
    });
    if (done) return { table: 'patient', rewrapped, sealed, rehashed };
  }
}
