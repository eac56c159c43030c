/**
 * Records one audit entry per request: who (from the identity the auth layer left in res.locals),
 * what (the route's describer), from where (req.ip, user agent) and the outcome (from the status
 * code).
 *
 * The entry is written when the response is ready, before its first byte leaves: the status is
 * known, and a request that cannot be recorded gets no answer but an error. A read whose entry
 * cannot be written sends no patient data (503, or the connection cut when a streamed answer had
 * already sent its headers); a write whose entry cannot be written has happened, but its client is
 * told 503 and the failure is logged at error level with who did what to which resource, so that
 * nothing passes silently. A client gone before any answer is recorded when the connection closes
 * (one gone in the middle of a streamed answer is not marked: its entry was written at the start).
 *
 *   const audit = createAuditRecorder({ store: ctx, logger, actorOf: (res) => res.locals.user });
 *   router.get('/studies/:uid', authenticate, audit((req) => ({ resourceType: 'study',
 *     resourceId: String(req.params.uid) })), asyncWrap(handler));
 *   ...on shutdown, before the pool closes: await audit.drain();
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError, serviceUnavailable, errorJson } from '../http/errors';
import type { JsonValue } from './auditChain';
import { auditableEvent } from './auditableEvent';
import {
  ANONYMOUS_ACTOR,
  appendAuditEvent,
  type AuditAction,
  type AuditEventInput,
  type AuditOutcome,
  type AuditResourceType,
  type AuditStore,
} from './auditLog';

/** Who made the request, as the auth layer knows it. */
export interface AuditActor {
  readonly login: string;
  readonly role?: string | null;
}

/**
 * What a route's request was about. The describer runs when the response is ready, so it may read
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

/** Undefined: nothing to record for this request (a fallback recorder when a route recorded it). */
export type AuditDescriber = (
  req: Request,
  res: Response,
) => AuditDescription | undefined | Promise<AuditDescription | undefined>;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** How many recorders this request went through (a fallback records only when alone). */
      auditRecorders?: number;
    }
  }
}

export interface AuditRecorderOptions {
  /** Where entries go, with the keys that chain and seal them. */
  readonly store: AuditStore;
  readonly logger: Logger;
  /** The identity the auth layer put in res.locals; undefined: the request is anonymous. */
  readonly actorOf: (res: Response) => AuditActor | undefined;
  /** How entries are written (default appendAuditEvent on the store). */
  readonly append?: (store: AuditStore, event: AuditEventInput) => Promise<unknown>;
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

/** Why a request could not be recorded: the answer its client gets instead. */
type RecordFailure = HttpError;

export function createAuditRecorder(options: AuditRecorderOptions): AuditRecorder {
  const append = options.append ?? appendAuditEvent;
  const pending = new Set<Promise<unknown>>();

  /** Writes the request's entry; resolves to the error to answer instead when it cannot. */
  const record = async (
    describe: AuditDescriber,
    req: Request,
    res: Response,
    seen: RouteView,
  ): Promise<RecordFailure | undefined> => {
    const { path } = seen;
    let event: AuditEventInput;
    try {
      // By the end of the response, express has moved req.params on (an error handler has none):
      // the describer sees them as the route did.
      const description = await describe(
        Object.create(req, { params: { value: seen.params } }) as Request,
        res,
      );
      if (!description) return undefined;
      const actor = options.actorOf(res);
      const answered = res.headersSent || res.writableEnded || heldAnswer.has(res);
      // A client gone before any answer: no status was sent.
      const status = answered ? (description.status ?? res.statusCode) : null;
      event = auditableEvent({
        actor: actor?.login ?? ANONYMOUS_ACTOR,
        actorRole: actor?.role ?? null,
        action: description.action ?? METHOD_ACTIONS[req.method] ?? 'read',
        resourceType: description.resourceType,
        resourceId: description.resourceId ?? null,
        patientId: description.patientId ?? null,
        sourceIp: clientAddress(req),
        userAgent: req.get('user-agent') ?? null,
        outcome: status === null ? 'failure' : outcomeOf(status),
        httpStatus: status,
        detail: {
          // Why the error handler refused it (a describer may say more).
          ...(res.locals.refusal !== undefined && { refused: res.locals.refusal }),
          ...description.detail,
          method: req.method,
          path,
          ...(answered ? {} : { aborted: true }),
        },
      });
    } catch (error) {
      options.logger.error(
        { err: error, method: req.method, path },
        '[audit] could not describe the request',
      );
      return new HttpError(500, 'internal error');
    }
    try {
      await append(options.store, event);
      return undefined;
    } catch (error) {
      // What was attempted, for whoever restores the trail; not the detail, which may name a patient.
      const { actor, action, resourceType, resourceId, httpStatus } = event;
      options.logger.error(
        { err: error, method: req.method, path, actor, action, resourceType, resourceId, httpStatus },
        '[audit] the audit entry could not be recorded: the answer was withheld',
      );
      return serviceUnavailable('the audit trail cannot record this request; try again shortly');
    }
  };

  const recorder = (describe: AuditDescriber): RequestHandler => {
    return (req, res, next) => {
      const seen: RouteView = {
        // The path as requested (routers rewrite req.url on the way), without the query string.
        path: req.originalUrl.split('?')[0]!,
        params: req.params,
      };
      res.locals.auditRecorders = (res.locals.auditRecorders ?? 0) + 1;
      let recording: Promise<RecordFailure | undefined> | undefined;
      const recordOnce = () => {
        if (!recording) {
          recording = record(describe, req, res, seen);
          const tracked = recording.finally(() => pending.delete(tracked));
          pending.add(tracked);
        }
        return recording;
      };
      holdAnswer(res, recordOnce);
      // A client gone before any answer: recorded when the connection closes.
      res.once('close', () => void recordOnce());
      next();
    };
  };
  recorder.drain = async () => {
    while (pending.size) await Promise.all(pending);
  };
  return recorder;
}

/** Responses whose answer is ready and held until recorded. */
const heldAnswer = new WeakSet<Response>();

// Headers describing the withheld body: they must not describe the error sent instead.
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'content-encoding',
  'content-range',
  'etag',
  'last-modified',
  'transfer-encoding',
];

/**
 * Holds the response's first write or end until `gate` resolves: then lets the held calls through,
 * or, when the gate returns an error, answers that error instead (or cuts the connection when the
 * headers already left). A held write returns false, so a stream piped into the response waits for
 * 'drain', emitted once the held calls are through.
 */
function holdAnswer(res: Response, gate: () => Promise<RecordFailure | undefined>): void {
  const write = res.write;
  const end = res.end;
  const held: { readonly end: boolean; readonly args: unknown[] }[] = [];
  const release = (failure: RecordFailure | undefined) => {
    res.write = write;
    res.end = end;
    if (failure) {
      if (res.headersSent) return void res.destroy();
      for (const name of BODY_HEADERS) res.removeHeader(name);
      res.statusCode = failure.status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      return void (end as (chunk: string) => Response).call(res, JSON.stringify(errorJson(failure)));
    }
    for (const call of held) {
      if (call.end) (end as (...args: unknown[]) => Response).apply(res, call.args);
      else (write as (...args: unknown[]) => boolean).apply(res, call.args);
    }
    if (held.some((call) => !call.end) && !res.writableEnded && !res.writableNeedDrain) res.emit('drain');
  };
  const hold = (isEnd: boolean) =>
    function (this: Response, ...args: unknown[]) {
      held.push({ end: isEnd, args });
      if (held.length === 1) {
        heldAnswer.add(res);
        gate().then(release, () => release(new HttpError(500, 'internal error')));
      }
      return isEnd ? res : false;
    };
  res.write = hold(false) as Response['write'];
  res.end = hold(true) as Response['end'];
}
