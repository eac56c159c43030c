/**
 * Training exports (issue 22 §2), for physician-admins (model:manage): select read cases and ask
 * the worker to write them as a de-identified training set; follow the exports; read one's
 * verification report and provenance. Every route sees only exports whose patients all lie in the
 * caller's scope, and each request is in the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { BIRADS_CATEGORIES } from '@sentinelle/reporting';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AuditDescriber } from '../audit/auditMiddleware';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { withTransaction } from '../db/pool';
import { asyncWrap } from '../http/asyncWrap';
import { badRequest, forbidden, HttpError, notFound } from '../http/errors';
import { input, validator } from '../http/validate';
import { selectCases } from './caseSelection';
import { LABELLED_ASSESSMENTS } from './readingLabels';
import { trainingExportJson } from './json';
import { createTrainingExportQueue, enqueueTrainingExport, exportProgress } from './trainingExportQueue';
import {
  abandonTrainingExport,
  findTrainingExport,
  insertTrainingExport,
  listTrainingExports,
} from './trainingExportStore';

/** The project pseudonyms belong to when none is named. */
export const DEFAULT_TRAINING_PROJECT = 'sentinelle-training';

const createSchemas = {
  body: z
    .strictObject({
      /** Study dates, inclusive. */
      from: z.iso.date({ error: 'must be a date such as 2026-01-31' }),
      to: z.iso.date({ error: 'must be a date such as 2026-12-31' }),
      /** BI-RADS categories of the final reading; none: every category that settles a label. */
      assessments: z.array(z.enum(BIRADS_CATEGORIES)).max(BIRADS_CATEGORIES.length).default([]),
      project: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be lower-case letters, digits and dashes' })
        .default(DEFAULT_TRAINING_PROJECT),
      retainDeviceIdentity: z.boolean().default(false),
      /**
       * Attributes the cleaner leaves verbatim (e.g. "0020,4000"). The verification checks them like
       * any other: keeping one the profile removes or empties fails the set, and its report says so.
       */
      keepAttributes: z
        .array(
          z
            .string()
            .regex(/^[0-9A-Fa-f]{4},?[0-9A-Fa-f]{4}$/, { error: 'must be a DICOM tag such as 0020,4000' })
            .transform((tag) => tag.replace(',', '').toUpperCase()),
        )
        .max(50)
        .default([]),
    })
    .refine((b) => b.from <= b.to, { error: '"from" must not be after "to"', path: ['from'] }),
};
const oneSchemas = {
  params: z.strictObject({ id: z.uuid({ error: 'must be a training export id (a UUID)' }) }),
};

/** A 400 of the validator, given the route's code: the interface words it in the user's language. */
function coded(code: string, check: RequestHandler): RequestHandler {
  return (req, res, next) =>
    check(req, res, (error?: unknown) =>
      next(error instanceof HttpError && error.status === 400 ? badRequest(error.message, code) : error),
    );
}

const exportAudit: AuditDescriber = (req, res) => ({
  resourceType: 'training-export',
  // The id asked for, or the one a creation recorded.
  resourceId: typeof req.params.id === 'string' ? req.params.id : (res.locals.trainingExportId ?? null),
});

export function trainingExportsRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  const queue = createTrainingExportQueue(ctx);

  /**
   * Selects the cases and queues the export: 201 with the export (queued). 400 `invalid-training-export`
   * for a malformed request, `empty-training-selection` when no case fits (nothing is stored).
   */
  routes.post(
    '/training-exports',
    { access: 'model:manage', audit: exportAudit },
    coded('invalid-training-export', validator(createSchemas)),
    asyncWrap(async (_req, res) => {
      const { body } = input(res, createSchemas);
      const user = currentUser(res);
      const selection = await selectCases(ctx, user.scope, body);
      if (selection.cases.length === 0) {
        const { leftOut } = selection;
        const waiting = leftOut['awaiting-outcome'];
        throw badRequest(
          `no case fits: no study of your patients dated ${body.from} to ${body.to} has a signed report ` +
            `assessing a breast BI-RADS ${LABELLED_ASSESSMENTS.join(', ')}` +
            (body.assessments.length ? ` among ${body.assessments.join(', ')}` : '') +
            (waiting
              ? ` (${waiting} case(s) assessed 0, 3, 4 or 5 wait for their pathology outcome, not recorded in Sentinelle yet)`
              : ''),
          'empty-training-selection',
        );
      }
      const id = randomUUID();
      await withTransaction(ctx.pool, (db) =>
        insertTrainingExport(db, {
          id,
          criteria: body,
          requestedBy: user.account.id,
          cases: selection.cases,
        }),
      );
      res.locals.trainingExportId = id;
      // Recorded first, queued second, so the worker always finds the export its job names; an export
      // whose job could not be queued is failed with the reason, never left waiting.
      try {
        await enqueueTrainingExport(queue, id);
      } catch (error) {
        await abandonTrainingExport(
          ctx.pool,
          id,
          'the export could not be queued (Redis unavailable); ask again',
        );
        throw error;
      }
      const found = await findTrainingExport(ctx.pool, user.scope, id);
      if (found.status !== 'visible') throw new Error(`training export ${id} vanished after it was recorded`);
      res.status(201).json({ export: trainingExportJson(found.export, null), leftOut: selection.leftOut });
    }),
  );

  /** The exports of the caller's patients, the newest first, with each one's state and progress. */
  routes.get(
    '/training-exports',
    { access: 'model:manage', audit: () => ({ resourceType: 'training-export', action: 'search' }) },
    asyncWrap(async (_req, res) => {
      const exports = await listTrainingExports(ctx.pool, currentUser(res).scope);
      const progress = await Promise.all(exports.map((e) => exportProgress(queue, e)));
      res.json({ exports: exports.map((e, i) => trainingExportJson(e, progress[i] ?? null)) });
    }),
  );

  /** One export with its verification report and provenance. 403 when it takes a patient outside the caller's scope. */
  routes.get(
    '/training-exports/:id',
    { access: 'model:manage', audit: exportAudit },
    coded('invalid-training-export', validator(oneSchemas)),
    asyncWrap(async (_req, res) => {
      const { params } = input(res, oneSchemas);
      const found = await findTrainingExport(ctx.pool, currentUser(res).scope, params.id);
      if (found.status === 'unknown') throw notFound(`no training export ${params.id}`);
      if (found.status !== 'visible')
        throw forbidden('this training export takes patients outside your scope');
      const e = found.export;
      res.json({
        export: trainingExportJson(e, await exportProgress(queue, e)),
        verification: e.verification,
        provenance: e.provenance,
      });
    }),
  );
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set once a training export is recorded, for its audit entry. */
      trainingExportId?: string;
    }
  }
}
