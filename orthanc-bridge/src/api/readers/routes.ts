import type { GuardedRouter } from '../../auth/guardedRouter';
import type { BridgeContext } from '../../context';
import { listReaders } from '../../db/readers';
import { asyncWrap } from '../asyncWrap';
import { readerJson } from '../json';

export function readersRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** The readers one can consult: the active clinical accounts. */
  routes.get(
    '/readers',
    { access: 'signed-in' },
    asyncWrap(async (_req, res) => {
      res.json({ readers: (await listReaders(ctx.pool)).map(readerJson) });
    }),
  );
}
