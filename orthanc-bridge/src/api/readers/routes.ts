import { Router } from 'express';
import type { BridgeContext } from '../../context';
import { listReaders } from '../../db/readers';
import { asyncWrap } from '../asyncWrap';
import { readerJson } from '../json';

export function readersRoutes(ctx: BridgeContext): Router {
  const router = Router();

  /** The readers one can consult (and, until sign-in exists, name in X-Sentinelle-Reader). */
  router.get(
    '/readers',
    asyncWrap(async (_req, res) => {
      res.json({ readers: (await listReaders(ctx.pool)).map(readerJson) });
    }),
  );

  return router;
}
