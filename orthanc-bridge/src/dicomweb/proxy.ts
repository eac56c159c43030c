import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { basicAuth, type OrthancConnection } from '@sentinelle/config';
import { Router, type Request } from 'express';
import type { Logger } from 'pino';
import { asyncWrap } from '../api/asyncWrap';

/** Request headers a DICOMweb client may send on to Orthanc; nothing else (no cookies) passes. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'if-none-match'];
/** Response headers passed back to the viewer. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-length', 'etag', 'last-modified'];
const PROXY_TIMEOUT_MS = 120_000;

/**
 * The viewer's DICOMweb (QIDO-RS, WADO-RS, STOW-RS) at /dicom-web, relayed to Orthanc's DICOMweb
 * plugin with the bridge's credentials: the browser never holds Orthanc's password, and the bridge
 * is the one place where access to images can be checked and recorded. Bodies stream both ways.
 */
export function dicomWebProxy(orthanc: OrthancConnection, logger: Logger): Router {
  const router = Router();
  const authorization = basicAuth(orthanc.username, orthanc.password);

  router.all(
    /.*/,
    asyncWrap(async (req, res) => {
      if (!['GET', 'HEAD', 'POST'].includes(req.method)) {
        res
          .status(405)
          .set('allow', 'GET, HEAD, POST')
          .json({ error: 'DICOMweb through Sentinelle is read and store only' });
        return;
      }
      const headers = new Headers({
        authorization,
        'accept-encoding': 'identity',
        forwarded: forwardedFor(req),
      });
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const hasBody = req.method === 'POST';
      const target = `${orthanc.url}/dicom-web${req.url}`;
      const upstream = await fetch(target, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: hasBody ? 'half' : undefined,
        signal: AbortSignal.timeout(PROXY_TIMEOUT_MS),
        redirect: 'manual',
      } as RequestInit).catch((error: Error) => {
        logger.warn({ err: error, path: req.path }, 'DICOMweb relay to Orthanc failed');
        return undefined;
      });
      if (!upstream) {
        res.status(502).json({ error: 'the image archive (Orthanc) did not answer' });
        return;
      }
      res.status(upstream.status);
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) res.setHeader(name, value);
      }
      if (!upstream.body || req.method === 'HEAD') {
        res.end();
        return;
      }
      const body = Readable.fromWeb(upstream.body as WebReadableStream);
      res.on('close', () => body.destroy());
      body.on('error', (error) => {
        logger.warn({ err: error, path: req.path }, 'DICOMweb relay interrupted');
        res.destroy(error);
      });
      body.pipe(res);
    }),
  );
  return router;
}

/**
 * RFC 7239 Forwarded header: Orthanc's DICOMweb plugin writes the URLs it returns (BulkDataURI,
 * RetrieveURL) from it, so they point at the bridge's /dicom-web rather than at Orthanc.
 */
function forwardedFor(req: Request): string {
  const host = req.headers.host ?? '127.0.0.1';
  return `proto=${req.protocol};host="${host}"`;
}
