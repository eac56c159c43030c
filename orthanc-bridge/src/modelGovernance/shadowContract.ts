/**
 * The contract between the bridge (producer) and the inference worker (consumer) for shadow
 * analyses: a candidate model's analysis of a study, kept apart from readers. Imports nothing.
 */

/**
 * The shadow queue beside an analysis queue: its own queue, so a backlog of shadow work (every
 * read case of the site, when a candidate is put in shadow) never delays a clinical analysis,
 * and can be scaled or paused on its own.
 */
export function shadowQueueName(analysisQueueName: string): string {
  return `${analysisQueueName}-shadow`;
}

export const SHADOW_JOB_NAME = 'shadow-analyse-study';

/** What a shadow job carries. The worker loads the registry entry it names. */
export interface ShadowJobData {
  /** Row id of the shadow analysis (a bigint, as a decimal string). */
  readonly shadowAnalysisId: string;
  /** The image-set revision: results for an older one are ignored. */
  readonly revision: number;
  readonly studyInstanceUid: string;
  readonly orthancStudyId: string;
  readonly modelId: string;
  readonly modelVersion: string;
  /** Orthanc ids of the study's mammography images. */
  readonly instances: readonly string[];
}

/** The BullMQ job id: one per shadow analysis revision (no ':' — BullMQ reserves it). */
export function shadowJobId(data: Pick<ShadowJobData, 'shadowAnalysisId' | 'revision'>): string {
  return `shadow-${data.shadowAnalysisId}-r${data.revision}`;
}
