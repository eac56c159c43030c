import { Router } from 'express';
import { z } from 'zod';
import type { BridgeContext } from '../../context';
import { countOpenConsultationsFor } from '../../db/consultations';
import { listWorklist } from '../../db/worklist';
import { asyncWrap } from '../asyncWrap';
import { readerIdentity } from '../readers/identity';
import { input, validator } from '../validate';

const worklistSchemas = {
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    offset: z.coerce.number().int().min(0).default(0),
  }),
};

export function worklistRoutes(ctx: BridgeContext): Router {
  const router = Router();

  /**
   * The mammography studies to read: urgent patients first, then exams the AI flags, then by exam
   * score, then the newest. With X-Sentinelle-Reader, each study counts the reader's unanswered
   * consultations (0 without the header).
   */
  router.get(
    '/worklist',
    readerIdentity(ctx, { optional: true }),
    validator(worklistSchemas),
    asyncWrap(async (_req, res) => {
      const { query } = input(res, worklistSchemas);
      const entries = await listWorklist(ctx.pool, { modelVersion: ctx.model.version, ...query });
      const reader = res.locals.reader;
      const open = reader
        ? await countOpenConsultationsFor(
            ctx.pool,
            reader.id,
            entries.map((e) => e.studyInstanceUid),
          )
        : new Map<string, number>();
      res.json({
        studies: entries.map((e) => ({
          studyInstanceUid: e.studyInstanceUid,
          studyDate: e.studyDate,
          status: e.status,
          examScore: e.examScore,
          aboveThreshold: e.aboveThreshold,
          priority: e.priority,
          urgent: e.urgent,
          openConsultationsForMe: open.get(e.studyInstanceUid) ?? 0,
        })),
        limit: query.limit,
        offset: query.offset,
      });
    }),
  );

  return router;
}
