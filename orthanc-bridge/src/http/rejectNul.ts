/**
 * No string of a request (body, query or path parameters, keys included) may hold a NUL: PostgreSQL
 * text cannot store one (the query would fail as a 500), and no field of ours has a use for it.
 * Refused as a 400 before any handler, inside the route's audit recorder so that the attempt is
 * recorded.
 */
import type { RequestHandler } from 'express';
import { badRequest } from './errors';

export const NUL_REASON = 'string fields must not contain NUL';

function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  // Bodies are bounded in size and depth by the JSON parser; this bound only guards the recursion.
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item, depth + 1));
}

export function rejectNul(): RequestHandler {
  return (req, _res, next) => {
    for (const [part, value] of [
      ['path parameter', req.params],
      ['query parameter', req.query],
      ['body field', req.body],
    ] as const) {
      if (holdsNul(value)) return next(badRequest(`${NUL_REASON} (a ${part} holds one)`));
    }
    next();
  };
}
