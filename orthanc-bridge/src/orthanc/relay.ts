/**
 * Relaying a browser's request to Orthanc and its answer back, for the DICOMweb relay and Orthanc
 * Explorer: the bridge's credentials replace the browser's (no cookie passes), and bodies stream
 * both ways.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

/** Request headers a browser may send on to Orthanc; nothing else passes. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'if-none-match'];
/** Response headers passed back to the browser. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'etag',
  'last-modified',
  'content-disposition',
];

export interface RelayOptions {
  /** The bridge's Basic authorization for Orthanc. */
  readonly authorization: string;
  readonly logger: Logger;
  /** Added to the request (e.g. RFC 7239 Forwarded). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** What the 502 says when Orthanc does not answer. */
  readonly unavailable: string;
}

/** Orthanc's answer to the request sent on to `target`; undefined once a 502 was answered. */
export async function fetchFromOrthanc(
  req: Request,
  res: Response,
  target: string,
  options: RelayOptions,
): Promise<globalThis.Response | undefined> {
  const headers = new Headers({
    authorization: options.authorization,
    'accept-encoding': 'identity',
    ...options.headers,
  });
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  const hasBody = !['GET', 'HEAD'].includes(req.method);
  const upstream = await fetch(target, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    duplex: hasBody ? 'half' : undefined,
    signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
    redirect: 'manual',
  } as RequestInit).catch((error: Error) => {
    options.logger.warn({ err: error, path: req.path }, 'relay to Orthanc failed');
    return undefined;
  });
  if (!upstream) res.status(502).json({ error: options.unavailable });
  return upstream;
}

/** Streams Orthanc's answer back as it comes. */
export function pipeBack(upstream: globalThis.Response, req: Request, res: Response, logger: Logger): void {
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
    logger.warn({ err: error, path: req.path }, 'relay from Orthanc interrupted');
    res.destroy(error);
  });
  body.pipe(res);
}
