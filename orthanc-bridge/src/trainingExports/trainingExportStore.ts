/**
 * The one module that reads and writes training exports (migration 014): the bridge records what
 * was asked and the cases taken; the worker marks the export running, then released, failed
 * verification or failed, with its verification report and provenance (pseudonyms only).
 */
import type { PoolClient } from 'pg';
import { scopeCondition, type PatientScope } from '../auth/patientScope';
import type { Queryable } from '../db/pool';
import { trainingCaseSchema, type TrainingCase, type TrainingExportState } from './queueContract';

/** What the physician-admin asked, as stored. */
export interface TrainingExportCriteria {
  readonly from: string;
  readonly to: string;
  readonly assessments: readonly string[];
  readonly project: string;
  readonly retainDeviceIdentity: boolean;
  /** Attributes (eight hex digits) the de-identification keeps verbatim; the verification still checks them. */
  readonly keepAttributes: readonly string[];
}

export interface TrainingExport {
  readonly id: string;
  readonly project: string;
  readonly state: TrainingExportState;
  readonly criteria: TrainingExportCriteria;
  readonly requestedBy: { readonly login: string; readonly displayName: string };
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly reasons: readonly string[];
  readonly verification: unknown;
  readonly provenance: unknown;
  readonly cases: number;
  readonly images: number | null;
  readonly location: string | null;
}

interface ExportRow {
  id: string;
  project: string;
  state: TrainingExportState;
  criteria: TrainingExportCriteria;
  requester_login: string;
  requester_display_name: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  reasons: string[];
  verification: unknown;
  provenance: unknown;
  cases: number;
  images: number | null;
  location: string | null;
}

function toExport(row: ExportRow): TrainingExport {
  return {
    id: row.id,
    project: row.project,
    state: row.state,
    criteria: row.criteria,
    requestedBy: { login: row.requester_login, displayName: row.requester_display_name },
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    reasons: row.reasons,
    verification: row.verification,
    provenance: row.provenance,
    cases: row.cases,
    images: row.images,
    location: row.location,
  };
}

/** Exports (`e`, or a CTE named e) with their requester and number of cases. */
const WITH_REQUESTER = (from: string) =>
  `SELECT e.id::text AS id, e.project, e.state, e.criteria, u.login AS requester_login,
      u.display_name AS requester_display_name, e.created_at, e.started_at, e.finished_at, e.reasons,
      e.verification, e.provenance, e.images, e.location,
      (SELECT count(*)::int FROM training_export_case c WHERE c.export_id = e.id) AS cases
   FROM ${from} e JOIN user_account u ON u.id = e.requested_by`;

export interface NewTrainingExport {
  readonly id: string;
  readonly criteria: TrainingExportCriteria;
  readonly requestedBy: string;
  readonly cases: readonly TrainingCase[];
}

/** Records an export and its cases (in the caller's transaction). */
export async function insertTrainingExport(db: PoolClient, e: NewTrainingExport): Promise<void> {
  await db.query(
    `INSERT INTO training_export (id, project, criteria, requested_by) VALUES ($1, $2, $3, $4)`,
    [e.id, e.criteria.project, JSON.stringify(e.criteria), e.requestedBy],
  );
  for (const [i, c] of e.cases.entries())
    await db.query(
      `INSERT INTO training_export_case (export_id, position, study_instance_uid, spec) VALUES ($1, $2, $3, $4)`,
      [e.id, i + 1, c.studyInstanceUid, JSON.stringify(c)],
    );
}

/**
 * SQL condition on export `e`: every patient it takes is in the scope (an export mixing patients of
 * another site is not this account's to see). Parameters numbered from `firstParam`.
 */
function wholeExportInScope(scope: PatientScope, firstParam: number) {
  const condition = scopeCondition(scope, 'p', firstParam);
  return {
    sql: `NOT EXISTS (SELECT 1 FROM training_export_case c
        JOIN study s ON s.study_instance_uid = c.study_instance_uid
        LEFT JOIN patient p ON p.id = s.patient_ref
       WHERE c.export_id = e.id AND NOT COALESCE(${condition.sql}, false))`,
    params: condition.params,
  };
}

/** The exports the account may see, the newest first. */
export async function listTrainingExports(
  db: Queryable,
  scope: PatientScope,
  limit = 200,
): Promise<TrainingExport[]> {
  const inScope = wholeExportInScope(scope, 2);
  const { rows } = await db.query<ExportRow>(
    `${WITH_REQUESTER('training_export')} WHERE ${inScope.sql} ORDER BY e.created_at DESC, e.id LIMIT $1`,
    [limit, ...inScope.params],
  );
  return rows.map(toExport);
}

/** An export: `hidden` when it takes a patient outside the account's scope. */
export async function findTrainingExport(
  db: Queryable,
  scope: PatientScope,
  id: string,
): Promise<{ status: 'visible'; export: TrainingExport } | { status: 'hidden' | 'unknown' }> {
  const inScope = wholeExportInScope(scope, 2);
  const { rows } = await db.query<ExportRow & { visible: boolean }>(
    `SELECT x.*, ${inScope.sql.replaceAll('e.id', 'x.id::uuid')} AS visible
       FROM (${WITH_REQUESTER('training_export')} WHERE e.id = $1) x`,
    [id, ...inScope.params],
  );
  const row = rows[0];
  if (!row) return { status: 'unknown' };
  return row.visible ? { status: 'visible', export: toExport(row) } : { status: 'hidden' };
}

/** The worker's view of an export: no scope (it serves every site). */
export async function findTrainingExportForWorker(
  db: Queryable,
  id: string,
): Promise<TrainingExport | undefined> {
  const { rows } = await db.query<ExportRow>(`${WITH_REQUESTER('training_export')} WHERE e.id = $1`, [id]);
  return rows[0] && toExport(rows[0]);
}

/** The export's cases in order, checked against the contract. */
export async function listTrainingExportCases(db: Queryable, id: string): Promise<TrainingCase[]> {
  const { rows } = await db.query<{ spec: unknown }>(
    'SELECT spec FROM training_export_case WHERE export_id = $1 ORDER BY position',
    [id],
  );
  return rows.map((r) => trainingCaseSchema.parse(r.spec));
}

/** The studies (UIDs) of an export: whom it concerns, for patient scope. */
export async function trainingExportStudies(db: Queryable, id: string): Promise<string[]> {
  const { rows } = await db.query<{ study_instance_uid: string }>(
    'SELECT study_instance_uid FROM training_export_case WHERE export_id = $1 ORDER BY position',
    [id],
  );
  return rows.map((r) => r.study_instance_uid);
}

/** queued → running (a retry finds it running already); false when it finished meanwhile. */
export async function markTrainingExportRunning(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE training_export SET state = 'running', started_at = COALESCE(started_at, now())
     WHERE id = $1 AND state IN ('queued', 'running')`,
    [id],
  );
  return rowCount === 1;
}

export interface TrainingExportOutcome {
  readonly id: string;
  readonly state: 'released' | 'failed-verification' | 'failed';
  readonly reasons: readonly string[];
  readonly verification: unknown;
  readonly provenance: unknown;
  readonly images: number | null;
  /** The release folder, relative to the exports folder; released exports only. */
  readonly location: string | null;
}

/** Removes the sealed report Bundles of the export(s) in the `finished` CTE. */
const FORGET_REPORT_BUNDLES = `UPDATE training_export_case SET spec = spec - 'reportBundle'
  WHERE export_id IN (SELECT id FROM finished)`;

/**
 * Records how a running export ended; false when it was not running. The cases' sealed report
 * Bundles go with it: they name the patient and were kept only for the worker to de-identify.
 */
export async function finishTrainingExport(db: Queryable, o: TrainingExportOutcome): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH finished AS (
       UPDATE training_export SET state = $2, reasons = $3, verification = $4, provenance = $5, images = $6,
         location = $7, finished_at = now()
       WHERE id = $1 AND state = 'running' RETURNING id
     ), forgotten AS (${FORGET_REPORT_BUNDLES})
     SELECT id FROM finished`,
    [
      o.id,
      o.state,
      JSON.stringify(o.reasons),
      o.verification === undefined ? null : JSON.stringify(o.verification),
      o.provenance === undefined ? null : JSON.stringify(o.provenance),
      o.images,
      o.location,
    ],
  );
  return rowCount === 1;
}

/** A queued export whose job could not be queued: failed with the reason, so no export waits for nothing. */
export async function abandonTrainingExport(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(
    `WITH finished AS (
       UPDATE training_export SET state = 'failed', reasons = $2, finished_at = now()
       WHERE id = $1 AND state = 'queued' RETURNING id
     ), forgotten AS (${FORGET_REPORT_BUNDLES})
     SELECT id FROM finished`,
    [id, JSON.stringify([reason])],
  );
}
