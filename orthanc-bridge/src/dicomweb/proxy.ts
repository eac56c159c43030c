import { basicAuth, type OrthancConnection } from '@sentinelle/config';
import { Router, type Request, type Response } from 'express';
import type { AuditDescriber, AuditDescription, AuditRecorder } from '../audit/auditMiddleware';
import { currentUser } from '../auth/authenticate';
import { requireAccess } from '../auth/guardedRouter';
import { studyAccess, visibleStudies } from '../auth/patientScope';
import type { BridgeContext } from '../context';
import { fetchFromOrthanc, pipeBack } from '../orthanc/relay';
import { asyncWrap } from '../api/asyncWrap';
import { forbidden, notFound } from '../api/errors';

const PROXY_TIMEOUT_MS = 120_000;
/** A QIDO answer is filtered in memory: more than this is refused rather than buffered. */
const MAX_QIDO_BYTES = 32 * 1024 * 1024;
const STUDY_INSTANCE_UID_TAG = '0020000D';
const UID = /^[0-9]+(\.[0-9]+)*$/;

/** What a DICOMweb path is about: a search (QIDO without a study), or one study and below. */
type Target =
  | { readonly kind: 'search'; readonly level: 'study' | 'series' | 'instance' }
  | {
      readonly kind: 'study';
      readonly studyUid: string;
      readonly level: 'study' | 'series' | 'instance';
      readonly resourceId: string;
    };

function targetOf(path: string): Target | undefined {
  const parts = path.split('/').filter(Boolean);
  const [top, studyUid] = parts;
  if (parts.length === 1 && (top === 'studies' || top === 'series' || top === 'instances'))
    return { kind: 'search', level: top === 'studies' ? 'study' : top === 'series' ? 'series' : 'instance' };
  if (top !== 'studies' || !studyUid || !UID.test(studyUid)) return undefined;
  const seriesUid = parts[2] === 'series' ? parts[3] : undefined;
  const instanceUid = seriesUid && parts[4] === 'instances' ? parts[5] : undefined;
  if ((seriesUid && !UID.test(seriesUid)) || (instanceUid && !UID.test(instanceUid))) return undefined;
  return {
    kind: 'study',
    studyUid,
    level: instanceUid ? 'instance' : seriesUid ? 'series' : 'study',
    resourceId: instanceUid ?? seriesUid ?? studyUid,
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by the DICOMweb relay: what the request was about, for the audit trail. */
      dicomWeb?: { readonly target: Target; readonly patientId?: string };
    }
  }
}

const describeDicomWeb: AuditDescriber = (req, res): AuditDescription => {
  const seen = res.locals.dicomWeb;
  if (!seen) return { resourceType: 'study', action: 'read', detail: { dicomWeb: true } };
  const { target } = seen;
  if (target.kind === 'search')
    return { resourceType: target.level, action: 'search', detail: { query: req.url.split('?')[1] ?? '' } };
  return {
    resourceType: target.level,
    resourceId: target.resourceId,
    patientId: seen.patientId ?? null,
    action: req.method === 'POST' ? 'create' : 'read',
    detail: { studyInstanceUid: target.studyUid },
  };
};

/**
 * The viewer's DICOMweb (QIDO-RS, WADO-RS, STOW-RS) at /dicom-web, relayed to Orthanc's DICOMweb
 * plugin with the bridge's credentials: the browser never holds Orthanc's password, and the bridge
 * is the one place where access to images is checked and recorded. A signed-in user with
 * study:read reads the studies of their patient scope only: searches leave the others out, and
 * anything under another study is a 403; storing (STOW-RS) needs patient:write. Every request is
 * in the audit trail, down to the instance.
 */
export function dicomWebProxy(ctx: BridgeContext, orthanc: OrthancConnection, audit: AuditRecorder): Router {
  const router = Router();
  const authorization = basicAuth(orthanc.username, orthanc.password);
  const read = requireAccess('study:read');
  const store = requireAccess('patient:write');

  const upstreamOf = (req: Request, res: Response) =>
    fetchFromOrthanc(req, res, `${orthanc.url}/dicom-web${req.url}`, {
      authorization,
      logger: ctx.logger,
      // Orthanc writes the URLs it returns (BulkDataURI, RetrieveURL) from it.
      headers: { forwarded: forwardedFor(req) },
      timeoutMs: PROXY_TIMEOUT_MS,
      unavailable: 'the image archive (Orthanc) did not answer',
    });

  router.use(audit(describeDicomWeb));
  router.all(
    /.*/,
    (req, res, next) => (req.method === 'POST' ? store : read)(req, res, next),
    asyncWrap(async (req, res) => {
      if (!['GET', 'HEAD', 'POST'].includes(req.method)) {
        res
          .status(405)
          .set('allow', 'GET, HEAD, POST')
          .json({ error: 'DICOMweb through Sentinelle is read and store only' });
        return;
      }
      const target = targetOf(req.path);
      if (!target) throw notFound('no such DICOMweb resource');
      const { scope } = currentUser(res);
      res.locals.dicomWeb = { target };

      if (target.kind === 'study') {
        const access = await studyAccess(ctx.pool, scope, target.studyUid);
        // STOW-RS into one study adds to it: the study must be the user's too.
        if (access.status !== 'visible') throw forbidden('this study is outside your patient scope');
        res.locals.dicomWeb = { target, patientId: access.patientId };
        const upstream = await upstreamOf(req, res);
        if (upstream) pipeBack(upstream, req, res, ctx.logger);
        return;
      }
      if (req.method === 'POST') {
        // STOW-RS of new studies: the follower places their patients in a site when they arrive.
        if (target.level !== 'study') throw notFound('no such DICOMweb resource');
        const upstream = await upstreamOf(req, res);
        if (upstream) pipeBack(upstream, req, res, ctx.logger);
        return;
      }
      const upstream = await upstreamOf(req, res);
      if (!upstream) return;
      if (!upstream.ok || req.method === 'HEAD') {
        pipeBack(upstream, req, res, ctx.logger);
        return;
      }
      const matches = await readQidoAnswer(upstream);
      const visible = await visibleStudies(
        ctx.pool,
        scope,
        matches.map((m) => studyUidOf(m)).filter((uid): uid is string => uid !== undefined),
      );
      res
        .status(200)
        .type(upstream.headers.get('content-type') ?? 'application/dicom+json')
        .send(JSON.stringify(matches.filter((m) => visible.has(studyUidOf(m) ?? ''))));
    }),
  );
  return router;
}

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

function studyUidOf(dataset: DicomJson): string | undefined {
  const value = dataset[STUDY_INSTANCE_UID_TAG]?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
}

async function readQidoAnswer(upstream: globalThis.Response): Promise<DicomJson[]> {
  const length = Number(upstream.headers.get('content-length') ?? 0);
  if (length > MAX_QIDO_BYTES) throw forbidden('narrow the search: too many results');
  const text = await upstream.text();
  if (text.length > MAX_QIDO_BYTES) throw forbidden('narrow the search: too many results');
  if (!text.trim()) return [];
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? (parsed as DicomJson[]) : [];
}

/**
 * RFC 7239 Forwarded header: Orthanc's DICOMweb plugin writes the URLs it returns (BulkDataURI,
 * RetrieveURL) from it, so they point at the bridge's /dicom-web rather than at Orthanc.
 */
function forwardedFor(req: Request): string {
  const host = req.headers.host ?? '127.0.0.1';
  return `proto=${req.protocol};host="${host}"`;
}
