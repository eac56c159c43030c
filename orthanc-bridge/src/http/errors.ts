import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { OrthancRequestError } from '@sentinelle/config';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by the error handler: why the request was refused (a 4xx), for its audit entry. */
      refusal?: string;
    }
  }
}

/**
 * An error meant for the client: its status, a message a person can act on (English, for API
 * clients and logs), and for the errors a user interface shows, a stable `code` the interface
 * turns into the user's language ("wrong-password" → « Mot de passe incorrect. »).
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    /** What the code's wording needs, e.g. `{ permission: 'audit:read' }`. */
    readonly params?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code?: string) => new HttpError(400, message, code);
export const unauthorized = (message: string, code?: string) => new HttpError(401, message, code);
export const forbidden = (message: string, code?: string, params?: Record<string, string>) =>
  new HttpError(403, message, code, params);
export const notFound = (message: string, code?: string) => new HttpError(404, message, code);
export const conflict = (message: string, code?: string) => new HttpError(409, message, code);
export const unprocessable = (message: string, code?: string) => new HttpError(422, message, code);
export const serviceUnavailable = (message: string, code?: string) => new HttpError(503, message, code);

/** The body of an error answer: `{ error: { status, message, code?, params? } }`. */
export function errorJson(error: HttpError): {
  error: { status: number; message: string; code?: string; params?: Readonly<Record<string, string>> };
} {
  return {
    error: {
      status: error.status,
      message: error.message,
      ...(error.code !== undefined && { code: error.code }),
      ...(error.params !== undefined && { params: error.params }),
    },
  };
}

/**
 * The one place errors become responses: `{ error: { status, message, code?, params? } }`. An
 * HttpError keeps its status, message, code and params; a body that is not JSON is a 400;
 * anything else is logged and answered 500 with no detail.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    let status = 500;
    let message = 'internal error';
    let code: string | undefined;
    let params: Readonly<Record<string, string>> | undefined;
    if (error instanceof HttpError) {
      ({ status, message, code, params } = error);
    } else if (isBodyParserError(error)) {
      status = error.status;
      message =
        error.type === 'entity.parse.failed'
          ? 'the request body is not valid JSON'
          : error.type === 'entity.too.large'
            ? 'the request body is too large'
            : error.message;
    } else if (unavailable(error)) {
      status = 503;
      message = `${unavailable(error)} is unavailable; try again shortly`;
      logger.warn(
        { err: error, method: req.method, path: req.path },
        'request failed: a service is unavailable',
      );
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    }
    if (status >= 400 && status < 500) res.locals.refusal = message;
    res.status(status).json({
      error: {
        status,
        message,
        ...(code !== undefined && { code }),
        ...(params !== undefined && { params }),
      },
    });
  };
}

function isBodyParserError(error: unknown): error is { status: number; type: string; message: string } {
  const e = error as { status?: unknown; type?: unknown } | null;
  return typeof e?.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

/** Which service a transient connection failure came from, or undefined. */
function unavailable(error: unknown): string | undefined {
  if (error instanceof OrthancRequestError) return error.transient ? 'Orthanc' : undefined;
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/Connection is closed|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest/i.test(message))
    return 'Redis';
  if (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) return 'a service (database or queue)';
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(message)) return 'the database';
  return undefined;
}
