import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import { searchAudit } from '../audit/searchAudit';
import type { BridgeContext } from '../context';
import { countOpenConsultationsFor } from '../consultations/consultationStore';
import { listWorklist } from './worklistStore';
import { registryOperatingPoints } from '../reading/registryOperatingPoints';
import { asyncWrap } from '../http/asyncWrap';
import { input, validator } from '../http/validate';

const worklistSchemas = {
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    offset: z.coerce.number().int().min(0).default(0),
  }),
};

export function worklistRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /**
   * The mammography studies to read: urgent patients first, then by screening category (elevated
   * first), then by exam probability, then the newest, within the user's patient scope. Each study
   * shows the calibrated probability, the category and the exam score 1–10 (findings stored in the
   * older format read with the registry's operating points of their model), and counts the user's
   * unanswered consultations.
   */
  routes.get(
    '/worklist',
    { access: 'study:read', audit: searchAudit('study') },
    validator(worklistSchemas),
    asyncWrap(async (_req, res) => {
      const { query } = input(res, worklistSchemas);
      const user = currentUser(res);
      const entries = await listWorklist(ctx.pool, ctx.cipher, user.scope, {
        modelVersion: ctx.model.version,
        legacyPoints: await registryOperatingPoints(ctx.registryPath),
        ...query,
      });
      const open = await countOpenConsultationsFor(
        ctx.pool,
        user.account.id,
        entries.map((e) => e.studyInstanceUid),
      );
      res.json({
        studies: entries.map((e) => ({
          studyInstanceUid: e.studyInstanceUid,
          studyDate: e.studyDate,
          status: e.status,
          malignancyScore: e.malignancyScore,
          category: e.category,
          examScore: e.examScore,
          priority: e.priority,
          urgent: e.urgent,
          openConsultationsForMe: open.get(e.studyInstanceUid) ?? 0,
        })),
        limit: query.limit,
        offset: query.offset,
      });
    }),
  );
}
