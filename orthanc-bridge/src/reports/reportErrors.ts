import { DicomRenderError, ReportInconsistentError } from '@sentinelle/reporting';
import type { Request, RequestHandler, Response } from 'express';
import { ReportError } from './reportSubject';
import { asyncWrap } from '../http/asyncWrap';
import { HttpError, unprocessable } from '../http/errors';

/**
 * ReportError (and a renderer's refusal) as the HTTP answer they call for. A draft that cannot be
 * signed is a 422 whose body lists its problems, each with its code and its French and English
 * messages (reportProblems): `{ error: { status: 422, message, problems: [...] } }`.
 */
export function reportErrors(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return asyncWrap(async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof ReportInconsistentError) {
        res.locals.refusal = error.message;
        res.status(422).json({ error: { status: 422, message: error.message, problems: error.problems } });
        return;
      }
      if (error instanceof ReportError) throw new HttpError(error.status, error.message);
      if (error instanceof DicomRenderError) throw unprocessable(error.message);
      throw error;
    }
  });
}
