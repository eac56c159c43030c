import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { badRequest } from './errors';

export interface RequestSchemas {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
}

type Parsed<S extends RequestSchemas> = {
  readonly [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

const WHERE = { params: 'path parameter', query: 'query parameter', body: 'body field' } as const;

function describe(part: keyof RequestSchemas, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') return `unknown ${WHERE[part]}(s): ${issue.keys.join(', ')}`;
      if (part === 'body' && !name) return `body: ${issue.message}`;
      return `${WHERE[part]} "${name}": ${issue.message}`;
    })
    .join('; ');
}

/**
 * Middleware checking a request's path parameters, query and body against zod schemas. The parsed
 * values are read in the handler with {@link input}; a request that does not match is a 400 that
 * says which parameter is wrong and why.
 */
export function validator<S extends RequestSchemas>(schemas: S): RequestHandler {
  return (req, res, next) => {
    const parsed: Record<string, unknown> = {};
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const value = part === 'body' ? (req.body ?? {}) : req[part];
      const result = schema.safeParse(value);
      if (!result.success) return next(badRequest(describe(part, result.error)));
      parsed[part] = result.data;
    }
    res.locals.input = parsed;
    next();
  };
}

/** The values `validator(schemas)` parsed for this request. */
export function input<S extends RequestSchemas>(res: Response, _schemas: S): Parsed<S> {
  return res.locals.input as Parsed<S>;
}

/** A DICOM UID: digits in dot-separated components, at most 64 characters. */
export const dicomUid = z
  .string()
  .max(64, { error: 'must be a DICOM UID (at most 64 characters)' })
  .regex(/^\d+(\.\d+)+$/, { error: 'must be a DICOM UID such as 1.2.840.113619.2.55.3' });
