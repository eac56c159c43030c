import { Router } from 'express';
import { z } from 'zod';
import type { BridgeContext } from '../../context';
import { listAnalyses } from '../../db/analyses';
import { ANALYSIS_PRIORITIES, ANALYSIS_STATUSES } from '../../queue/contract';
import { asyncWrap } from '../asyncWrap';
import { analysisJson } from '../json';
import { input, validator } from '../validate';

const listSchemas = {
  query: z.strictObject({
    status: z.enum(ANALYSIS_STATUSES).optional(),
    priority: z.enum(ANALYSIS_PRIORITIES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  }),
};

export function analysesRoutes(ctx: BridgeContext): Router {
  const router = Router();

  /** Analyses, the most urgent and oldest first, filtered by status and priority. */
  router.get(
    '/analyses',
    validator(listSchemas),
    asyncWrap(async (_req, res) => {
      const { query } = input(res, listSchemas);
      const analyses = await listAnalyses(ctx.pool, query);
      res.json({ analyses: analyses.map(analysisJson), limit: query.limit, offset: query.offset });
    }),
  );

  return router;
}
