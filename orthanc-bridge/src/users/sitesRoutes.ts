import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { asyncWrap } from '../http/asyncWrap';

export function sitesRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /**
   * The sites of this installation and the institutions (DICOM InstitutionName) whose patients
   * each holds, as configured (SENTINELLE_SITES): for the administrators who give accounts a site.
   */
  routes.get(
    '/sites',
    { access: 'user:manage' },
    asyncWrap(async (_req, res) => {
      const { defaultSite, byInstitution } = ctx.auth.sites;
      const ids = [...new Set([defaultSite, ...Object.values(byInstitution)])].sort();
      res.json({
        defaultSite,
        sites: ids.map((id) => ({
          id,
          institutions: Object.keys(byInstitution)
            .filter((institution) => byInstitution[institution] === id)
            .sort(),
        })),
      });
    }),
  );
}
