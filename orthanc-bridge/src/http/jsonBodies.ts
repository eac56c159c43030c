import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';

/**
 * The app-wide limit of a JSON body. The largest body a route takes is a report template with its
 * logo (a PNG of up to 1 MB, about 1.4 MB in base64: @sentinelle/reporting's template schema);
 * 2 MB holds it with its text, and bounds a reader's revision to a few dozen findings with full
 * outlines (zod alone would let 200 findings of 2000 points each through).
 */
export const JSON_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** JSON bodies up to the limit; a larger one is a 413 that says the limit. */
export function jsonBodies(): RequestHandler {
  const parse = express.json({ limit: JSON_BODY_LIMIT_BYTES });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if ((error as { type?: unknown } | undefined)?.type === 'entity.too.large')
        return next(
          new HttpError(413, `the request body is over the limit of 2 MB (${JSON_BODY_LIMIT_BYTES} bytes)`),
        );
      next(error);
    });
}
