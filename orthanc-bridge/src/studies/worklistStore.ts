import {
  examScore,
  screeningCategory,
  type ScreeningCategory,
  type ScreeningOperatingPoints,
} from '@sentinelle/reporting';
import type { AnalysisPriority, AnalysisStatus } from '../intake/queueContract';
import { scopeCondition, type PatientScope } from '../auth/patientScope';
import type { FieldCipher } from '../crypto';
import type { Queryable } from '../db/pool';
import { openStudyDate } from './studyStore';

/** A study to read, with what the AI made of it. */
export interface WorklistEntry {
  readonly studyInstanceUid: string;
  /** Status of the study's current analysis (see findCurrentAnalysis); null when it has none. */
  readonly status: AnalysisStatus | null;
  /** Exam calibrated probability of malignancy, null unless the analysis is done. */
  readonly malignancyScore: number | null;
  /** The exam's screening category, null unless the analysis is done with findings that can be read. */
  readonly category: ScreeningCategory | null;
  /** The exam score 1–10, null when the category is. */
  readonly examScore: number | null;
  readonly priority: AnalysisPriority | null;
  /** The patient is flagged urgent. */
  readonly urgent: boolean;
  readonly studyDate: string | null;
  readonly createdAt: Date;
}

interface WorklistRow {
  study_instance_uid: string;
  status: AnalysisStatus | null;
  malignancy_score: number | null;
  category: ScreeningCategory | null;
  exam_score: number | null;
  /** Findings stored in the older format (no category): their model and lesion threshold. */
  legacy_model_id: string | null;
  legacy_lesion_threshold: number | null;
  priority: AnalysisPriority | null;
  urgent: boolean;
  study_date: string | null;
  created_at: Date;
}

/**
 * The mammography studies (those with a patient record) of patients in `scope`, urgent patients
 * first, then by screening category (elevated, intermediate, likely normal), then by exam
 * probability (highest first), then the most recently received. Findings stored in the older
 * format get their category from `legacyPoints` (the registry's operating points of the model that
 * produced them): the query ranks them with the same rule as screeningCategory, and the rows show
 * what screeningCategory and examScore say. Of the patient, only the urgent flag is read (not
 * protected health information). The study date is sealed: it is opened here, for the page's rows
 * only, after the scope filter; nothing orders by it.
 */
export async function listWorklist(
  db: Queryable,
  cipher: FieldCipher,
  scope: PatientScope,
  options: {
    modelVersion: string;
    limit: number;
    offset: number;
    legacyPoints: ReadonlyMap<string, ScreeningOperatingPoints>;
  },
): Promise<WorklistEntry[]> {
  const inScope = scopeCondition(scope, 'p', 5);
  const legacy = [...options.legacyPoints].map(([modelId, p]) => ({
    model_id: modelId,
    recall: p.recall,
    likely_normal: p.likelyNormal,
  }));
  const { rows } = await db.query<WorklistRow>(
    `SELECT s.study_instance_uid, s.study_date, s.created_at, p.urgent,
       a.status, a.priority,
       CASE WHEN a.status = 'done' THEN a.malignancy_score END AS malignancy_score,
       CASE WHEN a.status = 'done' THEN a.findings ->> 'category' END AS category,
       CASE WHEN a.status = 'done' THEN (a.findings ->> 'examScore')::int END AS exam_score,
       CASE WHEN a.status = 'done' AND a.findings ? 'thresholds' THEN a.findings -> 'model' ->> 'id'
         END AS legacy_model_id,
       (a.findings -> 'thresholds' ->> 'lesion')::float8 AS legacy_lesion_threshold,
       CASE WHEN a.status <> 'done' THEN NULL
         WHEN a.findings ->> 'category' = 'elevated' OR a.malignancy_score >= op.recall THEN 2
         WHEN a.findings ->> 'category' = 'likelyNormal' OR a.malignancy_score < op.likely_normal THEN 0
         WHEN a.findings ? 'category' OR op.model_id IS NOT NULL THEN 1
       END AS category_rank
     FROM study s
     JOIN patient p ON p.id = s.patient_ref
     LEFT JOIN LATERAL (
       SELECT * FROM analysis WHERE analysis.study_instance_uid = s.study_instance_uid
       ORDER BY (analysis.model_version = $1) DESC, analysis.updated_at DESC, analysis.id DESC LIMIT 1
     ) a ON true
     LEFT JOIN jsonb_to_recordset($4::jsonb) AS op(model_id text, recall float8, likely_normal float8)
       ON a.findings ? 'thresholds' AND op.model_id = a.findings -> 'model' ->> 'id'
     WHERE ${inScope.sql}
     ORDER BY p.urgent DESC, category_rank DESC NULLS LAST, malignancy_score DESC NULLS LAST,
       s.created_at DESC, s.id DESC
     LIMIT $2 OFFSET $3`,
    [options.modelVersion, options.limit, options.offset, JSON.stringify(legacy), ...inScope.params],
  );
  return rows.map((row) => ({
    studyInstanceUid: row.study_instance_uid,
    status: row.status,
    malignancyScore: row.malignancy_score,
    ...screeningReading(row, options.legacyPoints),
    priority: row.priority,
    urgent: row.urgent,
    studyDate: openStudyDate(cipher, row.study_instance_uid, row.study_date),
    createdAt: row.created_at,
  }));
}

/** The stored category and exam score, or those of older findings recomputed from their score. */
function screeningReading(
  row: WorklistRow,
  legacyPoints: ReadonlyMap<string, ScreeningOperatingPoints>,
): Pick<WorklistEntry, 'category' | 'examScore'> {
  const points = row.legacy_model_id === null ? undefined : legacyPoints.get(row.legacy_model_id);
  if (points && row.malignancy_score !== null && row.legacy_lesion_threshold !== null) {
    const operatingPoints = { ...points, lesion: row.legacy_lesion_threshold };
    return {
      category: screeningCategory(row.malignancy_score, operatingPoints),
      examScore: examScore(row.malignancy_score, operatingPoints),
    };
  }
  return { category: row.category, examScore: row.exam_score };
}
