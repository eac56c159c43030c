/**
 * What Orthanc Explorer's AI panel (plugin/sentinelle_explorer.js) may reach of the API at
 * /orthanc/sentinelle: the study's analysis, "Analyse now", and the session (for its CSRF token).
 * Nothing else of the API answers under /orthanc, so no page served there reaches accounts,
 * reports or patients.
 */
import type { RequestHandler } from 'express';
import { notFound } from '../http/errors';
import { rawPathOf } from '../dicomweb/dicomWebPath';

const PREFIX = '/orthanc/sentinelle';
const UID = '[0-9]{1,64}(\\.[0-9]{1,64}){0,63}';
const PANEL_ROUTES: readonly { readonly methods: readonly string[]; readonly path: RegExp }[] = [
  { methods: ['GET', 'HEAD'], path: new RegExp(`^/studies/${UID}/analysis$`) },
  { methods: ['POST'], path: new RegExp(`^/studies/${UID}/analyse$`) },
  { methods: ['GET', 'HEAD'], path: /^\/auth\/session$/ },
];
/** jQuery's cache buster (`cache: false`) is the only query the panel sends. */
const PANEL_QUERY = /^(_=[0-9]{1,20})?$/;

/** Lets through, on the raw request target, only the panel's own routes; the rest is a 404. */
export function explorerPanelRoutes(): RequestHandler {
  return (req, _res, next) => {
    const raw = rawPathOf(req.originalUrl);
    const path = raw.startsWith(`${PREFIX}/`) ? raw.slice(PREFIX.length) : undefined;
    const query = req.originalUrl.slice(raw.length).replace(/^\?/, '');
    const allowed =
      path !== undefined &&
      PANEL_QUERY.test(query) &&
      PANEL_ROUTES.some((r) => r.methods.includes(req.method) && r.path.test(path));
    next(allowed ? undefined : notFound('Orthanc Explorer’s AI panel has no such route'));
  };
}
