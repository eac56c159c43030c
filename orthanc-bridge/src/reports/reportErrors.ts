import { DicomRenderError } from '@sentinelle/reporting';
import type { Request, RequestHandler, Response } from 'express';
import { ReportError } from './reportSubject';
import { asyncWrap } from '../http/asyncWrap';
import { HttpError, unprocessable } from '../http/errors';

/** ReportError (and a renderer's refusal) as the HTTP answer they call for. */
export function reportErrors(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return asyncWrap(async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof ReportError) throw new HttpError(error.status, error.message);
      if (error instanceof DicomRenderError) throw unprocessable(error.message);
      throw error;
    }
  });
}
