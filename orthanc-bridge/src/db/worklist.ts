import type { AnalysisPriority, AnalysisStatus } from '../queue/contract';
import { scopeCondition, type PatientScope } from '../auth/patientScope';
import type { FieldCipher } from '../crypto';
import type { Queryable } from './pool';
import { openStudyDate } from './studies';

/** A study to read, with what the AI made of it. */
export interface WorklistEntry {
  readonly studyInstanceUid: string;
  /** Status of the study's current analysis (see findCurrentAnalysis); null when it has none. */
  readonly status: AnalysisStatus | null;
  /** Exam malignancy score, null unless the analysis is done. */
  readonly examScore: number | null;
  /** The exam findings' flag, null unless the analysis is done with findings. */
  readonly aboveThreshold: boolean | null;
  readonly priority: AnalysisPriority | null;
  /** The patient is flagged urgent. */
  readonly urgent: boolean;
  readonly studyDate: string | null;
  readonly createdAt: Date;
}

interface WorklistRow {
  study_instance_uid: string;
  status: AnalysisStatus | null;
  exam_score: number | null;
  above_threshold: boolean | null;
  priority: AnalysisPriority | null;
  urgent: boolean;
  study_date: string | null;
  created_at: Date;
}

/**
 * The mammography studies (those with a patient record) of patients in `scope`, urgent patients first, then exams the AI
 * flags, then by exam score (highest first), then the most recently received. Of the patient, only
 * the urgent flag is read (not protected health information). The study date is sealed: it is
 * opened here, for the page's rows only, after the scope filter; nothing orders by it.
 */
export async function listWorklist(
  db: Queryable,
  cipher: FieldCipher,
  scope: PatientScope,
  options: { modelVersion: string; limit: number; offset: number },
): Promise<WorklistEntry[]> {
  const inScope = scopeCondition(scope, 'p', 4);
  const { rows } = await db.query<WorklistRow>(
    `SELECT s.study_instance_uid, s.study_date, s.created_at, p.urgent,
       a.status, a.priority,
       CASE WHEN a.status = 'done' THEN a.exam_score END AS exam_score,
       CASE WHEN a.status = 'done' THEN (a.findings ->> 'aboveThreshold')::boolean END AS above_threshold
     FROM study s
     JOIN patient p ON p.id = s.patient_ref
     LEFT JOIN LATERAL (
       SELECT * FROM analysis WHERE analysis.study_instance_uid = s.study_instance_uid
       ORDER BY (analysis.model_version = $1) DESC, analysis.updated_at DESC, analysis.id DESC LIMIT 1
     ) a ON true
     WHERE ${inScope.sql}
     ORDER BY p.urgent DESC, above_threshold DESC NULLS LAST, exam_score DESC NULLS LAST,
       s.created_at DESC, s.id DESC
     LIMIT $2 OFFSET $3`,
    [options.modelVersion, options.limit, options.offset, ...inScope.params],
  );
  return rows.map((row) => ({
    studyInstanceUid: row.study_instance_uid,
    status: row.status,
    examScore: row.exam_score,
    aboveThreshold: row.above_threshold,
    priority: row.priority,
    urgent: row.urgent,
    studyDate: openStudyDate(cipher, row.study_instance_uid, row.study_date),
    createdAt: row.created_at,
  }));
}
