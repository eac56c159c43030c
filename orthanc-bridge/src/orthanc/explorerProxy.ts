import { basicAuth, type OrthancConnection } from '@sentinelle/config';
import { Router } from 'express';
import helmet from 'helmet';
import type { AuditRecorder } from '../audit/auditMiddleware';
import { requireAccess } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { asyncWrap } from '../api/asyncWrap';
import { fetchFromOrthanc, pipeBack } from './relay';

/**
 * Orthanc Explorer and Orthanc's REST API at /orthanc, for sysadmins (orthanc:admin) only: Orthanc
 * itself answers only the bridge's credentials on loopback, so this relay is the one way in, and
 * every request through it is in the audit trail.
 */
export function orthancExplorerProxy(
  ctx: BridgeContext,
  orthanc: OrthancConnection,
  audit: AuditRecorder,
): Router {
  const router = Router();
  const authorization = basicAuth(orthanc.username, orthanc.password);
  // Orthanc Explorer (jQuery Mobile) runs inline scripts and styles.
  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
  router.use(
    audit((req) => ({
      resourceType: 'orthanc',
      resourceId: req.path.split('/').filter(Boolean).slice(0, 2).join('/') || null,
      detail: { orthancAdmin: true },
    })),
  );
  router.use(requireAccess('orthanc:admin'));
  router.all(
    /.*/,
    asyncWrap(async (req, res) => {
      const upstream = await fetchFromOrthanc(req, res, `${orthanc.url}${req.url}`, {
        authorization,
        logger: ctx.logger,
        unavailable: 'Orthanc did not answer',
      });
      if (!upstream) return;
      // Orthanc redirects to its own root-relative paths (/app/explorer.html): keep them under /orthanc.
      const location = upstream.headers.get('location');
      if (location) res.setHeader('location', location.startsWith('/') ? `/orthanc${location}` : location);
      pipeBack(upstream, req, res, ctx.logger);
    }),
  );
  return router;
}
