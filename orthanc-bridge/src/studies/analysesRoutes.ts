import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import { searchAudit } from '../audit/searchAudit';
import type { BridgeContext } from '../context';
import { listAnalyses } from './analysisStore';
import { ANALYSIS_PRIORITIES, ANALYSIS_STATUSES } from '../intake/queueContract';
import { asyncWrap } from '../http/asyncWrap';
import { analysisJson } from './json';
import { input, validator } from '../http/validate';

const listSchemas = {
  query: z.strictObject({
    status: z.enum(ANALYSIS_STATUSES).optional(),
    priority: z.enum(ANALYSIS_PRIORITIES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  }),
};

export function analysesRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** Analyses of studies in the user's patient scope, the most urgent and oldest first, filtered by status and priority. */
  routes.get(
    '/analyses',
    { access: 'study:read', audit: searchAudit('analysis') },
    validator(listSchemas),
    asyncWrap(async (_req, res) => {
      const { query } = input(res, listSchemas);
      const analyses = await listAnalyses(ctx.pool, currentUser(res).scope, query);
      res.json({ analyses: analyses.map(analysisJson), limit: query.limit, offset: query.offset });
    }),
  );
}
