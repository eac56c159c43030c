/**
 * Who is reading: TEMPORARY. Until accounts and sessions exist (issue 5), a request names its reader
 * with the header `X-Sentinelle-Reader: <login>`, which must be the login of a row of the `reader`
 * table. Nothing proves the header: anyone who can reach the bridge can send any login. Issue 5
 * replaces readerIdentity with the session's user; routes only read `res.locals.reader`.
 */
import type { RequestHandler, Response } from 'express';
import type { BridgeContext } from '../../context';
import { findReaderByLogin, type Reader } from '../../db/readers';
import { unauthorized } from '../errors';

export const READER_HEADER = 'X-Sentinelle-Reader';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by readerIdentity: the reader the request acts for. */
      reader?: Reader;
    }
  }
}

const LOGIN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Sets `res.locals.reader` from the X-Sentinelle-Reader header. Without the header: 401, or, with
 * `optional`, the request goes on with no reader. A header naming no known reader is always a 401.
 */
export function readerIdentity(ctx: BridgeContext, options: { optional?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const login = req.get(READER_HEADER)?.trim();
    if (!login) {
      if (options.optional) return next();
      return next(
        unauthorized(
          `this request needs its reader: send the header ${READER_HEADER} with your login (until sign-in exists)`,
        ),
      );
    }
    const unknown = () => unauthorized(`${READER_HEADER} names no known reader`);
    if (!LOGIN.test(login)) return next(unknown());
    findReaderByLogin(ctx.pool, login).then((reader) => {
      if (!reader) return next(unknown());
      res.locals.reader = reader;
      next();
    }, next);
  };
}

/** The reader readerIdentity set; throws when the route forgot readerIdentity (a programming error). */
export function currentReader(res: Response): Reader {
  const reader = res.locals.reader;
  if (!reader) throw new Error(`${res.req.method} ${res.req.path} reads the reader without readerIdentity`);
  return reader;
}
