/**
 * Records one audit entry per request, once the response is over: who (from the identity the auth
 * layer left in res.locals), what (the route's describer), from where (req.ip, user agent) and the
 * outcome (from the status code). Recording happens after the response, so it never delays nor
 * fails a request: a failure to record is logged.
 *
 *   const audit = createAuditRecorder({ pool, logger, actorOf: (res) => res.locals.user });
 *   router.get('/studies/:uid', authenticate, audit((req) => ({ resourceType: 'study',
 *     resourceId: String(req.params.uid) })), asyncWrap(handler));
 *   ...on shutdown, before the pool closes: await audit.drain();
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { JsonValue } from './auditChain';
import {
  ANONYMOUS_ACTOR,
  appendAuditEvent,
  type AuditAction,
  type AuditEventInput,
  type AuditOutcome,
  type AuditResourceType,
} from './auditLog';

/** Who made the request, as the auth layer knows it. */
export interface AuditActor {
  readonly login: string;
  readonly role?: string | null;
}

/**
 * What a route's request was about. The describer runs when the response is over, so it may read
 * what the handler left in res.locals (the study's patient, say); req.params are the route's.
 */
export interface AuditDescription {
  readonly resourceType: AuditResourceType;
  readonly resourceId?: string | null;
  readonly patientId?: string | null;
  /** Default: from the method (GET/HEAD/OPTIONS read, POST create, PUT/PATCH update, DELETE delete). */
  readonly action?: AuditAction;
  /** Added to the entry's detail (method and path are always there). */
  readonly detail?: { readonly [key: string]: JsonValue };
  /**
   * The status that says how the request ended, when the response's own does not: a refusal
   * answered with a redirect to a page that shows it. Default: the response's status.
   */
  readonly status?: number;
}

export type AuditDescriber = (req: Request, res: Response) => AuditDescription;

export interface AuditRecorderOptions {
  readonly pool: Pool;
  readonly logger: Logger;
  /** The identity the auth layer put in res.locals; undefined: the request is anonymous. */
  readonly actorOf: (res: Response) => AuditActor | undefined;
  /** Where entries go (default appendAuditEvent on the pool). */
  readonly append?: (pool: Pool, event: AuditEventInput) => Promise<unknown>;
}

export interface AuditRecorder {
  /** The middleware recording requests of one route, described by `describe`. */
  (describe: AuditDescriber): RequestHandler;
  /** Resolves once every entry being recorded is written (or has failed and been logged). */
  drain(): Promise<void>;
}

/** The request as the route saw it when the middleware ran. */
interface RouteView {
  readonly path: string;
  readonly params: Request['params'];
}

const METHOD_ACTIONS: Readonly<Record<string, AuditAction>> = {
  GET: 'read',
  HEAD: 'read',
  OPTIONS: 'read',
  POST: 'create',
  PUT: 'update',
  PATCH: 'update',
  DELETE: 'delete',
};

/** 2xx and 3xx: success; 401 and 403: denied; anything else: failure. */
export function outcomeOf(status: number): AuditOutcome {
  if (status >= 200 && status < 400) return 'success';
  if (status === 401 || status === 403) return 'denied';
  return 'failure';
}

/** An IPv4 client seen through an IPv6 socket (::ffff:127.0.0.1) as plain IPv4. */
function clientAddress(req: Request): string | null {
  const ip = req.ip;
  if (!ip) return null;
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip;
}

export function createAuditRecorder(options: AuditRecorderOptions): AuditRecorder {
  const append = options.append ?? appendAuditEvent;
  const pending = new Set<Promise<void>>();

  const record = (describe: AuditDescriber, req: Request, res: Response, seen: RouteView) => {
    const { path } = seen;
    let event: AuditEventInput;
    try {
      // By the end of the response, express has moved req.params on (an error handler has none):
      // the describer sees them as the route did.
      const description = describe(Object.create(req, { params: { value: seen.params } }) as Request, res);
      const actor = options.actorOf(res);
      const aborted = !res.writableFinished;
      // A client gone before any answer: no status was sent.
      const status = aborted && !res.headersSent ? null : (description.status ?? res.statusCode);
      event = {
        actor: actor?.login ?? ANONYMOUS_ACTOR,
        actorRole: actor?.role ?? null,
        action: description.action ?? METHOD_ACTIONS[req.method] ?? 'read',
        resourceType: description.resourceType,
        resourceId: description.resourceId ?? null,
        patientId: description.patientId ?? null,
        sourceIp: clientAddress(req),
        userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
        outcome: status === null ? 'failure' : outcomeOf(status),
        httpStatus: status,
        detail: { ...description.detail, method: req.method, path, ...(aborted ? { aborted: true } : {}) },
      };
    } catch (error) {
      options.logger.error(
        { err: error, method: req.method, path },
        '[audit] could not describe the request',
      );
      return;
    }
    const written = append(options.pool, event).then(
      () => undefined,
      (error: unknown) =>
        options.logger.error(
          { err: error, method: req.method, path, actor: event.actor },
          '[audit] the audit entry could not be recorded',
        ),
    );
    pending.add(written);
    void written.finally(() => pending.delete(written));
  };

  const recorder = (describe: AuditDescriber): RequestHandler => {
    return (req, res, next) => {
      const seen: RouteView = {
        // The path as requested (routers rewrite req.url on the way), without the query string.
        path: req.originalUrl.split('?')[0]!,
        params: req.params,
      };
      // 'close' comes after 'finish', and also when the client went away mid-response.
      res.once('close', () => record(describe, req, res, seen));
      next();
    };
  };
  recorder.drain = async () => {
    while (pending.size) await Promise.all(pending);
  };
  return recorder;
}
