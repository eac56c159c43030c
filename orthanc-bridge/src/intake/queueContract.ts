/**
 * The contract between the bridge (producer) and the inference worker (consumer): the queue's
 * name, the data of each job, and the events published on Redis when an analysis changes state.
 * It imports nothing but zod, so the worker can depend on it without the bridge's internals.
 */
import { z } from 'zod';

/** The BullMQ queue the bridge fills and the inference worker drains. */
export const ANALYSIS_QUEUE_NAME = 'sentinelle-analysis';

/** Redis pub/sub channel carrying one {@link AnalysisEvent} (JSON) per change of an analysis. */
export const ANALYSIS_EVENTS_CHANNEL = 'sentinelle:analysis-events';

/** Analysis priorities, most urgent first. */
export const ANALYSIS_PRIORITIES = ['stat', 'diagnostic', 'screening'] as const;
export type AnalysisPriority = (typeof ANALYSIS_PRIORITIES)[number];

export const ANALYSIS_STATUSES = ['queued', 'running', 'done', 'failed', 'skipped'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

/**
 * BullMQ priority of each level: a lower number is taken first (0, "no priority", is never used,
 * because BullMQ would run such jobs before every prioritised one).
 */
export const BULLMQ_PRIORITY: Readonly<Record<AnalysisPriority, number>> = {
  stat: 1,
  diagnostic: 2,
  screening: 3,
};

/** The priority level of a BullMQ priority number (unknown numbers count as screening). */
export function priorityFromBullmq(priority: number): AnalysisPriority {
  return ANALYSIS_PRIORITIES.find((p) => BULLMQ_PRIORITY[p] === priority) ?? 'screening';
}

/** Name of every job in the queue. */
export const ANALYSIS_JOB_NAME = 'analyse-study';

/** The one analysis of a study's image set by one model version: `<StudyInstanceUID>:<modelVersion>`. */
export function analysisKey(studyInstanceUid: string, modelVersion: string): string {
  return `${studyInstanceUid}:${modelVersion}`;
}

/**
 * The BullMQ job id of an analysis key. BullMQ refuses custom ids holding one ':' (it reserves
 * them for repeatable jobs) and ids that read as integers, so the key is percent-encoded
 * (`1.2.3:1.0.0` → `1.2.3%3A1.0.0`): deterministic, reversible with decodeURIComponent, and never
 * an integer since it always holds `%3A`.
 */
export function bullmqJobId(key: string): string {
  return encodeURIComponent(key);
}

/** What a job carries. The worker reads the study from Orthanc by these ids. */
export interface AnalysisJobData {
  /** Row id of the analysis (a bigint, as a decimal string). */
  readonly analysisId: string;
  /** `<StudyInstanceUID>:<modelVersion>`, the analysis's unique key (see {@link bullmqJobId}). */
  readonly key: string;
  /**
   * Image-set revision of the analysis: it grows when the study's set of MG images changes and the
   * analysis is queued again. The worker passes it back to the repository functions, which ignore
   * updates from an older revision.
   */
  readonly revision: number;
  readonly studyInstanceUid: string;
  readonly orthancStudyId: string;
  readonly modelId: string;
  readonly modelVersion: string;
  /** Priority when the job was queued (aging may raise the job's BullMQ priority afterwards). */
  readonly priority: AnalysisPriority;
  /** Orthanc ids of the study's mammography images, in the study's series/instance order. */
  readonly instances: readonly string[];
}

/** Published on {@link ANALYSIS_EVENTS_CHANNEL} each time an analysis row changes. */
export const analysisEventSchema = z.object({
  type: z.literal('analysis'),
  analysisId: z.string(),
  key: z.string(),
  studyInstanceUid: z.string(),
  modelId: z.string(),
  modelVersion: z.string(),
  revision: z.number().int(),
  status: z.enum(ANALYSIS_STATUSES),
  priority: z.enum(ANALYSIS_PRIORITIES),
  /** Why the analysis failed or was skipped, for a person to read. */
  reason: z.string().nullable(),
  /** Exam-level calibrated probability of malignancy (0–1) of a done analysis; null otherwise. */
  malignancyScore: z.number().nullable(),
  /** ISO 8601 time of the change. */
  at: z.string(),
});
export type AnalysisEvent = Readonly<z.infer<typeof analysisEventSchema>>;
