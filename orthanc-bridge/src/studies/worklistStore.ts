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
import { openPatientRow, patientIdHashes } from '../patients/patientStore';
import { openStudyValue } from './studyStore';
import { searchWords } from '@sentinelle/reporting/text';
import { accessionMatches, ageOn, isoDate, nameMatches } from './worklistSearch';

/** Where a study's reading stands: nothing yet, the AI validated or revised, a draft report, a signed report. */
export const READ_STATUSES = ['toRead', 'validated', 'reported', 'signed'] as const;
export type ReadStatus = (typeof READ_STATUSES)[number];

/** A filter on the screening category; 'none' is a study without a category (not analysed yet, failed). */
export const CATEGORY_FILTERS = ['elevated', 'intermediate', 'likelyNormal', 'none'] as const;
export type CategoryFilter = (typeof CATEGORY_FILTERS)[number];

/**
 * At most this many studies of the user's scope are read (in worklist order) for a search on a
 * sealed value (name, accession number) or on the screening category: each is opened in memory,
 * never in SQL. Beyond it the answer says `truncated`, and the user narrows the search.
 */
export const SEARCH_SCAN_LIMIT = 5000;

/** A study to read, with its patient, what the AI made of it and where its reading stands. */
export interface WorklistEntry {
  readonly studyInstanceUid: string;
  readonly patient: {
    readonly patientId: string;
    readonly issuer: string;
    /** DICOM PN as received, e.g. "DUPONT^Marie". */
    readonly name: string | null;
    /** DICOM DA (YYYYMMDD). */
    readonly birthDate: string | null;
    readonly sex: string | null;
    /** Whole years on the study date (today when it has none). */
    readonly age: number | null;
  };
  readonly accessionNumber: string | null;
  readonly description: string | null;
  readonly studyDate: string | null;
  readonly modalities: readonly string[];
  readonly views: readonly string[];
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
  readonly readStatus: ReadStatus;
  /** Consultations on the study that concern the reader asking for the list. */
  readonly consultations: {
    /** Colleagues' questions to the reader, not answered yet. */
    readonly openForMe: number;
    /** Who asked them (display names). */
    readonly askedBy: readonly string[];
    /** The reader's own questions: still waiting, answered. */
    readonly mineOpen: number;
    readonly mineAnswered: number;
  };
  readonly createdAt: Date;
}

export interface WorklistQuery {
  readonly modelVersion: string;
  readonly limit: number;
  readonly offset: number;
  readonly legacyPoints: ReadonlyMap<string, ScreeningOperatingPoints>;
  /** The reader asking: their consultations come first and are counted. */
  readonly readerId: string;
  /** Name words, exact PatientID (issuer ''), or exact accession number. */
  readonly text?: string | undefined;
  /** Exact PatientID (with `issuer`, default ''), found by its keyed hash. */
  readonly patientId?: string | undefined;
  readonly issuer?: string | undefined;
  readonly name?: string | undefined;
  readonly accession?: string | undefined;
  readonly categories?: readonly CategoryFilter[] | undefined;
  /** Studies whose exam score 1–10 is at least this. */
  readonly minExamScore?: number | undefined;
  readonly readStatuses?: readonly ReadStatus[] | undefined;
  /** true: urgent patients and stat studies only; false: the others. */
  readonly urgent?: boolean | undefined;
  /** Today, for the age of a patient whose exam has no date (tests pin it). */
  readonly now?: Date;
}

export interface WorklistPage {
  readonly entries: WorklistEntry[];
  /** How many studies match, all pages together. */
  readonly total: number;
  /** The search read the first SEARCH_SCAN_LIMIT studies of the scope only. */
  readonly truncated: boolean;
}

interface WorklistRow {
  study_instance_uid: string;
  study_date: string | null;
  accession_number: string | null;
  description: string | null;
  modalities: string[];
  views: string[];
  patient_row: string;
  patient_id: string;
  issuer: string;
  name: string | null;
  birth_date: string | null;
  sex: string | null;
  status: AnalysisStatus | null;
  malignancy_score: number | null;
  category: ScreeningCategory | null;
  exam_score: number | null;
  /** Findings stored in the older format (no category): their model and lesion threshold. */
  legacy_model_id: string | null;
  legacy_lesion_threshold: number | null;
  priority: AnalysisPriority | null;
  urgent: boolean;
  read_status: ReadStatus;
  open_for_me: number;
  asked_by: string[];
  mine_open: number;
  mine_answered: number;
  /** The search text is this patient's PatientID (keyed hash). */
  id_match: boolean;
  total: number;
  created_at: Date;
}

/**
 * The mammography studies (those with a patient record) of patients in `scope`: urgent patients
 * and stat studies first, then those a colleague asked the reader about, then by screening
 * category (elevated, intermediate, likely normal), then by exam probability (highest first), then
 * the most recently received. Findings stored in the older format get their category from
 * `legacyPoints` (the registry's operating points of the model that produced them): the query ranks
 * them with the same rule as screeningCategory, and the rows show what screeningCategory and
 * examScore say.
 *
 * Sealed values are never matched or sorted in SQL. A PatientID is found by its keyed hash; a
 * name or an accession number (and a category, which older findings compute here) is matched in
 * memory, on the studies in scope only (at most SEARCH_SCAN_LIMIT, in worklist order), opening
 * only what the match needs. The patient's identity and the study's sealed values are opened for
 * the page's rows only.
 */
export async function listWorklist(
  db: Queryable,
  cipher: FieldCipher,
  scope: PatientScope,
  query: WorklistQuery,
): Promise<WorklistPage> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const legacy = [...query.legacyPoints].map(([modelId, p]) => ({
    model_id: modelId,
    recall: p.recall,
    likely_normal: p.likelyNormal,
  }));
  const modelVersion = param(query.modelVersion);
  const legacyPoints = param(JSON.stringify(legacy));
  const reader = param(query.readerId);
  const textHashes = param(
    query.text === undefined ? [] : patientIdHashes(cipher.keyring, { patientId: query.text, issuer: '' }),
  );
  const inScope = scopeCondition(scope, 'p', params.length + 1);
  params.push(...inScope.params);
  const where = [inScope.sql];
  if (query.patientId !== undefined)
    where.push(
      `p.patient_id_hash = ANY (${param(
        patientIdHashes(cipher.keyring, { patientId: query.patientId, issuer: query.issuer ?? '' }),
      )}::text[])`,
    );
  const outer: string[] = [];
  if (query.readStatuses?.length) outer.push(`read_status = ANY (${param(query.readStatuses)}::text[])`);
  if (query.urgent !== undefined) outer.push(`urgent_rank = ${param(query.urgent)}`);

  // Matching in memory: read the whole (bounded) scope in order, then page here.
  const inMemory =
    query.text !== undefined ||
    query.name !== undefined ||
    query.accession !== undefined ||
    (query.categories?.length ?? 0) > 0 ||
    query.minExamScore !== undefined;
  const limit = param(inMemory ? SEARCH_SCAN_LIMIT + 1 : query.limit);
  const offset = param(inMemory ? 0 : query.offset);

  const { rows } = await db.query<WorklistRow>(
    `WITH w AS (
       SELECT s.id AS study_row, s.study_instance_uid, s.study_date, s.accession_number, s.description,
         s.modalities, s.views, s.created_at,
         p.id::text AS patient_row, p.patient_id, p.issuer, p.name, p.birth_date, p.sex, p.urgent,
         p.patient_id_hash = ANY (${textHashes}::text[]) AS id_match,
         a.status, a.priority,
         (p.urgent OR a.priority IS NOT DISTINCT FROM 'stat') AS urgent_rank,
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
         END AS category_rank,
         CASE WHEN r.signed THEN 'signed'
           WHEN r.drafted THEN 'reported'
           WHEN EXISTS (SELECT 1 FROM reading_validation v WHERE v.study_instance_uid = s.study_instance_uid)
             OR EXISTS (SELECT 1 FROM reading_revision v WHERE v.study_instance_uid = s.study_instance_uid)
             THEN 'validated'
           ELSE 'toRead'
         END AS read_status,
         c.open_for_me, c.asked_by, c.mine_open, c.mine_answered
       FROM study s
       JOIN patient p ON p.id = s.patient_ref
       LEFT JOIN LATERAL (
         SELECT * FROM analysis WHERE analysis.study_instance_uid = s.study_instance_uid
         ORDER BY (analysis.model_version = ${modelVersion}) DESC, analysis.updated_at DESC, analysis.id DESC
         LIMIT 1
       ) a ON true
       LEFT JOIN jsonb_to_recordset(${legacyPoints}::jsonb) AS op(model_id text, recall float8, likely_normal float8)
         ON a.findings ? 'thresholds' AND op.model_id = a.findings -> 'model' ->> 'id'
       LEFT JOIN LATERAL (
         SELECT bool_or(report.status = 'signed') AS signed, count(*) > 0 AS drafted
         FROM report WHERE report.study_instance_uid = s.study_instance_uid
       ) r ON true
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE k.colleague_id = ${reader} AND k.answer IS NULL)::int AS open_for_me,
           COALESCE(array_agg(DISTINCT asker.display_name)
             FILTER (WHERE k.colleague_id = ${reader} AND k.answer IS NULL), '{}') AS asked_by,
           count(*) FILTER (WHERE k.requester_id = ${reader} AND k.answer IS NULL)::int AS mine_open,
           count(*) FILTER (WHERE k.requester_id = ${reader} AND k.answer IS NOT NULL)::int AS mine_answered
         FROM consultation k JOIN user_account asker ON asker.id = k.requester_id
         WHERE k.study_instance_uid = s.study_instance_uid
       ) c ON true
       WHERE ${where.join(' AND ')}
     )
     SELECT *, count(*) OVER ()::int AS total FROM w
     ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
     ORDER BY urgent_rank DESC, (open_for_me > 0) DESC, category_rank DESC NULLS LAST,
       malignancy_score DESC NULLS LAST, created_at DESC, study_row DESC
     LIMIT ${limit} OFFSET ${offset}`,
    params,
  );

  const now = query.now ?? new Date();
  if (!inMemory)
    return {
      entries: rows.map((row) => toEntry(cipher, row, screeningReading(row, query.legacyPoints), now)),
      total: rows[0]?.total ?? (await countAll()),
      truncated: false,
    };

  const truncated = rows.length > SEARCH_SCAN_LIMIT;
  const matched = rows
    .slice(0, SEARCH_SCAN_LIMIT)
    .map((row) => ({ row, reading: screeningReading(row, query.legacyPoints) }))
    .filter(({ row, reading }) => matchesFilters(cipher, row, reading, query));
  return {
    entries: matched
      .slice(query.offset, query.offset + query.limit)
      .map(({ row, reading }) => toEntry(cipher, row, reading, now)),
    total: matched.length,
    truncated,
  };

  // A page past the end has no row to carry the count: count again without paging.
  async function countAll(): Promise<number> {
    if (query.offset === 0) return 0;
    const all = await listWorklist(db, cipher, scope, { ...query, offset: 0, limit: 1 });
    return all.total;
  }
}

/** The category, exam score and text filters, on one row (its sealed values opened only as needed). */
function matchesFilters(
  cipher: FieldCipher,
  row: WorklistRow,
  reading: Pick<WorklistEntry, 'category' | 'examScore'>,
  query: WorklistQuery,
): boolean {
  if (query.categories?.length && !query.categories.includes(reading.category ?? 'none')) return false;
  if (query.minExamScore !== undefined && (reading.examScore ?? 0) < query.minExamScore) return false;
  const name = lazy(() => openPatientRow(cipher, patientOf(row)).name);
  const accession = lazy(() =>
    openStudyValue(cipher, 'accession_number', row.study_instance_uid, row.accession_number),
  );
  if (query.name !== undefined && !nameMatches(name(), searchWords(query.name))) return false;
  if (query.accession !== undefined && !accessionMatches(accession(), query.accession)) return false;
  if (query.text !== undefined) {
    const text = query.text;
    if (!row.id_match && !nameMatches(name(), searchWords(text)) && !accessionMatches(accession(), text))
      return false;
  }
  return true;
}

function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [compute(), true];
    return value;
  };
}

function patientOf(row: WorklistRow) {
  return {
    id: row.patient_row,
    patientId: row.patient_id,
    issuer: row.issuer,
    name: row.name,
    birthDate: row.birth_date,
  };
}

function toEntry(
  cipher: FieldCipher,
  row: WorklistRow,
  reading: Pick<WorklistEntry, 'category' | 'examScore'>,
  now: Date,
): WorklistEntry {
  const uid = row.study_instance_uid;
  const patient = openPatientRow(cipher, patientOf(row));
  const studyDate = openStudyValue(cipher, 'study_date', uid, row.study_date);
  return {
    studyInstanceUid: uid,
    patient: { ...patient, sex: row.sex, age: ageOn(patient.birthDate, studyDate ?? isoDate(now)) },
    accessionNumber: openStudyValue(cipher, 'accession_number', uid, row.accession_number),
    description: openStudyValue(cipher, 'description', uid, row.description),
    studyDate,
    modalities: row.modalities,
    views: row.views,
    status: row.status,
    malignancyScore: row.malignancy_score,
    ...reading,
    priority: row.priority,
    urgent: row.urgent,
    readStatus: row.read_status,
    consultations: {
      openForMe: row.open_for_me,
      askedBy: row.asked_by,
      mineOpen: row.mine_open,
      mineAnswered: row.mine_answered,
    },
    createdAt: row.created_at,
  };
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
