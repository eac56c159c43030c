/**
 * Relaying a browser's request to Orthanc and its answer back, for the DICOMweb relay and Orthanc
 * Explorer: the bridge's credentials replace the browser's (no cookie passes), and bodies stream
 * both ways.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../http/errors';

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
  /** Added to the request (e.g. RFC 7239 Forwarded); they replace the browser's of the same name. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body to send, when the bridge read (and checked) it; else the browser's streams on. */
  readonly body?: Uint8Array;
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
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    // A body the bridge read goes with its own length.
    if (typeof value === 'string' && !(options.body && name === 'content-length')) headers.set(name, value);
  }
  headers.set('authorization', options.authorization);
  headers.set('accept-encoding', 'identity');
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  const streams = !options.body && !['GET', 'HEAD'].includes(req.method);
  const upstream = await fetch(target, {
    method: req.method,
    headers,
    body: options.body ?? (streams ? (Readable.toWeb(req) as ReadableStream) : undefined),
    duplex: streams ? 'half' : undefined,
    signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
    redirect: 'manual',
  } as RequestInit).catch((error: Error) => {
    options.logger.warn({ err: error, path: req.path }, 'relay to Orthanc failed');
    return undefined;
  });
  if (!upstream) res.status(502).json({ error: options.unavailable });
  return upstream;
}

/** Streams Orthanc's answer back as it comes; patient data is never kept in a cache. */
export function pipeBack(upstream: globalThis.Response, req: Request, res: Response, logger: Logger): void {
  res.status(upstream.status);
  res.setHeader('cache-control', 'no-store');
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

/** The whole body of a request the bridge checks before relaying it, or 413 beyond `limit` bytes. */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed on the way out: the 413 must still reach the client; the rest is drained.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, `the request body is over the limit of ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
