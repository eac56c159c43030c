/**
 * Every API route is declared with who may call it, and only through this router, so that no
 * route is born unguarded and the authorisation matrix test can list them all:
 *
 *   routes.get('/studies/:studyUid/findings', { access: 'study:read' }, validator(s), asyncWrap(h));
 *
 * A route on a study (`:studyUid` in its path) also checks the study is within the user's patient
 * scope (403 when not) and is recorded in the audit trail with the study's patient; other routes
 * are audited when they say how (`audit`).
 */
import { Router, type RequestHandler } from 'express';
import type { AuditDescriber, AuditRecorder } from '../audit/auditMiddleware';
import type { BridgeContext } from '../context';
import { forbidden, unauthorized } from '../http/errors';
import { rejectNul } from '../http/rejectNul';
import { studyPatientId } from '../audit/studyPatient';
import { currentUser } from './authenticate';
import { studyAccess } from './patientScope';
import type { Permission } from './permissions';

/**
 * 'public': anyone; 'sign-in-step': a session at any stage of signing in (second factor,
 * enrolment) or signed in; 'signed-in': any signed-in account; else the permission needed.
 */
export type RouteAccess = 'public' | 'sign-in-step' | 'signed-in' | Permission;

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** One declared route: the matrix test's row. */
export interface RouteEntry {
  readonly method: RouteMethod;
  /** Full path as declared, e.g. /api/studies/:studyUid/findings */
  readonly path: string;
  readonly access: RouteAccess;
}

export interface RouteOptions {
  readonly access: RouteAccess;
  /** How to record the request in the audit trail (routes on a study have a default). */
  readonly audit?: AuditDescriber;
  /**
   * A study route that shows no patient data (an analysis' status) also answers for a study the
   * bridge keeps no patient for (not a mammography); every other study route refuses it.
   */
  readonly withoutPatient?: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by a study route's scope check: the study's patient (DICOM Patient ID). */
      studyPatientId?: string;
    }
  }
}

/** 401 without a signed-in session, 403 without the permission. */
export function requireAccess(access: RouteAccess): RequestHandler {
  return (_req, res, next) => {
    if (access === 'public') return next();
    if (access === 'sign-in-step')
      return next(res.locals.session ? undefined : unauthorized('sign in first'));
    const user = res.locals.user;
    if (!user) return next(unauthorized('sign in first'));
    if (access !== 'signed-in' && !user.permissions.has(access))
      return next(
        forbidden(`this needs the permission ${access}`, 'permission-needed', { permission: access }),
      );
    next();
  };
}

/**
 * A study outside the user's patient scope is a 403, and so is one the bridge keeps no patient for
 * (not a mammography: no site owns it, so no clinical work on it), unless the route shows no
 * patient data (`withoutPatient`). One the bridge does not know goes on, so that the validator
 * names a bad parameter first: its tables hold nothing for it (the route answers 404), while its
 * images stay closed (the DICOMweb relay wants `visible`).
 */
export function requireStudyInScope(ctx: BridgeContext, withoutPatient = false): RequestHandler {
  return (req, res, next) => {
    studyAccess(ctx.pool, ctx.cipher, currentUser(res).scope, String(req.params.studyUid ?? '')).then(
      (access) => {
        if (access.status === 'hidden') return next(forbidden('this study is outside your patient scope'));
        if (access.status === 'no-patient' && !withoutPatient)
          return next(forbidden('this study has no patient in Sentinelle (not a mammography): it is closed'));
        if (access.status === 'visible') res.locals.studyPatientId = access.patientId;
        next();
      },
      next,
    );
  };
}

/** A request on a study concerns its patient, even when it was refused before the scope check. */
const studyAudit =
  (ctx: BridgeContext): AuditDescriber =>
  async (req, res) => {
    const studyUid = String(req.params.studyUid);
    return {
      resourceType: 'study',
      resourceId: studyUid,
      patientId: res.locals.studyPatientId ?? (await studyPatientId(ctx.pool, ctx.cipher, studyUid)),
    };
  };

export class GuardedRouter {
  readonly router = Router();

  constructor(
    private readonly ctx: BridgeContext,
    private readonly audit: AuditRecorder,
    private readonly registry: RouteEntry[],
    /** Where the router is mounted, for the registry's full paths. */
    private readonly mountPath: string,
  ) {}

  get(path: string, options: RouteOptions, ...handlers: RequestHandler[]): this {
    return this.add('GET', path, options, handlers);
  }
  post(path: string, options: RouteOptions, ...handlers: RequestHandler[]): this {
    return this.add('POST', path, options, handlers);
  }
  put(path: string, options: RouteOptions, ...handlers: RequestHandler[]): this {
    return this.add('PUT', path, options, handlers);
  }
  patch(path: string, options: RouteOptions, ...handlers: RequestHandler[]): this {
    return this.add('PATCH', path, options, handlers);
  }
  delete(path: string, options: RouteOptions, ...handlers: RequestHandler[]): this {
    return this.add('DELETE', path, options, handlers);
  }

  private add(method: RouteMethod, path: string, options: RouteOptions, handlers: RequestHandler[]): this {
    const onStudy = path.includes(':studyUid');
    if (onStudy && ['public', 'sign-in-step', 'signed-in'].includes(options.access))
      throw new Error(`${method} ${path}: a route on a study needs a permission`);
    const describe = options.audit ?? (onStudy ? studyAudit(this.ctx) : undefined);
    const chain = [
      ...(describe ? [this.audit(describe)] : []),
      // After the recorder: a refused NUL is recorded like any other refusal.
      rejectNul(),
      requireAccess(options.access),
      ...(onStudy ? [requireStudyInScope(this.ctx, options.withoutPatient === true)] : []),
      ...handlers,
    ];
    const route = this.router.route(path);
    if (method === 'GET') route.get(chain);
    else if (method === 'POST') route.post(chain);
    else if (method === 'PUT') route.put(chain);
    else if (method === 'PATCH') route.patch(chain);
    else route.delete(chain);
    this.registry.push({ method, path: `${this.mountPath}${path}`, access: options.access });
    return this;
  }
}
