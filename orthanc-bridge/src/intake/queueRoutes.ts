import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { queueStats } from './analysisQueue';
import { asyncWrap } from '../http/asyncWrap';

export function queueRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** Waiting jobs per priority with the oldest wait in seconds, and the active, retrying and failed counts. */
  routes.get(
    '/queue',
    { access: 'signed-in' },
    asyncWrap(async (_req, res) => {
      res.json({ queue: ctx.queue.name, ...(await queueStats(ctx.queue)) });
    }),
  );
}
