import type { GuardedRouter } from '../auth/guardedRouter';
import { AuditFilterSchema, listAuditEvents } from './auditLog';
import type { BridgeContext } from '../context';
import { asyncWrap } from '../http/asyncWrap';
import { input, validator } from '../http/validate';

const listSchemas = { query: AuditFilterSchema };

export function auditRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** The audit trail, newest first, by user, patient and date (reading it is itself recorded). */
  routes.get(
    '/audit',
    {
      access: 'audit:read',
      audit: (req) => ({
        resourceType: 'audit',
        action: 'search',
        detail: { query: req.url.split('?')[1] ?? '' },
      }),
    },
    validator(listSchemas),
    asyncWrap(async (_req, res) => {
      res.json(await listAuditEvents(ctx, input(res, listSchemas).query));
    }),
  );
}
