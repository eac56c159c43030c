import type { RequestHandler } from 'express';

/**
 * Nothing the bridge answers is kept by a browser or a proxy unless a route says so: API answers,
 * DICOMweb, Orthanc Explorer and the pages carry patient data or a session's view of it, and a
 * shared workstation's cache must not hold them after sign-out. Set first, for every response.
 */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  };
}

/** In front of the viewer's own files (code and styles, no patient data): they set their own caching. */
export function ownCaching(): RequestHandler {
  return (_req, res, next) => {
    res.removeHeader('cache-control');
    next();
  };
}
