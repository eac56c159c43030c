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
} from './queue/contract';
export type { AnalysisEvent, AnalysisJobData, AnalysisPriority, AnalysisStatus } from './queue/contract';

// What the worker records on an analysis, and publishes.
export {
  findAnalysisById,
  markAnalysisDone,
  markAnalysisFailed,
  markAnalysisRunning,
  toAnalysisEvent,
} from './db/analyses';
export type {
  Analysis,
  AnalysisDone,
  AnalysisFailed,
  AnalysisRevisionRef,
  MarkRunningResult,
} from './db/analyses';
export { saveModelViews } from './db/modelViews';
// The keyring the worker seals the model views with (the bridge creates it at its first start).
export { keyringFile, loadKeyring } from './crypto';
export type { Keyring } from './crypto';
export type { ModelViewImage } from './db/modelViews';
export { publishAnalysisEvent } from './events/publishAnalysisEvent';
export type { Publisher } from './events/publishAnalysisEvent';
export { createPool, withTransaction } from './db/pool';

// Accounts.
export type { Reader } from './db/readers';
export type { NewUser, UserAccount } from './db/users';
export type { Role, Permission } from './auth/permissions';
export { migrate, MIGRATIONS_DIR } from './db/migrate';

// Triage.
export { execTriage } from './triage/execTriage';
export type { TriageDecision, TriageRule } from './triage/execTriage';
export { agedPriority, promote } from './triage/aging';

// The service.
export { createApp, initAppServices, shutdownApp } from './app';
export type { AppServices, BridgeConfig } from './app';
export { bridgeConfigFrom } from './config';
