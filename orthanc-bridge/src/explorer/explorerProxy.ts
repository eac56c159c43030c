import { basicAuth, type OrthancConnection } from '@sentinelle/config';
import { Router } from 'express';
import helmet from 'helmet';
import type { AuditRecorder } from '../audit/auditMiddleware';
import { requireAccess } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { asyncWrap } from '../http/asyncWrap';
import { HttpError } from '../http/errors';
import { explorerBody } from './explorerBodies';
import { parseExplorerPath } from './explorerRoutes';
import { hideIdentity } from './hideIdentity';
import { fetchFromOrthanc, pipeBack } from '../orthanc/relay';

/** A JSON answer is rewritten in memory: more than this is refused rather than buffered. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by the Orthanc Explorer relay: why a request was refused before reaching Orthanc. */
      explorerRefused?: string;
    }
  }
}

/**
 * Orthanc Explorer and the part of Orthanc's REST API it needs at /orthanc, for sysadmins
 * (orthanc:admin) only: Orthanc itself answers only the bridge's credentials on loopback, so this
 * relay is the one way in, and every request through it is in the audit trail. Each request is
 * read from its raw target against the routes Orthanc Explorer uses (explorerRoutes.ts), Orthanc
 * is sent a URL (and body) the bridge built, and its JSON answers come back without patient
 * identity (hideIdentity.ts).
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
    audit((req, res) => ({
      resourceType: 'orthanc',
      resourceId: req.path.split('/').filter(Boolean).slice(0, 2).join('/').slice(0, 256) || null,
      detail: {
        orthancAdmin: true,
        ...(res.locals.explorerRefused && { refused: res.locals.explorerRefused }),
      },
    })),
  );
  router.use(requireAccess('orthanc:admin'));
  router.all(
    /.*/,
    asyncWrap(async (req, res) => {
      const parsed = parseExplorerPath(req.originalUrl, req.method);
      if (!parsed.ok) {
        res.locals.explorerRefused = parsed.reason;
        throw new HttpError(parsed.status, parsed.reason);
      }
      const { route } = parsed;
      const body = await explorerBody(req, route.body);
      const path = route.segments.map((s) => encodeURIComponent(s)).join('/');
      const upstream = await fetchFromOrthanc(
        req,
        res,
        `${orthanc.url}/${path}${route.query ? `?${route.query}` : ''}`,
        {
          authorization,
          logger: ctx.logger,
          ...(body && { body }),
          unavailable: 'Orthanc did not answer',
        },
      );
      if (!upstream) return;
      // Orthanc redirects to its own root-relative paths (/app/explorer.html): keep them under /orthanc.
      const location = upstream.headers.get('location');
      if (location) res.setHeader('location', location.startsWith('/') ? `/orthanc${location}` : location);
      const type = upstream.headers.get('content-type') ?? '';
      if (!/^application\/json\b/i.test(type) || req.method === 'HEAD') {
        pipeBack(upstream, req, res, ctx.logger);
        return;
      }
      const text = await upstream.text();
      if (text.length > MAX_JSON_BYTES) throw new HttpError(413, 'Orthanc’s answer is too large to show');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new HttpError(502, 'Orthanc answered JSON that cannot be read');
      }
      res
        .status(upstream.status)
        .set('cache-control', 'no-store')
        .type(type)
        .send(JSON.stringify(hideIdentity(json)));
    }),
  );
  return router;
}
