import type { ExamFindings } from '@sentinelle/reporting';
import type { AnalysisEvent, AnalysisPriority, AnalysisStatus } from '../intake/queueContract';
import { scopeCondition, type PatientScope } from '../auth/patientScope';
import type { Queryable } from '../db/pool';

export interface Analysis {
  /** Row id (a bigint, as a decimal string). */
  readonly id: string;
  /** `<StudyInstanceUID>:<modelVersion>` (the job_id column). */
  readonly key: string;
  readonly studyInstanceUid: string;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly status: AnalysisStatus;
  /** Current priority (aging may have raised it above the requested one). */
  readonly priority: AnalysisPriority;
  readonly requestedPriority: AnalysisPriority;
  readonly requestedAt: Date;
  readonly reason: string | null;
  /** Orthanc ids of the MG images analysed. */
  readonly instances: readonly string[];
  readonly instancesDigest: string | null;
  readonly revision: number;
  readonly enqueuedAt: Date | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly attempts: number;
  readonly timings: Readonly<Record<string, number>> | null;
  /** Exam-level calibrated probability of malignancy (0–1) of a done analysis; null before. */
  readonly malignancyScore: number | null;
  readonly result: unknown;
  /**
   * The worker's findings of a done analysis as stored, in the format of the worker that wrote them
   * (read them with readStoredFindings); null before, and for analyses done before they were kept.
   */
  readonly findings: unknown;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

interface AnalysisRow {
  id: string;
  job_id: string;
  study_instance_uid: string;
  model_id: string;
  model_version: string;
  status: AnalysisStatus;
  priority: AnalysisPriority;
  requested_priority: AnalysisPriority;
  requested_at: Date;
  reason: string | null;
  instances: string[];
  instances_digest: string | null;
  revision: number;
  enqueued_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  attempts: number;
  timings: Record<string, number> | null;
  malignancy_score: number | null;
  result: unknown;
  findings: unknown;
  created_at: Date;
  updated_at: Date;
}

function toAnalysis(row: AnalysisRow): Analysis {
  return {
    id: row.id,
    key: row.job_id,
    studyInstanceUid: row.study_instance_uid,
    modelId: row.model_id,
    modelVersion: row.model_version,
    status: row.status,
    priority: row.priority,
    requestedPriority: row.requested_priority,
    requestedAt: row.requested_at,
    reason: row.reason,
    instances: row.instances,
    instancesDigest: row.instances_digest,
    revision: row.revision,
    enqueuedAt: row.enqueued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    attempts: row.attempts,
    timings: row.timings,
    malignancyScore: row.malignancy_score,
    result: row.result,
    findings: row.findings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function one(db: Queryable, sql: string, values: unknown[]): Promise<Analysis | undefined> {
  const { rows } = await db.query<AnalysisRow>(sql, values);
  return rows[0] && toAnalysis(rows[0]);
}

async function many(db: Queryable, sql: string, values: unknown[]): Promise<Analysis[]> {
  const { rows } = await db.query<AnalysisRow>(sql, values);
  return rows.map(toAnalysis);
}

/** The event published on Redis for the analysis as it now stands. */
export function toAnalysisEvent(analysis: Analysis, at: Date = new Date()): AnalysisEvent {
  return {
    type: 'analysis',
    analysisId: analysis.id,
    key: analysis.key,
    studyInstanceUid: analysis.studyInstanceUid,
    modelId: analysis.modelId,
    modelVersion: analysis.modelVersion,
    revision: analysis.revision,
    status: analysis.status,
    priority: analysis.priority,
    reason: analysis.reason,
    malignancyScore: analysis.malignancyScore,
    at: at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Reads

export function findAnalysisByKey(db: Queryable, key: string, { forUpdate = false } = {}) {
  return one(db, `SELECT * FROM analysis WHERE job_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [key]);
}

export function findAnalysisById(db: Queryable, id: string) {
  return one(db, 'SELECT * FROM analysis WHERE id = $1', [id]);
}

/** Every analysis of a study (one per model version), the most recently changed first. */
export function findStudyAnalyses(db: Queryable, studyInstanceUid: string) {
  return many(db, 'SELECT * FROM analysis WHERE study_instance_uid = $1 ORDER BY updated_at DESC, id DESC', [
    studyInstanceUid,
  ]);
}

/**
 * The analysis of a study the reading is about: the one by `modelVersion` (the model the bridge
 * now queues for), else the most recently changed one, as GET /api/studies/:uid/analysis shows.
 */
export function findCurrentAnalysis(db: Queryable, studyInstanceUid: string, modelVersion: string) {
  return one(
    db,
    `SELECT * FROM analysis WHERE study_instance_uid = $1
     ORDER BY (model_version = $2) DESC, updated_at DESC, id DESC LIMIT 1`,
    [studyInstanceUid, modelVersion],
  );
}

export interface AnalysisFilter {
  readonly status?: AnalysisStatus | undefined;
  readonly priority?: AnalysisPriority | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Analyses matching the filter, the most urgent and oldest first. */
/** Analyses of studies in `scope`, and of studies without a patient (not mammographies: skipped). */
export function listAnalyses(db: Queryable, scope: PatientScope, filter: AnalysisFilter) {
  const inScope = scopeCondition(scope, 'p', 5);
  return many(
    db,
    `SELECT a.* FROM analysis a
     JOIN study s ON s.study_instance_uid = a.study_instance_uid LEFT JOIN patient p ON p.id = s.patient_ref
     WHERE ($1::text IS NULL OR a.status = $1) AND ($2::text IS NULL OR a.priority = $2)
       AND (s.patient_ref IS NULL OR ${inScope.sql})
     ORDER BY array_position(ARRAY['stat', 'diagnostic', 'screening'], a.priority), a.created_at, a.id
     LIMIT $3 OFFSET $4`,
    [filter.status ?? null, filter.priority ?? null, filter.limit, filter.offset, ...inScope.params],
  );
}

/** Queued analyses of the studies of one patient. */
export function listQueuedAnalysesOfPatient(db: Queryable, patientRef: string) {
  return many(
    db,
    `SELECT a.* FROM analysis a JOIN study s ON s.study_instance_uid = a.study_instance_uid
     WHERE s.patient_ref = $1 AND a.status = 'queued' ORDER BY a.id`,
    [patientRef],
  );
}

// ---------------------------------------------------------------------------------------------
// Writes by the bridge

export interface NewAnalysis {
  readonly key: string;
  readonly studyInstanceUid: string;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly priority: AnalysisPriority;
  readonly instances: readonly string[];
  readonly instancesDigest: string;
}

export function insertQueuedAnalysis(db: Queryable, a: NewAnalysis) {
  return one(
    db,
    `INSERT INTO analysis (job_id, study_instance_uid, model_id, model_version, status, priority, requested_priority,
       instances, instances_digest, enqueued_at)
     VALUES ($1, $2, $3, $4, 'queued', $5, $5, $6, $7, now()) RETURNING *`,
    [a.key, a.studyInstanceUid, a.modelId, a.modelVersion, a.priority, a.instances, a.instancesDigest],
  ) as Promise<Analysis>;
}

/**
 * Queues an existing analysis again for a new image set or a retry: a new revision, so results
 * or failures that the worker reports for the previous one are ignored.
 */
export function requeueAnalysis(
  db: Queryable,
  id: string,
  a: Pick<NewAnalysis, 'priority' | 'instances' | 'instancesDigest'>,
) {
  return one(
    db,
    `UPDATE analysis SET status = 'queued', priority = $2, requested_priority = $2, requested_at = now(),
       instances = $3, instances_digest = $4, revision = revision + 1, reason = NULL, enqueued_at = now(),
       started_at = NULL, finished_at = NULL, attempts = 0, timings = NULL, malignancy_score = NULL,
       result = NULL, findings = NULL, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, a.priority, a.instances, a.instancesDigest],
  ) as Promise<Analysis>;
}

export interface SkippedAnalysis {
  readonly key: string;
  readonly studyInstanceUid: string;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly priority: AnalysisPriority;
  readonly reason: string;
}

/** Records that a study is not analysed (no mammography image), or refreshes the reason. */
export function upsertSkippedAnalysis(db: Queryable, a: SkippedAnalysis) {
  return one(
    db,
    `INSERT INTO analysis (job_id, study_instance_uid, model_id, model_version, status, priority, requested_priority,
       reason, finished_at)
     VALUES ($1, $2, $3, $4, 'skipped', $5, $5, $6, now())
     ON CONFLICT (job_id) DO UPDATE SET reason = EXCLUDED.reason, updated_at = now()
       WHERE analysis.status = 'skipped'
     RETURNING *`,
    [a.key, a.studyInstanceUid, a.modelId, a.modelVersion, a.priority, a.reason],
  );
}

/**
 * Sets the current priority of a queued analysis. `requested`: a person or triage asked for it,
 * and aging counts again from now; otherwise aging raised it.
 */
export function setAnalysisPriority(
  db: Queryable,
  id: string,
  priority: AnalysisPriority,
  { requested }: { requested: boolean },
) {
  return one(
    db,
    requested
      ? `UPDATE analysis SET priority = $2, requested_priority = $2, requested_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'queued' RETURNING *`
      : `UPDATE analysis SET priority = $2, updated_at = now() WHERE id = $1 AND status = 'queued' RETURNING *`,
    [id, priority],
  );
}

// ---------------------------------------------------------------------------------------------
// Writes by the inference worker

export interface AnalysisRevisionRef {
  /** `AnalysisJobData.analysisId`. */
  readonly analysisId: string;
  /** `AnalysisJobData.revision`. */
  readonly revision: number;
}

export type MarkRunningResult =
  /** The worker should analyse: the row is now `running` and its attempts counted. */
  | { readonly outcome: 'started'; readonly analysis: Analysis }
  /** This revision is already `done` (a worker died after recording it): complete the job without work. */
  | { readonly outcome: 'already-done'; readonly analysis: Analysis }
  /**
   * The row is gone, belongs to a newer revision (the image set changed), or was skipped or
   * failed for good: complete the job quietly, without retries.
   */
  | { readonly outcome: 'stale'; readonly analysis: Analysis | undefined };

/**
 * Marks an analysis running at the start of each attempt (a retry after a crash or a transient
 * error included): status `running`, started_at now, attempts + 1.
 */
export async function markAnalysisRunning(
  db: Queryable,
  ref: AnalysisRevisionRef,
): Promise<MarkRunningResult> {
  const started = await one(
    db,
    `UPDATE analysis SET status = 'running', started_at = now(), finished_at = NULL, reason = NULL,
       attempts = attempts + 1, updated_at = now()
     WHERE id = $1 AND revision = $2 AND status IN ('queued', 'running') RETURNING *`,
    [ref.analysisId, ref.revision],
  );
  if (started) return { outcome: 'started', analysis: started };
  const current = await findAnalysisById(db, ref.analysisId);
  if (current && current.revision === ref.revision && current.status === 'done')
    return { outcome: 'already-done', analysis: current };
  return { outcome: 'stale', analysis: current };
}

export interface AnalysisDone extends AnalysisRevisionRef {
  /** Exam-level calibrated probability of malignancy (0–1): the findings' `malignancyScore`. */
  readonly malignancyScore: number;
  /** Milliseconds per stage, e.g. { fetch, preprocess, inference, render, store, total }. */
  readonly timings: Readonly<Record<string, number>>;
  /** What was stored in Orthanc, e.g. { sr: { seriesInstanceUid, sopInstanceUid }, seg: {...} }. */
  readonly result: unknown;
  /** The exam's findings, as rendered into the SR: what the viewer shows and the reader validates. */
  readonly findings: ExamFindings;
}

/** Records a finished analysis; undefined when the row is not this revision's running analysis. */
export function markAnalysisDone(db: Queryable, done: AnalysisDone): Promise<Analysis | undefined> {
  return one(
    db,
    `UPDATE analysis SET status = 'done', finished_at = now(), malignancy_score = $3, timings = $4,
       result = $5, findings = $6, reason = NULL, updated_at = now()
     WHERE id = $1 AND revision = $2 AND status = 'running' RETURNING *`,
    [
      done.analysisId,
      done.revision,
      done.malignancyScore,
      JSON.stringify(done.timings),
      JSON.stringify(done.result),
      JSON.stringify(done.findings),
    ],
  );
}

export interface AnalysisFailed extends AnalysisRevisionRef {
  /** For a person to read, e.g. "unsupported photometric interpretation YBR_FULL in image 2". */
  readonly reason: string;
  readonly timings?: Readonly<Record<string, number>> | undefined;
}

/**
 * Records that an analysis failed for good (a permanent error, or the last retry of a transient
 * one); undefined when the row is not this revision's queued or running analysis.
 */
export function markAnalysisFailed(db: Queryable, failed: AnalysisFailed): Promise<Analysis | undefined> {
  return one(
    db,
    `UPDATE analysis SET status = 'failed', finished_at = now(), reason = $3, timings = COALESCE($4, timings),
       updated_at = now()
     WHERE id = $1 AND revision = $2 AND status IN ('queued', 'running') RETURNING *`,
    [
      failed.analysisId,
      failed.revision,
      failed.reason,
      failed.timings ? JSON.stringify(failed.timings) : null,
    ],
  );
}

/** Analyses in `statuses` with the Orthanc id of their study, oldest first (for the periodic sweep). */
export async function listAnalysesWithStudy(
  db: Queryable,
  statuses: readonly AnalysisStatus[],
): Promise<{ analysis: Analysis; orthancStudyId: string }[]> {
  const { rows } = await db.query<AnalysisRow & { orthanc_id: string }>(
    `SELECT a.*, s.orthanc_id FROM analysis a JOIN study s ON s.study_instance_uid = a.study_instance_uid
     WHERE a.status = ANY($1) ORDER BY a.enqueued_at, a.id`,
    [statuses],
  );
  return rows.map((row) => ({ analysis: toAnalysis(row), orthancStudyId: row.orthanc_id }));
}
