// Queue contract shared with the inference worker.
export {
  ANALYSIS_EVENTS_CHANNEL,
  ANALYSIS_JOB_NAME,
  ANALYSIS_PRIORITIES,
  ANALYSIS_QUEUE_NAME,
  ANALYSIS_STATUSES,
  analysisEventSchema,
  analysisKey,
  BULLMQ_PRIORITY,
  bullmqJobId,
  priorityFromBullmq,
} from './intake/queueContract';
export type {
  AnalysisEvent,
  AnalysisJobData,
  AnalysisPriority,
  AnalysisStatus,
} from './intake/queueContract';

// What the worker records on an analysis, and publishes.
export {
  findAnalysisById,
  markAnalysisDone,
  markAnalysisFailed,
  markAnalysisRunning,
  toAnalysisEvent,
} from './studies/analysisStore';
export type {
  Analysis,
  AnalysisDone,
  AnalysisFailed,
  AnalysisRevisionRef,
  MarkRunningResult,
} from './studies/analysisStore';
export { saveModelViews } from './studies/modelViewStore';
// The keyring the worker seals the model views with (the bridge creates it at its first start).
export { keyringFile, loadKeyring } from './crypto';
export type { Keyring } from './crypto';
export type { ModelViewImage } from './studies/modelViewStore';
export { publishAnalysisEvent } from './intake/publishAnalysisEvent';
export type { Publisher } from './intake/publishAnalysisEvent';
export { createPool, withTransaction } from './db/pool';

// Training exports: the queue contract and what the worker records on an export.
export {
  TRAINING_EXPORT_JOB_NAME,
  TRAINING_EXPORT_QUEUE_NAME,
  TRAINING_EXPORT_STATES,
  trainingCaseSchema,
  trainingExportJobDataSchema,
  trainingExportProgressSchema,
} from './trainingExports/queueContract';
export type {
  MarkOrigin,
  TrainingBreast,
  TrainingCase,
  TrainingExportJobData,
  TrainingExportProgress,
  TrainingExportState,
  TrainingLabel,
  TrainingMark,
} from './trainingExports/queueContract';
export {
  findTrainingExportForWorker,
  finishTrainingExport,
  listTrainingExportCases,
  markTrainingExportRunning,
} from './trainingExports/trainingExportStore';
export type { TrainingExport, TrainingExportOutcome } from './trainingExports/trainingExportStore';
export { openCaseReport } from './trainingExports/caseReport';

// Shadow analyses of a candidate model: the queue contract and what the worker records.
export {
  markShadowDone,
  markShadowFailed,
  markShadowRunning,
  SHADOW_JOB_NAME,
  shadowJobId,
  shadowQueueName,
} from './modelGovernance';
export type { MarkShadowRunning, ShadowDone, ShadowJobData, ShadowRevisionRef } from './modelGovernance';

// Accounts.
export type { Reader } from './users/readerStore';
export type { NewUser, UserAccount } from './users/userStore';
export type { Role, Permission } from './auth/permissions';
export { migrate, MIGRATIONS_DIR } from './db/migrate';

// Triage.
export { execTriage } from './intake/execTriage';
export type { TriageDecision, TriageRule } from './intake/execTriage';
export { agedPriority, promote } from './intake/aging';

// The service.
export { createApp, initAppServices, shutdownApp } from './app';
export type { AppServices, BridgeConfig } from './app';
export { bridgeConfigFrom } from './config';
