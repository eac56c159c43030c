import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { currentUser } from '../auth/authenticate';
import { listSiteReaders } from './readerStore';
import { asyncWrap } from '../http/asyncWrap';
import { readerJson } from './json';

export function readersRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** The readers one can consult: the active clinical accounts of the user's own site. */
  routes.get(
    '/readers',
    { access: 'signed-in' },
    asyncWrap(async (_req, res) => {
      const { site } = currentUser(res).account;
      res.json({ readers: (await listSiteReaders(ctx.pool, site)).map(readerJson) });
    }),
  );
}
