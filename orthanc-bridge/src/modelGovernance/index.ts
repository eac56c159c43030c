/**
 * Model governance (issue 22 §3): a candidate model runs in shadow, is compared with the model in
 * use on the site's read cases, and is promoted by a physician-admin, or rolled back.
 *
 * Design, the smallest real version:
 * - The model in use is data, not configuration: the last row of model_promotion (append-only),
 *   else the model the bridge was started with (the registry default). modelInUse() reads it from
 *   PostgreSQL wherever the bridge used its start-time model (intake's analysis key, the study's
 *   current analysis, the worklist, the findings), so every replica switches when the promotion
 *   commits, with no process-local state. Readers then see the promoted model's analyses; its id
 *   and version reach the SR, the panel and the report through the findings as before.
 * - Shadow: at most one candidate (a registry entry other than the model in use) is put in
 *   shadow by a physician-admin. A periodic sweep (and the action itself) records a shadow
 *   analysis for every study the bridge analyses, new and earlier ones, the read cases queued
 *   first, on the same MG images as its clinical analysis, and enqueues it on a queue of its own
 *   (`<analysis queue>-shadow`): a backlog of hundreds of read cases never delays a clinical
 *   analysis, and the shadow work scales or pauses apart. Its jobs name the model id and version;
 *   the worker loads the registry entry asked for and keeps its session (the same cache serves
 *   clinical jobs after a promotion, so no worker restart is needed). It records the score and
 *   findings in shadow_analysis (PostgreSQL) and nothing else: no SR or SEG in Orthanc, so
 *   nothing in DICOMweb; no analysis row or event, so nothing in the worklist, the panel or a
 *   report. Only these routes (model:manage) read shadow_analysis.
 * - Truth: the final reading, recall (BI-RADS 0, 3, 4, 5, 6 per the ACR audit) or not, from the
 *   last signed report, else the last validation. Pathology outcomes are not recorded yet, so a
 *   recall stands in for cancer, and readers who saw the current model's marks set it: a bias in
 *   the current model's favour, said on the page.
 * - Comparison: both models' exam malignancy scores on the same cases, at each model's own
 *   "recall" operating point from the registry; statistics from @sentinelle/models (AUC with
 *   DeLong 95% intervals, DeLong's paired test, sensitivity/specificity with McNemar, share
 *   flagged) and the cases where they disagree. Each comparison is kept (model_comparison,
 *   append-only): a promotion names the one it was approved on.
 * - Promotion needs a comparison whose models are still the candidate and the model in use, with
 *   at least DEFAULT_MINIMUM_CASES recalled and not-recalled cases; rollback returns to the model
 *   before the last promotion in one action. Both are audited (resource type `model`).
 * - Network-wide, not per site: one queue, one analysis key per study and model version, one
 *   model in use; a per-site model would fork every reader's read path for little gain. The
 *   statistics count every site's cases (numbers, no patient); per-case rows and study links show
 *   only the user's patient scope.
 */
export { modelGovernanceRoutes } from './routes';
export { modelInUse } from './modelInUse';
export { createShadowQueue, sweepShadowAnalyses, type ShadowQueue } from './shadowQueue';
export { DEFAULT_MINIMUM_CASES, type MinimumCases } from './comparisonReport';
export type { GovernanceSettings } from './governance';
export { SHADOW_JOB_NAME, shadowJobId, shadowQueueName, type ShadowJobData } from './shadowContract';
export {
  markShadowDone,
  markShadowFailed,
  markShadowRunning,
  type MarkShadowRunning,
  type ShadowDone,
  type ShadowRevisionRef,
} from './shadowStore';
