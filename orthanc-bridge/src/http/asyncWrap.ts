import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Passes a rejected handler's error to the error handler (explicit, whatever the express version). */
export function asyncWrap(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}
