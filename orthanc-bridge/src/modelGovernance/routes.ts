/**
 * /api/models: the model in use, the candidate in shadow, comparisons, promotion and rollback.
 * Physician-admins only (model:manage); network-wide, as the model is (see index.ts). Every write
 * is audited with what it changed; a comparison shows per-case details (study links) only for
 * the user's patient scope, the other sites' cases as a count.
 */
import { VIEWER_MODE_ROUTE } from '@sentinelle/config';
import { z } from 'zod';
import type { AuditDescriber } from '../audit/auditMiddleware';
import { currentUser, type SignedInUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import { visibleStudies } from '../auth/patientScope';
import type { BridgeContext } from '../context';
import { asyncWrap } from '../http/asyncWrap';
import { notFound } from '../http/errors';
import { input, validator } from '../http/validate';
import type { ComparisonReport } from './comparisonReport';
import { findComparison } from './comparisonStore';
import {
  compareCandidate,
  promoteCandidate,
  putInShadow,
  rollBack,
  stopShadow,
  type ModelChange,
} from './governance';
import { modelInUse } from './modelInUse';
import { listPromotions } from './promotionStore';
import { readRegistryEntries } from './registryEntries';
import { findActiveCandidate, shadowProgress } from './shadowStore';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by the model routes for their audit entry: what changed. */
      modelChange?: { readonly [key: string]: string | number | boolean | null };
    }
  }
}

const id = z.string().regex(/^[1-9]\d{0,17}$/, { error: 'must be a positive integer' });
const shadowSchemas = { body: z.strictObject({ modelId: z.string().regex(/^[a-z0-9-]{1,64}$/) }) };
const emptySchemas = { body: z.strictObject({}) };
const comparisonSchemas = { params: z.strictObject({ id }) };
const promotionSchemas = { body: z.strictObject({ comparisonId: id.optional() }) };

/** Audit entry of a model route: the model change it made, or tried. */
const auditModel =
  (what: string): AuditDescriber =>
  (req, res) => ({
    resourceType: 'model',
    resourceId: typeof req.params.id === 'string' ? `comparison/${req.params.id}` : what,
    ...(res.locals.modelChange && { detail: res.locals.modelChange }),
  });

/** The comparison as the user may see it: per-case rows of their patient scope only. */
async function scopedComparison(ctx: BridgeContext, user: SignedInUser, report: ComparisonReport) {
  const visible = await visibleStudies(
    ctx.pool,
    user.scope,
    report.disagreements.map((d) => d.studyInstanceUid),
  );
  const shown = report.disagreements.filter((d) => visible.has(d.studyInstanceUid));
  return {
    ...report,
    disagreements: shown.map((d) => ({
      ...d,
      viewerUrl: `/${VIEWER_MODE_ROUTE}?StudyInstanceUIDs=${encodeURIComponent(d.studyInstanceUid)}`,
    })),
    disagreementsElsewhere: report.disagreements.length - shown.length,
  };
}

function changeJson(change: ModelChange) {
  return {
    id: change.promotionId,
    model: change.model,
    previous: change.previous,
    comparisonId: change.comparisonId,
  };
}

export function modelGovernanceRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  routes.get(
    '/models',
    { access: 'model:manage', audit: () => ({ resourceType: 'model', resourceId: 'state' }) },
    asyncWrap(async (_req, res) => {
      const [inUse, entries, candidate, promotions] = await Promise.all([
        modelInUse(ctx),
        readRegistryEntries(ctx.registryPath),
        findActiveCandidate(ctx.pool),
        listPromotions(ctx.pool),
      ]);
      res.json({
        inUse,
        configured: ctx.model,
        registry: entries.map((e) => ({
          id: e.id,
          version: e.version,
          researchOnly: e.researchOnly,
          trainedAt: e.trainedAt,
          recallThreshold: e.operatingPoints.recall,
        })),
        candidate: candidate
          ? {
              ...candidate.model,
              startedAt: candidate.startedAt,
              progress: await shadowProgress(ctx.pool, candidate.model),
            }
          : null,
        promotions,
        minimumCases: ctx.governance.minimumCases,
      });
    }),
  );

  routes.post(
    '/models/shadow',
    { access: 'model:manage', audit: auditModel('shadow') },
    validator(shadowSchemas),
    asyncWrap(async (_req, res) => {
      const { modelId } = input(res, shadowSchemas).body;
      res.locals.modelChange = { action: 'shadow-start', modelId };
      const candidate = await putInShadow(ctx, modelId, currentUser(res).account.id);
      res.locals.modelChange = { action: 'shadow-start', modelId, modelVersion: candidate.model.version };
      res.status(201).json({ candidate: { ...candidate.model, startedAt: candidate.startedAt } });
    }),
  );

  routes.delete(
    '/models/shadow',
    { access: 'model:manage', audit: auditModel('shadow') },
    asyncWrap(async (_req, res) => {
      res.locals.modelChange = { action: 'shadow-stop' };
      const stopped = await stopShadow(ctx, currentUser(res).account.id);
      res.locals.modelChange = {
        action: 'shadow-stop',
        modelId: stopped.model.id,
        modelVersion: stopped.model.version,
      };
      res.json({ stopped: stopped.model });
    }),
  );

  routes.post(
    '/models/comparisons',
    { access: 'model:manage', audit: auditModel('comparison') },
    validator(emptySchemas),
    asyncWrap(async (_req, res) => {
      const user = currentUser(res);
      const { id: comparisonId, report } = await compareCandidate(ctx, user.account.id);
      res.locals.modelChange = { action: 'compare', comparisonId, cases: report.cases };
      res.status(201).json({ id: comparisonId, comparison: await scopedComparison(ctx, user, report) });
    }),
  );

  routes.get(
    '/models/comparisons/:id',
    { access: 'model:manage', audit: auditModel('comparison') },
    validator(comparisonSchemas),
    asyncWrap(async (_req, res) => {
      const { params } = input(res, comparisonSchemas);
      const stored = await findComparison(ctx.pool, params.id);
      if (!stored) throw notFound(`no comparison ${params.id}`, 'comparison-not-found');
      res.json({
        id: stored.id,
        createdBy: stored.createdBy,
        createdAt: stored.createdAt,
        comparison: await scopedComparison(ctx, currentUser(res), stored.report),
      });
    }),
  );

  routes.post(
    '/models/promotions',
    { access: 'model:manage', audit: auditModel('promotion') },
    validator(promotionSchemas),
    asyncWrap(async (_req, res) => {
      const { comparisonId } = input(res, promotionSchemas).body;
      res.locals.modelChange = { action: 'promote', comparisonId: comparisonId ?? null };
      const change = await promoteCandidate(ctx, comparisonId, currentUser(res).account.id);
      const stored = await findComparison(ctx.pool, change.comparisonId!);
      const stats = stored?.report.statistics;
      // The entry carries the decision and the comparison it rests on (kept, append-only, by id).
      res.locals.modelChange = {
        action: 'promote',
        comparisonId: change.comparisonId,
        model: `${change.model.id} ${change.model.version}`,
        previous: `${change.previous.id} ${change.previous.version}`,
        cases: stored?.report.cases ?? null,
        aucCandidate: stats?.auc.candidate.auc ?? null,
        aucCurrent: stats?.auc.current.auc ?? null,
        delongP: stats?.auc.delong.p ?? null,
      };
      res.status(201).json({ promotion: changeJson(change) });
    }),
  );

  routes.post(
    '/models/rollback',
    { access: 'model:manage', audit: auditModel('promotion') },
    validator(emptySchemas),
    asyncWrap(async (_req, res) => {
      res.locals.modelChange = { action: 'rollback' };
      const change = await rollBack(ctx, currentUser(res).account.id);
      res.locals.modelChange = {
        action: 'rollback',
        model: `${change.model.id} ${change.model.version}`,
        previous: `${change.previous.id} ${change.previous.version}`,
      };
      res.status(201).json({ rollback: changeJson(change) });
    }),
  );
}
