import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { basicAuth, type OrthancConnection } from '@sentinelle/config';
import { Router } from 'express';
import helmet from 'helmet';
import type { AuditRecorder } from '../audit/auditMiddleware';
import { requireAccess } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { asyncWrap } from '../api/asyncWrap';

const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'if-none-match'];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'etag',
  'last-modified',
  'content-disposition',
];

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
      const headers = new Headers({ authorization, 'accept-encoding': 'identity' });
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const hasBody = !['GET', 'HEAD'].includes(req.method);
      const upstream = await fetch(`${orthanc.url}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: hasBody ? 'half' : undefined,
        redirect: 'manual',
      } as RequestInit).catch((error: Error) => {
        ctx.logger.warn({ err: error, path: req.path }, 'Orthanc relay failed');
        return undefined;
      });
      if (!upstream) {
        res.status(502).json({ error: 'Orthanc did not answer' });
        return;
      }
      res.status(upstream.status);
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) res.setHeader(name, value);
      }
      // Orthanc redirects to its own root-relative paths (/app/explorer.html): keep them under /orthanc.
      const location = upstream.headers.get('location');
      if (location) res.setHeader('location', location.startsWith('/') ? `/orthanc${location}` : location);
      if (!upstream.body || req.method === 'HEAD') {
        res.end();
        return;
      }
      const body = Readable.fromWeb(upstream.body as WebReadableStream);
      res.on('close', () => body.destroy());
      body.on('error', (error) => res.destroy(error));
      body.pipe(res);
    }),
  );
  return router;
}
