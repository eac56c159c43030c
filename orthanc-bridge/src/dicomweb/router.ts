import { basicAuth, type OrthancConnection } from '@sentinelle/config';
import { Router, type Request, type Response } from 'express';
import type { AuditRecorder } from '../audit/auditMiddleware';
import { studyPatientId } from '../audit/studyPatient';
import type { BridgeContext } from '../context';
import { fetchFromOrthanc, pipeBack, readBody } from '../orthanc/relay';
import { asyncWrap } from '../http/asyncWrap';
import { forbidden, HttpError, unauthorized } from '../http/errors';
import { describeDicomWeb } from './describeDicomWeb';
import { parseDicomWebPath, rawQueryOf, type DicomWebRoute } from './dicomWebPath';
import { dicomWebQuery } from './dicomWebQuery';
import { forwardedFor } from './forwarded';
import { visibleMatches } from './qidoAnswer';
import { MAX_STOW_BYTES, stowBoundary, stowParts } from './stowBody';
import { checkStowScope } from './stowScope';
import { checkUidScope } from './uidScope';

const PROXY_TIMEOUT_MS = 120_000;

/**
 * The viewer's DICOMweb (QIDO-RS, WADO-RS, STOW-RS) at /dicom-web, relayed to Orthanc's DICOMweb
 * plugin with the bridge's credentials: the browser never holds Orthanc's password, and the bridge
 * is the one place where access to images is checked and recorded.
 *
 * Each request is read from its raw target against the DICOMweb grammar (dicomWebPath.ts), every
 * UID in it is checked (the study in the user's patient scope, the series and instance in that
 * study), and Orthanc is sent a URL the bridge built from the checked parts with a query it wrote
 * again. Searches leave other patients' studies out; storing (STOW-RS) needs patient:write and is
 * checked file by file before Orthanc stores anything. Every request is in the audit trail.
 */
export function dicomWebRelay(ctx: BridgeContext, orthanc: OrthancConnection, audit: AuditRecorder): Router {
  const router = Router();
  const authorization = basicAuth(orthanc.username, orthanc.password);

  const upstreamOf = (
    req: Request,
    res: Response,
    route: DicomWebRoute,
    query: string,
    extra: { body?: Uint8Array; accept?: string } = {},
  ) => {
    const path = route.segments.map((s) => encodeURIComponent(s)).join('/');
    return fetchFromOrthanc(req, res, `${orthanc.url}/dicom-web/${path}${query ? `?${query}` : ''}`, {
      authorization,
      logger: ctx.logger,
      // Orthanc writes the URLs it returns (BulkDataURI, RetrieveURL) from it.
      headers: { forwarded: forwardedFor(req), ...(extra.accept && { accept: extra.accept }) },
      ...(extra.body && { body: extra.body }),
      timeoutMs: PROXY_TIMEOUT_MS,
      unavailable: 'the image archive (Orthanc) did not answer',
    });
  };

  router.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  }, audit(describeDicomWeb));
  router.all(
    /.*/,
    asyncWrap(async (req, res) => {
      // The raw target, as the client sent it: nothing decoded or normalised yet.
      const parsed = parseDicomWebPath(req.originalUrl, req.method);
      if (!parsed.ok) {
        res.locals.dicomWeb = { refused: parsed.reason };
        if (parsed.status === 405) res.set('allow', 'GET, HEAD, POST');
        throw new HttpError(parsed.status, parsed.reason);
      }
      const { route } = parsed;
      const query = dicomWebQuery(route, rawQueryOf(req.originalUrl));
      if (!query.ok) {
        res.locals.dicomWeb = { route, refused: query.reason };
        throw new HttpError(400, query.reason);
      }
      res.locals.dicomWeb = { route, query: query.query };
      // Who may ask is checked once the path is known, so that a refusal names the study's patient.
      const needed = route.kind === 'store' ? 'patient:write' : 'study:read';
      const user = res.locals.user;
      if (!user?.permissions.has(needed)) {
        const patientId = route.studyUid ? await studyPatientId(ctx.pool, ctx.cipher, route.studyUid) : null;
        if (patientId !== null) res.locals.dicomWeb = { ...res.locals.dicomWeb, patientId };
        throw user
          ? forbidden(`this needs the permission ${needed}`, 'permission-needed', { permission: needed })
          : unauthorized('sign in first');
      }
      const { scope } = user;

      if (route.kind === 'store') {
        const boundary = stowBoundary(req.get('content-type'));
        const body = await readBody(req, MAX_STOW_BYTES);
        const checked = await checkStowScope(ctx, scope, route.studyUid, stowParts(body, boundary));
        res.locals.dicomWeb = {
          route,
          ...(checked.patientId !== undefined && { patientId: checked.patientId }),
          ...(checked.studyUids && { studyUids: checked.studyUids }),
        };
        if (!checked.ok) throw checked.error;
        const upstream = await upstreamOf(req, res, route, '', { body });
        if (upstream) pipeBack(upstream, req, res, ctx.logger);
        return;
      }

      if (route.studyUid) {
        const checked = await checkUidScope(ctx, scope, { ...route, studyUid: route.studyUid });
        if (checked.patientId !== undefined)
          res.locals.dicomWeb = { ...res.locals.dicomWeb, patientId: checked.patientId };
        if (!checked.ok) throw checked.error;
      }
      if (route.kind === 'retrieve') {
        const upstream = await upstreamOf(req, res, route, query.query);
        if (upstream) pipeBack(upstream, req, res, ctx.logger);
        return;
      }

      // A search: the UIDs that say whose each match is are always asked for, and the answer is JSON.
      const params = new URLSearchParams(query.params);
      params.append('includefield', '0020000D');
      if (route.level !== 'study') params.append('includefield', '0020000E');
      const upstream = await upstreamOf(req, res, route, params.toString(), {
        accept: 'application/dicom+json',
      });
      if (!upstream) return;
      if (!upstream.ok || req.method === 'HEAD') {
        pipeBack(upstream, req, res, ctx.logger);
        return;
      }
      const matches = await visibleMatches(ctx.pool, scope, route, upstream);
      res
        .status(200)
        .type(upstream.headers.get('content-type') ?? 'application/dicom+json')
        .send(JSON.stringify(matches));
    }),
  );
  return router;
}
