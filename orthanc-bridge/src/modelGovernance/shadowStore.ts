/**
 * The candidate in shadow and its analyses (migration 015). The bridge writes the candidate and
 * queues analyses; the inference worker records how each went (mark… functions). Nothing here is
 * read by a reader's route: only modelGovernance's routes, behind model:manage, read these tables.
 */
import type { ExamFindings } from '@sentinelle/reporting';
import type { Queryable } from '../db/pool';
import type { ModelRef } from '../context';

export interface ShadowCandidate {
  readonly id: string;
  readonly model: ModelRef;
  readonly startedBy: string;
  readonly startedAt: Date;
}

export type ShadowStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ShadowAnalysis {
  readonly id: string;
  readonly studyInstanceUid: string;
  readonly model: ModelRef;
  readonly status: ShadowStatus;
  readonly instances: readonly string[];
  readonly revision: number;
  readonly attempts: number;
  readonly reason: string | null;
  readonly malignancyScore: number | null;
}

interface CandidateRow {
  id: string;
  model_id: string;
  model_version: string;
  started_by: string;
  started_at: Date;
}

interface ShadowRow {
  id: string;
  study_instance_uid: string;
  model_id: string;
  model_version: string;
  status: ShadowStatus;
  instances: string[];
  revision: number;
  attempts: number;
  reason: string | null;
  malignancy_score: number | null;
}

const toCandidate = (row: CandidateRow): ShadowCandidate => ({
  id: row.id,
  model: { id: row.model_id, version: row.model_version },
  startedBy: row.started_by,
  startedAt: row.started_at,
});

const toShadow = (row: ShadowRow): ShadowAnalysis => ({
  id: row.id,
  studyInstanceUid: row.study_instance_uid,
  model: { id: row.model_id, version: row.model_version },
  status: row.status,
  instances: row.instances,
  revision: row.revision,
  attempts: row.attempts,
  reason: row.reason,
  malignancyScore: row.malignancy_score,
});

// ---------------------------------------------------------------------------------------------
// The candidate

export async function findActiveCandidate(
  db: Queryable,
  { forUpdate = false } = {},
): Promise<ShadowCandidate | undefined> {
  const { rows } = await db.query<CandidateRow>(
    `SELECT id::text, model_id, model_version, started_by::text, started_at FROM shadow_candidate
     WHERE stopped_at IS NULL${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  return rows[0] && toCandidate(rows[0]);
}

/** Puts a model in shadow; the caller has checked that none is (the unique index says so too). */
export async function startCandidate(
  db: Queryable,
  model: ModelRef,
  userId: string,
): Promise<ShadowCandidate> {
  const { rows } = await db.query<CandidateRow>(
    `INSERT INTO shadow_candidate (model_id, model_version, started_by) VALUES ($1, $2, $3)
     RETURNING id::text, model_id, model_version, started_by::text, started_at`,
    [model.id, model.version, userId],
  );
  return toCandidate(rows[0]!);
}

export async function stopCandidate(db: Queryable, id: string, userId: string): Promise<void> {
  await db.query(
    'UPDATE shadow_candidate SET stopped_by = $2, stopped_at = now() WHERE id = $1 AND stopped_at IS NULL',
    [id, userId],
  );
}

/** Counts of the candidate's shadow analyses by status, for the page. */
export async function shadowProgress(db: Queryable, model: ModelRef): Promise<Record<ShadowStatus, number>> {
  const { rows } = await db.query<{ status: ShadowStatus; n: number }>(
    `SELECT status, count(*)::int AS n FROM shadow_analysis WHERE model_id = $1 AND model_version = $2
     GROUP BY status`,
    [model.id, model.version],
  );
  const counts: Record<ShadowStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Shadow analyses, written by the bridge

/**
 * Records a queued shadow analysis of `model` for every study the bridge analyses (the images of
 * its latest analysis with images), and a new revision where the image set changed since. One
 * statement: safe from any number of bridge replicas at once.
 */
export async function recordShadowAnalyses(db: Queryable, model: ModelRef): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO shadow_analysis (study_instance_uid, model_id, model_version, status, instances, instances_digest)
     SELECT study_instance_uid, $1, $2, 'queued', instances, instances_digest FROM (
       SELECT DISTINCT ON (a.study_instance_uid) a.study_instance_uid, a.instances, a.instances_digest
       FROM analysis a
       WHERE a.status <> 'skipped' AND cardinality(a.instances) > 0 AND a.instances_digest IS NOT NULL
       ORDER BY a.study_instance_uid, a.updated_at DESC, a.id DESC) latest
     ON CONFLICT (study_instance_uid, model_id, model_version) DO UPDATE
       SET status = 'queued', instances = EXCLUDED.instances, instances_digest = EXCLUDED.instances_digest,
         revision = shadow_analysis.revision + 1, attempts = 0, reason = NULL, malignancy_score = NULL,
         findings = NULL, finished_at = NULL, updated_at = now()
       WHERE shadow_analysis.instances_digest <> EXCLUDED.instances_digest`,
    [model.id, model.version],
  );
  return rowCount ?? 0;
}

/**
 * The model's queued and running shadow analyses with their study's Orthanc id: the read cases
 * first (those the comparison can use), then the oldest.
 */
export async function listPendingShadowAnalyses(
  db: Queryable,
  model: ModelRef,
): Promise<{ shadow: ShadowAnalysis; orthancStudyId: string }[]> {
  const { rows } = await db.query<ShadowRow & { orthanc_id: string }>(
    `SELECT sa.id::text, sa.study_instance_uid, sa.model_id, sa.model_version, sa.status, sa.instances,
        sa.revision, sa.attempts, sa.reason, sa.malignancy_score, s.orthanc_id
     FROM shadow_analysis sa JOIN study s ON s.study_instance_uid = sa.study_instance_uid
     WHERE sa.model_id = $1 AND sa.model_version = $2 AND sa.status IN ('queued', 'running')
     ORDER BY EXISTS (SELECT 1 FROM reading_validation v WHERE v.study_instance_uid = sa.study_instance_uid)
       OR EXISTS (SELECT 1 FROM report r WHERE r.study_instance_uid = sa.study_instance_uid AND r.status = 'signed')
       DESC, sa.created_at, sa.id`,
    [model.id, model.version],
  );
  return rows.map((row) => ({ shadow: toShadow(row), orthancStudyId: row.orthanc_id }));
}

// ---------------------------------------------------------------------------------------------
// Shadow analyses, written by the inference worker

export interface ShadowRevisionRef {
  readonly shadowAnalysisId: string;
  readonly revision: number;
}

/** `started`: analyse now; `stale`: nothing to do (gone, a newer revision, or already done/failed). */
export type MarkShadowRunning =
  | { readonly outcome: 'started'; readonly shadow: ShadowAnalysis }
  | { readonly outcome: 'stale' };

export async function markShadowRunning(db: Queryable, ref: ShadowRevisionRef): Promise<MarkShadowRunning> {
  const { rows } = await db.query<ShadowRow>(
    `UPDATE shadow_analysis SET status = 'running', attempts = attempts + 1, reason = NULL, updated_at = now()
     WHERE id = $1 AND revision = $2 AND status IN ('queued', 'running')
     RETURNING id::text, study_instance_uid, model_id, model_version, status, instances, revision, attempts,
       reason, malignancy_score`,
    [ref.shadowAnalysisId, ref.revision],
  );
  return rows[0] ? { outcome: 'started', shadow: toShadow(rows[0]) } : { outcome: 'stale' };
}

export interface ShadowDone extends ShadowRevisionRef {
  readonly malignancyScore: number;
  readonly findings: ExamFindings;
}

/** False when the row is not this revision's running analysis any more. */
export async function markShadowDone(db: Queryable, done: ShadowDone): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE shadow_analysis SET status = 'done', malignancy_score = $3, findings = $4, finished_at = now(),
       updated_at = now()
     WHERE id = $1 AND revision = $2 AND status = 'running'`,
    [done.shadowAnalysisId, done.revision, done.malignancyScore, JSON.stringify(done.findings)],
  );
  return rowCount === 1;
}

export async function markShadowFailed(
  db: Queryable,
  ref: ShadowRevisionRef,
  reason: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE shadow_analysis SET status = 'failed', reason = $3, finished_at = now(), updated_at = now()
     WHERE id = $1 AND revision = $2 AND status IN ('queued', 'running')`,
    [ref.shadowAnalysisId, ref.revision, reason],
  );
  return rowCount === 1;
}
