/**
 * What a physician-admin does to the model (model:manage): put a candidate in shadow or stop it,
 * compare it with the model in use, promote it, roll back. Each refusal is an HttpError with a
 * stable code, raised before anything is written.
 */
import { resolveModel, type ModelEntry } from '@sentinelle/models';
import type { BridgeContext, ModelRef } from '../context';
import { withTransaction } from '../db/pool';
import { conflict, HttpError, notFound } from '../http/errors';
import { listComparisonCases } from './comparisonCases';
import { comparisonReport, type ComparisonReport, type MinimumCases } from './comparisonReport';
import { findComparison, saveComparison } from './comparisonStore';
import { modelInUse } from './modelInUse';
import { insertPromotion, listPromotions, lockPromotions } from './promotionStore';
import { readRegistryEntries } from './registryEntries';
import { sweepShadowAnalyses } from './shadowQueue';
import { findActiveCandidate, startCandidate, stopCandidate, type ShadowCandidate } from './shadowStore';

/** The promotion rules, in the bridge's context (ctx.governance). */
export interface GovernanceSettings {
  readonly minimumCases: MinimumCases;
}

const sameModel = (a: ModelRef, b: ModelRef) => a.id === b.id && a.version === b.version;
const named = (m: ModelRef) => `${m.id} ${m.version}`;

export async function putInShadow(
  ctx: BridgeContext,
  modelId: string,
  userId: string,
): Promise<ShadowCandidate> {
  const entries = await readRegistryEntries(ctx.registryPath);
  if (!entries.some((e) => e.id === modelId))
    throw new HttpError(400, `model ${modelId} is not in the registry`, 'model-not-in-registry', { modelId });
  let entry: ModelEntry;
  try {
    ({ entry } = await resolveModel({ id: modelId, registryPath: ctx.registryPath }));
  } catch (error) {
    // A missing or altered ONNX file: a worker could not load it either.
    throw new HttpError(
      409,
      `model ${modelId} cannot be served: ${(error as Error).message}`,
      'model-file-unusable',
      { modelId },
    );
  }
  const candidate = await withTransaction(ctx.pool, async (db) => {
    await lockPromotions(db);
    const inUse = await modelInUse(ctx, db);
    if (entry.id === inUse.id)
      throw conflict(
        `${named(inUse)} is the model in use; a candidate must be another model`,
        'candidate-in-use',
      );
    // Analyses are keyed `<StudyInstanceUID>:<modelVersion>`: two models of one version would share keys.
    if (entry.version === inUse.version)
      throw conflict(
        `${entry.id} has the version of the model in use (${inUse.version}); analyses are named after the version`,
        'candidate-version-clash',
      );
    const active = await findActiveCandidate(db, { forUpdate: true });
    if (active)
      throw conflict(`${named(active.model)} is already in shadow; stop it first`, 'shadow-already-running');
    return startCandidate(db, { id: entry.id, version: entry.version }, userId);
  });
  // The periodic sweep does it anyway; now, so the read cases start at once.
  await sweepShadowAnalyses(ctx).catch((error: unknown) =>
    ctx.logger.warn({ err: error }, 'could not queue the shadow analyses now; the periodic sweep will'),
  );
  return candidate;
}

export async function stopShadow(ctx: BridgeContext, userId: string): Promise<ShadowCandidate> {
  return withTransaction(ctx.pool, async (db) => {
    await lockPromotions(db);
    const active = await findActiveCandidate(db, { forUpdate: true });
    if (!active) throw conflict('no model is in shadow', 'no-shadow-candidate');
    await stopCandidate(db, active.id, userId);
    return active;
  });
}

/** Computes the comparison of the candidate in shadow with the model in use, and keeps it. */
export async function compareCandidate(
  ctx: BridgeContext,
  userId: string,
): Promise<{ id: string; report: ComparisonReport }> {
  const candidate = await findActiveCandidate(ctx.pool);
  if (!candidate)
    throw conflict('no model is in shadow: put a candidate in shadow first', 'no-shadow-candidate');
  const inUse = await modelInUse(ctx);
  const entries = await readRegistryEntries(ctx.registryPath);
  const threshold = (m: ModelRef) => {
    const entry = entries.find((e) => e.id === m.id && e.version === m.version);
    if (!entry)
      throw new HttpError(409, `${named(m)} is no longer in the registry`, 'model-not-in-registry', {
        modelId: m.id,
      });
    return entry.operatingPoints.recall;
  };
  const models = {
    current: { ...inUse, threshold: threshold(inUse) },
    candidate: { ...candidate.model, threshold: threshold(candidate.model) },
  };
  const cases = await listComparisonCases(ctx.pool, ctx.cipher, inUse, candidate.model);
  const report = comparisonReport(cases, models, ctx.governance.minimumCases);
  const id = await saveComparison(ctx.pool, report, userId);
  return { id, report };
}

export interface ModelChange {
  readonly promotionId: string;
  readonly model: ModelRef;
  readonly previous: ModelRef;
  readonly comparisonId: string | null;
}

/**
 * Promotes the candidate a comparison was made on. Refused without a comparison, with too few
 * cases, or when the model in use or the candidate changed since the comparison was made.
 */
export async function promoteCandidate(
  ctx: BridgeContext,
  comparisonId: string | undefined,
  userId: string,
): Promise<ModelChange> {
  if (comparisonId === undefined)
    throw conflict('a promotion is approved on a comparison: compare the models first', 'comparison-needed');
  return withTransaction(ctx.pool, async (db) => {
    await lockPromotions(db);
    const comparison = await findComparison(db, comparisonId);
    if (!comparison) throw notFound(`no comparison ${comparisonId}`, 'comparison-not-found');
    const inUse = await modelInUse(ctx, db);
    const active = await findActiveCandidate(db, { forUpdate: true });
    if (!sameModel(comparison.current, inUse) || !active || !sameModel(comparison.candidate, active.model))
      throw conflict(
        `comparison ${comparisonId} compared ${named(comparison.candidate)} with ${named(comparison.current)}; ` +
          `the model in use is ${named(inUse)} and the candidate ${active ? named(active.model) : 'none'}: compare again`,
        'comparison-outdated',
      );
    const { report } = comparison;
    if (!report.enough)
      throw new HttpError(
        409,
        `the comparison has ${report.positives} recalled and ${report.negatives} other cases; a promotion needs at ` +
          `least ${report.minimum.positives} and ${report.minimum.negatives}`,
        'too-few-cases',
        {
          positives: String(report.positives),
          negatives: String(report.negatives),
          minimumPositives: String(report.minimum.positives),
          minimumNegatives: String(report.minimum.negatives),
        },
      );
    const promotionId = await insertPromotion(db, {
      action: 'promote',
      model: active.model,
      previous: inUse,
      comparisonId,
      userId,
    });
    // In use now: no longer a candidate.
    await stopCandidate(db, active.id, userId);
    return { promotionId, model: active.model, previous: inUse, comparisonId };
  });
}

/** Back to the model in use before the last promotion: one action, no comparison needed. */
export async function rollBack(ctx: BridgeContext, userId: string): Promise<ModelChange> {
  return withTransaction(ctx.pool, async (db) => {
    await lockPromotions(db);
    const [last] = await listPromotions(db, 1);
    if (!last || last.action !== 'promote')
      throw conflict(
        last ? 'the last change was already a rollback' : 'no model was ever promoted',
        'nothing-to-roll-back',
      );
    const promotionId = await insertPromotion(db, {
      action: 'rollback',
      model: last.previous,
      previous: last.model,
      comparisonId: null,
      userId,
    });
    // The model restored was perhaps in shadow meanwhile: in use now, no longer a candidate.
    const active = await findActiveCandidate(db, { forUpdate: true });
    if (active && sameModel(active.model, last.previous)) await stopCandidate(db, active.id, userId);
    return { promotionId, model: last.previous, previous: last.model, comparisonId: null };
  });
}
