import { Router } from 'express';
import type { BridgeContext } from '../../context';
import { queueStats } from '../../queue/analysisQueue';
import { asyncWrap } from '../asyncWrap';

export function queueRoutes(ctx: BridgeContext): Router {
  const router = Router();

  /** Waiting jobs per priority with the oldest wait in seconds, and the active, retrying and failed counts. */
  router.get(
    '/queue',
    asyncWrap(async (_req, res) => {
      res.json({ queue: ctx.queue.name, ...(await queueStats(ctx.queue)) });
    }),
  );

  return router;
}
