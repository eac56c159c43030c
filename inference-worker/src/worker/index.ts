export { execAnalysisJob } from './execAnalysisJob';
export type {
  AnalysisJob,
  AnalysisJobDeps,
  AnalysisResult,
  JobOutcome,
  StageTimings,
} from './execAnalysisJob';
export { execShadowJob } from './execShadowJob';
export type { ShadowJob, ShadowJobDeps, ShadowOutcome } from './execShadowJob';
export { classifyFailure, PermanentAnalysisError, StudyGoneError } from './failures';
export type { Failure, FailureKind } from './failures';
export { WorkerOrthancClient } from './orthancClient';
export type { InstanceInfo, StowResult } from './orthancClient';
export { renderResults, resultUids } from './renderResults';
export type { RenderedResults, ResultUids, SiteRenderOptions } from './renderResults';
export { startWorkerServices, workerSettingsFrom } from './service';
export type { WorkerServices, WorkerSettings } from './service';
